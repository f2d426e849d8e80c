//! The `SQLite` implementation of [`Store`].
//!
//! A complaint is stored as its full JSON (`data`, the source of truth) plus the columns that
//! lists filter and sort on, which are rewritten from the JSON on every write.

use std::cell::RefCell;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, Transaction, TransactionBehavior, params};
use sha2::{Digest, Sha256};

use super::search::{SearchPlan, index_text, plan, searchable};
use super::snapshot::{AttachmentRecord, ComplaintRecord, HistoryDigest, Snapshot, Tally, UserRecord};
use super::{
    Attachment, ChangeWatch, CheckReport, ComplaintRow, ListFilter, NewUnit, Result, Scope, SortKey, Store, StoreError,
    schema,
};
use crate::domain::calendar::{CalendarDay, WorkCalendar};
use crate::domain::checklist::Conclusion;
use crate::domain::deadline::{DeadlineRules, Step};
use crate::domain::lifecycle::{self, Action, ContextData, HistoryEvent, RevisitPolicy, Transition};
use crate::domain::org::{Actor, Role, Station, StationId, Unit, UnitId, UnitKind, User, UserId};
use crate::domain::revisit::{self, RevisitInput};
use crate::domain::stats::{ComplaintFacts, StatsSettings, StoredFacts, overdue_at};
use crate::domain::time::{BizTime, from_epoch, start_of_day, to_epoch};
use crate::domain::validate::FieldError;
use crate::domain::work::{CallRecord, Category, Complaint, ComplaintState, Grade, ItemKind, Satisfaction, Source};

/// A `RoadDesk` database in one `SQLite` file.
pub struct SqliteStore {
    conn: Connection,
    path: PathBuf,
    ctx: RefCell<Option<Arc<ContextData>>>,
    /// Which complaints this connection may see (see [`Store::set_scope`]).
    scope: Scope,
}

fn sql_err(path: &Path) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
    move |e| classify(path, e)
}

#[allow(clippy::needless_pass_by_value, reason = "used as a map_err adapter, which hands over the error")]
fn classify(path: &Path, e: rusqlite::Error) -> StoreError {
    if let rusqlite::Error::SqliteFailure(f, _) = &e {
        match f.code {
            ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => return StoreError::Locked(path.to_owned()),
            ErrorCode::ReadOnly => return StoreError::ReadOnly(path.to_owned()),
            ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt => return StoreError::Corrupt(path.to_owned()),
            ErrorCode::CannotOpen => return StoreError::Io(format!("无法打开数据库文件 {}", path.display())),
            ErrorCode::ConstraintViolation => {
                return StoreError::Duplicate(format!("数据重复或违反约束：{e}"));
            }
            _ => {}
        }
    }
    StoreError::Sql(e.to_string())
}

fn json_err(e: &serde_json::Error) -> StoreError {
    StoreError::Sql(format!("数据格式有误：{e}"))
}

fn opt_time(v: Option<i64>) -> Option<BizTime> {
    v.map(from_epoch)
}

fn roles_to_text(roles: &[Role]) -> String {
    roles.iter().map(|r| r.code()).collect::<Vec<_>>().join(",")
}

fn roles_from_text(s: &str) -> Vec<Role> {
    s.split(',').filter_map(Role::parse).collect()
}

/// The search body of a complaint: its searchable text as bigrams.
fn search_body(c: &Complaint) -> String {
    index_text(&searchable(c))
}

/// Bits of the complaint id kept in a search key.
const KEY_ID_BITS: u32 = 20;
const KEY_ID_MASK: i64 = (1 << KEY_ID_BITS) - 1;

/// The full-text index's rowid for a complaint: its acceptance time (seconds) in the high bits
/// and the low bits of its id. The index hands out matches in rowid order, so a search walks its
/// matches newest-accepted first and stops at the page's end instead of sorting every match
/// (收费站 matches most complaints). The row is found again through the accepted-time index:
/// `accepted_at = key >> 20 AND id & 0xFFFFF = key & 0xFFFFF` — ids in the same second never
/// share their low 20 bits.
fn search_key(accepted_epoch: i64, id: i64) -> i64 {
    (accepted_epoch << KEY_ID_BITS) | (id & KEY_ID_MASK)
}

/// How a search joins the complaints to the full-text index (see [`search_key`]).
const SEARCH_FROM: &str = "complaint_search fts CROSS JOIN complaints c
    ON c.accepted_at = (fts.rowid >> 20) AND (c.id & 1048575) = (fts.rowid & 1048575)";

/// The folder beside the database file `db` that holds its attachments.
fn attachments_dir_of(db: &Path) -> PathBuf {
    let name = db.file_stem().map_or_else(|| "roaddesk".into(), |s| s.to_string_lossy().into_owned());
    db.with_file_name(format!("{name}-attachments"))
}

impl SqliteStore {
    /// Open an existing database (never creates one).
    pub fn open(path: &Path) -> Result<Self> {
        if !path.exists() {
            return Err(StoreError::Missing(path.to_owned()));
        }
        Self::open_inner(path, false)
    }

    /// Open the database at `path`, creating it (and its folder) if missing.
    pub fn create(path: &Path) -> Result<Self> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Io(format!("无法创建目录 {}：{e}", dir.display())))?;
        }
        Self::open_inner(path, true)
    }

    fn open_inner(path: &Path, create: bool) -> Result<Self> {
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if create {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        let err = sql_err(path);
        let mut conn = Connection::open_with_flags(path, flags).map_err(&err)?;
        if conn.is_readonly(rusqlite::MAIN_DB).map_err(&err)? {
            return Err(StoreError::ReadOnly(path.to_owned()));
        }
        conn.busy_timeout(BUSY_TIMEOUT).map_err(&err)?;
        // The first read of the header: a file that is not SQLite fails here.
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(&err)?;
        let app_id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).map_err(&err)?;
        let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0)).map_err(&err)?;
        if (version > 0 && app_id != schema::APPLICATION_ID) || (version == 0 && tables > 0) {
            return Err(StoreError::Corrupt(path.to_owned()));
        }
        // `open` never creates: an empty file (`touch`ed, or a failed copy) is not made into a database.
        if !create && version == 0 {
            return Err(StoreError::Uninitialised(path.to_owned()));
        }
        if version > schema::latest() {
            return Err(StoreError::TooNew { found: version, supported: schema::latest() });
        }
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)).map_err(&err)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::ReadOnly(path.to_owned()));
        }
        conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;").map_err(&err)?;
        schema::migrate(&mut conn).map_err(&err)?;
        let store = Self { conn, path: path.to_owned(), ctx: RefCell::new(None), scope: Scope::All };
        // Seeded on every open until present, so a first run cut short still gets its defaults.
        let seeded: bool = store
            .conn
            .query_row("SELECT EXISTS (SELECT 1 FROM settings WHERE key = 'deadline_rules')", [], |r| r.get(0))
            .map_err(&err)?;
        if !seeded {
            store.seed_defaults()?;
        }
        store.plan_statistics()?;
        Ok(store)
    }

    /// Where the database file is.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The folder beside the database that holds attachments.
    #[must_use]
    pub fn attachments_dir(&self) -> PathBuf {
        attachments_dir_of(&self.path)
    }

    fn err(&self) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        sql_err(&self.path)
    }

    fn seed_defaults(&self) -> Result<()> {
        let mut cal = WorkCalendar::default();
        for (_, json) in WorkCalendar::builtin_files() {
            let (year, days) = WorkCalendar::parse_holiday_cn(json).map_err(|e| StoreError::Sql(e.to_string()))?;
            cal.import_year(year, days);
        }
        let tx = self.conn.unchecked_transaction().map_err(self.err())?;
        write_calendar(&tx, &cal).map_err(self.err())?;
        put_setting(&tx, "deadline_rules", &DeadlineRules::default()).map_err(self.err())?;
        put_setting(&tx, "revisit_policy", &RevisitPolicy::default()).map_err(self.err())?;
        put_setting(&tx, "stats_settings", &StatsSettings::default()).map_err(self.err())?;
        tx.commit().map_err(self.err())
    }

    fn setting<T: serde::de::DeserializeOwned + Default>(&self, key: &str) -> Result<T> {
        let v: Option<String> = self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0))
            .optional()
            .map_err(self.err())?;
        match v {
            Some(s) => serde_json::from_str(&s).map_err(|e| json_err(&e)),
            None => Ok(T::default()),
        }
    }

    fn load_ctx(&self) -> Result<Arc<ContextData>> {
        if let Some(c) = self.ctx.borrow().as_ref() {
            return Ok(Arc::clone(c));
        }
        let data = Arc::new(ContextData {
            rules: self.rules()?,
            calendar: self.calendar()?,
            policy: self.revisit_policy()?,
            units: self.units()?,
            stations: self.stations()?,
        });
        *self.ctx.borrow_mut() = Some(Arc::clone(&data));
        Ok(data)
    }

    fn invalidate(&self) {
        *self.ctx.borrow_mut() = None;
    }

    fn tx(&mut self) -> Result<Transaction<'_>> {
        let path = self.path.clone();
        self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(|e| classify(&path, e))
    }
}

/// Generated complaints with their stored JSON and search text made ready, so that the
/// serialising can happen on other threads than the one writing.
pub struct PreparedBatch {
    items: Vec<(Complaint, Vec<HistoryEvent>)>,
    prepared: Vec<Prepared>,
}

impl PreparedBatch {
    /// Serialise `items` (on the calling thread).
    pub fn new(items: Vec<(Complaint, Vec<HistoryEvent>)>) -> Result<Self> {
        let prepared = items.iter().map(|(c, _)| Prepared::of(c)).collect::<Result<Vec<_>>>()?;
        Ok(Self { items, prepared })
    }

    /// How many complaints the batch holds.
    #[must_use]
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether the batch is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// Writes generated complaints inside one transaction (see [`SqliteStore::bulk`]).
pub struct BulkWriter<'a> {
    tx: Transaction<'a>,
}

impl BulkWriter<'_> {
    /// Write complaints with their histories as they are.
    pub fn write(&mut self, batch: &PreparedBatch) -> Result<()> {
        let sqlerr = |e: rusqlite::Error| StoreError::Sql(e.to_string());
        let mut search = Vec::with_capacity(batch.len());
        for ((c, events), p) in batch.items.iter().zip(&batch.prepared) {
            let by = events.last().map_or("demo", |e| e.actor_name.as_str());
            let at = events.last().map_or(c.accepted_at, |e| e.at);
            let id = write_prepared(&self.tx, None, c, p, by, at, Some(&mut search))?;
            for (seq, e) in (1..).zip(events) {
                insert_history(&self.tx, id, seq, e).map_err(sqlerr)?;
            }
        }
        // The full-text index takes rows fastest in ascending key order: a key lower than the
        // last one flushes its pending terms into a new segment (one per row, unsorted).
        search.sort_unstable_by_key(|(key, _)| *key);
        for (key, body) in &search {
            insert_search(&self.tx, *key, body).map_err(sqlerr)?;
        }
        Ok(())
    }
}

impl SqliteStore {
    /// Run `f` with a writer for generated data, all in one transaction: everything or nothing.
    ///
    /// In WAL mode a large transaction is written twice (to the WAL, then checkpointed into the
    /// file); a rollback journal writes new pages once and is just as atomic, so the load runs
    /// with one when no other connection prevents the switch, and WAL comes back afterwards.
    pub fn bulk<T>(&mut self, f: impl FnOnce(&mut BulkWriter<'_>) -> Result<T>) -> Result<T> {
        let switched = self
            .conn
            .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get::<_, String>(0))
            .is_ok_and(|m| m.eq_ignore_ascii_case("delete"));
        // Random-order index inserts (phone, plate, number) over a growing file thrash the
        // default 2 MB page cache; a large load gets a larger one for its duration.
        self.conn.execute_batch("PRAGMA cache_size = -262144").map_err(self.err())?;
        let result = (|| {
            let mut w = BulkWriter { tx: self.tx()? };
            let sqlerr = |e: rusqlite::Error| StoreError::Sql(e.to_string());
            // One count at the end instead of a trigger per row; all inside the transaction.
            w.tx.execute_batch(schema::DROP_STATE_COUNT_TRIGGERS).map_err(sqlerr)?;
            let out = f(&mut w)?;
            w.tx.execute_batch(&format!("{}{}", schema::RECOUNT_STATES, schema::STATE_COUNT_TRIGGERS))
                .map_err(sqlerr)?;
            w.tx.commit().map_err(sqlerr)?;
            Ok(out)
        })();
        self.conn.execute_batch("PRAGMA cache_size = -2000").map_err(self.err())?;
        if switched {
            self.conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0)).map_err(self.err())?;
        }
        if result.is_ok() {
            self.analyze()?;
        }
        result
    }

    /// Refresh the query planner's statistics (`sqlite_stat1`), sampling each index.
    ///
    /// Without them `SQLite` walks the accepted-time index for `ORDER BY … LIMIT` even when a
    /// selective index (the open deadlines of 只看超期) would find the few rows directly:
    /// 100 ms instead of 1 ms at 100,000 complaints.
    fn analyze(&self) -> Result<()> {
        self.conn.execute_batch("PRAGMA analysis_limit = 1000; ANALYZE;").map_err(self.err())
    }

    /// On open: statistics for a database that has grown large without them (a center's own
    /// growth, or one made by an older version), else `SQLite`'s own check for stale ones.
    fn plan_statistics(&self) -> Result<()> {
        let exists = |sql: &str| self.conn.query_row(sql, [], |r| r.get::<_, bool>(0)).map_err(self.err());
        // sqlite_stat1 exists only once ANALYZE has run: ask for it before reading it.
        let analysed = exists("SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1')")?
            && exists("SELECT EXISTS (SELECT 1 FROM sqlite_stat1 WHERE tbl = 'complaints')")?;
        let large: bool = self
            .conn
            .query_row("SELECT EXISTS (SELECT 1 FROM complaints LIMIT 1 OFFSET ?1)", [ANALYZE_FROM - 1], |r| r.get(0))
            .map_err(self.err())?;
        let batch = if !analysed && large {
            "PRAGMA analysis_limit = 1000; ANALYZE;"
        } else {
            "PRAGMA analysis_limit = 1000; PRAGMA optimize = 0x10002;"
        };
        // Statistics are a hint for the planner and writing them needs the write lock: while
        // another program holds it, open without waiting (the next open writes them).
        let err = self.err();
        self.conn.busy_timeout(std::time::Duration::ZERO).map_err(&err)?;
        let written = self.conn.execute_batch(batch);
        self.conn.busy_timeout(BUSY_TIMEOUT).map_err(&err)?;
        match written.map_err(&err) {
            Err(StoreError::Locked(_)) => Ok(()),
            other => other,
        }
    }
}

/// How long a write waits for another program's write lock before 数据库正被另一个程序占用.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(3);

/// Complaints from which a database without planner statistics gets them on open.
const ANALYZE_FROM: i64 = 1000;

fn put_setting<T: serde::Serialize>(tx: &Connection, key: &str, value: &T) -> rusqlite::Result<()> {
    let json = serde_json::to_string(value).expect("settings serialise");
    tx.execute(
        "INSERT INTO settings(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![key, json],
    )?;
    Ok(())
}

fn write_calendar(tx: &Connection, cal: &WorkCalendar) -> rusqlite::Result<()> {
    tx.execute("DELETE FROM calendar_days", [])?;
    tx.execute("DELETE FROM calendar_years", [])?;
    for y in cal.years() {
        tx.execute("INSERT INTO calendar_years(year) VALUES (?1)", [y])?;
    }
    let mut st = tx.prepare("INSERT OR REPLACE INTO calendar_days(date, year, name, off) VALUES (?1, ?2, ?3, ?4)")?;
    for d in cal.days() {
        st.execute(params![d.date.format("%Y-%m-%d").to_string(), chrono::Datelike::year(&d.date), d.name, d.off])?;
    }
    Ok(())
}

/// Read a complaint's id, version and value by number, if it lies within `scope`.
fn load(conn: &Connection, number: &str, scope: Scope) -> rusqlite::Result<Option<(i64, i64, String)>> {
    conn.prepare_cached(
        "SELECT id, version, data FROM complaints WHERE number = ?1 AND (?2 IS NULL OR office_id IS ?2)",
    )?
    .query_row(params![number, scope.office().map(|u| u.0)], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
    .optional()
}

/// Who last changed complaint `id` and when, as a conflict for a desk that saw an older version.
fn conflict(conn: &Connection, id: i64) -> StoreError {
    match conn.query_row("SELECT updated_by, updated_at FROM complaints WHERE id = ?1", [id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
    }) {
        Ok((who, at)) => StoreError::Conflict { who, at: from_epoch(at).format("%H:%M").to_string() },
        Err(e) => StoreError::Sql(e.to_string()),
    }
}

/// A complaint's stored JSON and its search text, prepared ahead of the write.
struct Prepared {
    data: String,
    search: String,
}

impl Prepared {
    fn of(c: &Complaint) -> Result<Self> {
        Ok(Self { data: serde_json::to_string(c).map_err(|e| json_err(&e))?, search: search_body(c) })
    }
}

/// The stored row a write replaces: its id, the version read, and the complaint as it was.
#[derive(Clone, Copy)]
struct Existing<'a> {
    id: i64,
    version: i64,
    before: &'a Complaint,
}

/// Insert (`id` None) or update a complaint row from its value; checks the version on update.
fn write_complaint(
    conn: &Connection,
    id: Option<Existing<'_>>,
    c: &Complaint,
    by: &str,
    now: BizTime,
) -> std::result::Result<i64, StoreError> {
    write_prepared(conn, id, c, &Prepared::of(c)?, by, now, None)
}

fn write_prepared(
    conn: &Connection,
    id: Option<Existing<'_>>,
    c: &Complaint,
    prepared: &Prepared,
    by: &str,
    now: BizTime,
    deferred: Option<&mut Vec<(i64, String)>>,
) -> std::result::Result<i64, StoreError> {
    let data = &prepared.data;
    let due = c.next_due();
    let facts = StoredFacts::of(c);
    let values = params![
        c.number,
        c.kind.code(),
        c.source.code(),
        c.category.code(),
        c.grade.code(),
        c.state.code(),
        c.provincial_number,
        to_epoch(c.accepted_at),
        c.complainant,
        c.phone.as_str(),
        c.plate.as_ref().map(|p| p.as_str().to_owned()),
        c.office.map(|u| u.0),
        c.station.map(|s| s.0),
        due.map(|d| d.step.code()),
        due.map(|d| to_epoch(d.started_at)),
        due.map(|d| to_epoch(d.due_at)),
        c.paused_since.map(to_epoch),
        c.urge_count,
        c.reopen_count,
        c.closed_at.map(to_epoch),
        to_epoch(now),
        by,
        data,
        facts.closed_on_time,
        facts.revisit_due,
        facts.satisfaction.map(Satisfaction::code),
        facts.unsatisfied_ever,
        facts.conclusion.map(Conclusion::code),
        facts.missed_late,
    ];
    let sqlerr = |e| StoreError::Sql(format!("{e}"));
    let existing = id;
    let id = match id {
        None => {
            conn.prepare_cached(
                "INSERT INTO complaints(number, kind, source, category, grade, state, provincial_number, accepted_at,
                    complainant, phone, plate, office_id, station_id, due_step, due_started_at, due_at, paused_since,
                    urge_count, reopen_count, closed_at, updated_at, updated_by, data, closed_on_time, revisit_due,
                    satisfaction, unsatisfied_ever, conclusion, missed_late)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22,
                    ?23, ?24, ?25, ?26, ?27, ?28, ?29)",
            )
            .and_then(|mut st| st.execute(values))
            .map_err(|e| match &e {
                rusqlite::Error::SqliteFailure(f, _) if f.code == ErrorCode::ConstraintViolation => {
                    StoreError::Duplicate(format!("工单编号{}已存在", c.number))
                }
                _ => sqlerr(e),
            })?;
            conn.last_insert_rowid()
        }
        Some(Existing { id, version, .. }) => {
            let n = conn
                .prepare_cached(
                    "UPDATE complaints SET number = ?1, kind = ?2, source = ?3, category = ?4, grade = ?5, state = ?6,
                        provincial_number = ?7, accepted_at = ?8, complainant = ?9, phone = ?10, plate = ?11,
                        office_id = ?12, station_id = ?13, due_step = ?14, due_started_at = ?15, due_at = ?16,
                        paused_since = ?17, urge_count = ?18, reopen_count = ?19, closed_at = ?20, updated_at = ?21,
                        updated_by = ?22, data = ?23, closed_on_time = ?24, revisit_due = ?25, satisfaction = ?26,
                        unsatisfied_ever = ?27, conclusion = ?28, missed_late = ?29, version = version + 1
                     WHERE id = ?30 AND version = ?31",
                )
                .and_then(|mut st| {
                    let mut all: Vec<&dyn rusqlite::ToSql> = values.to_vec();
                    all.push(&id);
                    all.push(&version);
                    st.execute(all.as_slice())
                })
                .map_err(sqlerr)?;
            if n == 0 {
                return Err(conflict(conn, id));
            }
            id
        }
    };
    let key = search_key(to_epoch(c.accepted_at), id);
    if let Some(e) = existing {
        let old_key = search_key(to_epoch(e.before.accepted_at), id);
        // Most steps change no searchable text: leave the index alone (no new segment to merge).
        if old_key == key && search_body(e.before) == prepared.search {
            return Ok(id);
        }
        conn.prepare_cached("DELETE FROM complaint_search WHERE rowid = ?1")
            .and_then(|mut st| st.execute([old_key]))
            .map_err(sqlerr)?;
    }
    match deferred {
        Some(entries) => entries.push((key, prepared.search.clone())),
        None => insert_search(conn, key, &prepared.search).map_err(sqlerr)?,
    }
    Ok(id)
}

fn insert_search(conn: &Connection, key: i64, body: &str) -> rusqlite::Result<()> {
    conn.prepare_cached("INSERT INTO complaint_search(rowid, body) VALUES (?1, ?2)")?.execute(params![key, body])?;
    Ok(())
}

/// Migration 3: the full-text index keyed by [`search_key`] instead of the complaint id.
pub(super) fn rekey_search(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute("INSERT INTO complaint_search(complaint_search) VALUES ('delete-all')", [])?;
    // In key order: the index builds fastest from ascending rowids.
    let mut read = tx.prepare("SELECT id, accepted_at, data FROM complaints ORDER BY accepted_at, id")?;
    let mut rows = read.query([])?;
    while let Some(r) = rows.next()? {
        let (id, accepted): (i64, i64) = (r.get(0)?, r.get(1)?);
        let data: String = r.get(2)?;
        let c: Complaint = serde_json::from_str(&data)
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(2, rusqlite::types::Type::Text, Box::new(e)))?;
        insert_search(tx, search_key(accepted, id), &search_body(&c))?;
    }
    Ok(())
}

/// Migration 2: project the indicators' facts of every stored complaint into its columns.
pub(super) fn backfill_facts(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    let mut read = tx.prepare("SELECT id, data FROM complaints")?;
    let mut write = tx.prepare(
        "UPDATE complaints SET closed_on_time = ?2, revisit_due = ?3, satisfaction = ?4, unsatisfied_ever = ?5,
            conclusion = ?6, missed_late = ?7 WHERE id = ?1",
    )?;
    let mut rows = read.query([])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let data: String = r.get(1)?;
        let c: Complaint = serde_json::from_str(&data)
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, Box::new(e)))?;
        let f = StoredFacts::of(&c);
        write.execute(params![
            id,
            f.closed_on_time,
            f.revisit_due,
            f.satisfaction.map(Satisfaction::code),
            f.unsatisfied_ever,
            f.conclusion.map(Conclusion::code),
            f.missed_late,
        ])?;
    }
    Ok(())
}

fn append_history(conn: &Connection, complaint_id: i64, e: &HistoryEvent) -> rusqlite::Result<()> {
    let seq: i64 = conn
        .prepare_cached("SELECT COALESCE(MAX(seq), 0) + 1 FROM history WHERE complaint_id = ?1")?
        .query_row([complaint_id], |r| r.get(0))?;
    insert_history(conn, complaint_id, seq, e)
}

/// Write one history row with its sequence number within the complaint.
fn insert_history(conn: &Connection, complaint_id: i64, seq: i64, e: &HistoryEvent) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO history(complaint_id, seq, at, actor_id, actor_name, action, from_state, to_state, note, changes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        complaint_id,
        seq,
        to_epoch(e.at),
        e.actor.0,
        e.actor_name,
        e.action.code(),
        e.from_state.map(ComplaintState::code),
        e.to_state.code(),
        e.note,
        e.changes.as_json(),
    ])?;
    Ok(())
}

/// The next free number `PREFIX + yyyymmdd + 5 digits` for the day of `now`.
fn next_number(conn: &Connection, table: &str, prefix: &str, now: BizTime) -> rusqlite::Result<String> {
    let day = format!("{prefix}{}", now.format("%Y%m%d"));
    let last: Option<String> = conn
        .query_row(
            &format!("SELECT number FROM {table} WHERE number BETWEEN ?1 AND ?2 ORDER BY number DESC LIMIT 1"),
            params![format!("{day}00000"), format!("{day}99999")],
            |r| r.get(0),
        )
        .optional()?;
    let seq = last.and_then(|n| n[day.len()..].parse::<u32>().ok()).unwrap_or(0) + 1;
    Ok(format!("{day}{seq:05}"))
}

const ROW_COLUMNS: &str = "c.number, c.kind, c.source, c.category, c.grade, c.state, c.accepted_at, c.complainant,
    c.phone, c.plate, u.name, s.name, c.provincial_number, c.due_step, c.due_started_at, c.due_at, c.paused_since,
    c.urge_count, c.reopen_count";

fn row_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<ComplaintRow> {
    let bad = |i: usize, what: &str| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, format!("bad {what}").into())
    };
    let kind: String = r.get(1)?;
    let source: String = r.get(2)?;
    let category: String = r.get(3)?;
    let grade: String = r.get(4)?;
    let state: String = r.get(5)?;
    let step: Option<String> = r.get(13)?;
    Ok(ComplaintRow {
        number: r.get(0)?,
        kind: ItemKind::parse(&kind).ok_or_else(|| bad(1, "kind"))?,
        source: Source::parse(&source).ok_or_else(|| bad(2, "source"))?,
        category: Category::parse(&category).ok_or_else(|| bad(3, "category"))?,
        grade: Grade::parse(&grade).ok_or_else(|| bad(4, "grade"))?,
        state: ComplaintState::parse(&state).ok_or_else(|| bad(5, "state"))?,
        accepted_at: from_epoch(r.get(6)?),
        complainant: r.get(7)?,
        phone: r.get(8)?,
        plate: r.get(9)?,
        office: r.get(10)?,
        station: r.get(11)?,
        provincial_number: r.get(12)?,
        due_step: step.as_deref().and_then(Step::parse),
        due_started_at: opt_time(r.get(14)?),
        due_at: opt_time(r.get(15)?),
        paused_since: opt_time(r.get(16)?),
        urge_count: r.get(17)?,
        reopen_count: r.get(18)?,
    })
}

/// Whether the fact columns (from index 6 of `check`'s query) hold what `f` says.
fn stored_facts_agree(f: StoredFacts, r: &rusqlite::Row<'_>) -> rusqlite::Result<bool> {
    Ok(r.get::<_, Option<bool>>(6)? == f.closed_on_time
        && r.get::<_, bool>(7)? == f.revisit_due
        && r.get::<_, Option<String>>(8)?.as_deref() == f.satisfaction.map(Satisfaction::code)
        && r.get::<_, bool>(9)? == f.unsatisfied_ever
        && r.get::<_, Option<String>>(10)?.as_deref() == f.conclusion.map(Conclusion::code)
        && r.get::<_, bool>(11)? == f.missed_late)
}

/// The facts of one complaint from the columns `facts` selects, as they stand at `now`.
fn facts_from(r: &rusqlite::Row<'_>, now: BizTime) -> rusqlite::Result<ComplaintFacts> {
    fn code<T>(r: &rusqlite::Row<'_>, i: usize, parse: fn(&str) -> Option<T>) -> rusqlite::Result<T> {
        let s: String = r.get(i)?;
        parse(&s).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, format!("bad code {s}").into())
        })
    }
    fn opt_code<T>(r: &rusqlite::Row<'_>, i: usize, parse: fn(&str) -> Option<T>) -> rusqlite::Result<Option<T>> {
        match r.get_ref(i)? {
            rusqlite::types::ValueRef::Null => Ok(None),
            _ => code(r, i, parse).map(Some),
        }
    }
    Ok(ComplaintFacts {
        number: r.get(0)?,
        kind: code(r, 1, ItemKind::parse)?,
        source: code(r, 2, Source::parse)?,
        category: code(r, 3, Category::parse)?,
        office: r.get::<_, Option<i64>>(4)?.map(UnitId),
        station: r.get::<_, Option<i64>>(5)?.map(StationId),
        accepted_at: from_epoch(r.get(6)?),
        state: code(r, 7, ComplaintState::parse)?,
        closed_at: opt_time(r.get(8)?),
        closed_on_time: r.get(9)?,
        revisit_due: r.get(10)?,
        satisfaction: opt_code(r, 11, Satisfaction::parse)?,
        unsatisfied_ever: r.get(12)?,
        conclusion: opt_code(r, 13, Conclusion::parse)?,
        overdue: overdue_at(r.get(14)?, opt_time(r.get(15)?), now),
        urge_count: r.get(16)?,
        reopen_count: r.get(17)?,
    })
}

/// A list filter as SQL: what to read from, the WHERE clause and its parameters.
struct ListQuery {
    filter: String,
    params: Vec<Box<dyn rusqlite::ToSql>>,
    /// A search word is matched (its MATCH expression is the last parameter).
    search: bool,
    /// Some condition besides the search word.
    narrowed: bool,
}

impl ListQuery {
    fn of(f: &ListFilter, scope: Scope) -> Self {
        let (mut filter, mut params) = where_clause(f);
        if let Some(office) = scope.office() {
            params.push(Box::new(office.0));
            let _ = write!(filter, " AND c.office_id = ?{}", params.len());
        }
        let narrowed = filter != WHERE_ALL;
        let search = match f.search.as_deref().map(plan) {
            Some(SearchPlan::Match(expr)) => {
                params.push(Box::new(expr));
                let _ = write!(filter, " AND fts.complaint_search MATCH ?{}", params.len());
                true
            }
            _ => false,
        };
        Self { filter, params, search, narrowed }
    }

    fn from(&self) -> &'static str {
        if self.search { SEARCH_FROM } else { "complaints c" }
    }
}

const WHERE_ALL: &str = " WHERE 1 = 1";

/// The WHERE clause and parameters of a list filter's conditions (the search word aside).
fn where_clause(f: &ListFilter) -> (String, Vec<Box<dyn rusqlite::ToSql>>) {
    let mut sql = String::from(WHERE_ALL);
    let mut p: Vec<Box<dyn rusqlite::ToSql>> = Vec::new();
    if !f.states.is_empty() {
        let marks: Vec<String> = f
            .states
            .iter()
            .map(|s| {
                p.push(Box::new(s.code()));
                format!("?{}", p.len())
            })
            .collect();
        let _ = write!(sql, " AND c.state IN ({})", marks.join(", "));
    }
    let mut eq = |col: &str, v: Box<dyn rusqlite::ToSql>, p: &mut Vec<Box<dyn rusqlite::ToSql>>| {
        p.push(v);
        let _ = write!(sql, " AND {col} = ?{}", p.len());
    };
    if let Some(c) = f.category {
        eq("c.category", Box::new(c.code()), &mut p);
    }
    if let Some(s) = f.source {
        eq("c.source", Box::new(s.code()), &mut p);
    }
    if let Some(o) = f.office {
        eq("c.office_id", Box::new(o.0), &mut p);
    }
    if let Some(st) = f.station {
        eq("c.station_id", Box::new(st.0), &mut p);
    }
    if let Some(k) = f.kind {
        eq("c.kind", Box::new(k.code()), &mut p);
    }
    if let Some(d) = f.from {
        p.push(Box::new(to_epoch(start_of_day(d))));
        let _ = write!(sql, " AND c.accepted_at >= ?{}", p.len());
    }
    if let Some(d) = f.to {
        p.push(Box::new(to_epoch(start_of_day(d.succ_opt().unwrap_or(d)))));
        let _ = write!(sql, " AND c.accepted_at < ?{}", p.len());
    }
    if let Some(now) = f.overdue_at {
        p.push(Box::new(to_epoch(now)));
        let _ = write!(sql, " AND c.due_at IS NOT NULL AND c.due_at < COALESCE(c.paused_since, ?{})", p.len());
    }
    if let Some((lo, hi)) = f.due_between {
        p.push(Box::new(to_epoch(lo)));
        p.push(Box::new(to_epoch(hi)));
        let _ = write!(sql, " AND c.due_at >= ?{} AND c.due_at < ?{}", p.len() - 1, p.len());
    }
    if let Some(now) = f.missed_at {
        // The earliest open due time is past (`Deadline::missed` of an open deadline), or some
        // deadline was met after its due time. Meant alongside a date range, which the
        // accepted_at index narrows first.
        p.push(Box::new(to_epoch(now)));
        let _ = write!(
            sql,
            " AND (c.due_at < ?{} OR EXISTS (SELECT 1 FROM json_each(c.data, '$.deadlines') d
                WHERE d.value ->> 'met_at' IS NOT NULL
                  AND unixepoch(d.value ->> 'met_at', 'subsec') > unixepoch(d.value ->> 'due_at', 'subsec')))",
            p.len()
        );
    }
    if f.reopened {
        sql.push_str(" AND c.reopen_count > 0");
    }
    if f.urged {
        sql.push_str(" AND c.urge_count > 0");
    }
    if f.extension_pending {
        sql.push_str(
            " AND c.state IN ('dispatched', 'investigating', 'awaiting_review')
              AND c.data ->> '$.extension' IS NOT NULL AND c.data ->> '$.extension.granted' IS NULL",
        );
    }
    (sql, p)
}

impl SqliteStore {
    fn act_inner(
        &mut self,
        number: &str,
        seen: Option<i64>,
        action: &Action,
        actor: &Actor,
        now: BizTime,
    ) -> Result<Complaint> {
        let number = number.trim();
        let scope = self.scope;
        let ctx_data = self.load_ctx()?;
        let ctx = ctx_data.context();
        let tx = self.tx()?;
        let sqlerr = |e: rusqlite::Error| StoreError::Sql(e.to_string());
        let (id, version, data) =
            load(&tx, number, scope).map_err(sqlerr)?.ok_or_else(|| StoreError::NotFound(number.to_owned()))?;
        if seen.is_some_and(|v| v != version) {
            return Err(conflict(&tx, id));
        }
        let current: Complaint = serde_json::from_str(&data).map_err(|e| json_err(&e))?;
        let Transition { complaint, event } = lifecycle::apply(&current, action, actor, now, &ctx)?;
        if let Action::LinkDuplicate { target } = action {
            let target = target.trim();
            let (tid, tversion, tdata) = load(&tx, target, scope).map_err(sqlerr)?.ok_or_else(|| {
                StoreError::Invalid(vec![FieldError::new("原工单编号", format!("找不到工单 {target}"))])
            })?;
            let tc: Complaint = serde_json::from_str(&tdata).map_err(|e| json_err(&e))?;
            let t = lifecycle::link_target(&tc, number, actor, now)?;
            let existing = Existing { id: tid, version: tversion, before: &tc };
            write_complaint(&tx, Some(existing), &t.complaint, &actor.name, now)?;
            append_history(&tx, tid, &t.event).map_err(sqlerr)?;
        }
        write_complaint(&tx, Some(Existing { id, version, before: &current }), &complaint, &actor.name, now)?;
        append_history(&tx, id, &event).map_err(sqlerr)?;
        tx.commit().map_err(sqlerr)?;
        Ok(complaint)
    }
}

impl Store for SqliteStore {
    fn units(&self) -> Result<Vec<Unit>> {
        let mut st =
            self.conn.prepare("SELECT id, name, kind, parent_id, phone FROM units ORDER BY id").map_err(self.err())?;
        let rows = st
            .query_map([], |r| {
                let kind: String = r.get(2)?;
                Ok(Unit {
                    id: UnitId(r.get(0)?),
                    name: r.get(1)?,
                    kind: UnitKind::parse(&kind).unwrap_or(UnitKind::Segment),
                    parent: r.get::<_, Option<i64>>(3)?.map(UnitId),
                    phone: r.get(4)?,
                })
            })
            .map_err(self.err())?;
        rows.collect::<rusqlite::Result<_>>().map_err(self.err())
    }

    fn stations(&self) -> Result<Vec<Station>> {
        let mut st =
            self.conn.prepare("SELECT id, name, office_id FROM stations ORDER BY office_id, id").map_err(self.err())?;
        let rows = st
            .query_map([], |r| Ok(Station { id: StationId(r.get(0)?), name: r.get(1)?, office: UnitId(r.get(2)?) }))
            .map_err(self.err())?;
        rows.collect::<rusqlite::Result<_>>().map_err(self.err())
    }

    fn users(&self) -> Result<Vec<User>> {
        let mut st = self
            .conn
            .prepare("SELECT id, login, name, unit_id, roles, active FROM users ORDER BY id")
            .map_err(self.err())?;
        let rows = st.query_map([], user_from).map_err(self.err())?;
        rows.collect::<rusqlite::Result<_>>().map_err(self.err())
    }

    fn user_by_login(&self, login: &str) -> Result<Option<(User, String)>> {
        self.conn
            .query_row(
                "SELECT id, login, name, unit_id, roles, active, password_hash FROM users WHERE login = ?1",
                [login.trim()],
                |r| Ok((user_from(r)?, r.get(6)?)),
            )
            .optional()
            .map_err(self.err())
    }

    fn add_unit(&mut self, unit: &NewUnit) -> Result<UnitId> {
        self.conn
            .execute(
                "INSERT INTO units(name, kind, parent_id, phone) VALUES (?1, ?2, ?3, ?4)",
                params![unit.name, unit.kind.code(), unit.parent.map(|p| p.0), unit.phone],
            )
            .map_err(|e| match classify(&self.path, e) {
                StoreError::Duplicate(_) => StoreError::Duplicate(format!("单位“{}”已存在", unit.name)),
                other => other,
            })?;
        self.invalidate();
        Ok(UnitId(self.conn.last_insert_rowid()))
    }

    fn add_station(&mut self, name: &str, office: UnitId) -> Result<StationId> {
        self.conn.execute("INSERT INTO stations(name, office_id) VALUES (?1, ?2)", params![name, office.0]).map_err(
            |e| match classify(&self.path, e) {
                StoreError::Duplicate(_) => StoreError::Duplicate(format!("收费站“{name}”已存在")),
                other => other,
            },
        )?;
        self.invalidate();
        Ok(StationId(self.conn.last_insert_rowid()))
    }

    fn add_user(
        &mut self,
        login: &str,
        name: &str,
        unit: UnitId,
        roles: &[Role],
        password_hash: &str,
    ) -> Result<UserId> {
        self.conn
            .execute(
                "INSERT INTO users(login, name, unit_id, roles, password_hash) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![login, name, unit.0, roles_to_text(roles), password_hash],
            )
            .map_err(|e| match classify(&self.path, e) {
                StoreError::Duplicate(_) => StoreError::Duplicate(format!("登录名“{login}”已存在")),
                other => other,
            })?;
        Ok(UserId(self.conn.last_insert_rowid()))
    }

    fn set_signature(&mut self, user: UserId, png: Option<&[u8]>) -> Result<()> {
        if let Some(png) = png {
            super::check_signature_png(png)?;
        }
        let n = self
            .conn
            .execute("UPDATE users SET signature_png = ?1 WHERE id = ?2", params![png, user.0])
            .map_err(self.err())?;
        if n == 0 {
            return Err(StoreError::Invalid(vec![FieldError::new("用户", format!("找不到编号为 {} 的用户", user.0))]));
        }
        Ok(())
    }

    fn signature(&self, user: UserId) -> Result<Option<Vec<u8>>> {
        self.conn
            .query_row("SELECT signature_png FROM users WHERE id = ?1", [user.0], |r| r.get::<_, Option<Vec<u8>>>(0))
            .optional()
            .map(Option::flatten)
            .map_err(self.err())
    }

    fn rules(&self) -> Result<DeadlineRules> {
        self.setting("deadline_rules")
    }

    fn set_rules(&mut self, rules: &DeadlineRules) -> Result<()> {
        put_setting(&self.conn, "deadline_rules", rules).map_err(self.err())?;
        self.invalidate();
        Ok(())
    }

    fn revisit_policy(&self) -> Result<RevisitPolicy> {
        self.setting("revisit_policy")
    }

    fn set_revisit_policy(&mut self, policy: &RevisitPolicy) -> Result<()> {
        revisit::check_policy(policy).map_err(StoreError::Invalid)?;
        let tx = self.tx()?;
        put_setting(&tx, "revisit_policy", policy).map_err(|e| StoreError::Sql(e.to_string()))?;
        tx.commit().map_err(|e| StoreError::Sql(e.to_string()))?;
        self.invalidate();
        Ok(())
    }

    fn stats_settings(&self) -> Result<StatsSettings> {
        self.setting("stats_settings")
    }

    fn set_stats_settings(&mut self, settings: StatsSettings, actor: &Actor) -> Result<()> {
        if !crate::domain::stats::may_change_settings(&actor.roles) {
            return Err(StoreError::Action(lifecycle::ActionError::Refused(
                "只有值班领导或中心管理员可以修改统计口径".to_owned(),
            )));
        }
        let tx = self.tx()?;
        put_setting(&tx, "stats_settings", &settings).map_err(|e| StoreError::Sql(e.to_string()))?;
        tx.commit().map_err(|e| StoreError::Sql(e.to_string()))
    }

    fn calendar(&self) -> Result<WorkCalendar> {
        let mut st =
            self.conn.prepare("SELECT date, name, off FROM calendar_days ORDER BY date").map_err(self.err())?;
        let days = st
            .query_map([], |r| {
                let date: String = r.get(0)?;
                Ok((date, r.get::<_, String>(1)?, r.get::<_, bool>(2)?))
            })
            .map_err(self.err())?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(self.err())?;
        let days = days
            .into_iter()
            .filter_map(|(d, name, off)| {
                NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok().map(|date| CalendarDay { date, name, off })
            })
            .collect::<Vec<_>>();
        let mut st = self.conn.prepare("SELECT year FROM calendar_years ORDER BY year").map_err(self.err())?;
        let years = st
            .query_map([], |r| r.get::<_, i32>(0))
            .map_err(self.err())?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(self.err())?;
        Ok(WorkCalendar::from_days(days, years))
    }

    fn import_calendar_year(&mut self, year: i32, days: &[CalendarDay]) -> Result<()> {
        let mut cal = self.calendar()?;
        cal.import_year(year, days.to_vec());
        let tx = self.tx()?;
        write_calendar(&tx, &cal).map_err(|e| StoreError::Sql(e.to_string()))?;
        tx.commit().map_err(|e| StoreError::Sql(e.to_string()))?;
        self.invalidate();
        Ok(())
    }

    fn register(&mut self, draft: Complaint, actor: &Actor, now: BizTime) -> Result<Complaint> {
        let mut numbers = self.register_all(vec![draft], actor, now)?;
        let number = numbers.pop().expect("one registered");
        self.complaint(&number)?.ok_or(StoreError::NotFound(number))
    }

    fn register_all(&mut self, drafts: Vec<Complaint>, actor: &Actor, now: BizTime) -> Result<Vec<String>> {
        let ctx_data = self.load_ctx()?;
        let ctx = ctx_data.context();
        let tx = self.tx()?;
        let mut numbers = Vec::with_capacity(drafts.len());
        for mut draft in drafts {
            draft.number = next_number(&tx, "complaints", "TS", now).map_err(|e| StoreError::Sql(e.to_string()))?;
            let Transition { complaint, event } = lifecycle::register(draft, actor, now, &ctx)?;
            let id = write_complaint(&tx, None, &complaint, &actor.name, now)?;
            append_history(&tx, id, &event).map_err(|e| StoreError::Sql(e.to_string()))?;
            numbers.push(complaint.number);
        }
        tx.commit().map_err(|e| StoreError::Sql(e.to_string()))?;
        Ok(numbers)
    }

    fn act(&mut self, number: &str, action: &Action, actor: &Actor, now: BizTime) -> Result<Complaint> {
        self.act_inner(number, None, action, actor, now)
    }

    fn act_seen(&mut self, number: &str, seen: i64, action: &Action, actor: &Actor, now: BizTime) -> Result<Complaint> {
        self.act_inner(number, Some(seen), action, actor, now)
    }

    fn set_scope(&mut self, scope: Scope) {
        self.scope = scope;
    }

    fn as_sqlite(&mut self) -> Option<&mut SqliteStore> {
        Some(self)
    }

    fn snapshot(&self) -> Result<Snapshot> {
        let err = self.err();
        let mut users = Vec::new();
        let mut st = self
            .conn
            .prepare(
                "SELECT id, login, name, unit_id, roles, active, password_hash, signature_png FROM users ORDER BY id",
            )
            .map_err(&err)?;
        let mut rows = st.query([]).map_err(&err)?;
        while let Some(r) = rows.next().map_err(&err)? {
            users.push(UserRecord {
                user: user_from(r).map_err(&err)?,
                password_hash: r.get(6).map_err(&err)?,
                signature: r.get(7).map_err(&err)?,
            });
        }
        let mut st = self.conn.prepare("SELECT key, value FROM settings ORDER BY key").map_err(&err)?;
        let settings = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(&err)?
            .collect::<rusqlite::Result<_>>()
            .map_err(&err)?;
        // Every complaint with its history (one pass over each table, both in complaint order).
        let mut complaints: Vec<(i64, ComplaintRecord)> = Vec::new();
        let mut st =
            self.conn.prepare("SELECT id, data, updated_by, updated_at FROM complaints ORDER BY id").map_err(&err)?;
        let mut rows = st.query([]).map_err(&err)?;
        while let Some(r) = rows.next().map_err(&err)? {
            let data: String = r.get(1).map_err(&err)?;
            complaints.push((
                r.get(0).map_err(&err)?,
                ComplaintRecord {
                    complaint: serde_json::from_str(&data).map_err(|e| json_err(&e))?,
                    history: Vec::new(),
                    updated_by: r.get(2).map_err(&err)?,
                    updated_at: from_epoch(r.get(3).map_err(&err)?),
                    attachments: Vec::new(),
                },
            ));
        }
        let index: std::collections::HashMap<i64, usize> =
            complaints.iter().enumerate().map(|(i, (id, _))| (*id, i)).collect();
        let mut st = self
            .conn
            .prepare(
                "SELECT complaint_id, at, actor_id, actor_name, action, from_state, to_state, note, changes
                 FROM history ORDER BY complaint_id, seq",
            )
            .map_err(&err)?;
        let mut rows = st.query([]).map_err(&err)?;
        while let Some(r) = rows.next().map_err(&err)? {
            let id: i64 = r.get(0).map_err(&err)?;
            let event = event_from(r, 1).map_err(&err)?;
            if let Some(i) = index.get(&id) {
                complaints[*i].1.history.push(event);
            }
        }
        let dir = self.attachments_dir();
        let mut st = self
            .conn
            .prepare("SELECT complaint_id, file_name, sha256, added_at, added_by FROM attachments ORDER BY id")
            .map_err(&err)?;
        let mut rows = st.query([]).map_err(&err)?;
        while let Some(r) = rows.next().map_err(&err)? {
            let id: i64 = r.get(0).map_err(&err)?;
            let file_name: String = r.get(1).map_err(&err)?;
            let sha256: String = r.get(2).map_err(&err)?;
            let ext = Path::new(&file_name)
                .extension()
                .map(|e| format!(".{}", e.to_string_lossy().to_lowercase()))
                .unwrap_or_default();
            let path = dir.join(format!("{sha256}{ext}"));
            let bytes = std::fs::read(&path)
                .map_err(|e| StoreError::Io(format!("附件“{file_name}”的文件无法读取：{}（{e}）", path.display())))?;
            let record = AttachmentRecord {
                file_name,
                sha256,
                added_at: from_epoch(r.get(3).map_err(&err)?),
                added_by: r.get(4).map_err(&err)?,
                bytes,
            };
            if let Some(i) = index.get(&id) {
                complaints[*i].1.attachments.push(record);
            }
        }
        let mut st = self.conn.prepare("SELECT data FROM calls ORDER BY id").map_err(&err)?;
        let datas: Vec<String> =
            st.query_map([], |r| r.get(0)).map_err(&err)?.collect::<rusqlite::Result<_>>().map_err(&err)?;
        let calls = datas.iter().map(|d| serde_json::from_str(d).map_err(|e| json_err(&e))).collect::<Result<_>>()?;
        Ok(Snapshot {
            units: self.units()?,
            stations: self.stations()?,
            users,
            settings,
            calendar: self.calendar()?,
            complaints: complaints.into_iter().map(|(_, c)| c).collect(),
            calls,
        })
    }

    fn tally(&self) -> Result<Tally> {
        let err = self.err();
        let count = |sql: &str| -> Result<u64> {
            self.conn.query_row(sql, [], |r| r.get::<_, i64>(0)).map(i64::unsigned_abs).map_err(&err)
        };
        let mut digest = HistoryDigest::default();
        let mut st = self
            .conn
            .prepare(
                "SELECT c.number, h.seq, h.at, h.actor_id, h.actor_name, h.action, h.from_state, h.to_state, h.note,
                    h.changes
                 FROM history h JOIN complaints c ON c.id = h.complaint_id ORDER BY c.number, h.seq",
            )
            .map_err(&err)?;
        let mut rows = st.query([]).map_err(&err)?;
        while let Some(r) = rows.next().map_err(&err)? {
            let number: String = r.get(0).map_err(&err)?;
            digest.add(&number, r.get(1).map_err(&err)?, &event_from(r, 2).map_err(&err)?);
        }
        let (history_events, history_sha256) = digest.finish();
        Ok(Tally {
            units: count("SELECT count(*) FROM units")?,
            stations: count("SELECT count(*) FROM stations")?,
            users: count("SELECT count(*) FROM users")?,
            complaints: count("SELECT count(*) FROM complaints")?,
            history_events,
            calls: count("SELECT count(*) FROM calls")?,
            attachments: count("SELECT count(*) FROM attachments")?,
            history_sha256,
        })
    }

    fn complaint_versioned(&self, number: &str) -> Result<Option<(Complaint, i64)>> {
        match load(&self.conn, number.trim(), self.scope).map_err(self.err())? {
            Some((_, version, data)) => {
                serde_json::from_str(&data).map(|c| Some((c, version))).map_err(|e| json_err(&e))
            }
            None => Ok(None),
        }
    }

    fn change_stamp(&self) -> Result<i64> {
        stamp(&self.conn).map_err(self.err())
    }

    fn watch(&self) -> Result<Box<dyn ChangeWatch>> {
        let err = sql_err(&self.path);
        let conn =
            Connection::open_with_flags(&self.path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
                .map_err(&err)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(&err)?;
        let last = stamp(&conn).map_err(&err)?;
        Ok(Box::new(SqliteWatch { conn, path: self.path.clone(), last }))
    }

    fn complaint(&self, number: &str) -> Result<Option<Complaint>> {
        match load(&self.conn, number.trim(), self.scope).map_err(self.err())? {
            Some((_, _, data)) => serde_json::from_str(&data).map(Some).map_err(|e| json_err(&e)),
            None => Ok(None),
        }
    }

    fn by_provincial_number(&self, provincial: &str) -> Result<Option<String>> {
        self.conn
            .query_row("SELECT number FROM complaints WHERE provincial_number = ?1 AND (?2 IS NULL OR office_id IS ?2) LIMIT 1",
                params![provincial.trim(), self.scope.office().map(|u| u.0)],
                |r| {
                r.get(0)
            })
            .optional()
            .map_err(self.err())
    }

    fn history(&self, number: &str) -> Result<Vec<HistoryEvent>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT h.at, h.actor_id, h.actor_name, h.action, h.from_state, h.to_state, h.note, h.changes
                 FROM history h JOIN complaints c ON c.id = h.complaint_id
                 WHERE c.number = ?1 AND (?2 IS NULL OR c.office_id IS ?2) ORDER BY h.seq",
            )
            .map_err(self.err())?;
        let rows = st
            .query_map(params![number.trim(), self.scope.office().map(|u| u.0)], |r| event_from(r, 0))
            .map_err(self.err())?;
        rows.collect::<rusqlite::Result<_>>().map_err(self.err())
    }

    fn list(&self, f: &ListFilter) -> Result<Vec<ComplaintRow>> {
        let q = ListQuery::of(f, self.scope);
        let order = match (q.search, f.sort) {
            // The index walks its matches in key order, newest accepted first (see `search_key`).
            (true, SortKey::AcceptedDesc) => "fts.rowid DESC",
            (true, SortKey::AcceptedAsc) => "fts.rowid",
            (_, SortKey::AcceptedDesc) => "c.accepted_at DESC, c.id DESC",
            (_, SortKey::AcceptedAsc) => "c.accepted_at, c.id",
            (_, SortKey::DueAsc) => "c.due_at IS NULL, c.due_at, c.accepted_at",
            (_, SortKey::Number) => "c.number",
        };
        let limit = f.limit.map_or_else(|| "-1".to_owned(), |l| l.to_string());
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM {} LEFT JOIN units u ON u.id = c.office_id
             LEFT JOIN stations s ON s.id = c.station_id{} ORDER BY {order} LIMIT {limit} OFFSET {}",
            q.from(),
            q.filter,
            f.offset
        );
        let mut st = self.conn.prepare_cached(&sql).map_err(self.err())?;
        let refs: Vec<&dyn rusqlite::ToSql> = q.params.iter().map(AsRef::as_ref).collect();
        let rows = st.query_map(refs.as_slice(), row_from).map_err(self.err())?;
        rows.collect::<rusqlite::Result<_>>().map_err(self.err())
    }

    fn count(&self, f: &ListFilter) -> Result<u64> {
        self.count_up_to(f, u64::MAX)
    }

    fn count_up_to(&self, f: &ListFilter, cap: u64) -> Result<u64> {
        let q = ListQuery::of(f, self.scope);
        let limit = if cap == u64::MAX { String::new() } else { format!(" LIMIT {cap}") };
        let sql = if q.search && !q.narrowed {
            // Only a search word: the index alone counts, without reading a complaint.
            format!(
                "SELECT count(*) FROM (SELECT 1 FROM complaint_search WHERE complaint_search MATCH ?{}{limit})",
                q.params.len()
            )
        } else {
            format!("SELECT count(*) FROM (SELECT 1 FROM {}{}{limit})", q.from(), q.filter)
        };
        let refs: Vec<&dyn rusqlite::ToSql> = q.params.iter().map(AsRef::as_ref).collect();
        let refs = if q.search && !q.narrowed { &refs[refs.len() - 1..] } else { &refs[..] };
        let n: i64 =
            self.conn.prepare_cached(&sql).and_then(|mut st| st.query_row(refs, |r| r.get(0))).map_err(self.err())?;
        Ok(n.unsigned_abs())
    }

    fn state_counts(&self, office: Option<UnitId>) -> Result<Vec<(ComplaintState, u64)>> {
        let office = self.scope.office().or(office);
        let mut st = self
            .conn
            .prepare_cached("SELECT state, SUM(n) FROM state_counts WHERE ?1 IS NULL OR office_id = ?1 GROUP BY state")
            .map_err(self.err())?;
        let found: Vec<(String, i64)> = st
            .query_map([office.map(|o| o.0)], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(self.err())?
            .collect::<rusqlite::Result<_>>()
            .map_err(self.err())?;
        Ok(ComplaintState::ALL
            .iter()
            .map(|s| {
                let n = found.iter().find(|(code, _)| code == s.code()).map_or(0, |(_, n)| *n);
                (*s, n.unsigned_abs())
            })
            .collect())
    }

    fn recent_similar(&self, plate: Option<&str>, phone: &str, since: BizTime) -> Result<Vec<ComplaintRow>> {
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM complaints c LEFT JOIN units u ON u.id = c.office_id
             LEFT JOIN stations s ON s.id = c.station_id
             WHERE c.accepted_at >= ?3 AND c.state <> 'duplicate' AND (c.phone = ?2 OR c.plate = ?1)
               AND (?4 IS NULL OR c.office_id IS ?4)
             ORDER BY c.accepted_at DESC LIMIT 20"
        );
        let mut st = self.conn.prepare_cached(&sql).map_err(self.err())?;
        let rows = st
            .query_map(params![plate, phone, to_epoch(since), self.scope.office().map(|u| u.0)], row_from)
            .map_err(self.err())?;
        rows.collect::<rusqlite::Result<_>>().map_err(self.err())
    }

    fn facts(&self, from: NaiveDate, to: NaiveDate, now: BizTime) -> Result<Vec<ComplaintFacts>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT number, kind, source, category, office_id, station_id, accepted_at, state, closed_at,
                    closed_on_time, revisit_due, satisfaction, unsatisfied_ever, conclusion, missed_late, due_at,
                    urge_count, reopen_count
                 FROM complaints WHERE accepted_at >= ?1 AND accepted_at < ?2 AND (?3 IS NULL OR office_id IS ?3)",
            )
            .map_err(self.err())?;
        let lo = to_epoch(start_of_day(from));
        let hi = to_epoch(start_of_day(to.succ_opt().unwrap_or(to)));
        let rows = st
            .query_map(params![lo, hi, self.scope.office().map(|u| u.0)], |r| facts_from(r, now))
            .map_err(self.err())?;
        rows.collect::<rusqlite::Result<_>>().map_err(self.err())
    }

    fn closed_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Complaint>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT data FROM complaints WHERE closed_at >= ?1 AND closed_at < ?2 AND state = 'closed'
                    AND (?3 IS NULL OR office_id IS ?3) ORDER BY closed_at, id",
            )
            .map_err(self.err())?;
        let lo = to_epoch(start_of_day(from));
        let hi = to_epoch(start_of_day(to.succ_opt().unwrap_or(to)));
        let rows = st
            .query_map(params![lo, hi, self.scope.office().map(|u| u.0)], |r| r.get::<_, String>(0))
            .map_err(self.err())?;
        let mut out = Vec::new();
        for data in rows {
            let data = data.map_err(self.err())?;
            out.push(serde_json::from_str(&data).map_err(|e| json_err(&e))?);
        }
        Ok(out)
    }

    fn insert_generated(&mut self, items: &[(Complaint, Vec<HistoryEvent>)]) -> Result<()> {
        let batch = PreparedBatch::new(items.to_vec())?;
        self.bulk(|w| w.write(&batch))
    }

    fn register_call(&mut self, mut draft: CallRecord, actor: &Actor, now: BizTime) -> Result<CallRecord> {
        lifecycle::may_register(actor)?;
        let tx = self.tx()?;
        draft.number = next_number(&tx, "calls", "LD", now).map_err(|e| StoreError::Sql(e.to_string()))?;
        insert_call(&tx, &draft)?;
        tx.commit().map_err(|e| StoreError::Sql(e.to_string()))?;
        Ok(draft)
    }

    fn insert_calls(&mut self, calls: &[CallRecord]) -> Result<()> {
        let tx = self.tx()?;
        for c in calls {
            insert_call(&tx, c)?;
        }
        tx.commit().map_err(|e| StoreError::Sql(e.to_string()))
    }

    fn calls(&self, limit: u32) -> Result<Vec<CallRecord>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT data FROM calls ORDER BY received_at DESC, id DESC LIMIT ?1")
            .map_err(self.err())?;
        let rows = st.query_map([limit], |r| r.get::<_, String>(0)).map_err(self.err())?;
        let mut out = Vec::new();
        for data in rows {
            let data = data.map_err(self.err())?;
            out.push(serde_json::from_str(&data).map_err(|e| json_err(&e))?);
        }
        Ok(out)
    }

    fn call(&self, number: &str) -> Result<Option<CallRecord>> {
        let data: Option<String> = self
            .conn
            .query_row("SELECT data FROM calls WHERE number = ?1", [number.trim()], |r| r.get(0))
            .optional()
            .map_err(self.err())?;
        data.map(|d| serde_json::from_str(&d).map_err(|e| json_err(&e))).transpose()
    }

    fn calls_awaiting_revisit(&self, limit: u32) -> Result<Vec<CallRecord>> {
        let policy = self.revisit_policy()?;
        // Which calls need a revisit follows from the number and category alone, so only
        // those rows are parsed; whether they are still open needs their attempts.
        let mut st = self
            .conn
            .prepare_cached("SELECT number, category, data FROM calls ORDER BY received_at, id")
            .map_err(self.err())?;
        let mut rows = st.query([]).map_err(self.err())?;
        let mut out = Vec::new();
        while let Some(r) = rows.next().map_err(self.err())? {
            let number: String = r.get(0).map_err(self.err())?;
            let category: String = r.get(1).map_err(self.err())?;
            let data = r.get_ref(2).map_err(self.err())?.as_str().map_err(|e| StoreError::Sql(e.to_string()))?;
            if !super::may_await_revisit(&number, &category, data, policy.consult_sample_percent) {
                continue;
            }
            let call: CallRecord = serde_json::from_str(data).map_err(|e| json_err(&e))?;
            if matches!(revisit::call_revisit_state(&call, &policy), revisit::CallRevisitState::Open { .. }) {
                out.push(call);
                if out.len() >= usize::try_from(limit).unwrap_or(usize::MAX) {
                    break;
                }
            }
        }
        Ok(out)
    }

    fn record_call_revisit(
        &mut self,
        number: &str,
        input: &RevisitInput,
        actor: &Actor,
        now: BizTime,
    ) -> Result<CallRecord> {
        let number = number.trim();
        let policy = self.load_ctx()?.policy;
        let tx = self.tx()?;
        let sqlerr = |e: rusqlite::Error| StoreError::Sql(e.to_string());
        let data: String = tx
            .query_row("SELECT data FROM calls WHERE number = ?1", [number], |r| r.get(0))
            .optional()
            .map_err(sqlerr)?
            .ok_or_else(|| StoreError::CallNotFound(number.to_owned()))?;
        let call: CallRecord = serde_json::from_str(&data).map_err(|e| json_err(&e))?;
        let updated = revisit::revisit_call(&call, input, actor, now, &policy)?;
        let json = serde_json::to_string(&updated).map_err(|e| json_err(&e))?;
        // The attempts are appended to the call's own record: earlier ones are kept as they were.
        let changed = tx
            .execute("UPDATE calls SET data = ?2 WHERE number = ?1 AND data = ?3", params![number, json, data])
            .map_err(sqlerr)?;
        if changed != 1 {
            return Err(StoreError::Conflict { who: "其他用户".into(), at: "刚才".into() });
        }
        tx.commit().map_err(sqlerr)?;
        Ok(updated)
    }

    fn add_attachment(&mut self, number: &str, file: &Path, actor: &Actor, now: BizTime) -> Result<Attachment> {
        let number = number.trim();
        if load(&self.conn, number, self.scope).map_err(self.err())?.is_none() {
            return Err(StoreError::NotFound(number.to_owned()));
        }
        let bytes = std::fs::read(file).map_err(|e| StoreError::Io(format!("无法读取附件 {}：{e}", file.display())))?;
        let hash: String = Sha256::digest(&bytes).iter().fold(String::with_capacity(64), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        });
        let ext = file.extension().map(|e| format!(".{}", e.to_string_lossy().to_lowercase())).unwrap_or_default();
        let dir = self.attachments_dir();
        std::fs::create_dir_all(&dir)
            .map_err(|e| StoreError::Io(format!("无法创建附件目录 {}：{e}", dir.display())))?;
        let dest = dir.join(format!("{hash}{ext}"));
        if !dest.exists() {
            // Copy under a temporary name first so a half-written file never carries the hash name.
            let tmp = dir.join(format!("{hash}.part"));
            std::fs::write(&tmp, &bytes)
                .and_then(|()| std::fs::rename(&tmp, &dest))
                .map_err(|e| StoreError::Io(format!("无法保存附件：{e}")))?;
        }
        let file_name = file.file_name().map_or_else(|| "附件".to_owned(), |n| n.to_string_lossy().into_owned());
        let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
        let scope = self.scope;
        let tx = self.tx()?;
        let sqlerr = |e: rusqlite::Error| StoreError::Sql(e.to_string());
        let (id, _, _) =
            load(&tx, number, scope).map_err(sqlerr)?.ok_or_else(|| StoreError::NotFound(number.to_owned()))?;
        tx.execute(
            "INSERT INTO attachments(complaint_id, file_name, sha256, size, added_at, added_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id, file_name, hash, i64::try_from(size).unwrap_or(i64::MAX), to_epoch(now), actor.name],
        )
        .map_err(sqlerr)?;
        tx.commit().map_err(sqlerr)?;
        Ok(Attachment { file_name, sha256: hash, size, added_at: now, added_by: actor.name.clone(), path: dest })
    }

    fn attachments(&self, number: &str) -> Result<Vec<Attachment>> {
        let dir = self.attachments_dir();
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT a.file_name, a.sha256, a.size, a.added_at, a.added_by FROM attachments a
                 JOIN complaints c ON c.id = a.complaint_id
                 WHERE c.number = ?1 AND (?2 IS NULL OR c.office_id IS ?2) ORDER BY a.id",
            )
            .map_err(self.err())?;
        let rows = st
            .query_map(params![number.trim(), self.scope.office().map(|u| u.0)], |r| {
                let file_name: String = r.get(0)?;
                let sha256: String = r.get(1)?;
                let ext = Path::new(&file_name)
                    .extension()
                    .map(|e| format!(".{}", e.to_string_lossy().to_lowercase()))
                    .unwrap_or_default();
                Ok(Attachment {
                    path: dir.join(format!("{sha256}{ext}")),
                    file_name,
                    sha256,
                    size: r.get::<_, i64>(2)?.unsigned_abs(),
                    added_at: from_epoch(r.get(3)?),
                    added_by: r.get(4)?,
                })
            })
            .map_err(self.err())?;
        rows.collect::<rusqlite::Result<_>>().map_err(self.err())
    }

    fn backup(&self, dest: &Path) -> Result<()> {
        if dest.exists() {
            return Err(StoreError::Io(format!("备份文件已存在：{}（请换一个文件名）", dest.display())));
        }
        self.conn
            .backup(rusqlite::MAIN_DB, dest, None::<fn(rusqlite::backup::Progress)>)
            .map_err(|e| StoreError::Io(format!("备份到 {} 失败：{e}", dest.display())))?;
        // The attachments live beside the database: copy them beside the backup, or the backup
        // would open with every attachment missing.
        let from = self.attachments_dir();
        if from.is_dir() {
            let to = attachments_dir_of(dest);
            let io = |e: std::io::Error| StoreError::Io(format!("备份附件到 {} 失败：{e}", to.display()));
            std::fs::create_dir_all(&to).map_err(io)?;
            for entry in std::fs::read_dir(&from).map_err(io)? {
                let entry = entry.map_err(io)?;
                let name = entry.file_name();
                let target = to.join(&name);
                // `.part` files are copies an interrupted `add_attachment` left half-written.
                if entry.file_type().map_err(io)?.is_file()
                    && !name.to_string_lossy().ends_with(".part")
                    && !target.exists()
                {
                    std::fs::copy(entry.path(), &target).map_err(io)?;
                }
            }
        }
        Ok(())
    }

    fn check(&self) -> Result<CheckReport> {
        let mut report = CheckReport::default();
        let count = |sql: &str| -> Result<u64> {
            self.conn.query_row(sql, [], |r| r.get::<_, i64>(0)).map(i64::unsigned_abs).map_err(self.err())
        };
        report.complaints = count("SELECT count(*) FROM complaints")?;
        report.history_events = count("SELECT count(*) FROM history")?;
        report.calls = count("SELECT count(*) FROM calls")?;
        report.attachments = count("SELECT count(*) FROM attachments")?;
        report.schema_version = self.conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(self.err())?;
        let mut st = self.conn.prepare("PRAGMA integrity_check").map_err(self.err())?;
        let lines: Vec<String> =
            st.query_map([], |r| r.get(0)).map_err(self.err())?.collect::<rusqlite::Result<_>>().map_err(self.err())?;
        if lines != ["ok"] {
            report.problems.extend(lines.into_iter().map(|l| format!("SQLite 完整性检查：{l}")));
        }
        let fk: u64 = count("SELECT count(*) FROM pragma_foreign_key_check")?;
        if fk > 0 {
            report.problems.push(format!("有{fk}条记录引用了不存在的数据（外键）"));
        }
        if let Err(e) =
            self.conn.execute("INSERT INTO complaint_search(complaint_search) VALUES ('integrity-check')", [])
        {
            report.problems.push(format!("全文检索索引损坏：{e}"));
        }
        let mut st = self
            .conn
            .prepare(
                "SELECT c.number, c.state, c.data,
                    (SELECT count(*) FROM history h WHERE h.complaint_id = c.id),
                    (SELECT max(seq) FROM history h WHERE h.complaint_id = c.id),
                    (SELECT to_state FROM history h WHERE h.complaint_id = c.id ORDER BY seq DESC LIMIT 1),
                    c.closed_on_time, c.revisit_due, c.satisfaction, c.unsatisfied_ever, c.conclusion, c.missed_late
                 FROM complaints c",
            )
            .map_err(self.err())?;
        let mut rows = st.query([]).map_err(self.err())?;
        while let Some(r) = rows.next().map_err(self.err())? {
            let number: String = r.get(0).map_err(self.err())?;
            let state: String = r.get(1).map_err(self.err())?;
            let data: String = r.get(2).map_err(self.err())?;
            let n: i64 = r.get(3).map_err(self.err())?;
            let max: Option<i64> = r.get(4).map_err(self.err())?;
            let last: Option<String> = r.get(5).map_err(self.err())?;
            match serde_json::from_str::<Complaint>(&data) {
                Err(e) => report.problems.push(format!("工单{number}：数据无法读取（{e}）")),
                Ok(c) if c.state.code() != state || c.number != number => {
                    report.problems.push(format!("工单{number}：索引列与工单数据不一致"));
                }
                Ok(c) if !stored_facts_agree(StoredFacts::of(&c), r).map_err(self.err())? => {
                    report.problems.push(format!("工单{number}：统计列与工单数据不一致"));
                }
                Ok(_) => {}
            }
            report.problems.extend(super::history_problem(&number, &state, n, max, last.as_deref()));
        }
        let wrong_counts = count(
            "SELECT (SELECT count(*) FROM (
                SELECT COALESCE(office_id, 0), state, count(*) FROM complaints GROUP BY 1, 2
                EXCEPT SELECT office_id, state, n FROM state_counts WHERE n > 0))
              + (SELECT count(*) FROM (
                SELECT office_id, state, n FROM state_counts WHERE n > 0
                EXCEPT SELECT COALESCE(office_id, 0), state, count(*) FROM complaints GROUP BY 1, 2))",
        )?;
        if wrong_counts > 0 {
            report.problems.push("各状态工单数的汇总与工单本身不符".into());
        }
        let mut st = self.conn.prepare("SELECT file_name, sha256, size FROM attachments").map_err(self.err())?;
        let files: Vec<(String, String, u64)> = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)?.unsigned_abs())))
            .map_err(self.err())?
            .collect::<rusqlite::Result<_>>()
            .map_err(self.err())?;
        let dir = self.attachments_dir();
        for (name, hash, size) in files {
            let ext = Path::new(&name)
                .extension()
                .map(|e| format!(".{}", e.to_string_lossy().to_lowercase()))
                .unwrap_or_default();
            let p = dir.join(format!("{hash}{ext}"));
            match std::fs::metadata(&p) {
                Ok(m) if m.len() == size => {}
                Ok(_) => report.problems.push(format!("附件“{name}”大小与记录不符：{}", p.display())),
                Err(_) => report.problems.push(format!("附件“{name}”的文件缺失：{}", p.display())),
            }
        }
        Ok(report)
    }

    fn context_data(&self) -> Result<ContextData> {
        Ok((*self.load_ctx()?).clone())
    }

    fn is_empty(&self) -> Result<bool> {
        let n: i64 = self.conn.query_row("SELECT count(*) FROM users", [], |r| r.get(0)).map_err(self.err())?;
        Ok(n == 0)
    }
}

fn user_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<User> {
    let roles: String = r.get(4)?;
    Ok(User {
        id: UserId(r.get(0)?),
        login: r.get(1)?,
        name: r.get(2)?,
        unit: UnitId(r.get(3)?),
        roles: roles_from_text(&roles),
        active: r.get(5)?,
    })
}

fn insert_call(conn: &Connection, c: &CallRecord) -> Result<()> {
    let data = serde_json::to_string(c).map_err(|e| json_err(&e))?;
    conn.prepare_cached("INSERT INTO calls(number, category, received_at, phone, data) VALUES (?1, ?2, ?3, ?4, ?5)")
        .and_then(|mut st| {
            st.execute(params![c.number, c.category.code(), to_epoch(c.received_at), c.phone.as_str(), data])
        })
        .map_err(|e| StoreError::Sql(e.to_string()))?;
    Ok(())
}

/// The change stamp (migration 5): one row, bumped by triggers on every write.
fn stamp(conn: &Connection) -> rusqlite::Result<i64> {
    conn.prepare_cached("SELECT n FROM change_stamp WHERE id = 1")?.query_row([], |r| r.get(0))
}

/// How often a watcher on a `SQLite` file looks at the change stamp.
const WATCH_POLL: std::time::Duration = std::time::Duration::from_millis(200);

/// Watches a `SQLite` file from its own read-only connection by reading the one-row change
/// stamp every [`WATCH_POLL`]: a few microseconds, never a scan of the complaints.
struct SqliteWatch {
    conn: Connection,
    path: PathBuf,
    last: i64,
}

impl ChangeWatch for SqliteWatch {
    fn wait(&mut self, timeout: std::time::Duration) -> Result<Option<i64>> {
        let deadline = std::time::Instant::now() + timeout;
        loop {
            let now = stamp(&self.conn).map_err(|e| classify(&self.path, e))?;
            if now != self.last {
                self.last = now;
                return Ok(Some(now));
            }
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                return Ok(None);
            }
            std::thread::sleep(left.min(WATCH_POLL));
        }
    }
}

/// A history event from the eight columns `at, actor_id, actor_name, action, from_state,
/// to_state, note, changes` starting at column `at`.
fn event_from(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<HistoryEvent> {
    let action: String = r.get(at + 3)?;
    let from: Option<String> = r.get(at + 4)?;
    let to: String = r.get(at + 5)?;
    let changes: String = r.get(at + 7)?;
    Ok(HistoryEvent {
        at: from_epoch(r.get(at)?),
        actor: UserId(r.get::<_, Option<i64>>(at + 1)?.unwrap_or(0)),
        actor_name: r.get(at + 2)?,
        action: lifecycle::ActionKind::parse(&action).unwrap_or(lifecycle::ActionKind::Register),
        from_state: from.as_deref().and_then(ComplaintState::parse),
        to_state: ComplaintState::parse(&to).unwrap_or(ComplaintState::Registered),
        note: r.get(at + 6)?,
        changes: lifecycle::Changes::from_json(changes),
    })
}

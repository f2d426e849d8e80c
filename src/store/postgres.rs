//! The `PostgreSQL` implementation of [`Store`]: several desks on one server database.
//!
//! It behaves as [`super::SqliteStore`] does: a complaint is its JSON (`data`, TEXT) plus the
//! columns lists filter on, rewritten on every write; each workflow step is one transaction that
//! first locks the complaint's row (`SELECT … FOR UPDATE`), so two desks acting on one complaint
//! take turns and the second sees the first's result; history is append-only (triggers raise).
//! Search keeps each complaint's runs of letters and digits (`search::run_text`) and finds a term
//! as a substring of them. Attachments' bytes live in the database (the desks are on different
//! machines); [`Store::attachments`] hands out local copies in a cache folder.

use std::cell::RefCell;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::str::FromStr as _;
use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;
use postgres::error::SqlState;
use postgres::fallible_iterator::FallibleIterator as _;
use postgres::types::{FromSql, ToSql};
use postgres::{Client, Config, NoTls, Row, Transaction};
use sha2::{Digest, Sha256};

use super::search::{run_text, searchable, terms};
use super::snapshot::{AttachmentRecord, ComplaintRecord, HistoryDigest, Snapshot, Tally, UserRecord};
use super::{
    Attachment, ChangeWatch, CheckReport, ComplaintRow, ListFilter, NewUnit, Result, Scope, SortKey, Store, StoreError,
    pg_schema,
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

/// A parameter list for the `postgres` crate.
type Params = Vec<Box<dyn ToSql + Sync>>;

/// How long connecting waits for a server that does not answer, unless the URL says otherwise.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// Advisory lock keys that serialise number assignment per table across connections.
const LOCK_COMPLAINT_NUMBERS: i64 = 0x5244_0001;
const LOCK_CALL_NUMBERS: i64 = 0x5244_0002;
/// Held while the defaults are seeded (the same key as migrating).
const LOCK_SEED: i64 = 0x5244_534B;

/// A `RoadDesk` database on a `PostgreSQL` server.
pub struct PgStore {
    client: RefCell<Client>,
    config: Config,
    /// `host:port/database`, for messages (never the password).
    server: Arc<str>,
    /// Only this office's complaints, when set.
    scope: Option<i64>,
    ctx: RefCell<Option<Arc<ContextData>>>,
    /// A call found the connection gone (until [`Store::reconnect`]).
    lost: std::cell::Cell<bool>,
}

/// `host:port/database` of a connection setting.
fn server_name(config: &Config) -> String {
    let host = config.get_hosts().first().map_or_else(
        || "localhost".to_owned(),
        |h| match h {
            postgres::config::Host::Tcp(s) => s.clone(),
            #[cfg(unix)]
            postgres::config::Host::Unix(p) => p.display().to_string(),
        },
    );
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let db = config.get_dbname().or(config.get_user()).unwrap_or("postgres");
    format!("{host}:{port}/{db}")
}

/// Whether an error means the connection is gone (rather than a refused statement).
fn is_disconnect(e: &postgres::Error) -> bool {
    if e.is_closed() {
        return true;
    }
    if let Some(code) = e.code() {
        return [
            SqlState::ADMIN_SHUTDOWN,
            SqlState::CRASH_SHUTDOWN,
            SqlState::CANNOT_CONNECT_NOW,
            SqlState::CONNECTION_EXCEPTION,
            SqlState::CONNECTION_FAILURE,
            SqlState::CONNECTION_DOES_NOT_EXIST,
        ]
        .contains(code);
    }
    // No server error: the socket failed (io), or the connection ended.
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if s.is::<std::io::Error>() {
            return true;
        }
        source = s.source();
    }
    false
}

/// One Chinese sentence for a server error, naming the server when the connection is the problem.
fn classify(server: &str, e: &postgres::Error) -> StoreError {
    if is_disconnect(e) {
        return StoreError::Disconnected(format!("{server}（{}）", db_message(e)));
    }
    match e.code() {
        Some(c) if *c == SqlState::UNIQUE_VIOLATION => {
            StoreError::Duplicate(format!("数据重复或违反约束：{}", db_message(e)))
        }
        Some(c) if *c == SqlState::T_R_DEADLOCK_DETECTED || *c == SqlState::T_R_SERIALIZATION_FAILURE => {
            StoreError::Sql("与其他用户的操作同时发生，未保存，请重试".to_owned())
        }
        Some(c) if *c == SqlState::LOCK_NOT_AVAILABLE || *c == SqlState::QUERY_CANCELED => {
            StoreError::Sql(format!("数据库服务器 {server} 忙，请稍后重试"))
        }
        _ => StoreError::Sql(db_message(e)),
    }
}

/// The server's own message of an error, else the error with its causes (the crate's `Display`
/// says only “db error” or “error connecting to server”).
fn db_message(e: &postgres::Error) -> String {
    if let Some(d) = e.as_db_error() {
        return d.message().to_owned();
    }
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let _ = write!(text, ": {s}");
        source = s.source();
    }
    text
}

/// An error mapper that owns what it needs, so it can be used while the client is borrowed.
fn err_fn(server: &Arc<str>) -> impl Fn(postgres::Error) -> StoreError + use<> {
    let server = Arc::clone(server);
    move |e| classify(&server, &e)
}

fn json_err(e: &serde_json::Error) -> StoreError {
    StoreError::Sql(format!("数据格式有误：{e}"))
}

/// Read column `i` of a row.
fn get<'a, T: FromSql<'a>>(r: &'a Row, i: usize) -> Result<T> {
    r.try_get(i).map_err(|e| StoreError::Sql(format!("读取第{}列失败：{e}", i + 1)))
}

fn get_u32(r: &Row, i: usize) -> Result<u32> {
    let n: i64 = get(r, i)?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

fn opt_time(v: Option<i64>) -> Option<BizTime> {
    v.map(from_epoch)
}

fn code<T>(r: &Row, i: usize, parse: fn(&str) -> Option<T>) -> Result<T> {
    let s: String = get(r, i)?;
    parse(&s).ok_or_else(|| StoreError::Sql(format!("无法识别的代码：{s}")))
}

fn opt_code<T>(r: &Row, i: usize, parse: fn(&str) -> Option<T>) -> Result<Option<T>> {
    let s: Option<String> = get(r, i)?;
    s.map(|s| parse(&s).ok_or_else(|| StoreError::Sql(format!("无法识别的代码：{s}")))).transpose()
}

fn roles_to_text(roles: &[Role]) -> String {
    roles.iter().map(|r| r.code()).collect::<Vec<_>>().join(",")
}

fn roles_from_text(s: &str) -> Vec<Role> {
    s.split(',').filter_map(Role::parse).collect()
}

fn as_refs(p: &Params) -> Vec<&(dyn ToSql + Sync)> {
    p.iter().map(|b| b.as_ref() as &(dyn ToSql + Sync)).collect()
}

/// The lowercase hex SHA-256 of `bytes`.
fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// `.ext` of a file name, lowercased (empty when none).
fn ext_of(name: &str) -> String {
    Path::new(name).extension().map(|e| format!(".{}", e.to_string_lossy().to_lowercase())).unwrap_or_default()
}

/// The local folder holding copies of attachments fetched from the server.
#[must_use]
pub fn attachment_cache_dir() -> PathBuf {
    std::env::temp_dir().join("roaddesk-attachments")
}

/// Write `bytes` to `dest` unless a file of that size is there already (written under a
/// temporary name first, so a half-written copy never carries the hash name).
fn ensure_cached(dest: &Path, bytes: &[u8]) -> Result<()> {
    if std::fs::metadata(dest).is_ok_and(|m| m.len() == bytes.len() as u64) {
        return Ok(());
    }
    let dir = dest.parent().unwrap_or_else(|| Path::new("."));
    let io = |e: std::io::Error| StoreError::Io(format!("无法保存附件副本到 {}：{e}", dir.display()));
    std::fs::create_dir_all(dir).map_err(io)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(io)?;
    std::io::Write::write_all(&mut tmp, bytes).map_err(io)?;
    tmp.persist(dest).map_err(|e| io(e.error))?;
    Ok(())
}

impl PgStore {
    /// Connect to the server database at `url` (`postgres://user[:password]@host[:port]/db`),
    /// create or upgrade its tables, and seed the default settings on first use.
    pub fn connect(url: &str) -> Result<Self> {
        let mut config = Config::from_str(url).map_err(|e| {
            StoreError::Sql(format!("数据库服务器地址有误（应为 postgres://用户@主机:端口/数据库）：{e}"))
        })?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        if config.get_application_name().is_none() {
            config.application_name("roaddesk");
        }
        let server: Arc<str> = server_name(&config).into();
        let mut client = open_client(&config, &server)?;
        let err = err_fn(&server);
        if pg_schema::foreign_tables(&mut client).map_err(&err)? {
            return Err(StoreError::Sql(format!(
                "数据库服务器 {server} 上的这个数据库已有其他程序的表，不是 RoadDesk 数据库；请为 RoadDesk 新建一个空数据库"
            )));
        }
        let version = pg_schema::version(&mut client).map_err(&err)?;
        if version > pg_schema::latest() {
            return Err(StoreError::TooNew { found: version, supported: pg_schema::latest() });
        }
        pg_schema::migrate(&mut client, backfill).map_err(&err)?;
        let store = Self {
            client: RefCell::new(client),
            config,
            server,
            scope: None,
            ctx: RefCell::new(None),
            lost: std::cell::Cell::new(false),
        };
        store.seed_defaults()?;
        Ok(store)
    }

    /// `host:port/database` of the server (for messages; never the password).
    #[must_use]
    pub fn server(&self) -> &str {
        &self.server
    }

    fn err(&self) -> impl Fn(postgres::Error) -> StoreError + use<> {
        err_fn(&self.server)
    }

    /// Rows of a query.
    fn rows(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<Row>> {
        self.note(self.client.borrow_mut().query(sql, params).map_err(self.err()))
    }

    /// At most one row of a query.
    fn row(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Option<Row>> {
        self.note(self.client.borrow_mut().query_opt(sql, params).map_err(self.err()))
    }

    /// The one value of a query that always returns one row.
    fn value<T: for<'a> FromSql<'a>>(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<T> {
        let row = self.note(self.client.borrow_mut().query_one(sql, params).map_err(self.err()))?;
        get(&row, 0)
    }

    /// Run `f` in one transaction: committed when it returns `Ok`, rolled back otherwise.
    fn in_tx<T>(
        &mut self,
        f: impl FnOnce(&mut Transaction<'_>, &dyn Fn(postgres::Error) -> StoreError) -> Result<T>,
    ) -> Result<T> {
        let err = self.err();
        let client = self.client.get_mut();
        let result = (|| {
            let mut tx = client.transaction().map_err(&err)?;
            let out = f(&mut tx, &err)?;
            tx.commit().map_err(&err)?;
            Ok(out)
        })();
        self.note(result)
    }

    /// `r`, remembering a lost connection for [`Store::connection_lost`].
    fn note<T>(&self, r: Result<T>) -> Result<T> {
        if matches!(r, Err(StoreError::Disconnected(_))) {
            self.lost.set(true);
        }
        r
    }

    /// ` AND c.office_id = $n` when the connection is scoped to an office.
    fn scope_clause(&self, params: &mut Params) -> String {
        match self.scope {
            Some(office) => {
                params.push(Box::new(office));
                format!(" AND c.office_id = ${}", params.len())
            }
            None => String::new(),
        }
    }

    fn seed_defaults(&self) -> Result<()> {
        let err = self.err();
        let mut client = self.client.borrow_mut();
        let mut tx = client.transaction().map_err(&err)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&LOCK_SEED]).map_err(&err)?;
        // Seeded until present, so a first run cut short still gets its defaults.
        let seeded: bool = tx
            .query_one("SELECT EXISTS (SELECT 1 FROM settings WHERE key = 'deadline_rules')", &[])
            .map_err(&err)?
            .get(0);
        if !seeded {
            let mut cal = WorkCalendar::default();
            for (_, json) in WorkCalendar::builtin_files() {
                let (year, days) = WorkCalendar::parse_holiday_cn(json).map_err(|e| StoreError::Sql(e.to_string()))?;
                cal.import_year(year, days);
            }
            write_calendar(&mut tx, &cal).map_err(&err)?;
            put_setting(&mut tx, "deadline_rules", &DeadlineRules::default()).map_err(&err)?;
            put_setting(&mut tx, "revisit_policy", &RevisitPolicy::default()).map_err(&err)?;
            put_setting(&mut tx, "stats_settings", &StatsSettings::default()).map_err(&err)?;
        }
        tx.commit().map_err(&err)
    }

    fn setting<T: serde::de::DeserializeOwned + Default>(&self, key: &str) -> Result<T> {
        match self.row("SELECT value FROM settings WHERE key = $1", &[&key])? {
            Some(r) => serde_json::from_str(&get::<String>(&r, 0)?).map_err(|e| json_err(&e)),
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

    /// A complaint's id, version and JSON, within this connection's scope.
    fn load(&self, number: &str) -> Result<Option<(i64, i64, String)>> {
        let mut p: Params = vec![Box::new(number.to_owned())];
        let scope = self.scope_clause(&mut p);
        let sql = format!("SELECT id, version, data FROM complaints c WHERE number = $1{scope}");
        self.row(&sql, &as_refs(&p))?.map(|r| Ok((get(&r, 0)?, get(&r, 1)?, get(&r, 2)?))).transpose()
    }

    /// Apply `action` to `number` in one transaction; with `seen`, only if the stored version
    /// is still the one the user saw.
    fn act_inner(
        &mut self,
        number: &str,
        seen: Option<i64>,
        action: &Action,
        actor: &Actor,
        now: BizTime,
    ) -> Result<Complaint> {
        let number = number.trim().to_owned();
        let ctx_data = self.load_ctx()?;
        let ctx = ctx_data.context();
        let scope = self.scope;
        self.in_tx(|tx, err| {
            let target = match action {
                Action::LinkDuplicate { target } => Some(target.trim().to_owned()),
                _ => None,
            };
            // Lock every row this step writes, in id order, before reading them: a second desk
            // acting on the same complaint waits here and then reads this step's result.
            let mut numbers = vec![number.clone()];
            numbers.extend(target.clone());
            tx.query(
                "SELECT id FROM complaints WHERE number = ANY($1) AND ($2::BIGINT IS NULL OR office_id = $2)
                 ORDER BY id FOR UPDATE",
                &[&numbers, &scope],
            )
            .map_err(err)?;
            let (id, version, data) =
                load_tx(tx, &number, scope, err)?.ok_or_else(|| StoreError::NotFound(number.clone()))?;
            if let Some(seen) = seen
                && seen != version
            {
                return Err(conflict(tx, id, err)?);
            }
            let current: Complaint = serde_json::from_str(&data).map_err(|e| json_err(&e))?;
            let Transition { complaint, event } = lifecycle::apply(&current, action, actor, now, &ctx)?;
            if let Some(target) = &target {
                let (tid, tversion, tdata) = load_tx(tx, target, scope, err)?.ok_or_else(|| {
                    StoreError::Invalid(vec![FieldError::new("原工单编号", format!("找不到工单 {target}"))])
                })?;
                let tc: Complaint = serde_json::from_str(&tdata).map_err(|e| json_err(&e))?;
                let t = lifecycle::link_target(&tc, &number, actor, now)?;
                write_complaint(tx, Some((tid, tversion)), &t.complaint, &actor.name, now, err)?;
                append_history(tx, tid, &t.event).map_err(err)?;
            }
            write_complaint(tx, Some((id, version)), &complaint, &actor.name, now, err)?;
            append_history(tx, id, &event).map_err(err)?;
            Ok(complaint)
        })
    }
}

/// Connect with `config`, telling an unreachable server from a refused login.
fn open_client(config: &Config, server: &str) -> Result<Client> {
    config.connect(NoTls).map_err(|e| {
        let user = config.get_user().unwrap_or("");
        let db = config.get_dbname().unwrap_or(user);
        match e.code() {
            Some(c) if *c == SqlState::INVALID_PASSWORD || *c == SqlState::INVALID_AUTHORIZATION_SPECIFICATION => {
                StoreError::Sql(format!(
                    "数据库服务器 {server} 拒绝了用户“{user}”的登录：用户名或密码不对（{}）",
                    db_message(&e)
                ))
            }
            Some(c) if *c == SqlState::INVALID_CATALOG_NAME => StoreError::Sql(format!(
                "数据库服务器 {server} 上没有名为“{db}”的数据库，请管理员先创建（createdb {db}）"
            )),
            Some(c) if *c == SqlState::TOO_MANY_CONNECTIONS => {
                StoreError::Sql(format!("数据库服务器 {server} 的连接数已满，请稍后重试"))
            }
            _ if is_disconnect(&e) || e.as_db_error().is_none() => StoreError::Disconnected(format!(
                "无法连接数据库服务器 {server}，请检查网络和服务器是否开启（{}）",
                db_message(&e)
            )),
            _ => StoreError::Sql(format!("数据库服务器 {server}：{}", db_message(&e))),
        }
    })
}

/// Fill what a migration added from the complaints' JSON, in the migration's transaction.
fn backfill(tx: &mut Transaction<'_>, version: usize) -> std::result::Result<(), postgres::Error> {
    if version != 2 && version != 3 {
        return Ok(());
    }
    let rows = tx.query("SELECT id, data FROM complaints", &[])?;
    for r in rows {
        let id: i64 = r.get(0);
        let data: String = r.get(1);
        // A complaint that does not parse is left as it is; `check` reports it.
        let Ok(c) = serde_json::from_str::<Complaint>(&data) else { continue };
        if version == 2 {
            let f = StoredFacts::of(&c);
            tx.execute(
                "UPDATE complaints SET closed_on_time = $2, revisit_due = $3, satisfaction = $4,
                    unsatisfied_ever = $5, conclusion = $6, missed_late = $7 WHERE id = $1",
                &[
                    &id,
                    &f.closed_on_time,
                    &f.revisit_due,
                    &f.satisfaction.map(Satisfaction::code),
                    &f.unsatisfied_ever,
                    &f.conclusion.map(Conclusion::code),
                    &f.missed_late,
                ],
            )?;
        } else {
            tx.execute("UPDATE complaints SET search_text = $2 WHERE id = $1", &[&id, &run_text(&searchable(&c))])?;
        }
    }
    Ok(())
}

fn put_setting<T: serde::Serialize>(
    tx: &mut Transaction<'_>,
    key: &str,
    value: &T,
) -> std::result::Result<(), postgres::Error> {
    let json = serde_json::to_string(value).expect("settings serialise");
    tx.execute(
        "INSERT INTO settings(key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        &[&key, &json],
    )?;
    Ok(())
}

fn write_calendar(tx: &mut Transaction<'_>, cal: &WorkCalendar) -> std::result::Result<(), postgres::Error> {
    tx.execute("DELETE FROM calendar_days", &[])?;
    tx.execute("DELETE FROM calendar_years", &[])?;
    for y in cal.years() {
        tx.execute("INSERT INTO calendar_years(year) VALUES ($1)", &[&i64::from(y)])?;
    }
    let st = tx.prepare(
        "INSERT INTO calendar_days(date, year, name, off) VALUES ($1, $2, $3, $4)
         ON CONFLICT (date) DO UPDATE SET year = excluded.year, name = excluded.name, off = excluded.off",
    )?;
    for d in cal.days() {
        let date = d.date.format("%Y-%m-%d").to_string();
        tx.execute(&st, &[&date, &i64::from(chrono::Datelike::year(&d.date)), &d.name, &d.off])?;
    }
    Ok(())
}

/// Read a complaint's id, version and value by number inside a transaction.
fn load_tx(
    tx: &mut Transaction<'_>,
    number: &str,
    scope: Option<i64>,
    err: &dyn Fn(postgres::Error) -> StoreError,
) -> Result<Option<(i64, i64, String)>> {
    tx.query_opt(
        "SELECT id, version, data FROM complaints WHERE number = $1 AND ($2::BIGINT IS NULL OR office_id = $2)",
        &[&number, &scope],
    )
    .map_err(err)?
    .map(|r| Ok((get(&r, 0)?, get(&r, 1)?, get(&r, 2)?)))
    .transpose()
}

/// The conflict error naming who changed complaint `id` last, and when.
fn conflict(tx: &mut Transaction<'_>, id: i64, err: &dyn Fn(postgres::Error) -> StoreError) -> Result<StoreError> {
    let r = tx.query_one("SELECT updated_by, updated_at FROM complaints WHERE id = $1", &[&id]).map_err(err)?;
    let (who, at): (String, i64) = (get(&r, 0)?, get(&r, 1)?);
    Ok(StoreError::Conflict { who, at: from_epoch(at).format("%H:%M").to_string() })
}

/// Insert (`existing` None) or update a complaint row from its value; checks the version on update.
fn write_complaint(
    tx: &mut Transaction<'_>,
    existing: Option<(i64, i64)>,
    c: &Complaint,
    by: &str,
    now: BizTime,
    err: &dyn Fn(postgres::Error) -> StoreError,
) -> Result<i64> {
    let data = serde_json::to_string(c).map_err(|e| json_err(&e))?;
    let due = c.next_due();
    let facts = StoredFacts::of(c);
    let plate = c.plate.as_ref().map(|p| p.as_str().to_owned());
    let (office, station) = (c.office.map(|u| u.0), c.station.map(|s| s.0));
    let due_step = due.map(|d| d.step.code());
    let due_started = due.map(|d| to_epoch(d.started_at));
    let due_at = due.map(|d| to_epoch(d.due_at));
    let paused = c.paused_since.map(to_epoch);
    let (urges, reopens) = (i64::from(c.urge_count), i64::from(c.reopen_count));
    let closed = c.closed_at.map(to_epoch);
    let (accepted, updated) = (to_epoch(c.accepted_at), to_epoch(now));
    let satisfaction = facts.satisfaction.map(Satisfaction::code);
    let conclusion = facts.conclusion.map(Conclusion::code);
    let search = run_text(&searchable(c));
    let values: [&(dyn ToSql + Sync); 30] = [
        &c.number,
        &c.kind.code(),
        &c.source.code(),
        &c.category.code(),
        &c.grade.code(),
        &c.state.code(),
        &c.provincial_number,
        &accepted,
        &c.complainant,
        &c.phone.as_str(),
        &plate,
        &office,
        &station,
        &due_step,
        &due_started,
        &due_at,
        &paused,
        &urges,
        &reopens,
        &closed,
        &updated,
        &by,
        &data,
        &facts.closed_on_time,
        &facts.revisit_due,
        &satisfaction,
        &facts.unsatisfied_ever,
        &conclusion,
        &facts.missed_late,
        &search,
    ];
    match existing {
        None => {
            let row = tx
                .query_one(
                    "INSERT INTO complaints(number, kind, source, category, grade, state, provincial_number,
                        accepted_at, complainant, phone, plate, office_id, station_id, due_step, due_started_at,
                        due_at, paused_since, urge_count, reopen_count, closed_at, updated_at, updated_by, data,
                        closed_on_time, revisit_due, satisfaction, unsatisfied_ever, conclusion, missed_late,
                        search_text)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
                        $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30)
                     RETURNING id",
                    &values,
                )
                .map_err(|e| match e.code() {
                    Some(code) if *code == SqlState::UNIQUE_VIOLATION => {
                        StoreError::Duplicate(format!("工单编号{}已存在", c.number))
                    }
                    _ => err(e),
                })?;
            get(&row, 0)
        }
        Some((id, version)) => {
            let mut all: Vec<&(dyn ToSql + Sync)> = values.to_vec();
            all.push(&id);
            all.push(&version);
            let n = tx
                .execute(
                    "UPDATE complaints SET number = $1, kind = $2, source = $3, category = $4, grade = $5,
                        state = $6, provincial_number = $7, accepted_at = $8, complainant = $9, phone = $10,
                        plate = $11, office_id = $12, station_id = $13, due_step = $14, due_started_at = $15,
                        due_at = $16, paused_since = $17, urge_count = $18, reopen_count = $19, closed_at = $20,
                        updated_at = $21, updated_by = $22, data = $23, closed_on_time = $24, revisit_due = $25,
                        satisfaction = $26, unsatisfied_ever = $27, conclusion = $28, missed_late = $29,
                        search_text = $30, version = version + 1
                     WHERE id = $31 AND version = $32",
                    &all,
                )
                .map_err(err)?;
            if n == 0 {
                return Err(conflict(tx, id, err)?);
            }
            Ok(id)
        }
    }
}

fn append_history(
    tx: &mut Transaction<'_>,
    complaint_id: i64,
    e: &HistoryEvent,
) -> std::result::Result<(), postgres::Error> {
    let seq: i64 =
        tx.query_one("SELECT COALESCE(MAX(seq), 0) + 1 FROM history WHERE complaint_id = $1", &[&complaint_id])?.get(0);
    insert_history(tx, complaint_id, seq, e)
}

/// Write one history row with its sequence number within the complaint.
fn insert_history(
    tx: &mut Transaction<'_>,
    complaint_id: i64,
    seq: i64,
    e: &HistoryEvent,
) -> std::result::Result<(), postgres::Error> {
    tx.execute(
        "INSERT INTO history(complaint_id, seq, at, actor_id, actor_name, action, from_state, to_state, note, changes)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        &[
            &complaint_id,
            &seq,
            &to_epoch(e.at),
            &e.actor.0,
            &e.actor_name,
            &e.action.code(),
            &e.from_state.map(ComplaintState::code),
            &e.to_state.code(),
            &e.note,
            &e.changes.as_json(),
        ],
    )?;
    Ok(())
}

/// The next free number `PREFIX + yyyymmdd + 5 digits` for the day of `now`. The advisory lock
/// (held to the end of the transaction) keeps two desks from drawing the same number.
fn next_number(
    tx: &mut Transaction<'_>,
    table: &str,
    prefix: &str,
    now: BizTime,
) -> std::result::Result<String, postgres::Error> {
    let lock = if table == "calls" { LOCK_CALL_NUMBERS } else { LOCK_COMPLAINT_NUMBERS };
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&lock])?;
    let day = format!("{prefix}{}", now.format("%Y%m%d"));
    let last: Option<String> = tx
        .query_opt(
            &format!("SELECT number FROM {table} WHERE number BETWEEN $1 AND $2 ORDER BY number DESC LIMIT 1"),
            &[&format!("{day}00000"), &format!("{day}99999")],
        )?
        .map(|r| r.get(0));
    let seq = last.and_then(|n| n[day.len()..].parse::<u32>().ok()).unwrap_or(0) + 1;
    Ok(format!("{day}{seq:05}"))
}

const ROW_COLUMNS: &str = "c.number, c.kind, c.source, c.category, c.grade, c.state, c.accepted_at, c.complainant,
    c.phone, c.plate, u.name, s.name, c.provincial_number, c.due_step, c.due_started_at, c.due_at, c.paused_since,
    c.urge_count, c.reopen_count";

fn row_from(r: &Row) -> Result<ComplaintRow> {
    let step: Option<String> = get(r, 13)?;
    Ok(ComplaintRow {
        number: get(r, 0)?,
        kind: code(r, 1, ItemKind::parse)?,
        source: code(r, 2, Source::parse)?,
        category: code(r, 3, Category::parse)?,
        grade: code(r, 4, Grade::parse)?,
        state: code(r, 5, ComplaintState::parse)?,
        accepted_at: from_epoch(get(r, 6)?),
        complainant: get(r, 7)?,
        phone: get(r, 8)?,
        plate: get(r, 9)?,
        office: get(r, 10)?,
        station: get(r, 11)?,
        provincial_number: get(r, 12)?,
        due_step: step.as_deref().and_then(Step::parse),
        due_started_at: opt_time(get(r, 14)?),
        due_at: opt_time(get(r, 15)?),
        paused_since: opt_time(get(r, 16)?),
        urge_count: get_u32(r, 17)?,
        reopen_count: get_u32(r, 18)?,
    })
}

/// Whether the fact columns (from index 6 of `check`'s query) hold what `f` says.
fn stored_facts_agree(f: StoredFacts, r: &Row) -> Result<bool> {
    Ok(get::<Option<bool>>(r, 6)? == f.closed_on_time
        && get::<bool>(r, 7)? == f.revisit_due
        && get::<Option<String>>(r, 8)?.as_deref() == f.satisfaction.map(Satisfaction::code)
        && get::<bool>(r, 9)? == f.unsatisfied_ever
        && get::<Option<String>>(r, 10)?.as_deref() == f.conclusion.map(Conclusion::code)
        && get::<bool>(r, 11)? == f.missed_late)
}

/// The facts of one complaint from the columns `facts` selects, as they stand at `now`.
fn facts_from(r: &Row, now: BizTime) -> Result<ComplaintFacts> {
    Ok(ComplaintFacts {
        number: get(r, 0)?,
        kind: code(r, 1, ItemKind::parse)?,
        source: code(r, 2, Source::parse)?,
        category: code(r, 3, Category::parse)?,
        office: get::<Option<i64>>(r, 4)?.map(UnitId),
        station: get::<Option<i64>>(r, 5)?.map(StationId),
        accepted_at: from_epoch(get(r, 6)?),
        state: code(r, 7, ComplaintState::parse)?,
        closed_at: opt_time(get(r, 8)?),
        closed_on_time: get(r, 9)?,
        revisit_due: get(r, 10)?,
        satisfaction: opt_code(r, 11, Satisfaction::parse)?,
        unsatisfied_ever: get(r, 12)?,
        conclusion: opt_code(r, 13, Conclusion::parse)?,
        overdue: overdue_at(get(r, 14)?, opt_time(get(r, 15)?), now),
        urge_count: get_u32(r, 16)?,
        reopen_count: get_u32(r, 17)?,
    })
}

/// A history event from the eight columns `at, actor_id, actor_name, action, from_state,
/// to_state, note, changes` starting at column `at`.
fn event_from(r: &Row, at: usize) -> Result<HistoryEvent> {
    let action: String = get(r, at + 3)?;
    let from: Option<String> = get(r, at + 4)?;
    let to: String = get(r, at + 5)?;
    Ok(HistoryEvent {
        at: from_epoch(get(r, at)?),
        actor: UserId(get::<Option<i64>>(r, at + 1)?.unwrap_or(0)),
        actor_name: get(r, at + 2)?,
        action: lifecycle::ActionKind::parse(&action).unwrap_or(lifecycle::ActionKind::Register),
        from_state: from.as_deref().and_then(ComplaintState::parse),
        to_state: ComplaintState::parse(&to).unwrap_or(ComplaintState::Registered),
        note: get(r, at + 6)?,
        changes: lifecycle::Changes::from_json(get(r, at + 7)?),
    })
}

fn user_from(r: &Row) -> Result<User> {
    let roles: String = get(r, 4)?;
    Ok(User {
        id: UserId(get(r, 0)?),
        login: get(r, 1)?,
        name: get(r, 2)?,
        unit: UnitId(get(r, 3)?),
        roles: roles_from_text(&roles),
        active: get(r, 5)?,
    })
}

fn insert_call(tx: &mut Transaction<'_>, c: &CallRecord, err: &dyn Fn(postgres::Error) -> StoreError) -> Result<()> {
    let data = serde_json::to_string(c).map_err(|e| json_err(&e))?;
    tx.execute(
        "INSERT INTO calls(number, category, received_at, phone, data) VALUES ($1, $2, $3, $4, $5)",
        &[&c.number, &c.category.code(), &to_epoch(c.received_at), &c.phone.as_str(), &data],
    )
    .map_err(err)?;
    Ok(())
}

/// The WHERE clause (from ` WHERE 1 = 1`) and parameters of a list filter, search words included.
fn where_clause(f: &ListFilter, scope: Option<i64>) -> (String, Params) {
    let mut sql = String::from(" WHERE 1 = 1");
    let mut p: Params = Vec::new();
    let push = |p: &mut Params, v: Box<dyn ToSql + Sync>| {
        p.push(v);
        format!("${}", p.len())
    };
    if let Some(office) = scope {
        let m = push(&mut p, Box::new(office));
        let _ = write!(sql, " AND c.office_id = {m}");
    }
    if !f.states.is_empty() {
        let states: Vec<String> = f.states.iter().map(|s| s.code().to_owned()).collect();
        let m = push(&mut p, Box::new(states));
        let _ = write!(sql, " AND c.state = ANY({m})");
    }
    let mut eq = |col: &str, v: Box<dyn ToSql + Sync>, p: &mut Params| {
        let m = push(p, v);
        let _ = write!(sql, " AND {col} = {m}");
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
        let m = push(&mut p, Box::new(to_epoch(start_of_day(d))));
        let _ = write!(sql, " AND c.accepted_at >= {m}");
    }
    if let Some(d) = f.to {
        let m = push(&mut p, Box::new(to_epoch(start_of_day(d.succ_opt().unwrap_or(d)))));
        let _ = write!(sql, " AND c.accepted_at < {m}");
    }
    if let Some(now) = f.overdue_at {
        let m = push(&mut p, Box::new(to_epoch(now)));
        let _ = write!(sql, " AND c.due_at IS NOT NULL AND c.due_at < COALESCE(c.paused_since, {m})");
    }
    if let Some((lo, hi)) = f.due_between {
        let a = push(&mut p, Box::new(to_epoch(lo)));
        let b = push(&mut p, Box::new(to_epoch(hi)));
        let _ = write!(sql, " AND c.due_at >= {a} AND c.due_at < {b}");
    }
    if let Some(now) = f.missed_at {
        // The earliest open due time is past, or some deadline was met after its due time.
        let m = push(&mut p, Box::new(to_epoch(now)));
        let _ = write!(
            sql,
            " AND (c.due_at < {m} OR EXISTS (SELECT 1 FROM jsonb_array_elements(c.data::jsonb -> 'deadlines') d
                WHERE d ->> 'met_at' IS NOT NULL
                  AND (d ->> 'met_at')::timestamptz > (d ->> 'due_at')::timestamptz))"
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
              AND c.data::jsonb ->> 'extension' IS NOT NULL AND c.data::jsonb #>> '{extension,granted}' IS NULL",
        );
    }
    for term in f.search.as_deref().map(terms).unwrap_or_default() {
        let m = push(&mut p, Box::new(term));
        let _ = write!(sql, " AND c.search_text LIKE '%' || {m} || '%'");
    }
    (sql, p)
}

impl Store for PgStore {
    fn units(&self) -> Result<Vec<Unit>> {
        self.rows("SELECT id, name, kind, parent_id, phone FROM units ORDER BY id", &[])?
            .iter()
            .map(|r| {
                let kind: String = get(r, 2)?;
                Ok(Unit {
                    id: UnitId(get(r, 0)?),
                    name: get(r, 1)?,
                    kind: UnitKind::parse(&kind).unwrap_or(UnitKind::Segment),
                    parent: get::<Option<i64>>(r, 3)?.map(UnitId),
                    phone: get(r, 4)?,
                })
            })
            .collect()
    }

    fn stations(&self) -> Result<Vec<Station>> {
        self.rows("SELECT id, name, office_id FROM stations ORDER BY office_id, id", &[])?
            .iter()
            .map(|r| Ok(Station { id: StationId(get(r, 0)?), name: get(r, 1)?, office: UnitId(get(r, 2)?) }))
            .collect()
    }

    fn users(&self) -> Result<Vec<User>> {
        self.rows("SELECT id, login, name, unit_id, roles, active FROM users ORDER BY id", &[])?
            .iter()
            .map(user_from)
            .collect()
    }

    fn user_by_login(&self, login: &str) -> Result<Option<(User, String)>> {
        self.row(
            "SELECT id, login, name, unit_id, roles, active, password_hash FROM users WHERE login = $1",
            &[&login.trim()],
        )?
        .map(|r| Ok((user_from(&r)?, get(&r, 6)?)))
        .transpose()
    }

    fn add_unit(&mut self, unit: &NewUnit) -> Result<UnitId> {
        let row = self
            .row(
                "INSERT INTO units(name, kind, parent_id, phone) VALUES ($1, $2, $3, $4) RETURNING id",
                &[&unit.name, &unit.kind.code(), &unit.parent.map(|p| p.0), &unit.phone],
            )
            .map_err(|e| match e {
                StoreError::Duplicate(_) => StoreError::Duplicate(format!("单位“{}”已存在", unit.name)),
                other => other,
            })?;
        self.invalidate();
        Ok(UnitId(get(&row.expect("RETURNING gives a row"), 0)?))
    }

    fn add_station(&mut self, name: &str, office: UnitId) -> Result<StationId> {
        let row = self
            .row("INSERT INTO stations(name, office_id) VALUES ($1, $2) RETURNING id", &[&name, &office.0])
            .map_err(|e| match e {
            StoreError::Duplicate(_) => StoreError::Duplicate(format!("收费站“{name}”已存在")),
            other => other,
        })?;
        self.invalidate();
        Ok(StationId(get(&row.expect("RETURNING gives a row"), 0)?))
    }

    fn add_user(
        &mut self,
        login: &str,
        name: &str,
        unit: UnitId,
        roles: &[Role],
        password_hash: &str,
    ) -> Result<UserId> {
        let row = self
            .row(
                "INSERT INTO users(login, name, unit_id, roles, password_hash) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                &[&login, &name, &unit.0, &roles_to_text(roles), &password_hash],
            )
            .map_err(|e| match e {
                StoreError::Duplicate(_) => StoreError::Duplicate(format!("登录名“{login}”已存在")),
                other => other,
            })?;
        Ok(UserId(get(&row.expect("RETURNING gives a row"), 0)?))
    }

    fn set_signature(&mut self, user: UserId, png: Option<&[u8]>) -> Result<()> {
        if let Some(png) = png {
            super::check_signature_png(png)?;
        }
        let n = self.in_tx(|tx, err| {
            tx.execute("UPDATE users SET signature_png = $1 WHERE id = $2", &[&png, &user.0]).map_err(err)
        })?;
        if n == 0 {
            return Err(StoreError::Invalid(vec![FieldError::new("用户", format!("找不到编号为 {} 的用户", user.0))]));
        }
        Ok(())
    }

    fn signature(&self, user: UserId) -> Result<Option<Vec<u8>>> {
        Ok(self
            .row("SELECT signature_png FROM users WHERE id = $1", &[&user.0])?
            .map(|r| get(&r, 0))
            .transpose()?
            .flatten())
    }

    fn rules(&self) -> Result<DeadlineRules> {
        self.setting("deadline_rules")
    }

    fn set_rules(&mut self, rules: &DeadlineRules) -> Result<()> {
        self.in_tx(|tx, err| put_setting(tx, "deadline_rules", rules).map_err(err))?;
        self.invalidate();
        Ok(())
    }

    fn revisit_policy(&self) -> Result<RevisitPolicy> {
        self.setting("revisit_policy")
    }

    fn set_revisit_policy(&mut self, policy: &RevisitPolicy) -> Result<()> {
        revisit::check_policy(policy).map_err(StoreError::Invalid)?;
        self.in_tx(|tx, err| put_setting(tx, "revisit_policy", policy).map_err(err))?;
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
        self.in_tx(|tx, err| put_setting(tx, "stats_settings", &settings).map_err(err))
    }

    fn calendar(&self) -> Result<WorkCalendar> {
        let mut days = Vec::new();
        for r in self.rows("SELECT date, name, off FROM calendar_days ORDER BY date", &[])? {
            let date: String = get(&r, 0)?;
            if let Ok(date) = NaiveDate::parse_from_str(&date, "%Y-%m-%d") {
                days.push(CalendarDay { date, name: get(&r, 1)?, off: get(&r, 2)? });
            }
        }
        let years = self
            .rows("SELECT year FROM calendar_years ORDER BY year", &[])?
            .iter()
            .map(|r| Ok(i32::try_from(get::<i64>(r, 0)?).unwrap_or(i32::MAX)))
            .collect::<Result<Vec<_>>>()?;
        Ok(WorkCalendar::from_days(days, years))
    }

    fn import_calendar_year(&mut self, year: i32, days: &[CalendarDay]) -> Result<()> {
        let mut cal = self.calendar()?;
        cal.import_year(year, days.to_vec());
        self.in_tx(|tx, err| write_calendar(tx, &cal).map_err(err))?;
        self.invalidate();
        Ok(())
    }

    fn context_data(&self) -> Result<ContextData> {
        Ok((*self.load_ctx()?).clone())
    }

    fn register(&mut self, draft: Complaint, actor: &Actor, now: BizTime) -> Result<Complaint> {
        let mut numbers = self.register_all(vec![draft], actor, now)?;
        let number = numbers.pop().expect("one registered");
        self.complaint(&number)?.ok_or(StoreError::NotFound(number))
    }

    fn register_all(&mut self, drafts: Vec<Complaint>, actor: &Actor, now: BizTime) -> Result<Vec<String>> {
        let ctx_data = self.load_ctx()?;
        let ctx = ctx_data.context();
        self.in_tx(|tx, err| {
            let mut numbers = Vec::with_capacity(drafts.len());
            for mut draft in drafts {
                draft.number = next_number(tx, "complaints", "TS", now).map_err(err)?;
                let Transition { complaint, event } = lifecycle::register(draft, actor, now, &ctx)?;
                let id = write_complaint(tx, None, &complaint, &actor.name, now, err)?;
                append_history(tx, id, &event).map_err(err)?;
                numbers.push(complaint.number);
            }
            Ok(numbers)
        })
    }

    fn act(&mut self, number: &str, action: &Action, actor: &Actor, now: BizTime) -> Result<Complaint> {
        self.act_inner(number, None, action, actor, now)
    }

    fn complaint(&self, number: &str) -> Result<Option<Complaint>> {
        match self.load(number.trim())? {
            Some((_, _, data)) => serde_json::from_str(&data).map(Some).map_err(|e| json_err(&e)),
            None => Ok(None),
        }
    }

    fn by_provincial_number(&self, provincial: &str) -> Result<Option<String>> {
        let mut p: Params = vec![Box::new(provincial.trim().to_owned())];
        let scope = self.scope_clause(&mut p);
        let sql = format!("SELECT number FROM complaints c WHERE provincial_number = $1{scope} LIMIT 1");
        self.row(&sql, &as_refs(&p))?.map(|r| get(&r, 0)).transpose()
    }

    fn history(&self, number: &str) -> Result<Vec<HistoryEvent>> {
        let mut p: Params = vec![Box::new(number.trim().to_owned())];
        let scope = self.scope_clause(&mut p);
        let sql = format!(
            "SELECT h.at, h.actor_id, h.actor_name, h.action, h.from_state, h.to_state, h.note, h.changes
             FROM history h JOIN complaints c ON c.id = h.complaint_id WHERE c.number = $1{scope} ORDER BY h.seq"
        );
        self.rows(&sql, &as_refs(&p))?.iter().map(|r| event_from(r, 0)).collect()
    }

    fn list(&self, f: &ListFilter) -> Result<Vec<ComplaintRow>> {
        let (filter, params) = where_clause(f, self.scope);
        let order = match f.sort {
            SortKey::AcceptedDesc => "c.accepted_at DESC, c.id DESC",
            SortKey::AcceptedAsc => "c.accepted_at, c.id",
            SortKey::DueAsc => "c.due_at IS NULL, c.due_at, c.accepted_at, c.id",
            SortKey::Number => "c.number",
        };
        let limit = f.limit.map_or_else(|| "ALL".to_owned(), |l| l.to_string());
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM complaints c LEFT JOIN units u ON u.id = c.office_id
             LEFT JOIN stations s ON s.id = c.station_id{filter} ORDER BY {order} LIMIT {limit} OFFSET {}",
            f.offset
        );
        self.rows(&sql, &as_refs(&params))?.iter().map(row_from).collect()
    }

    fn count(&self, f: &ListFilter) -> Result<u64> {
        self.count_up_to(f, u64::MAX)
    }

    fn count_up_to(&self, f: &ListFilter, cap: u64) -> Result<u64> {
        let (filter, params) = where_clause(f, self.scope);
        let limit = if cap >= i64::MAX.unsigned_abs() { String::new() } else { format!(" LIMIT {cap}") };
        let sql = format!("SELECT count(*) FROM (SELECT 1 FROM complaints c{filter}{limit}) x");
        Ok(self.value::<i64>(&sql, &as_refs(&params))?.unsigned_abs())
    }

    fn state_counts(&self, office: Option<UnitId>) -> Result<Vec<(ComplaintState, u64)>> {
        // A scoped connection counts its own office only.
        let office = self.scope.or(office.map(|o| o.0));
        let found: Vec<(String, i64)> = self
            .rows(
                "SELECT state, SUM(n)::BIGINT FROM state_counts WHERE ($1::BIGINT IS NULL OR office_id = $1)
                 GROUP BY state",
                &[&office],
            )?
            .iter()
            .map(|r| Ok((get(r, 0)?, get(r, 1)?)))
            .collect::<Result<_>>()?;
        Ok(ComplaintState::ALL
            .iter()
            .map(|s| {
                let n = found.iter().find(|(code, _)| code == s.code()).map_or(0, |(_, n)| *n);
                (*s, n.unsigned_abs())
            })
            .collect())
    }

    fn recent_similar(&self, plate: Option<&str>, phone: &str, since: BizTime) -> Result<Vec<ComplaintRow>> {
        let mut p: Params =
            vec![Box::new(plate.map(str::to_owned)), Box::new(phone.to_owned()), Box::new(to_epoch(since))];
        let scope = self.scope_clause(&mut p);
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM complaints c LEFT JOIN units u ON u.id = c.office_id
             LEFT JOIN stations s ON s.id = c.station_id
             WHERE c.accepted_at >= $3 AND c.state <> 'duplicate' AND (c.phone = $2 OR c.plate = $1){scope}
             ORDER BY c.accepted_at DESC, c.id DESC LIMIT 20"
        );
        self.rows(&sql, &as_refs(&p))?.iter().map(row_from).collect()
    }

    fn facts(&self, from: NaiveDate, to: NaiveDate, now: BizTime) -> Result<Vec<ComplaintFacts>> {
        let lo = to_epoch(start_of_day(from));
        let hi = to_epoch(start_of_day(to.succ_opt().unwrap_or(to)));
        let mut p: Params = vec![Box::new(lo), Box::new(hi)];
        let scope = self.scope_clause(&mut p);
        let sql = format!(
            "SELECT number, kind, source, category, office_id, station_id, accepted_at, state, closed_at,
                closed_on_time, revisit_due, satisfaction, unsatisfied_ever, conclusion, missed_late, due_at,
                urge_count, reopen_count
             FROM complaints c WHERE accepted_at >= $1 AND accepted_at < $2{scope} ORDER BY accepted_at, id"
        );
        self.rows(&sql, &as_refs(&p))?.iter().map(|r| facts_from(r, now)).collect()
    }

    fn closed_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Complaint>> {
        let lo = to_epoch(start_of_day(from));
        let hi = to_epoch(start_of_day(to.succ_opt().unwrap_or(to)));
        let mut p: Params = vec![Box::new(lo), Box::new(hi)];
        let scope = self.scope_clause(&mut p);
        let sql = format!(
            "SELECT data FROM complaints c WHERE closed_at >= $1 AND closed_at < $2 AND state = 'closed'{scope}
             ORDER BY closed_at, id"
        );
        self.rows(&sql, &as_refs(&p))?
            .iter()
            .map(|r| serde_json::from_str(&get::<String>(r, 0)?).map_err(|e| json_err(&e)))
            .collect()
    }

    fn insert_generated(&mut self, items: &[(Complaint, Vec<HistoryEvent>)]) -> Result<()> {
        self.in_tx(|tx, err| {
            for (c, events) in items {
                let by = events.last().map_or("demo", |e| e.actor_name.as_str());
                let at = events.last().map_or(c.accepted_at, |e| e.at);
                let id = write_complaint(tx, None, c, by, at, err)?;
                for (seq, e) in (1..).zip(events) {
                    insert_history(tx, id, seq, e).map_err(err)?;
                }
            }
            Ok(())
        })
    }

    fn register_call(&mut self, mut draft: CallRecord, actor: &Actor, now: BizTime) -> Result<CallRecord> {
        lifecycle::may_register(actor)?;
        self.in_tx(|tx, err| {
            draft.number = next_number(tx, "calls", "LD", now).map_err(err)?;
            insert_call(tx, &draft, err)
        })?;
        Ok(draft)
    }

    fn insert_calls(&mut self, calls: &[CallRecord]) -> Result<()> {
        self.in_tx(|tx, err| calls.iter().try_for_each(|c| insert_call(tx, c, err)))
    }

    fn calls(&self, limit: u32) -> Result<Vec<CallRecord>> {
        self.rows("SELECT data FROM calls ORDER BY received_at DESC, id DESC LIMIT $1", &[&i64::from(limit)])?
            .iter()
            .map(|r| serde_json::from_str(&get::<String>(r, 0)?).map_err(|e| json_err(&e)))
            .collect()
    }

    fn call(&self, number: &str) -> Result<Option<CallRecord>> {
        self.row("SELECT data FROM calls WHERE number = $1", &[&number.trim()])?
            .map(|r| serde_json::from_str(&get::<String>(&r, 0)?).map_err(|e| json_err(&e)))
            .transpose()
    }

    fn calls_awaiting_revisit(&self, limit: u32) -> Result<Vec<CallRecord>> {
        let policy = self.revisit_policy()?;
        let mut out = Vec::new();
        // Which calls need a revisit follows from the number and category alone, so only those
        // rows are parsed; whether they are still open needs their attempts.
        for r in self.rows("SELECT number, category, data FROM calls ORDER BY received_at, id", &[])? {
            let number: String = get(&r, 0)?;
            let category: String = get(&r, 1)?;
            let data: &str = get(&r, 2)?;
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
        let number = number.trim().to_owned();
        let policy = self.load_ctx()?.policy;
        self.in_tx(|tx, err| {
            let data: String = tx
                .query_opt("SELECT data FROM calls WHERE number = $1 FOR UPDATE", &[&number])
                .map_err(err)?
                .map(|r| get(&r, 0))
                .transpose()?
                .ok_or_else(|| StoreError::CallNotFound(number.clone()))?;
            let call: CallRecord = serde_json::from_str(&data).map_err(|e| json_err(&e))?;
            let updated = revisit::revisit_call(&call, input, actor, now, &policy)?;
            let json = serde_json::to_string(&updated).map_err(|e| json_err(&e))?;
            // The attempts are appended to the call's own record: earlier ones are kept as they were.
            let changed = tx
                .execute("UPDATE calls SET data = $2 WHERE number = $1 AND data = $3", &[&number, &json, &data])
                .map_err(err)?;
            if changed != 1 {
                return Err(StoreError::Conflict { who: "其他用户".into(), at: "刚才".into() });
            }
            Ok(updated)
        })
    }

    fn add_attachment(&mut self, number: &str, file: &Path, actor: &Actor, now: BizTime) -> Result<Attachment> {
        let number = number.trim().to_owned();
        if self.load(&number)?.is_none() {
            return Err(StoreError::NotFound(number));
        }
        let bytes = std::fs::read(file).map_err(|e| StoreError::Io(format!("无法读取附件 {}：{e}", file.display())))?;
        let hash = sha256_hex(&bytes);
        let file_name = file.file_name().map_or_else(|| "附件".to_owned(), |n| n.to_string_lossy().into_owned());
        let dest = attachment_cache_dir().join(format!("{hash}{}", ext_of(&file_name)));
        let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
        let scope = self.scope;
        self.in_tx(|tx, err| {
            let (id, _, _) = load_tx(tx, &number, scope, err)?.ok_or_else(|| StoreError::NotFound(number.clone()))?;
            tx.execute(
                "INSERT INTO attachments(complaint_id, file_name, sha256, size, added_at, added_by, bytes)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
                &[
                    &id,
                    &file_name,
                    &hash,
                    &i64::try_from(size).unwrap_or(i64::MAX),
                    &to_epoch(now),
                    &actor.name,
                    &bytes,
                ],
            )
            .map_err(err)?;
            Ok(())
        })?;
        ensure_cached(&dest, &bytes)?;
        Ok(Attachment { file_name, sha256: hash, size, added_at: now, added_by: actor.name.clone(), path: dest })
    }

    fn attachments(&self, number: &str) -> Result<Vec<Attachment>> {
        let dir = attachment_cache_dir();
        let mut p: Params = vec![Box::new(number.trim().to_owned())];
        let scope = self.scope_clause(&mut p);
        let sql = format!(
            "SELECT a.id, a.file_name, a.sha256, a.size, a.added_at, a.added_by FROM attachments a
             JOIN complaints c ON c.id = a.complaint_id WHERE c.number = $1{scope} ORDER BY a.id"
        );
        let mut out = Vec::new();
        for r in self.rows(&sql, &as_refs(&p))? {
            let id: i64 = get(&r, 0)?;
            let file_name: String = get(&r, 1)?;
            let sha256: String = get(&r, 2)?;
            let size = get::<i64>(&r, 3)?.unsigned_abs();
            let path = dir.join(format!("{sha256}{}", ext_of(&file_name)));
            // Fetch the bytes only when this machine has no copy yet.
            if !std::fs::metadata(&path).is_ok_and(|m| m.len() == size) {
                let bytes: Vec<u8> = self.value("SELECT bytes FROM attachments WHERE id = $1", &[&id])?;
                ensure_cached(&path, &bytes)?;
            }
            out.push(Attachment {
                path,
                file_name,
                sha256,
                size,
                added_at: from_epoch(get(&r, 4)?),
                added_by: get(&r, 5)?,
            });
        }
        Ok(out)
    }

    fn backup(&self, _dest: &Path) -> Result<()> {
        Err(StoreError::Io(format!(
            "服务器模式请由管理员使用 pg_dump 备份（数据库在服务器 {} 上，本机不保存数据库文件）",
            self.server
        )))
    }

    fn check(&self) -> Result<CheckReport> {
        let mut report = CheckReport::default();
        let count = |sql: &str| -> Result<u64> { Ok(self.value::<i64>(sql, &[])?.unsigned_abs()) };
        report.complaints = count("SELECT count(*) FROM complaints")?;
        report.history_events = count("SELECT count(*) FROM history")?;
        report.calls = count("SELECT count(*) FROM calls")?;
        report.attachments = count("SELECT count(*) FROM attachments")?;
        report.schema_version = self.value("SELECT version FROM schema_version", &[])?;
        let rows = self.rows(
            "SELECT c.number, c.state, c.data,
                (SELECT count(*) FROM history h WHERE h.complaint_id = c.id),
                (SELECT max(seq) FROM history h WHERE h.complaint_id = c.id),
                (SELECT to_state FROM history h WHERE h.complaint_id = c.id ORDER BY seq DESC LIMIT 1),
                c.closed_on_time, c.revisit_due, c.satisfaction, c.unsatisfied_ever, c.conclusion, c.missed_late,
                c.search_text
             FROM complaints c ORDER BY c.id",
            &[],
        )?;
        for r in &rows {
            let number: String = get(r, 0)?;
            let state: String = get(r, 1)?;
            let data: String = get(r, 2)?;
            let n: i64 = get(r, 3)?;
            let max: Option<i64> = get(r, 4)?;
            let last: Option<String> = get(r, 5)?;
            let search: String = get(r, 12)?;
            match serde_json::from_str::<Complaint>(&data) {
                Err(e) => report.problems.push(format!("工单{number}：数据无法读取（{e}）")),
                Ok(c) if c.state.code() != state || c.number != number => {
                    report.problems.push(format!("工单{number}：索引列与工单数据不一致"));
                }
                Ok(c) if !stored_facts_agree(StoredFacts::of(&c), r)? => {
                    report.problems.push(format!("工单{number}：统计列与工单数据不一致"));
                }
                Ok(c) if run_text(&searchable(&c)) != search => {
                    report.problems.push(format!("工单{number}：检索文字与工单数据不一致"));
                }
                Ok(_) => {}
            }
            report.problems.extend(super::history_problem(&number, &state, n, max, last.as_deref()));
        }
        let wrong_counts = count(
            "SELECT (SELECT count(*) FROM (
                SELECT COALESCE(office_id, 0), state, count(*) FROM complaints GROUP BY 1, 2
                EXCEPT SELECT office_id, state, n FROM state_counts WHERE n > 0) a)
              + (SELECT count(*) FROM (
                SELECT office_id, state, n FROM state_counts WHERE n > 0
                EXCEPT SELECT COALESCE(office_id, 0), state, count(*) FROM complaints GROUP BY 1, 2) b)",
        )?;
        if wrong_counts > 0 {
            report.problems.push("各状态工单数的汇总与工单本身不符".into());
        }
        // The bytes are in the database: check them against their recorded size and hash.
        for r in self.rows(
            "SELECT file_name, size <> length(bytes), sha256 <> encode(sha256(bytes), 'hex') FROM attachments
             WHERE size <> length(bytes) OR sha256 <> encode(sha256(bytes), 'hex') ORDER BY id",
            &[],
        )? {
            let name: String = get(&r, 0)?;
            if get::<bool>(&r, 1)? {
                report.problems.push(format!("附件“{name}”大小与记录不符"));
            } else {
                report.problems.push(format!("附件“{name}”内容与记录的校验值不符"));
            }
        }
        Ok(report)
    }

    fn is_empty(&self) -> Result<bool> {
        Ok(self.value::<i64>("SELECT count(*) FROM users", &[])? == 0)
    }

    fn snapshot(&self) -> Result<Snapshot> {
        let users = self
            .rows(
                "SELECT id, login, name, unit_id, roles, active, password_hash, signature_png FROM users ORDER BY id",
                &[],
            )?
            .iter()
            .map(|r| Ok(UserRecord { user: user_from(r)?, password_hash: get(r, 6)?, signature: get(r, 7)? }))
            .collect::<Result<_>>()?;
        let settings = self
            .rows("SELECT key, value FROM settings ORDER BY key", &[])?
            .iter()
            .map(|r| Ok((get(r, 0)?, get(r, 1)?)))
            .collect::<Result<_>>()?;
        let mut complaints: Vec<(i64, ComplaintRecord)> = Vec::new();
        for r in self.rows("SELECT id, data, updated_by, updated_at FROM complaints ORDER BY id", &[])? {
            let data: String = get(&r, 1)?;
            complaints.push((
                get(&r, 0)?,
                ComplaintRecord {
                    complaint: serde_json::from_str(&data).map_err(|e| json_err(&e))?,
                    history: Vec::new(),
                    updated_by: get(&r, 2)?,
                    updated_at: from_epoch(get(&r, 3)?),
                    attachments: Vec::new(),
                },
            ));
        }
        let index: std::collections::HashMap<i64, usize> =
            complaints.iter().enumerate().map(|(i, (id, _))| (*id, i)).collect();
        for r in self.rows(
            "SELECT complaint_id, at, actor_id, actor_name, action, from_state, to_state, note, changes
             FROM history ORDER BY complaint_id, seq",
            &[],
        )? {
            let event = event_from(&r, 1)?;
            if let Some(i) = index.get(&get::<i64>(&r, 0)?) {
                complaints[*i].1.history.push(event);
            }
        }
        for r in self.rows(
            "SELECT complaint_id, file_name, sha256, added_at, added_by, bytes FROM attachments ORDER BY id",
            &[],
        )? {
            let record = AttachmentRecord {
                file_name: get(&r, 1)?,
                sha256: get(&r, 2)?,
                added_at: from_epoch(get(&r, 3)?),
                added_by: get(&r, 4)?,
                bytes: get(&r, 5)?,
            };
            if let Some(i) = index.get(&get::<i64>(&r, 0)?) {
                complaints[*i].1.attachments.push(record);
            }
        }
        let calls = self
            .rows("SELECT data FROM calls ORDER BY id", &[])?
            .iter()
            .map(|r| serde_json::from_str(&get::<String>(r, 0)?).map_err(|e| json_err(&e)))
            .collect::<Result<_>>()?;
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

    fn restore(&mut self, snapshot: &Snapshot) -> Result<()> {
        let server = Arc::clone(&self.server);
        self.in_tx(|tx, err| {
            // Nobody else writes while the copy goes in (a desk connecting meanwhile waits).
            tx.batch_execute("LOCK TABLE units, stations, users, settings, complaints, calls IN EXCLUSIVE MODE")
                .map_err(err)?;
            let used: bool = tx
                .query_one(
                    "SELECT EXISTS (SELECT 1 FROM units) OR EXISTS (SELECT 1 FROM users)
                        OR EXISTS (SELECT 1 FROM complaints) OR EXISTS (SELECT 1 FROM calls)",
                    &[],
                )
                .map_err(err)?
                .get(0);
            if used {
                return Err(StoreError::Sql(format!(
                    "数据库服务器 {server} 上的 RoadDesk 数据库已有数据，只能迁移到空数据库"
                )));
            }
            // Ids are kept: the complaints' JSON names units, stations and users by id.
            for u in &snapshot.units {
                tx.execute(
                    "INSERT INTO units(id, name, kind, parent_id, phone) VALUES ($1, $2, $3, NULL, $4)",
                    &[&u.id.0, &u.name, &u.kind.code(), &u.phone],
                )
                .map_err(err)?;
            }
            for u in snapshot.units.iter().filter(|u| u.parent.is_some()) {
                tx.execute("UPDATE units SET parent_id = $2 WHERE id = $1", &[&u.id.0, &u.parent.map(|p| p.0)])
                    .map_err(err)?;
            }
            for st in &snapshot.stations {
                tx.execute(
                    "INSERT INTO stations(id, name, office_id) VALUES ($1, $2, $3)",
                    &[&st.id.0, &st.name, &st.office.0],
                )
                .map_err(err)?;
            }
            for u in &snapshot.users {
                tx.execute(
                    "INSERT INTO users(id, login, name, unit_id, roles, password_hash, active, signature_png)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    &[
                        &u.user.id.0,
                        &u.user.login,
                        &u.user.name,
                        &u.user.unit.0,
                        &roles_to_text(&u.user.roles),
                        &u.password_hash,
                        &u.user.active,
                        &u.signature,
                    ],
                )
                .map_err(err)?;
            }
            for table in ["units", "stations", "users"] {
                tx.batch_execute(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(max(id), 0) + 1, false) FROM {table}"
                ))
                .map_err(err)?;
            }
            tx.execute("DELETE FROM settings", &[]).map_err(err)?;
            for (key, value) in &snapshot.settings {
                tx.execute("INSERT INTO settings(key, value) VALUES ($1, $2)", &[key, value]).map_err(err)?;
            }
            write_calendar(tx, &snapshot.calendar).map_err(err)?;
            for rec in &snapshot.complaints {
                let id = write_complaint(tx, None, &rec.complaint, &rec.updated_by, rec.updated_at, err)?;
                for (seq, e) in (1..).zip(&rec.history) {
                    insert_history(tx, id, seq, e).map_err(err)?;
                }
                for a in &rec.attachments {
                    tx.execute(
                        "INSERT INTO attachments(complaint_id, file_name, sha256, size, added_at, added_by, bytes)
                         VALUES ($1, $2, $3, $4, $5, $6, $7)",
                        &[
                            &id,
                            &a.file_name,
                            &a.sha256,
                            &i64::try_from(a.bytes.len()).unwrap_or(i64::MAX),
                            &to_epoch(a.added_at),
                            &a.added_by,
                            &a.bytes,
                        ],
                    )
                    .map_err(err)?;
                }
            }
            snapshot.calls.iter().try_for_each(|c| insert_call(tx, c, err))
        })?;
        self.invalidate();
        Ok(())
    }

    fn tally(&self) -> Result<Tally> {
        let count = |sql: &str| -> Result<u64> { Ok(self.value::<i64>(sql, &[])?.unsigned_abs()) };
        let mut digest = HistoryDigest::default();
        // Bytewise order of the numbers, as SQLite sorts them, whatever the server's collation.
        for r in self.rows(
            "SELECT c.number, h.seq, h.at, h.actor_id, h.actor_name, h.action, h.from_state, h.to_state, h.note,
                h.changes
             FROM history h JOIN complaints c ON c.id = h.complaint_id ORDER BY c.number COLLATE \"C\", h.seq",
            &[],
        )? {
            let number: String = get(&r, 0)?;
            digest.add(&number, get(&r, 1)?, &event_from(&r, 2)?);
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

    fn set_scope(&mut self, scope: Scope) {
        self.scope = scope.office().map(|u| u.0);
    }

    fn complaint_versioned(&self, number: &str) -> Result<Option<(Complaint, i64)>> {
        match self.load(number.trim())? {
            Some((_, version, data)) => {
                serde_json::from_str(&data).map(|c| Some((c, version))).map_err(|e| json_err(&e))
            }
            None => Ok(None),
        }
    }

    fn act_seen(&mut self, number: &str, seen: i64, action: &Action, actor: &Actor, now: BizTime) -> Result<Complaint> {
        self.act_inner(number, Some(seen), action, actor, now)
    }

    fn change_stamp(&self) -> Result<i64> {
        self.value("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM change_stamp_seq", &[])
    }

    fn watch(&self) -> Result<Box<dyn ChangeWatch>> {
        let mut client = open_client(&self.config, &self.server)?;
        let err = self.err();
        client.batch_execute(&format!("LISTEN {}", pg_schema::CHANNEL)).map_err(&err)?;
        let schema: String = client.query_one("SELECT current_schema()", &[]).map_err(&err)?.get(0);
        Ok(Box::new(PgWatch { client, server: Arc::clone(&self.server), schema, last: 0 }))
    }

    fn connection_lost(&self) -> bool {
        self.lost.get() || self.client.borrow().is_closed()
    }

    fn reconnect(&mut self) -> Result<()> {
        let client = open_client(&self.config, &self.server)?;
        *self.client.get_mut() = client;
        self.lost.set(false);
        self.invalidate();
        Ok(())
    }
}

/// How long a woken watcher waits for the rest of a burst of notifications.
const WATCH_SETTLE: Duration = Duration::from_millis(100);

/// Listens on its own connection for the notifications every committed write sends.
struct PgWatch {
    client: Client,
    server: Arc<str>,
    /// The schema whose changes count (the payload is `<schema> <stamp>`).
    schema: String,
    /// The highest stamp reported so far.
    last: i64,
}

impl ChangeWatch for PgWatch {
    fn wait(&mut self, timeout: Duration) -> Result<Option<i64>> {
        let err = err_fn(&self.server);
        let mut newest: Option<i64> = None;
        let schema = &self.schema;
        let last = self.last;
        let ours = |n: &postgres::Notification| -> Option<i64> {
            let (from, stamp) = n.payload().split_once(' ')?;
            (from == schema).then(|| stamp.parse::<i64>().unwrap_or(last + 1))
        };
        let deadline = std::time::Instant::now() + timeout;
        // Other schemas' notifications may come first: wait on until one of ours, or the deadline.
        while newest.is_none() {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            let Some(first) = self.client.notifications().timeout_iter(left).next().map_err(&err)? else {
                if self.client.is_closed() {
                    return Err(StoreError::Disconnected(format!("{}（监听连接已关闭）", self.server)));
                }
                break;
            };
            newest = newest.max(ours(&first));
            // One transaction sends one notification per statement: take what has arrived too.
            let mut notes = self.client.notifications();
            let mut pending = notes.iter();
            while let Some(n) = pending.next().map_err(&err)? {
                newest = newest.max(ours(&n));
            }
            if left.is_zero() {
                break;
            }
        }
        // Transactions committed together may notify in several packets: having woken, wait a
        // little for the stamp drawn last (unless it belongs to a step that rolled back or is
        // still running), so one wake reports them all and the next wait does not repeat them.
        if newest.is_some() {
            let drawn: i64 = self
                .client
                .query_one("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM change_stamp_seq", &[])
                .map_err(&err)?
                .get(0);
            let settle = std::time::Instant::now() + WATCH_SETTLE;
            while newest < Some(drawn) {
                let left = settle.saturating_duration_since(std::time::Instant::now());
                match self.client.notifications().timeout_iter(left).next().map_err(&err)? {
                    Some(n) => newest = newest.max(ours(&n)),
                    None => break,
                }
            }
        }
        Ok(newest.map(|n| {
            self.last = self.last.max(n);
            self.last
        }))
    }
}

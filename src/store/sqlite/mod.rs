//! The embedded engine: a `RoadDesk` database in one `SQLite` file, for one desk. The store's
//! behaviour is `shared.rs`'s; this folder holds what is `SQLite`'s own:
//!
//! - `conn` — the connection as the shared code's `Db`, and the errors' sentences;
//! - `schema` — the migrations (`PRAGMA user_version`) and their steps;
//! - `fts` and `write` — the FTS5 bigram index a search walks newest first, kept beside each
//!   complaint row;
//! - `bulk` — loading generated complaints in one transaction, the index sorted at the end;
//! - `watch` — the one-row change stamp another desk's window polls.
//!
//! Writes take the file's write lock first (`BEGIN IMMEDIATE`), so a step never waits half done.
//! Attachments are files beside the database, named by their SHA-256.

mod bulk;
mod conn;
mod fts;
mod schema;
mod watch;
mod write;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

pub use bulk::{BulkWriter, PreparedBatch};
use conn::{Conn, STATEMENT_CACHE, sql_err};
use write::{Prepared, write_prepared};

use crate::domain::lifecycle::HistoryEvent;
use crate::domain::time::BizTime;
use crate::domain::work::Complaint;
use crate::store::columns::ext_of;
use crate::store::db::{Cells, Db, Value, vals};
use crate::store::engine::{Common, Engine};
use crate::store::error::{Result, StoreError};
use crate::store::queries::{self, Dialect, Existing, ListQuery};
use crate::store::search::{SearchPlan, plan};
use crate::store::types::{ChangeWatch, CheckReport, SortKey};

/// A `RoadDesk` database in one `SQLite` file.
pub struct SqliteStore {
    conn: Connection,
    path: PathBuf,
    common: Common,
}

/// How long a write waits for another program's write lock before 数据库正被另一个程序占用.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(3);

/// Complaints from which a database without planner statistics gets them on open.
const ANALYZE_FROM: i64 = 1000;

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
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        Self::check_header(&conn, path, create)?;
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)).map_err(&err)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::ReadOnly(path.to_owned()));
        }
        conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;").map_err(&err)?;
        schema::migrate(&mut conn, path)?;
        // Seeded on every open until present, so a first run cut short still gets its defaults.
        let tx = conn.transaction().map_err(&err)?;
        queries::seed_defaults(&mut Conn::new(&tx, path))?;
        tx.commit().map_err(&err)?;
        let store = Self { conn, path: path.to_owned(), common: Common::default() };
        store.plan_statistics()?;
        Ok(store)
    }

    /// The first read of the header: a file that is not `SQLite`, another program's database,
    /// an empty file `open` must not make into a database, or one from a newer version.
    fn check_header(conn: &Connection, path: &Path, create: bool) -> Result<()> {
        let mut db = Conn::new(conn, path);
        let version = db.one("PRAGMA user_version", &[], |r| r.int(0))?;
        let app_id = db.one("PRAGMA application_id", &[], |r| r.int(0))?;
        let tables = db.one("SELECT count(*) FROM sqlite_master", &[], |r| r.int(0))?;
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
        Ok(())
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

    /// Run `f` with a writer for generated data, all in one transaction: everything or nothing.
    ///
    /// In WAL mode a large transaction is written twice (to the WAL, then checkpointed into the
    /// file); a rollback journal writes new pages once and is just as atomic, so the load runs
    /// with one when no other connection prevents the switch, and WAL comes back afterwards.
    pub fn bulk<T>(&mut self, f: impl FnOnce(&mut BulkWriter<'_>) -> Result<T>) -> Result<T> {
        let err = sql_err(&self.path);
        let switched = self
            .conn
            .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get::<_, String>(0))
            .is_ok_and(|m| m.eq_ignore_ascii_case("delete"));
        // Random-order index inserts (phone, plate, number) over a growing file thrash the
        // default 2 MB page cache; a large load gets a larger one for its duration.
        self.conn.execute_batch("PRAGMA cache_size = -262144").map_err(&err)?;
        let result = (|| {
            let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(&err)?;
            let mut w = BulkWriter::new(tx, &self.path);
            // One count at the end instead of a trigger per row; all inside the transaction.
            w.conn().batch(schema::DROP_STATE_COUNT_TRIGGERS)?;
            let out = f(&mut w)?;
            w.conn().batch(&format!("{}{}", schema::RECOUNT_STATES, schema::STATE_COUNT_TRIGGERS))?;
            w.commit()?;
            Ok(out)
        })();
        self.conn.execute_batch("PRAGMA cache_size = -2000").map_err(&err)?;
        if switched {
            self.conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0)).map_err(&err)?;
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
        self.conn.execute_batch("PRAGMA analysis_limit = 1000; ANALYZE;").map_err(sql_err(&self.path))
    }

    /// On open: statistics for a database that has grown large without them (a center's own
    /// growth, or one made by an older version), else `SQLite`'s own check for stale ones.
    fn plan_statistics(&self) -> Result<()> {
        let mut db = self.db();
        // sqlite_stat1 exists only once ANALYZE has run: ask for it before reading it.
        let analysed = db
            .one("SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1')", &[], |r| r.flag(0))?
            && db.one("SELECT EXISTS (SELECT 1 FROM sqlite_stat1 WHERE tbl = 'complaints')", &[], |r| r.flag(0))?;
        let large =
            db.one("SELECT EXISTS (SELECT 1 FROM complaints LIMIT 1 OFFSET ?1)", &vals![ANALYZE_FROM - 1], |r| {
                r.flag(0)
            })?;
        let batch = if !analysed && large {
            "PRAGMA analysis_limit = 1000; ANALYZE;"
        } else {
            "PRAGMA analysis_limit = 1000; PRAGMA optimize = 0x10002;"
        };
        // Statistics are a hint for the planner and writing them needs the write lock: while
        // another program holds it, open without waiting (the next open writes them).
        let err = sql_err(&self.path);
        self.conn.busy_timeout(std::time::Duration::ZERO).map_err(&err)?;
        let written = self.conn.execute_batch(batch);
        self.conn.busy_timeout(BUSY_TIMEOUT).map_err(&err)?;
        match written.map_err(&err) {
            Err(StoreError::Locked(_)) => Ok(()),
            other => other,
        }
    }

    /// Check the stored files of the attachments against their rows.
    fn check_attachment_files(&self, report: &mut CheckReport) -> Result<()> {
        let files = self.db().rows("SELECT file_name, sha256, size FROM attachments", &[], |r| {
            Ok((r.text(0)?, r.text(1)?, r.int(2)?.unsigned_abs()))
        })?;
        let dir = self.attachments_dir();
        for (name, hash, size) in files {
            let p = dir.join(format!("{hash}{}", ext_of(&name)));
            match std::fs::metadata(&p) {
                Ok(m) if m.len() == size => {}
                Ok(_) => report.problems.push(format!("附件“{name}”大小与记录不符：{}", p.display())),
                Err(_) => report.problems.push(format!("附件“{name}”的文件缺失：{}", p.display())),
            }
        }
        Ok(())
    }

    /// Copy the attachment files beside the backup at `dest`, or the backup would open with
    /// every attachment missing.
    fn backup_attachments(&self, dest: &Path) -> Result<()> {
        let from = self.attachments_dir();
        if !from.is_dir() {
            return Ok(());
        }
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
        Ok(())
    }
}

impl Engine for SqliteStore {
    type Db<'a> = Conn<'a>;
    type Tx<'a> = Conn<'a>;

    const DIALECT: Dialect = Dialect {
        no_limit: "-1",
        met_late: "SELECT 1 FROM json_each(c.data, '$.deadlines') d
            WHERE d.value ->> 'met_at' IS NOT NULL
              AND unixepoch(d.value ->> 'met_at', 'subsec') > unixepoch(d.value ->> 'due_at', 'subsec')",
        extension_pending: "c.data ->> '$.extension' IS NOT NULL AND c.data ->> '$.extension.granted' IS NULL",
        bytewise: "",
        lock_rows: "",
        schema_version: "PRAGMA user_version",
    };

    fn db(&self) -> Conn<'_> {
        Conn::new(&self.conn, &self.path)
    }

    fn in_tx<T>(&mut self, f: impl FnOnce(&mut Conn<'_>) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql_err(&self.path))?;
        let out = f(&mut Conn::new(&tx, &self.path))?;
        tx.commit().map_err(sql_err(&self.path))?;
        Ok(out)
    }

    fn common(&self) -> &Common {
        &self.common
    }

    fn common_mut(&mut self) -> &mut Common {
        &mut self.common
    }

    fn write(tx: &mut Conn<'_>, old: Option<Existing<'_>>, c: &Complaint, by: &str, now: BizTime) -> Result<i64> {
        write_prepared(tx, old, c, &Prepared::of(c)?, by, now, None)
    }

    /// The bigram index's MATCH, the complaints joined back through the search key.
    fn search(q: &mut ListQuery, words: &str) {
        if let SearchPlan::Match(expr) = plan(words) {
            let m = q.param(expr);
            let _ = write!(q.filter, " AND fts.complaint_search MATCH {m}");
            q.from = fts::SEARCH_FROM;
            q.search = true;
        }
    }

    fn order(search: bool, sort: SortKey) -> &'static str {
        match (search, sort) {
            // The index walks its matches in key order, newest accepted first (see `fts::key`).
            (true, SortKey::AcceptedDesc) => "fts.rowid DESC",
            (true, SortKey::AcceptedAsc) => "fts.rowid",
            (_, SortKey::AcceptedDesc) => "c.accepted_at DESC, c.id DESC",
            (_, SortKey::AcceptedAsc) => "c.accepted_at, c.id",
            (_, SortKey::DueAsc) => "c.due_at IS NULL, c.due_at, c.accepted_at",
            (_, SortKey::Number) => "c.number",
        }
    }

    fn count_sql<'q>(q: &'q ListQuery, limit: &str) -> (String, &'q [Value<'static>]) {
        if q.search && !q.narrowed {
            // Only a search word: the index alone counts, without reading a complaint.
            let sql =
                format!("SELECT count(*) FROM (SELECT 1 FROM complaint_search WHERE complaint_search MATCH ?1{limit})");
            return (sql, &q.params[q.params.len() - 1..]);
        }
        (format!("SELECT count(*) FROM (SELECT 1 FROM {}{}{limit})", q.from, q.filter), &q.params)
    }

    fn insert_generated(&mut self, items: &[(Complaint, Vec<HistoryEvent>)]) -> Result<()> {
        let batch = PreparedBatch::new(items.to_vec())?;
        self.bulk(|w| w.write(&batch))
    }

    const ATTACHMENT_BYTES_IN_DB: bool = false;

    fn attachment_folder(&self) -> PathBuf {
        self.attachments_dir()
    }

    /// Copied under a temporary name first, so a half-written file never carries the hash name.
    fn keep_copy(&self, path: &Path, bytes: &[u8]) -> Result<()> {
        let dir = path.parent().unwrap_or_else(|| Path::new("."));
        std::fs::create_dir_all(dir).map_err(|e| StoreError::Io(format!("无法创建附件目录 {}：{e}", dir.display())))?;
        if !path.exists() {
            let tmp = path.with_extension("part");
            std::fs::write(&tmp, bytes)
                .and_then(|()| std::fs::rename(&tmp, path))
                .map_err(|e| StoreError::Io(format!("无法保存附件：{e}")))?;
        }
        Ok(())
    }

    fn backup(&self, dest: &Path) -> Result<()> {
        if dest.exists() {
            return Err(StoreError::Io(format!("备份文件已存在：{}（请换一个文件名）", dest.display())));
        }
        self.conn
            .backup(rusqlite::MAIN_DB, dest, None::<fn(rusqlite::backup::Progress)>)
            .map_err(|e| StoreError::Io(format!("备份到 {} 失败：{e}", dest.display())))?;
        self.backup_attachments(dest)
    }

    /// `SQLite`'s own integrity check, the foreign keys, and the full-text index's integrity.
    fn check_storage(&self, report: &mut CheckReport) -> Result<()> {
        let mut db = self.db();
        let lines = db.rows("PRAGMA integrity_check", &[], |r| r.text(0))?;
        if lines != ["ok"] {
            report.problems.extend(lines.into_iter().map(|l| format!("SQLite 完整性检查：{l}")));
        }
        let fk = db.one("SELECT count(*) FROM pragma_foreign_key_check", &[], |r| r.int(0))?.unsigned_abs();
        if fk > 0 {
            report.problems.push(format!("有{fk}条记录引用了不存在的数据（外键）"));
        }
        if let Err(e) =
            self.conn.execute("INSERT INTO complaint_search(complaint_search) VALUES ('integrity-check')", [])
        {
            report.problems.push(format!("全文检索索引损坏：{e}"));
        }
        Ok(())
    }

    fn check_attachments(&self, report: &mut CheckReport) -> Result<()> {
        self.check_attachment_files(report)
    }

    fn change_stamp(&self) -> Result<i64> {
        watch::stamp(&mut self.db())
    }

    fn reconnect(&mut self) -> Result<()> {
        Ok(())
    }

    fn connection_lost(&self) -> bool {
        false
    }

    fn watch(&self) -> Result<Box<dyn ChangeWatch>> {
        let err = sql_err(&self.path);
        let conn =
            Connection::open_with_flags(&self.path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
                .map_err(&err)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(&err)?;
        let last = watch::stamp(&mut Conn::new(&conn, &self.path))?;
        Ok(Box::new(watch::SqliteWatch { conn, path: self.path.clone(), last }))
    }
}

//! The server engine: several desks on one `PostgreSQL` database. The store's behaviour is
//! `shared.rs`'s, the same as on a file; this folder holds what is the server's own:
//!
//! - `conn` — the client and transactions as the shared code's `Db`, and the errors'
//!   sentences (a lost connection among them);
//! - `schema` — the migrations (table `schema_version`, under an advisory lock) and their steps;
//! - `write` — a complaint's row with its search text (`search::run_text`; a search term is a
//!   substring of it);
//! - `restore` — filling an empty database from another (`roaddesk migrate`);
//! - `watch` — `LISTEN`ing for the notification every committed write sends.
//!
//! Each workflow step is one transaction that first locks the complaint's row (`SELECT … FOR
//! UPDATE`), so two desks acting on one complaint take turns and the second sees the first's
//! result; numbers are drawn under an advisory lock. Attachments' bytes live in the database
//! (the desks are on different machines); [`Store::attachments`](crate::store::Store::attachments)
//! hands out local copies in a cache folder.

mod conn;
mod restore;
mod schema;
mod watch;
mod write;

use std::cell::{Cell, RefCell};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::str::FromStr as _;
use std::sync::Arc;
use std::time::Duration;

use postgres::error::SqlState;
use postgres::{Client, Config, NoTls, Transaction};

use conn::{PgDb, classify, db_message, is_disconnect};

use crate::domain::lifecycle::HistoryEvent;
use crate::domain::time::BizTime;
use crate::domain::work::Complaint;
use crate::store::db::{Cells, Db, vals};
use crate::store::engine::{Common, Engine};
use crate::store::error::{Result, StoreError};
use crate::store::queries::{self, Dialect, Existing, ListQuery};
use crate::store::search::terms;
use crate::store::snapshot::Snapshot;
use crate::store::types::{ChangeWatch, CheckReport, Scope, SortKey};

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
    common: Common,
    /// A call found the connection gone (until [`Store::reconnect`](crate::store::Store::reconnect)).
    lost: Cell<bool>,
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
        let err = |e: postgres::Error| classify(&server, &e);
        if schema::foreign_tables(&mut client).map_err(err)? {
            return Err(StoreError::Sql(format!(
                "数据库服务器 {server} 上的这个数据库已有其他程序的表，不是 RoadDesk 数据库；请为 RoadDesk 新建一个空数据库"
            )));
        }
        let version = schema::version(&mut client).map_err(err)?;
        if version > schema::latest() {
            return Err(StoreError::TooNew { found: version, supported: schema::latest() });
        }
        schema::migrate(&mut client, &server)?;
        let mut store =
            Self { client: RefCell::new(client), config, server, common: Common::default(), lost: Cell::new(false) };
        store.in_tx(|tx| {
            tx.execute("SELECT pg_advisory_xact_lock(?1)", &vals![LOCK_SEED])?;
            queries::seed_defaults(tx)
        })?;
        Ok(store)
    }

    /// `host:port/database` of the server (for messages; never the password).
    #[must_use]
    pub fn server(&self) -> &str {
        &self.server
    }

    /// `r`, remembering a lost connection for `Store::connection_lost`.
    fn note<T>(&self, r: Result<T>) -> Result<T> {
        if matches!(r, Err(StoreError::Disconnected(_))) {
            self.lost.set(true);
        }
        r
    }
}

impl Engine for PgStore {
    type Db<'a> = PgDb<'a, &'a RefCell<Client>>;
    type Tx<'a> = PgDb<'a, Transaction<'a>>;

    const DIALECT: Dialect = Dialect {
        no_limit: "ALL",
        met_late: "SELECT 1 FROM jsonb_array_elements(c.data::jsonb -> 'deadlines') d
            WHERE d ->> 'met_at' IS NOT NULL AND (d ->> 'met_at')::timestamptz > (d ->> 'due_at')::timestamptz",
        extension_pending: "c.data::jsonb ->> 'extension' IS NOT NULL AND c.data::jsonb #>> '{extension,granted}' IS NULL",
        // Bytewise order of the numbers, as SQLite sorts them, whatever the server's collation.
        bytewise: " COLLATE \"C\"",
        lock_rows: " FOR UPDATE",
        schema_version: "SELECT version FROM schema_version",
    };
    const SEARCH_COLUMN: Option<&'static str> = Some(write::SEARCH_COLUMN);

    fn db(&self) -> Self::Db<'_> {
        PgDb::new(&self.client, &self.server, Some(&self.lost))
    }

    fn in_tx<T>(&mut self, f: impl FnOnce(&mut Self::Tx<'_>) -> Result<T>) -> Result<T> {
        let (server, lost) = (&*self.server, &self.lost);
        let client = self.client.get_mut();
        let result = (|| {
            let tx = client.transaction().map_err(|e| classify(server, &e))?;
            let mut db = PgDb::new(tx, server, Some(lost));
            let out = f(&mut db)?;
            db.into_session().commit().map_err(|e| classify(server, &e))?;
            Ok(out)
        })();
        self.note(result)
    }

    fn common(&self) -> &Common {
        &self.common
    }

    fn common_mut(&mut self) -> &mut Common {
        &mut self.common
    }

    fn write(tx: &mut Self::Tx<'_>, old: Option<Existing<'_>>, c: &Complaint, by: &str, now: BizTime) -> Result<i64> {
        write::write(tx, old, c, by, now)
    }

    fn search_text(c: &Complaint) -> String {
        write::search_text(c)
    }

    /// The advisory lock (held to the end of the transaction) keeps two desks from drawing the
    /// same number.
    fn lock_numbers(tx: &mut Self::Tx<'_>, table: &str) -> Result<()> {
        let lock = if table == "calls" { LOCK_CALL_NUMBERS } else { LOCK_COMPLAINT_NUMBERS };
        tx.execute("SELECT pg_advisory_xact_lock(?1)", &vals![lock])?;
        Ok(())
    }

    /// Lock every row this step writes, in id order, before reading them: a second desk acting
    /// on the same complaint waits here and then reads this step's result.
    fn lock_step(tx: &mut Self::Tx<'_>, number: &str, target: Option<&str>, scope: Scope) -> Result<()> {
        let numbers: Vec<&str> = std::iter::once(number).chain(target).collect();
        let office = scope.office().map(|u| u.0);
        tx.raw(|c| {
            c.query(
                "SELECT id FROM complaints WHERE number = ANY($1) AND ($2::BIGINT IS NULL OR office_id = $2)
                 ORDER BY id FOR UPDATE",
                &[&numbers, &office],
            )
        })?;
        Ok(())
    }

    /// Each run of letters and digits of the words must occur in the search text.
    fn search(q: &mut ListQuery, words: &str) {
        for term in terms(words) {
            let m = q.param(term);
            let _ = write!(q.filter, " AND c.search_text LIKE '%' || {m} || '%'");
        }
    }

    fn order(_search: bool, sort: SortKey) -> &'static str {
        match sort {
            SortKey::AcceptedDesc => "c.accepted_at DESC, c.id DESC",
            SortKey::AcceptedAsc => "c.accepted_at, c.id",
            SortKey::DueAsc => "c.due_at IS NULL, c.due_at, c.accepted_at, c.id",
            SortKey::Number => "c.number",
        }
    }

    fn insert_generated(&mut self, items: &[(Complaint, Vec<HistoryEvent>)]) -> Result<()> {
        self.in_tx(|tx| {
            for (c, events) in items {
                let (by, at) = queries::generated_by(c, events);
                let id = write::write(tx, None, c, by, at)?;
                queries::insert_histories(tx, id, events)?;
            }
            Ok(())
        })
    }

    const ATTACHMENT_BYTES_IN_DB: bool = true;

    fn attachment_folder(&self) -> PathBuf {
        attachment_cache_dir()
    }

    fn keep_copy(&self, path: &Path, bytes: &[u8]) -> Result<()> {
        ensure_cached(path, bytes)
    }

    fn backup(&self, _dest: &Path) -> Result<()> {
        Err(StoreError::Io(format!(
            "服务器模式请由管理员使用 pg_dump 备份（数据库在服务器 {} 上，本机不保存数据库文件）",
            self.server
        )))
    }

    /// The bytes are in the database: check them against their recorded size and hash.
    fn check_attachments(&self, report: &mut CheckReport) -> Result<()> {
        let wrong = self.db().rows(
            "SELECT file_name, size <> length(bytes) FROM attachments
             WHERE size <> length(bytes) OR sha256 <> encode(sha256(bytes), 'hex') ORDER BY id",
            &[],
            |r| Ok((r.text(0)?, r.flag(1)?)),
        )?;
        for (name, size_wrong) in wrong {
            report.problems.push(if size_wrong {
                format!("附件“{name}”大小与记录不符")
            } else {
                format!("附件“{name}”内容与记录的校验值不符")
            });
        }
        Ok(())
    }

    fn change_stamp(&self) -> Result<i64> {
        self.db().one(watch::STAMP, &[], |r| r.int(0))
    }

    fn watch(&self) -> Result<Box<dyn ChangeWatch>> {
        let mut client = open_client(&self.config, &self.server)?;
        let err = |e: postgres::Error| classify(&self.server, &e);
        client.batch_execute(&format!("LISTEN {}", schema::CHANNEL)).map_err(err)?;
        let schema: String = client.query_one("SELECT current_schema()", &[]).map_err(err)?.get(0);
        Ok(Box::new(watch::PgWatch { client, server: Arc::clone(&self.server), schema, last: 0 }))
    }

    fn connection_lost(&self) -> bool {
        self.lost.get() || self.client.borrow().is_closed()
    }

    fn reconnect(&mut self) -> Result<()> {
        let client = open_client(&self.config, &self.server)?;
        *self.client.get_mut() = client;
        self.lost.set(false);
        self.common.invalidate();
        Ok(())
    }

    fn restore(&mut self, snapshot: &Snapshot) -> Result<()> {
        let server = Arc::clone(&self.server);
        self.in_tx(|tx| restore::restore(tx, &server, snapshot))?;
        self.common.invalidate();
        Ok(())
    }
}

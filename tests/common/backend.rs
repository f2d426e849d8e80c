//! The store tests' backend: a fresh database per test, `SQLite` in a temporary folder by default,
//! or a fresh schema on the `PostgreSQL` server named by `ROADDESK_TEST_PG` (a URL such as
//! `postgres://roaddesk@127.0.0.1:54329/roaddesk_test`). Each `PostgreSQL` test gets its own schema
//! (`rdt_<pid>_<n>`), so tests run in parallel without seeing each other; it is dropped at the end.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use roaddesk::domain::time::BizTime;
use roaddesk::store::{PgStore, SqliteStore, Store};

/// The environment variable naming the `PostgreSQL` server the store tests run against.
pub const PG_ENV: &str = "ROADDESK_TEST_PG";

/// The `PostgreSQL` URL to test against, if one is set.
pub fn pg_url() -> Option<String> {
    std::env::var(PG_ENV).ok().filter(|u| !u.trim().is_empty())
}

/// `url` with `search_path` set to `schema` for every connection made from it.
pub fn with_schema(url: &str, schema: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}options=-csearch_path%3D{schema}")
}

enum Kind {
    Sqlite(PathBuf),
    Postgres { admin: String, schema: String, url: String },
}

/// One test's database.
pub struct TestDb {
    dir: tempfile::TempDir,
    kind: Kind,
}

impl TestDb {
    /// A fresh, empty database (migrated and seeded) on the backend under test.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let kind = match pg_url() {
            None => {
                let path = dir.path().join("roaddesk.db");
                drop(SqliteStore::create(&path).expect("create database"));
                Kind::Sqlite(path)
            }
            Some(admin) => {
                static N: AtomicU32 = AtomicU32::new(0);
                let schema = format!("rdt_{}_{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed));
                let mut client = postgres::Client::connect(&admin, postgres::NoTls)
                    .unwrap_or_else(|e| panic!("{PG_ENV}={admin}: cannot connect: {e}"));
                client
                    .batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"))
                    .unwrap();
                let url = with_schema(&admin, &schema);
                drop(PgStore::connect(&url).expect("create database"));
                Kind::Postgres { admin, schema, url }
            }
        };
        Self { dir, kind }
    }

    /// A fresh database with the demo organisation and `complaints` demo complaints (seed 7).
    pub fn demo(complaints: usize, now: BizTime) -> Self {
        let db = Self::new();
        let mut store = db.store();
        roaddesk::setup::install_demo(store.as_mut(), complaints, 7, now, |_| {}).expect("demo data");
        db
    }

    /// A new connection to this database.
    pub fn store(&self) -> Box<dyn Store> {
        match &self.kind {
            Kind::Sqlite(path) => Box::new(SqliteStore::open(path).expect("open")),
            Kind::Postgres { .. } => Box::new(self.pg()),
        }
    }

    /// A new `PostgreSQL` connection (panics on `SQLite`).
    pub fn pg(&self) -> PgStore {
        match &self.kind {
            Kind::Postgres { url, .. } => PgStore::connect(url).expect("connect"),
            Kind::Sqlite(_) => panic!("not a PostgreSQL test"),
        }
    }

    /// Where this database is, as the window names it.
    pub fn target(&self) -> roaddesk::store::Target {
        match &self.kind {
            Kind::Sqlite(path) => roaddesk::store::Target::File(path.clone()),
            Kind::Postgres { url, .. } => roaddesk::store::Target::Server(url.clone()),
        }
    }

    /// The connection URL (`PostgreSQL` only).
    pub fn url(&self) -> Option<&str> {
        match &self.kind {
            Kind::Postgres { url, .. } => Some(url),
            Kind::Sqlite(_) => None,
        }
    }

    pub fn is_pg(&self) -> bool {
        matches!(self.kind, Kind::Postgres { .. })
    }

    /// A scratch folder for the test's own files.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The `SQLite` file (None on `PostgreSQL`).
    pub fn sqlite_path(&self) -> Option<&Path> {
        match &self.kind {
            Kind::Sqlite(p) => Some(p),
            Kind::Postgres { .. } => None,
        }
    }

    /// Run SQL on a connection of its own, behind the store's back, as another program would.
    pub fn raw_exec(&self, sql: &str) -> Result<(), String> {
        match &self.kind {
            Kind::Sqlite(path) => {
                rusqlite::Connection::open(path).unwrap().execute_batch(sql).map_err(|e| e.to_string())
            }
            Kind::Postgres { url, .. } => {
                let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
                c.batch_execute(sql)
                    .map_err(|e| e.as_db_error().map_or_else(|| e.to_string(), |d| d.message().to_owned()))
            }
        }
    }

    /// The rows of a query whose columns are all TEXT (`CAST(x AS TEXT)` works on both).
    pub fn raw_text(&self, sql: &str) -> Vec<Vec<String>> {
        match &self.kind {
            Kind::Sqlite(path) => {
                let c = rusqlite::Connection::open(path).unwrap();
                let mut st = c.prepare(sql).unwrap();
                let n = st.column_count();
                st.query_map([], |r| (0..n).map(|i| r.get::<_, String>(i)).collect::<rusqlite::Result<Vec<_>>>())
                    .unwrap()
                    .collect::<rusqlite::Result<_>>()
                    .unwrap()
            }
            Kind::Postgres { url, .. } => {
                let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
                c.query(sql, &[])
                    .unwrap()
                    .iter()
                    .map(|r| (0..r.len()).map(|i| r.get::<_, String>(i)).collect())
                    .collect()
            }
        }
    }

    /// The integers (BIGINT on `PostgreSQL`) of a one-column query.
    pub fn raw_i64s(&self, sql: &str) -> Vec<i64> {
        match &self.kind {
            Kind::Sqlite(path) => {
                let c = rusqlite::Connection::open(path).unwrap();
                let mut st = c.prepare(sql).unwrap();
                st.query_map([], |r| r.get(0)).unwrap().collect::<rusqlite::Result<_>>().unwrap()
            }
            Kind::Postgres { url, .. } => {
                let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
                c.query(sql, &[]).unwrap().iter().map(|r| r.get(0)).collect()
            }
        }
    }

    /// The one integer a query returns.
    pub fn raw_i64(&self, sql: &str) -> i64 {
        let v = self.raw_i64s(sql);
        assert_eq!(v.len(), 1, "{sql}");
        v[0]
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Kind::Postgres { admin, schema, .. } = &self.kind
            && let Ok(mut c) = postgres::Client::connect(admin, postgres::NoTls)
        {
            // Best effort: a schema left behind by a crashed test holds nothing another test sees.
            drop(c.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE")));
        }
    }
}

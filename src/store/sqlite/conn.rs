//! `SQLite` under the shared store code: a connection (or a transaction, which derefs to one) as
//! a [`Db`], rusqlite's rows as [`Cells`], [`Value`]s bound as `SQLite` values, and every error
//! classified into the one sentence the desk sees ([`classify`]).
//!
//! Statements go through rusqlite's statement cache (`prepare_cached`), so a statement run per
//! row of a bulk load or per list page is prepared once per connection.

use std::path::Path;

use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, ErrorCode, params_from_iter};

use crate::store::db::{Cells, Db, Params, Value, cell_error};
use crate::store::error::{Result, StoreError};

/// How many prepared statements a connection keeps: the list's and counts' variants, the
/// writes of a step, and the few reads of a screen all fit.
pub const STATEMENT_CACHE: usize = 64;

/// One Chinese sentence for an `SQLite` error on the database at `path`.
#[allow(clippy::needless_pass_by_value, reason = "used as a map_err adapter, which hands over the error")]
pub fn classify(path: &Path, e: rusqlite::Error) -> StoreError {
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

/// An error mapper for the database at `path`.
pub fn sql_err(path: &Path) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
    move |e| classify(path, e)
}

/// A connection or transaction of the database at `path`.
#[derive(Clone, Copy)]
pub struct Conn<'a> {
    conn: &'a Connection,
    path: &'a Path,
}

impl<'a> Conn<'a> {
    #[must_use]
    pub fn new(conn: &'a Connection, path: &'a Path) -> Self {
        Self { conn, path }
    }

    /// The rusqlite connection, for what only `SQLite` has (pragmas, backups, a second statement
    /// while a query is walked).
    #[must_use]
    pub fn raw(&self) -> &'a Connection {
        self.conn
    }

    #[must_use]
    pub fn path(&self) -> &'a Path {
        self.path
    }

    /// `e` classified for this database.
    #[must_use]
    pub fn fail(&self, e: rusqlite::Error) -> StoreError {
        classify(self.path, e)
    }
}

impl rusqlite::ToSql for Value<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match self {
            Self::Int(Some(v)) => ValueRef::Integer(*v),
            Self::Flag(Some(v)) => ValueRef::Integer(i64::from(*v)),
            Self::Text(Some(s)) => ValueRef::Text(s.as_bytes()),
            Self::Bytes(Some(b)) => ValueRef::Blob(b),
            Self::Int(None) | Self::Flag(None) | Self::Text(None) | Self::Bytes(None) => ValueRef::Null,
        }))
    }
}

/// Column `i` of `r` as `SQLite` stored it, read by `as_kind` (`ValueRef::as_i64_or_null` …).
fn cell<'r, T>(
    r: &'r rusqlite::Row<'_>,
    i: usize,
    as_kind: fn(&ValueRef<'r>) -> rusqlite::types::FromSqlResult<T>,
) -> Result<T> {
    r.get_ref(i).map_err(|e| cell_error(i, e)).and_then(|v| as_kind(&v).map_err(|e| cell_error(i, e)))
}

/// `SQLite` has no booleans: a flag is an integer, true unless 0.
impl Cells for rusqlite::Row<'_> {
    fn opt_int(&self, i: usize) -> Result<Option<i64>> {
        cell(self, i, ValueRef::as_i64_or_null)
    }

    fn opt_flag(&self, i: usize) -> Result<Option<bool>> {
        Ok(self.opt_int(i)?.map(|v| v != 0))
    }

    fn opt_str(&self, i: usize) -> Result<Option<&str>> {
        cell(self, i, ValueRef::as_str_or_null)
    }

    fn opt_bytes(&self, i: usize) -> Result<Option<&[u8]>> {
        cell(self, i, ValueRef::as_blob_or_null)
    }
}

impl Db for Conn<'_> {
    type Row<'r> = rusqlite::Row<'r>;

    fn visit<'p, 'v: 'p>(
        &mut self,
        sql: &str,
        params: impl Params<'p, 'v>,
        mut f: impl FnMut(&rusqlite::Row<'_>) -> Result<bool>,
    ) -> Result<()> {
        let err = sql_err(self.path);
        let mut st = self.conn.prepare_cached(sql).map_err(&err)?;
        let mut rows = st.query(params_from_iter(params)).map_err(&err)?;
        while let Some(r) = rows.next().map_err(&err)?
            && f(r)?
        {}
        Ok(())
    }

    fn execute<'p, 'v: 'p>(&mut self, sql: &str, params: impl Params<'p, 'v>) -> Result<u64> {
        let n = self.conn.prepare_cached(sql).and_then(|mut st| st.execute(params_from_iter(params)));
        Ok(u64::try_from(n.map_err(|e| self.fail(e))?).unwrap_or(u64::MAX))
    }

    fn insert<'p, 'v: 'p>(&mut self, sql: &str, params: impl Params<'p, 'v>) -> Result<i64> {
        self.execute(sql, params)?;
        Ok(self.conn.last_insert_rowid())
    }

    fn batch(&mut self, sql: &str) -> Result<()> {
        self.conn.execute_batch(sql).map_err(|e| self.fail(e))
    }
}

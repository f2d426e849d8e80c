//! `PostgreSQL` under the shared store code: the store's client (borrowed for one statement at a
//! time) or a transaction as a [`Db`], the `postgres` crate's rows as [`Cells`], [`Value`]s bound
//! as typed parameters, and every error classified into the one sentence the desk sees.
//!
//! The shared statements are written with `?1`, `?2`…; they are sent as `$1`, `$2`… (this
//! engine's own statements use `$n` already). Rows are fetched whole, as the `postgres` crate
//! does, before they are read, so no borrow of the client outlives a statement.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::fmt::Write as _;

use postgres::error::SqlState;
use postgres::types::ToSql;
use postgres::{Client, GenericClient, Row, Transaction};

use crate::store::db::{Cells, Db, Params, Value, cell_error};
use crate::store::error::{Result, StoreError};

/// Whether an error means the connection is gone (rather than a refused statement).
pub fn is_disconnect(e: &postgres::Error) -> bool {
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
pub fn classify(server: &str, e: &postgres::Error) -> StoreError {
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
pub fn db_message(e: &postgres::Error) -> String {
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

/// A shared statement's `?n` placeholders as `$n`.
fn dollars(sql: &str) -> Cow<'_, str> {
    if !sql.contains('?') {
        return Cow::Borrowed(sql);
    }
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(if c == '?' && chars.peek().is_some_and(char::is_ascii_digit) { '$' } else { c });
    }
    Cow::Owned(out)
}

/// A parameter as the `postgres` crate binds it (a NULL keeps its type).
fn pg<'a>(v: &'a Value<'_>) -> &'a (dyn ToSql + Sync) {
    match v {
        Value::Int(v) => v,
        Value::Flag(v) => v,
        Value::Text(v) => v,
        Value::Bytes(v) => v,
    }
}

/// What statements run on: the store's client, borrowed for one statement at a time, or a
/// transaction.
pub trait Session {
    type Client: GenericClient;
    fn with<T>(&mut self, f: impl FnOnce(&mut Self::Client) -> T) -> T;
}

impl Session for &RefCell<Client> {
    type Client = Client;
    fn with<T>(&mut self, f: impl FnOnce(&mut Client) -> T) -> T {
        f(&mut self.borrow_mut())
    }
}

impl Session for Transaction<'_> {
    type Client = Self;
    fn with<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> T {
        f(self)
    }
}

/// A connection or transaction to the server `server` (`host:port/db`, for messages). A lost
/// connection is remembered in `lost` for `Store::connection_lost`.
pub struct PgDb<'a, S> {
    session: S,
    server: &'a str,
    lost: Option<&'a Cell<bool>>,
}

impl<'a, S: Session> PgDb<'a, S> {
    pub fn new(session: S, server: &'a str, lost: Option<&'a Cell<bool>>) -> Self {
        Self { session, server, lost }
    }

    pub fn into_session(self) -> S {
        self.session
    }

    /// `e` classified for this server (and a lost connection remembered).
    pub fn fail(&self, e: &postgres::Error) -> StoreError {
        let e = classify(self.server, e);
        if let (StoreError::Disconnected(_), Some(lost)) = (&e, self.lost) {
            lost.set(true);
        }
        e
    }

    /// Run `f` on the `postgres` client itself, for what only this engine does (locks, arrays).
    pub fn raw<T>(&mut self, f: impl FnOnce(&mut S::Client) -> std::result::Result<T, postgres::Error>) -> Result<T> {
        let out = self.session.with(f);
        out.map_err(|e| self.fail(&e))
    }
}

/// Column `i` of `r` as the type it is read as (a NULL as `None`).
fn get<'r, T: postgres::types::FromSql<'r>>(r: &'r Row, i: usize) -> Result<Option<T>> {
    r.try_get(i).map_err(|e| cell_error(i, e))
}

impl Cells for Row {
    fn opt_int(&self, i: usize) -> Result<Option<i64>> {
        get(self, i)
    }

    fn opt_flag(&self, i: usize) -> Result<Option<bool>> {
        get(self, i)
    }

    fn opt_str(&self, i: usize) -> Result<Option<&str>> {
        get(self, i)
    }

    fn opt_bytes(&self, i: usize) -> Result<Option<&[u8]>> {
        get(self, i)
    }
}

/// The parameters as the `postgres` crate takes them.
fn pg_params<'p, 'v: 'p>(params: impl Params<'p, 'v>) -> Vec<&'p (dyn ToSql + Sync)> {
    params.into_iter().map(pg).collect()
}

impl<S: Session> Db for PgDb<'_, S> {
    type Row<'r> = Row;

    fn visit<'p, 'v: 'p>(
        &mut self,
        sql: &str,
        params: impl Params<'p, 'v>,
        mut f: impl FnMut(&Row) -> Result<bool>,
    ) -> Result<()> {
        let (sql, params) = (dollars(sql), pg_params(params));
        let rows = self.raw(|c| c.query(&*sql, &params))?;
        for r in &rows {
            if !f(r)? {
                break;
            }
        }
        Ok(())
    }

    fn execute<'p, 'v: 'p>(&mut self, sql: &str, params: impl Params<'p, 'v>) -> Result<u64> {
        let (sql, params) = (dollars(sql), pg_params(params));
        self.raw(|c| c.execute(&*sql, &params))
    }

    fn insert<'p, 'v: 'p>(&mut self, sql: &str, params: impl Params<'p, 'v>) -> Result<i64> {
        let (sql, params) = (format!("{} RETURNING id", dollars(sql)), pg_params(params));
        self.raw(|c| c.query_one(&sql, &params))?.int(0)
    }

    fn batch(&mut self, sql: &str) -> Result<()> {
        self.raw(|c| c.batch_execute(sql))
    }
}

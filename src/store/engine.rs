//! What an engine provides so that the [`Store`](super::Store) behaviour both engines share
//! (`shared.rs`) runs on it: its connection and transactions as [`Db`]s, the SQL that differs
//! ([`Dialect`]), and the few operations that are its own — how a complaint's search text is
//! kept (`SQLite`'s FTS5 index, `PostgreSQL`'s search column), row locks on a server, bulk loads,
//! where attachments' bytes live, backups, consistency checks of its storage, and watching for
//! other desks' changes. [`super::SqliteStore`] and [`super::PgStore`] implement it.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::db::{Db, Value};
use super::error::{Result, StoreError};
use super::queries::{Dialect, Existing, ListQuery};
use super::snapshot::Snapshot;
use super::types::{ChangeWatch, CheckReport, Scope, SortKey};
use crate::domain::lifecycle::{ContextData, HistoryEvent};
use crate::domain::time::BizTime;
use crate::domain::work::Complaint;

/// What every store connection keeps besides its engine: the organisation and rules actions are
/// checked against (loaded once, dropped when they change), and the scope set at login.
#[derive(Default)]
pub struct Common {
    pub ctx: RefCell<Option<Arc<ContextData>>>,
    pub scope: Scope,
}

impl Common {
    /// Forget the loaded organisation and rules (something they hold was written).
    pub fn invalidate(&self) {
        *self.ctx.borrow_mut() = None;
    }
}

/// An engine under the shared store code. Hooks with a default are what only one engine needs.
pub trait Engine: Send + 'static {
    /// The store's own connection (each statement on its own, errors classified).
    type Db<'a>: Db
    where
        Self: 'a;
    /// A transaction: everything in it is committed together or not at all.
    type Tx<'a>: Db;

    const DIALECT: Dialect;
    /// The column a complaint's search text is kept in beside its row, if the engine keeps one
    /// (written from [`Engine::search_text`], compared by `check`).
    const SEARCH_COLUMN: Option<&'static str> = None;

    fn db(&self) -> Self::Db<'_>;
    /// Run `f` in one transaction: committed when it returns `Ok`, rolled back otherwise (a
    /// file's transaction takes the write lock first, so a step never waits half done).
    fn in_tx<T>(&mut self, f: impl FnOnce(&mut Self::Tx<'_>) -> Result<T>) -> Result<T>;
    fn common(&self) -> &Common;
    fn common_mut(&mut self) -> &mut Common;

    /// Insert (`old` None) or update complaint `c`'s row (`old` is the row read) and its search text.
    fn write(tx: &mut Self::Tx<'_>, old: Option<Existing<'_>>, c: &Complaint, by: &str, now: BizTime) -> Result<i64>;

    /// The text kept in [`Engine::SEARCH_COLUMN`] for `c`.
    fn search_text(_c: &Complaint) -> String {
        String::new()
    }

    /// Hold what keeps other connections from drawing the same next number in `table` until
    /// the transaction ends (nothing where the transaction already locks the database).
    fn lock_numbers(_tx: &mut Self::Tx<'_>, _table: &str) -> Result<()> {
        Ok(())
    }

    /// Lock the rows of the complaints a step will write (`number`, and the `target` it is
    /// linked to), before reading them (nothing where the transaction locks the database).
    fn lock_step(_tx: &mut Self::Tx<'_>, _number: &str, _target: Option<&str>, _scope: Scope) -> Result<()> {
        Ok(())
    }

    /// Add the condition that finds the search words `words` to a list query.
    fn search(q: &mut ListQuery, words: &str);

    /// The list's `ORDER BY` for `sort` (`search`: the query matches a search word).
    fn order(search: bool, sort: SortKey) -> &'static str;

    /// How a list query is counted, up to `limit` (` LIMIT n` or nothing).
    fn count_sql<'q>(q: &'q ListQuery, limit: &str) -> (String, &'q [Value<'static>]) {
        (format!("SELECT count(*) FROM (SELECT 1 FROM {}{}{limit}) x", q.from, q.filter), &q.params)
    }

    /// Insert generated complaints with their histories as they are (the demo).
    fn insert_generated(&mut self, items: &[(Complaint, Vec<HistoryEvent>)]) -> Result<()>;

    /// Where attachments' bytes live: in the database (a server: the desks are on different
    /// machines, and each keeps local copies), or in files beside it (a file: a row never names
    /// a file that is not there, so the file is written first).
    const ATTACHMENT_BYTES_IN_DB: bool;
    /// The folder the copies of attachments are kept in, named `<sha256><ext>`.
    fn attachment_folder(&self) -> PathBuf;
    /// Make sure the copy at `path` holds `bytes`.
    fn keep_copy(&self, path: &Path, bytes: &[u8]) -> Result<()>;

    fn backup(&self, dest: &Path) -> Result<()>;
    /// The engine's own checks of its storage, reported before the complaints'.
    fn check_storage(&self, _report: &mut CheckReport) -> Result<()> {
        Ok(())
    }
    /// Whether each attachment's bytes are where they should be, and whole.
    fn check_attachments(&self, report: &mut CheckReport) -> Result<()>;

    fn change_stamp(&self) -> Result<i64>;
    fn watch(&self) -> Result<Box<dyn ChangeWatch>>;
    /// Re-establish a lost connection (an embedded file has none).
    fn reconnect(&mut self) -> Result<()>;
    /// Whether the connection was lost (an embedded file's never is).
    fn connection_lost(&self) -> bool;
    fn restore(&mut self, _snapshot: &Snapshot) -> Result<()> {
        Err(StoreError::Sql("这种数据库不能作为迁移的目标".into()))
    }
}

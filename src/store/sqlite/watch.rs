//! Noticing other programs' writes to a `SQLite` file: the change stamp (migration 5), one row
//! that triggers bump in every writer's transaction, read from a connection of its own.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use rusqlite::Connection;

use super::conn::Conn;
use crate::store::db::{Cells, Db};
use crate::store::error::Result;
use crate::store::types::ChangeWatch;

/// The change stamp: one row, bumped by triggers on every write.
pub fn stamp(db: &mut Conn<'_>) -> Result<i64> {
    db.one("SELECT n FROM change_stamp WHERE id = 1", &[], |r| r.int(0))
}

/// How often a watcher on a `SQLite` file looks at the change stamp.
const WATCH_POLL: Duration = Duration::from_millis(200);

/// Watches a `SQLite` file from its own read-only connection by reading the one-row change
/// stamp every [`WATCH_POLL`]: a few microseconds, never a scan of the complaints.
pub struct SqliteWatch {
    pub conn: Connection,
    pub path: PathBuf,
    pub last: i64,
}

impl ChangeWatch for SqliteWatch {
    fn wait(&mut self, timeout: Duration) -> Result<Option<i64>> {
        let deadline = Instant::now() + timeout;
        loop {
            let now = stamp(&mut Conn::new(&self.conn, &self.path))?;
            if now != self.last {
                self.last = now;
                return Ok(Some(now));
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Ok(None);
            }
            std::thread::sleep(left.min(WATCH_POLL));
        }
    }
}

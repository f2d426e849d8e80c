//! Noticing other desks' writes on a server: every committed write notifies `roaddesk_changes`
//! with the schema and the change stamp it drew (migration 5); a watcher listens on a
//! connection of its own.

use std::sync::Arc;
use std::time::Duration;

use postgres::Client;
use postgres::fallible_iterator::FallibleIterator as _;

use super::conn::classify;
use crate::store::error::{Result, StoreError};
use crate::store::types::ChangeWatch;

/// The last change stamp drawn (0 before the first).
pub const STAMP: &str = "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM change_stamp_seq";

/// How long a woken watcher waits for the rest of a burst of notifications.
const WATCH_SETTLE: Duration = Duration::from_millis(100);

/// Listens on its own connection for the notifications every committed write sends.
pub struct PgWatch {
    pub client: Client,
    pub server: Arc<str>,
    /// The schema whose changes count (the payload is `<schema> <stamp>`).
    pub schema: String,
    /// The highest stamp reported so far.
    pub last: i64,
}

impl ChangeWatch for PgWatch {
    fn wait(&mut self, timeout: Duration) -> Result<Option<i64>> {
        let server = Arc::clone(&self.server);
        let err = move |e: postgres::Error| classify(&server, &e);
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
            let drawn: i64 = self.client.query_one(STAMP, &[]).map_err(&err)?.get(0);
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

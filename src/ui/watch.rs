//! Other desks' changes: a thread waits on the store's change watcher (its own connection) and
//! wakes the window, which then reloads what it shows. Nothing polls the tables: a `SQLite`
//! watcher reads a one-row stamp, a server's watcher sleeps on `LISTEN`.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use crate::store::ChangeWatch;

/// How long one wait lasts before the thread looks whether it should stop.
const WAIT: Duration = Duration::from_millis(500);
/// A running watch; dropping it stops the thread.
pub struct Watcher {
    changes: Receiver<()>,
    stop: Arc<AtomicBool>,
    /// The watch's connection failed; the window asks the store for a new watch.
    ended: Arc<AtomicBool>,
}

impl Watcher {
    /// Watch on a thread of its own; `wake` is called for each change.
    pub fn start(mut watch: Box<dyn ChangeWatch>, wake: impl Fn() + Send + 'static) -> std::io::Result<Self> {
        let (tx, changes) = channel();
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        let ended = Arc::new(AtomicBool::new(false));
        let failed = Arc::clone(&ended);
        std::thread::Builder::new().name("roaddesk-watch".into()).spawn(move || {
            while !stopped.load(Ordering::Relaxed) {
                match watch.wait(WAIT) {
                    Ok(Some(_)) => {
                        if tx.send(()).is_err() {
                            return;
                        }
                        wake();
                    }
                    Ok(None) => {}
                    // A lost server is reported once, by the store thread's banner; this watch
                    // ends and the window starts a new one on a new connection.
                    Err(_) => {
                        failed.store(true, Ordering::Relaxed);
                        wake();
                        return;
                    }
                }
            }
        })?;
        Ok(Self { changes, stop, ended })
    }

    /// Whether the watch's connection failed (the thread has ended).
    #[must_use]
    pub fn ended(&self) -> bool {
        self.ended.load(Ordering::Relaxed)
    }

    /// Whether something changed since the last call.
    #[must_use]
    pub fn changed(&self) -> bool {
        self.changes.try_iter().count() > 0
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

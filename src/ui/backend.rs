//! The store lives on a background thread: the UI sends jobs and picks up their results after
//! the frame, so no database work ever runs on the UI thread. Tests use the inline mode, which
//! runs each job right away (still outside the frame's drawing) for deterministic results.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

pub use super::topic::Topic;
use crate::store::Store;

/// A finished job: what it was for, and its result.
pub struct Done {
    pub topic: Topic,
    pub result: Box<dyn std::any::Any + Send>,
}

type Job = Box<dyn FnOnce(&mut dyn Store) -> Done + Send>;

enum Mode {
    Thread(Sender<(Topic, Job)>),
    Inline(Box<dyn Store>),
    /// No database could be opened: every job reports [`Lost`].
    Unavailable,
}

/// How long the store thread waits between attempts to reach a lost server again.
pub const RECONNECT_EVERY: Duration = Duration::from_secs(3);

/// The state of the connection to a database server, shared with the store thread.
#[derive(Default)]
struct Link {
    /// The connection is lost; jobs wait until it is back.
    lost: AtomicBool,
    /// Attempts made to reach the server again since it was lost.
    attempts: AtomicU32,
    /// The connection came back and the window has not yet refreshed for it.
    restored: AtomicBool,
}

impl Link {
    /// After a job: if the connection was lost, try again every [`RECONNECT_EVERY`] until the
    /// server answers. Jobs sent meanwhile wait in the queue and run once it is back.
    fn hold_until_back(&self, store: &mut dyn Store, wait: Duration, repaint: &dyn Fn()) {
        if !store.connection_lost() {
            return;
        }
        self.attempts.store(0, Ordering::Relaxed);
        self.lost.store(true, Ordering::Relaxed);
        repaint();
        loop {
            std::thread::sleep(wait);
            self.attempts.fetch_add(1, Ordering::Relaxed);
            // A failed attempt is shown as the banner's count; the next one follows.
            let back = store.reconnect().is_ok();
            repaint();
            if back {
                break;
            }
        }
        self.lost.store(false, Ordering::Relaxed);
        self.restored.store(true, Ordering::Relaxed);
        repaint();
    }
}

/// The UI's handle on the store.
pub struct Backend {
    mode: Mode,
    done_tx: Sender<Done>,
    done_rx: Receiver<Done>,
    /// Jobs sent and not yet picked up, per topic (for progress indicators).
    pending: std::collections::HashMap<Topic, usize>,
    link: Arc<Link>,
}

impl Backend {
    /// Run the store on its own thread; `repaint` wakes the UI when a result is ready.
    pub fn threaded(store: Box<dyn Store>, repaint: impl Fn() + Send + 'static) -> Self {
        Self::threaded_with_retry(store, RECONNECT_EVERY, repaint)
    }

    /// [`Self::threaded`], trying a lost server again every `retry` (tests use a short one).
    pub fn threaded_with_retry(
        mut store: Box<dyn Store>,
        retry: Duration,
        repaint: impl Fn() + Send + 'static,
    ) -> Self {
        let (job_tx, job_rx) = channel::<(Topic, Job)>();
        let (done_tx, done_rx) = channel::<Done>();
        let out = done_tx.clone();
        let link = Arc::new(Link::default());
        let shared = Arc::clone(&link);
        std::thread::Builder::new()
            .name("roaddesk-store".into())
            .spawn(move || {
                while let Ok(first) = job_rx.recv() {
                    // Take everything waiting; of the latest-only topics run just the newest job.
                    let mut batch = vec![first];
                    batch.extend(job_rx.try_iter());
                    let newest = |i: usize, topic: Topic| batch[i + 1..].iter().all(|(t, _)| *t != topic);
                    let superseded: Vec<bool> =
                        batch.iter().enumerate().map(|(i, (t, _))| t.is_latest_only() && !newest(i, *t)).collect();
                    for ((topic, job), superseded) in batch.into_iter().zip(superseded) {
                        let done =
                            if superseded { Done { topic, result: Box::new(Superseded) } } else { job(store.as_mut()) };
                        if out.send(done).is_err() {
                            return;
                        }
                        shared.hold_until_back(store.as_mut(), retry, &repaint);
                    }
                    repaint();
                }
            })
            .expect("the store thread starts");
        Self { mode: Mode::Thread(job_tx), done_tx, done_rx, pending: std::collections::HashMap::new(), link }
    }

    /// A backend without a database (it could not be opened): every job comes back [`Lost`].
    #[must_use]
    pub fn unavailable() -> Self {
        let (done_tx, done_rx) = channel::<Done>();
        Self {
            mode: Mode::Unavailable,
            done_tx,
            done_rx,
            pending: std::collections::HashMap::new(),
            link: Arc::default(),
        }
    }

    /// Run each job at once on the calling thread (tests).
    #[must_use]
    pub fn inline(store: Box<dyn Store>) -> Self {
        let (done_tx, done_rx) = channel::<Done>();
        Self {
            mode: Mode::Inline(store),
            done_tx,
            done_rx,
            pending: std::collections::HashMap::new(),
            link: Arc::default(),
        }
    }

    /// Send a job; its result comes back from [`Self::poll`] tagged with `topic`.
    pub fn send<T: Send + 'static>(&mut self, topic: Topic, job: impl FnOnce(&mut dyn Store) -> T + Send + 'static) {
        *self.pending.entry(topic).or_default() += 1;
        let job: Job = Box::new(move |store| Done { topic, result: Box::new(job(store)) });
        match &mut self.mode {
            Mode::Thread(tx) => {
                if let Err(e) = tx.send((topic, job)) {
                    // The store thread is gone: run nothing, report it where the result was awaited.
                    let _ = e;
                    let _ = self.done_tx.send(Done { topic, result: Box::new(Lost) });
                }
            }
            Mode::Inline(store) => {
                let done = job(store.as_mut());
                let _ = self.done_tx.send(done);
            }
            Mode::Unavailable => {
                drop(job);
                let _ = self.done_tx.send(Done { topic, result: Box::new(Lost) });
            }
        }
    }

    /// Results that arrived since the last call.
    pub fn poll(&mut self) -> Vec<Done> {
        let done: Vec<Done> = self.done_rx.try_iter().collect();
        for d in &done {
            if let Some(n) = self.pending.get_mut(&d.topic) {
                *n = n.saturating_sub(1);
            }
        }
        done
    }

    /// While the connection to the server is lost: how many attempts to reach it were made.
    #[must_use]
    pub fn connection_lost(&self) -> Option<u32> {
        self.link.lost.load(Ordering::Relaxed).then(|| self.link.attempts.load(Ordering::Relaxed))
    }

    /// Whether the connection came back since the last call (once per comeback).
    pub fn take_restored(&mut self) -> bool {
        self.link.restored.swap(false, Ordering::Relaxed)
    }

    /// Whether a job of `topic` is still running.
    #[must_use]
    pub fn busy(&self, topic: Topic) -> bool {
        self.pending.get(&topic).is_some_and(|n| *n > 0)
    }

    /// Whether a job the user waits for ([`Topic::waited`]) is still running.
    #[must_use]
    pub fn waiting(&self) -> bool {
        self.pending.iter().any(|(t, n)| t.is_waited() && *n > 0)
    }

    /// Whether a job the status bar shows a spinner for is still running.
    #[must_use]
    pub fn spinning(&self) -> bool {
        self.pending.iter().any(|(t, n)| t.shows_spinner() && *n > 0)
    }
}

/// The result of a job whose store thread has stopped.
pub struct Lost;

/// The result of a job skipped because a newer one of the same topic was waiting.
pub struct Superseded;

/// Take a job's result as the type it was sent with.
#[must_use]
pub fn take<T: 'static>(done: Done) -> Option<T> {
    done.result.downcast::<T>().ok().map(|b| *b)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::ui::topic::AreaId;

    const HOLD: Topic = Topic::new(AreaId::Shell, "hold");
    const LIST: Topic = Topic::new(AreaId::Complaints, "list").latest_only();

    #[test]
    fn a_waiting_list_query_is_dropped_for_a_newer_one() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::store::SqliteStore::create(&dir.path().join("t.db")).unwrap();
        let mut b = Backend::threaded(Box::new(store), || {});
        let (gate_tx, gate_rx) = std::sync::mpsc::channel::<()>();
        // Hold the store thread so the list queries pile up behind this job.
        b.send(HOLD, move |_| gate_rx.recv().ok());
        for n in 0..5_u32 {
            b.send(LIST, move |_| n);
        }
        gate_tx.send(()).unwrap();
        let mut ran = Vec::new();
        let mut seen = 0;
        while seen < 6 {
            for d in b.poll() {
                seen += 1;
                if d.topic == LIST
                    && let Some(n) = take::<u32>(d)
                {
                    ran.push(n);
                }
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert_eq!(ran, [4], "only the newest list query runs");
        assert!(!b.busy(LIST));
    }
}

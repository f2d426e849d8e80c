//! 后台任务: long work on a thread of its own — a batch of PDFs, a report, a file dialog waiting
//! for the user; next the import, the backup and attachments.
//!
//! A [`Task`] is one such piece of work under a [`Topic`], with a [`Progress`] the window reads
//! each frame (atomics and one short lock, never the work's own data) and may cancel. The
//! window keeps every task it starts in one registry, [`Tasks`]: the status bar lists what runs,
//! a second task of a topic that is running is refused, and when a task ends its outcome comes
//! back exactly once, as a [`Done`] routed to the area that started it — the same way a store
//! job's result does. A task whose thread ended without an outcome (a panic) comes back as
//! [`TaskDied`], so the area can say so instead of waiting forever.

use std::any::Any;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::sync::{Arc, Mutex};

use super::backend::Done;
use super::topic::Topic;

/// How far a task has come, shared between its thread and the window.
pub struct Progress {
    done: AtomicUsize,
    total: AtomicUsize,
    stage: Mutex<&'static str>,
    cancel: AtomicBool,
    wake: Box<dyn Fn() + Send + Sync>,
}

impl Progress {
    fn new(wake: impl Fn() + Send + Sync + 'static) -> Self {
        Self {
            done: AtomicUsize::new(0),
            total: AtomicUsize::new(0),
            stage: Mutex::new(""),
            cancel: AtomicBool::new(false),
            wake: Box::new(wake),
        }
    }

    /// How many steps the work has (a batch: its complaints).
    pub fn set_total(&self, total: usize) {
        self.total.store(total, Ordering::Relaxed);
    }

    /// One more step done; the window redraws.
    pub fn advance(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
        (self.wake)();
    }

    /// What the work is doing now, in Chinese (`正在读取数据`); the window redraws.
    pub fn set_stage(&self, stage: &'static str) {
        *self.stage.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = stage;
        (self.wake)();
    }

    /// Steps done, and how many in all.
    #[must_use]
    pub fn counts(&self) -> (usize, usize) {
        (self.done.load(Ordering::Relaxed), self.total.load(Ordering::Relaxed))
    }

    #[must_use]
    pub fn stage(&self) -> &'static str {
        *self.stage.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Ask the work to stop at its next step.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// Whether the work was asked to stop (it checks between steps).
    #[must_use]
    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

/// The outcome of a task whose thread ended without one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaskDied;

/// One piece of long work on its own thread (`roaddesk-<topic name>`).
pub struct Task<T> {
    topic: Topic,
    what: String,
    progress: Arc<Progress>,
    result: Receiver<T>,
}

impl<T: Send + 'static> Task<T> {
    /// Start `work` on a new thread; `wake` is called when it reports progress and when it ends,
    /// so the window redraws.
    pub fn spawn(
        topic: Topic,
        what: impl Into<String>,
        wake: impl Fn() + Send + Sync + 'static,
        work: impl FnOnce(&Progress) -> T + Send + 'static,
    ) -> std::io::Result<Self> {
        let progress = Arc::new(Progress::new(wake));
        let (tx, result) = channel();
        let p = Arc::clone(&progress);
        std::thread::Builder::new().name(format!("roaddesk-{}", topic.name)).spawn(move || {
            let outcome = work(&p);
            // The window may have gone (logout); then nobody needs the outcome.
            let _ = tx.send(outcome);
            (p.wake)();
        })?;
        Ok(Self { topic, what: what.into(), progress, result })
    }

    /// The outcome once the work has ended: `Some(Ok(..))`, or `Some(Err(TaskDied))` when its
    /// thread ended without one; `None` while it runs.
    #[must_use]
    pub fn poll(&self) -> Option<Result<T, TaskDied>> {
        match self.result.try_recv() {
            Ok(outcome) => Some(Ok(outcome)),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(TaskDied)),
        }
    }

    #[must_use]
    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    /// What is being done, as the status bar says it (`批量导出 20 条工单`).
    #[must_use]
    pub fn what(&self) -> &str {
        &self.what
    }

    #[must_use]
    pub fn topic(&self) -> Topic {
        self.topic
    }
}

impl<T> Drop for Task<T> {
    /// Dropping the handle (logging out, closing the window) stops the work at its next step.
    fn drop(&mut self) {
        self.progress.cancel();
    }
}

/// A running task as the registry holds it, whatever its outcome's type.
trait Running {
    fn topic(&self) -> Topic;
    fn what(&self) -> &str;
    fn progress(&self) -> &Progress;
    /// The outcome, boxed, once the work has ended.
    fn finish(&mut self) -> Option<Box<dyn Any + Send>>;
}

impl<T: Send + 'static> Running for Task<T> {
    fn topic(&self) -> Topic {
        self.topic
    }

    fn what(&self) -> &str {
        &self.what
    }

    fn progress(&self) -> &Progress {
        &self.progress
    }

    fn finish(&mut self) -> Option<Box<dyn Any + Send>> {
        self.poll().map(|r| match r {
            Ok(outcome) => Box::new(outcome) as Box<dyn Any + Send>,
            Err(died) => Box::new(died),
        })
    }
}

/// Every task the window runs.
#[derive(Default)]
pub struct Tasks {
    running: Vec<Box<dyn Running>>,
}

impl Tasks {
    /// Keep `task` until it ends. A task of a topic that already runs is refused (one batch
    /// export at a time, one report …): the new one is handed back, and dropping it cancels it.
    pub fn start<T: Send + 'static>(&mut self, task: Task<T>) -> Result<(), Task<T>> {
        if self.is_running(task.topic) {
            return Err(task);
        }
        self.running.push(Box::new(task));
        Ok(())
    }

    #[must_use]
    pub fn is_running(&self, topic: Topic) -> bool {
        self.running.iter().any(|t| t.topic() == topic)
    }

    /// The running task of `topic`: what it does and how far it is.
    #[must_use]
    pub fn get(&self, topic: Topic) -> Option<(&str, &Progress)> {
        self.running.iter().find(|t| t.topic() == topic).map(|t| (t.what(), t.progress()))
    }

    /// Ask the running task of `topic` to stop at its next step.
    pub fn cancel(&self, topic: Topic) {
        if let Some((_, p)) = self.get(topic) {
            p.cancel();
        }
    }

    /// The tasks that ended since the last call, each once, with its outcome.
    pub fn poll(&mut self) -> Vec<Done> {
        let mut done = Vec::new();
        self.running.retain_mut(|t| match t.finish() {
            Some(result) => {
                done.push(Done { topic: t.topic(), result });
                false
            }
            None => true,
        });
        done
    }

    /// What runs, as the status bar lists it (file dialogs waiting for the user left out).
    pub fn listing(&self) -> impl Iterator<Item = (&str, &Progress)> {
        self.running.iter().filter(|t| !t.topic().is_quiet()).map(|t| (t.what(), t.progress()))
    }

    /// Whether any task runs (the window then redraws now and then to show the progress).
    #[must_use]
    pub fn any(&self) -> bool {
        !self.running.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::backend::take;
    use crate::ui::topic::AreaId;

    const WORK: Topic = Topic::new(AreaId::Export, "test-work");

    fn wait(tasks: &mut Tasks) -> Vec<Done> {
        for _ in 0..500 {
            let done = tasks.poll();
            if !done.is_empty() {
                return done;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        panic!("the task did not end");
    }

    #[test]
    fn a_task_reports_progress_and_its_outcome_once_to_its_topic() {
        let mut tasks = Tasks::default();
        let (go_tx, go_rx) = channel::<()>();
        let task = Task::spawn(
            WORK,
            "导出 3 份",
            || {},
            move |p| {
                p.set_total(3);
                for _ in 0..3 {
                    p.advance();
                }
                go_rx.recv().ok();
                7_u32
            },
        )
        .unwrap();
        tasks.start(task).unwrap_or_else(|_| panic!("nothing runs yet"));
        let second = Task::spawn(WORK, "again", || {}, |_| 8_u32).unwrap();
        assert!(tasks.start(second).is_err(), "one task per topic at a time");
        assert_eq!(tasks.listing().map(|(w, _)| w.to_owned()).collect::<Vec<_>>(), ["导出 3 份"]);
        go_tx.send(()).unwrap();
        let done = wait(&mut tasks);
        assert_eq!(done.len(), 1);
        assert_eq!(done[0].topic, WORK);
        assert_eq!(take::<u32>(done.into_iter().next().unwrap()), Some(7));
        assert!(!tasks.is_running(WORK));
        assert!(tasks.poll().is_empty(), "an outcome comes back once");
    }

    #[test]
    fn a_task_that_panics_comes_back_as_died_and_cancel_reaches_the_work() {
        let mut tasks = Tasks::default();
        let task = Task::spawn(
            WORK,
            "x",
            || {},
            |p| {
                while !p.cancelled() {
                    std::thread::sleep(std::time::Duration::from_millis(1));
                }
                panic!("stopped");
            },
        )
        .unwrap();
        tasks.start(task).unwrap_or_else(|_| panic!("nothing runs yet"));
        tasks.cancel(WORK);
        let done = wait(&mut tasks);
        assert_eq!(take::<TaskDied>(done.into_iter().next().unwrap()), Some(TaskDied));
    }
}

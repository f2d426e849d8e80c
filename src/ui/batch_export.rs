//! 批量导出: the chosen forms of many complaints written into one folder.
//!
//! A named background task (`roaddesk-batch-export`) with its own read connection, so the store
//! thread stays free for the lists and actions while hundreds of PDFs are rendered. The UI reads
//! the progress counters each frame (two atomics, no lock) and may cancel between complaints.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use crate::export::Form;
use crate::store::{Scope, Target};

/// What a batch export came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchOutcome {
    pub dir: PathBuf,
    /// Files written.
    pub written: usize,
    /// Complaints (or files) that could not be exported, with the reason.
    pub failed: Vec<(String, String)>,
    /// The user stopped it; what was written stays.
    pub cancelled: bool,
}

impl BatchOutcome {
    /// The one line the status bar shows.
    #[must_use]
    pub fn summary(&self) -> String {
        let mut s = format!("已导出 {} 个文件到 {}", self.written, self.dir.display());
        if self.cancelled {
            s.push_str("（已取消，其余未导出）");
        }
        if let Some((number, why)) = self.failed.first() {
            s = format!("{s}；{} 份未导出，如 {number}：{why}", self.failed.len());
        }
        s
    }
}

struct Progress {
    done: AtomicUsize,
    total: usize,
    cancel: AtomicBool,
}

/// A running batch export.
pub struct BatchExport {
    progress: Arc<Progress>,
    result: Receiver<BatchOutcome>,
    dir: PathBuf,
}

impl BatchExport {
    /// Start writing `forms` of each complaint in `numbers` into `dir`, reading the database at
    /// `db`; `wake` is called after each complaint so the window redraws the progress.
    pub fn start(
        db: (Target, Scope),
        numbers: Vec<String>,
        forms: Vec<Form>,
        dir: PathBuf,
        wake: impl Fn() + Send + 'static,
    ) -> std::io::Result<Self> {
        let progress =
            Arc::new(Progress { done: AtomicUsize::new(0), total: numbers.len(), cancel: AtomicBool::new(false) });
        let (tx, result) = channel();
        let (p, out) = (progress.clone(), dir.clone());
        std::thread::Builder::new().name("roaddesk-batch-export".into()).spawn(move || {
            let outcome = run(&db, &numbers, &forms, &out, &p, &wake);
            // The window may have gone (logout); then nobody needs the outcome.
            let _ = tx.send(outcome);
            wake();
        })?;
        Ok(Self { progress, result, dir })
    }

    /// Complaints done so far, and how many in all.
    #[must_use]
    pub fn progress(&self) -> (usize, usize) {
        (self.progress.done.load(Ordering::Relaxed), self.progress.total)
    }

    /// Stop after the complaint being written.
    pub fn cancel(&self) {
        self.progress.cancel.store(true, Ordering::Relaxed);
    }

    #[must_use]
    pub fn cancelling(&self) -> bool {
        self.progress.cancel.load(Ordering::Relaxed)
    }

    #[must_use]
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The outcome, once the task has finished.
    #[must_use]
    pub fn poll(&self) -> Option<BatchOutcome> {
        match self.result.try_recv() {
            Ok(outcome) => Some(outcome),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(BatchOutcome {
                dir: self.dir.clone(),
                written: 0,
                failed: vec![(String::new(), "导出任务意外中止".into())],
                cancelled: false,
            }),
        }
    }
}

impl Drop for BatchExport {
    /// Logging out (or closing the window) stops the task between complaints.
    fn drop(&mut self) {
        self.cancel();
    }
}

fn run(
    db: &(Target, Scope),
    numbers: &[String],
    forms: &[Form],
    dir: &Path,
    p: &Progress,
    wake: &dyn Fn(),
) -> BatchOutcome {
    let mut outcome = BatchOutcome { dir: dir.to_owned(), written: 0, failed: Vec::new(), cancelled: false };
    let store = match db.0.open() {
        Ok(mut s) => {
            s.set_scope(db.1);
            s
        }
        Err(e) => {
            outcome.failed = numbers.iter().map(|n| (n.clone(), e.to_string())).collect();
            return outcome;
        }
    };
    for number in numbers {
        if p.cancel.load(Ordering::Relaxed) {
            outcome.cancelled = true;
            break;
        }
        match crate::store::form_data(&*store, number) {
            Ok(data) => {
                for form in forms {
                    let path = dir.join(form.file_name(number));
                    let written = crate::export::render(*form, &data).map_err(|e| e.to_string()).and_then(|bytes| {
                        std::fs::write(&path, bytes).map_err(|e| format!("无法写入 {}：{e}", path.display()))
                    });
                    match written {
                        Ok(()) => outcome.written += 1,
                        Err(e) => outcome.failed.push((number.clone(), format!("{}：{e}", form.label()))),
                    }
                }
            }
            Err(e) => outcome.failed.push((number.clone(), e.to_string())),
        }
        p.done.fetch_add(1, Ordering::Relaxed);
        wake();
    }
    outcome
}

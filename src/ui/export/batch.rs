//! 批量导出: the chosen forms of many complaints written into one folder.
//!
//! A task of the window's registry (thread `roaddesk-batch-export`) with its own read
//! connection, so the store thread stays free for the lists and actions while hundreds of PDFs
//! are rendered. The window reads the progress each frame and may cancel between complaints.

use std::path::{Path, PathBuf};

use crate::export::Form;
use crate::store::{Scope, Target};
use crate::ui::tasks::{Progress, Task};
use crate::ui::topic::{AreaId, Topic};

/// The forms of many complaints written into one folder.
pub(super) const BATCH: Topic = Topic::new(AreaId::Export, "batch-export");

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

/// A running batch export: a [`Task`] of the export area, and the folder it writes into.
pub struct BatchExport {
    task: Task<BatchOutcome>,
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
        wake: impl Fn() + Send + Sync + 'static,
    ) -> std::io::Result<Self> {
        let out = dir.clone();
        let what = format!("批量导出 {} 条工单", numbers.len());
        let task = Task::spawn(BATCH, what, wake, move |p| {
            p.set_total(numbers.len());
            run(&db, &numbers, &forms, &out, p)
        })?;
        Ok(Self { task, dir })
    }

    /// The task, for the window's registry.
    #[must_use]
    pub fn into_task(self) -> Task<BatchOutcome> {
        self.task
    }

    /// Complaints done so far, and how many in all.
    #[must_use]
    pub fn progress(&self) -> (usize, usize) {
        self.task.progress().counts()
    }

    /// Stop after the complaint being written.
    pub fn cancel(&self) {
        self.task.progress().cancel();
    }

    #[must_use]
    pub fn cancelling(&self) -> bool {
        self.task.progress().cancelled()
    }

    #[must_use]
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The outcome, once the task has finished.
    #[must_use]
    pub fn poll(&self) -> Option<BatchOutcome> {
        self.task.poll().map(|r| r.unwrap_or_else(|_| died(&self.dir)))
    }
}

/// What a batch export whose thread ended without an outcome came to.
#[must_use]
pub fn died(dir: &Path) -> BatchOutcome {
    BatchOutcome {
        dir: dir.to_owned(),
        written: 0,
        failed: vec![(String::new(), "导出任务意外中止".into())],
        cancelled: false,
    }
}

fn run(db: &(Target, Scope), numbers: &[String], forms: &[Form], dir: &Path, p: &Progress) -> BatchOutcome {
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
        if p.cancelled() {
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
        p.advance();
    }
    outcome
}

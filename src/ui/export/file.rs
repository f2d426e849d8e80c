//! 导出月报, 导出结果（上报省中心）and the complaint list's 导出 Excel: one file made off the UI
//! thread.
//!
//! After the save dialog has answered, a task of the window's registry (thread
//! `roaddesk-file-export`) opens its own read connection, loads the data (for the list: every
//! match, not only the loaded page), renders the bytes with `crate::export` and writes the file
//! only when all of it is made, so a failure leaves nothing half-written. The window shows a
//! spinner with what is being made and the stage (the task's progress), then the outcome with 打开.

use std::path::{Path, PathBuf};

use crate::domain::time::BizTime;
use crate::export::report;
use crate::export::sheets::{ListLine, list_xlsx, results_csv, results_xlsx};
use crate::store::{ListFilter, Scope, Target, report_data, unit_names};
use crate::ui::tasks::Task;
use crate::ui::topic::{AreaId, Topic};
use crate::ui::view::{FileJob, FileType};

/// What an export came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileOutcome {
    /// What was made ([`FileJob::describe`]).
    pub what: String,
    /// The file written, with a line on its content; or why not, in Chinese.
    pub result: Result<(PathBuf, String), String>,
}

impl FileOutcome {
    /// The one line the panel and the status bar show.
    #[must_use]
    pub fn summary(&self) -> String {
        match &self.result {
            Ok((path, detail)) => format!("已导出 {}（{detail}）：{}", self.what, path.display()),
            Err(e) => format!("{}导出失败：{e}", self.what),
        }
    }
}

/// A report, the results or a list made into one file.
pub(super) const FILE: Topic = Topic::new(AreaId::Export, "file-export");

/// The stages a running export goes through, as the panel says them.
const READING: &str = "正在读取数据";
const RENDERING: &str = "正在生成文件";
const WRITING: &str = "正在写入文件";

/// Start making `job` into `path` as a task of the export area, reading the database at `db`,
/// as of `now`; `wake` is called at each stage so the window redraws.
pub fn start(
    db: (Target, Scope),
    job: FileJob,
    path: PathBuf,
    now: BizTime,
    wake: impl Fn() + Send + Sync + 'static,
) -> std::io::Result<Task<FileOutcome>> {
    let what = job.describe();
    let w = what.clone();
    Task::spawn(FILE, what, wake, move |p| {
        p.set_stage(READING);
        let result = run(&db, &job, &path, now, &|stage| p.set_stage(stage));
        FileOutcome { what: w, result }
    })
}

/// Load, render, write: the file's path and a line on what it holds.
fn run(
    db: &(Target, Scope),
    job: &FileJob,
    path: &Path,
    now: BizTime,
    step: &dyn Fn(&'static str),
) -> Result<(PathBuf, String), String> {
    let mut store = db.0.open().map_err(|e| e.to_string())?;
    store.set_scope(db.1);
    let store = store.as_ref();
    let (bytes, detail) = match job {
        FileJob::Report { from, to, kind } => {
            let data = report_data(store, *from, *to, now).map_err(|e| e.to_string())?;
            step(RENDERING);
            let figures = report::Figures::of(&data);
            let bytes = match kind {
                FileType::Pdf => report::pdf(&figures),
                FileType::Xlsx | FileType::Csv => report::xlsx(&figures),
            }
            .map_err(|e| e.to_string())?;
            let detail = format!("受理量 {}，超期与重办 {} 件", figures.total.volume, figures.attention.len());
            (bytes, detail)
        }
        FileJob::Results { from, to, kind } => {
            let closed = store.closed_between(*from, *to).map_err(|e| e.to_string())?;
            let names = unit_names(store).map_err(|e| e.to_string())?;
            step(RENDERING);
            let bytes = match kind {
                FileType::Csv => results_csv(&closed, &names),
                FileType::Xlsx | FileType::Pdf => results_xlsx(&closed, &names),
            }
            .map_err(|e| e.to_string())?;
            (bytes, format!("办结 {} 件", closed.len()))
        }
        FileJob::List { filter } => {
            let all = ListFilter { limit: None, offset: 0, ..filter.clone() };
            let rows = store.list(&all).map_err(|e| e.to_string())?;
            step(RENDERING);
            let lines: Vec<ListLine> = rows.iter().map(ListLine::from).collect();
            let bytes = list_xlsx(&lines).map_err(|e| e.to_string())?;
            (bytes, format!("{} 条工单", lines.len()))
        }
    };
    step(WRITING);
    std::fs::write(path, &bytes).map_err(|e| format!("无法写入 {}：{e}", path.display()))?;
    Ok((path.to_owned(), format!("{detail}，{} KB", bytes.len().div_ceil(1024))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> chrono::NaiveDate {
        chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_failed_export_writes_nothing_and_says_why() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("t.db");
        drop(crate::store::SqliteStore::create(&db).unwrap());
        let db = (Target::File(db), Scope::All);
        // A folder that does not exist: the data is made, the write fails, no file appears.
        let path = dir.path().join("没有这个文件夹").join("月报.pdf");
        let job = FileJob::Results { from: d("2026-11-01"), to: d("2026-11-21"), kind: FileType::Csv };
        let now = crate::domain::time::parse_biz_time("2026-11-21 10:00").unwrap();
        let err = run(&db, &job, &path, now, &|_| {}).unwrap_err();
        assert!(err.starts_with("无法写入"), "{err}");
        assert!(!path.exists());
        let outcome = FileOutcome { what: job.describe(), result: Err(err) };
        assert!(outcome.summary().starts_with("2026-11-01 至 2026-11-21 办结结果（CSV）导出失败：无法写入"));
    }
}

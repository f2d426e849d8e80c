//! 导出月报, 导出结果（上报省中心）and the complaint list's 导出 Excel: one file made off the UI
//! thread.
//!
//! After the save dialog has answered, a named background task (`roaddesk-file-export`) opens
//! its own read connection, loads the data (for the list: every match, not only the loaded page),
//! renders the bytes with `crate::export` and writes the file only when all of it is made, so a
//! failure leaves nothing half-written. The window shows a spinner with what is being made and
//! the stage (an atomic it reads each frame), then the outcome with 打开.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use chrono::NaiveDate;

use crate::domain::stats::Month;
use crate::domain::time::BizTime;
use crate::export::report;
use crate::export::sheets::{ListLine, list_xlsx, results_csv, results_xlsx};
use crate::store::{ListFilter, Scope, Target, report_data, unit_names};

/// The kind of file a save dialog asks for: its filter's name and extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileType {
    Pdf,
    Xlsx,
    Csv,
}

impl FileType {
    /// The extension, without the dot.
    #[must_use]
    pub fn ext(self) -> &'static str {
        match self {
            FileType::Pdf => "pdf",
            FileType::Xlsx => "xlsx",
            FileType::Csv => "csv",
        }
    }

    /// The save dialog's filter name.
    #[must_use]
    pub fn filter_name(self) -> &'static str {
        match self {
            FileType::Pdf => "PDF 文件",
            FileType::Xlsx => "Excel 工作簿",
            FileType::Csv => "CSV 文件",
        }
    }

    /// As a format choice is shown: `PDF`, `Excel`, `CSV`.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            FileType::Pdf => "PDF",
            FileType::Xlsx => "Excel",
            FileType::Csv => "CSV",
        }
    }
}

/// What to make.
#[derive(Debug, Clone, PartialEq)]
pub enum FileJob {
    /// The monthly report (a calendar month) or the statistics report of any period, as PDF or XLSX.
    Report { from: NaiveDate, to: NaiveDate, kind: FileType },
    /// The complaints closed in the period, for the provincial center, as XLSX or CSV.
    Results { from: NaiveDate, to: NaiveDate, kind: FileType },
    /// Every complaint matching `filter` (its limit is lifted, not only the loaded page) as XLSX.
    List { filter: ListFilter },
}

impl FileJob {
    #[must_use]
    pub fn file_type(&self) -> FileType {
        match self {
            FileJob::Report { kind, .. } | FileJob::Results { kind, .. } => *kind,
            FileJob::List { .. } => FileType::Xlsx,
        }
    }

    /// The name the save dialog proposes, e.g. `投诉处理月报-2026-10.pdf`,
    /// `结果上报-2026-11-01至2026-11-21.csv`, `投诉工单-2026-11-21.xlsx` (`today` for the list).
    #[must_use]
    pub fn file_name(&self, today: NaiveDate) -> String {
        let ext = self.file_type().ext();
        match self {
            FileJob::Report { from, to, .. } => report::file_name(*from, *to, ext),
            FileJob::Results { from, to, .. } => format!("结果上报-{from}至{to}.{ext}"),
            FileJob::List { .. } => format!("投诉工单-{today}.{ext}"),
        }
    }

    /// What is being made, e.g. `2026年10月 月报（PDF）`, `2026-11-01 至 2026-11-21 统计报告（Excel）`.
    #[must_use]
    pub fn describe(&self) -> String {
        let kind = self.file_type().label();
        match self {
            FileJob::Report { from, to, .. } => {
                let m = Month::of(*from);
                if *from == m.first() && *to == m.last() {
                    format!("{} 月报（{kind}）", m.label())
                } else {
                    format!("{from} 至 {to} 统计报告（{kind}）")
                }
            }
            FileJob::Results { from, to, .. } => format!("{from} 至 {to} 办结结果（{kind}）"),
            FileJob::List { .. } => format!("投诉工单列表（{kind}）"),
        }
    }
}

/// `path`, with the format's extension added when the user typed another one (or none), so
/// the file opens in the right program.
#[must_use]
pub fn with_extension(path: PathBuf, kind: FileType) -> PathBuf {
    let matches = path.extension().is_some_and(|e| e.eq_ignore_ascii_case(kind.ext()));
    if matches {
        path
    } else {
        let mut name = path.into_os_string();
        name.push(".");
        name.push(kind.ext());
        PathBuf::from(name)
    }
}

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

/// The stage a running export is at.
const READING: u8 = 0;
const RENDERING: u8 = 1;
const WRITING: u8 = 2;

/// A running export.
pub struct FileExport {
    what: String,
    stage: Arc<AtomicU8>,
    result: Receiver<FileOutcome>,
}

impl FileExport {
    /// Start making `job` into `path`, reading the database at `db`, as of `now`; `wake` is
    /// called at each stage so the window redraws.
    pub fn start(
        db: (Target, Scope),
        job: FileJob,
        path: PathBuf,
        now: BizTime,
        wake: impl Fn() + Send + 'static,
    ) -> std::io::Result<Self> {
        let what = job.describe();
        let stage = Arc::new(AtomicU8::new(READING));
        let (tx, result) = channel();
        let (s, w) = (stage.clone(), what.clone());
        std::thread::Builder::new().name("roaddesk-file-export".into()).spawn(move || {
            let step = |n: u8| {
                s.store(n, Ordering::Relaxed);
                wake();
            };
            let result = run(&db, &job, &path, now, &step);
            // The window may have gone (logout); then nobody needs the outcome.
            let _ = tx.send(FileOutcome { what: w, result });
            wake();
        })?;
        Ok(Self { what, stage, result })
    }

    /// What is being made.
    #[must_use]
    pub fn what(&self) -> &str {
        &self.what
    }

    /// The current stage, in Chinese.
    #[must_use]
    pub fn stage(&self) -> &'static str {
        match self.stage.load(Ordering::Relaxed) {
            READING => "正在读取数据",
            RENDERING => "正在生成文件",
            _ => "正在写入文件",
        }
    }

    /// The outcome, once the task has finished.
    #[must_use]
    pub fn poll(&self) -> Option<FileOutcome> {
        match self.result.try_recv() {
            Ok(outcome) => Some(outcome),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                Some(FileOutcome { what: self.what.clone(), result: Err("导出任务意外中止".into()) })
            }
        }
    }
}

/// Load, render, write: the file's path and a line on what it holds.
fn run(
    db: &(Target, Scope),
    job: &FileJob,
    path: &Path,
    now: BizTime,
    step: &dyn Fn(u8),
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

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn names_and_descriptions_follow_the_period_and_format() {
        let month = FileJob::Report { from: d("2026-10-01"), to: d("2026-10-31"), kind: FileType::Pdf };
        assert_eq!(month.file_name(d("2026-11-21")), "投诉处理月报-2026-10.pdf");
        assert_eq!(month.describe(), "2026年10月 月报（PDF）");
        let range = FileJob::Report { from: d("2026-11-01"), to: d("2026-11-21"), kind: FileType::Xlsx };
        assert_eq!(range.file_name(d("2026-11-21")), "投诉处理统计报告-2026-11-01至2026-11-21.xlsx");
        assert_eq!(range.describe(), "2026-11-01 至 2026-11-21 统计报告（Excel）");
        let results = FileJob::Results { from: d("2026-11-01"), to: d("2026-11-21"), kind: FileType::Csv };
        assert_eq!(results.file_name(d("2026-11-21")), "结果上报-2026-11-01至2026-11-21.csv");
        let list = FileJob::List { filter: ListFilter::default() };
        assert_eq!(list.file_name(d("2026-11-21")), "投诉工单-2026-11-21.xlsx");
        assert_eq!(list.describe(), "投诉工单列表（Excel）");
    }

    #[test]
    fn the_format_extension_is_added_unless_already_there() {
        assert_eq!(with_extension(PathBuf::from("/t/月报.PDF"), FileType::Pdf), PathBuf::from("/t/月报.PDF"));
        assert_eq!(with_extension(PathBuf::from("/t/月报"), FileType::Pdf), PathBuf::from("/t/月报.pdf"));
        assert_eq!(with_extension(PathBuf::from("/t/月报.pdf"), FileType::Xlsx), PathBuf::from("/t/月报.pdf.xlsx"));
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

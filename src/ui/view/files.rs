//! The files an area asks the export area to make: what, as which format, named how.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::domain::stats::Month;
use crate::export::report;
use crate::store::ListFilter;

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
}

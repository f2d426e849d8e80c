//! Printed forms and reports: takes data, returns bytes. No database, no files, no UI here.
//!
//! [`render`] draws a form as an A4 PDF with printpdf's ops API and the bundled Noto Sans SC
//! (subset into each file): [`pdf`] is the page composer (grid, wrapping, page breaks,
//! signatures, page numbers), `forms` says what each form prints. [`report`] is the monthly
//! report (PDF and XLSX), [`sheets`] the other spreadsheets: any list of complaints, and the
//! results reported back to the provincial center (XLSX or CSV).

mod forms;
pub mod pdf;
pub mod report;
pub mod sheets;

use std::collections::BTreeMap;

use crate::domain::org::{StationId, UnitId};

use crate::domain::lifecycle::HistoryEvent;
use crate::domain::work::Complaint;
use crate::labeled_enum;

labeled_enum! {
    /// The three paper forms of the complaint process (domain.md §5).
    pub enum Form {
        Handling = ("handling", "客服投诉处理单"),
        Checklist = ("checklist", "录像核查清单"),
        Feedback = ("feedback", "投诉处理反馈单"),
    }
}

impl Form {
    /// The proposed file name, e.g. `反馈单-TS2026112100001.pdf`.
    #[must_use]
    pub fn file_name(self, number: &str) -> String {
        let short = match self {
            Form::Handling => "处理单",
            Form::Checklist => "核查清单",
            Form::Feedback => "反馈单",
        };
        format!("{short}-{number}.pdf")
    }
}

/// Signature images (PNG bytes) of the people who signed, where they uploaded one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignatureImages {
    pub handler: Option<Vec<u8>>,
    pub head: Option<Vec<u8>>,
    pub leader: Option<Vec<u8>>,
}

/// Everything a form prints.
#[derive(Debug, Clone)]
pub struct FormData {
    /// The issuing unit printed on top (the segment center's name).
    pub issuer: String,
    pub complaint: Complaint,
    pub history: Vec<HistoryEvent>,
    pub office_name: Option<String>,
    pub station_name: Option<String>,
    pub signatures: SignatureImages,
}

/// Why a form could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("字体中缺少这些字符，无法打印：{0}")]
    MissingGlyphs(String),
    #[error("签名图片无法读取（{who}）：{reason}")]
    BadSignature { who: String, reason: String },
    #[error("生成 PDF 失败：{0}")]
    Pdf(String),
    #[error("生成 Excel 文件失败：{0}")]
    Xlsx(String),
    #[error("生成 CSV 文件失败：{0}")]
    Csv(String),
}

impl From<rust_xlsxwriter::XlsxError> for ExportError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        Self::Xlsx(e.to_string())
    }
}

/// Names of units and stations by id, to print instead of ids.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names {
    pub units: BTreeMap<UnitId, String>,
    pub stations: BTreeMap<StationId, String>,
}

impl Names {
    /// The unit's name; `未指定` without one, `#id` if unknown.
    #[must_use]
    pub fn unit(&self, id: Option<UnitId>) -> String {
        id.map_or_else(
            || "未指定".to_owned(),
            |id| self.units.get(&id).cloned().unwrap_or_else(|| format!("#{}", id.0)),
        )
    }

    /// The station's name, empty without one.
    #[must_use]
    pub fn station(&self, id: Option<StationId>) -> String {
        id.map_or_else(String::new, |id| self.stations.get(&id).cloned().unwrap_or_else(|| format!("#{}", id.0)))
    }
}

/// Draw `form` for `data` as PDF bytes (A4 portrait, as many pages as the text needs).
///
/// Fails with [`ExportError::MissingGlyphs`] if any character to print is not in the bundled
/// font (it would come out blank), and [`ExportError::BadSignature`] if a signature image is
/// not a readable PNG.
pub fn render(form: Form, data: &FormData) -> Result<Vec<u8>, ExportError> {
    match form {
        Form::Handling => forms::handling(data),
        Form::Checklist => forms::checklist(data),
        Form::Feedback => forms::feedback(data),
    }
}

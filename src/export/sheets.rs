//! Spreadsheets besides the monthly report: any list of complaints as XLSX, and the results
//! reported back to the provincial center (结果上报) as XLSX or CSV, with Chinese column headers
//! in the style of the import (`省中心工单号`, `受理时间` … as `roaddesk import` reads them).

use rust_xlsxwriter::{Format, FormatAlign, Workbook};

use super::report::{col, row};
use super::{ExportError, Names};
use crate::domain::deadline::Step;
use crate::domain::time::{BizTime, format_biz, format_due};
use crate::domain::work::{Category, Complaint, ComplaintState, Grade, ItemKind, Source};

/// One line of a complaint list, as the list screen and `roaddesk list` show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListLine {
    pub number: String,
    pub kind: ItemKind,
    pub source: Source,
    pub provincial_number: Option<String>,
    pub accepted_at: BizTime,
    pub complainant: String,
    pub phone: String,
    pub plate: Option<String>,
    pub category: Category,
    pub grade: Grade,
    pub office: Option<String>,
    pub station: Option<String>,
    pub state: ComplaintState,
    pub due_step: Option<Step>,
    pub due_at: Option<BizTime>,
    pub urge_count: u32,
    pub reopen_count: u32,
}

/// The columns of a list export.
pub const LIST_COLUMNS: [&str; 17] = [
    "工单编号",
    "类型",
    "来源",
    "省中心工单号",
    "受理时间",
    "投诉人",
    "联系电话",
    "车牌号码",
    "投诉类别",
    "投诉等级",
    "被投诉单位",
    "收费站",
    "状态",
    "当前环节",
    "办理时限",
    "催办次数",
    "重办次数",
];

/// A list of complaints as a one-sheet workbook (sheet 投诉工单), one row per line.
pub fn list_xlsx(lines: &[ListLine]) -> Result<Vec<u8>, ExportError> {
    let rows = lines.iter().map(|l| {
        vec![
            l.number.clone(),
            l.kind.label().to_owned(),
            l.source.label().to_owned(),
            l.provincial_number.clone().unwrap_or_default(),
            format_biz(l.accepted_at),
            l.complainant.clone(),
            l.phone.clone(),
            l.plate.clone().unwrap_or_default(),
            l.category.label().to_owned(),
            l.grade.label().to_owned(),
            l.office.clone().unwrap_or_default(),
            l.station.clone().unwrap_or_default(),
            l.state.label().to_owned(),
            l.due_step.map(|s| s.label().to_owned()).unwrap_or_default(),
            l.due_at.map(format_due).unwrap_or_default(),
            l.urge_count.to_string(),
            l.reopen_count.to_string(),
        ]
    });
    let widths = [18.0, 6.0, 10.0, 20.0, 17.0, 10.0, 14.0, 11.0, 10.0, 8.0, 14.0, 12.0, 8.0, 12.0, 17.0, 8.0, 8.0];
    table_xlsx("投诉工单", &LIST_COLUMNS, &widths, rows, &[15, 16])
}

/// The columns of the results reported back to the provincial center.
pub const RESULT_COLUMNS: [&str; 19] = [
    "省中心工单号",
    "工单编号",
    "来源",
    "类型",
    "受理时间",
    "投诉人",
    "联系电话",
    "车牌号码",
    "投诉类别",
    "被投诉单位",
    "核查结论",
    "调查情况",
    "处理结果",
    "办结时间",
    "办结方式",
    "回访时间",
    "回访情况",
    "满意度",
    "回访意见",
];

/// The results of closed complaints, one row each, in [`RESULT_COLUMNS`] order.
#[must_use]
pub fn result_rows(closed: &[Complaint], names: &Names) -> Vec<Vec<String>> {
    closed
        .iter()
        .map(|c| {
            let last = c.revisits.last();
            let reached = c.reached_revisit();
            let unreached = c.revisits.iter().filter(|r| r.unreached.is_some()).count();
            let revisit = match (reached, last) {
                (Some(_), _) => "已联系上".to_owned(),
                (None, Some(r)) => {
                    format!("未联系上（{}次，最后一次：{}）", unreached, r.unreached.map_or("", |u| u.label()))
                }
                (None, None) => String::new(),
            };
            let words = reached.map_or_else(String::new, |r| match (r.words.trim(), r.reason.trim()) {
                (w, "") => w.to_owned(),
                ("", why) => why.to_owned(),
                (w, why) => format!("{w}（原因：{why}）"),
            });
            vec![
                c.provincial_number.clone().unwrap_or_default(),
                c.number.clone(),
                c.source.label().to_owned(),
                c.kind.label().to_owned(),
                format_biz(c.accepted_at),
                c.complainant.clone(),
                c.phone.as_str().to_owned(),
                c.plate.as_ref().map(|p| p.as_str().to_owned()).unwrap_or_default(),
                c.category.label().to_owned(),
                c.office.map(|o| names.unit(Some(o))).unwrap_or_default(),
                c.result.as_ref().and(c.checklist.conclusion).map(|k| k.label().to_owned()).unwrap_or_default(),
                c.result.as_ref().map(|r| r.investigation.clone()).unwrap_or_default(),
                c.result.as_ref().map(|r| r.handling.clone()).unwrap_or_default(),
                c.closed_at.map(format_biz).unwrap_or_default(),
                c.close_kind.map(|k| k.label().to_owned()).unwrap_or_default(),
                last.map(|r| format_biz(r.at)).unwrap_or_default(),
                revisit,
                reached.and_then(|r| r.satisfaction).map(|s| s.label().to_owned()).unwrap_or_default(),
                words,
            ]
        })
        .collect()
}

/// The results as a one-sheet workbook (sheet 结果上报).
pub fn results_xlsx(closed: &[Complaint], names: &Names) -> Result<Vec<u8>, ExportError> {
    let widths =
        [20.0, 18.0, 10.0, 6.0, 17.0, 10.0, 14.0, 11.0, 10.0, 14.0, 9.0, 40.0, 40.0, 17.0, 12.0, 17.0, 16.0, 9.0, 30.0];
    table_xlsx("结果上报", &RESULT_COLUMNS, &widths, result_rows(closed, names).into_iter(), &[])
}

/// The results as CSV: UTF-8 with a byte-order mark (so that Excel and WPS read the Chinese),
/// the header row first, CRLF line ends.
pub fn results_csv(closed: &[Complaint], names: &Names) -> Result<Vec<u8>, ExportError> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(b"\xEF\xBB\xBF".to_vec());
    let err = |e: csv::Error| ExportError::Csv(e.to_string());
    w.write_record(RESULT_COLUMNS).map_err(err)?;
    for r in result_rows(closed, names) {
        w.write_record(&r).map_err(err)?;
    }
    w.into_inner().map_err(|e| ExportError::Csv(e.to_string()))
}

/// A sheet named `name`: a bold header row, then `rows` as text, except the columns in
/// `numeric`, written as numbers.
fn table_xlsx(
    name: &str,
    heads: &[&str],
    widths: &[f64],
    rows: impl Iterator<Item = Vec<String>>,
    numeric: &[usize],
) -> Result<Vec<u8>, ExportError> {
    let mut book = Workbook::new();
    let head = Format::new().set_bold().set_background_color("#E6E6E6").set_align(FormatAlign::Center);
    let ws = book.add_worksheet().set_name(name)?;
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(0, col(c), *h, &head)?;
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(col(c), *w)?;
    }
    let mut n = 0;
    for (r, cells) in rows.enumerate() {
        for (c, v) in cells.iter().enumerate() {
            match v.parse::<f64>() {
                Ok(x) if numeric.contains(&c) => ws.write_number(row(r + 1), col(c), x)?,
                _ => ws.write_string(row(r + 1), col(c), v)?,
            };
        }
        n = r + 1;
    }
    ws.set_freeze_panes(1, 0)?;
    if n > 0 {
        ws.autofilter(0, 0, row(n), col(heads.len() - 1))?;
    }
    Ok(book.save_to_buffer()?)
}

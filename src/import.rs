//! Reading the provincial center's CSV export: UTF-8 (with or without BOM) or GBK, Chinese headers.
//! Bytes in, typed rows or a list of every bad cell out; no files are touched here.

use crate::domain::intake::ComplaintInput;

/// The Chinese column headers and the field each fills (first name is the documented one).
pub const COLUMNS: &[(&[&str], &str)] = &[
    (&["省中心工单号", "工单号"], "provincial_number"),
    (&["转办时间"], "forwarded_at"),
    (&["受理时间", "来电时间"], "accepted_at"),
    (&["来源"], "source"),
    (&["类型"], "kind"),
    (&["投诉人", "来电人", "姓名"], "complainant"),
    (&["联系电话", "电话"], "phone"),
    (&["车牌号码", "车牌号", "车牌"], "plate"),
    (&["车牌颜色"], "plate_colour"),
    (&["车型"], "vehicle_class"),
    (&["通行时间"], "passage_at"),
    (&["入口站"], "entry_station"),
    (&["出口站"], "exit_station"),
    (&["地点"], "place"),
    (&["桩号"], "kstake"),
    (&["投诉类别", "类别"], "category"),
    (&["投诉等级", "等级"], "grade"),
    (&["投诉内容", "内容"], "content"),
    (&["诉求"], "request"),
    (&["被投诉单位", "管理所"], "office"),
    (&["收费站"], "station"),
];

/// One bad cell (or row, or file): where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// Line in the file, 1-based (0 for the whole file).
    pub line: u64,
    /// Column header, if one cell is at fault.
    pub column: Option<String>,
    pub reason: String,
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.column, self.line) {
            (_, 0) => write!(f, "{}", self.reason),
            (Some(c), l) => write!(f, "第{l}行，“{c}”列：{}", self.reason),
            (None, l) => write!(f, "第{l}行：{}", self.reason),
        }
    }
}

/// Decode the file: UTF-8 (BOM optional) or GBK. The name of the encoding comes back too.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), ImportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok((s.to_owned(), "UTF-8"));
    }
    let (text, _, had_errors) = encoding_rs::GBK.decode(bytes);
    if had_errors {
        return Err(ImportError {
            line: 0,
            column: None,
            reason: "文件编码无法识别：请另存为 UTF-8 或 GBK 编码的 CSV".into(),
        });
    }
    Ok((text.into_owned(), "GBK"))
}

/// Rows of the file as typed input, each with its line number and the column each field came from.
pub struct Parsed {
    pub encoding: &'static str,
    pub rows: Vec<(u64, ComplaintInput)>,
    /// Rows that could not be read at all (e.g. a wrong number of cells). The readable rows are
    /// still returned so that their cells can be checked too and every bad line reported at once.
    pub errors: Vec<ImportError>,
    /// field name → the header as written in the file
    pub headers: Vec<(String, String)>,
}

impl Parsed {
    /// The header in the file that fills the field with this Chinese label (for messages).
    #[must_use]
    pub fn header_for_label(&self, label: &str) -> Option<String> {
        let field = FIELD_LABELS.iter().find(|(_, l)| *l == label).map(|(f, _)| *f)?;
        self.headers.iter().find(|(f, _)| f == field).map(|(_, h)| h.clone())
    }
}

/// The Chinese labels that validation uses in its messages, by field.
const FIELD_LABELS: &[(&str, &str)] = &[
    ("provincial_number", "省中心工单号"),
    ("forwarded_at", "转办时间"),
    ("accepted_at", "受理时间"),
    ("source", "来源"),
    ("kind", "类型"),
    ("complainant", "投诉人"),
    ("phone", "联系电话"),
    ("plate", "车牌号码"),
    ("plate_colour", "车牌颜色"),
    ("vehicle_class", "车型"),
    ("passage_at", "通行时间"),
    ("entry_station", "入口站"),
    ("exit_station", "出口站"),
    ("place", "地点"),
    ("kstake", "桩号"),
    ("category", "投诉类别"),
    ("grade", "投诉等级"),
    ("content", "投诉内容"),
    ("request", "诉求"),
    ("office", "被投诉单位"),
    ("station", "收费站"),
];

fn set(input: &mut ComplaintInput, field: &str, value: String) {
    let slot = match field {
        "provincial_number" => &mut input.provincial_number,
        "forwarded_at" => &mut input.forwarded_at,
        "accepted_at" => &mut input.accepted_at,
        "source" => &mut input.source,
        "kind" => &mut input.kind,
        "complainant" => &mut input.complainant,
        "phone" => &mut input.phone,
        "plate" => &mut input.plate,
        "plate_colour" => &mut input.plate_colour,
        "vehicle_class" => &mut input.vehicle_class,
        "passage_at" => &mut input.passage_at,
        "entry_station" => &mut input.entry_station,
        "exit_station" => &mut input.exit_station,
        "place" => &mut input.place,
        "kstake" => &mut input.kstake,
        "category" => &mut input.category,
        "grade" => &mut input.grade,
        "content" => &mut input.content,
        "request" => &mut input.request,
        "office" => &mut input.office,
        "station" => &mut input.station,
        _ => return,
    };
    if !value.trim().is_empty() {
        *slot = Some(value);
    }
}

/// Parse the CSV: map headers, read rows. Rows without a source are marked 省中心转办.
/// A bad header fails the whole file; unreadable rows are listed in [`Parsed::errors`].
pub fn parse(bytes: &[u8]) -> Result<Parsed, Vec<ImportError>> {
    let (text, encoding) = decode(bytes).map_err(|e| vec![e])?;
    let mut rdr = csv::ReaderBuilder::new().flexible(false).trim(csv::Trim::All).from_reader(text.as_bytes());
    let headers = rdr
        .headers()
        .map_err(|e| vec![ImportError { line: 1, column: None, reason: format!("表头无法读取：{e}") }])?
        .clone();
    let mut errors = Vec::new();
    let mut fields: Vec<Option<&'static str>> = Vec::new();
    let mut mapped: Vec<(String, String)> = Vec::new();
    for h in &headers {
        let found = COLUMNS.iter().find(|(names, _)| names.contains(&h)).map(|(_, f)| *f);
        match found {
            Some(f) if mapped.iter().any(|(m, _)| m == f) => {
                errors
                    .push(ImportError { line: 1, column: Some(h.to_owned()), reason: "与前面的列重复".into() });
            }
            Some(f) => mapped.push((f.to_owned(), h.to_owned())),
            None if h.is_empty() => {}
            None => errors.push(ImportError {
                line: 1,
                column: Some(h.to_owned()),
                reason: format!(
                    "不认识的列名，可用的列名：{}",
                    COLUMNS.iter().map(|(n, _)| n[0]).collect::<Vec<_>>().join("、")
                ),
            }),
        }
        fields.push(found);
    }
    for required in ["phone", "content", "category"] {
        if !mapped.iter().any(|(f, _)| f == required) {
            let label = FIELD_LABELS.iter().find(|(f, _)| *f == required).map_or(required, |(_, l)| l);
            errors.push(ImportError { line: 1, column: None, reason: format!("缺少必需的列“{label}”") });
        }
    }
    let header_errors = errors.len();
    let mut rows = Vec::new();
    for rec in rdr.records() {
        match rec {
            Ok(rec) => {
                let line = rec.position().map_or(0, csv::Position::line);
                if rec.iter().all(str::is_empty) {
                    continue;
                }
                let mut input = ComplaintInput::default();
                for (value, field) in rec.iter().zip(&fields) {
                    if let Some(f) = field {
                        set(&mut input, f, value.to_owned());
                    }
                }
                if input.source.is_none() {
                    input.source = Some("省中心转办".into());
                }
                rows.push((line, input));
            }
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                let reason = match e.kind() {
                    csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
                        format!("本行有{len}列，表头有{expected_len}列（是否有未加引号的逗号？）")
                    }
                    _ => format!("无法读取：{e}"),
                };
                errors.push(ImportError { line, column: None, reason });
            }
        }
    }
    if rows.is_empty() && errors.is_empty() {
        errors.push(ImportError { line: 0, column: None, reason: "文件中没有数据行".into() });
    }
    if header_errors > 0 || rows.is_empty() {
        return Err(errors);
    }
    Ok(Parsed { encoding, rows, headers: mapped, errors })
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSV: &str = "省中心工单号,受理时间,投诉人,联系电话,车牌号码,投诉类别,投诉内容\nHB001,2026-10-01 10:00,张三,13812345678,鄂A12345,收费争议,多收费\n";

    #[test]
    fn reads_utf8_with_and_without_bom() {
        let p = parse(CSV.as_bytes()).ok().unwrap();
        assert_eq!(p.encoding, "UTF-8");
        assert_eq!(p.rows.len(), 1);
        assert_eq!(p.rows[0].0, 2);
        assert_eq!(p.rows[0].1.complainant.as_deref(), Some("张三"));
        assert_eq!(p.rows[0].1.source.as_deref(), Some("省中心转办"));
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(CSV.as_bytes());
        assert_eq!(parse(&bom).ok().unwrap().rows[0].1.provincial_number.as_deref(), Some("HB001"));
    }

    #[test]
    fn reads_gbk() {
        let (bytes, _, _) = encoding_rs::GBK.encode(CSV);
        let p = parse(&bytes).ok().unwrap();
        assert_eq!(p.encoding, "GBK");
        assert_eq!(p.rows[0].1.content.as_deref(), Some("多收费"));
        assert_eq!(p.header_for_label("投诉内容").as_deref(), Some("投诉内容"));
    }

    #[test]
    fn unknown_and_missing_columns_are_reported() {
        let errs = parse("电话号,内容\n1,2\n".as_bytes()).err().unwrap();
        let text: Vec<String> = errs.iter().map(ToString::to_string).collect();
        assert!(text[0].starts_with("第1行，“电话号”列：不认识的列名"), "{text:?}");
        assert!(text.iter().any(|t| t.contains("缺少必需的列“联系电话”")));
    }

    #[test]
    fn ragged_rows_name_their_line() {
        let errs = parse("联系电话,投诉类别,投诉内容\n138,收费争议,a,b\n".as_bytes()).err().unwrap();
        assert_eq!(errs[0].to_string(), "第2行：本行有4列，表头有3列（是否有未加引号的逗号？）");
        // Readable rows around a ragged one still come back, for their cells to be checked.
        let p = parse("联系电话,投诉类别,投诉内容\n138,收费争议,a\n139,收费争议\n\"1\n40\",收费争议,c\n".as_bytes())
            .ok()
            .unwrap();
        assert_eq!(p.rows.iter().map(|(l, _)| *l).collect::<Vec<_>>(), [2, 4]);
        assert_eq!(p.errors.len(), 1);
        assert_eq!(p.errors[0].to_string(), "第3行：本行有2列，表头有3列（是否有未加引号的逗号？）");
    }
}

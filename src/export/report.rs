//! The monthly report (月报): the indicators of domain.md §6 for one month, in total, by office and
//! by category, four charts drawn as vector graphics, and the overdue and re-handled complaints.
//! [`Figures::of`] computes everything once (through `domain::stats`, the single definition of the
//! indicators); [`pdf`] prints it with the forms' page composer and [`xlsx`] writes the same
//! figures as a workbook.

use chrono::NaiveDate;
use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet};

use super::pdf::{Align, CONTENT_W, Cell, Heading, MARGIN_X, Sheet};
use super::{ExportError, Names};
use crate::domain::stats::{
    ComplaintFacts, GroupBy, GroupKey, Indicators, Month, Ratio, StatsSettings, compute, daily_volume,
    overdue_or_reopened, satisfaction_by_month,
};
use crate::domain::time::{BizTime, format_biz, to_biz};

/// How many months the satisfaction trend shows, the report's month last.
pub const TREND_MONTHS: usize = 6;

/// Everything the monthly report needs.
#[derive(Debug, Clone)]
pub struct ReportData {
    /// The issuing unit (the segment center), printed on top.
    pub issuer: String,
    /// The period reported on (business dates, inclusive): a calendar month for the 月报.
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Facts of the complaints accepted in the period and in the [`TREND_MONTHS`] months
    /// ending with the month of `to`.
    pub facts: Vec<ComplaintFacts>,
    pub names: Names,
    pub settings: StatsSettings,
    /// When the figures were taken (overdue counts depend on it).
    pub generated_at: BizTime,
}

/// How an indicator's value is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    /// A number of complaints (or urges).
    Count(u64),
    /// A rate with its numerator and denominator.
    Rate(Ratio),
    /// An average duration: total seconds ÷ complaints.
    Hours(Ratio),
}

impl Figure {
    /// As printed: `12`, `92.3%`, `41.6 小时`; `—` when the denominator is 0.
    #[must_use]
    pub fn value_text(&self) -> String {
        match self {
            Self::Count(n) => n.to_string(),
            Self::Rate(r) => r.value().map_or_else(|| "—".to_owned(), |v| format!("{:.1}%", v * 100.0)),
            Self::Hours(r) => r.value().map_or_else(|| "—".to_owned(), |v| format!("{:.1} 小时", v / 3600.0)),
        }
    }

    /// The numerator as printed (for a duration: the total hours).
    #[must_use]
    pub fn numerator_text(&self) -> String {
        match self {
            Self::Count(n) => n.to_string(),
            Self::Rate(r) => r.numerator.to_string(),
            Self::Hours(r) => format!("{:.1} 小时", r.numerator as f64 / 3600.0),
        }
    }

    /// The denominator as printed; `—` for a count.
    #[must_use]
    pub fn denominator_text(&self) -> String {
        match self {
            Self::Count(_) => "—".to_owned(),
            Self::Rate(r) | Self::Hours(r) => r.denominator.to_string(),
        }
    }

    /// The value in a table cell: the rate over its parts on a second line (`92.3%`, `12/13`),
    /// a count, or hours.
    #[must_use]
    pub fn cell_text(&self) -> String {
        match self {
            Self::Count(n) => n.to_string(),
            Self::Rate(r) => format!("{}\n{}/{}", self.value_text(), r.numerator, r.denominator),
            Self::Hours(_) => self.value_text(),
        }
    }
}

/// One indicator as the report prints it.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorLine {
    pub name: &'static str,
    pub figure: Figure,
    /// How it is counted, in Chinese.
    pub rule: &'static str,
}

/// The indicators of domain.md §6 (plus suggestions and praise), in the report's order.
#[must_use]
pub fn indicator_lines(i: &Indicators, settings: StatsSettings) -> Vec<IndicatorLine> {
    let line = |name, figure, rule| IndicatorLine { name, figure, rule };
    vec![
        line("受理量", Figure::Count(i.volume), "受理的投诉件数（不含重复来电、建议、表扬）"),
        line("办结率", Figure::Rate(i.closure_rate), "已办结 ÷ 受理量"),
        line("按时办结率", Figure::Rate(i.on_time_rate), "整体时限内办结 ÷ 已办结（有整体时限者）"),
        line("回访率", Figure::Rate(i.revisit_rate), "回访联系上 ÷ 应回访（值班领导已审核）"),
        line(
            "满意率",
            Figure::Rate(i.satisfaction_rate),
            if settings.basic_counts_as_satisfied {
                "满意（含基本满意）÷ 回访联系上"
            } else {
                "满意（不含基本满意）÷ 回访联系上"
            },
        ),
        line("属实率", Figure::Rate(i.founded_rate), "属实（含部分属实）÷ 已核查"),
        line("平均办理时长", Figure::Hours(i.handling_secs), "受理至办结总时长 ÷ 已办结件数"),
        line("超期数", Figure::Count(i.overdue), "有环节超出时限的投诉件数"),
        line("催办次数", Figure::Count(i.urges), "催办记录总数"),
        line("重办数", Figure::Count(i.reopened), "重办过的投诉件数"),
        line("差评整改率", Figure::Rate(i.rectification_rate), "不满意后重办 ÷ 回访不满意"),
        line("建议", Figure::Count(i.suggestions), "登记的建议件数"),
        line("表扬", Figure::Count(i.praise), "登记的表扬件数"),
    ]
}

/// One complaint of the overdue and re-handled list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttentionLine {
    pub number: String,
    pub accepted_at: BizTime,
    pub office: String,
    pub category: &'static str,
    pub state: &'static str,
    pub overdue: bool,
    pub urges: u32,
    pub reopens: u32,
}

/// The report's figures, computed once for the PDF and the workbook alike.
#[derive(Debug, Clone)]
pub struct Figures {
    pub issuer: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub generated_at: BizTime,
    pub settings: StatsSettings,
    pub total: Indicators,
    /// Office name and its figures (未指定 for complaints not yet dispatched).
    pub by_office: Vec<(String, Indicators)>,
    pub by_category: Vec<(&'static str, Indicators)>,
    pub per_day: Vec<(NaiveDate, u64)>,
    /// 满意率 of each of the last [`TREND_MONTHS`] months.
    pub trend: Vec<(Month, Ratio)>,
    pub attention: Vec<AttentionLine>,
}

impl Figures {
    #[must_use]
    pub fn of(d: &ReportData) -> Self {
        let (from, to) = (d.from, d.to);
        let grouped = |g| compute(&d.facts, from, to, g, d.settings).into_iter().skip(1);
        let total = compute(&d.facts, from, to, GroupBy::None, d.settings).swap_remove(0).1;
        // Offices in the organisation's order (by id), the complaints not yet dispatched last.
        let mut by_office: Vec<(Option<_>, Indicators)> = grouped(GroupBy::Office)
            .filter_map(|(k, i)| match k {
                GroupKey::Office(o) => Some((o, i)),
                _ => None,
            })
            .collect();
        by_office.sort_by_key(|(o, _)| (o.is_none(), *o));
        let by_office = by_office.into_iter().map(|(o, i)| (d.names.unit(o), i)).collect();
        let by_category = grouped(GroupBy::Category)
            .filter_map(|(k, i)| match k {
                GroupKey::Category(c) => Some((c.label(), i)),
                _ => None,
            })
            .collect();
        let attention = overdue_or_reopened(&d.facts, from, to)
            .into_iter()
            .map(|f| AttentionLine {
                number: f.number.clone(),
                accepted_at: f.accepted_at,
                office: d.names.unit(f.office),
                category: f.category.label(),
                state: f.state.label(),
                overdue: f.overdue,
                urges: f.urge_count,
                reopens: f.reopen_count,
            })
            .collect();
        Self {
            issuer: d.issuer.clone(),
            from,
            to,
            generated_at: d.generated_at,
            settings: d.settings,
            total,
            by_office,
            by_category,
            per_day: daily_volume(&d.facts, from, to),
            trend: trend(d),
            attention,
        }
    }

    /// The month reported on, when the period is exactly one calendar month.
    #[must_use]
    pub fn month(&self) -> Option<Month> {
        let m = Month::of(self.from);
        (self.from == m.first() && self.to == m.last()).then_some(m)
    }

    /// `月报` for a calendar month, else `统计报告`.
    #[must_use]
    pub fn title(&self) -> &'static str {
        if self.month().is_some() { TITLE } else { "投诉处理统计报告" }
    }

    /// `2026年10月（10月1日—10月31日）`, or `2026年1月1日—2026年12月31日`.
    #[must_use]
    pub fn period(&self) -> String {
        match self.month() {
            Some(m) => format!("{}（{}—{}）", m.label(), self.from.format("%-m月%-d日"), self.to.format("%-m月%-d日")),
            None => format!("{}—{}", self.from.format("%Y年%-m月%-d日"), self.to.format("%Y年%-m月%-d日")),
        }
    }

    /// What the period is called in the report's sentences: 本月 or 本期.
    fn this_period(&self) -> &'static str {
        if self.month().is_some() { "本月" } else { "本期" }
    }
}

/// 满意率 of each of the [`TREND_MONTHS`] months ending with the month of the period's end.
fn trend(d: &ReportData) -> Vec<(Month, Ratio)> {
    let first = Month::of(d.to).last_n(TREND_MONTHS).first().map_or(d.to, |m| m.first());
    satisfaction_by_month(&d.facts, first, d.to, d.settings)
        .into_iter()
        .filter_map(|(key, r)| Month::parse(&key).map(|m| (m, r)))
        .collect()
}

/// The report's proposed file name, e.g. `投诉处理月报-2026-10.pdf`, `投诉处理统计报告-2026-01-01至2026-12-31.xlsx`.
#[must_use]
pub fn file_name(from: NaiveDate, to: NaiveDate, ext: &str) -> String {
    let m = Month::of(from);
    if from == m.first() && to == m.last() {
        format!("{TITLE}-{m}.{ext}")
    } else {
        format!("投诉处理统计报告-{from}至{to}.{ext}")
    }
}

// --- PDF ------------------------------------------------------------------------------------

const TITLE: &str = "投诉处理月报";
const BLUE: [f32; 3] = [0.23, 0.44, 0.69];
const GREEN: [f32; 3] = [0.25, 0.58, 0.38];
const ORANGE: [f32; 3] = [0.85, 0.47, 0.16];
const AXIS: [f32; 3] = [0.35, 0.35, 0.35];
const GRID: [f32; 3] = [0.85, 0.85, 0.85];
const CHART_H: f32 = 58.0;

/// The monthly report as A4 PDF pages.
pub fn pdf(f: &Figures) -> Result<Vec<u8>, ExportError> {
    let mut sheet = Sheet::new(Heading {
        issuer: f.issuer.clone(),
        title: f.title().to_owned(),
        number: format!("统计期间：{}　　生成时间：{}", f.period(), format_biz(f.generated_at)),
    })?;

    sheet.section(&format!("一、主要指标（{}合计）", f.this_period()));
    sheet.table_header(vec![
        Cell::head("指标", 28.0),
        Cell::head("数值", 26.0),
        Cell::head("分子", 26.0),
        Cell::head("分母", 20.0),
        Cell::head("计算方法", CONTENT_W - 100.0),
    ]);
    for l in indicator_lines(&f.total, f.settings) {
        sheet.row(
            &[
                Cell::label(l.name, 28.0),
                Cell::value(l.figure.value_text(), 26.0),
                Cell::value(l.figure.numerator_text(), 26.0),
                Cell::value(l.figure.denominator_text(), 20.0),
                Cell::value(l.rule, CONTENT_W - 100.0),
            ],
            0.0,
        );
    }
    sheet.end_table();

    sheet.space(4.0);
    sheet.section("二、按管理处");
    grouped_tables(&mut sheet, "管理处", &f.total, &f.by_office);
    sheet.space(4.0);
    sheet.section("三、按投诉类别");
    let by_category: Vec<(String, Indicators)> =
        f.by_category.iter().map(|(name, i)| ((*name).to_owned(), i.clone())).collect();
    grouped_tables(&mut sheet, "投诉类别", &f.total, &by_category);

    sheet.space(4.0);
    // The section title stays with its first chart.
    sheet.need(12.0 + CHART_H);
    sheet.section("四、图表");
    let per_day: Vec<Bar> = f
        .per_day
        .iter()
        .map(|(day, n)| Bar {
            label: if f.month().is_some() { day.format("%-d").to_string() } else { day.format("%-m-%-d").to_string() },
            value: *n as f64,
            text: String::new(),
        })
        .collect();
    bar_chart(&mut sheet, "每日受理量（件）", &per_day, None, BLUE);
    let categories: Vec<Bar> = f
        .by_category
        .iter()
        .map(|(name, i)| Bar { label: (*name).to_owned(), value: i.volume as f64, text: i.volume.to_string() })
        .collect();
    bar_chart(&mut sheet, "各类别投诉量（件）", &categories, None, ORANGE);
    let offices: Vec<Bar> = f
        .by_office
        .iter()
        .filter(|(_, i)| i.on_time_rate.denominator > 0)
        .map(|(name, i)| Bar {
            label: name.clone(),
            value: i.on_time_rate.value().unwrap_or(0.0) * 100.0,
            text: Figure::Rate(i.on_time_rate).value_text(),
        })
        .collect();
    bar_chart(&mut sheet, "各管理处按时办结率（%）", &offices, Some(100.0), GREEN);
    line_chart(&mut sheet, &format!("满意率趋势（近{TREND_MONTHS}个月，%）"), &f.trend);

    sheet.space(4.0);
    sheet.section(&format!("五、超期与重办投诉清单（{} 件）", f.attention.len()));
    let widths = [40.0, 26.0, 30.0, 20.0, 20.0, 12.0, 13.0, 13.0];
    let heads = ["工单编号", "受理日期", "管理处", "类别", "状态", "超期", "催办次数", "重办次数"];
    sheet.table_header(heads.iter().zip(widths).map(|(h, w)| Cell::head(*h, w)).collect());
    if f.attention.is_empty() {
        sheet.row(&[Cell::value(format!("{}没有超期或重办的投诉。", f.this_period()), CONTENT_W)], 0.0);
    }
    for a in &f.attention {
        let cells = [
            a.number.clone(),
            to_biz(&a.accepted_at).format("%Y-%m-%d").to_string(),
            a.office.clone(),
            a.category.to_owned(),
            a.state.to_owned(),
            if a.overdue { "是" } else { "否" }.to_owned(),
            a.urges.to_string(),
            a.reopens.to_string(),
        ];
        let row: Vec<Cell> = cells.into_iter().zip(widths).map(|(t, w)| Cell::value(t, w)).collect();
        sheet.row(&row, 0.0);
    }
    sheet.end_table();
    sheet.finish()
}

/// The indicators of each group in two tables (too many columns for one A4 width), total first.
fn grouped_tables(sheet: &mut Sheet, what: &str, total: &Indicators, groups: &[(String, Indicators)]) {
    const NAME_W: f32 = 30.0;
    let rows: Vec<(String, &Indicators)> =
        std::iter::once(("合计".to_owned(), total)).chain(groups.iter().map(|(n, i)| (n.clone(), i))).collect();
    let parts: [&[usize]; 2] = [&[0, 1, 2, 3, 4], &[5, 6, 7, 8, 9, 10]];
    for (k, part) in parts.iter().enumerate() {
        if k > 0 {
            sheet.space(2.0);
        }
        #[allow(clippy::cast_precision_loss, reason = "a handful of columns")]
        let w = (CONTENT_W - NAME_W) / part.len() as f32;
        let names = indicator_lines(total, StatsSettings::default());
        let mut head = vec![Cell::head(what, NAME_W)];
        head.extend(part.iter().map(|&j| Cell::head(names[j].name, w)));
        sheet.table_header(head);
        for (name, i) in &rows {
            let lines = indicator_lines(i, StatsSettings::default());
            let mut cells = vec![Cell::label(name.as_str(), NAME_W)];
            cells.extend(part.iter().map(|&j| Cell::value(lines[j].figure.cell_text(), w)));
            sheet.row(&cells, 0.0);
        }
        sheet.end_table();
    }
}

/// One bar: its label under the axis, its height, and the text over it.
struct Bar {
    label: String,
    value: f64,
    text: String,
}

/// The smallest 1, 2 or 5 × 10ⁿ at or above `v` (at least 1).
fn nice_ceiling(v: f64) -> f64 {
    if v <= 1.0 {
        return 1.0;
    }
    let mag = 10f64.powf(v.log10().floor());
    [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * mag).find(|&c| c >= v).unwrap_or(10.0 * mag)
}

/// `v` printed on an axis: whole numbers without decimals.
fn tick_text(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 { format!("{v:.0}") } else { format!("{v:.1}") }
}

/// The frame of a chart: title, plot area with grid lines and tick labels. Returns the plot
/// area (left, top, width, height) in mm from the page's top-left.
fn chart_frame(sheet: &mut Sheet, title: &str, max: f64) -> (f32, f32, f32, f32) {
    let top = sheet.reserve(CHART_H);
    sheet.put_text(MARGIN_X, top + 5.0, 9.0, title, Align::Left);
    let (left, plot_top) = (MARGIN_X + 12.0, top + 9.0);
    let (width, height) = (CONTENT_W - 14.0, CHART_H - 19.0);
    for k in 0..=4_u8 {
        let y = plot_top + height * (1.0 - f32::from(k) / 4.0);
        let colour = if k == 0 { AXIS } else { GRID };
        sheet.put_line(&[(left, y), (left + width, y)], if k == 0 { 0.8 } else { 0.4 }, colour);
        sheet.put_text(left - 1.5, y + 1.0, 6.5, &tick_text(max * f64::from(k) / 4.0), Align::Right);
    }
    sheet.put_line(&[(left, plot_top), (left, plot_top + height)], 0.8, AXIS);
    (left, plot_top, width, height)
}

/// A bar chart filling the width; `max` fixes the scale (else a round number above the largest bar).
fn bar_chart(sheet: &mut Sheet, title: &str, bars: &[Bar], max: Option<f64>, colour: [f32; 3]) {
    let max = max.unwrap_or_else(|| nice_ceiling(bars.iter().map(|b| b.value).fold(0.0, f64::max)));
    let (left, top, width, height) = chart_frame(sheet, title, max);
    if bars.is_empty() {
        sheet.put_text(left + width / 2.0, top + height / 2.0, 9.0, "（无数据）", Align::Centre);
        return;
    }
    #[allow(clippy::cast_precision_loss, reason = "a few dozen bars")]
    let slot = width / bars.len() as f32;
    // Long runs (the days of a month or a year) label every few bars, so that labels never touch.
    let widest = bars.iter().map(|b| sheet.text_width(&b.label, 7.0)).fold(0.0, f32::max);
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "a small positive count")]
    let every = if bars.len() > 16 { (((widest + 2.0) / slot).ceil() as usize).max(5) } else { 1 };
    for (k, b) in bars.iter().enumerate() {
        #[allow(clippy::cast_possible_truncation, reason = "a height in mm")]
        let h = ((b.value / max).clamp(0.0, 1.0) as f32) * height;
        #[allow(clippy::cast_precision_loss, reason = "a few dozen bars")]
        let x = left + slot * k as f32;
        let centre = x + slot / 2.0;
        if h > 0.0 {
            sheet.put_box(x + slot * 0.15, top + height - h, slot * 0.7, h, colour);
        }
        if !b.text.is_empty() {
            sheet.put_text(centre, top + height - h - 1.2, 6.5, &b.text, Align::Centre);
        }
        // The last bar is labelled too, when that label does not run into the one before.
        #[allow(clippy::cast_precision_loss, reason = "a small count")]
        let last_fits = k + 1 == bars.len() && (k % every) as f32 * slot >= widest + 1.0;
        if k % every == 0 || last_fits {
            #[allow(clippy::cast_precision_loss, reason = "a small count")]
            let size = fit_size(sheet, &b.label, 7.0, slot * every as f32 - 1.0);
            sheet.put_text(centre, top + height + 4.0, size, &b.label, Align::Centre);
        }
    }
}

/// `size`, or smaller so that `s` fits in `width` mm.
fn fit_size(sheet: &mut Sheet, s: &str, size: f32, width: f32) -> f32 {
    let w = sheet.text_width(s, size);
    if w > width && w > 0.0 { (size * width / w).max(4.0) } else { size }
}

/// The satisfaction trend: a line through the months that had reached revisits.
fn line_chart(sheet: &mut Sheet, title: &str, points: &[(Month, Ratio)]) {
    let (left, top, width, height) = chart_frame(sheet, title, 100.0);
    #[allow(clippy::cast_precision_loss, reason = "six months")]
    let slot = width / points.len().max(1) as f32;
    let mut run: Vec<(f32, f32)> = Vec::new();
    for (k, (m, r)) in points.iter().enumerate() {
        #[allow(clippy::cast_precision_loss, reason = "six months")]
        let x = left + slot * (k as f32 + 0.5);
        sheet.put_text(x, top + height + 4.0, 7.0, &m.label(), Align::Centre);
        if let Some(v) = r.value() {
            #[allow(clippy::cast_possible_truncation, reason = "a height in mm")]
            let y = top + height - (v as f32) * height;
            sheet.put_box(x - 0.9, y - 0.9, 1.8, 1.8, BLUE);
            sheet.put_text(x, y - 2.0, 6.5, &Figure::Rate(*r).value_text(), Align::Centre);
            run.push((x, y));
        } else {
            sheet.put_text(x, top + height - 2.0, 6.5, "无回访", Align::Centre);
            sheet.put_line(&run, 1.0, BLUE);
            run.clear();
        }
    }
    sheet.put_line(&run, 1.0, BLUE);
}

// --- XLSX -----------------------------------------------------------------------------------

/// The same figures as a workbook: sheets 指标, 按管理处, 按类别, 每日受理量, 满意率趋势, 超期与重办.
pub fn xlsx(f: &Figures) -> Result<Vec<u8>, ExportError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(14);
    let head = Format::new().set_bold().set_background_color("#E6E6E6").set_align(FormatAlign::Center);
    let pct = Format::new().set_num_format("0.0%");
    let hours = Format::new().set_num_format("0.0");

    let ws = book.add_worksheet().set_name("指标")?;
    ws.write_string_with_format(0, 0, format!("{} {}", f.issuer, f.title()), &title)?;
    ws.write_string(1, 0, format!("统计期间：{}", f.period()))?;
    ws.write_string(2, 0, format!("生成时间：{}", format_biz(f.generated_at)))?;
    for (c, h) in ["指标", "数值", "分子", "分母", "计算方法"].iter().enumerate() {
        ws.write_string_with_format(4, col(c), *h, &head)?;
    }
    for (r, l) in indicator_lines(&f.total, f.settings).iter().enumerate() {
        let r = row(r + 5);
        ws.write_string_with_format(r, 0, l.name, &bold)?;
        match l.figure {
            Figure::Count(n) => {
                ws.write_number(r, 1, n as f64)?;
                ws.write_number(r, 2, n as f64)?;
            }
            Figure::Rate(x) => {
                if let Some(v) = x.value() {
                    ws.write_number_with_format(r, 1, v, &pct)?;
                } else {
                    ws.write_string(r, 1, "—")?;
                }
                ws.write_number(r, 2, x.numerator as f64)?;
                ws.write_number(r, 3, x.denominator as f64)?;
            }
            Figure::Hours(x) => {
                if let Some(v) = x.value() {
                    ws.write_number_with_format(r, 1, v / 3600.0, &hours)?;
                } else {
                    ws.write_string(r, 1, "—")?;
                }
                ws.write_number_with_format(r, 2, x.numerator as f64 / 3600.0, &hours)?;
                ws.write_number(r, 3, x.denominator as f64)?;
            }
        }
        ws.write_string(r, 4, l.rule)?;
    }
    ws.write_string(row(indicator_lines(&f.total, f.settings).len() + 6), 0, "平均办理时长以小时计。")?;
    widths(ws, &[14.0, 12.0, 12.0, 10.0, 44.0])?;

    let by_category: Vec<(String, Indicators)> =
        f.by_category.iter().map(|(name, i)| ((*name).to_owned(), i.clone())).collect();
    for (name, what, groups) in [("按管理处", "管理处", &f.by_office), ("按类别", "投诉类别", &by_category)]
    {
        let ws = book.add_worksheet().set_name(name)?;
        grouped_sheet(ws, what, &f.total, groups, &head, &pct, &hours)?;
    }

    let ws = book.add_worksheet().set_name("每日受理量")?;
    ws.write_string_with_format(0, 0, "日期", &head)?;
    ws.write_string_with_format(0, 1, "受理量", &head)?;
    for (r, (day, n)) in f.per_day.iter().enumerate() {
        ws.write_string(row(r + 1), 0, day.format("%Y-%m-%d").to_string())?;
        ws.write_number(row(r + 1), 1, *n as f64)?;
    }
    widths(ws, &[12.0, 10.0])?;

    let ws = book.add_worksheet().set_name("满意率趋势")?;
    for (c, h) in ["月份", "满意率", "满意", "回访联系上"].iter().enumerate() {
        ws.write_string_with_format(0, col(c), *h, &head)?;
    }
    for (r, (m, x)) in f.trend.iter().enumerate() {
        let r = row(r + 1);
        ws.write_string(r, 0, m.to_string())?;
        if let Some(v) = x.value() {
            ws.write_number_with_format(r, 1, v, &pct)?;
        } else {
            ws.write_string(r, 1, "—")?;
        }
        ws.write_number(r, 2, x.numerator as f64)?;
        ws.write_number(r, 3, x.denominator as f64)?;
    }
    widths(ws, &[10.0, 10.0, 8.0, 12.0])?;

    let ws = book.add_worksheet().set_name("超期与重办")?;
    let heads = ["工单编号", "受理时间", "管理处", "类别", "状态", "超期", "催办次数", "重办次数"];
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(0, col(c), *h, &head)?;
    }
    for (r, a) in f.attention.iter().enumerate() {
        let r = row(r + 1);
        ws.write_string(r, 0, &a.number)?;
        ws.write_string(r, 1, format_biz(a.accepted_at))?;
        ws.write_string(r, 2, &a.office)?;
        ws.write_string(r, 3, a.category)?;
        ws.write_string(r, 4, a.state)?;
        ws.write_string(r, 5, if a.overdue { "是" } else { "否" })?;
        ws.write_number(r, 6, f64::from(a.urges))?;
        ws.write_number(r, 7, f64::from(a.reopens))?;
    }
    ws.set_freeze_panes(1, 0)?;
    widths(ws, &[20.0, 17.0, 16.0, 10.0, 10.0, 6.0, 9.0, 9.0])?;

    Ok(book.save_to_buffer()?)
}

/// One row per group (total first); a rate takes three columns: rate, numerator, denominator.
fn grouped_sheet(
    ws: &mut Worksheet,
    what: &str,
    total: &Indicators,
    groups: &[(String, Indicators)],
    head: &Format,
    pct: &Format,
    hours: &Format,
) -> Result<(), ExportError> {
    ws.write_string_with_format(0, 0, what, head)?;
    let names = indicator_lines(total, StatsSettings::default());
    let mut c = 1;
    for l in &names {
        match l.figure {
            Figure::Count(_) => {
                ws.write_string_with_format(0, c, l.name, head)?;
                c += 1;
            }
            Figure::Rate(_) | Figure::Hours(_) => {
                let unit = if matches!(l.figure, Figure::Hours(_)) { "（小时）" } else { "" };
                ws.write_string_with_format(0, c, format!("{}{unit}", l.name), head)?;
                ws.write_string_with_format(0, c + 1, format!("{}·分子", l.name), head)?;
                ws.write_string_with_format(0, c + 2, format!("{}·分母", l.name), head)?;
                c += 3;
            }
        }
    }
    let rows = std::iter::once(("合计", total)).chain(groups.iter().map(|(n, i)| (n.as_str(), i)));
    for (r, (name, i)) in rows.enumerate() {
        let r = row(r + 1);
        ws.write_string(r, 0, name)?;
        let mut c = 1;
        for l in indicator_lines(i, StatsSettings::default()) {
            match l.figure {
                Figure::Count(n) => {
                    ws.write_number(r, c, n as f64)?;
                    c += 1;
                }
                Figure::Rate(x) | Figure::Hours(x) => {
                    let (scale, format) =
                        if matches!(l.figure, Figure::Hours(_)) { (3600.0, hours) } else { (1.0, pct) };
                    match x.value() {
                        Some(v) => ws.write_number_with_format(r, c, v / scale, format)?,
                        None => ws.write_string(r, c, "—")?,
                    };
                    let num = x.numerator as f64 / scale;
                    if scale > 1.0 {
                        ws.write_number_with_format(r, c + 1, num, hours)?;
                    } else {
                        ws.write_number(r, c + 1, num)?;
                    }
                    ws.write_number(r, c + 2, x.denominator as f64)?;
                    c += 3;
                }
            }
        }
    }
    ws.set_column_width(0, 16.0)?;
    ws.set_freeze_panes(1, 1)?;
    Ok(())
}

fn widths(ws: &mut Worksheet, widths: &[f64]) -> Result<(), ExportError> {
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(col(c), *w)?;
    }
    Ok(())
}

/// A worksheet row index (workbooks hold at most 1 048 576 rows; the caller stays far below).
pub(super) fn row(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

pub(super) fn col(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_ceiling_rounds_up_to_1_2_5() {
        let cases = [(0.0, 1.0), (1.0, 1.0), (3.0, 5.0), (7.0, 10.0), (12.0, 20.0), (20.0, 20.0), (301.0, 500.0)];
        for (v, want) in cases {
            assert!((nice_ceiling(v) - want).abs() < 1e-9, "{v} → {}", nice_ceiling(v));
        }
    }

    #[test]
    fn figures_print_their_parts() {
        let r = Ratio { numerator: 12, denominator: 13 };
        assert_eq!(Figure::Rate(r).value_text(), "92.3%");
        assert_eq!(Figure::Rate(r).cell_text(), "92.3%\n12/13");
        assert_eq!(Figure::Rate(Ratio::default()).value_text(), "—");
        let h = Ratio { numerator: 3 * 3600 + 1800, denominator: 2 };
        assert_eq!(
            (Figure::Hours(h).value_text(), Figure::Hours(h).numerator_text(), Figure::Hours(h).denominator_text()),
            ("1.8 小时".to_owned(), "3.5 小时".to_owned(), "2".to_owned())
        );
        assert_eq!((Figure::Count(7).numerator_text(), Figure::Count(7).denominator_text()), ("7".into(), "—".into()));
    }
}

//! 统计: the indicators of domain.md §6 for a date range, grouped, each with its numerator and
//! denominator, and four charts. A click on a figure or a bar opens the complaints behind it
//! in 投诉工单.
//!
//! The figures are computed by [`super::figures::load`] on the store thread, only when the
//! range, the grouping or the 统计口径 setting changes, or on 刷新.

use chrono::NaiveDate;
use egui::{RichText, Ui};
use egui_plot::{AxisHints, Bar, BarChart, GridInput, GridMark, Line, Plot, PlotPoints, Points};

use super::Cmd;
use super::figures::{StatsData, StatsQuery, StatsRow};
use crate::domain::stats::{self, GroupBy, GroupKey, Month, QuickRange, Ratio, StatsSettings, month_bounds};
use crate::domain::time::format_span;
use crate::domain::work::{ComplaintState, ItemKind};
use crate::ui::command::{Asked, Command};
use crate::ui::theme;
use crate::ui::view::{Drill, DrillOnly, FileJob, FileType, SavedFilter, View};
use crate::ui::widgets::{error_text, parse_date};

/// How many past months the report's period chooser offers.
const REPORT_MONTHS: usize = 24;
const CHART_HEIGHT: f32 = 190.0;

/// The grouping choices in the order shown.
const GROUPS: [(GroupBy, &str); 6] = [
    (GroupBy::None, "不分组"),
    (GroupBy::Category, "类别"),
    (GroupBy::Source, "来源"),
    (GroupBy::Office, "管理所"),
    (GroupBy::Station, "收费站"),
    (GroupBy::Month, "月份"),
];

fn group_label(group: GroupBy) -> &'static str {
    GROUPS.iter().find(|(g, _)| *g == group).map_or("不分组", |(_, l)| l)
}

/// The statistics page.
#[derive(Default)]
pub struct StatsScreen {
    /// The range as typed (`YYYY-MM-DD`); empty until the page first opens (then 本月).
    from: String,
    to: String,
    group: Option<GroupBy>,
    /// The query of the last request: a new one is sent only when it changes (or on 刷新).
    requested: Option<StatsQuery>,
    /// Waiting for the store thread.
    loading: bool,
    pub data: Option<StatsData>,
    error: Option<String>,
    /// What 导出月报… covers; last month until chosen.
    report_period: Option<ReportPeriod>,
    /// 导出月报…'s format; PDF until chosen.
    report_kind: Option<FileType>,
    /// 导出结果（上报省中心）…'s format; Excel until chosen.
    results_kind: Option<FileType>,
}

/// The period of the report: a calendar month (月报), or the page's date range (统计报告).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ReportPeriod {
    Month(Month),
    Range,
}

/// A clickable figure's value.
#[derive(Debug, Clone, Copy)]
enum Value {
    Count(u64),
    Rate(Ratio),
}

/// Which figure of a row was clicked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Figure {
    Volume,
    Closed,
    Overdue,
    Urged,
    Reopened,
    Suggestions,
    Praise,
}

impl Figure {
    fn label(self) -> &'static str {
        match self {
            Figure::Volume => "受理量",
            Figure::Closed => "办结率",
            Figure::Overdue => "超期数",
            Figure::Urged => "催办次数",
            Figure::Reopened => "重办数",
            Figure::Suggestions => "建议",
            Figure::Praise => "表扬",
        }
    }
}

impl StatsScreen {
    /// The figures arrived (or could not be computed).
    pub fn loaded(&mut self, result: Result<StatsData, String>) {
        match result {
            // An answer to an older query: a newer one is on its way.
            Ok(d) if Some(d.query) != self.requested => {}
            Ok(d) => {
                self.loading = false;
                self.error = None;
                self.data = Some(d);
            }
            Err(e) => {
                self.loading = false;
                self.error = Some(e);
            }
        }
    }

    pub fn show(&mut self, ui: &mut Ui, view: &View<'_>, cmds: &mut Asked<Cmd>) {
        let today = view.now.date_naive();
        if self.from.is_empty() && self.to.is_empty() && self.requested.is_none() {
            self.set_range(QuickRange::ThisMonth.range(today));
        }
        ui.heading("统计");
        let (query, refresh) = self.controls(ui, view, today, cmds);
        if let Some(q) = query
            && (refresh || self.requested != Some(q))
        {
            cmds.push(Cmd::Load(q));
            self.requested = Some(q);
            self.loading = true;
        }
        self.exports(ui, view, today, query.map(|q| (q.from, q.to)), cmds);
        if let Some(e) = &self.error {
            error_text(ui, e);
        }
        let Some(data) = &self.data else {
            if self.loading {
                ui.spinner();
            }
            return;
        };
        ui.add_space(theme::ROW_GAP);
        egui::ScrollArea::vertical().id_salt("stats_page").auto_shrink([false, false]).show(ui, |ui| {
            table(ui, data, cmds);
            ui.add_space(theme::SECTION_GAP);
            charts(ui, data, cmds);
        });
    }

    fn set_range(&mut self, (from, to): (NaiveDate, NaiveDate)) {
        self.from = from.to_string();
        self.to = to.to_string();
    }

    /// Range, quick choices, grouping, the 基本满意 setting and 刷新. Returns the query when the
    /// range is valid, and whether 刷新 was pressed.
    fn controls(
        &mut self,
        ui: &mut Ui,
        view: &View<'_>,
        today: NaiveDate,
        cmds: &mut Asked<Cmd>,
    ) -> (Option<StatsQuery>, bool) {
        let mut refresh = false;
        let mut quick = None;
        let mut range = None;
        ui.horizontal_wrapped(|ui| {
            ui.label("受理日期");
            let l = ui.label("从");
            ui.add(egui::TextEdit::singleline(&mut self.from).hint_text("YYYY-MM-DD").desired_width(104.0))
                .labelled_by(l.id);
            let l = ui.label("至");
            ui.add(egui::TextEdit::singleline(&mut self.to).hint_text("YYYY-MM-DD").desired_width(104.0))
                .labelled_by(l.id);
            match check_range(&self.from, &self.to) {
                Ok(r) => range = Some(r),
                Err(e) => {
                    error_text(ui, e);
                }
            }
            ui.add_space(theme::ROW_GAP);
            for q in QuickRange::ALL {
                let active = range == Some(q.range(today));
                if ui.add(egui::Button::selectable(active, q.label())).clicked() {
                    quick = Some(q);
                }
            }
        });
        if let Some(q) = quick {
            self.set_range(q.range(today));
            range = Some(q.range(today));
        }
        let group = self.group.get_or_insert(GroupBy::None);
        ui.horizontal_wrapped(|ui| {
            let l = ui.label("分组");
            egui::ComboBox::from_id_salt("stats_group")
                .width(96.0)
                .selected_text(group_label(*group))
                .show_ui(ui, |ui| {
                    for (g, label) in GROUPS {
                        ui.selectable_value(group, g, label);
                    }
                })
                .response
                .labelled_by(l.id);
            ui.add_space(theme::SECTION_GAP);
            if let Some(data) = &self.data {
                let may = stats::may_change_settings(&view.session.actor.roles);
                let mut basic = data.settings.basic_counts_as_satisfied;
                let r = ui
                    .add_enabled(!self.loading && may, egui::Checkbox::new(&mut basic, "基本满意计为满意"))
                    .on_hover_text("满意率的统计口径：勾选后“基本满意”也算满意。保存在数据库中，对所有人生效。");
                let r = if may {
                    r
                } else {
                    r.on_disabled_hover_text("只有值班领导或中心管理员可以修改统计口径")
                };
                if r.changed()
                    && let Some(query) = range.map(|(from, to)| StatsQuery { from, to, group: *group })
                {
                    cmds.push(Cmd::SetSettings { query, settings: StatsSettings { basic_counts_as_satisfied: basic } });
                    self.requested = Some(query);
                    self.loading = true;
                }
            }
            ui.add_space(theme::SECTION_GAP);
            refresh = ui.add_enabled(!self.loading, egui::Button::new("刷新")).clicked();
            if self.loading {
                ui.spinner();
                ui.weak("正在统计…");
            }
        });
        let group = *group;
        (range.map(|(from, to)| StatsQuery { from, to, group }), refresh)
    }
}

impl StatsScreen {
    /// 导出月报… (a month, or the date range as 统计报告; PDF or Excel) and 导出结果（上报省中心）…
    /// (what closed within the date range; Excel or CSV). `range` is the page's valid range.
    fn exports(
        &mut self,
        ui: &mut Ui,
        view: &View<'_>,
        today: NaiveDate,
        range: Option<(NaiveDate, NaiveDate)>,
        cmds: &mut Asked<Cmd>,
    ) {
        let busy = view.file_export_busy;
        let last_month = Month::of(today).prev();
        let period = self.report_period.get_or_insert(ReportPeriod::Month(last_month));
        let report_kind = self.report_kind.get_or_insert(FileType::Pdf);
        let results_kind = self.results_kind.get_or_insert(FileType::Xlsx);
        ui.horizontal_wrapped(|ui| {
            let l = ui.label("报表期间");
            let shown = match *period {
                ReportPeriod::Month(m) => m.label(),
                ReportPeriod::Range => "当前日期范围".to_owned(),
            };
            egui::ComboBox::from_id_salt("report_period")
                .width(118.0)
                .selected_text(shown)
                .height(320.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(period, ReportPeriod::Range, "当前日期范围")
                        .on_hover_text("按上面的受理日期范围生成投诉处理统计报告");
                    for m in last_month.last_n(REPORT_MONTHS).into_iter().rev() {
                        ui.selectable_value(period, ReportPeriod::Month(m), m.label());
                    }
                })
                .response
                .labelled_by(l.id);
            format_choice(ui, "格式", "report_kind", report_kind, [FileType::Pdf, FileType::Xlsx]);
            let bounds = match *period {
                ReportPeriod::Month(m) => Some((m.first(), m.last())),
                ReportPeriod::Range => range,
            };
            let job = bounds.map(|(from, to)| FileJob::Report { from, to, kind: *report_kind });
            let why_not = if busy {
                Some("正在导出，请等待完成")
            } else if job.is_none() {
                Some("请先填写有效的受理日期范围")
            } else {
                None
            };
            export_button(ui, "导出月报…", job, why_not, "生成", cmds);
            ui.separator();
            format_choice(ui, "结果格式", "results_kind", results_kind, [FileType::Xlsx, FileType::Csv]);
            let job = range.map(|(from, to)| FileJob::Results { from, to, kind: *results_kind });
            let why_not = if busy {
                Some("正在导出，请等待完成")
            } else if job.is_none() {
                Some("请先填写有效的日期范围")
            } else {
                None
            };
            export_button(ui, "导出结果（上报省中心）…", job, why_not, "导出在此期间办结的投诉：", cmds);
        });
    }
}

/// A format dropdown labelled `label`.
fn format_choice(ui: &mut Ui, label: &str, id: &str, kind: &mut FileType, choices: [FileType; 2]) {
    let l = ui.label(label);
    egui::ComboBox::from_id_salt(id)
        .width(64.0)
        .selected_text(kind.label())
        .show_ui(ui, |ui| {
            for k in choices {
                ui.selectable_value(kind, k, k.label());
            }
        })
        .response
        .labelled_by(l.id);
}

/// A button that asks where to save `job` (disabled with the reason `why_not`).
fn export_button(
    ui: &mut Ui,
    text: &str,
    job: Option<FileJob>,
    why_not: Option<&str>,
    verb: &str,
    cmds: &mut Asked<Cmd>,
) {
    let r = ui.add_enabled(why_not.is_none(), egui::Button::new(text));
    match (job, why_not) {
        (Some(job), None) => {
            if r.on_hover_text(format!("{verb}{}", job.describe())).clicked() {
                cmds.ask(Command::ExportFile(job));
            }
        }
        (_, why) => {
            r.on_disabled_hover_text(why.unwrap_or_default());
        }
    }
}

/// Both ends of the range, or why not (in Chinese).
fn check_range(from: &str, to: &str) -> Result<(NaiveDate, NaiveDate), &'static str> {
    match (parse_date(from)?, parse_date(to)?) {
        (Some(f), Some(t)) if t < f => Err("截止日期早于起始日期"),
        (Some(f), Some(t)) => Ok((f, t)),
        _ => Err("请填写起止日期"),
    }
}

/// The indicator table: one row per group plus the total, every rate with its parts.
fn table(ui: &mut Ui, data: &StatsData, cmds: &mut Asked<Cmd>) {
    let first = if data.query.group == GroupBy::None { "范围" } else { group_label(data.query.group) };
    ui.label(
        RichText::new(format!("{} 至 {} 受理的投诉（点击数字查看对应工单）", data.query.from, data.query.to)).strong(),
    );
    egui::ScrollArea::horizontal().id_salt("stats_table").show(ui, |ui| {
        egui::Grid::new("stats_grid").striped(true).spacing([14.0, 6.0]).show(ui, |ui| {
            let heads = [
                first,
                "受理量",
                "办结率",
                "按时办结率",
                "回访率",
                "满意率",
                "属实率",
                "平均办理时长",
                "超期数",
                "催办次数",
                "重办数",
                "差评整改率",
                "建议",
                "表扬",
            ];
            for h in heads {
                ui.strong(h);
            }
            ui.end_row();
            for row in &data.rows {
                let i = &row.figures;
                if row.key == GroupKey::All {
                    ui.strong(&row.name);
                } else {
                    ui.label(&row.name);
                }
                figure(ui, data, row, Figure::Volume, Value::Count(i.volume), cmds);
                figure(ui, data, row, Figure::Closed, Value::Rate(i.closure_rate), cmds);
                for r in [i.on_time_rate, i.revisit_rate, i.satisfaction_rate, i.founded_rate] {
                    ratio_cell(ui, r);
                }
                two_lines(ui, &handling_time(i.handling_secs));
                figure(ui, data, row, Figure::Overdue, Value::Count(i.overdue), cmds);
                figure(ui, data, row, Figure::Urged, Value::Count(i.urges), cmds);
                figure(ui, data, row, Figure::Reopened, Value::Count(i.reopened), cmds);
                ratio_cell(ui, i.rectification_rate);
                figure(ui, data, row, Figure::Suggestions, Value::Count(i.suggestions), cmds);
                figure(ui, data, row, Figure::Praise, Value::Count(i.praise), cmds);
                ui.end_row();
            }
        });
    });
}

/// A rate as two lines, the value over its parts: `82.6%` / `128/155`.
fn ratio_lines(r: Ratio) -> String {
    r.to_string().replacen('（', "\n", 1).trim_end_matches('）').to_owned()
}

/// A rate cell: drawn on two lines, read (and found by tests) as `82.6%（128/155）`.
fn ratio_cell(ui: &mut Ui, r: Ratio) {
    let text = r.to_string();
    let response = ui.label(ratio_lines(r));
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &text));
}

/// A text `value（parts）` drawn on two lines and read whole.
fn two_lines(ui: &mut Ui, text: &str) {
    let response = ui.label(text.replacen('（', "\n", 1).trim_end_matches('）'));
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, text));
}

/// 平均办理时长 with its parts: `1天2小时（共 52 小时 / 2 件）`.
#[must_use]
pub fn handling_time(r: Ratio) -> String {
    if r.denominator == 0 {
        return "—（0 件）".to_owned();
    }
    let avg = i64::try_from(r.numerator / r.denominator).unwrap_or(i64::MAX);
    format!("{}（共 {} 小时 / {} 件）", format_span(avg), r.numerator / 3600, r.denominator)
}

/// A figure that opens the complaints behind it; its accessible name is `<group> <indicator>：<value>`
/// (the value on one line, as [`Ratio`] prints it).
fn figure(ui: &mut Ui, data: &StatsData, row: &StatsRow, fig: Figure, value: Value, cmds: &mut Asked<Cmd>) {
    let name = format!("{} {}", row.name, fig.label());
    let (shown, read) = match value {
        Value::Count(n) => (n.to_string(), n.to_string()),
        Value::Rate(r) => (ratio_lines(r), r.to_string()),
    };
    let accessible = format!("{name}：{read}");
    let Some((filter, drill)) = drill_for(data.query, &row.key, &row.name, fig) else {
        let r = ui.label(shown);
        r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &read));
        return;
    };
    let r = ui.link(shown).on_hover_text(format!("查看{}的工单", name.replace(' ', "·")));
    r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Link, true, &accessible));
    if r.clicked() {
        cmds.ask(Command::ShowComplaints { filter, drill });
    }
}

/// The list filter behind `fig` of the group `key` (`None` when the list cannot show that group:
/// complaints not yet sent to an office, or without a station).
fn drill_for(q: StatsQuery, key: &GroupKey, name: &str, fig: Figure) -> Option<(SavedFilter, Drill)> {
    let (mut from, mut to) = (q.from, q.to);
    let mut saved = SavedFilter::default();
    let mut drill = Drill::default();
    match key {
        GroupKey::All => {}
        GroupKey::Category(c) => c.code().clone_into(&mut saved.category),
        GroupKey::Source(s) => s.code().clone_into(&mut saved.source),
        GroupKey::Office(office) => saved.office = Some(office.as_ref()?.0),
        GroupKey::Station(station) => drill.station = Some(*station.as_ref()?),
        GroupKey::Month(m) => {
            let (first, last) = month_bounds(m)?;
            (from, to) = (from.max(first), to.min(last));
        }
    }
    match fig {
        Figure::Suggestions => drill.kind = Some(ItemKind::Suggestion),
        Figure::Praise => drill.kind = Some(ItemKind::Praise),
        _ => {
            drill.kind = Some(ItemKind::Complaint);
            drill.exclude_duplicates = true;
        }
    }
    match fig {
        Figure::Closed => ComplaintState::Closed.code().clone_into(&mut saved.state),
        Figure::Overdue => drill.only = Some(DrillOnly::Missed),
        Figure::Urged => drill.only = Some(DrillOnly::Urged),
        Figure::Reopened => drill.only = Some(DrillOnly::Reopened),
        Figure::Volume | Figure::Suggestions | Figure::Praise => {}
    }
    saved.from = from.to_string();
    saved.to = to.to_string();
    let what = match fig {
        Figure::Closed => "已办结",
        Figure::Overdue => "超期数（曾超过任一时限）",
        Figure::Urged => "被催办过的投诉",
        Figure::Reopened => "重办过的投诉",
        Figure::Volume => "受理量（不含合并的重复来电）",
        Figure::Suggestions => "建议",
        Figure::Praise => "表扬",
    };
    drill.label = format!("{what} · {name} · {from} 至 {to}");
    Some((saved, drill))
}

/// The four charts, two by two.
fn charts(ui: &mut Ui, data: &StatsData, cmds: &mut Asked<Cmd>) {
    ui.columns(2, |cols| {
        volume_chart(&mut cols[0], data, cmds);
        category_chart(&mut cols[1], data, cmds);
    });
    ui.add_space(theme::SECTION_GAP);
    ui.columns(2, |cols| {
        on_time_chart(&mut cols[0], data, cmds);
        satisfaction_chart(&mut cols[1], data);
    });
}

/// A plot that neither zooms nor pans (a click picks a bar), with `names` under integer x;
/// when they do not all fit in the chart's `width`, every second (third, …) one is shown.
fn plot<'a>(id: &str, names: Vec<String>, y_max: f64, width: f32) -> Plot<'a> {
    let n = names.len();
    let label_width =
        names.iter().map(|t| t.chars().map(|c| if c.is_ascii() { 7.0 } else { 12.5 }).sum::<f32>()).fold(0.0, f32::max);
    let per_bar = (width - 40.0).max(40.0) / (n.max(1) as f32 + 0.2);
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "a small positive count")]
    let every = ((label_width + 12.0) / per_bar).ceil().max(1.0) as usize;
    let axis = AxisHints::new_x()
        .label_spacing(egui::Rangef::new(16.0, 24.0))
        .tick_label_font(egui::FontId::proportional(12.5))
        .formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() > 1e-6 || i < 0.0 {
                return String::new();
            }
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "checked: a small index ≥ 0")]
            names.get(i as usize).cloned().unwrap_or_default()
        });
    Plot::new(id)
        .height(CHART_HEIGHT)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_x(false)
        .include_x(-0.6)
        .include_x(n as f64 - 0.4)
        .include_y(0.0)
        .include_y(y_max)
        .custom_x_axes(vec![axis])
        .x_grid_spacer(move |_: GridInput| {
            (0..n).step_by(every).map(|i| GridMark { value: i as f64, step_size: every as f64 }).collect()
        })
}

/// The bar under the pointer when the plot was clicked.
fn clicked_bar(response: &egui_plot::PlotResponse<Option<egui_plot::PlotPoint>>, n: usize) -> Option<usize> {
    if !response.response.clicked() {
        return None;
    }
    let x = response.inner?.x.round();
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "checked: in 0..n")]
    (x >= 0.0 && x < n as f64).then_some(x as usize)
}

fn chart_title(ui: &mut Ui, text: &str) {
    ui.label(RichText::new(text).strong());
}

fn bars(values: impl Iterator<Item = (f64, String)>, colour: egui::Color32) -> BarChart {
    let bars = values.enumerate().map(|(i, (v, name))| Bar::new(i as f64, v).width(0.7).name(name)).collect();
    BarChart::new("bars", bars).color(colour)
}

fn max_of(values: impl Iterator<Item = f64>) -> f64 {
    values.fold(1.0, f64::max) * 1.1
}

fn volume_chart(ui: &mut Ui, data: &StatsData, cmds: &mut Asked<Cmd>) {
    let per = if data.weekly { "每周" } else { "每日" };
    chart_title(ui, &format!("受理量（{per}，点击柱子查看当{}工单）", if data.weekly { "周" } else { "日" }));
    let names: Vec<String> = data.volume.iter().map(|(d, _)| d.format("%m-%d").to_string()).collect();
    let y_max = max_of(data.volume.iter().map(|(_, n)| *n as f64));
    let colour = theme::accent(ui.visuals().dark_mode);
    let chart = bars(data.volume.iter().map(|(d, n)| (*n as f64, format!("{d} 受理 {n} 件"))), colour);
    let r = plot("stats_volume", names, y_max, ui.available_width()).show(ui, |p| {
        p.bar_chart(chart);
        p.pointer_coordinate()
    });
    if let Some(i) = clicked_bar(&r, data.volume.len()) {
        let first = data.volume[i].0;
        let last = data.volume.get(i + 1).map_or(data.query.to, |(next, _)| next.pred_opt().unwrap_or(*next));
        let q = StatsQuery { from: first, to: last, ..data.query };
        if let Some((filter, drill)) = drill_for(q, &GroupKey::All, "合计", Figure::Volume) {
            cmds.ask(Command::ShowComplaints { filter, drill });
        }
    }
}

fn category_chart(ui: &mut Ui, data: &StatsData, cmds: &mut Asked<Cmd>) {
    chart_title(ui, "各类别投诉量（点击柱子查看该类工单）");
    let names: Vec<String> = data.by_category.iter().map(|(c, _)| c.label().to_owned()).collect();
    let y_max = max_of(data.by_category.iter().map(|(_, n)| *n as f64));
    let chart = bars(
        data.by_category.iter().map(|(c, n)| (*n as f64, format!("{c} {n} 件"))),
        egui::Color32::from_rgb(86, 140, 200),
    );
    let r = plot("stats_category", names, y_max, ui.available_width()).show(ui, |p| {
        p.bar_chart(chart);
        p.pointer_coordinate()
    });
    if let Some(i) = clicked_bar(&r, data.by_category.len()) {
        let (c, _) = data.by_category[i];
        if let Some((filter, drill)) = drill_for(data.query, &GroupKey::Category(c), c.label(), Figure::Volume) {
            cmds.ask(Command::ShowComplaints { filter, drill });
        }
    }
}

fn percent(r: Ratio) -> f64 {
    r.value().unwrap_or(0.0) * 100.0
}

fn on_time_chart(ui: &mut Ui, data: &StatsData, cmds: &mut Asked<Cmd>) {
    chart_title(ui, "各管理所按时办结率 %（点击柱子查看其已办结工单）");
    let names: Vec<String> = data.on_time.iter().map(|(_, name, _)| name.clone()).collect();
    let chart = bars(
        data.on_time.iter().map(|(_, name, r)| (percent(*r), format!("{name} {r}"))),
        egui::Color32::from_rgb(72, 160, 110),
    );
    let r = plot("stats_on_time", names, 105.0, ui.available_width()).show(ui, |p| {
        p.bar_chart(chart);
        p.pointer_coordinate()
    });
    if let Some(i) = clicked_bar(&r, data.on_time.len()) {
        let (office, name, _) = &data.on_time[i];
        if let Some((filter, drill)) = drill_for(data.query, &GroupKey::Office(*office), name, Figure::Closed) {
            cmds.ask(Command::ShowComplaints { filter, drill });
        }
    }
}

fn satisfaction_chart(ui: &mut Ui, data: &StatsData) {
    let basis = if data.settings.basic_counts_as_satisfied { "含基本满意" } else { "不含基本满意" };
    chart_title(ui, &format!("满意率趋势 %（按受理月份，{basis}）"));
    let names: Vec<String> = data.satisfaction.iter().map(|(m, _)| m.clone()).collect();
    // Months without a reached revisit are left out of the line rather than drawn as 0 %.
    let points: Vec<[f64; 2]> = data
        .satisfaction
        .iter()
        .enumerate()
        .filter(|(_, (_, r))| r.denominator > 0)
        .map(|(i, (_, r))| [i as f64, percent(*r)])
        .collect();
    let colour = egui::Color32::from_rgb(220, 120, 40);
    plot("stats_satisfaction", names, 105.0, ui.available_width()).show(ui, |p| {
        p.line(Line::new("满意率", PlotPoints::from(points.clone())).color(colour).width(2.0));
        p.points(Points::new("满意率", PlotPoints::from(points)).color(colour).radius(3.5));
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::org::StationId;
    use crate::domain::work::Source;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn q() -> StatsQuery {
        StatsQuery { from: d("2026-09-15"), to: d("2026-11-21"), group: GroupBy::Month }
    }

    #[test]
    fn a_month_row_narrows_the_list_to_that_month_within_the_range() {
        let (saved, drill) = drill_for(q(), &GroupKey::Month("2026-09".into()), "2026-09", Figure::Overdue).unwrap();
        assert_eq!((saved.from.as_str(), saved.to.as_str()), ("2026-09-15", "2026-09-30"));
        assert_eq!(drill.only, Some(DrillOnly::Missed));
        assert_eq!(drill.kind, Some(ItemKind::Complaint));
        assert!(drill.exclude_duplicates);
        let (saved, _) = drill_for(q(), &GroupKey::Month("2026-11".into()), "2026-11", Figure::Volume).unwrap();
        assert_eq!((saved.from.as_str(), saved.to.as_str()), ("2026-11-01", "2026-11-21"));
    }

    #[test]
    fn figures_map_to_list_filters() {
        let (saved, drill) =
            drill_for(q(), &GroupKey::Source(Source::Provincial), "省中心转办", Figure::Closed).unwrap();
        assert_eq!(saved.source, Source::Provincial.code());
        assert_eq!(saved.state, ComplaintState::Closed.code());
        assert_eq!(drill.only, None);
        assert!(drill.label.contains("省中心转办") && drill.label.contains("2026-09-15 至 2026-11-21"));
        let (_, drill) = drill_for(q(), &GroupKey::Station(Some(StationId(3))), "汉川收费站", Figure::Praise).unwrap();
        assert_eq!(
            (drill.kind, drill.station, drill.exclude_duplicates),
            (Some(ItemKind::Praise), Some(StationId(3)), false)
        );
        // Complaints not yet sent to an office (or without a station) cannot be listed as such.
        assert!(drill_for(q(), &GroupKey::Office(None), "未转办", Figure::Volume).is_none());
        assert!(drill_for(q(), &GroupKey::Station(None), "未指定收费站", Figure::Volume).is_none());
    }

    #[test]
    fn range_checks_and_handling_time() {
        assert_eq!(check_range("2026-11-01", "2026/11/21"), Ok((d("2026-11-01"), d("2026-11-21"))));
        assert_eq!(check_range("2026-11-21", "2026-11-01"), Err("截止日期早于起始日期"));
        assert_eq!(check_range("", "2026-11-01"), Err("请填写起止日期"));
        assert_eq!(check_range("2026-11-32", "2026-12-01"), Err("日期格式应为 YYYY-MM-DD"));
        // Two complaints: 1 day and 2 days → 1天12小时 on average, 72 hours in all.
        let r = Ratio { numerator: 3 * 86_400, denominator: 2 };
        assert_eq!(handling_time(r), "1天12小时（共 72 小时 / 2 件）");
        assert_eq!(handling_time(Ratio::default()), "—（0 件）");
        assert_eq!(ratio_lines(Ratio { numerator: 1, denominator: 3 }), "33.3%\n1/3");
    }
}

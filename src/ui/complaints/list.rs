//! 投诉工单: every complaint in a virtual-scrolling table, with filters and search-as-you-type.
//!
//! The screen keeps the user's choices in [`SavedFilter`] (remembered between runs) and asks
//! the app for a page whenever the effective filter changes; it never touches the store.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use egui::{Key, RichText, Sense, TextWrapMode, Ui};
use egui_extras::{Column, TableBuilder, TableRow};

use super::{Cmd, ListPage};
use crate::domain::labels::Labeled;
use crate::domain::lifecycle::ContextData;
use crate::domain::org::{Unit, UnitId, UnitKind};
use crate::domain::time::{BizTime, format_biz};
use crate::domain::work::{Category, ComplaintState, Source};
use crate::export::Form;
use crate::store::{ComplaintRow, ListFilter, SortKey};
use crate::ui::command::{Asked, Command};
use crate::ui::theme;
use crate::ui::view::{Drill, DrillOnly, FileJob, SavedFilter, View};
use crate::ui::widgets::{
    DateResult, NUMBER_WIDTH, ROW_HEIGHT, choice, deadline_badge, error_text, number_cell, parse_date, place,
    warning_text,
};

/// The most rows one page loads; a larger result asks the user to narrow the filter.
pub const PAGE_LIMIT: u32 = 1000;
const ALL: &str = "全部";
const DATE_WIDTH: f32 = 112.0;

/// The choices that actually apply: what a page is loaded for.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Choices {
    state: Option<ComplaintState>,
    category: Option<Category>,
    source: Option<Source>,
    office: Option<UnitId>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    overdue_only: bool,
    search: Option<String>,
    sort: SortKey,
    drill: Option<Drill>,
}

impl Choices {
    fn of(saved: &SavedFilter, drill: Option<&Drill>, data: &ContextData) -> Self {
        let (from, to) = date_range(&saved.from, &saved.to);
        let office = saved.office.map(UnitId).filter(|id| offices(&data.units).any(|u| u.id == *id));
        Self {
            state: ComplaintState::parse(&saved.state),
            category: Category::parse(&saved.category),
            source: Source::parse(&saved.source),
            office,
            from: from.unwrap_or(None),
            to: to.unwrap_or(None),
            overdue_only: saved.overdue_only,
            search: Some(saved.search.trim().to_owned()).filter(|s| !s.is_empty()),
            sort: parse_sort(&saved.sort),
            drill: drill.cloned(),
        }
    }

    fn to_filter(&self, now: BizTime) -> ListFilter {
        let drill = self.drill.clone().unwrap_or_default();
        let states = match self.state {
            Some(s) => vec![s],
            None if drill.exclude_duplicates => {
                ComplaintState::ALL.iter().copied().filter(|s| *s != ComplaintState::Duplicate).collect()
            }
            None => Vec::new(),
        };
        ListFilter {
            states,
            station: drill.station,
            kind: drill.kind,
            missed_at: (drill.only == Some(DrillOnly::Missed)).then_some(now),
            reopened: drill.only == Some(DrillOnly::Reopened),
            urged: drill.only == Some(DrillOnly::Urged),
            category: self.category,
            source: self.source,
            office: self.office,
            from: self.from,
            to: self.to,
            overdue_at: self.overdue_only.then_some(now),
            search: self.search.clone(),
            sort: self.sort,
            limit: Some(PAGE_LIMIT),
            ..ListFilter::default()
        }
    }
}

/// The complaint list.
#[derive(Default)]
pub struct ListScreen {
    saved: SavedFilter,
    /// The page the app loaded for the current filter.
    pub page: Option<ListPage>,
    focus_search: bool,
    /// The choices of the last request: a new one is sent only when they change.
    requested: Option<Choices>,
    /// The selected row's number.
    selected: Option<String>,
    /// Back to the top once: a new filter was asked for.
    scroll_top: bool,
    /// Rows ticked for 批量导出 (complaint numbers of the current page).
    checked: BTreeSet<String>,
    /// Which forms a batch export writes: 处理单, 核查清单, 反馈单.
    batch_forms: BatchForms,
    /// Opened from a figure of the statistics page.
    drill: Option<Drill>,
}

/// The forms ticked for a batch export, in [`Form::ALL`] order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct BatchForms([bool; 3]);

impl Default for BatchForms {
    fn default() -> Self {
        // The feedback sheet is what goes out; the other two are ticked when needed.
        Self([false, false, true])
    }
}

impl BatchForms {
    fn chosen(self) -> Vec<Form> {
        Form::ALL.iter().zip(self.0).filter(|(_, on)| *on).map(|(f, _)| *f).collect()
    }
}

/// Where the table scrolls this frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scroll {
    Keep,
    Top,
    Row(usize),
}

impl ListScreen {
    #[must_use]
    pub fn new(saved: SavedFilter) -> Self {
        Self { saved, scroll_top: true, ..Self::default() }
    }

    /// The filter to remember.
    #[must_use]
    pub fn saved(&self) -> SavedFilter {
        self.saved.clone()
    }

    /// Ctrl+F: put the cursor in the search box.
    pub fn focus_search(&mut self) {
        self.focus_search = true;
    }

    /// The store filter for the current choices.
    #[must_use]
    pub fn filter(&self, data: &ContextData, now: BizTime) -> ListFilter {
        Choices::of(&self.saved, self.drill.as_ref(), data).to_filter(now)
    }

    /// Show the complaints behind a figure: replace the filter (keeping the sort order and
    /// clearing the search) and return the store filter to load.
    pub fn show_drill(&mut self, filter: SavedFilter, drill: Drill, data: &ContextData, now: BizTime) -> ListFilter {
        self.saved = SavedFilter { sort: std::mem::take(&mut self.saved.sort), ..filter };
        self.drill = Some(drill);
        let choices = Choices::of(&self.saved, self.drill.as_ref(), data);
        let f = choices.to_filter(now);
        self.requested = Some(choices);
        self.page = None;
        self.selected = None;
        self.scroll_top = true;
        f
    }

    pub fn show(&mut self, ui: &mut Ui, view: &View<'_>, cmds: &mut Asked<Cmd>) {
        // Keys first: a search box losing focus to Enter this frame must not open a row.
        let key_row = self.keyboard(ui, cmds);
        ui.heading("投诉工单");
        self.filters(ui, view);
        self.request_if_changed(view, cmds);
        ui.add_space(theme::ROW_GAP);
        let export = self.requested.as_ref().map(|c| FileJob::List { filter: c.to_filter(view.now) });
        summary(ui, self.page.as_ref(), view.backend_busy, export.filter(|_| !view.file_export_busy), cmds);
        if let Some(page) = &self.page {
            if page.rows.is_empty() {
                ui.label("没有符合条件的工单");
            } else {
                batch_bar(ui, &page.rows, &mut self.checked, &mut self.batch_forms, view.batch_running, cmds);
                let scroll = match key_row {
                    _ if self.scroll_top => Scroll::Top,
                    Some(i) => Scroll::Row(i),
                    None => Scroll::Keep,
                };
                self.scroll_top = false;
                let clock = (view.now, view.data.rules.due_soon_share);
                let mut marks = Marks { selected: &mut self.selected, checked: &mut self.checked };
                table(ui, &page.rows, &mut marks, &mut self.saved.sort, scroll, clock, cmds);
            }
        }
    }

    /// Ask for a page when the effective choices changed (or for the first one).
    fn request_if_changed(&mut self, view: &View<'_>, cmds: &mut Asked<Cmd>) {
        let choices = Choices::of(&self.saved, self.drill.as_ref(), view.data);
        if self.requested.as_ref() == Some(&choices) {
            return;
        }
        // The app already loads a page for the current filter when the list is opened.
        if self.requested.is_some() || self.page.is_none() {
            cmds.push(Cmd::LoadList(choices.to_filter(view.now)));
            self.scroll_top = true;
            // Ticks belong to the rows the user saw; a new filter starts afresh.
            self.checked.clear();
        }
        self.requested = Some(choices);
    }

    /// ↑/↓ move the selection, Enter opens it; only while no field has the keyboard.
    /// Returns the row to scroll to.
    fn keyboard(&mut self, ui: &Ui, cmds: &mut Asked<Cmd>) -> Option<usize> {
        let rows = &self.page.as_ref()?.rows;
        if rows.is_empty() || ui.memory(|m| m.focused().is_some()) {
            return None;
        }
        let (up, down, enter) =
            ui.input(|i| (i.key_pressed(Key::ArrowUp), i.key_pressed(Key::ArrowDown), i.key_pressed(Key::Enter)));
        let current = self.selected.as_ref().and_then(|n| rows.iter().position(|r| &r.number == n));
        if enter {
            if let Some(i) = current {
                cmds.ask(Command::OpenDetail(rows[i].number.clone()));
            }
            return None;
        }
        let next = match current {
            Some(i) if up => i.saturating_sub(1),
            Some(i) if down => (i + 1).min(rows.len() - 1),
            None if up || down => 0,
            _ => return None,
        };
        self.selected = Some(rows[next].number.clone());
        Some(next)
    }

    fn filters(&mut self, ui: &mut Ui, view: &View<'_>) {
        let s = &mut self.saved;
        ui.horizontal_wrapped(|ui| {
            let l = ui.label("搜索");
            let r = ui
                .add(egui::TextEdit::singleline(&mut s.search).hint_text("编号、车牌、电话或内容").desired_width(200.0))
                .labelled_by(l.id);
            if self.focus_search {
                r.request_focus();
                self.focus_search = false;
            }
            ui.add_space(theme::ROW_GAP);
            code_choice(ui, "状态", &mut s.state, ComplaintState::parse, ComplaintState::code);
            code_choice(ui, "类别", &mut s.category, Category::parse, Category::code);
            code_choice(ui, "来源", &mut s.source, Source::parse, Source::code);
            office_filter(ui, view, &mut s.office);
        });
        ui.horizontal_wrapped(|ui| {
            ui.label("受理日期");
            let (from, to) = date_range(&s.from, &s.to);
            date_field(ui, "从", &mut s.from, from.err());
            date_field(ui, "至", &mut s.to, to.err());
            ui.add_space(theme::ROW_GAP);
            ui.checkbox(&mut s.overdue_only, "只看超期");
            if ui.button("清除筛选").clicked() {
                *s = SavedFilter { sort: std::mem::take(&mut s.sort), ..SavedFilter::default() };
                self.drill = None;
            }
        });
        if let Some(drill) = &self.drill {
            let mut clear = false;
            ui.horizontal_wrapped(|ui| {
                let dark = ui.visuals().dark_mode;
                ui.label(RichText::new("来自统计").strong().color(theme::accent(dark)));
                ui.label(&drill.label);
                clear = ui.button("清除统计筛选").on_hover_text("回到按上面条件筛选的全部工单").clicked();
            });
            if clear {
                self.drill = None;
            }
        }
    }
}

/// “共 N 条”, the page-limit warning, 导出 Excel… (every match, not only the loaded page;
/// `export` is `None` while another export runs) and the busy spinner.
fn summary(ui: &mut Ui, page: Option<&ListPage>, busy: bool, export: Option<FileJob>, cmds: &mut Asked<Cmd>) {
    ui.horizontal(|ui| {
        if let Some(page) = page {
            let total = if page.more { format!("{}+", page.total) } else { page.total.to_string() };
            ui.label(RichText::new(format!("共 {total} 条")).strong());
            if page.total > page.rows.len() as u64 {
                warning_text(ui, &format!("显示前{}条，请缩小范围", page.rows.len()));
            }
            let why_not = if page.total == 0 {
                Some("没有符合条件的工单")
            } else if export.is_none() {
                Some("正在导出，请等待完成")
            } else {
                None
            };
            let r = ui.add_enabled(why_not.is_none() && !busy, egui::Button::new("导出 Excel…"));
            if let Some(why) = why_not {
                r.on_disabled_hover_text(why);
            } else if r.on_hover_text(format!("把符合当前筛选条件的全部 {total} 条工单导出为 Excel 工作簿")).clicked()
                && let Some(job) = export
            {
                cmds.ask(Command::ExportFile(job));
            }
        }
        if busy || page.is_none() {
            ui.spinner();
        }
    });
}

/// The bar above the table: tick all, the count ticked, the forms, and 批量导出….
fn batch_bar(
    ui: &mut Ui,
    rows: &[ComplaintRow],
    checked: &mut BTreeSet<String>,
    forms: &mut BatchForms,
    running: bool,
    cmds: &mut Asked<Cmd>,
) {
    ui.horizontal_wrapped(|ui| {
        if ui.button("全选本页").clicked() {
            checked.extend(rows.iter().map(|r| r.number.clone()));
        }
        if ui.add_enabled(!checked.is_empty(), egui::Button::new("取消选择")).clicked() {
            checked.clear();
        }
        ui.separator();
        if checked.is_empty() {
            ui.weak("勾选工单后可批量导出表单");
            return;
        }
        ui.label(RichText::new(format!("已选 {} 条", checked.len())).strong());
        ui.label("导出：");
        for (form, on) in Form::ALL.iter().zip(forms.0.iter_mut()) {
            ui.checkbox(on, form.label());
        }
        let chosen = forms.chosen();
        let why_not = if running {
            Some("正在导出，请等待当前批次完成")
        } else if chosen.is_empty() {
            Some("请至少勾选一种表单")
        } else {
            None
        };
        let r = ui.add_enabled(why_not.is_none(), egui::Button::new("批量导出…"));
        if let Some(why) = why_not {
            r.on_disabled_hover_text(why);
        } else if r.on_hover_text("选择文件夹，每条工单每种表单一个 PDF 文件").clicked() {
            // In the table's order, so the files come out as the user sees them.
            let numbers = rows.iter().filter(|r| checked.contains(&r.number)).map(|r| r.number.clone()).collect();
            cmds.ask(Command::ExportBatch { numbers, forms: chosen });
        }
    });
}

/// The table's two kinds of marks: the row the keyboard is on, and the rows ticked for export.
struct Marks<'a> {
    selected: &'a mut Option<String>,
    checked: &'a mut BTreeSet<String>,
}

/// The table of loaded rows; only the visible ones are drawn.
fn table(
    ui: &mut Ui,
    rows: &[ComplaintRow],
    marks: &mut Marks<'_>,
    sort_code: &mut String,
    scroll: Scroll,
    (now, share): (BizTime, f64),
    cmds: &mut Asked<Cmd>,
) {
    ui.scope(|ui| {
        // Clicks go to the row, not to text selection in a cell.
        ui.style_mut().interaction.selectable_labels = false;
        ui.style_mut().wrap_mode = Some(TextWrapMode::Truncate);
        let mut builder = TableBuilder::new(ui)
            .id_salt("complaint_list")
            .striped(true)
            .resizable(true)
            .sense(Sense::CLICK)
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .column(Column::exact(24.0))
            .column(Column::initial(NUMBER_WIDTH).at_least(90.0))
            .column(Column::initial(132.0).at_least(80.0))
            .column(Column::initial(92.0).at_least(50.0))
            .column(Column::initial(82.0).at_least(50.0))
            .column(Column::initial(92.0).at_least(50.0))
            .column(Column::initial(180.0).at_least(60.0))
            .column(Column::initial(82.0).at_least(50.0))
            .column(Column::remainder().at_least(120.0))
            .min_scrolled_height(0.0);
        match scroll {
            Scroll::Keep => {}
            Scroll::Top => builder = builder.vertical_scroll_offset(0.0),
            Scroll::Row(i) => builder = builder.scroll_to_row(i, None),
        }
        let sort = parse_sort(sort_code);
        let mut new_sort = None;
        builder
            .header(ROW_HEIGHT, |mut header| {
                header.col(|_| {});
                let mut sortable = |header: &mut TableRow<'_, '_>, text: &str, key: SortKey| {
                    header.col(|ui| {
                        if let Some(k) = sort_header(ui, text, sort, key) {
                            new_sort = Some(k);
                        }
                    });
                };
                sortable(&mut header, "工单编号", SortKey::Number);
                sortable(&mut header, "受理时间", SortKey::AcceptedDesc);
                for text in ["来源", "类别", "车牌", "收费站/管理所", "状态"] {
                    header.col(|ui| {
                        ui.strong(text);
                    });
                }
                sortable(&mut header, "时限", SortKey::DueAsc);
            })
            .body(|body| {
                body.rows(ROW_HEIGHT, rows.len(), |mut row| {
                    let r = &rows[row.index()];
                    row.set_selected(marks.selected.as_deref() == Some(r.number.as_str()));
                    row.col(|ui| tick(ui, &r.number, marks.checked));
                    list_row(&mut row, r, now, share);
                    let response = row.response();
                    if response.clicked() {
                        *marks.selected = Some(r.number.clone());
                    }
                    if response.double_clicked() {
                        cmds.ask(Command::OpenDetail(r.number.clone()));
                    }
                });
            });
        if let Some(k) = new_sort {
            sort_code_of(k).clone_into(sort_code);
        }
    });
}

/// The row's tick box for 批量导出, named `选择 <number>` for screen readers (and tests).
fn tick(ui: &mut Ui, number: &str, checked: &mut BTreeSet<String>) {
    let mut on = checked.contains(number);
    let r = ui.add(egui::Checkbox::without_text(&mut on));
    r.widget_info(|| egui::WidgetInfo::selected(egui::Role::CheckBox, true, on, format!("选择 {number}")));
    if r.changed() {
        if on {
            checked.insert(number.to_owned());
        } else {
            checked.remove(number);
        }
    }
}

/// The cells of one complaint.
fn list_row(row: &mut TableRow<'_, '_>, r: &ComplaintRow, now: BizTime, share: f64) {
    row.col(|ui| number_cell(ui, r));
    row.col(|ui| {
        ui.label(format_biz(r.accepted_at));
    });
    row.col(|ui| {
        ui.label(r.source.label());
    });
    row.col(|ui| {
        ui.label(r.category.label());
    });
    row.col(|ui| {
        ui.label(r.plate.as_deref().unwrap_or("—"));
    });
    row.col(|ui| {
        ui.label(place(r));
    });
    row.col(|ui| {
        ui.label(r.state.label());
    });
    row.col(|ui| {
        deadline_badge(ui, r, now, share);
    });
}

/// A header that orders the list: ▲/▼ shows the current order; returns the order a click asks for.
fn sort_header(ui: &mut Ui, text: &str, current: SortKey, key: SortKey) -> Option<SortKey> {
    let active = current == key || (key == SortKey::AcceptedDesc && current == SortKey::AcceptedAsc);
    let arrow = match (active, current) {
        (false, _) => "",
        (true, SortKey::AcceptedDesc) => " ▼",
        (true, _) => " ▲",
    };
    let r = ui.add(egui::Button::selectable(active, RichText::new(format!("{text}{arrow}")).strong()));
    let next =
        if key == SortKey::AcceptedDesc && current == SortKey::AcceptedDesc { SortKey::AcceptedAsc } else { key };
    r.on_hover_text("点击排序").clicked().then_some(next)
}

/// A 全部-or-one dropdown over a labelled enum kept as its code.
fn code_choice<T: Labeled>(
    ui: &mut Ui,
    label: &str,
    code: &mut String,
    parse: fn(&str) -> Option<T>,
    code_of: fn(T) -> &'static str,
) {
    let l = ui.label(label);
    let mut value = parse(code);
    choice(ui, &format!("list_{label}"), &mut value, ALL, 96.0).labelled_by(l.id);
    let new_code = value.map_or("", code_of);
    if new_code != code {
        new_code.clone_into(code);
    }
}

/// The office dropdown; an office user sees their own office, fixed.
fn office_filter(ui: &mut Ui, view: &View<'_>, office: &mut Option<i64>) {
    let units = &view.data.units;
    let name_of = |id: UnitId| units.iter().find(|u| u.id == id).map_or("", |u| u.name.as_str());
    let l = ui.label("管理所");
    if let Some(own) = view.session.office_scope() {
        ui.strong(name_of(own)).on_hover_text("管理所用户只能查看本所的工单");
        return;
    }
    let selected = office.map(UnitId).map_or(ALL, name_of);
    let selected = if selected.is_empty() { ALL } else { selected };
    egui::ComboBox::from_id_salt("list_office")
        .width(130.0)
        .selected_text(selected)
        .show_ui(ui, |ui| {
            ui.selectable_value(office, None, ALL);
            for u in offices(units) {
                ui.selectable_value(office, Some(u.id.0), &u.name);
            }
        })
        .response
        .labelled_by(l.id);
}

/// A date text box with its label and, for a bad date, the red message beside it.
fn date_field(ui: &mut Ui, label: &str, text: &mut String, error: Option<&str>) {
    let l = ui.label(label);
    ui.add(egui::TextEdit::singleline(text).hint_text("YYYY-MM-DD").desired_width(DATE_WIDTH)).labelled_by(l.id);
    if let Some(e) = error {
        error_text(ui, e);
    }
}

/// Both ends of the date range, each parsed; a `to` before `from` is refused.
fn date_range(from: &str, to: &str) -> (DateResult, DateResult) {
    let from = parse_date(from);
    let mut to = parse_date(to);
    if let (Ok(Some(f)), Ok(Some(t))) = (&from, &to)
        && t < f
    {
        to = Err("截止日期早于起始日期");
    }
    (from, to)
}

fn offices(units: &[Unit]) -> impl Iterator<Item = &Unit> {
    units.iter().filter(|u| u.kind == UnitKind::Office)
}

fn parse_sort(code: &str) -> SortKey {
    match code {
        "accepted_asc" => SortKey::AcceptedAsc,
        "number" => SortKey::Number,
        "due" => SortKey::DueAsc,
        _ => SortKey::AcceptedDesc,
    }
}

fn sort_code_of(key: SortKey) -> &'static str {
    match key {
        SortKey::AcceptedDesc => "accepted_desc",
        SortKey::AcceptedAsc => "accepted_asc",
        SortKey::Number => "number",
        SortKey::DueAsc => "due",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_or_say_why_not() {
        assert_eq!(parse_date(""), Ok(None));
        assert_eq!(parse_date(" 2026/11/1 "), Ok(NaiveDate::from_ymd_opt(2026, 11, 1)));
        assert!(parse_date("2026-13-01").is_err());
        let (from, to) = date_range("2026-11-20", "2026-11-01");
        assert!(from.is_ok() && to.is_err());
    }

    #[test]
    fn sort_codes_round_trip() {
        for k in [SortKey::AcceptedDesc, SortKey::AcceptedAsc, SortKey::Number, SortKey::DueAsc] {
            assert_eq!(parse_sort(sort_code_of(k)), k);
        }
        assert_eq!(parse_sort("nonsense"), SortKey::AcceptedDesc);
    }
}

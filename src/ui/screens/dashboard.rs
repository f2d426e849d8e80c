//! 工作台: the user's own to-do list by urgency, counts by state, what falls due today.

use egui::{RichText, Sense, TextWrapMode, Ui};
use egui_extras::{Column, TableBuilder, TableRow};

use super::list::{NUMBER_WIDTH, ROW_HEIGHT, deadline_badge, number_cell};
use crate::domain::time::BizTime;
use crate::domain::work::ComplaintState;
use crate::store::ComplaintRow;
use crate::ui::app::View;
use crate::ui::{Command, DashboardData, theme};

/// Below this the 今日到期 section gets no more room than it needs.
const MIN_TABLE_HEIGHT: f32 = 120.0;

/// The dashboard.
#[derive(Default)]
pub struct DashboardScreen {
    /// Loaded by the app after login and on refresh.
    pub data: Option<DashboardData>,
}

impl DashboardScreen {
    pub fn show(&mut self, ui: &mut Ui, view: &View<'_>, cmds: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            ui.heading("工作台");
            if ui.button("刷新").clicked() {
                cmds.push(Command::RefreshDashboard);
            }
        });
        let Some(data) = &self.data else {
            ui.spinner();
            return;
        };
        counts_row(ui, &data.counts);
        ui.add_space(theme::SECTION_GAP);
        let clock = (view.now, view.data.rules.due_soon_share);

        section_title(ui, &format!("我的待办（{}）", data.todo.len()));
        if data.todo.is_empty() {
            ui.label("暂无待办");
        } else {
            // Leave room for 今日到期 below.
            let below = if data.due_today.is_empty() { 60.0 } else { MIN_TABLE_HEIGHT + 80.0 };
            let height = (ui.available_height() - below).max(MIN_TABLE_HEIGHT);
            rows_table(ui, "dashboard_todo", &data.todo, height, clock, cmds);
        }
        ui.add_space(theme::SECTION_GAP);

        section_title(ui, &format!("今日到期（{}）", data.due_today.len()));
        if data.due_today.is_empty() {
            ui.label("今日没有到期的工单");
        } else {
            let height = ui.available_height().max(MIN_TABLE_HEIGHT);
            rows_table(ui, "dashboard_due_today", &data.due_today, height, clock, cmds);
        }
    }
}

fn section_title(ui: &mut Ui, text: &str) {
    ui.label(RichText::new(text).strong().size(17.0));
}

/// Complaints per state, as a compact row of labelled numbers.
fn counts_row(ui: &mut Ui, counts: &[(ComplaintState, u64)]) {
    ui.horizontal_wrapped(|ui| {
        for (state, n) in counts {
            egui::Frame::group(ui.style()).inner_margin(egui::Margin::symmetric(10, 4)).show(ui, |ui| {
                ui.label(state.label());
                let number = RichText::new(n.to_string()).strong().size(18.0);
                ui.label(if *n > 0 { number } else { number.weak() });
            });
        }
    });
}

/// A clickable table of complaints: a click opens the detail. Only visible rows are drawn.
fn rows_table(
    ui: &mut Ui,
    id: &str,
    rows: &[ComplaintRow],
    max_height: f32,
    (now, share): (BizTime, f64),
    cmds: &mut Vec<Command>,
) {
    ui.push_id(id, |ui| {
        ui.style_mut().interaction.selectable_labels = false;
        ui.style_mut().wrap_mode = Some(TextWrapMode::Truncate);
        TableBuilder::new(ui)
            .id_salt(id)
            .striped(true)
            .sense(Sense::CLICK)
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .column(Column::initial(NUMBER_WIDTH).at_least(90.0))
            .column(Column::initial(90.0).at_least(50.0))
            .column(Column::initial(90.0).at_least(50.0))
            .column(Column::initial(92.0).at_least(50.0))
            .column(Column::initial(120.0).at_least(60.0))
            .column(Column::remainder().at_least(120.0))
            .max_scroll_height(max_height)
            .min_scrolled_height(0.0)
            .header(ROW_HEIGHT, |mut header| {
                for text in ["工单编号", "类别", "状态", "车牌", "管理所", "时限"] {
                    header.col(|ui| {
                        ui.strong(text);
                    });
                }
            })
            .body(|body| {
                body.rows(ROW_HEIGHT, rows.len(), |mut row| {
                    let r = &rows[row.index()];
                    todo_row(&mut row, r, now, share);
                    if row.response().clicked() {
                        cmds.push(Command::OpenDetail(r.number.clone()));
                    }
                });
            });
    });
}

fn todo_row(row: &mut TableRow<'_, '_>, r: &ComplaintRow, now: BizTime, share: f64) {
    row.col(|ui| number_cell(ui, r));
    row.col(|ui| {
        ui.label(r.category.label());
    });
    row.col(|ui| {
        ui.label(r.state.label());
    });
    row.col(|ui| {
        ui.label(r.plate.as_deref().unwrap_or("—"));
    });
    row.col(|ui| {
        ui.label(r.office.as_deref().unwrap_or("—"));
    });
    row.col(|ui| {
        deadline_badge(ui, r, now, share);
    });
}

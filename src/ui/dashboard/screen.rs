//! 工作台: what the user has to do, by role. Office users get their 收件箱 (forms sent to the
//! office) with 签收 on the row; the duty leader the 待审核 queue (oldest submission first) and
//! the 延期申请 waiting; operators the 催办提示 (office steps overdue since the last working day
//! and not urged since) with 催办 on the row; everyone the counts by state, their remaining
//! to-do list by urgency, and what falls due today.

use std::collections::HashSet;

use egui::{RichText, Sense, TextWrapMode, Ui};
use egui_extras::{Column, TableBuilder, TableRow};

use super::{Cmd, DashboardData, ExtensionItem, ReviewItem, UrgeItem};
use crate::domain::lifecycle::{self, Action, ActionKind};
use crate::domain::org::Role;
use crate::domain::time::{BizTime, format_biz, format_due, format_span};
use crate::domain::work::ComplaintState;
use crate::store::ComplaintRow;
use crate::ui::command::{Asked, Command};
use crate::ui::theme;
use crate::ui::view::View;
use crate::ui::widgets::{NUMBER_WIDTH, ROW_HEIGHT, deadline_badge, number_cell, warning_text};

/// A queue shows this many rows before it scrolls.
const VISIBLE_ROWS: usize = 8;

/// The note of a 催办 sent from a suggestion.
pub const URGE_NOTE: &str = "请尽快办理（系统提示：已超期）";

/// The dashboard.
#[derive(Default)]
pub struct DashboardScreen {
    /// Loaded by the app after login and on refresh.
    pub data: Option<DashboardData>,
    /// Complaints acted on from a row since the last load: their buttons wait for the refresh.
    sent: HashSet<String>,
}

/// The deadline clock the badges read: now and the 临期 share.
type Clock = (BizTime, f64);

impl DashboardScreen {
    /// New data arrived: rows acted on are gone or changed, their buttons come back.
    pub fn loaded(&mut self, data: DashboardData) {
        self.data = Some(data);
        self.sent.clear();
    }

    pub fn show(&mut self, ui: &mut Ui, view: &View<'_>, cmds: &mut Asked<Cmd>) {
        ui.horizontal(|ui| {
            ui.heading("工作台");
            if ui.button("刷新").clicked() {
                cmds.push(Cmd::Refresh);
            }
        });
        let Some(data) = &self.data else {
            ui.spinner();
            return;
        };
        counts_row(ui, &data.counts);
        let clock = (view.now, view.data.rules.due_soon_share);
        let actor = &view.session.actor;
        let office_user = actor.has(Role::OfficeHandler) || actor.has(Role::OfficeHead);
        let sent = &mut self.sent;
        egui::ScrollArea::vertical().id_salt("dashboard_scroll").auto_shrink([false, false]).show(ui, |ui| {
            if office_user {
                let may_accept = lifecycle::rule(ActionKind::Accept).roles().iter().any(|r| actor.has(*r));
                inbox(ui, &data.inbox, may_accept, clock, sent, cmds);
            }
            if actor.has(Role::DutyLeader) {
                review_queue(ui, &data.review, clock, cmds);
                extension_queue(ui, &data.extensions, clock, cmds);
            }
            if actor.has(Role::Operator) {
                urge_suggestions(ui, &data.urge, clock, sent, cmds);
            }
            // An office user's to-do list is the inbox itself.
            if view.session.office_scope().is_none() {
                section_title(ui, &format!("我的待办（{}）", data.todo.len()));
                if data.todo.is_empty() {
                    ui.label("暂无待办");
                } else {
                    rows_table(ui, "dashboard_todo", &data.todo, clock, cmds);
                }
            }
            section_title(ui, &format!("今日到期（{}）", data.due_today.len()));
            if data.due_today.is_empty() {
                ui.label("今日没有到期的工单");
            } else {
                rows_table(ui, "dashboard_due_today", &data.due_today, clock, cmds);
            }
        });
    }
}

fn section_title(ui: &mut Ui, text: &str) {
    ui.add_space(theme::SECTION_GAP);
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

/// 收件箱: the forms sent to the office, most urgent first; 签收 right on the row.
fn inbox(
    ui: &mut Ui,
    rows: &[ComplaintRow],
    may_accept: bool,
    clock: Clock,
    sent: &mut HashSet<String>,
    cmds: &mut Asked<Cmd>,
) {
    section_title(ui, &format!("收件箱（{}）", rows.len()));
    if rows.is_empty() {
        ui.label("暂无待办");
        return;
    }
    let columns =
        [("工单编号", NUMBER_WIDTH), ("类别", 90.0), ("状态", 80.0), ("车牌", 92.0), ("时限", 200.0), ("", 80.0)];
    queue_table(
        ui,
        "dashboard_inbox",
        rows,
        |r| r,
        &columns,
        cmds,
        |row, r, cmds| {
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
            row.col(|ui| deadline_badge(ui, r, clock.0, clock.1));
            row.col(|ui| {
                if r.state == ComplaintState::Dispatched && may_accept {
                    let waiting = sent.contains(&r.number);
                    let button = ui.add_enabled(!waiting, egui::Button::new("签收"));
                    if button.on_hover_text("签收后开始核查").clicked() {
                        sent.insert(r.number.clone());
                        let action = Action::Accept { note: String::new() };
                        cmds.push(Cmd::Act { number: r.number.clone(), action: Box::new(action) });
                    }
                } else if ui.button("打开").clicked() {
                    cmds.ask(Command::OpenDetail(r.number.clone()));
                }
            });
        },
    );
}

/// 待审核: submitted results, the longest waiting first; approve or return in the detail.
fn review_queue(ui: &mut Ui, items: &[ReviewItem], clock: Clock, cmds: &mut Asked<Cmd>) {
    section_title(ui, &format!("待审核（{}）", items.len()));
    if items.is_empty() {
        ui.label("暂无待审核的办理结果");
        return;
    }
    let columns = [
        ("工单编号", NUMBER_WIDTH),
        ("类别", 90.0),
        ("管理所", 110.0),
        ("提交时间", 140.0),
        ("已等待", 90.0),
        ("时限", 200.0),
    ];
    queue_table(
        ui,
        "dashboard_review",
        items,
        |i| &i.row,
        &columns,
        cmds,
        |row, i, _| {
            let r = &i.row;
            row.col(|ui| number_cell(ui, r));
            row.col(|ui| {
                ui.label(r.category.label());
            });
            row.col(|ui| {
                ui.label(r.office.as_deref().unwrap_or("—"));
            });
            row.col(|ui| {
                ui.label(format_biz(i.submitted_at));
                if i.round > 1 {
                    warning_text(ui, &format!("第{}轮", i.round)).on_hover_text("退回或重办后再次提交");
                }
            });
            row.col(|ui| {
                ui.label(format_span((clock.0 - i.submitted_at).num_seconds().max(0)));
            });
            row.col(|ui| deadline_badge(ui, r, clock.0, clock.1));
        },
    );
}

/// 延期申请: requests waiting for the duty leader; 同意 / 不同意 in the detail.
fn extension_queue(ui: &mut Ui, items: &[ExtensionItem], clock: Clock, cmds: &mut Asked<Cmd>) {
    section_title(ui, &format!("延期申请（{}）", items.len()));
    if items.is_empty() {
        ui.label("暂无待审批的延期申请");
        return;
    }
    let columns = [
        ("工单编号", NUMBER_WIDTH),
        ("管理所", 110.0),
        ("申请人", 80.0),
        ("延期至", 140.0),
        ("原因", 200.0),
        ("时限", 200.0),
    ];
    queue_table(
        ui,
        "dashboard_extensions",
        items,
        |i| &i.row,
        &columns,
        cmds,
        |row, i, _| {
            let r = &i.row;
            row.col(|ui| number_cell(ui, r));
            row.col(|ui| {
                ui.label(r.office.as_deref().unwrap_or("—"));
            });
            row.col(|ui| {
                ui.label(&i.by_name);
            });
            row.col(|ui| {
                ui.label(format_due(i.until));
            });
            row.col(|ui| {
                ui.label(&i.reason).on_hover_text(&i.reason);
            });
            row.col(|ui| deadline_badge(ui, r, clock.0, clock.1));
        },
    );
}

/// 催办提示: office steps overdue since a working day began, not urged since; 催办 on the row.
fn urge_suggestions(ui: &mut Ui, items: &[UrgeItem], clock: Clock, sent: &mut HashSet<String>, cmds: &mut Asked<Cmd>) {
    section_title(ui, &format!("催办提示（{}）", items.len()));
    if items.is_empty() {
        ui.label("没有需要催办的超期工单");
        return;
    }
    let columns = [
        ("工单编号", NUMBER_WIDTH),
        ("管理所", 110.0),
        ("状态", 80.0),
        ("办理时限", 140.0),
        ("超期", 190.0),
        ("", 80.0),
    ];
    queue_table(
        ui,
        "dashboard_urge",
        items,
        |i| &i.row,
        &columns,
        cmds,
        |row, i, cmds| {
            let r = &i.row;
            row.col(|ui| number_cell(ui, r));
            row.col(|ui| {
                ui.label(r.office.as_deref().unwrap_or("—"));
            });
            row.col(|ui| {
                ui.label(r.state.label());
            });
            row.col(|ui| {
                ui.label(format_due(i.due_at));
            });
            row.col(|ui| {
                let over = format!("超期 {}", format_span((clock.0 - i.due_at).num_seconds()));
                theme::badge(ui, crate::domain::deadline::DeadlineState::Overdue, &over);
                if r.urge_count > 0 {
                    warning_text(ui, &format!("催{}", r.urge_count));
                }
            });
            row.col(|ui| {
                let waiting = sent.contains(&r.number);
                let button = ui.add_enabled(!waiting, egui::Button::new("催办"));
                if button.on_hover_text(format!("催办说明：{URGE_NOTE}")).clicked() {
                    sent.insert(r.number.clone());
                    let action = Action::Urge { note: URGE_NOTE.to_owned() };
                    cmds.push(Cmd::Act { number: r.number.clone(), action: Box::new(action) });
                }
            });
        },
    );
}

/// A compact table of a queue: a click on a row opens the complaint; buttons in a row act on it.
/// Only the visible rows are drawn; more than [`VISIBLE_ROWS`] scroll.
fn queue_table<T>(
    ui: &mut Ui,
    id: &str,
    items: &[T],
    row_of: impl Fn(&T) -> &ComplaintRow,
    columns: &[(&str, f32)],
    cmds: &mut Asked<Cmd>,
    mut cells: impl FnMut(&mut TableRow<'_, '_>, &T, &mut Asked<Cmd>),
) {
    ui.push_id(id, |ui| {
        ui.style_mut().interaction.selectable_labels = false;
        ui.style_mut().wrap_mode = Some(TextWrapMode::Truncate);
        // A button in a row must fit the row's height.
        ui.spacing_mut().button_padding.y = 1.0;
        // Rows are ROW_HEIGHT apart plus the item spacing.
        let visible = items.len().min(VISIBLE_ROWS);
        #[allow(clippy::cast_precision_loss, reason = "a handful of rows")]
        let height = (ROW_HEIGHT + ui.spacing().item_spacing.y) * visible as f32;
        let mut table = TableBuilder::new(ui)
            .id_salt(id)
            .striped(true)
            .sense(Sense::CLICK)
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center));
        for (i, (_, width)) in columns.iter().enumerate() {
            table = if i + 1 == columns.len() {
                table.column(Column::remainder().at_least(*width))
            } else {
                table.column(Column::initial(*width).at_least(50.0))
            };
        }

        table
            .max_scroll_height(height)
            .min_scrolled_height(0.0)
            .header(ROW_HEIGHT, |mut header| {
                for (title, _) in columns {
                    header.col(|ui| {
                        ui.strong(*title);
                    });
                }
            })
            .body(|body| {
                body.rows(ROW_HEIGHT, items.len(), |mut row| {
                    let item = &items[row.index()];
                    cells(&mut row, item, cmds);
                    if row.response().clicked() {
                        cmds.ask(Command::OpenDetail(row_of(item).number.clone()));
                    }
                });
            });
    });
}

/// The plain table of complaints (我的待办, 今日到期).
fn rows_table(ui: &mut Ui, id: &str, rows: &[ComplaintRow], clock: Clock, cmds: &mut Asked<Cmd>) {
    let columns = [
        ("工单编号", NUMBER_WIDTH),
        ("类别", 90.0),
        ("状态", 90.0),
        ("车牌", 92.0),
        ("管理所", 120.0),
        ("时限", 160.0),
    ];
    queue_table(ui, id, rows, |r| r, &columns, cmds, |row, r, _| todo_row(row, r, clock));
}

fn todo_row(row: &mut TableRow<'_, '_>, r: &ComplaintRow, (now, share): Clock) {
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

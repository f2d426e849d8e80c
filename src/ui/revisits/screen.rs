//! 回访: the desk's revisit queue. Complaints awaiting revisit (most urgent first) with their
//! deadline badge, the valid unreached attempts and when the next call may be made; the help
//! requests and sampled consultations of the call log; and, for the duty leader, the unsatisfied
//! revisits waiting for a decision (重办 or 办结). Attempts are recorded from the row through the
//! same dialogs as the detail view.

use egui::{Id, Key, Modifiers, RichText, Ui};

use super::{Cmd, RevisitData};
use crate::domain::deadline::{DeadlineState, Step};
use crate::domain::lifecycle::{self, Action, ActionKind, revisit_progress};
use crate::domain::org::Role;
use crate::domain::revisit::{CallRevisitState, call_revisit_state};
use crate::domain::time::{BizTime, format_biz, format_due};
use crate::domain::work::{CallRecord, Complaint};
use crate::ui::command::{Asked, Command};
use crate::ui::theme;
use crate::ui::view::View;
use crate::ui::widgets::action_dialog::{ActionDialog, Outcome};
use crate::ui::widgets::error_text;
use crate::ui::widgets::revisit_form::RevisitForm;

/// Which queue is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Tab {
    #[default]
    Complaints,
    Calls,
}

/// The revisit of a call: the shared form in a small modal.
struct CallDialog {
    call: CallRecord,
    form: RevisitForm,
    tried: bool,
    pending: bool,
    refusal: Option<String>,
}

/// The dialog open over the page.
enum Dialog {
    /// 回访, 回访未果办结, 重办 or 办结 on a complaint: the detail view's own dialog.
    Complaint {
        complaint: Box<Complaint>,
        dialog: ActionDialog,
    },
    Call(Box<CallDialog>),
}

/// The 回访 page.
#[derive(Default)]
pub struct RevisitsScreen {
    /// Loaded by the app on opening the page, on 刷新 and after each recorded attempt.
    pub data: Option<RevisitData>,
    tab: Tab,
    dialog: Option<Dialog>,
}

/// When the next attempt may be made, as the queue says it.
fn next_text(next: Option<BizTime>, now: BizTime) -> String {
    match next {
        Some(t) if t > now => format_biz(t),
        _ => "现在可拨打".to_owned(),
    }
}

impl RevisitsScreen {
    /// The queues arrived.
    pub fn loaded(&mut self, data: RevisitData) {
        self.data = Some(data);
    }

    /// The action went through: the dialog closes (the app reloads the queues).
    pub fn acted(&mut self) {
        self.dialog = None;
    }

    /// The action was refused: the dialog shows why, in red, and stays open.
    pub fn refused(&mut self, message: String) {
        match &mut self.dialog {
            Some(Dialog::Complaint { dialog, .. }) => dialog.refused(message),
            Some(Dialog::Call(d)) => {
                d.pending = false;
                d.refusal = Some(message);
            }
            None => {}
        }
    }

    pub fn show(&mut self, ui: &mut Ui, view: &View<'_>, cmds: &mut Asked<Cmd>) {
        ui.horizontal(|ui| {
            ui.heading("回访");
            if ui.button("刷新").clicked() {
                cmds.push(Cmd::Load);
            }
            let p = &view.data.policy;
            ui.label(
                RichText::new(format!(
                    "回访未果须至少联系 {} 次、每次间隔不少于 {} 分钟；{}评价；咨询抽样 {}%",
                    p.min_attempts,
                    p.min_interval_mins,
                    if p.five_level { "五级" } else { "三级" },
                    p.consult_sample_percent
                ))
                .weak(),
            );
        });
        let Some(data) = &self.data else {
            ui.spinner();
            return;
        };
        let mut open: Option<Dialog> = None;
        egui::ScrollArea::vertical().id_salt("revisits_scroll").auto_shrink([false, false]).show(ui, |ui| {
            if view.session.actor.has(Role::DutyLeader) {
                decisions(ui, &data.decisions, view, &mut open, cmds);
            }
            ui.add_space(theme::SECTION_GAP);
            ui.horizontal(|ui| {
                let complaints = format!("投诉回访（{}）", data.due.len());
                let calls = format!("来电回访（{}）", data.calls.len());
                ui.selectable_value(&mut self.tab, Tab::Complaints, RichText::new(complaints).size(16.0));
                ui.selectable_value(&mut self.tab, Tab::Calls, RichText::new(calls).size(16.0));
            });
            ui.separator();
            match self.tab {
                Tab::Complaints => complaint_queue(ui, &data.due, view, &mut open, cmds),
                Tab::Calls => call_queue(ui, &data.calls, view, &mut open),
            }
        });
        if let Some(d) = open {
            self.dialog = Some(d);
        }
        self.dialog_ui(ui, view, cmds);
    }

    fn dialog_ui(&mut self, ui: &mut Ui, view: &View<'_>, cmds: &mut Asked<Cmd>) {
        let close = match &mut self.dialog {
            None => false,
            Some(Dialog::Complaint { complaint, dialog }) => match dialog.show(ui, complaint, view) {
                Outcome::Open => false,
                Outcome::Cancel => true,
                Outcome::Confirm { action, head } => {
                    cmds.push(Cmd::Act { number: complaint.number.clone(), action, head });
                    false
                }
            },
            Some(Dialog::Call(d)) => match call_dialog(ui, d, view) {
                Some(true) => true,
                Some(false) => {
                    if let Some(input) = d.form.input() {
                        d.pending = true;
                        d.refusal = None;
                        cmds.push(Cmd::RecordCallRevisit { number: d.call.number.clone(), input });
                    }
                    false
                }
                None => false,
            },
        };
        if close {
            self.dialog = None;
        }
    }
}

fn section_title(ui: &mut Ui, text: &str) {
    ui.add_space(theme::SECTION_GAP);
    ui.label(RichText::new(text).strong().size(17.0));
}

/// The complaint's number, which opens its detail.
fn number_link(ui: &mut Ui, number: &str, cmds: &mut Asked<Cmd>) {
    if ui.link(RichText::new(number).monospace()).on_hover_text("打开工单详情").clicked() {
        cmds.ask(Command::OpenDetail(number.to_owned()));
    }
}

/// 不满意待定: unsatisfied revisits for the duty leader, oldest first, with 重办 and 办结.
fn decisions(ui: &mut Ui, items: &[Complaint], view: &View<'_>, open: &mut Option<Dialog>, cmds: &mut Asked<Cmd>) {
    section_title(ui, &format!("不满意待定（{}）", items.len()));
    if items.is_empty() {
        ui.label("暂无待决定的不满意回访");
        return;
    }
    ui.label(RichText::new("重办：退回管理所重新核查（计入重办次数，此前各轮记录保留）；办结：须写明理由。").weak());
    egui::Grid::new("revisit_decisions").striped(true).num_columns(6).show(ui, |ui| {
        for h in ["编号", "投诉人", "类别", "回访时间", "司乘评价", "操作"] {
            ui.label(RichText::new(h).strong());
        }
        ui.end_row();
        for c in items {
            number_link(ui, &c.number, cmds);
            ui.label(&c.complainant);
            ui.label(c.category.label());
            let last = c.reached_revisit();
            ui.label(last.map_or_else(|| "—".to_owned(), |r| format_biz(r.at)));
            let said = last.map_or_else(String::new, |r| {
                let s = r.satisfaction.map_or("", |s| s.label());
                [s, r.reason.trim(), r.words.trim()]
                    .iter()
                    .filter(|t| !t.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join("：")
            });
            ui.label(short(&said, 24)).on_hover_text(said);
            ui.horizontal(|ui| {
                ui.push_id(&c.number, |ui| {
                    for kind in [ActionKind::Reopen, ActionKind::Close] {
                        let allowed = lifecycle::authorize(kind, c, &view.session.actor, &view.data.context());
                        let r = ui.add_enabled(allowed.is_ok(), egui::Button::new(kind.label()));
                        if let Err(e) = &allowed {
                            r.clone().on_disabled_hover_text(e.to_string());
                        }
                        if r.clicked() {
                            let dialog = ActionDialog::new(kind, c, view);
                            *open = Some(Dialog::Complaint { complaint: Box::new(c.clone()), dialog });
                        }
                    }
                });
            });
            ui.end_row();
        }
    });
}

/// Why 回访未果办结 is not possible yet (the domain's own refusal), or `None` when it is.
fn unreached_close_refusal(c: &Complaint, view: &View<'_>) -> Option<String> {
    // A dry run of the close: the state machine says whether and why not.
    let close = Action::Close { reason: "回访未果".to_owned() };
    lifecycle::apply(c, &close, &view.session.actor, view.now, &view.data.context()).err().map(|e| e.to_string())
}

/// 待回访 complaints, most urgent first.
fn complaint_queue(
    ui: &mut Ui,
    items: &[Complaint],
    view: &View<'_>,
    open: &mut Option<Dialog>,
    cmds: &mut Asked<Cmd>,
) {
    if items.is_empty() {
        ui.label("暂无待回访的投诉");
        return;
    }
    let policy = &view.data.policy;
    let share = view.data.rules.due_soon_share;
    egui::Grid::new("revisit_queue").striped(true).num_columns(9).show(ui, |ui| {
        for h in ["编号", "投诉人", "联系电话", "类别", "回访时限", "状态", "未接通", "下次可拨打时间", "操作"]
        {
            ui.label(RichText::new(h).strong());
        }
        ui.end_row();
        for c in items {
            number_link(ui, &c.number, cmds);
            ui.label(&c.complainant);
            ui.label(RichText::new(c.phone.as_str()).monospace());
            ui.label(c.category.label());
            if let Some(d) = c.open_deadline(Step::Revisit).or_else(|| c.next_due()) {
                ui.label(format_due(d.due_at));
                let st = d.status(view.now, share, c.paused_since);
                // 超期 says itself; 正常 and 临期 name the state before the time left.
                let text = match st.state {
                    DeadlineState::Overdue => st.text(),
                    _ => format!("[{}] {}", st.state.label(), st.text()),
                };
                theme::badge(ui, st.state, &text);
            } else {
                ui.label("—");
                ui.label("—");
            }
            let (count, next) = revisit_progress(c, policy);
            ui.label(format!("{count}/{}次", policy.min_attempts))
                .on_hover_text("有效的未接通次数 / 回访未果办结所需次数");
            ui.label(next_text(next, view.now));
            ui.horizontal(|ui| {
                ui.push_id(&c.number, |ui| {
                    if ui.button("记录回访").clicked() {
                        let dialog = ActionDialog::new(ActionKind::RecordRevisit, c, view);
                        *open = Some(Dialog::Complaint { complaint: Box::new(c.clone()), dialog });
                    }
                    let refusal = unreached_close_refusal(c, view);
                    let r = ui.add_enabled(refusal.is_none(), egui::Button::new("回访未果办结"));
                    if let Some(why) = &refusal {
                        r.clone().on_disabled_hover_text(why.as_str());
                    }
                    if r.clicked() {
                        let dialog = ActionDialog::new(ActionKind::Close, c, view);
                        *open = Some(Dialog::Complaint { complaint: Box::new(c.clone()), dialog });
                    }
                });
            });
            ui.end_row();
        }
    });
}

/// At most `n` characters of `s`, with “…” when cut.
fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n { s.to_owned() } else { format!("{}…", s.chars().take(n).collect::<String>()) }
}

/// Help requests and sampled consultations still to be revisited, oldest first.
fn call_queue(ui: &mut Ui, items: &[CallRecord], view: &View<'_>, open: &mut Option<Dialog>) {
    ui.label(
        RichText::new(format!(
            "求助来电全部回访；咨询来电按 {}% 抽样回访。接通即完成，未接通满 {} 次（间隔不少于 {} 分钟）即为回访未果。",
            view.data.policy.consult_sample_percent, view.data.policy.min_attempts, view.data.policy.min_interval_mins
        ))
        .weak(),
    );
    if items.is_empty() {
        ui.label("暂无待回访的来电");
        return;
    }
    egui::Grid::new("call_revisit_queue").striped(true).num_columns(8).show(ui, |ui| {
        for h in ["编号", "来电时间", "类别", "来电人", "联系电话", "内容", "未接通", "下次可拨打时间"]
        {
            ui.label(RichText::new(h).strong());
        }
        ui.label(RichText::new("操作").strong());
        ui.end_row();
        for c in items {
            ui.label(RichText::new(&c.number).monospace());
            ui.label(format_biz(c.received_at));
            ui.label(format!("{}·{}", c.category.kind(), c.category));
            ui.label(&c.caller);
            ui.label(RichText::new(c.phone.as_str()).monospace());
            ui.label(short(&c.content, 16)).on_hover_text(&c.content);
            let (count, next) = match call_revisit_state(c, &view.data.policy) {
                CallRevisitState::Open { unreached, next_at } => (unreached, next_at),
                _ => (0, None),
            };
            ui.label(format!("{count}/{}次", view.data.policy.min_attempts));
            ui.label(next_text(next, view.now));
            ui.push_id(&c.number, |ui| {
                if ui.button("记录回访").clicked() {
                    *open = Some(Dialog::Call(Box::new(CallDialog {
                        call: c.clone(),
                        form: RevisitForm::new(view.now),
                        tried: false,
                        pending: false,
                        refusal: None,
                    })));
                }
            });
            ui.end_row();
        }
    });
}

/// The call's revisit dialog for one frame: `Some(true)` closes it, `Some(false)` confirms.
fn call_dialog(ui: &mut Ui, d: &mut CallDialog, view: &View<'_>) -> Option<bool> {
    let ctx = ui.ctx().clone();
    let modal = egui::Modal::new(Id::unique("call_revisit_dialog")).show(&ctx, |ui| {
        ui.set_width(560.0);
        ui.horizontal(|ui| {
            ui.label(RichText::new("来电回访").heading().strong());
            ui.label(RichText::new(format!("来电 {}", d.call.number)).weak());
        });
        let c = &d.call;
        ui.label(
            RichText::new(format!(
                "{} {}·{}  {} {}",
                format_biz(c.received_at),
                c.category.kind(),
                c.category,
                c.caller,
                c.phone.as_str()
            ))
            .weak(),
        );
        ui.add(egui::Label::new(RichText::new(format!("来电内容：{}", c.content)).weak()).wrap());
        if !c.reply.trim().is_empty() {
            ui.add(egui::Label::new(RichText::new(format!("当时处理：{}", c.reply)).weak()).wrap());
        }
        ui.add_space(theme::ROW_GAP);
        d.form.show(ui, &view.data.policy, d.tried);
        if let Some(r) = &d.refusal {
            ui.add_space(theme::ROW_GAP);
            error_text(ui, r);
        }
        ui.separator();
        ui.horizontal(|ui| {
            let ok = ui.add_enabled(!d.pending, egui::Button::new("确定")).clicked();
            let cancel = ui.button("取消").clicked();
            if d.pending {
                ui.spinner();
                ui.label("正在提交…");
            }
            (ok, cancel)
        })
        .inner
    });
    let (ok, cancel) = modal.inner;
    let escape =
        modal.is_top_modal && !modal.any_popup_open && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape));
    if cancel || escape {
        return Some(true);
    }
    if ok && !d.pending {
        d.tried = true;
        return Some(false);
    }
    None
}

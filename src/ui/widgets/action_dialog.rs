//! The dialogs behind the detail view's action buttons: one small modal form per action.
//!
//! A dialog builds the [`Action`] from what was typed; the domain decides. 确定 sends it and the
//! dialog stays open, waiting, until the app reports the outcome: it closes when the action went
//! through and shows the Chinese refusal (red) when it did not.

use egui::{Id, Key, Modifiers, Response, RichText, TextEdit, Ui};

use super::revisit_form::RevisitForm;
use super::{choice_row, error_text, field_label, text_area_row, text_row};
use crate::domain::checklist::{
    Check, CheckOutcome, Checklist, Conclusion, OfficeResult, Responsibility, Retrieval, VideoRow, VideoSource,
};
use crate::domain::deadline::Step;
use crate::domain::labels::Labeled;
use crate::domain::lifecycle::{Action, ActionKind, revisit_progress};
use crate::domain::org::{Actor, Role, StationId, UnitId, UnitKind, UserId};
use crate::domain::time::{BizTime, format_biz, format_due, parse_biz_time};
use crate::domain::work::{Complaint, ComplaintState};
use crate::ui::theme;
use crate::ui::view::View;

/// What a dialog's frame ended with.
pub enum Outcome {
    /// Still open.
    Open,
    /// 取消 or Esc.
    Cancel,
    /// 确定: send this.
    Confirm { action: Box<Action>, head: Option<(String, String)> },
}

/// The message beside a time field that does not read as a time.
const TIME_FORMAT: &str = "格式应为 2026-11-21 10:00";

/// An empty field is no time; anything else must parse.
fn parse_time(text: &str) -> Result<Option<BizTime>, &'static str> {
    if text.trim().is_empty() { Ok(None) } else { parse_biz_time(text).map(Some).ok_or(TIME_FORMAT) }
}

fn time_text(t: Option<BizTime>) -> String {
    t.map(format_biz).unwrap_or_default()
}

/// One row of the video check as typed (times stay text until they parse).
struct RowDraft {
    source: VideoSource,
    location: String,
    from: String,
    to: String,
    retrieval: Retrieval,
    observation: String,
}

/// The checklist editor and the draft office result, saved together, possibly half done.
struct ChecklistDraft {
    rows: Vec<RowDraft>,
    transaction: Check,
    vehicle_class: Check,
    staff_interview: Check,
    conclusion: Option<Conclusion>,
    responsibility: Vec<Responsibility>,
    investigation: String,
    handling: String,
    action_taken: String,
    contacted_at: String,
    explained: String,
    reaction: String,
    /// Prefill for a new row's time window: around the time of passage.
    passage: Option<BizTime>,
}

impl ChecklistDraft {
    fn from_complaint(c: &Complaint) -> Self {
        let list = &c.checklist;
        let result = c.result.clone().unwrap_or_default();
        Self {
            rows: list
                .videos
                .iter()
                .map(|v| RowDraft {
                    source: v.source,
                    location: v.location.clone(),
                    from: time_text(v.from),
                    to: time_text(v.to),
                    retrieval: v.retrieval,
                    observation: v.observation.clone(),
                })
                .collect(),
            transaction: list.transaction.clone(),
            vehicle_class: list.vehicle_class.clone(),
            staff_interview: list.staff_interview.clone(),
            conclusion: list.conclusion,
            responsibility: list.responsibility.clone(),
            investigation: result.investigation,
            handling: result.handling,
            action_taken: result.action_taken,
            contacted_at: time_text(result.contacted_at),
            explained: result.explained,
            reaction: result.reaction,
            passage: c.passage_at,
        }
    }

    fn add_row(&mut self) {
        let around = |mins: i64| self.passage.map(|p| format_biz(p + chrono::Duration::minutes(mins)));
        self.rows.push(RowDraft {
            source: VideoSource::LaneCamera,
            location: String::new(),
            from: around(-10).unwrap_or_default(),
            to: around(10).unwrap_or_default(),
            retrieval: Retrieval::Pending,
            observation: String::new(),
        });
    }

    /// Whether every time field reads as a time (or is empty).
    fn times_ok(&self) -> bool {
        self.rows.iter().all(|r| parse_time(&r.from).is_ok() && parse_time(&r.to).is_ok())
            && parse_time(&self.contacted_at).is_ok()
    }

    /// The checklist and result as typed; unreadable times count as empty.
    fn build(&self) -> (Checklist, OfficeResult) {
        let time = |s: &str| parse_time(s).ok().flatten();
        let checklist = Checklist {
            videos: self
                .rows
                .iter()
                .map(|r| VideoRow {
                    source: r.source,
                    location: r.location.trim().to_owned(),
                    from: time(&r.from),
                    to: time(&r.to),
                    retrieval: r.retrieval,
                    observation: r.observation.trim().to_owned(),
                })
                .collect(),
            transaction: self.transaction.clone(),
            vehicle_class: self.vehicle_class.clone(),
            staff_interview: self.staff_interview.clone(),
            conclusion: self.conclusion,
            responsibility: self.responsibility.clone(),
        };
        let result = OfficeResult {
            investigation: self.investigation.trim().to_owned(),
            handling: self.handling.trim().to_owned(),
            action_taken: self.action_taken.trim().to_owned(),
            contacted_at: time(&self.contacted_at),
            explained: self.explained.trim().to_owned(),
            reaction: self.reaction.trim().to_owned(),
        };
        (checklist, result)
    }
}

/// The inputs of one dialog.
enum Form {
    /// One note or reason.
    Note {
        label: &'static str,
        text: String,
    },
    /// 转办 / 改派.
    Office {
        office: Option<UnitId>,
        station: Option<StationId>,
        note: String,
    },
    Checklist(Box<ChecklistDraft>),
    Submit {
        login: String,
        password: String,
    },
    Extension {
        until: String,
        reason: String,
    },
    Revisit(RevisitForm),
    Link {
        target: String,
    },
}

/// An open action dialog.
pub struct ActionDialog {
    pub kind: ActionKind,
    form: Form,
    /// The refusal of the last 确定, in Chinese.
    pub refusal: Option<String>,
    /// 确定 was sent and no answer came yet.
    pub pending: bool,
    /// 确定 was pressed once: show what is missing beside the fields.
    tried: bool,
    /// The single field of a one-field dialog (Enter confirms while it has the focus).
    field: Option<Id>,
    /// Put the cursor in the first field on the first frame.
    focus: bool,
}

/// The label of the note field of a one-note action.
fn note_label(kind: ActionKind, state: ComplaintState) -> &'static str {
    match kind {
        ActionKind::Accept => "签收说明",
        ActionKind::Approve => "审核意见",
        ActionKind::Return => "退回原因",
        ActionKind::Urge => "催办说明",
        ActionKind::GrantExtension => "审批意见",
        ActionKind::RefuseExtension => "不同意原因",
        ActionKind::Pause => "暂停原因",
        ActionKind::Resume => "恢复说明",
        ActionKind::Reopen => "重办原因",
        ActionKind::Withdraw => "撤诉原因",
        ActionKind::Close => match state {
            ComplaintState::AwaitingRevisit => "回访未果说明",
            ComplaintState::AwaitingDecision => "办结理由",
            _ => "办结说明",
        },
        _ => "说明",
    }
}

/// A label of the form's width, then a widget named by it, then its message.
fn labelled(ui: &mut Ui, label: &str, message: Option<&str>, add: impl FnOnce(&mut Ui) -> Response) -> Response {
    ui.horizontal(|ui| {
        let l = field_label(ui, label);
        let r = add(ui).labelled_by(l.id);
        if let Some(m) = message {
            error_text(ui, m);
        }
        r
    })
    .inner
}

/// A dropdown over some values of a labelled enum.
fn enum_combo<T: Labeled>(
    ui: &mut Ui,
    salt: impl egui::AsIdSalt,
    value: &mut T,
    options: &[T],
    width: f32,
) -> Response {
    egui::ComboBox::from_id_salt(salt)
        .width(width)
        .selected_text(value.text())
        .show_ui(ui, |ui| {
            for v in options {
                ui.selectable_value(value, *v, v.text());
            }
        })
        .response
}

/// The signer is authenticated by the app from the login and password; this stands in until then.
fn head_placeholder() -> Actor {
    Actor { id: UserId(0), name: String::new(), unit: UnitId(0), roles: Vec::new() }
}

impl ActionDialog {
    /// A dialog for `kind` on `c`, prefilled from what the complaint already holds.
    #[must_use]
    pub fn new(kind: ActionKind, c: &Complaint, view: &View<'_>) -> Self {
        let form = match kind {
            ActionKind::Dispatch => Form::Office { office: c.office, station: c.station, note: String::new() },
            ActionKind::Transfer => Form::Office { office: None, station: None, note: String::new() },
            ActionKind::SaveChecklist => Form::Checklist(Box::new(ChecklistDraft::from_complaint(c))),
            ActionKind::SubmitResult => {
                let me = &view.session;
                let login = if me.actor.has(Role::OfficeHead) { me.login.clone() } else { String::new() };
                Form::Submit { login, password: String::new() }
            }
            ActionKind::RequestExtension => Form::Extension { until: String::new(), reason: String::new() },
            ActionKind::RecordRevisit => Form::Revisit(RevisitForm::new(view.now)),
            ActionKind::LinkDuplicate => Form::Link { target: String::new() },
            _ => Form::Note { label: note_label(kind, c.state), text: String::new() },
        };
        Self { kind, form, refusal: None, pending: false, tried: false, field: None, focus: true }
    }

    /// The action was refused: show why and let the user try again.
    pub fn refused(&mut self, message: String) {
        self.refusal = Some(message);
        self.pending = false;
        if let Form::Submit { password, .. } = &mut self.form {
            password.clear();
        }
    }

    /// Draw the dialog over the detail view for one frame.
    pub fn show(&mut self, ui: &mut Ui, c: &Complaint, view: &View<'_>) -> Outcome {
        let ctx = ui.ctx().clone();
        let single = matches!(self.form, Form::Note { .. } | Form::Link { .. });
        // Enter confirms a one-field dialog (Shift+Enter still starts a new line in a note).
        let focused = ctx.memory(egui::Memory::focused);
        let enter = single
            && !self.pending
            && (focused.is_none() || focused == self.field)
            && ctx.input_mut(|i| i.modifiers.is_none() && i.consume_key(Modifiers::NONE, Key::Enter));
        let wide = matches!(self.form, Form::Checklist(_));
        let max_height = (ctx.content_rect().height() - 160.0).max(200.0);
        let modal = egui::Modal::new(Id::unique("detail_action_dialog")).show(&ctx, |ui| {
            ui.set_width(if wide { 780.0 } else { 560.0 });
            ui.horizontal(|ui| {
                ui.label(RichText::new(self.kind.label()).heading().strong());
                ui.label(RichText::new(format!("工单 {}", c.number)).weak());
            });
            ui.add_space(theme::ROW_GAP);
            // A long form gets its full height at once, so the dialog does not grow frame by frame.
            let min_height = if wide { max_height } else { 64.0 };
            egui::ScrollArea::vertical()
                .max_height(max_height)
                .min_scrolled_height(min_height)
                .auto_shrink([false, true])
                .show(ui, |ui| {
                    self.context_lines(ui, c, view);
                    self.fields(ui, c, view);
                });
            if let Some(r) = &self.refusal {
                ui.add_space(theme::ROW_GAP);
                error_text(ui, r);
            }
            ui.separator();
            ui.horizontal(|ui| {
                let blocked = self.blocked(c);
                let ok = ui.add_enabled(!self.pending && blocked.is_none(), egui::Button::new("确定"));
                let ok = match &blocked {
                    Some(why) => ok.on_disabled_hover_text(why.as_str()),
                    None => ok,
                };
                let cancel = ui.button("取消").clicked();
                if self.pending {
                    ui.spinner();
                    ui.label("正在提交…");
                } else if single {
                    ui.label(RichText::new("回车确定，Esc取消").weak().small());
                }
                (ok.clicked(), cancel)
            })
            .inner
        });
        let (ok, cancel) = modal.inner;
        let escape = modal.is_top_modal
            && !modal.any_popup_open
            && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape));
        if cancel || escape {
            return Outcome::Cancel;
        }
        if (ok || enter) && !self.pending {
            self.tried = true;
            if let Some((action, head)) = self.build(c) {
                self.pending = true;
                self.refusal = None;
                return Outcome::Confirm { action: Box::new(action), head };
            }
        }
        Outcome::Open
    }

    /// Why 确定 cannot be pressed at all (hover text of the disabled button).
    fn blocked(&self, c: &Complaint) -> Option<String> {
        match &self.form {
            Form::Submit { .. } => {
                let n = submit_missing(c).len();
                (n > 0).then(|| format!("尚缺{n}项，请先在「保存核查」中补齐"))
            }
            _ => None,
        }
    }

    /// What the user should know before deciding, above the fields.
    fn context_lines(&self, ui: &mut Ui, c: &Complaint, view: &View<'_>) {
        let weak = |ui: &mut Ui, text: String| {
            ui.add(egui::Label::new(RichText::new(text).weak()).wrap());
        };
        match self.kind {
            ActionKind::Transfer => {
                weak(ui, format!("当前办理单位：{}", unit_name(view, c.office)));
            }
            ActionKind::RequestExtension | ActionKind::GrantExtension | ActionKind::RefuseExtension => {
                if let Some(d) = c.open_deadline(Step::OfficeHandling) {
                    weak(ui, format!("当前办理时限：{}", format_due(d.due_at)));
                }
                if let Some(e) = c.extension.as_ref().filter(|e| e.granted.is_none())
                    && self.kind != ActionKind::RequestExtension
                {
                    weak(
                        ui,
                        format!(
                            "{} 于 {} 申请延期至 {}：{}",
                            e.by_name,
                            format_biz(e.requested_at),
                            format_due(e.until),
                            e.reason
                        ),
                    );
                }
            }
            ActionKind::RecordRevisit | ActionKind::Close if c.state == ComplaintState::AwaitingRevisit => {
                let p = &view.data.policy;
                let (count, next) = revisit_progress(c, p);
                let next = next.map(|t| format!("，下次最早 {}", format_biz(t))).unwrap_or_default();
                weak(
                    ui,
                    format!(
                        "回访未接通有效 {count} 次（回访未果办结须至少 {} 次，每次间隔不少于 {} 分钟{next}）",
                        p.min_attempts, p.min_interval_mins
                    ),
                );
            }
            ActionKind::Approve | ActionKind::Return => {
                if let Some(con) = c.checklist.conclusion {
                    weak(ui, format!("核查结论：{con}"));
                }
                if let Some(r) = &c.result {
                    weak(ui, format!("处理结果：{}", r.handling));
                }
            }
            _ => {}
        }
    }

    fn fields(&mut self, ui: &mut Ui, c: &Complaint, view: &View<'_>) {
        let tried = self.tried;
        let focus = std::mem::take(&mut self.focus);
        match &mut self.form {
            Form::Note { label, text } => {
                let r = text_area_row(ui, label, text, 3, None);
                if focus {
                    r.request_focus();
                }
                self.field = Some(r.id);
            }
            Form::Link { target } => {
                let r = text_row(ui, "原工单编号", target, 220.0, None);
                if focus {
                    r.request_focus();
                }
                self.field = Some(r.id);
            }
            Form::Office { office, station, note } => {
                office_fields(ui, view, self.kind, c, office, station, tried);
                let label = if self.kind == ActionKind::Transfer { "改派说明" } else { "转办说明" };
                text_area_row(ui, label, note, 2, None);
            }
            Form::Extension { until, reason } => {
                let message = match parse_time(until) {
                    Err(m) => Some(m),
                    Ok(None) if tried => Some("请填写延期至的时间"),
                    Ok(_) => None,
                };
                let r = text_row(ui, "延期至", until, 160.0, message);
                if focus {
                    r.request_focus();
                }
                ui.label(RichText::new("例如 2026-11-23 18:00").weak().small());
                text_area_row(ui, "延期原因", reason, 2, None);
            }
            Form::Revisit(form) => form.show(ui, &view.data.policy, tried),
            Form::Submit { login, password } => submit_fields(ui, c, login, password, tried),
            Form::Checklist(draft) => checklist_fields(ui, draft),
        }
    }

    /// The action to send, or `None` when a field still needs the user (its message shows).
    fn build(&self, c: &Complaint) -> Option<(Action, Option<(String, String)>)> {
        let action = match &self.form {
            Form::Note { text, .. } => note_action(self.kind, text.clone())?,
            Form::Link { target } => Action::LinkDuplicate { target: target.trim().to_owned() },
            Form::Office { office, station, note } => {
                let office = (*office)?;
                let (station, note) = (*station, note.clone());
                if self.kind == ActionKind::Transfer {
                    Action::Transfer { office, station, note }
                } else {
                    Action::Dispatch { office, station, note }
                }
            }
            Form::Extension { until, reason } => {
                Action::RequestExtension { until: parse_time(until).ok()??, reason: reason.clone() }
            }
            Form::Revisit(form) => form.input()?.into_action(),
            Form::Checklist(draft) => {
                if !draft.times_ok() {
                    return None;
                }
                let (checklist, result) = draft.build();
                let result = (result != OfficeResult::default()).then_some(result);
                Action::SaveChecklist { checklist, result }
            }
            Form::Submit { login, password } => {
                if login.trim().is_empty() || password.is_empty() {
                    return None;
                }
                let result = c.result.clone().unwrap_or_default();
                let head = Some((login.trim().to_owned(), password.clone()));
                return Some((Action::SubmitResult { result, head: head_placeholder() }, head));
            }
        };
        Some((action, None))
    }
}

/// The one-note actions.
fn note_action(kind: ActionKind, text: String) -> Option<Action> {
    Some(match kind {
        ActionKind::Accept => Action::Accept { note: text },
        ActionKind::Approve => Action::Approve { note: text },
        ActionKind::Return => Action::Return { reason: text },
        ActionKind::Urge => Action::Urge { note: text },
        ActionKind::GrantExtension => Action::GrantExtension { note: text },
        ActionKind::RefuseExtension => Action::RefuseExtension { reason: text },
        ActionKind::Pause => Action::Pause { note: text },
        ActionKind::Resume => Action::Resume { note: text },
        ActionKind::Reopen => Action::Reopen { reason: text },
        ActionKind::Close => Action::Close { reason: text },
        ActionKind::Withdraw => Action::Withdraw { reason: text },
        _ => return None,
    })
}

fn unit_name(view: &View<'_>, id: Option<UnitId>) -> String {
    id.and_then(|id| view.data.units.iter().find(|u| u.id == id)).map_or_else(|| "—".to_owned(), |u| u.name.clone())
}

/// Office dropdown (管理所 only; not the current one when transferring) and its stations.
fn office_fields(
    ui: &mut Ui,
    view: &View<'_>,
    kind: ActionKind,
    c: &Complaint,
    office: &mut Option<UnitId>,
    station: &mut Option<StationId>,
    tried: bool,
) {
    let offices: Vec<_> = view
        .data
        .units
        .iter()
        .filter(|u| u.kind == UnitKind::Office && !(kind == ActionKind::Transfer && Some(u.id) == c.office))
        .collect();
    let before = *office;
    let msg = (tried && office.is_none()).then_some("请选择管理所");
    labelled(ui, "办理单位", msg, |ui| {
        let selected = offices.iter().find(|u| Some(u.id) == *office).map_or("（请选择）", |u| u.name.as_str());
        egui::ComboBox::from_id_salt("dlg_office")
            .width(200.0)
            .selected_text(selected)
            .show_ui(ui, |ui| {
                for u in &offices {
                    ui.selectable_value(office, Some(u.id), u.name.as_str());
                }
            })
            .response
    });
    if *office != before {
        *station = None;
    }
    let stations: Vec<_> = view.data.stations.iter().filter(|s| Some(s.office) == *office).collect();
    labelled(ui, "收费站", None, |ui| {
        let selected = stations.iter().find(|s| Some(s.id) == *station).map_or("（不指定）", |s| s.name.as_str());
        ui.add_enabled_ui(office.is_some(), |ui| {
            egui::ComboBox::from_id_salt("dlg_station")
                .width(200.0)
                .selected_text(selected)
                .show_ui(ui, |ui| {
                    ui.selectable_value(station, None, "（不指定）");
                    for s in &stations {
                        ui.selectable_value(station, Some(s.id), s.name.as_str());
                    }
                })
                .response
        })
        .inner
    });
}

/// Everything the submit still lacks: the saved checklist and the saved result.
fn submit_missing(c: &Complaint) -> Vec<String> {
    let mut missing = c.checklist.missing();
    missing.extend(c.result.clone().unwrap_or_default().missing());
    missing
}

fn submit_fields(ui: &mut Ui, c: &Complaint, login: &mut String, password: &mut String, tried: bool) {
    let missing = submit_missing(c);
    if missing.is_empty() {
        ui.label("核查清单与办理结果已填写完整。提交后由管理所负责人签字，送值班领导审核。");
    } else {
        error_text(ui, &format!("还不能提交，尚缺{}项：", missing.len()));
        for m in &missing {
            error_text(ui, &format!("· {m}"));
        }
        ui.label(RichText::new("请先用「保存核查」补齐以上各项。").weak());
    }
    ui.add_space(theme::ROW_GAP);
    let msg = (tried && login.trim().is_empty()).then_some("请填写负责人账号");
    text_row(ui, "负责人账号", login, 200.0, msg);
    let msg = (tried && password.is_empty()).then_some("请填写负责人密码");
    labelled(ui, "负责人密码", msg, |ui| {
        ui.add(TextEdit::singleline(password).password(true).desired_width(200.0))
    });
}

fn checklist_fields(ui: &mut Ui, d: &mut ChecklistDraft) {
    ui.label(RichText::new("录像核查").strong());
    let mut remove = None;
    for (i, row) in d.rows.iter_mut().enumerate() {
        ui.group(|ui| {
            ui.horizontal(|ui| {
                ui.label(RichText::new(format!("第{}行", i + 1)).strong());
                let l = ui.label("来源");
                enum_combo(ui, ("dlg_video_source", i), &mut row.source, VideoSource::ALL, 120.0).labelled_by(l.id);
                let l = ui.label("位置");
                ui.add(TextEdit::singleline(&mut row.location).desired_width(110.0)).labelled_by(l.id);
                let l = ui.label("调取情况");
                enum_combo(ui, ("dlg_retrieval", i), &mut row.retrieval, Retrieval::ALL, 90.0).labelled_by(l.id);
                if ui.button("删除此行").clicked() {
                    remove = Some(i);
                }
            });
            ui.horizontal(|ui| {
                for (label, text) in [("开始时间", &mut row.from), ("结束时间", &mut row.to)] {
                    let l = ui.label(label);
                    ui.add(TextEdit::singleline(text).desired_width(140.0)).labelled_by(l.id);
                    if parse_time(text).is_err() {
                        error_text(ui, TIME_FORMAT);
                    }
                }
            });
            ui.horizontal(|ui| {
                let l = ui.label("核查情况");
                ui.add(TextEdit::singleline(&mut row.observation).desired_width(560.0)).labelled_by(l.id);
            });
        });
    }
    if let Some(i) = remove {
        d.rows.remove(i);
    }
    if ui.button("添加一行").clicked() {
        d.add_row();
    }
    ui.add_space(theme::SECTION_GAP);
    ui.label(RichText::new("记录核查").strong());
    for (label, salt, check) in [
        ("通行流水核查", "dlg_check_tx", &mut d.transaction),
        ("车型轴数核查", "dlg_check_class", &mut d.vehicle_class),
        ("当事人员询问", "dlg_check_staff", &mut d.staff_interview),
    ] {
        ui.horizontal(|ui| {
            let l = field_label(ui, label);
            enum_combo(ui, salt, &mut check.outcome, CheckOutcome::ALL, 90.0).labelled_by(l.id);
            let n = ui.label("说明");
            // Named “通行流水核查 说明” etc.: the row's label and its own.
            ui.add(TextEdit::singleline(&mut check.note).desired_width(400.0)).labelled_by(l.id).labelled_by(n.id);
        });
    }
    choice_row(ui, "核查结论", &mut d.conclusion, "（未选择）", None);
    ui.horizontal(|ui| {
        field_label(ui, "责任认定");
        for r in Responsibility::ALL {
            let mut on = d.responsibility.contains(r);
            if ui.checkbox(&mut on, r.label()).changed() {
                if on {
                    d.responsibility.push(*r);
                } else {
                    d.responsibility.retain(|x| x != r);
                }
            }
        }
    });
    ui.add_space(theme::SECTION_GAP);
    ui.label(RichText::new("办理结果（草稿）").strong());
    text_area_row(ui, "调查情况", &mut d.investigation, 3, None);
    text_area_row(ui, "处理结果", &mut d.handling, 2, None);
    text_area_row(ui, "对责任人处理", &mut d.action_taken, 2, None);
    let msg = parse_time(&d.contacted_at).err();
    text_row(ui, "联系司乘时间", &mut d.contacted_at, 160.0, msg);
    text_area_row(ui, "向司乘解释", &mut d.explained, 2, None);
    text_area_row(ui, "司乘反应", &mut d.reaction, 2, None);
    ui.add_space(theme::ROW_GAP);
    let (checklist, result) = d.build();
    let mut missing = checklist.missing();
    missing.extend(result.missing());
    if missing.is_empty() {
        ui.label(RichText::new("已填写完整，保存后可提交结果。").color(theme::accent(ui.visuals().dark_mode)));
    } else {
        egui::CollapsingHeader::new(format!("提交前尚缺 {} 项（可先保存）", missing.len()))
            .id_salt("dlg_missing")
            .show(ui, |ui| {
                for m in &missing {
                    ui.label(RichText::new(m).weak());
                }
            });
    }
}

//! 工单详情: every field, the history as a timeline, live deadlines, and the actions the user may take.
//!
//! The action buttons come from the state machine's own table ([`lifecycle::rule`]) and its
//! check ([`lifecycle::authorize`]): what the user may do now is a button, what their role may
//! do in another state is a disabled button that says why, and the rest is not shown.

use egui::{Key, Modifiers, RichText, Ui};

use super::{Cmd, DetailData};
use crate::domain::checklist::CheckOutcome;
use crate::domain::deadline::Step;
use crate::domain::lifecycle::{self, ActionKind, revisit_progress};
use crate::domain::org::Actor;
use crate::domain::time::{BizTime, format_biz, format_due};
use crate::domain::work::{Complaint, ComplaintState, Grade, ItemKind};
use crate::ui::command::{Asked, Command};
use crate::ui::theme;
use crate::ui::view::View;
use crate::ui::widgets::action_dialog::{ActionDialog, Outcome};
use crate::ui::widgets::{error_text, warning_text};

/// The detail view of one complaint.
pub struct DetailScreen {
    /// The last form written from this view, to open in the system viewer.
    pub exported: Option<std::path::PathBuf>,
    /// The complaint shown (also while loading).
    pub number: String,
    data: Option<DetailData>,
    /// Loading failed.
    pub error: Option<String>,
    /// A refusal that arrived after its dialog was closed.
    refusal: Option<String>,
    dialog: Option<ActionDialog>,
    /// The version shown when the open dialog was opened.
    seen: Option<i64>,
    /// A reload after a stale step is awaited.
    stale: bool,
}

/// Whether and how an action's button shows.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Availability {
    Hidden,
    /// Shown disabled; the hover text says why.
    Disabled(String),
    Enabled,
}

/// Every action a button can start (registering and linking a call happen at intake).
fn button_kinds() -> impl Iterator<Item = ActionKind> {
    ActionKind::ALL.iter().copied().filter(|k| !matches!(k, ActionKind::Register | ActionKind::LinkedCall))
}

/// What `actor` may do with `kind` on `c`: the state machine's table and check, plus the
/// preconditions the domain would refuse on anyway (said here before the user types).
fn availability(kind: ActionKind, c: &Complaint, actor: &Actor, view: &View<'_>) -> Availability {
    use Availability::{Disabled, Enabled, Hidden};
    if !lifecycle::rule(kind).roles().iter().any(|r| actor.has(*r)) {
        return Hidden;
    }
    let pending_extension = c.extension.as_ref().is_some_and(|e| e.granted.is_none());
    // Pairs that toggle: only the one that applies shows.
    match kind {
        ActionKind::Pause if c.paused_since.is_some() => return Hidden,
        ActionKind::Resume if c.paused_since.is_none() => return Hidden,
        ActionKind::GrantExtension | ActionKind::RefuseExtension if !pending_extension => return Hidden,
        _ => {}
    }
    if let Err(e) = lifecycle::authorize(kind, c, actor, &view.data.context()) {
        // On a finished complaint a row of greyed-out buttons says nothing useful.
        return if c.state.is_open() { Disabled(e.to_string()) } else { Hidden };
    }
    let office_due = c.open_deadline(Step::OfficeHandling);
    match kind {
        ActionKind::Dispatch | ActionKind::Transfer if c.kind != ItemKind::Complaint => {
            Disabled(format!("{}只需登记，不转办", c.kind))
        }
        ActionKind::Close if c.state == ComplaintState::Registered && c.kind == ItemKind::Complaint => {
            Disabled("投诉须转办处理后方可办结；若为重复来电请合并，若投诉人撤回请撤诉".to_owned())
        }
        ActionKind::Reopen if c.kind != ItemKind::Complaint || c.office.is_none() => {
            Disabled("只有转办过的投诉可以重办".to_owned())
        }
        ActionKind::RequestExtension if pending_extension => Disabled("已有一份延期申请等待值班领导审批".to_owned()),
        ActionKind::RequestExtension => match office_due {
            None => Disabled("当前没有办理时限，无需延期".to_owned()),
            Some(d) if view.now >= d.due_at => {
                Disabled(format!("办理时限（{}）已过，不能再申请延期", format_due(d.due_at)))
            }
            Some(_) => Enabled,
        },
        _ => Enabled,
    }
}

fn section(ui: &mut Ui, title: &str) {
    ui.add_space(theme::SECTION_GAP);
    ui.label(RichText::new(title).strong().size(17.0));
    ui.separator();
}

fn or_dash(s: Option<&str>) -> String {
    match s.map(str::trim) {
        Some(t) if !t.is_empty() => t.to_owned(),
        _ => "—".to_owned(),
    }
}

fn time_or_dash(t: Option<BizTime>) -> String {
    t.map_or_else(|| "—".to_owned(), format_biz)
}

/// A two-column label/value grid; long values wrap within `value_width`.
fn grid(ui: &mut Ui, id: &str, value_width: f32, rows: &[(&str, String)]) {
    egui::Grid::new(id).num_columns(2).striped(true).min_col_width(theme::LABEL_WIDTH).max_col_width(value_width).show(
        ui,
        |ui| {
            for (label, value) in rows {
                ui.label(RichText::new(*label).weak());
                ui.add(egui::Label::new(value.as_str()).wrap());
                ui.end_row();
            }
        },
    );
}

impl DetailScreen {
    #[must_use]
    pub fn loading(number: &str) -> Self {
        Self {
            number: number.to_owned(),
            data: None,
            error: None,
            refusal: None,
            dialog: None,
            exported: None,
            seen: None,
            stale: false,
        }
    }

    /// The complaint arrived (or was reloaded after an action).
    pub fn loaded(&mut self, data: DetailData) {
        self.error = None;
        if self.stale {
            // Reloaded after a refused stale step: the open dialog now acts on what is shown.
            self.seen = Some(data.version);
            self.stale = false;
        }
        self.data = Some(data);
    }

    /// A step was refused because another desk changed the complaint; a reload is on its way.
    pub fn reload_stale(&mut self) {
        self.stale = true;
    }

    /// An action went through: its dialog closes.
    pub fn acted(&mut self) {
        self.refusal = None;
        self.dialog = None;
    }

    /// An action was refused: show why, in the dialog (or on the page if it was closed meanwhile).
    pub fn refused(&mut self, message: String) {
        match &mut self.dialog {
            Some(d) => d.refused(message),
            None => self.refusal = Some(message),
        }
    }

    pub fn show(&mut self, ui: &mut Ui, view: &View<'_>, cmds: &mut Asked<Cmd>) {
        // Esc goes back when no dialog (and no dropdown) is open; with a dialog it cancels the dialog.
        if self.dialog.is_none()
            && !egui::Popup::is_any_open(ui.ctx())
            && ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape))
        {
            cmds.ask(Command::ClosePage);
            return;
        }
        let mut open = None;
        ui.horizontal(|ui| {
            if ui.button("返回").on_hover_text("返回列表（Esc）").clicked() {
                cmds.ask(Command::ClosePage);
            }
            ui.heading(format!("工单 {}", self.number));
            if let Some(d) = &self.data {
                header_marks(ui, &d.complaint);
            }
        });
        if let Some(e) = &self.error {
            error_text(ui, e);
        }
        let Some(d) = &self.data else {
            if self.error.is_none() {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("正在载入…");
                });
            }
            return;
        };
        let c = &d.complaint;
        ui.add_space(theme::ROW_GAP);
        action_bar(ui, c, view, &mut open);
        export_bar(ui, &self.number, self.exported.as_deref(), cmds);
        if let Some(r) = &self.refusal {
            error_text(ui, r);
        }
        ui.separator();
        // One scroll position per complaint: another complaint opens at its top.
        let scroll = egui::ScrollArea::vertical().id_salt(("detail_scroll", &self.number));
        scroll.auto_shrink([false, false]).show(ui, |ui| {
            let width = ui.available_width();
            if width >= 900.0 {
                let left = (width * 0.56).floor();
                ui.horizontal_top(|ui| {
                    ui.vertical(|ui| {
                        ui.set_width(left);
                        complaint_sections(ui, c, view, left, cmds);
                    });
                    ui.separator();
                    ui.vertical(|ui| {
                        let right = ui.available_width();
                        ui.set_width(right);
                        work_sections(ui, d, view, right);
                    });
                });
            } else {
                complaint_sections(ui, c, view, width, cmds);
                work_sections(ui, d, view, width);
            }
        });
        if let Some(kind) = open {
            self.refusal = None;
            self.dialog = Some(ActionDialog::new(kind, c, view));
            // The step is decided on what is shown now: if another desk changes the complaint
            // before it is confirmed, it is refused with who changed it (even after a refresh).
            self.seen = Some(d.version);
        }
        if let Some(dialog) = &mut self.dialog {
            match dialog.show(ui, c, view) {
                Outcome::Open => {}
                Outcome::Cancel => self.dialog = None,
                Outcome::Confirm { action, head } => {
                    cmds.push(Cmd::Act { number: c.number.clone(), action: *action, head, seen: self.seen });
                }
            }
        }
    }
}

/// State, kind, grade and the pause marker beside the number.
fn header_marks(ui: &mut Ui, c: &Complaint) {
    let dark = ui.visuals().dark_mode;
    ui.label(RichText::new(c.state.label()).strong().size(17.0).color(theme::accent(dark)));
    ui.label(c.kind.label());
    if c.grade == Grade::Major {
        ui.label(RichText::new("重大投诉").strong().color(theme::error_colour(dark)));
    }
    if let Some(since) = c.paused_since {
        warning_text(ui, "暂停中").on_hover_text(format!("计时自 {} 起暂停", format_biz(since)));
    }
}

/// One button per action the user may take; disabled ones say why on hover.
fn action_bar(ui: &mut Ui, c: &Complaint, view: &View<'_>, open: &mut Option<ActionKind>) {
    let actor = &view.session.actor;
    let all: Vec<(ActionKind, Availability)> = button_kinds().map(|k| (k, availability(k, c, actor, view))).collect();
    let enabled: Vec<ActionKind> = all.iter().filter(|(_, a)| *a == Availability::Enabled).map(|(k, _)| *k).collect();
    ui.horizontal_wrapped(|ui| {
        if enabled.is_empty() {
            ui.label(RichText::new("您当前没有可办理的操作").weak());
        }
        for kind in &enabled {
            if ui.button(kind.label()).clicked() {
                *open = Some(*kind);
            }
        }
        let disabled: Vec<_> = all
            .iter()
            .filter_map(|(k, a)| match a {
                Availability::Disabled(why) => Some((*k, why)),
                _ => None,
            })
            .collect();
        if !disabled.is_empty() {
            ui.separator();
            for (kind, why) in disabled {
                ui.add_enabled(false, egui::Button::new(kind.label())).on_disabled_hover_text(why.as_str());
            }
        }
    });
}

/// The complaint itself: every field of the handling form, the video check, the result, signatures.
fn complaint_sections(ui: &mut Ui, c: &Complaint, view: &View<'_>, width: f32, cmds: &mut Asked<Cmd>) {
    let value_width = (width - theme::LABEL_WIDTH - 32.0).max(160.0);
    section(ui, "投诉信息");
    grid(ui, "detail_fields", value_width, &field_rows(c, view));
    duplicate_links(ui, c, cmds);
    if has_checklist(c) {
        section(ui, "录像核查清单");
        checklist(ui, c, value_width);
    }
    if let Some(r) = &c.result {
        section(ui, "办理结果");
        grid(
            ui,
            "detail_result",
            value_width,
            &[
                ("调查情况", or_dash(Some(&r.investigation))),
                ("处理结果", or_dash(Some(&r.handling))),
                ("对责任人处理", or_dash(Some(&r.action_taken))),
                ("联系司乘时间", time_or_dash(r.contacted_at)),
                ("向司乘解释", or_dash(Some(&r.explained))),
                ("司乘反应", or_dash(Some(&r.reaction))),
            ],
        );
    }
    section(ui, "签字");
    let sign = |s: &Option<crate::domain::org::Signature>| {
        s.as_ref().map_or_else(|| "—".to_owned(), |s| format!("{}  {}", s.name, format_biz(s.at)))
    };
    grid(
        ui,
        "detail_signatures",
        value_width,
        &[
            ("经办人", sign(&c.handler_signature)),
            ("管理所负责人", sign(&c.head_signature)),
            ("值班领导审核", sign(&c.approval)),
        ],
    );
}

fn field_rows(c: &Complaint, view: &View<'_>) -> Vec<(&'static str, String)> {
    let office = c.office.and_then(|id| view.data.units.iter().find(|u| u.id == id)).map(|u| u.name.clone());
    let station = c.station.and_then(|id| view.data.stations.iter().find(|s| s.id == id)).map(|s| s.name.clone());
    let plate = match (&c.plate, c.plate_colour) {
        (Some(p), Some(col)) => format!("{p}（{col}）"),
        (Some(p), None) => p.to_string(),
        _ => "—".to_owned(),
    };
    let location = match (&c.place, &c.kstake) {
        (None, None) => "—".to_owned(),
        (p, k) => [p.as_deref(), k.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" "),
    };
    let unit = match (office, station) {
        (None, None) => "—".to_owned(),
        (o, s) => {
            format!("{}{}", o.unwrap_or_else(|| "—".to_owned()), s.map(|s| format!("（{s}）")).unwrap_or_default())
        }
    };
    let mut rows = vec![
        ("来源", c.source.label().to_owned()),
        ("省中心工单号", or_dash(c.provincial_number.as_deref())),
        ("省中心转办时间", time_or_dash(c.forwarded_at)),
        ("受理时间", format_biz(c.accepted_at)),
        ("受理人", or_dash(Some(&c.accepted_by_name))),
        ("投诉人", or_dash(Some(&c.complainant))),
        ("联系电话", c.phone.to_string()),
        ("车牌", plate),
        ("车型", c.vehicle_class.map_or_else(|| "—".to_owned(), |v| v.label().to_owned())),
        ("通行时间", time_or_dash(c.passage_at)),
        ("入口站/出口站", format!("{} / {}", or_dash(c.entry_station.as_deref()), or_dash(c.exit_station.as_deref()))),
        ("地点", location),
        ("投诉类别", c.category.label().to_owned()),
        ("投诉等级", c.grade.label().to_owned()),
        ("投诉内容", or_dash(Some(&c.content))),
        ("诉求", or_dash(Some(&c.request))),
        ("被投诉单位", unit),
        ("催办次数", c.urge_count.to_string()),
        ("重办次数", c.reopen_count.to_string()),
        ("办理轮次", format!("第{}轮", c.round)),
    ];
    if let Some(r) = &c.return_reason {
        rows.push(("上次退回原因", r.clone()));
    }
    if let Some(e) = &c.extension {
        let state = match e.granted {
            None => "待审批".to_owned(),
            Some(granted) => {
                let word = if granted { "已同意" } else { "未同意" };
                e.decided_by.as_ref().map_or_else(|| word.to_owned(), |s| format!("{word}（{}）", s.name))
            }
        };
        rows.push(("延期申请", format!("{} 申请延期至 {}，{}：{}", e.by_name, format_due(e.until), state, e.reason)));
    }
    if let Some(k) = c.close_kind {
        let reason = c.close_reason.as_deref().map(|r| format!("：{r}")).unwrap_or_default();
        rows.push(("办结情况", format!("{k}  {}{reason}", time_or_dash(c.closed_at))));
    } else if let Some(at) = c.closed_at {
        rows.push(("结束时间", format_biz(at)));
    }
    rows
}

/// 已合并到 / 合并的重复来电, each number opening that complaint.
fn duplicate_links(ui: &mut Ui, c: &Complaint, cmds: &mut Asked<Cmd>) {
    if let Some(target) = &c.duplicate_of {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("已合并到").weak());
            if ui.link(target).clicked() {
                cmds.ask(Command::OpenDetail(target.clone()));
            }
        });
    }
    if !c.duplicates.is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("合并的重复来电").weak());
            for n in &c.duplicates {
                if ui.link(n).clicked() {
                    cmds.ask(Command::OpenDetail(n.clone()));
                }
            }
        });
    }
}

fn has_checklist(c: &Complaint) -> bool {
    let l = &c.checklist;
    !l.videos.is_empty()
        || l.conclusion.is_some()
        || [&l.transaction, &l.vehicle_class, &l.staff_interview].iter().any(|k| k.outcome != CheckOutcome::NotDone)
}

fn checklist(ui: &mut Ui, c: &Complaint, value_width: f32) {
    let l = &c.checklist;
    if l.videos.is_empty() {
        ui.label(RichText::new("尚未填写录像来源").weak());
    } else {
        egui::Grid::new("detail_videos").num_columns(5).striped(true).max_col_width(value_width * 0.5).show(ui, |ui| {
            for h in ["录像来源", "位置", "时段", "调取", "画面情况"] {
                ui.label(RichText::new(h).weak());
            }
            ui.end_row();
            for v in &l.videos {
                ui.label(v.source.label());
                ui.label(or_dash(Some(&v.location)));
                ui.label(format!("{} ~ {}", time_or_dash(v.from), time_or_dash(v.to)));
                ui.label(v.retrieval.label());
                ui.add(egui::Label::new(or_dash(Some(&v.observation))).wrap());
                ui.end_row();
            }
        });
    }
    ui.add_space(theme::ROW_GAP);
    let check = |k: &crate::domain::checklist::Check| {
        if k.note.trim().is_empty() { k.outcome.label().to_owned() } else { format!("{}：{}", k.outcome, k.note) }
    };
    let resp: Vec<&str> = l.responsibility.iter().map(|r| r.label()).collect();
    grid(
        ui,
        "detail_checks",
        value_width,
        &[
            ("通行流水", check(&l.transaction)),
            ("车型轴数", check(&l.vehicle_class)),
            ("人员询问", check(&l.staff_interview)),
            ("结论", l.conclusion.map_or_else(|| "—".to_owned(), |x| x.label().to_owned())),
            ("责任方", if resp.is_empty() { "—".to_owned() } else { resp.join("、") }),
        ],
    );
}

/// The work on it: deadlines, the history timeline, revisits, attachments.
fn work_sections(ui: &mut Ui, d: &DetailData, view: &View<'_>, width: f32) {
    let c = &d.complaint;
    section(ui, "时限");
    deadlines(ui, c, view);
    section(ui, "办理记录");
    timeline(ui, d, width);
    if !c.revisits.is_empty() {
        section(ui, "回访记录");
        revisits(ui, c, view, width);
    }
    section(ui, "附件");
    if d.attachments.is_empty() {
        ui.label(RichText::new("无附件").weak());
    }
    for a in &d.attachments {
        ui.horizontal_wrapped(|ui| {
            ui.label(&a.file_name);
            ui.label(RichText::new(format!("{} 字节  {}  {}", a.size, a.added_by, format_biz(a.added_at))).weak());
        });
    }
}

/// Each open deadline with its live countdown.
fn deadlines(ui: &mut Ui, c: &Complaint, view: &View<'_>) {
    let open: Vec<_> = c.deadlines.iter().filter(|d| d.met_at.is_none()).collect();
    if open.is_empty() {
        ui.label(RichText::new("无进行中的时限").weak());
        return;
    }
    egui::Grid::new("detail_deadlines").num_columns(3).show(ui, |ui| {
        for d in open {
            let st = d.status(view.now, view.data.rules.due_soon_share, c.paused_since);
            ui.label(d.step.label());
            ui.label(format!("截止 {}", format_due(d.due_at)));
            ui.horizontal(|ui| {
                theme::badge(ui, st.state, &format!("[{}] {}", st.state.label(), st.text()));
                if c.paused_since.is_some() {
                    warning_text(ui, "（计时暂停）");
                }
                if d.extended_to.is_some() {
                    ui.label(RichText::new("已延期").weak());
                }
                if d.outside_calendar {
                    ui.label(RichText::new("超出节假日表范围，按普通周末计算").weak().small());
                }
            });
            ui.end_row();
        }
    });
}

/// The history, oldest first: time, action, who, from → to, note.
fn timeline(ui: &mut Ui, d: &DetailData, width: f32) {
    if d.history.is_empty() {
        ui.label(RichText::new("暂无办理记录").weak());
        return;
    }
    let dot = theme::accent(ui.visuals().dark_mode);
    for (i, e) in d.history.iter().enumerate() {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("●").color(dot));
            ui.label(RichText::new(format_biz(e.at)).weak());
            ui.label(RichText::new(e.action.label()).strong());
            ui.label(&e.actor_name);
            ui.label(
                RichText::new(format!("{} → {}", e.from_state.map_or("—", |s| s.label()), e.to_state.label())).weak(),
            );
        });
        if !e.note.trim().is_empty() {
            ui.indent(("detail_history_note", i), |ui| {
                ui.set_max_width(width - 24.0);
                ui.add(egui::Label::new(e.note.as_str()).wrap());
            });
        }
    }
}

fn revisits(ui: &mut Ui, c: &Complaint, view: &View<'_>, width: f32) {
    let (count, next) = revisit_progress(c, &view.data.policy);
    if c.revisits.iter().any(|r| r.unreached.is_some()) {
        let next = next.map(|t| format!("，下次最早 {}", format_biz(t))).unwrap_or_default();
        ui.label(RichText::new(format!("本轮有效未接通 {count} 次{next}")).weak());
    }
    for r in &c.revisits {
        let what = match (r.unreached, r.satisfaction) {
            (Some(u), _) => format!("未接通：{u}"),
            (None, Some(s)) => {
                let words = if r.words.trim().is_empty() { String::new() } else { format!("  “{}”", r.words) };
                let reason =
                    if r.reason.trim().is_empty() { String::new() } else { format!("  原因：{}", r.reason) };
                format!("{s}{words}{reason}")
            }
            (None, None) => String::new(),
        };
        ui.horizontal_wrapped(|ui| {
            ui.set_max_width(width);
            ui.label(RichText::new(format_biz(r.at)).weak());
            ui.label(&r.by_name);
            ui.add(egui::Label::new(what).wrap());
        });
    }
}

/// 打印: write a form to PDF (the save dialog proposes the name), then open it to print.
fn export_bar(ui: &mut Ui, number: &str, exported: Option<&std::path::Path>, cmds: &mut Asked<Cmd>) {
    ui.horizontal(|ui| {
        ui.label("打印：");
        for form in crate::export::Form::ALL {
            if ui.button(format!("导出{}", form.label())).clicked() {
                cmds.push(Cmd::ExportForm { number: number.to_owned(), form: *form });
            }
        }
        if let Some(path) = exported {
            let name = path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            if ui.button(format!("打开 {name}")).on_hover_text("用系统的 PDF 阅读器打开，以便打印").clicked()
            {
                cmds.ask(Command::OpenFile(path.to_owned()));
            }
        }
    });
}

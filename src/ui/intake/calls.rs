//! 来电登记: consultations and help requests in a quick form, with the answer library for
//! consultations, the safety reminder for help requests, and the latest calls below.

use egui::{RichText, Ui};

use super::Cmd;
use crate::domain::intake::{CallInput, validate_call};
use crate::domain::org::{Unit, UnitKind};
use crate::domain::time::format_biz;
use crate::domain::work::{CallCategory, CallKind, CallRecord};
use crate::ui::answers;
use crate::ui::command::Asked;
use crate::ui::theme;
use crate::ui::view::{RegisterError, View};
use crate::ui::widgets::{FieldChecks, error_text, field_label, section, trimmed, wrapped_error};

/// What to tell a caller in trouble on the road, word for word.
pub const SAFETY_REMINDER: &str =
    "请提醒来电人：车辆靠边停放、开启双闪、在车后方150米处放置警示牌，人员撤离到护栏外等候";

/// The emergency numbers to call.
pub const EMERGENCY_NUMBERS: &str = "报警110、火警119、急救120、高速交警122";

/// Units a call can be passed to.
const RELATED: [UnitKind; 5] =
    [UnitKind::RoadAdmin, UnitKind::TrafficPolice, UnitKind::Rescue, UnitKind::ServiceArea, UnitKind::EtcIssuer];

fn related(units: &[Unit]) -> impl Iterator<Item = &Unit> {
    units.iter().filter(|u| RELATED.contains(&u.kind))
}

/// The call as typed.
#[derive(Debug, Clone, Default, PartialEq)]
struct CallForm {
    category: Option<CallCategory>,
    caller: String,
    phone: String,
    plate: String,
    place: String,
    kstake: String,
    content: String,
    reply: String,
    /// Name of the related unit the call was passed to.
    referred_to: Option<String>,
}

impl CallForm {
    fn is_help(&self) -> bool {
        self.category.is_some_and(|c| c.kind() == CallKind::Help)
    }

    /// What validation and the store take; plate and place only for help requests.
    fn input(&self) -> CallInput {
        let help = self.is_help();
        CallInput {
            category: self.category.map(|c| c.label().to_owned()),
            caller: trimmed(&self.caller),
            phone: trimmed(&self.phone),
            plate: trimmed(&self.plate).filter(|_| help),
            place: trimmed(&self.place).filter(|_| help),
            kstake: trimmed(&self.kstake).filter(|_| help),
            content: trimmed(&self.content),
            reply: trimmed(&self.reply),
            referred_to: self.referred_to.clone(),
            ..CallInput::default()
        }
    }
}

/// Whether the field labelled `field` is empty in `input`.
fn blank(input: &CallInput, field: &str) -> bool {
    let value = match field {
        "来电类别" => &input.category,
        "来电人" => &input.caller,
        "联系电话" => &input.phone,
        "车牌号码" => &input.plate,
        // A help request needs 地点 or 桩号; the message sits at 地点.
        "地点" => return input.place.is_none() && input.kstake.is_none(),
        "桩号" => &input.kstake,
        "来电内容" => &input.content,
        "答复内容" => &input.reply,
        "转交单位" => &input.referred_to,
        _ => return false,
    };
    value.is_none()
}

const NARROW: f32 = 200.0;
const WIDE: f32 = 300.0;

/// The call log.
#[derive(Default)]
pub struct CallsScreen {
    /// The latest calls.
    pub recent: Vec<CallRecord>,
    form: CallForm,
    checks: FieldChecks<CallInput>,
    /// The answer library's search text.
    query: String,
    requested: bool,
    saving: bool,
    error: Option<String>,
    saved: Option<String>,
}

impl CallsScreen {
    /// A call was saved: empty the form for the next one.
    pub fn registered(&mut self, call: &CallRecord) {
        self.form = CallForm::default();
        self.checks = FieldChecks::default();
        self.saving = false;
        self.error = None;
        self.saved = Some(format!("已保存，编号 {}。可以登记下一个来电。", call.number));
    }

    /// The store refused the call.
    pub fn refused(&mut self, e: RegisterError) {
        self.saving = false;
        self.checks.attempt();
        self.error = Some(match e {
            RegisterError::Fields(f) => f.iter().map(ToString::to_string).collect::<Vec<_>>().join("；"),
            RegisterError::Message(m) => m,
        });
    }

    pub fn show(&mut self, ui: &mut Ui, view: &View<'_>, cmds: &mut Asked<Cmd>) {
        if !self.requested {
            self.requested = true;
            cmds.push(Cmd::LoadCalls);
        }
        self.validate(view);
        egui::ScrollArea::vertical().auto_shrink([false; 2]).show(ui, |ui| {
            ui.heading("来电登记");
            ui.columns(2, |cols| {
                self.form_ui(&mut cols[0], view, cmds);
                if self.form.is_help() {
                    help_box(&mut cols[1], &view.data.units);
                } else {
                    self.library(&mut cols[1]);
                }
            });
            section(ui, "最近来电");
            recent_list(ui, &self.recent, &view.data.units);
        });
    }

    /// Validate the form if it changed; true when it did.
    fn validate(&mut self, view: &View<'_>) -> bool {
        let (actor, now, units) = (&view.session.actor, view.now, &view.data.units);
        self.checks.update(self.form.input(), |input| validate_call(input, actor, now, units).err().unwrap_or_default())
    }

    fn form_ui(&mut self, ui: &mut Ui, view: &View<'_>, cmds: &mut Asked<Cmd>) {
        ui.label(RichText::new("登记来电").strong().size(16.0));
        self.category_row(ui);
        self.checks.text_row(ui, "来电人", &mut self.form.caller, NARROW, "姓名或称呼");
        self.checks.text_row(ui, "联系电话", &mut self.form.phone, NARROW, "手机或固定电话");
        if self.form.is_help() {
            self.checks.text_row(ui, "车牌号码", &mut self.form.plate, NARROW, "如 鄂A12345");
            self.checks.text_row(ui, "地点", &mut self.form.place, WIDE, "道路、方向，如 汉宜高速往宜昌方向");
            self.checks.text_row(ui, "桩号", &mut self.form.kstake, NARROW, "如 K123+456");
        }
        self.checks.area_row(ui, "来电内容", &mut self.form.content, 3);
        self.checks.area_row(ui, "答复内容", &mut self.form.reply, 3);
        self.referral_row(ui, &view.data.units);
        if self.validate(view) {
            ui.ctx().request_repaint();
        }
        self.save_row(ui, cmds);
    }

    /// 来电类别, grouped into 咨询 and 求助: the kind decides the rest of the form.
    fn category_row(&mut self, ui: &mut Ui) {
        let message = self.checks.message("来电类别");
        let before = self.form.category;
        ui.horizontal(|ui| {
            let l = field_label(ui, "来电类别");
            let selected = self.form.category.map_or("请选择", CallCategory::label);
            // 咨询 and 求助 side by side, so every category shows without scrolling.
            egui::ComboBox::from_id_salt("来电类别")
                .width(180.0)
                .height(f32::INFINITY)
                .selected_text(selected)
                .show_ui(ui, |ui| {
                    ui.horizontal_top(|ui| {
                        for kind in CallKind::ALL {
                            ui.vertical(|ui| {
                                let colour = theme::accent(ui.visuals().dark_mode);
                                ui.label(RichText::new(kind.label()).strong().color(colour));
                                for c in CallCategory::ALL.iter().filter(|c| c.kind() == *kind) {
                                    ui.selectable_value(&mut self.form.category, Some(*c), c.label());
                                }
                            });
                        }
                    });
                })
                .response
                .labelled_by(l.id);
            if let Some(m) = &message {
                wrapped_error(ui, m);
            }
        });
        self.checks.touch("来电类别", self.form.category != before);
    }

    fn referral_row(&mut self, ui: &mut Ui, units: &[Unit]) {
        let message = self.checks.message("转交单位");
        let names: Vec<&str> = related(units).map(|u| u.name.as_str()).collect();
        let before = self.form.referred_to.clone();
        ui.horizontal(|ui| {
            let l = field_label(ui, "转交单位");
            let selected = self.form.referred_to.clone().unwrap_or_else(|| "不转交".to_owned());
            egui::ComboBox::from_id_salt("转交单位")
                .width(220.0)
                .selected_text(selected)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.form.referred_to, None, "不转交");
                    for name in names {
                        ui.selectable_value(&mut self.form.referred_to, Some(name.to_owned()), name);
                    }
                })
                .response
                .labelled_by(l.id);
            if let Some(m) = &message {
                error_text(ui, m);
            }
        });
        self.checks.touch("转交单位", self.form.referred_to != before);
    }

    fn save_row(&mut self, ui: &mut Ui, cmds: &mut Asked<Cmd>) {
        let input = self.form.input();
        let label = if self.saving {
            "正在保存……".to_owned()
        } else {
            self.checks.save_label("保存来电", |f| blank(&input, f))
        };
        ui.horizontal(|ui| {
            ui.add_space(theme::LABEL_WIDTH + 8.0);
            let r = ui
                .add_enabled(self.checks.valid() && !self.saving, egui::Button::new(label))
                .on_disabled_hover_text(self.checks.all_messages());
            if r.clicked() {
                self.saving = true;
                self.error = None;
                self.saved = None;
                cmds.push(Cmd::RegisterCall(input));
            }
        });
        if let Some(e) = &self.error {
            wrapped_error(ui, &format!("未能保存：{e}"));
        }
        if let Some(s) = &self.saved {
            ui.label(RichText::new(s).color(theme::accent(ui.visuals().dark_mode)));
        }
    }

    /// 答复库: search, read, insert into 答复内容.
    fn library(&mut self, ui: &mut Ui) {
        ui.label(RichText::new("答复库").strong().size(16.0));
        ui.horizontal(|ui| {
            let l = ui.label("搜索答复库");
            ui.add(
                egui::TextEdit::singleline(&mut self.query).hint_text("如：发票、绿色通道、雾天").desired_width(240.0),
            )
            .labelled_by(l.id);
        });
        let found = answers::search(&self.query);
        if found.is_empty() {
            ui.label("没有找到相关答复，可换个词再试。");
        }
        let mut insert = None;
        egui::ScrollArea::vertical().id_salt("answers").max_height(460.0).show(ui, |ui| {
            for (i, a) in found.iter().enumerate() {
                ui.push_id(i, |ui| {
                    ui.horizontal(|ui| {
                        ui.label(RichText::new(a.topic).small().color(theme::accent(ui.visuals().dark_mode)));
                        ui.label(RichText::new(a.question).strong());
                    });
                    ui.add(egui::Label::new(a.answer).wrap());
                    if ui.button("插入").on_hover_text("把这条答复加到答复内容的末尾").clicked() {
                        insert = Some(a.answer);
                    }
                    ui.separator();
                });
            }
        });
        if let Some(answer) = insert {
            answers::append(&mut self.form.reply, answer);
            self.checks.touch("答复内容", true);
        }
    }
}

/// The safety reminder and the numbers to call, for help requests.
fn help_box(ui: &mut Ui, units: &[Unit]) {
    let colour = theme::error_colour(ui.visuals().dark_mode);
    egui::Frame::new()
        .fill(colour.gamma_multiply(0.12))
        .stroke(egui::Stroke::new(2.0, colour))
        .corner_radius(6)
        .inner_margin(12)
        .show(ui, |ui| {
            ui.label(RichText::new("安全提醒").strong().size(18.0).color(colour));
            ui.add(egui::Label::new(RichText::new(SAFETY_REMINDER).strong().size(17.0)).wrap());
            ui.add_space(theme::ROW_GAP);
            ui.label(RichText::new("需要时请拨打").strong());
            ui.label(RichText::new(EMERGENCY_NUMBERS).size(16.0));
            for u in related(units) {
                if let Some(phone) = &u.phone {
                    ui.label(format!("{}（{}）：{phone}", u.name, u.kind));
                }
            }
            ui.add_space(theme::ROW_GAP);
            ui.label("处置后请在答复内容中记下已联系的单位，并在“转交单位”中选择。");
        });
}

/// At most `n` characters of `s`, with “…” when cut.
fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n { s.to_owned() } else { format!("{}…", s.chars().take(n).collect::<String>()) }
}

/// The latest calls, newest first.
fn recent_list(ui: &mut Ui, recent: &[CallRecord], units: &[Unit]) {
    if recent.is_empty() {
        ui.label("暂无来电记录。");
        return;
    }
    // Nine columns fit 1280 px; a narrower window scrolls sideways rather than cutting 处理 off.
    egui::ScrollArea::horizontal().id_salt("recent_calls_scroll").show(ui, |ui| recent_grid(ui, recent, units));
}

fn recent_grid(ui: &mut Ui, recent: &[CallRecord], units: &[Unit]) {
    egui::Grid::new("recent_calls").striped(true).num_columns(9).show(ui, |ui| {
        for h in ["编号", "时间", "类别", "姓名", "电话", "位置", "内容", "处理", "受理人"] {
            ui.label(RichText::new(h).strong());
        }
        ui.end_row();
        for c in recent {
            ui.label(RichText::new(&c.number).monospace());
            ui.label(format_biz(c.received_at));
            ui.label(format!("{}·{}", c.category.kind(), c.category));
            ui.label(&c.caller);
            ui.label(c.phone.as_str());
            let place = [c.place.as_deref(), c.kstake.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ");
            ui.label(short(&place, 10));
            ui.label(short(&c.content, 14)).on_hover_text(&c.content);
            let referred = c.referred_to.and_then(|id| units.iter().find(|u| u.id == id));
            let handling = match referred {
                Some(u) => format!("转{}；{}", u.name, c.reply),
                None => c.reply.clone(),
            };
            ui.label(short(&handling, 14)).on_hover_text(handling);
            ui.label(&c.received_by_name);
            ui.end_row();
        }
    });
}

//! 设置: the theme, who is logged in, their handwritten signature, the revisit policy (admin and
//! duty leader) and the deadline rules.
//! (Users, units and the calendar come in later issues.)

use egui::{RichText, Ui};

use super::{Cmd, SignatureInfo, SignatureOp};
use crate::domain::lifecycle::RevisitPolicy;
use crate::domain::org::{Role, roles_label};
use crate::domain::revisit::check_policy;
use crate::domain::validate::FieldError;
use crate::ui::command::{Asked, Command};
use crate::ui::theme::{self, ThemeChoice};
use crate::ui::view::View;
use crate::ui::widgets::{error_text, field_label, text_row};

/// The largest the signature preview is drawn.
const PREVIEW_SIZE: egui::Vec2 = egui::vec2(320.0, 120.0);

/// The signature on file, as far as the page knows.
#[derive(Default)]
enum OnFile {
    #[default]
    Unknown,
    None,
    Some(SignatureInfo),
}

/// The revisit policy as typed (numbers stay text until they parse).
#[derive(Debug, Clone, PartialEq, Eq)]
struct PolicyDraft {
    attempts: String,
    interval: String,
    five_level: bool,
    percent: String,
}

impl PolicyDraft {
    fn of(p: &RevisitPolicy) -> Self {
        Self {
            attempts: p.min_attempts.to_string(),
            interval: p.min_interval_mins.to_string(),
            five_level: p.five_level,
            percent: p.consult_sample_percent.to_string(),
        }
    }

    /// The policy, or the message of each field that does not read (by field label).
    fn parse(&self) -> Result<RevisitPolicy, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut number = |field: &str, text: &str| {
            text.trim().parse::<u32>().unwrap_or_else(|_| {
                let msg = if text.trim().starts_with('-') { "不能为负数" } else { "请填写整数" };
                errors.push(FieldError::new(field, msg));
                0
            })
        };
        let policy = RevisitPolicy {
            min_attempts: number(ATTEMPTS, &self.attempts),
            min_interval_mins: number(INTERVAL, &self.interval),
            five_level: self.five_level,
            consult_sample_percent: number(PERCENT, &self.percent),
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        check_policy(&policy).map(|()| policy)
    }
}

const ATTEMPTS: &str = "回访未果最少次数";
const INTERVAL: &str = "每次间隔分钟";
const PERCENT: &str = "咨询抽样回访比例";

/// The settings page.
#[derive(Default)]
pub struct SettingsScreen {
    /// The revisit policy being edited (from the current one until saved).
    policy: Option<PolicyDraft>,
    policy_saving: bool,
    policy_error: Option<String>,
    policy_message: Option<String>,
    signature: OnFile,
    /// The file dialog is open.
    picking: bool,
    /// A signature job is running.
    busy: bool,
    /// The last refusal (red) or confirmation, in Chinese.
    error: Option<String>,
    message: Option<String>,
}

impl SettingsScreen {
    /// The revisit policy was saved: the form shows it as stored.
    pub fn policy_saved(&mut self, policy: &RevisitPolicy) {
        self.policy = Some(PolicyDraft::of(policy));
        self.policy_saving = false;
        self.policy_error = None;
        self.policy_message = Some("回访规则已保存，新的回访按此执行".to_owned());
    }

    /// The store refused the revisit policy.
    pub fn policy_refused(&mut self, message: String) {
        self.policy_saving = false;
        self.policy_error = Some(message);
        self.policy_message = None;
    }

    /// 回访规则: editable by the admin and the duty leader, shown to everyone else.
    fn policy_section(&mut self, ui: &mut Ui, view: &View<'_>, cmds: &mut Asked<Cmd>) {
        ui.label(RichText::new("回访规则").strong().size(17.0));
        let current = &view.data.policy;
        let actor = &view.session.actor;
        if !actor.has(Role::Admin) && !actor.has(Role::DutyLeader) {
            ui.label(format!(
                "回访未果须至少联系 {} 次，每次间隔不少于 {} 分钟；{}评价；咨询来电抽样回访 {}%。（由管理员或值班领导设置）",
                current.min_attempts,
                current.min_interval_mins,
                if current.five_level { "五级" } else { "三级" },
                current.consult_sample_percent
            ));
            return;
        }
        let draft = self.policy.get_or_insert_with(|| PolicyDraft::of(current));
        let errors = draft.parse().err().unwrap_or_default();
        let message = |field: &str| errors.iter().find(|e| e.field == field).map(|e| e.message.clone());
        text_row(ui, ATTEMPTS, &mut draft.attempts, 80.0, message(ATTEMPTS).as_deref());
        text_row(ui, INTERVAL, &mut draft.interval, 80.0, message(INTERVAL).as_deref());
        ui.horizontal(|ui| {
            field_label(ui, "满意度评价");
            ui.radio_value(&mut draft.five_level, false, "三级（满意/基本满意/不满意）");
            ui.radio_value(&mut draft.five_level, true, "五级（非常满意…非常不满意）");
        });
        text_row(ui, PERCENT, &mut draft.percent, 80.0, message(PERCENT).as_deref());
        ui.label(RichText::new("百分比，0–100；求助来电全部回访").weak().small());
        let parsed = draft.parse();
        let changed = parsed.as_ref().is_ok_and(|p| p != current);
        ui.horizontal(|ui| {
            ui.add_space(theme::LABEL_WIDTH + 8.0);
            let r = ui.add_enabled(parsed.is_ok() && changed && !self.policy_saving, egui::Button::new("保存回访规则"));
            if r.clicked()
                && let Ok(p) = parsed
            {
                self.policy_saving = true;
                self.policy_error = None;
                self.policy_message = None;
                cmds.push(Cmd::SaveRevisitPolicy(p));
            }
            if self.policy_saving {
                ui.spinner();
            }
        });
        if let Some(e) = &self.policy_error {
            error_text(ui, e);
        }
        if let Some(m) = &self.policy_message {
            ui.label(RichText::new(m).color(theme::accent(ui.visuals().dark_mode)));
        }
    }

    /// A signature job was sent.
    pub fn signature_pending(&mut self) {
        self.busy = true;
        self.error = None;
        self.message = None;
    }

    /// The file dialog opened (`true`) or closed (`false`, with `None` when nothing was chosen).
    pub fn picking(&mut self, open: bool, message: Option<String>) {
        self.picking = open;
        if open {
            self.error = None;
            self.message = None;
        }
        if let Some(m) = message {
            self.message = Some(m);
        }
    }

    /// A signature job finished.
    pub fn signature_done(&mut self, op: SignatureOp, result: Result<Option<SignatureInfo>, String>) {
        self.busy = false;
        match result {
            Ok(info) => {
                self.signature = info.map_or(OnFile::None, OnFile::Some);
                self.message = match op {
                    SignatureOp::Load => None,
                    SignatureOp::Upload => Some("签名已保存".to_owned()),
                    SignatureOp::Remove => Some("签名已删除".to_owned()),
                };
            }
            Err(e) => self.error = Some(e),
        }
    }

    pub fn show(&mut self, ui: &mut Ui, view: &View<'_>, cmds: &mut Asked<Cmd>) {
        ui.heading("设置");
        egui::ScrollArea::vertical().id_salt("settings_scroll").auto_shrink([false, false]).show(ui, |ui| {
            ui.add_space(theme::SECTION_GAP);
            ui.horizontal(|ui| {
                ui.label("界面主题");
                let dark = ui.visuals().dark_mode;
                if ui.selectable_label(!dark, "浅色").clicked() {
                    cmds.ask(Command::SetTheme(ThemeChoice::Light));
                }
                if ui.selectable_label(dark, "深色").clicked() {
                    cmds.ask(Command::SetTheme(ThemeChoice::Dark));
                }
            });
            ui.add_space(theme::SECTION_GAP);
            ui.label(format!("当前用户：{}（{}）", view.session.actor.name, view.session.login));
            ui.label(format!("角色：{}", roles_label(&view.session.actor.roles)));
            ui.label(format!("单位：{}", view.session.unit_name));
            ui.add_space(theme::SECTION_GAP);
            self.signature_section(ui, cmds);
            ui.add_space(theme::SECTION_GAP);
            self.policy_section(ui, view, cmds);
            ui.add_space(theme::SECTION_GAP);
            ui.label("时限规则（可用 roaddesk rules 修改）：");
            for r in &view.data.rules.rules {
                ui.label(format!("  {}（{}）：{} {}", r.step.label(), r.grade.label(), r.amount, r.unit.label()));
            }
        });
    }

    /// 我的签名: upload a PNG of the handwritten signature, see it, remove it.
    fn signature_section(&mut self, ui: &mut Ui, cmds: &mut Asked<Cmd>) {
        ui.label(RichText::new("我的签名").strong().size(17.0));
        ui.label(
            RichText::new("上传手写签名的 PNG 图片（小于 1 MB，白底或透明底），打印处理单、反馈单时印在签字处。")
                .weak(),
        );
        match &self.signature {
            OnFile::Unknown => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("正在读取签名…");
                });
            }
            OnFile::None => {
                ui.label("尚未上传签名");
            }
            OnFile::Some(info) => {
                let kb = info.png.len().div_ceil(1024);
                let pixels = info.size.map(|(w, h)| format!("，{w}×{h} 像素")).unwrap_or_default();
                ui.label(format!("已上传（{kb} KB{pixels}）"));
                if info.size.is_some() {
                    let image = egui::Image::from_bytes(info.uri.clone(), egui::load::Bytes::Shared(info.png.clone()))
                        .max_size(PREVIEW_SIZE)
                        .alt_text("我的签名预览");
                    egui::Frame::group(ui.style()).fill(egui::Color32::WHITE).show(ui, |ui| {
                        ui.add(image);
                    });
                }
            }
        }
        let idle = !self.picking && !self.busy;
        ui.horizontal(|ui| {
            let has = matches!(self.signature, OnFile::Some(_));
            let upload = if has { "更换签名…" } else { "上传签名…" };
            if ui.add_enabled(idle, egui::Button::new(upload)).clicked() {
                cmds.push(Cmd::PickSignature);
            }
            if has && ui.add_enabled(idle, egui::Button::new("删除签名")).clicked() {
                cmds.push(Cmd::RemoveSignature);
            }
            if self.picking {
                ui.spinner();
                ui.label("请在文件对话框中选择 PNG 图片…");
            } else if self.busy {
                ui.spinner();
            }
        });
        if let Some(e) = &self.error {
            error_text(ui, e);
        }
        if let Some(m) = &self.message {
            ui.label(RichText::new(m).color(theme::accent(ui.visuals().dark_mode)));
        }
    }
}

//! 设置: the theme, who is logged in, their handwritten signature, and the deadline rules.
//! (Users, units and the calendar come in later issues.)

use egui::{RichText, Ui};

use crate::domain::org::roles_label;
use crate::ui::app::View;
use crate::ui::theme::ThemeChoice;
use crate::ui::widgets::error_text;
use crate::ui::{Command, SignatureInfo, theme};

/// The largest the signature preview is drawn.
const PREVIEW_SIZE: egui::Vec2 = egui::vec2(320.0, 120.0);

/// What a signature job did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureOp {
    Load,
    Upload,
    Remove,
}

/// The signature on file, as far as the page knows.
#[derive(Default)]
enum OnFile {
    #[default]
    Unknown,
    None,
    Some(SignatureInfo),
}

/// The settings page.
#[derive(Default)]
pub struct SettingsScreen {
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

    pub fn show(&mut self, ui: &mut Ui, view: &View<'_>, cmds: &mut Vec<Command>) {
        ui.heading("设置");
        egui::ScrollArea::vertical().id_salt("settings_scroll").auto_shrink([false, false]).show(ui, |ui| {
            ui.add_space(theme::SECTION_GAP);
            ui.horizontal(|ui| {
                ui.label("界面主题");
                let dark = ui.visuals().dark_mode;
                if ui.selectable_label(!dark, "浅色").clicked() {
                    cmds.push(Command::SetTheme(ThemeChoice::Light));
                }
                if ui.selectable_label(dark, "深色").clicked() {
                    cmds.push(Command::SetTheme(ThemeChoice::Dark));
                }
            });
            ui.add_space(theme::SECTION_GAP);
            ui.label(format!("当前用户：{}（{}）", view.session.actor.name, view.session.login));
            ui.label(format!("角色：{}", roles_label(&view.session.actor.roles)));
            ui.label(format!("单位：{}", view.session.unit_name));
            ui.add_space(theme::SECTION_GAP);
            self.signature_section(ui, cmds);
            ui.add_space(theme::SECTION_GAP);
            ui.label("时限规则（可用 roaddesk rules 修改）：");
            for r in &view.data.rules.rules {
                ui.label(format!("  {}（{}）：{} {}", r.step.label(), r.grade.label(), r.amount, r.unit.label()));
            }
        });
    }

    /// 我的签名: upload a PNG of the handwritten signature, see it, remove it.
    fn signature_section(&mut self, ui: &mut Ui, cmds: &mut Vec<Command>) {
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
                cmds.push(Command::PickSignature);
            }
            if has && ui.add_enabled(idle, egui::Button::new("删除签名")).clicked() {
                cmds.push(Command::RemoveSignature);
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

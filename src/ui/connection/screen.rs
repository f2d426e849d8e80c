//! 连接设置: this desk's database file, or a `PostgreSQL` server shared by several desks. Reached
//! from the login screen (and shown by itself when the remembered server cannot be reached).

use egui::{RichText, Ui};

use super::Cmd;
use super::setting::ServerForm;
use crate::domain::validate::FieldError;
use crate::ui::theme;
use crate::ui::widgets::{error_text, field_label, text_row};

/// The connection settings form.
pub struct ConnectionScreen {
    /// Where the window works now (shown at the top).
    current: String,
    server: bool,
    form: ServerForm,
    errors: Vec<FieldError>,
    /// The outcome of the last test or connection attempt: (succeeded, sentence).
    outcome: Option<(bool, String)>,
}

impl ConnectionScreen {
    /// The form as remembered: `form` is `Some` when the window works on a server.
    #[must_use]
    pub fn new(current: String, server: bool, form: ServerForm) -> Self {
        Self { current, server, form, errors: Vec::new(), outcome: None }
    }

    /// A test or a connection attempt came back.
    pub fn outcome(&mut self, ok: bool, message: String) {
        self.outcome = Some((ok, message));
    }

    /// The form was refused field by field.
    pub fn refused(&mut self, errors: Vec<FieldError>) {
        self.errors = errors;
        self.outcome = None;
    }

    pub fn show(&mut self, ui: &mut Ui, busy: bool, cmds: &mut Vec<Cmd>) {
        ui.add_space(theme::SECTION_GAP * 2.0);
        let width = 640.0;
        let indent = ((ui.available_width() - width) / 2.0).max(0.0);
        ui.horizontal(|ui| {
            ui.add_space(indent);
            ui.vertical(|ui| {
                ui.set_width(width);
                ui.heading(RichText::new("连接设置").size(24.0));
                ui.label(RichText::new(format!("当前{}", self.current)).weak());
                ui.add_space(theme::SECTION_GAP);
                ui.radio_value(&mut self.server, false, "本机数据库文件（单机使用）");
                ui.radio_value(&mut self.server, true, "数据库服务器（多个席位共用，PostgreSQL）");
                ui.add_space(theme::ROW_GAP);
                if self.server {
                    let w = 260.0;
                    let errors = std::mem::take(&mut self.errors);
                    let error = |field: &str| errors.iter().find(|e| e.field == field).map(|e| e.message.as_str());
                    text_row(ui, "服务器地址", &mut self.form.host, w, error("服务器地址"));
                    text_row(ui, "端口", &mut self.form.port, 80.0, error("端口"));
                    text_row(ui, "数据库名", &mut self.form.database, w, error("数据库名"));
                    text_row(ui, "用户名", &mut self.form.user, w, error("用户名"));
                    ui.horizontal(|ui| {
                        let l = field_label(ui, "密码");
                        ui.add(egui::TextEdit::singleline(&mut self.form.password).password(true).desired_width(w))
                            .labelled_by(l.id);
                    });
                    ui.horizontal(|ui| {
                        ui.add_space(theme::LABEL_WIDTH + 8.0);
                        ui.checkbox(&mut self.form.remember, "在系统凭据库中记住密码（不写入任何文件）");
                    });
                    self.errors = errors;
                }
                ui.add_space(theme::ROW_GAP);
                ui.horizontal(|ui| {
                    ui.add_space(theme::LABEL_WIDTH + 8.0);
                    if self.server && ui.add_enabled(!busy, egui::Button::new("测试连接")).clicked() {
                        self.outcome = None;
                        cmds.push(Cmd::Test(self.form.clone()));
                    }
                    if ui.add_enabled(!busy, egui::Button::new("保存并连接")).clicked() {
                        self.outcome = None;
                        self.errors.clear();
                        cmds.push(Cmd::Connect(self.server.then(|| self.form.clone())));
                    }
                    if ui.add_enabled(!busy, egui::Button::new("返回")).clicked() {
                        cmds.push(Cmd::Close);
                    }
                    if busy {
                        ui.spinner();
                        ui.label("正在连接……");
                    }
                });
                if let Some((ok, message)) = &self.outcome {
                    ui.horizontal(|ui| {
                        ui.add_space(theme::LABEL_WIDTH + 8.0);
                        if *ok {
                            ui.label(RichText::new(message).color(theme::accent(ui.visuals().dark_mode)));
                        } else {
                            error_text(ui, message);
                        }
                    });
                }
            });
        });
    }
}

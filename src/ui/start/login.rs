//! 登录: user and password. A wrong password says so and nothing else.

use egui::{RichText, Ui};

use super::Cmd;
use crate::ui::theme;
use crate::ui::widgets::{error_text, field_label};

/// The login form.
#[derive(Default)]
pub struct LoginScreen {
    login: String,
    password: String,
    error: Option<String>,
    focus_password: bool,
}

impl LoginScreen {
    /// A login form, with the last user's login filled in.
    #[must_use]
    pub fn new(last_login: &str) -> Self {
        Self { login: last_login.to_owned(), focus_password: !last_login.is_empty(), ..Self::default() }
    }

    /// The store refused the login.
    pub fn failed(&mut self, message: String) {
        self.error = Some(message);
        self.password.clear();
        self.focus_password = true;
    }

    pub fn show(&mut self, ui: &mut Ui, busy: bool, cmds: &mut Vec<Cmd>) {
        ui.add_space(ui.available_height() * 0.2);
        ui.vertical_centered(|ui| {
            ui.heading(RichText::new("路段客服台").size(30.0));
            ui.label("高速公路路段中心投诉处理");
            ui.add_space(theme::SECTION_GAP * 2.0);
        });
        let width = 360.0;
        let indent = ((ui.available_width() - width) / 2.0).max(0.0);
        ui.horizontal(|ui| {
            ui.add_space(indent);
            ui.vertical(|ui| {
                ui.set_width(width);
                let mut submit = false;
                ui.horizontal(|ui| {
                    let l = field_label(ui, "用户名");
                    let r = ui.add(egui::TextEdit::singleline(&mut self.login).desired_width(220.0)).labelled_by(l.id);
                    submit |= r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                });
                ui.horizontal(|ui| {
                    let l = field_label(ui, "密码");
                    let r = ui
                        .add(egui::TextEdit::singleline(&mut self.password).password(true).desired_width(220.0))
                        .labelled_by(l.id);
                    if self.focus_password {
                        r.request_focus();
                        self.focus_password = false;
                    }
                    submit |= r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                });
                ui.add_space(theme::ROW_GAP);
                ui.horizontal(|ui| {
                    ui.add_space(theme::LABEL_WIDTH + 8.0);
                    let ready = !self.login.trim().is_empty() && !self.password.is_empty() && !busy;
                    submit |= ui.add_enabled(ready, egui::Button::new("登录")).clicked();
                    if busy {
                        ui.spinner();
                    }
                    if submit && ready {
                        self.error = None;
                        cmds.push(Cmd::Login { login: self.login.trim().to_owned(), password: self.password.clone() });
                    }
                });
                if let Some(e) = &self.error {
                    ui.horizontal(|ui| {
                        ui.add_space(theme::LABEL_WIDTH + 8.0);
                        error_text(ui, e);
                    });
                }
                ui.add_space(theme::SECTION_GAP);
                ui.horizontal(|ui| {
                    ui.add_space(theme::LABEL_WIDTH + 8.0);
                    if ui.add_enabled(!busy, egui::Button::new("连接设置…")).clicked() {
                        cmds.push(Cmd::OpenConnection);
                    }
                });
            });
        });
    }
}

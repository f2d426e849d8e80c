//! 首次使用: on an empty database, set up the center or load the demo data.

use egui::{RichText, Ui};

use super::{Cmd, SetupInput};
use crate::ui::theme;
use crate::ui::widgets::{error_text, field_label, text_row};

/// The first-run screen.
pub struct FirstRunScreen {
    center: String,
    /// One office per line: `汉川管理所：汉川收费站、马口收费站`.
    offices: String,
    admin_login: String,
    admin_name: String,
    password: String,
    password_again: String,
    demo_size: usize,
    /// The store refused the set-up.
    pub error: Option<String>,
}

impl Default for FirstRunScreen {
    fn default() -> Self {
        Self {
            center: String::new(),
            offices: String::new(),
            admin_login: "admin".into(),
            admin_name: String::new(),
            password: String::new(),
            password_again: String::new(),
            demo_size: 2000,
            error: None,
        }
    }
}

/// Parse the offices text: one office per line, stations after `：` or `:` separated by `、`/`,`.
#[must_use]
pub fn parse_offices(text: &str) -> Vec<(String, Vec<String>)> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let (office, stations) = line.split_once(['：', ':']).unwrap_or((line, ""));
            let stations = stations
                .split(['、', ',', '，', ' '])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            (office.trim().to_owned(), stations)
        })
        .collect()
}

impl FirstRunScreen {
    fn missing(&self) -> Vec<&'static str> {
        let mut m = Vec::new();
        if self.center.trim().is_empty() {
            m.push("路段中心名称");
        }
        if parse_offices(&self.offices).is_empty() {
            m.push("至少一个管理所");
        }
        if self.admin_login.trim().is_empty() {
            m.push("管理员登录名");
        }
        if self.admin_name.trim().is_empty() {
            m.push("管理员姓名");
        }
        if self.password.chars().count() < 6 {
            m.push("至少6位的密码");
        } else if self.password != self.password_again {
            m.push("两次输入相同的密码");
        }
        m
    }

    pub fn show(&mut self, ui: &mut Ui, busy: bool, cmds: &mut Vec<Cmd>) {
        ui.heading("欢迎使用路段客服台");
        ui.horizontal(|ui| {
            ui.label("这是一个新的数据库。请设置本路段中心，或者先装入演示数据看看。");
            ui.label("中心已有数据库服务器时：");
            if ui.add_enabled(!busy, egui::Button::new("连接设置…")).clicked() {
                cmds.push(Cmd::OpenConnection);
            }
        });
        ui.add_space(theme::SECTION_GAP);
        ui.columns(2, |cols| {
            let ui = &mut cols[0];
            ui.label(RichText::new("设置路段中心").strong().size(17.0));
            text_row(ui, "中心名称", &mut self.center, 260.0, None);
            ui.horizontal_top(|ui| {
                let l = field_label(ui, "管理所");
                ui.vertical(|ui| {
                    ui.add(
                        egui::TextEdit::multiline(&mut self.offices)
                            .desired_rows(4)
                            .desired_width(300.0)
                            .hint_text("每行一个管理所，冒号后列出收费站：\n汉川管理所：汉川收费站、马口收费站"),
                    )
                    .labelled_by(l.id);
                });
            });
            text_row(ui, "管理员登录名", &mut self.admin_login, 160.0, None);
            text_row(ui, "管理员姓名", &mut self.admin_name, 160.0, None);
            ui.horizontal(|ui| {
                let l = field_label(ui, "密码");
                ui.add(egui::TextEdit::singleline(&mut self.password).password(true).desired_width(160.0))
                    .labelled_by(l.id);
            });
            ui.horizontal(|ui| {
                let l = field_label(ui, "再次输入密码");
                ui.add(egui::TextEdit::singleline(&mut self.password_again).password(true).desired_width(160.0))
                    .labelled_by(l.id);
            });
            let missing = self.missing();
            ui.horizontal(|ui| {
                ui.add_space(theme::LABEL_WIDTH + 8.0);
                let label = if missing.is_empty() {
                    "完成设置".to_owned()
                } else {
                    format!("还需填写：{}", missing.join("、"))
                };
                if ui.add_enabled(missing.is_empty() && !busy, egui::Button::new(label)).clicked() {
                    cmds.push(Cmd::Setup(SetupInput {
                        center: self.center.trim().to_owned(),
                        offices: parse_offices(&self.offices),
                        admin_login: self.admin_login.trim().to_owned(),
                        admin_name: self.admin_name.trim().to_owned(),
                        admin_password: self.password.clone(),
                    }));
                }
            });
            if let Some(e) = &self.error {
                error_text(ui, e);
            }

            let ui = &mut cols[1];
            ui.label(RichText::new("装入演示数据").strong().size(17.0));
            ui.label("一个路段中心、四个管理所和各自的收费站，各角色的演示账号，以及过去一年的投诉。");
            ui.horizontal(|ui| {
                let l = ui.label("投诉数量");
                ui.add(egui::DragValue::new(&mut self.demo_size).range(100..=200_000).speed(100)).labelled_by(l.id);
            });
            if ui.add_enabled(!busy, egui::Button::new("装入演示数据")).clicked() {
                cmds.push(Cmd::LoadDemo { complaints: self.demo_size });
            }
            if busy {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("正在准备，请稍候……");
                });
            }
            ui.add_space(theme::SECTION_GAP);
            ui.label("演示账号（密码 demo123，管理员 admin / admin123）：");
            for (login, who) in [
                ("zhiban1", "值班员"),
                ("lingdao", "值班领导"),
                ("hc_jb", "汉川管理所经办人"),
                ("hc_fz", "汉川管理所负责人"),
            ] {
                ui.label(format!("  {login}  {who}"));
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::parse_offices;

    #[test]
    fn offices_are_read_one_per_line_with_their_stations() {
        let o = parse_offices("汉川管理所：汉川收费站、马口收费站\n\n仙桃管理所\n潜江管理所:潜江收费站,  熊口收费站");
        assert_eq!(o.len(), 3);
        assert_eq!(o[0], ("汉川管理所".into(), vec!["汉川收费站".into(), "马口收费站".into()]));
        assert!(o[1].1.is_empty());
        assert_eq!(o[2].1, ["潜江收费站", "熊口收费站"]);
    }
}

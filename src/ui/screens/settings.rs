//! 设置: the theme and who is logged in. (Users, units and the calendar come in later issues.)

use egui::Ui;

use crate::domain::org::roles_label;
use crate::ui::app::View;
use crate::ui::theme::ThemeChoice;
use crate::ui::{Command, theme};

/// The settings page.
#[derive(Default)]
pub struct SettingsScreen;

impl SettingsScreen {
    pub fn show(&mut self, ui: &mut Ui, view: &View<'_>, cmds: &mut Vec<Command>) {
        ui.heading("设置");
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
        ui.label("时限规则（可用 roaddesk rules 修改）：");
        for r in &view.data.rules.rules {
            ui.label(format!("  {}（{}）：{} {}", r.step.label(), r.grade.label(), r.amount, r.unit.label()));
        }
    }
}

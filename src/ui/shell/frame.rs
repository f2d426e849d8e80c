//! The window's frame around the pages: the top bar (who is logged in, the clock, 新建投诉,
//! 退出登录), the navigation, the status bar (the database, the counts, the last notice, what
//! runs in the background) and the banner while the server is out of reach. Drawing only: what
//! a click asks for is pushed as a [`Command`].

use egui::{RichText, Ui};

use crate::domain::org::roles_label;
use crate::domain::time::{BizTime, format_biz};
use crate::store::Target;
use crate::ui::command::Command;
use crate::ui::tasks::Tasks;
use crate::ui::theme;
use crate::ui::view::{Nav, Session, StatusInfo};
use crate::ui::widgets::warning_text;

/// Top bar: the user, their roles and unit, 退出登录, the clock, 新建投诉; the banner below it
/// while the connection to the server is lost (`lost`: attempts made to reach it again).
pub fn top_bar(ui: &mut Ui, session: &Session, now: BizTime, lost: Option<u32>, cmds: &mut Vec<Command>) {
    egui::Panel::top("top").show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.heading("路段客服台");
            ui.separator();
            ui.label(RichText::new(&session.actor.name).strong());
            ui.label(roles_label(&session.actor.roles));
            ui.label(&session.unit_name);
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button("退出登录").clicked() {
                    cmds.push(Command::Logout);
                }
                ui.label(format_biz(now));
                if session.can_register() && ui.button("新建投诉 (Ctrl+N)").clicked() {
                    cmds.push(Command::NewComplaint);
                }
            });
        });
        if let Some(attempts) = lost {
            connection_banner(ui, attempts);
        }
    });
}

/// The server cannot be reached: say so above every screen, and that nothing typed is lost.
fn connection_banner(ui: &mut Ui, attempts: u32) {
    ui.horizontal(|ui| {
        ui.spinner();
        let tried = if attempts == 0 { String::new() } else { format!("（已重试 {attempts} 次）") };
        warning_text(
            ui,
            &format!(
                "与数据库服务器的连接已中断，正在自动重连{tried}…… 已填写的内容都保留在窗口中，连接恢复后会自动继续。"
            ),
        );
    });
}

/// What the status bar shows.
pub struct Status<'a> {
    pub target: &'a Target,
    pub counts: &'a StatusInfo,
    pub notices: &'a [String],
    /// A store job the user waits for is running.
    pub spinning: bool,
    pub tasks: &'a Tasks,
}

/// Status bar: the database, the counts, the last notice, the background tasks, a spinner.
pub fn status_bar(ui: &mut Ui, s: &Status<'_>) {
    egui::Panel::bottom("status").show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.label(s.target.describe());
            ui.separator();
            let c = s.counts;
            let whose = if c.office { "本所工单" } else { "工单" };
            ui.label(format!("{whose} {} 条，办理中 {} 条，超期 {} 条", c.total, c.open, c.overdue));
            if let Some(last) = s.notices.last() {
                ui.separator();
                ui.label(RichText::new(last).color(theme::accent(ui.visuals().dark_mode)));
            }
            for (what, progress) in s.tasks.listing() {
                ui.separator();
                ui.spinner();
                let (done, total) = progress.counts();
                let count = if total > 0 { format!(" {done}/{total}") } else { String::new() };
                ui.weak(format!("{what}{count}")).on_hover_text("后台任务：窗口可照常使用");
            }
            if s.spinning {
                ui.spinner();
            }
        });
    });
}

/// The navigation: the entries the user's roles have a use for; `open` when something is open
/// over the pages (then no entry is selected).
pub fn navigation(ui: &mut Ui, session: &Session, current: Nav, open: bool, cmds: &mut Vec<Command>) {
    egui::Panel::left("nav").exact_size(theme::NAV_WIDTH).show(ui, |ui| {
        ui.add_space(theme::SECTION_GAP);
        for nav in Nav::ALL {
            if nav.visible_for(&session.actor.roles) {
                let selected = current == nav && !open;
                let text = RichText::new(nav.label()).size(16.0);
                if ui.add_sized([theme::NAV_WIDTH - 16.0, 30.0], egui::Button::selectable(selected, text)).clicked() {
                    cmds.push(Command::Navigate(nav));
                }
            }
        }
    });
}

/// The last notice under the login and set-up screens.
pub fn notices_overlay(ui: &mut Ui, notices: &[String]) {
    if let Some(last) = notices.last() {
        egui::Panel::bottom("notice").show(ui, |ui| {
            ui.label(RichText::new(last).color(theme::accent(ui.visuals().dark_mode)));
        });
    }
}

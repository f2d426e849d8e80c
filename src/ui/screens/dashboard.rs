//! 工作台: the user's own to-do list by urgency, counts by state, what falls due today.
//! MINIMAL VERSION — to be completed.

use egui::Ui;

use crate::ui::app::View;
use crate::ui::{Command, DashboardData};

/// The dashboard.
#[derive(Default)]
pub struct DashboardScreen {
    /// Loaded by the app after login and on refresh.
    pub data: Option<DashboardData>,
}

impl DashboardScreen {
    pub fn show(&mut self, ui: &mut Ui, _view: &View<'_>, cmds: &mut Vec<Command>) {
        ui.heading("工作台");
        let Some(data) = &self.data else {
            ui.spinner();
            return;
        };
        for r in &data.todo {
            if ui.link(format!("{} {} {}", r.number, r.category, r.state)).clicked() {
                cmds.push(Command::OpenDetail(r.number.clone()));
            }
        }
    }
}

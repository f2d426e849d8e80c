//! 工单详情: every field, the history as a timeline, live deadlines, and the actions the user may take.
//! MINIMAL VERSION — to be completed.

use egui::Ui;

use crate::ui::app::View;
use crate::ui::widgets::error_text;
use crate::ui::{Command, DetailData};

/// The detail view of one complaint.
pub struct DetailScreen {
    /// The complaint shown (also while loading).
    pub number: String,
    data: Option<DetailData>,
    /// Loading failed.
    pub error: Option<String>,
    refusal: Option<String>,
}

impl DetailScreen {
    #[must_use]
    pub fn loading(number: &str) -> Self {
        Self { number: number.to_owned(), data: None, error: None, refusal: None }
    }

    /// The complaint arrived (or was reloaded after an action).
    pub fn loaded(&mut self, data: DetailData) {
        self.data = Some(data);
    }

    /// An action went through.
    pub fn acted(&mut self) {
        self.refusal = None;
    }

    /// An action was refused: show why, in the dialog.
    pub fn refused(&mut self, message: String) {
        self.refusal = Some(message);
    }

    pub fn show(&mut self, ui: &mut Ui, _view: &View<'_>, cmds: &mut Vec<Command>) {
        if ui.button("返回").clicked() {
            cmds.push(Command::CloseDetail);
        }
        ui.heading(format!("工单 {}", self.number));
        if let Some(e) = &self.error {
            error_text(ui, e);
        }
        if let Some(d) = &self.data {
            ui.label(format!("状态：{}", d.complaint.state));
            ui.label(&d.complaint.content);
        }
        if let Some(r) = &self.refusal {
            error_text(ui, r);
        }
    }
}

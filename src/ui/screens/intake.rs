//! 新建投诉: every field of the 客服投诉处理单, validated as the user types.
//! MINIMAL VERSION — to be completed.

use egui::Ui;

use crate::domain::intake::ComplaintInput;
use crate::store::ComplaintRow;
use crate::ui::Command;
use crate::ui::app::{RegisterError, View};
use crate::ui::widgets::{error_text, text_row};

/// The intake form.
#[derive(Default)]
pub struct IntakeScreen {
    input: ComplaintInput,
    phone: String,
    content: String,
    error: Option<String>,
    /// Complaints with the same plate or phone in the last 7 days.
    pub similar: Vec<ComplaintRow>,
}

impl IntakeScreen {
    /// The store refused to save.
    pub fn refused(&mut self, e: RegisterError) {
        self.error = Some(match e {
            RegisterError::Fields(f) => f.iter().map(ToString::to_string).collect::<Vec<_>>().join("；"),
            RegisterError::Message(m) => m,
        });
    }

    pub fn show(&mut self, ui: &mut Ui, _view: &View<'_>, cmds: &mut Vec<Command>) {
        ui.heading("新建投诉");
        text_row(ui, "联系电话", &mut self.phone, 200.0, None);
        text_row(ui, "投诉内容", &mut self.content, 400.0, None);
        if ui.button("保存").clicked() {
            self.input.phone = Some(self.phone.clone());
            self.input.content = Some(self.content.clone());
            self.input.category = Some("其它".into());
            cmds.push(Command::Register(self.input.clone()));
        }
        if let Some(e) = &self.error {
            error_text(ui, e);
        }
        if ui.button("取消").clicked() {
            cmds.push(Command::CloseDetail);
        }
    }
}

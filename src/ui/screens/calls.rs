//! 来电登记: consultations and help requests, with the answer library.
//! MINIMAL VERSION — to be completed.

use egui::Ui;

use crate::domain::work::CallRecord;
use crate::ui::Command;
use crate::ui::app::{RegisterError, View};

/// The call log.
#[derive(Default)]
pub struct CallsScreen {
    /// The latest calls.
    pub recent: Vec<CallRecord>,
    error: Option<String>,
}

impl CallsScreen {
    /// A call was saved.
    pub fn registered(&mut self, _call: &CallRecord) {
        self.error = None;
    }

    /// The store refused the call.
    pub fn refused(&mut self, e: RegisterError) {
        self.error = Some(match e {
            RegisterError::Fields(f) => f.iter().map(ToString::to_string).collect::<Vec<_>>().join("；"),
            RegisterError::Message(m) => m,
        });
    }

    pub fn show(&mut self, ui: &mut Ui, _view: &View<'_>, _cmds: &mut Vec<Command>) {
        ui.heading("来电登记");
        for c in &self.recent {
            ui.label(format!("{} {} {}", c.number, c.category, c.content));
        }
    }
}

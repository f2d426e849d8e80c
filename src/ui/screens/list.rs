//! 投诉工单: every complaint in a virtual-scrolling table, with filters and search-as-you-type.
//! MINIMAL VERSION — to be completed.

use egui::Ui;

use crate::domain::lifecycle::ContextData;
use crate::domain::time::BizTime;
use crate::store::ListFilter;
use crate::ui::app::View;
use crate::ui::{Command, ListPage};

/// The list's filter as remembered between runs (eframe storage).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct SavedFilter {
    pub search: String,
}

/// The complaint list.
#[derive(Default)]
pub struct ListScreen {
    saved: SavedFilter,
    /// The page the app loaded for the current filter.
    pub page: Option<ListPage>,
    focus_search: bool,
}

impl ListScreen {
    #[must_use]
    pub fn new(saved: SavedFilter) -> Self {
        Self { saved, ..Self::default() }
    }

    /// The filter to remember.
    #[must_use]
    pub fn saved(&self) -> SavedFilter {
        self.saved.clone()
    }

    /// Ctrl+F: put the cursor in the search box.
    pub fn focus_search(&mut self) {
        self.focus_search = true;
    }

    /// The store filter for the current choices.
    #[must_use]
    pub fn filter(&self, _data: &ContextData, _now: BizTime) -> ListFilter {
        ListFilter {
            search: Some(self.saved.search.clone()).filter(|s| !s.trim().is_empty()),
            limit: Some(500),
            ..ListFilter::default()
        }
    }

    pub fn show(&mut self, ui: &mut Ui, view: &View<'_>, cmds: &mut Vec<Command>) {
        ui.heading("投诉工单");
        let r = ui.horizontal(|ui| {
            let l = ui.label("搜索");
            ui.add(egui::TextEdit::singleline(&mut self.saved.search)).labelled_by(l.id)
        });
        if self.focus_search {
            r.inner.request_focus();
            self.focus_search = false;
        }
        if r.inner.changed() {
            cmds.push(Command::LoadList(self.filter(view.data, view.now)));
        }
        if let Some(page) = &self.page {
            ui.label(format!("共 {} 条", page.total));
            for row in &page.rows {
                if ui.link(format!("{} {} {}", row.number, row.category, row.state)).clicked() {
                    cmds.push(Command::OpenDetail(row.number.clone()));
                }
            }
        }
    }
}

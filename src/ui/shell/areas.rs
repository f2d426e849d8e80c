//! The registry of the main window's areas: which area draws which page, and the one place
//! that lists them all. A new area: its folder, a field here, and a line in [`Areas::all`].

use crate::ui::area::{Area, Cx};
use crate::ui::backend::Done;
use crate::ui::command::Command;
use crate::ui::complaints::Complaints;
use crate::ui::dashboard::Dashboard;
use crate::ui::export::Export;
use crate::ui::intake::Intake;
use crate::ui::revisits::Revisits;
use crate::ui::settings::Settings;
use crate::ui::stats::Stats;
use crate::ui::topic::AreaId;
use crate::ui::view::{Nav, SavedFilter, View};

/// Every area of the main window.
pub struct Areas {
    pub dashboard: Dashboard,
    pub complaints: Complaints,
    pub intake: Intake,
    pub revisits: Revisits,
    pub stats: Stats,
    pub settings: Settings,
    pub export: Export,
}

impl Areas {
    /// The areas of a new session; the complaint list starts on its remembered filter.
    #[must_use]
    pub fn new(list_filter: SavedFilter) -> Self {
        Self {
            dashboard: Dashboard::default(),
            complaints: Complaints::new(list_filter),
            intake: Intake::default(),
            revisits: Revisits::default(),
            stats: Stats::default(),
            settings: Settings::default(),
            export: Export::default(),
        }
    }

    /// Every area with the id its jobs' results carry, in the order their panels stack.
    fn all(&mut self) -> [(AreaId, &mut dyn Area); 7] {
        [
            (AreaId::Dashboard, &mut self.dashboard),
            (AreaId::Complaints, &mut self.complaints),
            (AreaId::Intake, &mut self.intake),
            (AreaId::Revisits, &mut self.revisits),
            (AreaId::Stats, &mut self.stats),
            (AreaId::Settings, &mut self.settings),
            (AreaId::Export, &mut self.export),
        ]
    }

    /// Draw the central panel: what an area has open over the pages, else the page of `nav`.
    pub fn central(&mut self, ui: &mut egui::Ui, view: &View<'_>, nav: Nav) {
        let mut all = self.all();
        if let Some((_, area)) = all.iter_mut().find(|(_, a)| a.is_open()) {
            area.open_page(ui, view);
        } else if let Some((_, area)) = all.iter_mut().find(|(_, a)| a.nav() == Some(nav)) {
            area.page(ui, view);
        }
    }

    /// The panels along the bottom edge.
    pub fn panels(&mut self, ui: &mut egui::Ui, view: &View<'_>) {
        for (_, area) in self.all() {
            area.panels(ui, view);
        }
    }

    /// Whether an area has something open over the pages.
    pub fn any_open(&mut self) -> bool {
        self.all().iter().any(|(_, a)| a.is_open())
    }

    /// Put away everything open over the pages.
    pub fn close(&mut self) {
        for (_, area) in self.all() {
            area.close();
        }
    }

    /// Let each area apply what its screens asked for this frame.
    pub fn settle(&mut self, cx: &mut Cx<'_>) {
        for (_, area) in self.all() {
            area.settle(cx);
        }
    }

    /// Hand `cmd` to the area that serves it; returns it when none does.
    pub fn serve(&mut self, cmd: Command, cx: &mut Cx<'_>) -> Option<Command> {
        let mut cmd = Some(cmd);
        for (_, area) in self.all() {
            cmd = area.serve(cmd?, cx);
        }
        cmd
    }

    /// Route a finished job or task to the area that started it.
    pub fn receive(&mut self, done: Done, cx: &mut Cx<'_>) {
        if let Some((_, area)) = self.all().into_iter().find(|(id, _)| *id == done.topic.area) {
            area.receive(done, cx);
        }
    }

    /// Load afresh the page of `nav`.
    pub fn refresh(&mut self, nav: Nav, cx: &mut Cx<'_>) {
        for (_, area) in self.all() {
            if area.nav() == Some(nav) {
                area.refresh(cx);
            }
        }
    }

    /// Another desk changed the database: reload what is open over the pages.
    pub fn others_changed(&mut self, cx: &mut Cx<'_>) {
        for (_, area) in self.all() {
            area.others_changed(cx);
        }
    }
}

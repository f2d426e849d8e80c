//! An area of the main window: its screens, its commands, the results of its store jobs and
//! background tasks. The shell (`super::shell`) only routes: it draws the page of the area that
//! owns the current navigation entry, lets each area apply what its screens asked after the
//! frame, hands it the results of its own jobs (by [`super::topic::AreaId`]), and offers it the
//! cross-area [`Command`]s it serves.
//!
//! A new area is a folder with a type implementing [`Area`], and one line in the shell's
//! registry (`shell/areas.rs`).

use egui::Ui;

use super::backend::{Backend, Done};
use super::command::Command;
use super::desk::Desk;
use super::jobs::{STATUS, status_job};
use super::tasks::{Progress, Task, Tasks};
use super::topic::Topic;
use super::view::{Nav, Session, View};
use crate::domain::lifecycle::ContextData;
use crate::domain::org::Actor;
use crate::domain::time::BizTime;
use crate::store::{ListFilter, Scope};

/// One area of the main window. Every method but [`Area::settle`] and [`Area::receive`] has a
/// default that does nothing, so an area implements only what it has.
pub trait Area {
    /// The navigation entry whose page this area draws, if any.
    fn nav(&self) -> Option<Nav> {
        None
    }

    /// Draw its page ([`Area::nav`]).
    fn page(&mut self, _ui: &mut Ui, _view: &View<'_>) {}

    /// Whether it has something open over the pages (the intake form, a complaint's detail).
    fn is_open(&self) -> bool {
        false
    }

    /// Draw what it has open over the pages.
    fn open_page(&mut self, _ui: &mut Ui, _view: &View<'_>) {}

    /// Put away what it has open over the pages (another page was chosen).
    fn close(&mut self) {}

    /// Panels along the window's bottom edge (a task's progress, then its outcome).
    fn panels(&mut self, _ui: &mut Ui, _view: &View<'_>) {}

    /// Apply what its screens asked for this frame; cross-area requests go to [`Cx::later`].
    fn settle(&mut self, cx: &mut Cx<'_>);

    /// A cross-area request: the area serves it and returns `None`, or hands it back.
    fn serve(&mut self, cmd: Command, _cx: &mut Cx<'_>) -> Option<Command> {
        Some(cmd)
    }

    /// A store job or task of this area ended (its topic names this area).
    fn receive(&mut self, done: Done, cx: &mut Cx<'_>);

    /// Load afresh what its page shows (navigation, another desk's change).
    fn refresh(&mut self, _cx: &mut Cx<'_>) {}

    /// Another desk changed the database: reload what is open over the pages.
    fn others_changed(&mut self, _cx: &mut Cx<'_>) {}
}

/// What an area may use while it applies a command or takes in a result.
pub struct Cx<'a> {
    pub desk: &'a Desk,
    pub backend: &'a mut Backend,
    pub tasks: &'a mut Tasks,
    pub session: &'a Session,
    /// Rules, calendar, revisit policy, organisation (an area that changes them replaces them).
    pub data: &'a mut ContextData,
    /// The page shown.
    pub nav: Nav,
    pub now: BizTime,
    /// What the status bar says; the last one shows.
    pub notices: &'a mut Vec<String>,
    /// Cross-area requests, applied next frame.
    pub later: &'a mut Vec<Command>,
}

/// Why a task did not start.
#[derive(Debug)]
pub enum SpawnError {
    /// One of its topic runs (it finishes first).
    Busy,
    /// No thread could be started.
    Io(std::io::Error),
}

impl std::fmt::Display for SpawnError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SpawnError::Busy => f.write_str("上一个同类任务尚未完成"),
            SpawnError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl Cx<'_> {
    /// Say something in the status bar.
    pub fn notice(&mut self, text: impl Into<String>) {
        self.notices.push(text.into());
    }

    #[must_use]
    pub fn actor(&self) -> Actor {
        self.session.actor.clone()
    }

    /// What the logged-in user's store connections may see.
    #[must_use]
    pub fn scope(&self) -> Scope {
        self.session.office_scope().map_or(Scope::All, Scope::Office)
    }

    /// Office users only ever load their own office's complaints.
    #[must_use]
    pub fn scoped(&self, mut filter: ListFilter) -> ListFilter {
        if let Some(office) = self.session.office_scope() {
            filter.office = Some(office);
        }
        filter
    }

    /// Recount the status bar (after a step or a registration).
    pub fn send_status(&mut self) {
        let (now, office) = (self.now, self.session.office_scope());
        self.backend.send(STATUS, move |store| status_job(store, now, office));
    }

    /// Start `work` as a task of `topic` in the window's registry; its outcome comes back to
    /// the area as a [`Done`] of that topic.
    pub fn spawn<T: Send + 'static>(
        &mut self,
        topic: Topic,
        what: impl Into<String>,
        work: impl FnOnce(&Progress) -> T + Send + 'static,
    ) -> Result<(), SpawnError> {
        if self.tasks.is_running(topic) {
            return Err(SpawnError::Busy);
        }
        let task = Task::spawn(topic, what, self.desk.waker(), work).map_err(SpawnError::Io)?;
        self.tasks.start(task).map_err(|_| SpawnError::Busy)
    }
}

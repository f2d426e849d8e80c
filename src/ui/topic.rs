//! Names for background work: every job sent to the store thread and every task on a thread of
//! its own carries a [`Topic`] — the area that asked for it and a name — so its result goes back
//! to exactly that area, once.

/// The window's areas: who owns a job's result. The shell routes by this; a new area adds a
/// line here and one in the shell's registry (`shell::areas`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AreaId {
    /// The shell itself: status bar counts, login, set-up, the watcher.
    Shell,
    Connection,
    Dashboard,
    Complaints,
    Intake,
    Revisits,
    Stats,
    Settings,
    Export,
}

/// What a piece of background work is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Topic {
    pub area: AreaId,
    /// Short and stable, e.g. `list`; a task's thread is named `roaddesk-<name>`.
    pub name: &'static str,
    flags: u8,
}

const LATEST_ONLY: u8 = 1;
const SPINNER: u8 = 2;
const QUIET: u8 = 4;
const WAITED: u8 = 8;

impl Topic {
    #[must_use]
    pub const fn new(area: AreaId, name: &'static str) -> Self {
        Self { area, name, flags: 0 }
    }

    /// Only the newest job matters: an older one still waiting on the store thread is dropped.
    #[must_use]
    pub const fn latest_only(self) -> Self {
        Self { flags: self.flags | LATEST_ONLY, ..self }
    }

    /// The status bar shows a spinner while a job of this topic runs.
    #[must_use]
    pub const fn spinner(self) -> Self {
        Self { flags: self.flags | SPINNER, ..self }
    }

    /// A task the status bar does not list (a file dialog waiting for the user).
    #[must_use]
    pub const fn quiet(self) -> Self {
        Self { flags: self.flags | QUIET, ..self }
    }

    /// The user waits for its result (a page loading): the tests and the benchmark wait until
    /// no such job runs.
    #[must_use]
    pub const fn waited(self) -> Self {
        Self { flags: self.flags | WAITED, ..self }
    }

    #[must_use]
    pub const fn is_latest_only(self) -> bool {
        self.flags & LATEST_ONLY != 0
    }

    #[must_use]
    pub const fn shows_spinner(self) -> bool {
        self.flags & SPINNER != 0
    }

    #[must_use]
    pub const fn is_quiet(self) -> bool {
        self.flags & QUIET != 0
    }

    #[must_use]
    pub const fn is_waited(self) -> bool {
        self.flags & WAITED != 0
    }
}

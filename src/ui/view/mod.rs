//! What every screen may read, and the requests that cross from one area to another. Below
//! the areas: it names no screen and no area, so any area may import it.

mod files;
mod filter;

pub use files::{FileJob, FileType, with_extension};
pub use filter::{Drill, DrillOnly, SavedFilter};

use crate::domain::lifecycle::ContextData;
use crate::domain::org::{Actor, Role, UnitId};
use crate::domain::time::BizTime;
use crate::domain::validate::FieldError;

/// Where the left navigation points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, Default)]
pub enum Nav {
    #[default]
    Dashboard,
    Complaints,
    Calls,
    Revisits,
    Stats,
    Settings,
}

impl Nav {
    /// The navigation entries in order.
    pub const ALL: [Nav; 6] = [Nav::Dashboard, Nav::Complaints, Nav::Calls, Nav::Revisits, Nav::Stats, Nav::Settings];

    /// The Chinese label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Nav::Dashboard => "工作台",
            Nav::Complaints => "投诉工单",
            Nav::Calls => "来电登记",
            Nav::Revisits => "回访",
            Nav::Stats => "统计",
            Nav::Settings => "设置",
        }
    }

    /// Whether a user with `roles` has any use for this entry.
    #[must_use]
    pub fn visible_for(self, roles: &[Role]) -> bool {
        let has = |r: Role| roles.contains(&r);
        let desk = has(Role::Operator) || has(Role::DutyLeader);
        match self {
            Nav::Dashboard | Nav::Complaints | Nav::Settings => true,
            Nav::Calls | Nav::Revisits => desk,
            Nav::Stats => desk || has(Role::Admin),
        }
    }
}

/// The logged-in user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub actor: Actor,
    pub login: String,
    pub unit_name: String,
}

impl Session {
    /// Office users see only their own office's complaints.
    #[must_use]
    pub fn office_scope(&self) -> Option<UnitId> {
        let office_only =
            !self.actor.has(Role::Operator) && !self.actor.has(Role::DutyLeader) && !self.actor.has(Role::Admin);
        office_only.then_some(self.actor.unit)
    }

    /// Operators and duty leaders register complaints and calls.
    #[must_use]
    pub fn can_register(&self) -> bool {
        self.actor.has(Role::Operator) || self.actor.has(Role::DutyLeader)
    }
}

/// What the screens may read.
pub struct View<'a> {
    pub session: &'a Session,
    pub data: &'a ContextData,
    pub now: BizTime,
    /// A complaint list page is being loaded.
    pub backend_busy: bool,
    /// A batch export is running (a second one waits for it).
    pub batch_running: bool,
    /// A report or list export is being asked for or made (a second one waits for it).
    pub file_export_busy: bool,
    /// The background tasks running (their panels show the progress).
    pub tasks: &'a crate::ui::tasks::Tasks,
}

/// Why a registration was refused.
#[derive(Debug, Clone)]
pub enum RegisterError {
    /// Field by field, in Chinese.
    Fields(Vec<FieldError>),
    /// Anything else (a lost database, a refusal), one sentence.
    Message(String),
}

/// The status bar's counts.
#[derive(Debug, Clone, Default)]
pub struct StatusInfo {
    pub empty: bool,
    pub total: u64,
    pub open: u64,
    pub overdue: u64,
    /// The counts are one office's (an office user's desk).
    pub office: bool,
}

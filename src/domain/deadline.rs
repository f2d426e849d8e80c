//! Deadlines (时限): rules per step and grade, counted in hours, natural days or working days.
//!
//! INTERFACE STUB — bodies to be implemented.

use serde::{Deserialize, Serialize};

use crate::domain::calendar::WorkCalendar;
use crate::domain::time::BizTime;
use crate::domain::work::Grade;
use crate::labeled_enum;

labeled_enum! {
    /// The step a deadline applies to.
    pub enum Step {
        FirstResponse = ("first_response", "首次响应"),
        OfficeHandling = ("office_handling", "管理所办理"),
        Revisit = ("revisit", "回访"),
        Whole = ("whole", "整体办结"),
    }
}

labeled_enum! {
    /// How a limit is counted.
    pub enum DeadlineUnit {
        Hours = ("hours", "小时"),
        NaturalDays = ("natural_days", "自然日"),
        WorkingDays = ("working_days", "工作日"),
    }
}

labeled_enum! {
    /// Status of an open deadline.
    pub enum DeadlineState {
        Normal = ("normal", "正常"),
        DueSoon = ("due_soon", "临期"),
        Overdue = ("overdue", "超期"),
    }
}

/// A limit for one step and grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineRule {
    pub step: Step,
    pub grade: Grade,
    pub amount: u32,
    pub unit: DeadlineUnit,
}

/// All limits, plus the share of time after which a deadline is 临期.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeadlineRules {
    pub rules: Vec<DeadlineRule>,
    /// 0.8 = 临期 once 80 % of the time is used.
    pub due_soon_share: f64,
}

impl Default for DeadlineRules {
    /// The defaults of domain.md §4.
    fn default() -> Self {
        todo!()
    }
}

impl DeadlineRules {
    /// The rule for `step` and `grade`, if that step has a limit for that grade.
    #[must_use]
    pub fn rule(&self, step: Step, grade: Grade) -> Option<DeadlineRule> {
        self.rules.iter().copied().find(|r| r.step == step && r.grade == grade)
    }

    /// Add or replace the rule for its step and grade.
    pub fn set(&mut self, rule: DeadlineRule) {
        let _ = rule;
        todo!()
    }
}

/// A computed due time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueTime {
    pub due: BizTime,
    /// Some day counted lies in a year the calendar does not know.
    pub outside_calendar: bool,
}

/// When a limit of `amount` `unit`s starting at `start` ends (民法典 §201–203 for days).
#[must_use]
pub fn compute_due(start: BizTime, amount: u32, unit: DeadlineUnit, calendar: &WorkCalendar) -> DueTime {
    let _ = (start, amount, unit, calendar);
    todo!()
}

/// An open or met deadline of a complaint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    pub step: Step,
    pub started_at: BizTime,
    /// Due time from the rule alone.
    pub base_due_at: BizTime,
    /// Current due time: base + pauses, or the granted extension.
    pub due_at: BizTime,
    /// Total seconds the clock was paused.
    pub paused_secs: i64,
    /// Set when an extension was granted.
    pub extended_to: Option<BizTime>,
    /// When the step was done; `None` while open.
    pub met_at: Option<BizTime>,
    /// The due time was counted over days the calendar does not know.
    pub outside_calendar: bool,
}

/// Status of a deadline at some instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadlineStatus {
    pub state: DeadlineState,
    /// Seconds left; negative when overdue.
    pub secs_left: i64,
}

impl DeadlineStatus {
    /// `剩余 3小时20分` or `超期 1天2小时`.
    #[must_use]
    pub fn text(&self) -> String {
        todo!()
    }
}

impl Deadline {
    /// Start a deadline for `rule` at `start`.
    #[must_use]
    pub fn start(rule: DeadlineRule, start: BizTime, calendar: &WorkCalendar) -> Self {
        let _ = (rule, start, calendar);
        todo!()
    }

    /// The clock was paused for `secs`: move the due time by as much.
    pub fn add_pause(&mut self, secs: i64) {
        let _ = secs;
        todo!()
    }

    /// A granted extension: the step is now due at `until`.
    pub fn extend_to(&mut self, until: BizTime) {
        let _ = until;
        todo!()
    }

    /// Status at `now`; while paused (`paused_since`), time stands still at the pause.
    #[must_use]
    pub fn status(&self, now: BizTime, due_soon_share: f64, paused_since: Option<BizTime>) -> DeadlineStatus {
        let _ = (now, due_soon_share, paused_since);
        todo!()
    }

    /// Whether the step was (or, if still open at `now`, is) late.
    #[must_use]
    pub fn missed(&self, now: BizTime) -> bool {
        match self.met_at {
            Some(m) => m > self.due_at,
            None => now > self.due_at,
        }
    }
}

//! A plan: the timed steps of one item's life, made first and run through the state machine
//! afterwards. The clock of a plan only moves forward, and no two steps share an instant.

use chrono::{Duration, Timelike};

use crate::domain::lifecycle::Action;
use crate::domain::org::Actor;
use crate::domain::time::{BizTime, start_of_day};

use super::random::{Gen, mins};

/// What a step does.
pub(super) enum Do {
    Register,
    Act(Box<Action>),
    /// Ask for one day more than the open office-handling deadline (computed when run).
    Extend(&'static str),
    /// The repeat call with this number is linked to this complaint.
    Linked(String),
}

/// One timed step of a plan, taken by one of the generator's people.
pub(super) struct Step<'e> {
    pub(super) at: BizTime,
    pub(super) actor: &'e Actor,
    pub(super) what: Do,
    /// Skipped silently if refused (an extension asked for when there is no time left to extend).
    pub(super) optional: bool,
}

/// The steps so far, and the plan's clock: when the next step is taken.
pub(super) struct Plan<'e> {
    pub(super) t: BizTime,
    pub(super) steps: Vec<Step<'e>>,
}

impl<'e> Plan<'e> {
    /// Let `lo_mins`‥`hi_mins` minutes pass.
    pub(super) fn wait(&mut self, g: &mut Gen, lo_mins: i64, hi_mins: i64) {
        self.t += Duration::seconds(g.range(lo_mins * 60, hi_mins * 60).max(1));
    }

    /// Move the clock on to `t` (one minute on if `t` is past).
    pub(super) fn until(&mut self, t: BizTime) {
        self.t = if t > self.t { t } else { self.t + mins(1) };
    }

    /// People call drivers between 8:00 and 21:00: move a night-time step to the next morning.
    pub(super) fn daytime(&mut self, g: &mut Gen) {
        let hour = self.t.hour();
        if !(8..21).contains(&hour) {
            let day = if hour < 8 { self.t.date_naive() } else { self.t.date_naive() + chrono::Days::new(1) };
            self.t = start_of_day(day) + Duration::hours(8) + Duration::seconds(g.range(0, 50 * 60));
        }
    }

    /// A step at the clock, moved just past the last step if it would not follow it.
    pub(super) fn push(&mut self, actor: &'e Actor, what: Do, optional: bool) {
        if let Some(last) = self.steps.last()
            && self.t <= last.at
        {
            self.t = last.at + Duration::seconds(1);
        }
        self.steps.push(Step { at: self.t, actor, what, optional });
    }

    /// A lifecycle action at the clock.
    pub(super) fn act(&mut self, actor: &'e Actor, action: Action) {
        self.push(actor, Do::Act(Box::new(action)), false);
    }
}

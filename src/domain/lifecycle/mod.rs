//! The complaint lifecycle as an explicit state machine (domain.md §3).
//!
//! [`apply`] takes a complaint, an [`Action`], the acting user and `now`, and returns the
//! complaint's new value together with exactly one [`HistoryEvent`] — or a typed
//! [`ActionError`] with a Chinese message. It never panics and never reads a clock.
//! Which roles may take an action and from which states is one table: [`rule`].
//!
//! A complaint changes only here: through [`apply`], [`register`] (its first state) and
//! [`link_target`] (the note on a complaint a repeat call was merged into). `apply` checks the
//! table ([`authorize`]) before anything else, then hands the action to its step — one function
//! per action, in a file per phase of the life — and builds the event from the difference.
//!
//! The files, top-down (a file names only those below it):
//! - `rules` — the table and its check; `action` — the actions and their data;
//! - `dispatch`, `office`, `review`, `closing` — the steps: to the office, at the office, the
//!   duty leader's review, revisit and the ways a complaint ends or starts over;
//! - `clock` — deadlines started and met, 催办, extensions, pauses;
//! - `context` — what a step sees and the checks steps share; `history` — the events and the diff.
//!
//! The action kinds, role groups and refusals are `rights`, the revisit rules `revisit`: both sit
//! below the lifecycle, which re-exports their names that belong to its interface.

mod action;
mod clock;
mod closing;
mod context;
mod dispatch;
mod history;
mod office;
mod review;
mod rules;

pub use crate::domain::revisit::RevisitPolicy;
pub use crate::domain::rights::{ActionError, ActionKind, may_register};
pub use action::Action;
pub use clock::urge_due;
pub use closing::revisit_progress;
pub use context::{Context, ContextData};
pub use history::{Changes, HistoryEvent, Transition, diff};
pub use rules::{ActionRule, RuleEntries, UnitScope, authorize, rule};

use crate::domain::deadline::Step;
use crate::domain::org::Actor;
use crate::domain::revisit::RevisitInput;
use crate::domain::rights::desk_only;
use crate::domain::time::BizTime;
use crate::domain::validate::FieldError;
use crate::domain::work::{Complaint, ComplaintState as S, ItemKind};

use clock::start_deadline;
use context::Act;
use dispatch::check_office;
use history::event;

/// Apply `action` to `c` by `actor` at `now`.
pub fn apply(
    c: &Complaint,
    action: &Action,
    actor: &Actor,
    now: BizTime,
    ctx: &Context<'_>,
) -> Result<Transition, ActionError> {
    let kind = action.kind();
    authorize(kind, c, actor, ctx)?;
    let mut n = c.clone();
    let note = take(&Act { kind, before: c, actor, now, ctx }, &mut n, action)?;
    let event = event(c, &n, kind, actor, now, note);
    Ok(Transition { complaint: n, event })
}

/// Take the step of `action` on `n` (a copy of `a.before`), returning the history note.
fn take(a: &Act<'_>, n: &mut Complaint, action: &Action) -> Result<String, ActionError> {
    Ok(match action {
        Action::Dispatch { office, station, note } | Action::Transfer { office, station, note } => {
            dispatch::send(a, n, *office, *station, note)?
        }
        Action::Accept { note } => office::accept(a, n, note),
        Action::SaveChecklist { checklist, result } => office::save_checklist(n, checklist, result.as_ref()),
        Action::SubmitResult { result, head } => office::submit_result(a, n, result, head)?,
        Action::Approve { note } => review::approve(a, n, note),
        Action::Return { reason } => review::return_to_office(a, n, reason)?,
        Action::Urge { note } => clock::urge(n, note)?,
        Action::RequestExtension { until, reason } => clock::request_extension(a, n, *until, reason)?,
        Action::GrantExtension { note: text } | Action::RefuseExtension { reason: text } => {
            clock::decide_extension(a, n, text)?
        }
        Action::Pause { note } => clock::pause(a, n, note)?,
        Action::Resume { note } => clock::resume(a, n, note)?,
        Action::RecordRevisit { at, unreached, satisfaction, words, reason } => {
            let input = RevisitInput {
                at: *at,
                unreached: *unreached,
                satisfaction: *satisfaction,
                words: words.clone(),
                reason: reason.clone(),
            };
            closing::record_revisit(a, n, &input)?
        }
        Action::Reopen { reason } => closing::reopen(a, n, reason)?,
        Action::Close { reason } => closing::close(a, n, reason)?,
        Action::Withdraw { reason } => closing::withdraw(a, n, reason)?,
        Action::LinkDuplicate { target } => closing::link_duplicate(a, n, target)?,
    })
}

/// Register a new complaint: its first state and its first history event.
pub fn register(mut c: Complaint, actor: &Actor, now: BizTime, ctx: &Context<'_>) -> Result<Transition, ActionError> {
    may_register(actor)?;
    if let Some(office) = c.office {
        check_office(ctx, office, c.station)?;
    }
    c.state = S::Registered;
    c.deadlines.clear();
    c.round = 1;
    if c.kind == ItemKind::Complaint {
        let accepted = c.accepted_at;
        start_deadline(&mut c, Step::Whole, accepted, ctx);
        start_deadline(&mut c, Step::FirstResponse, accepted, ctx);
    }
    let event = HistoryEvent {
        at: now,
        actor: actor.id,
        actor_name: actor.name.clone(),
        action: ActionKind::Register,
        from_state: None,
        to_state: S::Registered,
        note: format!("{}：{}", c.kind, c.category),
        changes: Changes::default(),
    };
    Ok(Transition { complaint: c, event })
}

/// The first complaint gets a note that a later call `dup_number` was linked to it.
pub fn link_target(
    target: &Complaint,
    dup_number: &str,
    actor: &Actor,
    now: BizTime,
) -> Result<Transition, ActionError> {
    if matches!(target.state, S::Duplicate | S::Withdrawn) {
        return Err(FieldError::new(
            "原工单编号",
            format!("{}的状态为「{}」，不能作为合并对象", target.number, target.state),
        )
        .into());
    }
    desk_only(actor, ActionKind::LinkedCall)?;
    let mut n = target.clone();
    n.duplicates.push(dup_number.to_owned());
    let event = event(target, &n, ActionKind::LinkedCall, actor, now, format!("重复来电{dup_number}已合并到本工单"));
    Ok(Transition { complaint: n, event })
}

#[cfg(test)]
pub(crate) use history::diff_serialized;

#[cfg(test)]
mod tests;

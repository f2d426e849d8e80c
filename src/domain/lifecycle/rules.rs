//! The table of the state machine — for every action, the states it may start from and the
//! roles allowed there, and whether the actor must belong to the complaint's office — and the
//! one check of it, [`authorize`], that [`super::apply`] makes before any step.

use crate::domain::org::{Actor, Role, roles_label};
use crate::domain::rights::{ActionError, ActionKind, DESK, LEADER, OFFICE};
use crate::domain::work::{Complaint, ComplaintState};

use super::context::{Context, unit_name};
use ComplaintState as S;

/// Which unit the actor must belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitScope {
    /// Anyone with the role.
    Any,
    /// Only members of the office the complaint is with.
    ComplaintOffice,
}

/// (start states, roles allowed there) pairs.
pub type RuleEntries = &'static [(&'static [ComplaintState], &'static [Role])];

/// Who may take an action from which states: a list of (start states, roles allowed there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionRule {
    pub entries: RuleEntries,
    pub scope: UnitScope,
}

impl ActionRule {
    /// The roles that may take the action from `state` (empty: not from this state).
    #[must_use]
    pub fn roles_in(&self, state: ComplaintState) -> &'static [Role] {
        self.entries.iter().find(|(states, _)| states.contains(&state)).map_or(&[], |(_, roles)| roles)
    }

    /// Every state the action may start from.
    #[must_use]
    pub fn states(&self) -> Vec<ComplaintState> {
        self.entries.iter().flat_map(|(s, _)| s.iter().copied()).collect()
    }

    /// Every role that may take the action from some state.
    #[must_use]
    pub fn roles(&self) -> Vec<Role> {
        let mut out: Vec<Role> = self.entries.iter().flat_map(|(_, r)| r.iter().copied()).collect();
        out.sort();
        out.dedup();
        out
    }
}

const OPEN_WORK: &[ComplaintState] = &[S::Dispatched, S::Investigating, S::AwaitingReview, S::AwaitingRevisit];
const OPEN_ANY: &[ComplaintState] = &[
    S::Registered,
    S::Dispatched,
    S::Investigating,
    S::AwaitingReview,
    S::AwaitingRevisit,
    S::AwaitingDecision,
    S::Closed,
];

/// The table of the state machine: for every action, the start states and the roles allowed there.
#[must_use]
pub fn rule(kind: ActionKind) -> ActionRule {
    use UnitScope::{Any, ComplaintOffice};
    let (entries, scope): (RuleEntries, UnitScope) = match kind {
        ActionKind::Register => (&[], Any),
        ActionKind::Dispatch | ActionKind::LinkDuplicate => (&[(&[S::Registered], DESK)], Any),
        ActionKind::Transfer => (&[(&[S::Dispatched, S::Investigating], DESK)], Any),
        ActionKind::Accept => (&[(&[S::Dispatched], OFFICE)], ComplaintOffice),
        ActionKind::SaveChecklist | ActionKind::SubmitResult => (&[(&[S::Investigating], OFFICE)], ComplaintOffice),
        ActionKind::Approve | ActionKind::Return => (&[(&[S::AwaitingReview], LEADER)], Any),
        ActionKind::Urge => (&[(&[S::Dispatched, S::Investigating, S::AwaitingReview], DESK)], Any),
        ActionKind::RequestExtension => (&[(&[S::Dispatched, S::Investigating], OFFICE)], ComplaintOffice),
        ActionKind::GrantExtension | ActionKind::RefuseExtension => {
            (&[(&[S::Dispatched, S::Investigating, S::AwaitingReview], LEADER)], Any)
        }
        ActionKind::Pause | ActionKind::Resume => (&[(OPEN_WORK, DESK)], Any),
        ActionKind::RecordRevisit => (&[(&[S::AwaitingRevisit], DESK)], Any),
        ActionKind::Reopen => (&[(&[S::AwaitingDecision, S::Closed], LEADER)], Any),
        ActionKind::Close => (&[(&[S::Registered, S::AwaitingRevisit], DESK), (&[S::AwaitingDecision], LEADER)], Any),
        ActionKind::Withdraw => (&[(&[S::Registered, S::Dispatched, S::Investigating, S::AwaitingReview], DESK)], Any),
        ActionKind::LinkedCall => (&[(OPEN_ANY, DESK)], Any),
    };
    ActionRule { entries, scope }
}

/// Check role, unit and state for `kind` on `c`.
pub fn authorize(kind: ActionKind, c: &Complaint, actor: &Actor, ctx: &Context<'_>) -> Result<(), ActionError> {
    let r = rule(kind);
    let any_role = r.roles();
    let role_error = |required: &[Role]| ActionError::Role {
        action: kind,
        required: roles_label(required),
        have: roles_label(&actor.roles),
    };
    if !any_role.iter().any(|role| actor.has(*role)) {
        return Err(role_error(&any_role));
    }
    let here = r.roles_in(c.state);
    if here.is_empty() {
        let allowed = r.states().iter().map(|s| format!("「{}」", s.label())).collect::<Vec<_>>().join("或");
        return Err(ActionError::State { action: kind, state: c.state, allowed });
    }
    if !here.iter().any(|role| actor.has(*role)) {
        return Err(role_error(here));
    }
    if r.scope == UnitScope::ComplaintOffice && c.office != Some(actor.unit) {
        return Err(ActionError::Unit { action: kind, office: unit_name(ctx, c.office) });
    }
    Ok(())
}

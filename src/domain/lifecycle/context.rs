//! What a step sees: the [`Context`] beside the complaint (deadline rules, calendar, revisit
//! policy, organisation), the step being taken ([`Act`]), and the small checks and texts every
//! step shares.

use crate::domain::calendar::WorkCalendar;
use crate::domain::deadline::DeadlineRules;
use crate::domain::org::{Actor, Signature, Station, Unit, UnitId};
use crate::domain::revisit::RevisitPolicy;
use crate::domain::rights::{ActionError, ActionKind};
use crate::domain::time::BizTime;
use crate::domain::validate::FieldError;
use crate::domain::work::Complaint;

/// Everything besides the complaint that an action may need to look at.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub rules: &'a DeadlineRules,
    pub calendar: &'a WorkCalendar,
    pub policy: &'a RevisitPolicy,
    pub units: &'a [Unit],
    pub stations: &'a [Station],
}

/// The owned data behind a [`Context`]: rules, calendar, revisit policy and organisation.
#[derive(Debug, Clone)]
pub struct ContextData {
    pub rules: DeadlineRules,
    pub calendar: WorkCalendar,
    pub policy: RevisitPolicy,
    pub units: Vec<Unit>,
    pub stations: Vec<Station>,
}

impl ContextData {
    /// Borrow it as the context actions take.
    #[must_use]
    pub fn context(&self) -> Context<'_> {
        Context {
            rules: &self.rules,
            calendar: &self.calendar,
            policy: &self.policy,
            units: &self.units,
            stations: &self.stations,
        }
    }
}

/// One step being taken: which action, the complaint as it was before it, who takes it, when,
/// and in what context. A step reads the complaint from `before` and writes its new value.
#[derive(Debug, Clone, Copy)]
pub(super) struct Act<'a> {
    pub kind: ActionKind,
    pub before: &'a Complaint,
    pub actor: &'a Actor,
    pub now: BizTime,
    pub ctx: &'a Context<'a>,
}

/// A unit's name for messages and notes (`（未指定单位）` when none or unknown).
pub(super) fn unit_name(ctx: &Context<'_>, id: Option<UnitId>) -> String {
    id.and_then(|id| ctx.units.iter().find(|u| u.id == id))
        .map_or_else(|| "（未指定单位）".to_owned(), |u| u.name.clone())
}

/// A text the step cannot do without, trimmed; refused as an empty `field` otherwise.
pub(super) fn required(field: &str, text: &str) -> Result<String, ActionError> {
    let t = text.trim();
    if t.is_empty() { Err(FieldError::new(field, "不能为空").into()) } else { Ok(t.to_owned()) }
}

/// A refusal in words: the table allows the action here, but this complaint does not.
pub(super) fn refused(msg: impl Into<String>) -> ActionError {
    ActionError::Refused(msg.into())
}

/// The signature of `actor` at `now`.
pub(super) fn sign(actor: &Actor, now: BizTime) -> Signature {
    Signature { user: actor.id, name: actor.name.clone(), at: now }
}

/// `：text` for a note, or nothing when the text is blank.
pub(super) fn with_text(text: &str) -> String {
    let t = text.trim();
    if t.is_empty() { String::new() } else { format!("：{t}") }
}

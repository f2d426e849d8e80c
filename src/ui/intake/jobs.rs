//! Registering a complaint (possibly as a repeat call linked to the first) or a call.

use crate::domain::intake::{CallInput, ComplaintInput, validate_call, validate_complaint};
use crate::domain::lifecycle::Action;
use crate::domain::org::Actor;
use crate::domain::time::BizTime;
use crate::domain::work::{CallRecord, Complaint};
use crate::store::Store;
use crate::ui::view::RegisterError;

pub fn register_job(
    store: &mut dyn Store,
    input: &ComplaintInput,
    actor: &Actor,
    now: BizTime,
    duplicate_of: Option<&str>,
) -> Result<Complaint, RegisterError> {
    let data = store.context_data().map_err(|e| RegisterError::Message(e.to_string()))?;
    let draft = validate_complaint(input, actor, now, &data.units, &data.stations).map_err(RegisterError::Fields)?;
    let c = store.register(draft, actor, now).map_err(|e| RegisterError::Message(e.to_string()))?;
    match duplicate_of {
        None => Ok(c),
        Some(target) => store
            .act(&c.number, &Action::LinkDuplicate { target: target.to_owned() }, actor, now)
            .map_err(|e| RegisterError::Message(format!("已登记 {}，但合并失败：{e}", c.number))),
    }
}

pub fn call_job(
    store: &mut dyn Store,
    input: &CallInput,
    actor: &Actor,
    now: BizTime,
) -> Result<CallRecord, RegisterError> {
    let units = store.units().map_err(|e| RegisterError::Message(e.to_string()))?;
    let draft = validate_call(input, actor, now, &units).map_err(RegisterError::Fields)?;
    store.register_call(draft, actor, now).map_err(|e| RegisterError::Message(e.to_string()))
}

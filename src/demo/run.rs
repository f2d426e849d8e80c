//! Running a plan: each item's steps through the real state machine — `lifecycle::register`,
//! then `lifecycle::apply` (or `link_target` on the complaint a repeat call is merged into) —
//! so every history is one the app itself could have written. A repeat call copies its target's
//! driver, vehicle and event.

use chrono::Duration;

use crate::domain::deadline::Step as DeadlineStep;
use crate::domain::lifecycle::{self, Action, ActionError, HistoryEvent, Transition};
use crate::domain::time::start_of_day;
use crate::domain::work::{Complaint, ComplaintState, Source};

use super::env::Env;
use super::life::plan_item;
use super::plan::{Do, Step};
use super::random::Gen;
use super::slots::Slot;
use super::spec::make_spec;
use super::words::ymd;
use ComplaintState as S;

/// A repeat call: the same driver, vehicle and event as the complaint in `target`.
fn repeat_call(env: &Env<'_>, g: &mut Gen, slot: &Slot, target: &Complaint) -> (Complaint, usize) {
    let registrar = g.idx(env.desk.len());
    let actor = &env.desk[registrar];
    let day0 = start_of_day(slot.reg.date_naive());
    let accepted = (slot.reg - Duration::seconds(g.range(60, 600))).max(day0);
    let mut c = target.clone();
    c.number.clone_from(&slot.number);
    if g.chance(400) {
        c.source = Source::Provincial;
        c.forwarded_at = Some((accepted - Duration::seconds(g.range(60, 1200))).max(day0));
        c.provincial_number = Some(format!("HB12328-{}{:04}", ymd(slot.reg), slot.seq + 137));
    } else {
        c.source = Source::DirectCall;
        c.forwarded_at = None;
        c.provincial_number = None;
    }
    c.accepted_at = accepted;
    c.accepted_by = actor.id;
    c.accepted_by_name.clone_from(&actor.name);
    c.content = format!("来电人再次来电反映同一问题，询问处理进度。原反映内容：{}", target.content);
    (c, registrar)
}

fn perform(env: &Env<'_>, c: &Complaint, step: &Step<'_>) -> Result<Option<Transition>, ActionError> {
    match &step.what {
        Do::Register => Err(ActionError::Refused("登记只能是第一步".to_owned())),
        Do::Act(action) => lifecycle::apply(c, action, step.actor, step.at, env.ctx).map(Some),
        Do::Extend(reason) => {
            let Some(d) = c.open_deadline(DeadlineStep::OfficeHandling) else { return Ok(None) };
            if step.at >= d.due_at {
                return Ok(None);
            }
            let action = Action::RequestExtension { until: d.due_at + Duration::days(1), reason: (*reason).to_owned() };
            lifecycle::apply(c, &action, step.actor, step.at, env.ctx).map(Some)
        }
        Do::Linked(dup) => lifecycle::link_target(c, dup, step.actor, step.at).map(Some),
    }
}

/// Run the steps through the state machine; steps not before `now` are not taken (the item stays
/// where it is). A refused step is recorded in `errors` and ends the item's work.
fn execute(
    env: &Env<'_>,
    c: Complaint,
    steps: Vec<Step<'_>>,
    errors: &mut Vec<String>,
) -> Option<(Complaint, Vec<HistoryEvent>)> {
    let mut steps = steps.into_iter();
    let first = steps.next()?;
    let number = c.number.clone();
    let t = match lifecycle::register(c, first.actor, first.at, env.ctx) {
        Ok(t) => t,
        Err(e) => {
            errors.push(format!("{number} 登记：{e}"));
            return None;
        }
    };
    let mut c = t.complaint;
    let mut history = Vec::with_capacity(steps.len() + 1);
    history.push(t.event);
    let mut working = true;
    for step in steps {
        let linked = matches!(step.what, Do::Linked(_));
        if !linked && (!working || step.at >= env.now) {
            working = false;
            continue;
        }
        match perform(env, &c, &step) {
            Ok(Some(t)) => {
                c = t.complaint;
                history.push(t.event);
            }
            Ok(None) => {}
            Err(_) if step.optional => {}
            Err(e) => {
                let what = match &step.what {
                    Do::Act(a) => a.kind().label(),
                    Do::Extend(_) => "申请延期",
                    Do::Linked(_) => "关联重复来电",
                    Do::Register => "登记",
                };
                errors.push(format!("{number} {what}（{}）：{e}", c.state));
                working = linked && working;
            }
        }
    }
    Some((c, history))
}

pub(super) fn build(
    env: &Env<'_>,
    seed: u64,
    slots: &[Slot],
    index: usize,
    errors: &mut Vec<String>,
) -> Option<(Complaint, Vec<HistoryEvent>)> {
    let slot = &slots[index];
    if let (Some(target), Some(link_at)) = (slot.dup_of, slot.link_at) {
        let (first, _) = make_spec(env, seed, slots, target);
        let mut g = Gen::new(seed, index as u64 + 1);
        let (c, registrar) = repeat_call(env, &mut g, slot, &first.complaint);
        let steps = vec![
            Step { at: slot.reg, actor: &env.desk[registrar], what: Do::Register, optional: false },
            Step {
                at: link_at,
                actor: &env.desk[registrar],
                what: Do::Act(Box::new(Action::LinkDuplicate { target: slots[target].number.clone() })),
                optional: false,
            },
        ];
        return execute(env, c, steps, errors);
    }
    let (spec, mut g) = make_spec(env, seed, slots, index);
    // A few complaints of the last weeks got stuck somewhere: they show as 超期 in the lists.
    let age = env.now - slot.reg;
    let stuck = slot.forced.is_none() && age > Duration::days(7) && age < Duration::days(45) && g.chance(30);
    let stop = if stuck {
        Some(*g.pick(&[S::Dispatched, S::Investigating, S::AwaitingReview, S::AwaitingRevisit, S::AwaitingDecision]))
    } else {
        slot.forced
    };
    let may_withdraw = slot.links.is_empty() && slot.forced.is_none();
    let mut steps = plan_item(env, &mut g, &spec, slot.reg, stop, may_withdraw);
    if !slot.links.is_empty() {
        for &j in &slot.links {
            let at = slots[j].link_at.expect("linked slots have a link time");
            steps.push(Step {
                at,
                actor: g.pick(&env.desk),
                what: Do::Linked(slots[j].number.clone()),
                optional: false,
            });
        }
        steps.sort_by_key(|s| s.at);
        for k in 1..steps.len() {
            if steps[k].at <= steps[k - 1].at {
                steps[k].at = steps[k - 1].at + Duration::seconds(1);
            }
        }
    }
    execute(env, spec.complaint, steps, errors)
}

//! A complaint's clock: its deadlines started and met as the steps go, and the steps about time
//! itself — 催办 (and when a missed office step calls for one, [`urge_due`]), the office's request
//! for more time and the duty leader's decision, pausing and resuming the clock.

use crate::domain::calendar::WorkCalendar;
use crate::domain::deadline::{Deadline, Step};
use crate::domain::rights::{ActionError, ActionKind};
use crate::domain::time::{BizTime, format_due, format_span, to_biz};
use crate::domain::validate::FieldError;
use crate::domain::work::{Complaint, ComplaintState as S, ExtensionRequest};

use super::context::{Act, Context, refused, required, sign, with_text};
use super::history::HistoryEvent;

/// Start the deadline of `step` at `start` if the rules have one for the complaint's grade,
/// replacing any open deadline of the same step (which is closed at `start`).
pub(super) fn start_deadline(c: &mut Complaint, step: Step, start: BizTime, ctx: &Context<'_>) {
    for d in &mut c.deadlines {
        if d.step == step && d.met_at.is_none() {
            d.met_at = Some(start);
        }
    }
    if let Some(rule) = ctx.rules.rule(step, c.grade) {
        c.deadlines.push(Deadline::start(rule, start, ctx.calendar));
    }
}

/// The open deadline of `step` is met at `now`.
pub(super) fn meet(c: &mut Complaint, step: Step, now: BizTime) {
    for d in &mut c.deadlines {
        if d.step == step && d.met_at.is_none() {
            d.met_at = Some(now);
        }
    }
}

/// Every open deadline is met at `now` (the complaint is finished).
pub(super) fn meet_all(c: &mut Complaint, now: BizTime) {
    for d in &mut c.deadlines {
        if d.met_at.is_none() {
            d.met_at = Some(now);
        }
    }
}

/// 催办: the desk presses the office; counted, with its note.
pub(super) fn urge(n: &mut Complaint, text: &str) -> Result<String, ActionError> {
    let text = required("催办说明", text)?;
    n.urge_count += 1;
    Ok(text)
}

/// 申请延期: the office asks for the office-handling deadline to move to `until`, before it passes.
pub(super) fn request_extension(
    a: &Act<'_>,
    n: &mut Complaint,
    until: BizTime,
    reason: &str,
) -> Result<String, ActionError> {
    let (c, now) = (a.before, a.now);
    let reason = required("延期原因", reason)?;
    if c.extension.as_ref().is_some_and(|e| e.granted.is_none()) {
        return Err(refused("已有一份延期申请等待值班领导审批"));
    }
    let d = c.open_deadline(Step::OfficeHandling).ok_or_else(|| refused("当前没有办理时限，无需延期"))?;
    if now >= d.due_at {
        return Err(refused(format!("办理时限（{}）已过，不能再申请延期", format_due(d.due_at))));
    }
    if until <= d.due_at {
        return Err(FieldError::new("延期至", format!("须晚于当前时限（{}）", format_due(d.due_at))).into());
    }
    n.extension = Some(ExtensionRequest {
        requested_at: now,
        by: a.actor.id,
        by_name: a.actor.name.clone(),
        until,
        reason: reason.clone(),
        granted: None,
        decided_by: None,
    });
    Ok(format!("申请延期至{}：{reason}", format_due(until)))
}

/// 同意延期 / 不同意延期: the duty leader decides the pending request. Granted, the office
/// deadline moves to the date asked for, and the whole deadline by as much if it would fall first.
pub(super) fn decide_extension(a: &Act<'_>, n: &mut Complaint, text: &str) -> Result<String, ActionError> {
    let Some(req) = a.before.extension.as_ref().filter(|e| e.granted.is_none()) else {
        return Err(refused("没有待审批的延期申请"));
    };
    let grant = a.kind == ActionKind::GrantExtension;
    let text = if grant { text.trim().to_owned() } else { required("不同意原因", text)? };
    let ext = n.extension.as_mut().expect("checked above");
    ext.granted = Some(grant);
    ext.decided_by = Some(sign(a.actor, a.now));
    if !grant {
        return Ok(text);
    }
    let until = req.until;
    let mut delta = chrono::Duration::zero();
    for d in &mut n.deadlines {
        if d.step == Step::OfficeHandling && d.met_at.is_none() {
            delta = until - d.due_at;
            d.extend_to(until);
        }
    }
    if delta > chrono::Duration::zero() {
        for d in &mut n.deadlines {
            if d.step == Step::Whole && d.met_at.is_none() && d.due_at < until {
                d.extend_to(d.due_at + delta);
            }
        }
    }
    Ok(format!("同意延期至{}{}", format_due(until), with_text(&text)))
}

/// 暂停计时: the clock stands still from `now` (the complainant asked to be called later).
pub(super) fn pause(a: &Act<'_>, n: &mut Complaint, text: &str) -> Result<String, ActionError> {
    let text = required("暂停原因", text)?;
    if a.before.paused_since.is_some() {
        return Err(refused("计时已暂停"));
    }
    n.paused_since = Some(a.now);
    Ok(text)
}

/// 恢复计时: every open deadline moves by the time it stood still.
pub(super) fn resume(a: &Act<'_>, n: &mut Complaint, text: &str) -> Result<String, ActionError> {
    let now = a.now;
    let Some(since) = a.before.paused_since else {
        return Err(refused("计时未暂停，无需恢复"));
    };
    let secs = (now - since).num_seconds().max(0);
    for d in &mut n.deadlines {
        if d.met_at.is_none() {
            // A deadline started during the pause only stood still since its own start.
            d.add_pause((now - since.max(d.started_at)).num_seconds().max(0));
        }
    }
    n.paused_since = None;
    Ok(format!("恢复计时（暂停{}）{}", format_span(secs), with_text(text)))
}

/// The 催办 a missed office step calls for (domain.md §4: a missed deadline produces a 催办 the
/// next working day). A complaint still with the office (已转办 / 核查中) qualifies when its
/// office-handling deadline is overdue at `now` (a clock paused before the due time is not),
/// today is on or after the first working day after the due date, and nobody urged it since
/// it fell due (`history` is the complaint's own). Returns the missed deadline.
#[must_use]
pub fn urge_due<'a>(
    c: &'a Complaint,
    history: &[HistoryEvent],
    calendar: &WorkCalendar,
    now: BizTime,
) -> Option<&'a Deadline> {
    if !matches!(c.state, S::Dispatched | S::Investigating) {
        return None;
    }
    let d = c.open_deadline(Step::OfficeHandling)?;
    if d.status(now, 1.0, c.paused_since).secs_left >= 0 {
        return None;
    }
    // A period ending at 24:00 is stored as 00:00 of the next day: its date is the day before.
    let due_date = to_biz(&(d.due_at - chrono::Duration::seconds(1))).date_naive();
    let today = to_biz(&now).date_naive();
    if today < calendar.next_working_day_after(due_date) {
        return None;
    }
    let urged = history.iter().any(|e| e.action == ActionKind::Urge && e.at >= d.due_at);
    (!urged).then_some(d)
}

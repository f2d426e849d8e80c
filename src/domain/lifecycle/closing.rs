//! How a complaint ends, or starts over: the revisit (回访) that closes it or sends it to the duty
//! leader, 重办 (reopen), 办结 (close: a recorded suggestion, a revisit given up on, an
//! unsatisfied complaint decided), 撤诉 (withdraw) and the merge of a repeat call into an earlier
//! complaint. The revisit's own checks are the shared rules of `revisit`.

use crate::domain::deadline::Step;
use crate::domain::revisit::{self, RevisitInput, RevisitPolicy, build_attempt};
use crate::domain::rights::ActionError;
use crate::domain::time::{BizTime, format_biz};
use crate::domain::validate::FieldError;
use crate::domain::work::{CloseKind, Complaint, ComplaintState as S, ItemKind, Satisfaction};

use super::clock::{meet, meet_all, start_deadline};
use super::context::{Act, refused, required, with_text};

/// Count the unreached attempts of the current revisit round that are far enough apart.
fn spaced_unreached(c: &Complaint, policy: &RevisitPolicy) -> (u32, Option<BizTime>) {
    let since = c.approval.as_ref().map(|a| a.at);
    revisit::spaced_unreached(c.revisits.iter().filter(|r| since.is_none_or(|s| r.at >= s)), policy)
}

/// What the revisit queue needs to show: valid unreached attempts and when the next one may be made.
#[must_use]
pub fn revisit_progress(c: &Complaint, policy: &RevisitPolicy) -> (u32, Option<BizTime>) {
    spaced_unreached(c, policy)
}

/// 回访: one attempt, checked by the shared revisit rules. Unreached, it only counts; reached
/// and satisfied, the complaint is closed at the call's time; unsatisfied, the leader decides.
pub(super) fn record_revisit(a: &Act<'_>, n: &mut Complaint, input: &RevisitInput) -> Result<String, ActionError> {
    let policy = a.ctx.policy;
    let earliest = n.approval.as_ref().map(|s| s.at);
    let last = n.revisits.last().map(|r| r.at);
    let attempt = build_attempt(input, a.actor, a.now, policy, earliest, last)?;
    let at = attempt.at;
    n.revisits.push(attempt);
    if let Some(why) = input.unreached {
        let (count, _) = spaced_unreached(n, policy);
        return Ok(format!("回访未接通（{why}），有效尝试{count}次"));
    }
    let s = input.satisfaction.expect("build_attempt requires it when reached");
    let (words, reason) = (&input.words, &input.reason);
    meet(n, Step::Revisit, at);
    if s.is_unsatisfied() {
        n.state = S::AwaitingDecision;
        Ok(format!("回访：{s}，提交值班领导决定{}", with_text(reason)))
    } else {
        n.state = S::Closed;
        n.closed_at = Some(at);
        n.close_kind = Some(if s == Satisfaction::BasicallySatisfied {
            CloseKind::BasicallySatisfied
        } else {
            CloseKind::Satisfied
        });
        n.paused_since = None;
        meet_all(n, at);
        Ok(format!("回访：{s}{}", with_text(words)))
    }
}

/// 重办: a dispatched complaint goes back to the office for a new round; approval, signatures
/// and any closing are undone, the revisit clock is met and the office clock starts again.
pub(super) fn reopen(a: &Act<'_>, n: &mut Complaint, reason: &str) -> Result<String, ActionError> {
    let c = a.before;
    let reason = required("重办原因", reason)?;
    if c.kind != ItemKind::Complaint || c.office.is_none() {
        return Err(refused("只有转办过的投诉可以重办"));
    }
    n.reopen_count += 1;
    n.round += 1;
    n.state = S::Investigating;
    n.approval = None;
    n.head_signature = None;
    n.handler_signature = None;
    n.closed_at = None;
    n.close_kind = None;
    n.close_reason = None;
    meet(n, Step::Revisit, a.now);
    start_deadline(n, Step::OfficeHandling, a.now, a.ctx);
    Ok(reason)
}

/// 办结, by the state it is taken from: a registered suggestion or praise is recorded; a revisit
/// is given up on only after the policy's spaced attempts; an unsatisfied complaint is decided.
pub(super) fn close(a: &Act<'_>, n: &mut Complaint, reason: &str) -> Result<String, ActionError> {
    let (c, ctx, now) = (a.before, a.ctx, a.now);
    let (close_kind, text) = match c.state {
        S::Registered => {
            if c.kind == ItemKind::Complaint {
                return Err(refused("投诉须转办处理后方可办结；若为重复来电请合并，若投诉人撤回请撤诉"));
            }
            (CloseKind::Recorded, reason.trim().to_owned())
        }
        S::AwaitingRevisit => {
            let reason = required("回访未果说明", reason)?;
            let (count, next) = spaced_unreached(c, ctx.policy);
            if count < ctx.policy.min_attempts {
                let when = next.map(|t| format!("，下次可回访时间 {}", format_biz(t))).unwrap_or_default();
                return Err(refused(format!(
                    "回访未果须至少联系{}次且每次间隔不少于{}分钟，目前有效{}次{when}",
                    ctx.policy.min_attempts, ctx.policy.min_interval_mins, count
                )));
            }
            (CloseKind::Unreached, reason)
        }
        _ => (CloseKind::Unsatisfied, required("办结理由", reason)?),
    };
    n.state = S::Closed;
    n.closed_at = Some(now);
    n.close_kind = Some(close_kind);
    n.close_reason = if text.is_empty() { None } else { Some(text.clone()) };
    n.paused_since = None;
    meet_all(n, now);
    Ok(format!("{}{}", close_kind.label(), with_text(&text)))
}

/// 撤诉: the complainant withdrew; every clock stops.
pub(super) fn withdraw(a: &Act<'_>, n: &mut Complaint, reason: &str) -> Result<String, ActionError> {
    let reason = required("撤诉原因", reason)?;
    n.state = S::Withdrawn;
    n.closed_at = Some(a.now);
    n.paused_since = None;
    meet_all(n, a.now);
    Ok(reason)
}

/// 合并重复来电: this registration is the same event as complaint `target`, worked there
/// (whose own note is `super::link_target`).
pub(super) fn link_duplicate(a: &Act<'_>, n: &mut Complaint, target: &str) -> Result<String, ActionError> {
    let target = target.trim();
    if target.is_empty() {
        return Err(FieldError::new("原工单编号", "不能为空").into());
    }
    if target == a.before.number {
        return Err(FieldError::new("原工单编号", "不能与本工单相同").into());
    }
    n.duplicate_of = Some(target.to_owned());
    n.state = S::Duplicate;
    n.closed_at = Some(a.now);
    meet_all(n, a.now);
    Ok(format!("与{target}为同一事件，合并办理"))
}

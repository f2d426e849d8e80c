//! Revisit rules shared by complaints and the call log (issue 5 §1): the policy, one attempt's
//! checks, the spacing of unreached attempts, which consultations are sampled for a revisit, and
//! where a call's revisit stands.
//!
//! Below the complaint lifecycle: `lifecycle` records a complaint's revisit through
//! [`build_attempt`] and [`spaced_unreached`]; nothing here names the lifecycle (the action a
//! [`RevisitInput`] becomes, `RevisitInput::into_action`, is written there).

use serde::{Deserialize, Serialize};

use crate::domain::org::Actor;
use crate::domain::rights::{ActionError, may_register};
use crate::domain::time::{BizTime, format_biz};
use crate::domain::validate::{FUTURE_TOLERANCE_SECS, FieldError};
use crate::domain::work::{CallKind, CallRecord, RevisitAttempt, Satisfaction, UnreachedReason};

/// Revisit rules (domain.md §3, issue 5): when an unreached driver may be given up on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RevisitPolicy {
    /// Unreached attempts needed before closing as 回访未果.
    pub min_attempts: u32,
    /// Minutes between two attempts that count.
    pub min_interval_mins: u32,
    /// The 5-level scale (非常满意…非常不满意) instead of 满意/基本满意/不满意.
    pub five_level: bool,
    /// The share of consultations (0–100 %) sampled for a revisit; help requests are all revisited.
    pub consult_sample_percent: u32,
}

impl Default for RevisitPolicy {
    fn default() -> Self {
        Self { min_attempts: 3, min_interval_mins: 30, five_level: false, consult_sample_percent: 20 }
    }
}

/// One revisit call as the operator records it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RevisitInput {
    /// When the call was made; `None`: now.
    pub at: Option<BizTime>,
    /// `Some`: the driver was not reached, and why.
    pub unreached: Option<UnreachedReason>,
    /// The driver's answer when reached.
    pub satisfaction: Option<Satisfaction>,
    /// The driver's own words.
    pub words: String,
    /// Required below 满意.
    pub reason: String,
}

/// The satisfaction levels the policy uses: 满意/基本满意/不满意, or the five levels.
#[must_use]
pub fn satisfaction_levels(policy: &RevisitPolicy) -> &'static [Satisfaction] {
    if policy.five_level {
        Satisfaction::ALL
    } else {
        &[Satisfaction::Satisfied, Satisfaction::BasicallySatisfied, Satisfaction::Unsatisfied]
    }
}

/// Check one attempt and build it. `earliest` is when this round of revisits may start (the
/// approval, or the call's receipt); `last` the previous attempt, which it may not precede.
pub fn build_attempt(
    input: &RevisitInput,
    actor: &Actor,
    now: BizTime,
    policy: &RevisitPolicy,
    earliest: Option<BizTime>,
    last: Option<BizTime>,
) -> Result<RevisitAttempt, ActionError> {
    let at = input.at.unwrap_or(now);
    if (at - now).num_seconds() > FUTURE_TOLERANCE_SECS {
        return Err(FieldError::new("回访时间", format!("不能晚于当前时间（{}）", format_biz(now))).into());
    }
    if let Some(e) = earliest.filter(|e| at < *e) {
        return Err(FieldError::new("回访时间", format!("不能早于{}", format_biz(e))).into());
    }
    if let Some(l) = last.filter(|l| at < *l) {
        return Err(FieldError::new("回访时间", format!("不能早于上一次回访（{}）", format_biz(l))).into());
    }
    let reason = input.reason.trim().to_owned();
    if input.unreached.is_some() {
        if input.satisfaction.is_some() {
            return Err(FieldError::new("满意度", "未联系上司乘时不能填写满意度").into());
        }
    } else {
        let Some(s) = input.satisfaction else {
            return Err(FieldError::new("满意度", "联系上司乘后须选择满意度").into());
        };
        if !satisfaction_levels(policy).contains(&s) {
            return Err(FieldError::new("满意度", "当前使用三级评价：满意/基本满意/不满意").into());
        }
        if s.below_satisfied() && reason.is_empty() {
            return Err(FieldError::new("原因", format!("评价为「{s}」时须填写原因")).into());
        }
    }
    Ok(RevisitAttempt {
        at,
        by: actor.id,
        by_name: actor.name.clone(),
        unreached: input.unreached,
        satisfaction: if input.unreached.is_some() { None } else { input.satisfaction },
        words: input.words.trim().to_owned(),
        reason,
    })
}

/// Count the unreached attempts at least `min_interval_mins` apart, and when the next one may be
/// made (the last counted attempt plus the interval).
#[must_use]
pub fn spaced_unreached<'a>(
    attempts: impl IntoIterator<Item = &'a RevisitAttempt>,
    policy: &RevisitPolicy,
) -> (u32, Option<BizTime>) {
    let mut count = 0;
    let mut last: Option<BizTime> = None;
    for r in attempts.into_iter().filter(|r| r.unreached.is_some()) {
        if last.is_none_or(|l| (r.at - l).num_minutes() >= i64::from(policy.min_interval_mins)) {
            count += 1;
            last = Some(r.at);
        }
    }
    (count, last.map(|l| l + chrono::Duration::minutes(i64::from(policy.min_interval_mins))))
}

/// A stable number 0‥99 for a call number: FNV-1a over its bytes, the same on every machine
/// and in every version, so a call never drops in or out of the sample.
#[must_use]
pub fn sample_bucket(number: &str) -> u32 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in number.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    u32::try_from(h % 100).expect("below 100")
}

/// Whether a consultation with this number is in the revisit sample of `percent` %.
#[must_use]
pub fn consultation_sampled(number: &str, percent: u32) -> bool {
    sample_bucket(number) < percent
}

/// Whether a call needs a revisit at all: every help request, and the sampled consultations.
#[must_use]
pub fn call_needs_revisit(call: &CallRecord, policy: &RevisitPolicy) -> bool {
    match call.category.kind() {
        CallKind::Help => true,
        CallKind::Consultation => consultation_sampled(&call.number, policy.consult_sample_percent),
    }
}

/// Where a call's revisit stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallRevisitState {
    /// A consultation outside the sample.
    NotNeeded,
    /// Still to be revisited: valid unreached attempts so far, and when the next may be made.
    Open { unreached: u32, next_at: Option<BizTime> },
    /// The caller was reached and answered.
    Reached(Satisfaction),
    /// Not reached after the attempts the policy asks for (回访未果).
    Unreached,
}

impl CallRevisitState {
    /// The Chinese label the call log shows.
    #[must_use]
    pub fn label(self) -> String {
        match self {
            Self::NotNeeded => "无需回访".to_owned(),
            Self::Open { .. } => "待回访".to_owned(),
            Self::Reached(s) => format!("已回访（{s}）"),
            Self::Unreached => "回访未果".to_owned(),
        }
    }
}

/// Where `call`'s revisit stands under `policy`. A sampled call that already has attempts stays
/// in the revisit however the sample percentage changes later.
#[must_use]
pub fn call_revisit_state(call: &CallRecord, policy: &RevisitPolicy) -> CallRevisitState {
    if call.revisits.is_empty() && !call_needs_revisit(call, policy) {
        return CallRevisitState::NotNeeded;
    }
    if let Some(s) = call.revisits.iter().rev().find(|r| r.unreached.is_none()).and_then(|r| r.satisfaction) {
        return CallRevisitState::Reached(s);
    }
    let (unreached, next_at) = spaced_unreached(&call.revisits, policy);
    if unreached >= policy.min_attempts.max(1) {
        CallRevisitState::Unreached
    } else {
        CallRevisitState::Open { unreached, next_at }
    }
}

/// Record one revisit attempt on a call: only the duty desk, only while it is open.
pub fn revisit_call(
    call: &CallRecord,
    input: &RevisitInput,
    actor: &Actor,
    now: BizTime,
    policy: &RevisitPolicy,
) -> Result<CallRecord, ActionError> {
    may_register(actor)?;
    match call_revisit_state(call, policy) {
        CallRevisitState::Open { .. } => {}
        done => {
            return Err(ActionError::Refused(format!("来电{}{}，不能再记录回访", call.number, done.label())));
        }
    }
    let last = call.revisits.last().map(|r| r.at);
    let attempt = build_attempt(input, actor, now, policy, Some(call.received_at), last)?;
    let mut n = call.clone();
    n.revisits.push(attempt);
    Ok(n)
}

/// Check a revisit policy typed on the settings page; every message names its field.
pub fn check_policy(policy: &RevisitPolicy) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    if policy.min_attempts < 1 {
        errors.push(FieldError::new("回访未果最少次数", "至少为1次"));
    }
    if policy.min_attempts > 20 {
        errors.push(FieldError::new("回访未果最少次数", "不能超过20次"));
    }
    if policy.min_interval_mins > 24 * 60 {
        errors.push(FieldError::new("每次间隔分钟", "不能超过1440分钟（1天）"));
    }
    if policy.consult_sample_percent > 100 {
        errors.push(FieldError::new("咨询抽样回访比例", "须在0到100之间"));
    }
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::org::{Role, UnitId, UserId};
    use crate::domain::time::parse_biz_time;
    use crate::domain::validate::Phone;
    use crate::domain::work::{CallCategory, Source};

    fn t(s: &str) -> BizTime {
        parse_biz_time(s).unwrap()
    }

    fn operator() -> Actor {
        Actor { id: UserId(10), name: "值班员甲".into(), unit: UnitId(2), roles: vec![Role::Operator] }
    }

    fn call(number: &str, category: CallCategory) -> CallRecord {
        CallRecord {
            number: number.into(),
            category,
            source: Source::DirectCall,
            received_at: t("2026-11-20 08:00"),
            received_by: UserId(10),
            received_by_name: "值班员甲".into(),
            caller: "张先生".into(),
            phone: Phone::parse("13812345678").unwrap(),
            plate: None,
            place: None,
            kstake: None,
            content: "车辆爆胎".into(),
            reply: "已通知清障".into(),
            referred_to: None,
            revisits: Vec::new(),
        }
    }

    fn busy(at: &str) -> RevisitInput {
        RevisitInput { at: Some(t(at)), unreached: Some(UnreachedReason::Busy), ..RevisitInput::default() }
    }

    #[test]
    fn the_sample_is_stable_and_about_the_percentage() {
        let numbers: Vec<String> = (1..=2000).map(|i| format!("LD20261121{i:05}")).collect();
        let sampled = numbers.iter().filter(|n| consultation_sampled(n, 20)).count();
        assert!((340..=460).contains(&sampled), "{sampled} of 2000 at 20 %");
        // The same call is always in or out; a bigger sample keeps every call of a smaller one.
        for n in &numbers {
            assert_eq!(consultation_sampled(n, 20), consultation_sampled(n, 20));
            if consultation_sampled(n, 20) {
                assert!(consultation_sampled(n, 50));
            }
        }
        assert!(numbers.iter().all(|n| !consultation_sampled(n, 0)));
        assert!(numbers.iter().all(|n| consultation_sampled(n, 100)));
        // Pinned values: a change of the hash would move calls in and out of the sample.
        // (FNV-1a 64 worked out independently: the offset basis ends in …037.)
        assert_eq!(sample_bucket(""), 37);
        assert_eq!(sample_bucket("LD2026112100001"), 79);
        assert_eq!(sample_bucket("LD2026112100002"), 90);
    }

    #[test]
    fn help_requests_always_need_a_revisit_and_consultations_only_when_sampled() {
        let policy = RevisitPolicy::default();
        let help = call("LD2026112000001", CallCategory::FlatTyre);
        assert!(call_needs_revisit(&help, &policy));
        let numbers: Vec<String> = (1..=200).map(|i| format!("LD20261120{i:05}")).collect();
        let inside = numbers.iter().find(|n| consultation_sampled(n, 20)).unwrap();
        let outside = numbers.iter().find(|n| !consultation_sampled(n, 20)).unwrap();
        assert!(call_needs_revisit(&call(inside, CallCategory::Etc), &policy));
        let out = call(outside, CallCategory::Etc);
        assert!(!call_needs_revisit(&out, &policy));
        assert_eq!(call_revisit_state(&out, &policy), CallRevisitState::NotNeeded);
        let all = RevisitPolicy { consult_sample_percent: 100, ..policy };
        assert!(call_needs_revisit(&out, &all));
    }

    #[test]
    fn a_call_is_done_when_reached_or_after_the_spaced_unreached_attempts() {
        let policy = RevisitPolicy::default();
        let me = operator();
        let now = t("2026-11-21 10:00");
        let mut c = call("LD2026112000001", CallCategory::Accident);
        for at in ["2026-11-20 09:00", "2026-11-20 09:10", "2026-11-20 09:45"] {
            c = revisit_call(&c, &busy(at), &me, now, &policy).unwrap();
        }
        // 09:10 is too close to 09:00: two count, the next may be made from 10:15.
        assert_eq!(
            call_revisit_state(&c, &policy),
            CallRevisitState::Open { unreached: 2, next_at: Some(t("2026-11-20 10:15")) }
        );
        c = revisit_call(&c, &busy("2026-11-20 10:20"), &me, now, &policy).unwrap();
        assert_eq!(call_revisit_state(&c, &policy), CallRevisitState::Unreached);
        let err = revisit_call(&c, &busy("2026-11-20 11:00"), &me, now, &policy).unwrap_err();
        assert!(err.to_string().contains("回访未果，不能再记录回访"), "{err}");

        let fresh = call("LD2026112000002", CallCategory::Accident);
        let reached = RevisitInput {
            satisfaction: Some(Satisfaction::Satisfied),
            words: "救援很快".into(),
            ..RevisitInput::default()
        };
        let done = revisit_call(&fresh, &reached, &me, now, &policy).unwrap();
        assert_eq!(done.revisits[0].at, now, "time defaults to now");
        assert_eq!(call_revisit_state(&done, &policy), CallRevisitState::Reached(Satisfaction::Satisfied));
        assert!(revisit_call(&done, &reached, &me, now, &policy).is_err());
    }

    #[test]
    fn call_attempts_are_checked_like_complaint_revisits() {
        let policy = RevisitPolicy::default();
        let me = operator();
        let now = t("2026-11-21 10:00");
        let c = call("LD2026112000001", CallCategory::NoFuel);
        let unhappy = RevisitInput { satisfaction: Some(Satisfaction::Unsatisfied), ..RevisitInput::default() };
        let err = revisit_call(&c, &unhappy, &me, now, &policy).unwrap_err();
        assert_eq!(err.to_string(), "原因：评价为「不满意」时须填写原因");
        let five = RevisitInput { satisfaction: Some(Satisfaction::VerySatisfied), ..RevisitInput::default() };
        assert!(revisit_call(&c, &five, &me, now, &policy).unwrap_err().to_string().contains("三级评价"));
        let five_ok = RevisitPolicy { five_level: true, ..policy };
        assert!(revisit_call(&c, &five, &me, now, &five_ok).is_ok());
        let early = busy("2026-11-20 07:00");
        assert!(revisit_call(&c, &early, &me, now, &policy).unwrap_err().to_string().contains("回访时间：不能早于"));
        let future = busy("2026-11-21 12:00");
        assert!(revisit_call(&c, &future, &me, now, &policy).unwrap_err().to_string().contains("不能晚于当前时间"));
        let office = Actor { roles: vec![Role::OfficeHandler], ..me };
        assert!(matches!(
            revisit_call(&c, &busy("2026-11-20 09:00"), &office, now, &policy),
            Err(ActionError::Role { .. })
        ));
    }

    #[test]
    fn policy_checks_name_their_fields() {
        assert!(check_policy(&RevisitPolicy::default()).is_ok());
        let bad =
            RevisitPolicy { min_attempts: 0, min_interval_mins: 2000, five_level: false, consult_sample_percent: 101 };
        let fields: Vec<String> = check_policy(&bad).unwrap_err().iter().map(|e| e.field.clone()).collect();
        assert_eq!(fields, ["回访未果最少次数", "每次间隔分钟", "咨询抽样回访比例"]);
    }

    #[test]
    fn old_policies_and_calls_load_with_defaults() {
        let p: RevisitPolicy =
            serde_json::from_str(r#"{"min_attempts":2,"min_interval_mins":15,"five_level":true}"#).unwrap();
        assert_eq!(p.consult_sample_percent, 20);
        assert_eq!(p.min_attempts, 2);
        let mut json = serde_json::to_value(call("LD2026112000001", CallCategory::Etc)).unwrap();
        json.as_object_mut().unwrap().remove("revisits");
        let c: CallRecord = serde_json::from_value(json).unwrap();
        assert!(c.revisits.is_empty());
    }
}

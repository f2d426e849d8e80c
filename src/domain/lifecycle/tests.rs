//! The lifecycle end to end: every action from every state by every role follows the table,
//! refusals say why, and each step changes the complaint as domain.md §3–4 describes.

use super::*;
use crate::domain::calendar::WorkCalendar;
use crate::domain::checklist::{Check, CheckOutcome, Conclusion, Responsibility, Retrieval, VideoRow, VideoSource};
use crate::domain::checklist::{Checklist, OfficeResult};
use crate::domain::deadline::DeadlineState;
use crate::domain::deadline::{DeadlineRules, Step};
use crate::domain::intake::{ComplaintInput, validate_complaint};
use crate::domain::org::{Role, Station, StationId, Unit, UnitId, UnitKind, UserId};
use crate::domain::time::parse_biz_time;
use crate::domain::time::{BizTime, format_due};
use crate::domain::work::{Category, RevisitAttempt};
use crate::domain::work::{CloseKind, ComplaintState, ExtensionRequest, ItemKind, Satisfaction, UnreachedReason};

use ComplaintState as S;
use Role as R;

const SEGMENT: UnitId = UnitId(2);
const OFFICE1: UnitId = UnitId(3);
const OFFICE2: UnitId = UnitId(4);

/// The organisation, rules and calendar every test works in.
type World = ContextData;

fn world() -> World {
    let unit = |id, name: &str, kind| Unit { id: UnitId(id), name: name.into(), kind, parent: None, phone: None };
    ContextData {
        rules: DeadlineRules::default(),
        calendar: WorkCalendar::builtin(),
        policy: RevisitPolicy::default(),
        units: vec![
            unit(1, "省客服中心", UnitKind::Provincial),
            unit(2, "路段中心", UnitKind::Segment),
            unit(3, "汉川管理所", UnitKind::Office),
            unit(4, "仙桃管理所", UnitKind::Office),
            unit(5, "路政支队", UnitKind::RoadAdmin),
        ],
        stations: vec![
            Station { id: StationId(1), name: "汉川收费站".into(), office: OFFICE1 },
            Station { id: StationId(2), name: "仙桃收费站".into(), office: OFFICE2 },
        ],
    }
}

fn t(s: &str) -> BizTime {
    parse_biz_time(s).unwrap()
}

fn actor(id: i64, role: Role) -> Actor {
    let unit = if matches!(role, R::OfficeHandler | R::OfficeHead) { OFFICE1 } else { SEGMENT };
    Actor { id: UserId(id), name: format!("{}{id}", role.label()), unit, roles: vec![role] }
}

fn operator() -> Actor {
    actor(10, R::Operator)
}
fn leader() -> Actor {
    actor(11, R::DutyLeader)
}
fn handler() -> Actor {
    actor(12, R::OfficeHandler)
}
fn head() -> Actor {
    actor(13, R::OfficeHead)
}

fn draft(now: BizTime) -> Complaint {
    let input = ComplaintInput {
        phone: Some("138 1234 5678".into()),
        complainant: Some("王喆".into()),
        plate: Some("鄂a·12345".into()),
        category: Some("服务态度".into()),
        content: Some("收费员态度恶劣，扔卡".into()),
        accepted_at: Some("2026-09-30 09:00".into()),
        ..ComplaintInput::default()
    };
    let w = world();
    let mut c = validate_complaint(&input, &operator(), now, &w.units, &w.stations).unwrap();
    c.number = "TS2026093000001".into();
    c
}

fn checklist() -> Checklist {
    let ok = Check { outcome: CheckOutcome::Consistent, note: String::new() };
    Checklist {
        videos: vec![VideoRow {
            source: VideoSource::BoothCamera,
            location: "3号车道".into(),
            from: Some(t("2026-09-30 08:00")),
            to: Some(t("2026-09-30 08:10")),
            retrieval: Retrieval::Retrieved,
            observation: "收费员将卡递出时有抛掷动作".into(),
        }],
        transaction: ok.clone(),
        vehicle_class: ok.clone(),
        staff_interview: ok,
        conclusion: Some(Conclusion::Founded),
        responsibility: vec![Responsibility::TollCollector],
    }
}

fn result() -> OfficeResult {
    OfficeResult {
        investigation: "调取录像属实".into(),
        handling: "对收费员批评教育".into(),
        action_taken: "扣绩效".into(),
        contacted_at: Some(t("2026-09-30 15:00")),
        explained: "已向司机致歉".into(),
        reaction: "接受".into(),
    }
}

/// Drive a complaint through the lifecycle to `state`, as the right people would.
fn in_state(w: &World, state: ComplaintState) -> Complaint {
    let ctx = w.context();
    let mut c = register(draft(t("2026-09-30 09:05")), &operator(), t("2026-09-30 09:05"), &ctx).unwrap().complaint;
    let step = |c: &Complaint, a: Action, who: &Actor, at: &str| apply(c, &a, who, t(at), &ctx).unwrap().complaint;
    if state == S::Registered {
        return c;
    }
    if state == S::Duplicate {
        return step(&c, Action::LinkDuplicate { target: "TS2026092900001".into() }, &operator(), "2026-09-30 09:06");
    }
    if state == S::Withdrawn {
        return step(&c, Action::Withdraw { reason: "司机撤回".into() }, &operator(), "2026-09-30 09:06");
    }
    c = step(
        &c,
        Action::Dispatch { office: OFFICE1, station: Some(StationId(1)), note: String::new() },
        &operator(),
        "2026-09-30 09:10",
    );
    if state == S::Dispatched {
        return c;
    }
    c = step(&c, Action::Accept { note: String::new() }, &handler(), "2026-09-30 09:30");
    c = step(&c, Action::SaveChecklist { checklist: checklist(), result: None }, &handler(), "2026-09-30 11:00");
    if state == S::Investigating {
        return c;
    }
    c = step(&c, Action::SubmitResult { result: result(), head: head() }, &handler(), "2026-09-30 16:00");
    if state == S::AwaitingReview {
        return c;
    }
    c = step(&c, Action::Approve { note: String::new() }, &leader(), "2026-09-30 17:00");
    if state == S::AwaitingRevisit {
        return c;
    }
    let revisit = |s| Action::RecordRevisit {
        at: None,
        unreached: None,
        satisfaction: Some(s),
        words: "还行".into(),
        reason: "处理太慢".into(),
    };
    if state == S::Closed {
        return step(&c, revisit(Satisfaction::Satisfied), &operator(), "2026-10-01 10:00");
    }
    assert_eq!(state, S::AwaitingDecision);
    step(&c, revisit(Satisfaction::Unsatisfied), &operator(), "2026-10-01 10:00")
}

#[test]
fn an_overdue_office_step_is_suggested_for_urging_on_the_next_working_day_until_urged() {
    let w = world();
    let ctx = w.context();
    // Dispatched 09-30 09:10 with one natural day: due 10-01 24:00, in the National Day holiday.
    let c = in_state(&w, S::Dispatched);
    let due = c.open_deadline(Step::OfficeHandling).unwrap().due_at;
    assert_eq!(format_due(due), "2026-10-01 24:00");
    let mut history = Vec::new();
    let at = |s: &str| urge_due(&c, &history, &w.calendar, t(s)).map(|d| d.due_at);
    assert_eq!(at("2026-10-01 23:00"), None, "not due yet");
    assert_eq!(at("2026-10-02 09:00"), None, "overdue, but 10-02 is a holiday");
    assert_eq!(at("2026-10-07 18:00"), None, "still the holiday");
    assert_eq!(at("2026-10-08 00:00"), Some(due), "the first working day after the due date");
    assert_eq!(at("2026-10-11 10:00"), Some(due), "and after, until urged");

    // An urge before the due time does not count; one after it does.
    let urge = |c: &Complaint, when: &str| {
        apply(c, &Action::Urge { note: "请尽快".into() }, &operator(), t(when), &ctx).unwrap()
    };
    history.push(urge(&c, "2026-10-01 10:00").event);
    assert_eq!(urge_due(&c, &history, &w.calendar, t("2026-10-08 09:00")).map(|d| d.due_at), Some(due));
    history.push(urge(&c, "2026-10-03 10:00").event);
    assert_eq!(urge_due(&c, &history, &w.calendar, t("2026-10-08 09:00")), None, "urged since");

    // A clock paused before the due time is not overdue; a submitted result is not with the office.
    let mut paused = c.clone();
    paused.paused_since = Some(t("2026-10-01 12:00"));
    assert_eq!(urge_due(&paused, &[], &w.calendar, t("2026-10-08 09:00")), None);
    let submitted = in_state(&w, S::AwaitingReview);
    assert_eq!(urge_due(&submitted, &[], &w.calendar, t("2026-10-08 09:00")), None);
}

/// A valid payload for `kind`, and the complaint adjusted so that the action's own
/// preconditions hold (pending extension, paused clock, enough revisit attempts …).
fn prepared(kind: ActionKind, mut c: Complaint, now: BizTime) -> (Complaint, Action) {
    let action = match kind {
        ActionKind::Dispatch => Action::Dispatch { office: OFFICE1, station: None, note: String::new() },
        ActionKind::Transfer => Action::Transfer { office: OFFICE2, station: None, note: "路段调整".into() },
        ActionKind::Accept => Action::Accept { note: String::new() },
        ActionKind::SaveChecklist => Action::SaveChecklist { checklist: checklist(), result: None },
        ActionKind::SubmitResult => {
            c.checklist = checklist();
            Action::SubmitResult { result: result(), head: head() }
        }
        ActionKind::Approve => Action::Approve { note: String::new() },
        ActionKind::Return => Action::Return { reason: "录像说明不清".into() },
        ActionKind::Urge => Action::Urge { note: "请尽快".into() },
        ActionKind::RequestExtension => {
            Action::RequestExtension { until: now + chrono::Duration::days(3), reason: "需调取外站录像".into() }
        }
        ActionKind::GrantExtension | ActionKind::RefuseExtension => {
            c.extension = Some(ExtensionRequest {
                requested_at: now,
                by: UserId(12),
                by_name: "经办人".into(),
                until: now + chrono::Duration::days(3),
                reason: "需调取外站录像".into(),
                granted: None,
                decided_by: None,
            });
            if kind == ActionKind::GrantExtension {
                Action::GrantExtension { note: String::new() }
            } else {
                Action::RefuseExtension { reason: "时间充足".into() }
            }
        }
        ActionKind::Pause => Action::Pause { note: "司机要求晚些回电".into() },
        ActionKind::Resume => {
            c.paused_since = Some(now - chrono::Duration::hours(1));
            Action::Resume { note: String::new() }
        }
        ActionKind::RecordRevisit => Action::RecordRevisit {
            at: None,
            unreached: None,
            satisfaction: Some(Satisfaction::Satisfied),
            words: "满意".into(),
            reason: String::new(),
        },
        ActionKind::Reopen => Action::Reopen { reason: "司机仍不满意".into() },
        ActionKind::Close => {
            if c.state == S::Registered {
                c.kind = ItemKind::Suggestion;
            }
            for i in 0..3 {
                c.revisits.push(RevisitAttempt {
                    at: now - chrono::Duration::minutes(100 - 40 * i),
                    by: UserId(10),
                    by_name: "值班员".into(),
                    unreached: Some(UnreachedReason::Busy),
                    satisfaction: None,
                    words: String::new(),
                    reason: String::new(),
                });
            }
            Action::Close { reason: "多次联系未果".into() }
        }
        ActionKind::Withdraw => Action::Withdraw { reason: "司机撤回".into() },
        ActionKind::LinkDuplicate => Action::LinkDuplicate { target: "TS2026092900001".into() },
        ActionKind::Register | ActionKind::LinkedCall => unreachable!(),
    };
    (c, action)
}

#[test]
fn every_state_action_role_follows_the_table() {
    let w = world();
    let ctx = w.context();
    let now = t("2026-09-30 20:00");
    let mut checked = 0;
    for &state in ComplaintState::ALL {
        let base = in_state(&w, state);
        assert_eq!(base.state, state);
        for &kind in ActionKind::ALL {
            if matches!(kind, ActionKind::Register | ActionKind::LinkedCall) {
                continue;
            }
            for &role in Role::ALL {
                let (c, action) = prepared(kind, base.clone(), now);
                let who = actor(20, role);
                let allowed = rule(kind).roles_in(state).contains(&role);
                let got = apply(&c, &action, &who, now, &ctx);
                match (&got, allowed) {
                    (Ok(tr), true) => {
                        assert_eq!(tr.event.action, kind);
                        assert_eq!(tr.event.from_state, Some(state));
                        assert_eq!(tr.event.to_state, tr.complaint.state);
                        assert_eq!(tr.event.actor, who.id);
                    }
                    (Err(ActionError::Role { .. } | ActionError::State { .. }), false) => {}
                    _ => panic!("{state:?} × {kind:?} × {role:?}: allowed={allowed}, got {got:?}"),
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, ComplaintState::ALL.len() * (ActionKind::ALL.len() - 2) * Role::ALL.len());
}

#[test]
fn refusals_say_why_in_chinese() {
    let w = world();
    let ctx = w.context();
    let c = in_state(&w, S::AwaitingReview);
    let err =
        apply(&c, &Action::Approve { note: String::new() }, &operator(), t("2026-09-30 18:00"), &ctx).unwrap_err();
    assert_eq!(err.to_string(), "「审核通过」只能由值班领导办理，您的角色是值班员");
    let err = apply(&c, &Action::Accept { note: String::new() }, &handler(), t("2026-09-30 18:00"), &ctx).unwrap_err();
    assert!(err.to_string().contains("工单当前状态为「待审核」，不能「签收」"), "{err}");
    let err = apply(&c, &Action::Return { reason: "  ".into() }, &leader(), t("2026-09-30 18:00"), &ctx).unwrap_err();
    assert_eq!(err.to_string(), "退回原因：不能为空");
}

#[test]
fn another_office_cannot_touch_the_form() {
    let w = world();
    let c = in_state(&w, S::Dispatched);
    let mut other = handler();
    other.unit = OFFICE2;
    let err =
        apply(&c, &Action::Accept { note: String::new() }, &other, t("2026-09-30 18:00"), &w.context()).unwrap_err();
    assert_eq!(err.to_string(), "该工单由汉川管理所办理，您所在单位不能「签收」");
}

#[test]
fn submit_is_refused_with_what_is_missing_and_needs_the_heads_signature() {
    let w = world();
    let ctx = w.context();
    let mut c = in_state(&w, S::Investigating);
    c.checklist = Checklist::default();
    let submit = |c: &Complaint, head: Actor| {
        apply(c, &Action::SubmitResult { result: result(), head }, &handler(), t("2026-09-30 18:00"), &ctx)
    };
    let err = submit(&c, head()).unwrap_err();
    let ActionError::Incomplete(missing) = &err else { panic!("{err:?}") };
    assert!(missing.iter().any(|m| m.contains("核查结论")), "{missing:?}");
    assert!(err.to_string().starts_with("还不能提交，尚缺："));
    c.checklist = checklist();
    let err = submit(&c, handler()).unwrap_err();
    assert!(err.to_string().contains("不是管理所负责人"), "{err}");
    let mut foreign_head = head();
    foreign_head.unit = OFFICE2;
    assert!(submit(&c, foreign_head).unwrap_err().to_string().contains("不是汉川管理所的负责人"));
    let ok = submit(&c, head()).unwrap().complaint;
    assert_eq!(ok.head_signature.as_ref().unwrap().name, "管理所负责人13");
    assert_eq!(ok.head_signature.as_ref().unwrap().at, t("2026-09-30 18:00"));
}

#[test]
fn return_keeps_the_round_and_restarts_the_office_clock() {
    let w = world();
    let ctx = w.context();
    let c = in_state(&w, S::AwaitingReview);
    let tr =
        apply(&c, &Action::Return { reason: "录像说明不清".into() }, &leader(), t("2026-10-02 10:00"), &ctx).unwrap();
    let r = tr.complaint;
    assert_eq!(r.state, S::Investigating);
    assert_eq!(r.round, 2);
    assert_eq!(r.return_reason.as_deref(), Some("录像说明不清"));
    assert!(r.head_signature.is_none());
    let office = r.open_deadline(Step::OfficeHandling).unwrap();
    assert_eq!(office.started_at, t("2026-10-02 10:00"));
    assert_eq!(crate::domain::time::format_due(office.due_at), "2026-10-03 24:00");
    // The event records what changed.
    assert!(tr.event.changes.get("round").is_some());
    assert!(tr.event.changes.get("state").is_some());
}

#[test]
fn revisit_rules_need_spaced_attempts_before_giving_up() {
    let w = world();
    let ctx = w.context();
    let mut c = in_state(&w, S::AwaitingRevisit);
    let busy = Action::RecordRevisit {
        at: None,
        unreached: Some(UnreachedReason::Busy),
        satisfaction: None,
        words: String::new(),
        reason: String::new(),
    };
    let close = Action::Close { reason: "三次未接通".into() };
    for at in ["2026-10-01 09:00", "2026-10-01 09:10", "2026-10-01 09:45"] {
        c = apply(&c, &busy, &operator(), t(at), &ctx).unwrap().complaint;
    }
    // 09:10 is too close to 09:00: only two attempts count.
    let err = apply(&c, &close, &operator(), t("2026-10-01 09:50"), &ctx).unwrap_err();
    assert!(err.to_string().contains("目前有效2次，下次可回访时间 2026-10-01 10:15"), "{err}");
    c = apply(&c, &busy, &operator(), t("2026-10-01 10:20"), &ctx).unwrap().complaint;
    let closed = apply(&c, &close, &operator(), t("2026-10-01 10:21"), &ctx).unwrap().complaint;
    assert_eq!(closed.state, S::Closed);
    assert_eq!(closed.close_kind, Some(CloseKind::Unreached));
}

#[test]
fn a_revisit_records_the_time_it_was_made_within_the_round() {
    let w = world();
    let ctx = w.context();
    let c = in_state(&w, S::AwaitingRevisit);
    let at = |s: &str| Action::RecordRevisit {
        at: Some(t(s)),
        unreached: None,
        satisfaction: Some(Satisfaction::Satisfied),
        words: "满意".into(),
        reason: String::new(),
    };
    // Approved at 2026-09-30 17:00: a call before that belongs to no revisit of this round.
    let err = apply(&c, &at("2026-09-30 16:00"), &operator(), t("2026-10-01 10:00"), &ctx).unwrap_err();
    assert_eq!(err.to_string(), "回访时间：不能早于2026-09-30 17:00");
    let err = apply(&c, &at("2026-10-01 11:00"), &operator(), t("2026-10-01 10:00"), &ctx).unwrap_err();
    assert!(err.to_string().contains("不能晚于当前时间"), "{err}");
    let tr = apply(&c, &at("2026-10-01 09:30"), &operator(), t("2026-10-01 10:00"), &ctx).unwrap();
    assert_eq!(tr.complaint.revisits.last().unwrap().at, t("2026-10-01 09:30"));
    assert_eq!(tr.complaint.closed_at, Some(t("2026-10-01 09:30")), "closed when the driver said so");
    assert_eq!(tr.event.at, t("2026-10-01 10:00"), "the history says when it was recorded");
}

#[test]
fn unsatisfied_goes_to_the_leader_who_may_reopen() {
    let w = world();
    let ctx = w.context();
    let c = in_state(&w, S::AwaitingRevisit);
    let unhappy = |reason: &str| Action::RecordRevisit {
        at: None,
        unreached: None,
        satisfaction: Some(Satisfaction::Unsatisfied),
        words: "没人管".into(),
        reason: reason.into(),
    };
    let err = apply(&c, &unhappy(""), &operator(), t("2026-10-01 10:00"), &ctx).unwrap_err();
    assert_eq!(err.to_string(), "原因：评价为「不满意」时须填写原因");
    let c = apply(&c, &unhappy("未退还多收费用"), &operator(), t("2026-10-01 10:00"), &ctx).unwrap().complaint;
    assert_eq!(c.state, S::AwaitingDecision);
    let err =
        apply(&c, &Action::Close { reason: "已解释".into() }, &operator(), t("2026-10-01 11:00"), &ctx).unwrap_err();
    assert!(matches!(err, ActionError::Role { .. }), "{err:?}");
    let c =
        apply(&c, &Action::Reopen { reason: "退费".into() }, &leader(), t("2026-10-01 11:00"), &ctx).unwrap().complaint;
    assert_eq!((c.state, c.reopen_count, c.round), (S::Investigating, 1, 2));
    assert_eq!(c.revisits.len(), 1, "earlier rounds are kept");
}

#[test]
fn history_records_only_the_elements_that_changed() {
    let w = world();
    let ctx = w.context();
    let c = in_state(&w, S::AwaitingRevisit);
    let busy = Action::RecordRevisit {
        at: None,
        unreached: Some(UnreachedReason::Busy),
        satisfaction: None,
        words: String::new(),
        reason: String::new(),
    };
    let c = apply(&c, &busy, &operator(), t("2026-10-01 09:00"), &ctx).unwrap().complaint;
    let ev = apply(&c, &busy, &operator(), t("2026-10-01 09:40"), &ctx).unwrap().event;
    let v = ev.changes.to_value();
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["revisits[1]"], "only the new attempt is recorded: {}", ev.changes.as_json());
    assert_eq!(v["revisits[1]"]["from"], serde_json::Value::Null);
    assert_eq!(v["revisits[1]"]["to"]["unreached"], "busy");
}

#[test]
fn five_level_answers_are_refused_on_the_three_level_scale() {
    let w = world();
    let c = in_state(&w, S::AwaitingRevisit);
    let a = Action::RecordRevisit {
        at: None,
        unreached: None,
        satisfaction: Some(Satisfaction::VerySatisfied),
        words: String::new(),
        reason: String::new(),
    };
    assert!(
        apply(&c, &a, &operator(), t("2026-10-01 10:00"), &w.context()).unwrap_err().to_string().contains("三级评价")
    );
}

#[test]
fn pause_moves_the_due_time_and_freezes_the_status() {
    let w = world();
    let ctx = w.context();
    let c = in_state(&w, S::Dispatched);
    let due = c.open_deadline(Step::OfficeHandling).unwrap().due_at;
    assert_eq!(crate::domain::time::format_due(due), "2026-10-01 24:00");
    let c = apply(&c, &Action::Pause { note: "司机要求明天再联系".into() }, &operator(), t("2026-10-01 10:00"), &ctx)
        .unwrap()
        .complaint;
    let st = c.open_deadline(Step::OfficeHandling).unwrap().status(t("2026-10-05 10:00"), 0.8, c.paused_since);
    assert_ne!(st.state, DeadlineState::Overdue, "time stands still while paused");
    let c =
        apply(&c, &Action::Resume { note: String::new() }, &operator(), t("2026-10-01 16:00"), &ctx).unwrap().complaint;
    let moved = c.open_deadline(Step::OfficeHandling).unwrap().due_at;
    assert_eq!(moved - due, chrono::Duration::hours(6));
    assert!(c.paused_since.is_none());
}

#[test]
fn granted_extension_moves_the_office_due_time() {
    let w = world();
    let ctx = w.context();
    let c = in_state(&w, S::Investigating);
    let until = t("2026-10-03 18:00");
    let late = apply(
        &c,
        &Action::RequestExtension { until, reason: "外站录像".into() },
        &handler(),
        t("2026-10-02 01:00"),
        &ctx,
    )
    .unwrap_err();
    assert!(late.to_string().contains("已过，不能再申请延期"), "{late}");
    let c = apply(
        &c,
        &Action::RequestExtension { until, reason: "外站录像".into() },
        &handler(),
        t("2026-09-30 12:00"),
        &ctx,
    )
    .unwrap()
    .complaint;
    let again =
        apply(&c, &Action::RequestExtension { until, reason: "再延".into() }, &handler(), t("2026-09-30 12:05"), &ctx)
            .unwrap_err();
    assert!(again.to_string().contains("已有一份延期申请"));
    let c = apply(&c, &Action::GrantExtension { note: String::new() }, &leader(), t("2026-09-30 13:00"), &ctx)
        .unwrap()
        .complaint;
    assert_eq!(c.open_deadline(Step::OfficeHandling).unwrap().due_at, until);
    assert_eq!(c.extension.as_ref().unwrap().granted, Some(true));
}

#[test]
fn suggestions_are_closed_on_registration_but_complaints_are_not() {
    let w = world();
    let ctx = w.context();
    let c = in_state(&w, S::Registered);
    assert!(apply(&c, &Action::Close { reason: String::new() }, &operator(), t("2026-09-30 10:00"), &ctx).is_err());
    let mut s = c.clone();
    s.kind = ItemKind::Suggestion;
    let closed = apply(&s, &Action::Close { reason: String::new() }, &operator(), t("2026-09-30 10:00"), &ctx)
        .unwrap()
        .complaint;
    assert_eq!(closed.close_kind, Some(CloseKind::Recorded));
    assert!(c.deadlines.iter().any(|d| d.step == Step::Whole));
    assert_eq!(c.category, Category::StaffAttitude);
}

#[test]
fn major_complaints_get_tighter_limits() {
    let w = world();
    let mut d = draft(t("2026-09-30 09:05"));
    d.grade = crate::domain::work::Grade::Major;
    let c = register(d, &operator(), t("2026-09-30 09:05"), &w.context()).unwrap().complaint;
    let first = c.open_deadline(Step::FirstResponse).unwrap();
    assert_eq!(first.due_at, t("2026-09-30 11:00"));
    assert_eq!(c.open_deadline(Step::Whole).unwrap().due_at, t("2026-10-02 09:00"));
}

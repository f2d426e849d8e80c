//! The store's revisit parts: the policy setting, the calls awaiting revisit, and recording a
//! call's revisit in one transaction. On `SQLite`, or `PostgreSQL` with `ROADDESK_TEST_PG` set.

mod common;

use common::backend::TestDb;
use roaddesk::domain::lifecycle::RevisitPolicy;
use roaddesk::domain::org::{Actor, Role};
use roaddesk::domain::revisit::{RevisitInput, consultation_sampled};
use roaddesk::domain::time::{BizTime, parse_biz_time};
use roaddesk::domain::validate::Phone;
use roaddesk::domain::work::{CallCategory, CallRecord, Satisfaction, Source, UnreachedReason};
use roaddesk::store::{Store, StoreError};

fn t(s: &str) -> BizTime {
    parse_biz_time(s).unwrap()
}

struct Fixture {
    _db: TestDb,
    store: Box<dyn Store>,
    desk: Actor,
}

fn fixture() -> Fixture {
    let db = TestDb::new();
    let mut store = db.store();
    roaddesk::setup::install_demo(store.as_mut(), 0, 3, t("2026-11-21 10:00"), |_| {}).unwrap();
    let (user, _) = store.user_by_login("zhiban1").unwrap().unwrap();
    Fixture { _db: db, store, desk: Actor::from(&user) }
}

fn draft(f: &Fixture, category: CallCategory) -> CallRecord {
    CallRecord {
        number: String::new(),
        category,
        source: Source::DirectCall,
        received_at: t("2026-11-21 08:00"),
        received_by: f.desk.id,
        received_by_name: f.desk.name.clone(),
        caller: "钱先生".into(),
        phone: Phone::parse("13700001111").unwrap(),
        plate: None,
        place: Some("汉宜高速往宜昌方向".into()),
        kstake: None,
        content: "车辆爆胎".into(),
        reply: "已通知清障救援".into(),
        referred_to: None,
        revisits: Vec::new(),
    }
}

fn numbers(calls: &[CallRecord]) -> Vec<&str> {
    calls.iter().map(|c| c.number.as_str()).collect()
}

#[test]
fn the_revisit_policy_is_checked_then_kept() {
    let mut f = fixture();
    assert_eq!(f.store.revisit_policy().unwrap(), RevisitPolicy::default());
    let bad = RevisitPolicy { min_attempts: 0, consult_sample_percent: 150, ..RevisitPolicy::default() };
    let err = f.store.set_revisit_policy(&bad).unwrap_err();
    let StoreError::Invalid(fields) = &err else { panic!("{err:?}") };
    let text: Vec<String> = fields.iter().map(ToString::to_string).collect();
    assert_eq!(text, ["回访未果最少次数：至少为1次", "咨询抽样回访比例：须在0到100之间"]);
    assert_eq!(f.store.revisit_policy().unwrap(), RevisitPolicy::default(), "nothing saved");

    let new = RevisitPolicy { min_attempts: 2, min_interval_mins: 0, five_level: true, consult_sample_percent: 100 };
    f.store.set_revisit_policy(&new).unwrap();
    assert_eq!(f.store.revisit_policy().unwrap(), new);
    assert_eq!(f.store.context_data().unwrap().policy, new, "actions are checked against the new policy");
}

#[test]
fn help_requests_and_sampled_consultations_await_revisit_until_done() {
    let mut f = fixture();
    let desk = f.desk.clone();
    let now = t("2026-11-21 10:00");
    let help = f.store.register_call(draft(&f, CallCategory::FlatTyre), &desk, now).unwrap();
    let mut inside = None;
    let mut outside = None;
    while inside.is_none() || outside.is_none() {
        let c = f.store.register_call(draft(&f, CallCategory::Weather), &desk, now).unwrap();
        if consultation_sampled(&c.number, 20) {
            inside.get_or_insert(c);
        } else {
            outside.get_or_insert(c);
        }
    }
    let (inside, outside) = (inside.unwrap(), outside.unwrap());
    let waiting = f.store.calls_awaiting_revisit(100).unwrap();
    assert!(numbers(&waiting).contains(&help.number.as_str()));
    assert!(numbers(&waiting).contains(&inside.number.as_str()));
    assert!(!numbers(&waiting).contains(&outside.number.as_str()), "outside the 20 % sample");

    // Reached: done. Two unreached attempts then: still open under the default of three.
    let reached =
        RevisitInput {
            satisfaction: Some(Satisfaction::Satisfied), words: "很及时".into(), ..RevisitInput::default()
        };
    let after = f.store.record_call_revisit(&help.number, &reached, &desk, now).unwrap();
    assert_eq!(after.revisits.len(), 1);
    assert_eq!(f.store.call(&help.number).unwrap().unwrap(), after);
    let busy = |at: &str| RevisitInput {
        at: Some(t(at)),
        unreached: Some(UnreachedReason::SwitchedOff),
        ..RevisitInput::default()
    };
    f.store.record_call_revisit(&inside.number, &busy("2026-11-21 09:00"), &desk, now).unwrap();
    f.store.record_call_revisit(&inside.number, &busy("2026-11-21 09:40"), &desk, now).unwrap();
    let waiting = f.store.calls_awaiting_revisit(100).unwrap();
    assert!(!numbers(&waiting).contains(&help.number.as_str()), "reached: done");
    assert!(numbers(&waiting).contains(&inside.number.as_str()), "two attempts of three");

    // A smaller sample does not drop a call whose revisit has begun.
    let none = RevisitPolicy { consult_sample_percent: 0, min_attempts: 3, ..RevisitPolicy::default() };
    f.store.set_revisit_policy(&none).unwrap();
    assert!(numbers(&f.store.calls_awaiting_revisit(100).unwrap()).contains(&inside.number.as_str()));
    // With two attempts required, the two made are enough: 回访未果.
    f.store.set_revisit_policy(&RevisitPolicy { min_attempts: 2, ..none }).unwrap();
    assert!(!numbers(&f.store.calls_awaiting_revisit(100).unwrap()).contains(&inside.number.as_str()));
}

#[test]
fn a_refused_call_revisit_changes_nothing() {
    let mut f = fixture();
    let desk = f.desk.clone();
    let now = t("2026-11-21 10:00");
    let help = f.store.register_call(draft(&f, CallCategory::Accident), &desk, now).unwrap();
    let unhappy = RevisitInput { satisfaction: Some(Satisfaction::Unsatisfied), ..RevisitInput::default() };
    let err = f.store.record_call_revisit(&help.number, &unhappy, &desk, now).unwrap_err();
    assert_eq!(err.to_string(), "原因：评价为「不满意」时须填写原因");
    let before_receipt = RevisitInput {
        at: Some(t("2026-11-21 07:00")),
        ..RevisitInput { unreached: Some(UnreachedReason::Busy), ..RevisitInput::default() }
    };
    let err = f.store.record_call_revisit(&help.number, &before_receipt, &desk, now).unwrap_err();
    assert!(err.to_string().starts_with("回访时间：不能早于"), "{err}");
    let office = Actor { roles: vec![Role::OfficeHandler], ..desk.clone() };
    let busy = RevisitInput { unreached: Some(UnreachedReason::Busy), ..RevisitInput::default() };
    assert!(f.store.record_call_revisit(&help.number, &busy, &office, now).is_err());
    assert!(f.store.call(&help.number).unwrap().unwrap().revisits.is_empty());
    let err = f.store.record_call_revisit("LD000", &busy, &desk, now).unwrap_err();
    assert_eq!(err.to_string(), "找不到来电记录 LD000");
}

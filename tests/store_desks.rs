//! Several desks on one database: an office desk's connection never sees another office's
//! complaints, a desk acting on what it saw earlier is told who changed it meanwhile, and a
//! watcher on another connection notices every committed change. On `SQLite`, or `PostgreSQL` with
//! `ROADDESK_TEST_PG` set (`common::backend`).

mod common;

use std::time::{Duration, Instant};

use common::backend::TestDb;
use roaddesk::domain::intake::{ComplaintInput, validate_complaint};
use roaddesk::domain::lifecycle::Action;
use roaddesk::domain::org::{Actor, UnitId};
use roaddesk::domain::time::{BizTime, parse_biz_time};
use roaddesk::store::{ListFilter, Scope, Store, StoreError};

fn t(s: &str) -> BizTime {
    parse_biz_time(s).unwrap()
}

struct Desks {
    db: TestDb,
    store: Box<dyn Store>,
}

fn desks() -> Desks {
    let db = TestDb::demo(40, t("2026-11-21 10:00"));
    let store = db.store();
    Desks { db, store }
}

fn actor(store: &dyn Store, login: &str) -> Actor {
    Actor::from(&store.user_by_login(login).unwrap().unwrap().0)
}

fn office_of(store: &dyn Store, login: &str) -> UnitId {
    actor(store, login).unit
}

/// A complaint registered by the duty desk and dispatched to `office`.
fn open_complaint(store: &mut dyn Store, office: UnitId) -> String {
    let operator = actor(store, "zhiban1");
    let now = t("2026-11-21 09:00");
    let input = ComplaintInput {
        complainant: Some("张先生".into()),
        phone: Some("13800001234".into()),
        category: Some("服务态度".into()),
        content: Some("收费站工作人员态度生硬".into()),
        ..ComplaintInput::default()
    };
    let draft =
        validate_complaint(&input, &operator, now, &store.units().unwrap(), &store.stations().unwrap()).unwrap();
    let number = store.register(draft, &operator, now).unwrap().number;
    let dispatch = Action::Dispatch { office, station: None, note: String::new() };
    store.act(&number, &dispatch, &operator, t("2026-11-21 09:10")).unwrap();
    number
}

#[test]
fn an_office_desk_never_receives_another_offices_complaints() {
    let mut d = desks();
    let hc = office_of(d.store.as_ref(), "hc_jb");
    let xt = office_of(d.store.as_ref(), "xt_jb");
    let theirs = open_complaint(d.store.as_mut(), xt);
    let ours = open_complaint(d.store.as_mut(), hc);
    let all = d.store.count(&ListFilter::default()).unwrap();
    let mine = d.store.count(&ListFilter { office: Some(hc), ..ListFilter::default() }).unwrap();
    assert!(mine > 0 && mine < all);

    d.store.set_scope(Scope::Office(hc));
    // Even a screen that asks for everything, or for the other office, gets only its own.
    assert_eq!(d.store.count(&ListFilter::default()).unwrap(), mine);
    assert_eq!(d.store.count(&ListFilter { office: Some(xt), ..ListFilter::default() }).unwrap(), 0);
    let rows = d.store.list(&ListFilter { search: Some("收费站".into()), ..ListFilter::default() }).unwrap();
    assert!(!rows.is_empty());
    let hc_name = d.store.units().unwrap().into_iter().find(|u| u.id == hc).unwrap().name;
    assert!(rows.iter().all(|r| r.office.as_deref() == Some(hc_name.as_str())), "{rows:?}");
    let counted: u64 = d.store.state_counts(None).unwrap().iter().map(|(_, n)| n).sum();
    assert_eq!(counted, mine, "the status bar's counts are the office's own");

    assert!(d.store.complaint(&theirs).unwrap().is_none());
    assert!(d.store.history(&theirs).unwrap().is_empty());
    assert!(d.store.complaint(&ours).unwrap().is_some());
    assert!(!d.store.history(&ours).unwrap().is_empty());
    let head = actor(d.store.as_ref(), "hc_fz");
    let err = d.store.act(&theirs, &Action::Urge { note: "越权".into() }, &head, t("2026-11-21 10:05")).unwrap_err();
    assert!(matches!(err, StoreError::NotFound(_)), "{err:?}");

    d.store.set_scope(Scope::All);
    assert_eq!(d.store.count(&ListFilter::default()).unwrap(), all);
}

#[test]
fn a_desk_acting_on_an_old_view_is_told_who_changed_it_and_nothing_is_overwritten() {
    let mut a = desks();
    let mut b = a.db.store();
    let hc = office_of(a.store.as_ref(), "hc_jb");
    let number = open_complaint(a.store.as_mut(), hc);
    let operator = actor(a.store.as_ref(), "zhiban1");
    let leader = actor(a.store.as_ref(), "lingdao");

    let (_, seen_by_a) = a.store.complaint_versioned(&number).unwrap().unwrap();
    let (_, seen_by_b) = b.complaint_versioned(&number).unwrap().unwrap();
    assert_eq!(seen_by_a, seen_by_b);
    let urged = Action::Urge { note: "请今天回复".into() };
    b.act_seen(&number, seen_by_b, &urged, &leader, t("2026-11-21 10:07")).unwrap();
    let history = a.store.history(&number).unwrap().len();

    let again = Action::Urge { note: "第二次催办".into() };
    let err = a.store.act_seen(&number, seen_by_a, &again, &operator, t("2026-11-21 10:09")).unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }), "{err:?}");
    assert_eq!(err.to_string(), format!("该工单已被{}于10:07修改，请刷新后重试", leader.name));
    assert_eq!(a.store.history(&number).unwrap().len(), history, "the stale step wrote nothing");
    let (stored, version) = a.store.complaint_versioned(&number).unwrap().unwrap();
    assert_eq!(stored.urge_count, 1, "B's step stands");

    // After refreshing, A's step goes through.
    a.store.act_seen(&number, version, &again, &operator, t("2026-11-21 10:10")).unwrap();
    assert_eq!(b.complaint(&number).unwrap().unwrap().urge_count, 2);
}

#[test]
fn a_watcher_on_another_connection_sees_each_committed_change() {
    let mut d = desks();
    let other = d.db.store();
    let mut watch = other.watch().unwrap();
    assert_eq!(watch.wait(Duration::from_millis(300)).unwrap(), None, "nothing changed yet");

    let before = d.store.change_stamp().unwrap();
    let xt = office_of(d.store.as_ref(), "xt_jb");
    let number = open_complaint(d.store.as_mut(), xt);
    let leader = actor(d.store.as_ref(), "lingdao");
    d.store.act(&number, &Action::Urge { note: "请尽快".into() }, &leader, t("2026-11-21 10:05")).unwrap();
    let after = d.store.change_stamp().unwrap();
    assert!(after > before);

    let started = Instant::now();
    assert_eq!(watch.wait(Duration::from_secs(2)).unwrap(), Some(after));
    assert!(started.elapsed() < Duration::from_secs(1), "noticed within a second: {:?}", started.elapsed());
    assert_eq!(watch.wait(Duration::from_millis(300)).unwrap(), None, "each change is reported once");

    // A refused step writes nothing, so nobody is woken for it.
    let err = d.store.act("TS2099010100001", &Action::Urge { note: "x".into() }, &leader, t("2026-11-21 10:06"));
    assert!(err.is_err());
    assert_eq!(d.store.change_stamp().unwrap(), after);
}

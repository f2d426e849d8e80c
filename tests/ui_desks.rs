//! Two desks on one database, seen from the window: a step confirmed on an out-of-date view is
//! refused with who changed the complaint and when (the typed text stays), and a window that
//! watches for changes shows another desk's step by itself.

mod common;

use std::time::{Duration, Instant};

use common::{Db, harness, login, settle};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use roaddesk::domain::lifecycle::Action;
use roaddesk::domain::org::Actor;
use roaddesk::domain::time::parse_biz_time;
use roaddesk::domain::work::{ComplaintState, ItemKind};
use roaddesk::store::{ListFilter, Store};
use roaddesk::ui::RoadDeskApp;

type H = Harness<'static, RoadDeskApp>;

/// A complaint waiting for the duty leader's review (the operator may urge it).
fn awaiting_review(db: &Db) -> String {
    let f = ListFilter {
        states: vec![ComplaintState::AwaitingReview],
        kind: Some(ItemKind::Complaint),
        limit: Some(1),
        ..ListFilter::default()
    };
    db.store().list(&f).unwrap().pop().expect("the demo has a complaint awaiting review").number
}

/// The other desk: the duty leader urges `number` at 10:00 on their own connection.
fn leader_urges(db: &Db, number: &str, note: &str) -> String {
    let mut other = db.store();
    let leader = Actor::from(&other.user_by_login("lingdao").unwrap().unwrap().0);
    let at = parse_biz_time(common::NOW).unwrap();
    other.act(number, &Action::Urge { note: note.into() }, &leader, at).unwrap();
    leader.name
}

fn open(h: &mut H, number: &str) {
    h.state_mut().open(number);
    settle(h);
    h.get_by_label(&format!("工单 {number}"));
}

/// Step the window (in real time) until `text` shows, for at most `limit`.
fn wait_for(h: &mut H, text: &str, limit: Duration) -> Duration {
    let started = Instant::now();
    while h.query_all_by_label_contains(text).next().is_none() {
        assert!(started.elapsed() < limit, "“{text}” did not show within {limit:?}");
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    started.elapsed()
}

#[test]
fn a_step_confirmed_on_an_old_view_names_who_changed_it_and_goes_through_after_the_refresh() {
    let db = Db::demo(200);
    let number = awaiting_review(&db);
    let urged = db.store().complaint(&number).unwrap().unwrap().urge_count;
    let mut h = harness(&db);
    login(&mut h, "zhiban1", "demo123");
    open(&mut h, &number);
    h.get_by_role_and_label(Role::Button, "催办").click();
    settle(&mut h);
    h.get_by_label("催办说明").type_text("请今天内审核");
    h.step();

    // Meanwhile, at another desk, the duty leader urges the same complaint.
    let leader = leader_urges(&db, &number, "领导催办");
    h.get_by_role_and_label(Role::Button, "确定").click();
    settle(&mut h);
    h.get_by_label(&format!("该工单已被{leader}于10:00修改，请刷新后重试"));
    let stored = db.store().complaint(&number).unwrap().unwrap();
    assert_eq!(stored.urge_count, urged + 1, "only the leader's step is stored");
    assert_eq!(h.get_by_label("催办说明").value().as_deref(), Some("请今天内审核"), "what the operator typed is kept");
    assert!(h.query_all_by_label_contains("领导催办").next().is_some(), "the view now shows the leader's step");

    // The view was refreshed: confirming again acts on what is shown.
    h.get_by_role_and_label(Role::Button, "确定").click();
    settle(&mut h);
    assert_eq!(db.store().complaint(&number).unwrap().unwrap().urge_count, urged + 2);
    assert!(h.query_all_by_role_and_label(Role::Button, "确定").next().is_none(), "the dialog closed");
}

#[test]
fn a_watching_window_shows_another_desks_step_within_a_second() {
    let db = Db::demo(200);
    let number = awaiting_review(&db);
    let mut h = harness(&db);
    h.state_mut().watch_changes();
    login(&mut h, "zhiban1", "demo123");
    open(&mut h, &number);
    assert!(h.query_all_by_label_contains("另一席位的催办").next().is_none());

    leader_urges(&db, &number, "另一席位的催办");
    let took = wait_for(&mut h, "另一席位的催办", Duration::from_secs(3));
    assert!(took < Duration::from_secs(1), "shown after {took:?}");
}

/// Two windows, each on its own connection to one database (`PostgreSQL` when `ROADDESK_TEST_PG`
/// is set, as in `.ci/run`; else one `SQLite` file), both watching: each shows the other's step.
#[test]
fn two_windows_on_two_connections_each_see_the_others_step_within_a_second() {
    let db = common::backend::TestDb::demo(200, common::now());
    let f = ListFilter { states: vec![ComplaintState::AwaitingReview], limit: Some(1), ..ListFilter::default() };
    let number = db.store().list(&f).unwrap().pop().expect("a complaint awaiting review").number;
    let mut desk = common::harness_on(db.store(), db.target());
    let mut leader = common::harness_on(db.store(), db.target());
    for (h, user) in [(&mut desk, "zhiban1"), (&mut leader, "lingdao")] {
        h.state_mut().watch_changes();
        login(h, user, "demo123");
        open(h, &number);
    }
    let urge = |h: &mut H, note: &str| {
        h.get_by_role_and_label(Role::Button, "催办").click();
        settle(h);
        h.get_by_label("催办说明").type_text(note);
        h.step();
        h.get_by_role_and_label(Role::Button, "确定").click();
        settle(h);
    };
    urge(&mut desk, "值班席催办一次");
    let took = wait_for(&mut leader, "值班席催办一次", Duration::from_secs(3));
    assert!(took < Duration::from_secs(1), "the leader's window showed it after {took:?}");
    urge(&mut leader, "领导席再催一次");
    let took = wait_for(&mut desk, "领导席再催一次", Duration::from_secs(3));
    assert!(took < Duration::from_secs(1), "the desk's window showed it after {took:?}");
}

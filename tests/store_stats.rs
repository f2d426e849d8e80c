//! The list filters behind the statistics' figures select exactly the complaints the figures
//! count (so a click on a figure lands on a list of the same size), and the 统计口径 setting.
//! On `SQLite`, or `PostgreSQL` with `ROADDESK_TEST_PG` set (`common::backend`).

mod common;

use chrono::NaiveDate;
use common::backend::TestDb;
use common::now;
use roaddesk::domain::org::{Actor, Role, UnitId, UserId};
use roaddesk::domain::stats::{ComplaintFacts, GroupBy, GroupKey, StatsSettings, compute};
use roaddesk::domain::work::{ComplaintState, ItemKind};
use roaddesk::store::{ListFilter, StoreError};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Every state but 已合并: a linked repeat call is not 受理量.
fn counted_states() -> Vec<ComplaintState> {
    ComplaintState::ALL.iter().copied().filter(|s| *s != ComplaintState::Duplicate).collect()
}

fn complaints_in(from: NaiveDate, to: NaiveDate) -> ListFilter {
    ListFilter {
        kind: Some(ItemKind::Complaint),
        states: counted_states(),
        from: Some(from),
        to: Some(to),
        ..ListFilter::default()
    }
}

#[test]
fn figure_filters_count_what_the_indicators_count() {
    let db = TestDb::demo(600, now());
    let store = db.store();
    let (from, to) = (d("2026-08-01"), d("2026-11-21"));
    let facts: Vec<ComplaintFacts> = store.facts(from, to, now()).unwrap();
    let total = &compute(&facts, from, to, GroupBy::None, StatsSettings::default())[0].1;
    assert!(total.volume > 50 && total.overdue > 0 && total.reopened > 0 && total.urges > 0, "{total:?}");

    let base = complaints_in(from, to);
    let count = |f: &ListFilter| store.count(f).unwrap();
    assert_eq!(count(&base), total.volume, "受理量");
    let closed = ListFilter { states: vec![ComplaintState::Closed], ..base.clone() };
    assert_eq!(count(&closed), total.closure_rate.numerator, "办结");
    assert_eq!(count(&ListFilter { missed_at: Some(now()), ..base.clone() }), total.overdue, "超期数");
    assert_eq!(count(&ListFilter { reopened: true, ..base.clone() }), total.reopened, "重办数");
    let urged = facts.iter().filter(|f| f.urge_count > 0 && f.kind == ItemKind::Complaint).count() as u64;
    assert_eq!(count(&ListFilter { urged: true, ..base.clone() }), urged, "催办过的工单");
    // Overdue “ever” includes complaints closed late, which the open-overdue filter does not.
    let open_overdue = count(&ListFilter { overdue_at: Some(now()), ..base.clone() });
    assert!(open_overdue < total.overdue, "{open_overdue} open and overdue of {} missed", total.overdue);

    // Per station: the grouped figures and the station filter agree.
    for (key, ind) in compute(&facts, from, to, GroupBy::Station, StatsSettings::default()) {
        if let GroupKey::Station(Some(st)) = key {
            let f = ListFilter { station: Some(st), ..base.clone() };
            assert_eq!(count(&f), ind.volume, "station {st:?}");
            assert_eq!(count(&ListFilter { missed_at: Some(now()), ..f }), ind.overdue, "station {st:?} 超期");
        }
    }
}

#[test]
fn only_a_leader_or_admin_changes_the_satisfaction_setting() {
    let db = TestDb::demo(0, now());
    let mut store = db.store();
    let actor = |roles: Vec<Role>| Actor { id: UserId(1), name: "测试".into(), unit: UnitId(1), roles };
    assert_eq!(store.stats_settings().unwrap(), StatsSettings::default());
    let lenient = StatsSettings { basic_counts_as_satisfied: true };
    let refused = store.set_stats_settings(lenient, &actor(vec![Role::Operator])).unwrap_err();
    assert!(matches!(refused, StoreError::Action(_)), "{refused}");
    assert!(refused.to_string().contains("值班领导"), "{refused}");
    assert_eq!(store.stats_settings().unwrap(), StatsSettings::default(), "nothing saved");
    store.set_stats_settings(lenient, &actor(vec![Role::DutyLeader])).unwrap();
    assert_eq!(db.store().stats_settings().unwrap(), lenient, "kept in the database");
    store.set_stats_settings(StatsSettings::default(), &actor(vec![Role::Admin])).unwrap();
    assert_eq!(db.store().stats_settings().unwrap(), StatsSettings::default());
}

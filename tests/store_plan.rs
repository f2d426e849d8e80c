//! The query planner gets what it needs to pick the selective index: a bulk-loaded database, or
//! one that grew large without statistics, has `sqlite_stat1`, and with it 只看超期 is answered
//! from the open-deadline index instead of a walk over every complaint.

mod common;

use std::path::Path;

use roaddesk::domain::time::parse_biz_time;
use roaddesk::store::{ListFilter, SqliteStore, Store};
use rusqlite::Connection;

fn stats_rows(db: &Path) -> i64 {
    let c = Connection::open(db).unwrap();
    let has: bool = c
        .query_row("SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1')", [], |r| r.get(0))
        .unwrap();
    if !has {
        return 0;
    }
    c.query_row("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'complaints'", [], |r| r.get(0)).unwrap()
}

/// The plan `SQLite` picks for the list's overdue page, as the store words it.
fn overdue_plan(db: &Path) -> String {
    let c = Connection::open(db).unwrap();
    let sql = "EXPLAIN QUERY PLAN SELECT c.number FROM complaints c WHERE 1 = 1 AND c.due_at IS NOT NULL
               AND c.due_at < COALESCE(c.paused_since, 1795000000) ORDER BY c.accepted_at DESC, c.id DESC LIMIT 1000";
    let mut st = c.prepare(sql).unwrap();
    let rows: Vec<String> = st.query_map([], |r| r.get::<_, String>(3)).unwrap().map(Result::unwrap).collect();
    rows.join(" / ")
}

#[test]
fn a_large_database_gets_planner_statistics_and_overdue_uses_its_index() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("big.db");
    let now = parse_biz_time("2026-11-21 10:00").unwrap();
    {
        let mut store = SqliteStore::create(&db).unwrap();
        roaddesk::setup::install_demo(&mut store, 1500, 7, now, |_| {}).unwrap();
    }
    assert!(stats_rows(&db) > 0, "the bulk load leaves statistics behind");
    assert!(overdue_plan(&db).contains("complaints_due"), "{}", overdue_plan(&db));

    // A database that grew without them (older version, or statistics dropped) gets them on open.
    Connection::open(&db).unwrap().execute_batch("DROP TABLE sqlite_stat1").unwrap();
    assert!(overdue_plan(&db).contains("complaints_accepted"), "without statistics the walk is chosen");
    let store = SqliteStore::open(&db).unwrap();
    assert!(stats_rows(&db) > 0, "opening analyses a large database without statistics");
    assert!(overdue_plan(&db).contains("complaints_due"), "{}", overdue_plan(&db));
    // And the list still answers the same.
    let overdue = ListFilter { overdue_at: Some(now), ..ListFilter::default() };
    assert_eq!(store.list(&overdue).unwrap().len() as u64, store.count(&overdue).unwrap());
}

#[test]
fn a_small_database_is_not_analysed_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("small.db");
    drop(SqliteStore::create(&db).unwrap());
    drop(SqliteStore::open(&db).unwrap());
    assert_eq!(stats_rows(&db), 0, "nothing to plan for yet");
}

#[test]
fn a_version_2_database_gets_its_search_index_rebuilt_and_finds_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v2.db");
    let now = parse_biz_time("2026-11-21 10:00").unwrap();
    {
        let mut store = SqliteStore::create(&db).unwrap();
        roaddesk::setup::install_demo(&mut store, 300, 7, now, |_| {}).unwrap();
    }
    let words = ["态度", "收费站", "服务态度", "鄂A", "站"];
    let lists = |store: &SqliteStore| -> Vec<Vec<String>> {
        words
            .iter()
            .map(|w| {
                let f = ListFilter { search: Some((*w).to_owned()), ..ListFilter::default() };
                store.list(&f).unwrap().into_iter().map(|r| r.number).collect()
            })
            .collect()
    };
    let before = lists(&SqliteStore::open(&db).unwrap());
    assert!(before.iter().all(|l| !l.is_empty()), "every word is in the demo data");
    {
        // Back to version 2: the index keyed by complaint id (here simply emptied; the upgrade
        // rebuilds it from the complaints whatever it held).
        let raw = Connection::open(&db).unwrap();
        common::drop_change_stamp(&raw);
        raw.execute_batch(
            "INSERT INTO complaint_search(complaint_search) VALUES ('delete-all');
             INSERT INTO complaint_search(rowid, body) SELECT id, 'x' FROM complaints;
             DROP TRIGGER complaints_count_insert;
             DROP TRIGGER complaints_count_update;
             DROP TRIGGER complaints_count_delete;
             DROP TABLE state_counts;
             PRAGMA user_version = 2;",
        )
        .unwrap();
    }
    let store = SqliteStore::open(&db).unwrap();
    assert_eq!(store.check().unwrap().schema_version, 5);
    assert_eq!(lists(&store), before, "the rebuilt index finds exactly what it found before");
    assert!(store.check().unwrap().problems.is_empty(), "the state counts were filled from the rows");
}

#[test]
fn state_counts_follow_every_step_without_counting_rows() {
    use roaddesk::domain::work::ComplaintState;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("counts.db");
    let now = parse_biz_time("2026-11-21 10:00").unwrap();
    {
        let mut store = SqliteStore::create(&db).unwrap();
        roaddesk::setup::install_demo(&mut store, 400, 7, now, |_| {}).unwrap();
    }
    let store = SqliteStore::open(&db).unwrap();
    let by_list = |office| -> Vec<(ComplaintState, u64)> {
        ComplaintState::ALL
            .iter()
            .map(|s| (*s, store.count(&ListFilter { states: vec![*s], office, ..ListFilter::default() }).unwrap()))
            .collect()
    };
    // The demo drove every complaint through the real lifecycle: dispatches (office and state
    // change together), returns, reopenings, closings.
    assert_eq!(store.state_counts(None).unwrap(), by_list(None));
    let office = store.user_by_login("hc_jb").unwrap().unwrap().0.unit;
    assert_eq!(store.state_counts(Some(office)).unwrap(), by_list(Some(office)));
    assert!(store.state_counts(None).unwrap().iter().filter(|(_, n)| *n > 0).count() >= 4, "several states in use");
    assert!(store.check().unwrap().problems.is_empty());

    // A count that drifts from the rows is reported by the check.
    Connection::open(&db).unwrap().execute_batch("UPDATE state_counts SET n = n + 1").unwrap();
    let problems = store.check().unwrap().problems;
    assert!(problems.iter().any(|p| p.contains("各状态工单数")), "{problems:?}");
}

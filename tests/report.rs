//! Reports and the fast statistics data: the facts the store projects into columns agree with the
//! facts computed from each complaint's JSON; the monthly report (PDF, XLSX), the results sent back
//! to the provincial center and the list export, over a hand-built month whose figures are worked
//! out by hand below; and the command line.

mod common;

use chrono::NaiveDate;
use roaddesk::domain::stats::ComplaintFacts;
use roaddesk::domain::time::{BizTime, parse_biz_time};
use roaddesk::store::{SqliteStore, Store};

fn t(s: &str) -> BizTime {
    parse_biz_time(s).unwrap_or_else(|| panic!("bad time {s}"))
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Every complaint's facts as the store reads them from columns, against the facts computed from
/// the complaint itself, at `now`. Returns how many were overdue.
fn facts_agree(store: &SqliteStore, now: BizTime) -> (usize, usize) {
    let facts = store.facts(d("2000-01-01"), d("2100-12-31"), now).unwrap();
    for f in &facts {
        let c = store.complaint(&f.number).unwrap().unwrap();
        assert_eq!(f, &ComplaintFacts::from_complaint(&c, now), "facts of {} at {now}", f.number);
    }
    (facts.len(), facts.iter().filter(|f| f.overdue).count())
}

#[test]
fn facts_from_columns_equal_facts_from_each_complaint_at_any_time() {
    let db = common::Db::demo(400);
    let store = db.store();
    let mut overdue = Vec::new();
    for now in ["2026-01-01 00:00", "2026-08-15 12:00", common::NOW, "2030-01-01 00:00"] {
        let (n, late) = facts_agree(&store, t(now));
        assert!(n >= 400, "{n} complaints");
        overdue.push(late);
    }
    // Overdue depends on `now`: later instants find more open deadlines past due, never fewer.
    assert!(overdue.windows(2).all(|w| w[0] <= w[1]), "{overdue:?}");
    assert!(overdue[0] < overdue[3], "{overdue:?}");
    assert!(overdue[2] > 0, "{overdue:?}");
    assert!(store.check().unwrap().problems.is_empty());
}

#[test]
fn a_version_1_database_gets_its_fact_columns_filled_when_opened() {
    let db = common::Db::demo(150);
    let before = db.store().facts(d("2000-01-01"), d("2100-12-31"), common::now()).unwrap();
    {
        // Take the file back to schema version 1, as a database from the previous release.
        let raw = rusqlite::Connection::open(&db.path).unwrap();
        raw.execute_batch(
            "DROP INDEX complaints_closed;
             ALTER TABLE complaints DROP COLUMN closed_on_time;
             ALTER TABLE complaints DROP COLUMN revisit_due;
             ALTER TABLE complaints DROP COLUMN satisfaction;
             ALTER TABLE complaints DROP COLUMN unsatisfied_ever;
             ALTER TABLE complaints DROP COLUMN conclusion;
             ALTER TABLE complaints DROP COLUMN missed_late;
             PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    let store = db.store();
    assert_eq!(store.check().unwrap().schema_version, 2);
    assert!(store.check().unwrap().problems.is_empty());
    let after = store.facts(d("2000-01-01"), d("2100-12-31"), common::now()).unwrap();
    assert_eq!(after, before);
    assert!(after.iter().any(|f| f.satisfaction.is_some() && f.closed_on_time.is_some() && f.conclusion.is_some()));
    facts_agree(&store, common::now());
}

#[test]
fn check_notices_fact_columns_that_disagree_with_the_complaint() {
    let db = common::Db::demo(60);
    let number: String = {
        let raw = rusqlite::Connection::open(&db.path).unwrap();
        raw.query_row(
            "UPDATE complaints SET revisit_due = 1 - revisit_due WHERE id = (SELECT min(id) FROM complaints)
             RETURNING number",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    let problems = db.store().check().unwrap().problems;
    assert_eq!(problems, [format!("工单{number}：统计列与工单数据不一致")]);
}

//! What only a server database has: several connections at once. Two desks acting on one
//! complaint at the same moment (one wins, the other is told who changed it), numbers drawn by
//! two desks at once, a change reaching another desk's watcher, and a lost or unreachable server.
//!
//! These need the `PostgreSQL` server named by `ROADDESK_TEST_PG` (see `common::backend`); without
//! it each says so and passes. The unreachable-server test needs no server and always runs.

mod common;

use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use common::backend::{TestDb, pg_url, with_schema};
use roaddesk::domain::intake::{ComplaintInput, validate_complaint};
use roaddesk::domain::lifecycle::Action;
use roaddesk::domain::org::Actor;
use roaddesk::domain::time::{BizTime, parse_biz_time};
use roaddesk::store::{ListFilter, PgStore, Store, StoreError};

fn t(s: &str) -> BizTime {
    parse_biz_time(s).unwrap()
}

/// A demo database on the server, or None (with a note) when no server is configured.
fn server_db(complaints: usize) -> Option<TestDb> {
    if pg_url().is_none() {
        eprintln!("skipped: set ROADDESK_TEST_PG=postgres://… to run the PostgreSQL tests");
        return None;
    }
    Some(TestDb::demo(complaints, t("2026-11-21 10:00")))
}

fn actor(store: &dyn Store, login: &str) -> Actor {
    Actor::from(&store.user_by_login(login).unwrap().unwrap().0)
}

fn draft(store: &dyn Store, operator: &Actor, content: &str) -> roaddesk::domain::work::Complaint {
    let input = ComplaintInput {
        complainant: Some("张先生".into()),
        phone: Some("13800001234".into()),
        category: Some("服务态度".into()),
        content: Some(content.into()),
        ..ComplaintInput::default()
    };
    validate_complaint(&input, operator, t("2026-11-21 09:00"), &store.units().unwrap(), &store.stations().unwrap())
        .unwrap()
}

#[test]
fn two_desks_acting_at_once_one_wins_and_the_other_is_told_who_and_when() {
    let Some(db) = server_db(10) else { return };
    let mut setup = db.pg();
    let operator = actor(&setup, "zhiban1");
    let number =
        setup.register(draft(&setup, &operator, "收费员态度生硬"), &operator, t("2026-11-21 09:00")).unwrap().number;
    let office = actor(&setup, "hc_jb").unit;
    let dispatch = Action::Dispatch { office, station: None, note: String::new() };
    setup.act(&number, &dispatch, &operator, t("2026-11-21 09:10")).unwrap();
    let (_, seen) = setup.complaint_versioned(&number).unwrap().unwrap();
    let history = setup.history(&number).unwrap().len();

    // Both desks loaded the same version; both press their button at the same moment.
    let desks = [("zhiban1", "请今天回复", "10:07"), ("lingdao", "领导催办", "10:08")];
    let barrier = Arc::new(Barrier::new(desks.len()));
    let handles: Vec<_> = desks
        .iter()
        .map(|&(login, note, at)| {
            let mut store = db.pg();
            let who = actor(&store, login);
            let (barrier, number) = (Arc::clone(&barrier), number.clone());
            std::thread::spawn(move || {
                let urge = Action::Urge { note: note.into() };
                barrier.wait();
                let result = store.act_seen(&number, seen, &urge, &who, t(&format!("2026-11-21 {at}")));
                (who.name, at, note, result)
            })
        })
        .collect();
    let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let winners: Vec<_> = results.iter().filter(|r| r.3.is_ok()).collect();
    let losers: Vec<_> = results.iter().filter(|r| r.3.is_err()).collect();
    let outcomes: Vec<_> = results.iter().map(|r| r.3.as_ref().map(|c| c.urge_count)).collect();
    assert_eq!((winners.len(), losers.len()), (1, 1), "exactly one step goes through: {outcomes:?}");
    let (winner, at, note, _) = winners[0];
    let Err(err) = &losers[0].3 else { unreachable!() };
    assert!(matches!(err, StoreError::Conflict { .. }), "{err:?}");
    assert_eq!(err.to_string(), format!("该工单已被{winner}于{at}修改，请刷新后重试"));

    // Nothing of the losing step was written; the winner's stands.
    let events = setup.history(&number).unwrap();
    assert_eq!(events.len(), history + 1);
    assert_eq!((events[history].actor_name.as_str(), events[history].note.as_str()), (winner.as_str(), *note));
    let (stored, version) = setup.complaint_versioned(&number).unwrap().unwrap();
    assert_eq!((stored.urge_count, version), (1, seen + 1));
    assert!(setup.check().unwrap().problems.is_empty());
}

#[test]
fn desks_registering_at_once_never_draw_the_same_number() {
    let Some(db) = server_db(0) else { return };
    let handles: Vec<_> = (0..4)
        .map(|desk| {
            let mut store = db.pg();
            std::thread::spawn(move || {
                let operator = actor(&store, "zhiban1");
                (0..5)
                    .map(|i| {
                        let d = draft(&store, &operator, &format!("第{desk}号坐席的第{i}条"));
                        store.register(d, &operator, t("2026-11-21 09:30")).unwrap().number
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut numbers: Vec<String> = handles.into_iter().flat_map(|h| h.join().unwrap()).collect();
    numbers.sort();
    let expected: Vec<String> = (1..=20).map(|n| format!("TS20261121{n:05}")).collect();
    assert_eq!(numbers, expected, "20 registrations, 20 consecutive numbers");
    let store = db.pg();
    assert_eq!(store.count(&ListFilter::default()).unwrap(), 20);
    assert!(store.check().unwrap().problems.is_empty());
}

#[test]
fn a_change_on_one_desk_reaches_anothers_watcher_within_a_second() {
    let Some(db) = server_db(10) else { return };
    let mut desk = db.pg();
    let other = db.pg();
    let mut watch = other.watch().unwrap();
    assert_eq!(watch.wait(Duration::from_millis(300)).unwrap(), None, "nothing changed yet");

    let operator = actor(&desk, "zhiban1");
    let listener = std::thread::spawn(move || {
        let started = Instant::now();
        let seen = watch.wait(Duration::from_secs(5)).unwrap();
        (seen, started.elapsed(), watch)
    });
    std::thread::sleep(Duration::from_millis(200));
    let committed = Instant::now();
    let number =
        desk.register(draft(&desk, &operator, "服务区厕所无水"), &operator, t("2026-11-21 09:40")).unwrap().number;
    let registered = committed.elapsed();
    let (seen, waited, mut watch) = listener.join().unwrap();
    let stamp = desk.change_stamp().unwrap();
    assert_eq!(seen, Some(stamp), "the watcher reports the stamp of the change");
    assert!(waited < Duration::from_secs(5), "woken by the change, not the timeout: {waited:?}");
    assert!(waited.saturating_sub(Duration::from_millis(200)) < registered + Duration::from_secs(1), "{waited:?}");
    assert_eq!(other.complaint(&number).unwrap().map(|c| c.number), Some(number.clone()), "and can read it");
    assert_eq!(watch.wait(Duration::from_millis(300)).unwrap(), None, "each change is reported once");

    // A step refused before writing wakes nobody.
    let leader = actor(&desk, "lingdao");
    assert!(desk.act("TS2099010100001", &Action::Urge { note: "x".into() }, &leader, t("2026-11-21 10:06")).is_err());
    assert_eq!(watch.wait(Duration::from_millis(300)).unwrap(), None);
}

#[test]
fn an_unreachable_server_is_reported_as_disconnected_in_chinese() {
    // Port 1 on this machine: nothing listens there, the connection is refused at once.
    let Err(err) = PgStore::connect("postgres://roaddesk@127.0.0.1:1/roaddesk?connect_timeout=3") else {
        panic!("connected to nothing");
    };
    assert!(matches!(err, StoreError::Disconnected(_)), "{err:?}");
    let msg = err.to_string();
    assert!(msg.starts_with("与数据库服务器的连接已中断"), "{msg}");
    assert!(msg.contains("127.0.0.1:1/roaddesk") && msg.contains("无法连接"), "{msg}");

    let Err(err) = PgStore::connect("mysql://somewhere") else { panic!("took a foreign URL") };
    assert!(err.to_string().contains("postgres://"), "{err}");
}

#[test]
fn a_missing_database_or_a_foreign_one_is_named() {
    let Some(url) = pg_url() else {
        eprintln!("skipped: set ROADDESK_TEST_PG=postgres://… to run the PostgreSQL tests");
        return;
    };
    let base = url.split('?').next().unwrap();
    let missing = format!("{}/roaddesk_no_such_db", &base[..base.rfind('/').unwrap()]);
    let Err(err) = PgStore::connect(&missing) else { panic!("connected to a missing database") };
    let msg = err.to_string();
    assert!(msg.contains("没有名为“roaddesk_no_such_db”的数据库"), "{msg}");

    // A schema holding another program's tables is not taken over.
    let schema = format!("rdt_foreign_{}", std::process::id());
    let mut admin = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    admin
        .batch_execute(&format!(
            "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema};
             CREATE TABLE {schema}.notes(body TEXT); INSERT INTO {schema}.notes VALUES ('别人的数据');"
        ))
        .unwrap();
    let result = PgStore::connect(&with_schema(&url, &schema));
    let tables: i64 =
        admin.query_one("SELECT count(*) FROM pg_tables WHERE schemaname = $1", &[&schema]).unwrap().get(0);
    admin.batch_execute(&format!("DROP SCHEMA {schema} CASCADE")).unwrap();
    let Err(err) = result else { panic!("a foreign database was taken over") };
    assert!(err.to_string().contains("不是 RoadDesk 数据库"), "{err}");
    assert_eq!(tables, 1, "nothing was added");
}

#[test]
fn a_lost_connection_says_so_and_reconnect_carries_on() {
    let Some(db) = server_db(10) else { return };
    let name = format!("rdt_lost_{}", std::process::id());
    let url = format!("{}&application_name={name}", db.url().unwrap());
    let mut store = PgStore::connect(&url).unwrap();
    let before = store.count(&ListFilter::default()).unwrap();
    assert!(!store.connection_lost());

    // The server ends the session (a restart, a network cut, an administrator).
    db.raw_exec(&format!("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '{name}'"))
        .unwrap();
    std::thread::sleep(Duration::from_millis(100));
    let err = store.count(&ListFilter::default()).unwrap_err();
    assert!(matches!(err, StoreError::Disconnected(_)), "{err:?}");
    assert!(err.to_string().starts_with("与数据库服务器的连接已中断"), "{err}");
    let operator = actor(&db.pg(), "zhiban1");
    let err = store.act("TS2026112100001", &Action::Urge { note: "x".into() }, &operator, t("2026-11-21 10:00"));
    assert!(matches!(err, Err(StoreError::Disconnected(_))), "{err:?}");

    assert!(store.connection_lost(), "the window's store thread asks this before retrying");

    store.reconnect().unwrap();
    assert!(!store.connection_lost());
    assert_eq!(store.count(&ListFilter::default()).unwrap(), before);
}

#[test]
fn a_sqlite_database_restored_on_the_server_holds_the_same_and_goes_on_from_there() {
    let Some(url) = pg_url() else {
        eprintln!("skipped: set ROADDESK_TEST_PG=postgres://… to run the PostgreSQL tests");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut file = roaddesk::store::SqliteStore::create(&dir.path().join("desk.db")).unwrap();
    roaddesk::setup::install_demo(&mut file, 120, 7, t("2026-11-21 10:00"), |_| {}).unwrap();
    let number = file.list(&ListFilter::default()).unwrap()[0].number.clone();
    let photo = dir.path().join("现场.png");
    std::fs::write(&photo, b"\x89PNG\r\n\x1a\n restore test").unwrap();
    let operator = actor(&file, "zhiban1");
    file.add_attachment(&number, &photo, &operator, t("2026-11-21 10:01")).unwrap();

    // An empty server database (a schema of its own, as every test here).
    let schema = format!("rdt_restore_{}", std::process::id());
    let mut admin = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    admin.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}")).unwrap();
    let mut server = PgStore::connect(&with_schema(&url, &schema)).unwrap();
    let snapshot = file.snapshot().unwrap();
    server.restore(&snapshot).unwrap();

    assert_eq!(server.tally().unwrap(), file.tally().unwrap(), "same counts, same history checksum");
    let all = ListFilter::default();
    assert_eq!(server.list(&all).unwrap(), file.list(&all).unwrap());
    let search = ListFilter { search: Some("收费站".into()), ..ListFilter::default() };
    assert_eq!(server.list(&search).unwrap(), file.list(&search).unwrap());
    assert_eq!(server.state_counts(None).unwrap(), file.state_counts(None).unwrap());
    assert_eq!(server.attachments(&number).unwrap()[0].sha256, file.attachments(&number).unwrap()[0].sha256);
    let report = server.check().unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(server.user_by_login("lingdao").unwrap(), file.user_by_login("lingdao").unwrap(), "passwords kept");

    // Restoring twice is refused: only an empty database takes a copy.
    let err = server.restore(&snapshot).unwrap_err();
    assert!(err.to_string().contains("只能迁移到空数据库"), "{err}");
    // New rows go on after the copied ids.
    let segment = server.units().unwrap()[0].id;
    let unit = roaddesk::store::NewUnit {
        name: "新设管理所".into(),
        kind: roaddesk::domain::org::UnitKind::Office,
        parent: Some(segment),
        phone: None,
    };
    let id = server.add_unit(&unit).unwrap();
    assert!(snapshot.units.iter().all(|u| u.id.0 < id.0), "{id:?}");
    drop(server);
    admin.batch_execute(&format!("DROP SCHEMA {schema} CASCADE")).unwrap();
}

#[test]
fn many_desks_at_once_lose_no_update_and_keep_every_history_event() {
    let Some(db) = server_db(0) else { return };
    let target = roaddesk::store::Target::Server(db.url().unwrap().to_owned());
    let r = roaddesk::bench::load::run(&target, 6, 40, 3, t("2026-11-21 10:00"), |_| {}).unwrap();
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_eq!(r.actions, 6 * 40, "every step went through, after retries where desks collided");
    assert_eq!(r.complaints, 3);
    assert!(r.p95_ms >= r.median_ms && r.per_second > 0.0);
}

#[test]
fn the_window_backend_waits_out_a_lost_connection_and_says_when_it_is_back() {
    use roaddesk::ui::backend::{Backend, take};
    use roaddesk::ui::jobs::STATUS;
    let Some(db) = server_db(0) else { return };
    let name = format!("rdt_banner_{}", std::process::id());
    let url = format!("{}&application_name={name}", db.url().unwrap());
    let store = PgStore::connect(&url).unwrap();
    let mut backend = Backend::threaded_with_retry(Box::new(store), Duration::from_millis(200), || {});
    db.raw_exec(&format!("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '{name}'"))
        .unwrap();
    std::thread::sleep(Duration::from_millis(100));
    backend.send(STATUS, |store| store.count(&ListFilter::default()).map_err(|e| e.to_string()));
    let started = Instant::now();
    let mut saw_lost = false;
    let mut answer = None;
    while !(answer.is_some() && backend.take_restored()) {
        assert!(started.elapsed() < Duration::from_secs(10), "lost {saw_lost}, answer {answer:?}");
        saw_lost |= backend.connection_lost().is_some();
        for done in backend.poll() {
            answer = take::<Result<u64, String>>(done);
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let err = answer.unwrap().unwrap_err();
    assert!(err.starts_with("与数据库服务器的连接已中断"), "the step that met the cut says so: {err}");
    assert!(backend.connection_lost().is_none(), "the banner is gone");
    // The next job runs on the new connection.
    backend.send(STATUS, |store| store.count(&ListFilter::default()).map_err(|e| e.to_string()));
    let started = Instant::now();
    loop {
        if let Some(done) = backend.poll().pop() {
            assert!(take::<Result<u64, String>>(done).unwrap().is_ok());
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(5));
        std::thread::sleep(Duration::from_millis(10));
    }
}

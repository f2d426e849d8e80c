//! The store as a user meets it: creating and opening files, registering and working
//! complaints, all-or-nothing actions, the append-only history, search and filters, attachments,
//! backups and the consistency check. Every test has its own database and a fixed clock: a
//! `SQLite` file in a temporary folder, or with `ROADDESK_TEST_PG` set a schema of its own on that
//! `PostgreSQL` server (`common::backend`). The tests about `SQLite` files use `SQLite` either way.

mod common;

use std::fmt::Write as _;
use std::path::Path;

use chrono::NaiveDate;
use common::backend::TestDb;
use roaddesk::domain::checklist::{
    Check, CheckOutcome, Checklist, Conclusion, OfficeResult, Responsibility, Retrieval, VideoRow, VideoSource,
};
use roaddesk::domain::deadline::{DeadlineRules, Step};
use roaddesk::domain::intake::{ComplaintInput, validate_complaint};
use roaddesk::domain::lifecycle::{Action, ActionError, ActionKind, RevisitPolicy};
use roaddesk::domain::org::{Actor, Role, StationId, UnitId, UnitKind};
use roaddesk::domain::time::{BizTime, parse_biz_time};
use roaddesk::domain::work::{Category, Complaint, ComplaintState, ItemKind, Satisfaction};
use roaddesk::store::{ComplaintRow, ListFilter, NewUnit, PgStore, SortKey, SqliteStore, Store, StoreError};
use rusqlite::Connection;
use sha2::{Digest, Sha256};

use ComplaintState as S;

/// The number of migrations in `src/store/sqlite/schema.rs` and `src/store/postgres/schema.rs` (the version a
/// new database gets).
const SCHEMA_VERSION: i64 = 5;
/// `PRAGMA application_id` of a `RoadDesk` file ("RDSK").
const APPLICATION_ID: i64 = 0x5244_534B;
/// The fixed clock of these tests.
const NOW: &str = "2026-10-12 10:00";

fn t(s: &str) -> BizTime {
    parse_biz_time(s).unwrap_or_else(|| panic!("bad time {s}"))
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A database with an organisation: a segment center with two offices, a station under each,
/// and one user per role.
struct World {
    db: TestDb,
    store: Box<dyn Store>,
    segment: UnitId,
    office1: UnitId,
    office2: UnitId,
    station1: StationId,
    operator: Actor,
    leader: Actor,
    handler: Actor,
    head: Actor,
}

impl World {
    fn new() -> Self {
        let db = TestDb::new();
        let mut store = db.store();
        let unit = |name: &str, kind, parent| NewUnit { name: name.into(), kind, parent, phone: None };
        let segment = store.add_unit(&unit("汉孝路段中心", UnitKind::Segment, None)).unwrap();
        let office1 = store.add_unit(&unit("汉川管理所", UnitKind::Office, Some(segment))).unwrap();
        let office2 = store.add_unit(&unit("仙桃管理所", UnitKind::Office, Some(segment))).unwrap();
        let station1 = store.add_station("汉川收费站", office1).unwrap();
        store.add_station("仙桃收费站", office2).unwrap();
        let mut user = |login: &str, name: &str, unit: UnitId, role: Role| {
            let id = store.add_user(login, name, unit, &[role], "$argon2id$not-checked-here").unwrap();
            Actor { id, name: name.into(), unit, roles: vec![role] }
        };
        // The operator shares a surname with a complainant: searches must not match people's
        // own names on the form.
        let operator = user("wang", "王值班", segment, Role::Operator);
        let leader = user("liu", "刘领导", segment, Role::DutyLeader);
        let handler = user("chen", "陈经办", office1, Role::OfficeHandler);
        let head = user("zhou", "周所长", office1, Role::OfficeHead);
        Self { db, store, segment, office1, office2, station1, operator, leader, handler, head }
    }

    fn who(&self, role: Role) -> Actor {
        match role {
            Role::Operator => self.operator.clone(),
            Role::DutyLeader => self.leader.clone(),
            Role::OfficeHandler => self.handler.clone(),
            Role::OfficeHead => self.head.clone(),
            Role::Admin => panic!("no admin in this world"),
        }
    }

    /// Validate `input` as the operator would at `now`.
    fn draft(&self, input: &ComplaintInput, now: BizTime) -> Complaint {
        let units = self.store.units().unwrap();
        let stations = self.store.stations().unwrap();
        validate_complaint(input, &self.operator, now, &units, &stations).unwrap()
    }

    fn register(&mut self, input: &ComplaintInput, now: BizTime) -> Complaint {
        let draft = self.draft(input, now);
        let operator = self.operator.clone();
        self.store.register(draft, &operator, now).unwrap()
    }

    fn act(&mut self, number: &str, role: Role, action: &Action, at: &str) -> Complaint {
        let who = self.who(role);
        self.store.act(number, action, &who, t(at)).unwrap_or_else(|e| panic!("{action:?} by {role:?}: {e}"))
    }

    fn try_act(&mut self, number: &str, role: Role, action: &Action, at: &str) -> Result<Complaint, StoreError> {
        let who = self.who(role);
        self.store.act(number, action, &who, t(at))
    }

    /// What the complaints table holds for `number`: (`version`, `data`, `updated_at`).
    fn row(&self, number: &str) -> (i64, String, i64) {
        let rows = self.db.raw_text(&format!(
            "SELECT CAST(version AS TEXT), data, CAST(updated_at AS TEXT) FROM complaints WHERE number = '{number}'"
        ));
        let [version, data, updated] = <[String; 3]>::try_from(rows[0].clone()).unwrap();
        (version.parse().unwrap(), data, updated.parse().unwrap())
    }

    fn history_rows(&self) -> i64 {
        self.db.raw_i64("SELECT count(*) FROM history")
    }

    /// The numbers a filter lists; `count` must agree with `list`.
    fn numbers(&self, filter: &ListFilter) -> Vec<String> {
        let rows = self.store.list(filter).unwrap();
        assert_eq!(self.store.count(filter).unwrap(), u64::try_from(rows.len()).unwrap(), "count vs list: {filter:?}");
        rows.into_iter().map(|r| r.number).collect()
    }

    fn search(&self, query: &str) -> Vec<String> {
        self.numbers(&ListFilter { search: Some(query.into()), sort: SortKey::Number, ..ListFilter::default() })
    }
}

fn input(phone: &str, content: &str) -> ComplaintInput {
    ComplaintInput {
        complainant: Some("张先生".into()),
        phone: Some(phone.into()),
        category: Some("服务态度".into()),
        content: Some(content.into()),
        ..ComplaintInput::default()
    }
}

fn checklist() -> Checklist {
    let ok = Check { outcome: CheckOutcome::Consistent, note: String::new() };
    Checklist {
        videos: vec![VideoRow {
            source: VideoSource::BoothCamera,
            location: "3号车道".into(),
            from: Some(t("2026-10-12 08:00")),
            to: Some(t("2026-10-12 08:10")),
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

fn result(contacted: &str) -> OfficeResult {
    OfficeResult {
        investigation: "调取录像属实".into(),
        handling: "对收费员批评教育".into(),
        action_taken: "扣绩效".into(),
        contacted_at: Some(t(contacted)),
        explained: "已向司机致歉".into(),
        reaction: "接受".into(),
    }
}

fn dispatch(office: UnitId, station: Option<StationId>) -> Action {
    Action::Dispatch { office, station, note: String::new() }
}

/// A complaint dispatched to office 1 and accepted there (核查中).
fn investigating(w: &mut World) -> Complaint {
    let c = w.register(&input("13812345678", "收费员态度恶劣"), t(NOW));
    w.act(&c.number, Role::Operator, &dispatch(w.office1, Some(w.station1)), "2026-10-12 10:05");
    w.act(&c.number, Role::OfficeHandler, &Action::Accept { note: String::new() }, "2026-10-12 10:30")
}

fn pseudo_random_bytes(n: usize) -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x.to_le_bytes()[0]
        })
        .collect()
}

// --- 1. creating and opening files ---

#[test]
fn create_migrates_an_empty_file_and_seeds_the_defaults_once() {
    let dir = tempfile::tempdir().unwrap();
    // create() also makes the folder.
    let path = dir.path().join("data").join("roaddesk.db");
    let mut store = SqliteStore::create(&path).unwrap();
    assert!(store.is_empty().unwrap(), "no users yet: first run");

    let report = store.check().unwrap();
    assert_eq!(report.schema_version, SCHEMA_VERSION);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let raw = Connection::open(&path).unwrap();
    let version: i64 = raw.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    let app_id: i64 = raw.query_row("PRAGMA application_id", [], |r| r.get(0)).unwrap();
    assert_eq!((version, app_id), (SCHEMA_VERSION, APPLICATION_ID));

    assert_eq!(store.rules().unwrap(), DeadlineRules::default());
    assert_eq!(store.revisit_policy().unwrap(), RevisitPolicy::default());
    let cal = store.calendar().unwrap();
    for year in [2024, 2025, 2026] {
        assert!(cal.is_known_year(year), "built-in calendar knows {year}");
    }
    assert!(!cal.is_working_day(date("2026-10-05")), "国庆节");
    assert!(cal.is_working_day(date("2026-10-10")), "调休: a Saturday worked");
    let seeded_days = cal.days().count();
    assert!(seeded_days > 90, "three years of holidays, got {seeded_days}");

    // A changed setting survives re-opening: open() migrates nothing and seeds nothing.
    let mut rules = store.rules().unwrap();
    rules.due_soon_share = 0.5;
    rules.remove(Step::Whole, roaddesk::domain::work::Grade::Ordinary);
    store.set_rules(&rules).unwrap();
    drop(store);
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.rules().unwrap(), rules);
    assert_eq!(store.calendar().unwrap().days().count(), seeded_days);
    assert_eq!(store.check().unwrap().schema_version, SCHEMA_VERSION);
    drop(store);
    // Nor does create() on an existing database.
    let store = SqliteStore::create(&path).unwrap();
    assert_eq!(store.rules().unwrap(), rules);
}

#[test]
fn opening_a_missing_file_names_it_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nowhere.db");
    let Err(err) = SqliteStore::open(&path) else { panic!("opened a missing file") };
    assert!(matches!(&err, StoreError::Missing(p) if p == &path), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains(&path.display().to_string()), "{msg}");
    assert!(msg.contains("不存在"), "{msg}");
    assert!(!path.exists(), "open() must never create a database");
}

#[test]
fn a_file_of_random_bytes_is_corrupt_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("garbage.db");
    let bytes = pseudo_random_bytes(8192);
    std::fs::write(&path, &bytes).unwrap();
    for result in [SqliteStore::open(&path), SqliteStore::create(&path)] {
        let Err(err) = result else { panic!("random bytes opened as a database") };
        assert!(matches!(&err, StoreError::Corrupt(p) if p == &path), "{err:?}");
        assert!(err.to_string().contains("已损坏"), "{err}");
    }
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "the file is not touched");
}

#[test]
fn a_foreign_sqlite_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    for user_version in [0, 3] {
        let path = dir.path().join(format!("other-{user_version}.db"));
        {
            let raw = Connection::open(&path).unwrap();
            raw.execute_batch("CREATE TABLE notes(body TEXT); INSERT INTO notes VALUES ('别人的数据');").unwrap();
            raw.pragma_update(None, "user_version", user_version).unwrap();
        }
        for result in [SqliteStore::open(&path), SqliteStore::create(&path)] {
            let Err(err) = result else { panic!("a foreign database was taken over") };
            assert!(matches!(err, StoreError::Corrupt(_)), "{err:?}");
            assert!(err.to_string().contains("不是 RoadDesk 数据库"), "{err}");
        }
        let raw = Connection::open(&path).unwrap();
        let tables: Vec<String> = raw
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(tables, ["notes"], "nothing was added to the foreign file");
        let v: i64 = raw.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(v, user_version);
    }
}

#[test]
fn a_database_from_a_newer_roaddesk_is_refused() {
    let w = World::new();
    let newer = SCHEMA_VERSION + 5;
    let opened = if let Some(path) = w.db.sqlite_path() {
        Connection::open(path).unwrap().pragma_update(None, "user_version", newer).unwrap();
        SqliteStore::open(path).map(drop)
    } else {
        w.db.raw_exec(&format!("UPDATE schema_version SET version = {newer}")).unwrap();
        PgStore::connect(w.db.url().unwrap()).map(drop)
    };
    let Err(err) = opened else { panic!("opened a newer schema") };
    assert!(
        matches!(err, StoreError::TooNew { found, supported } if found == newer && supported == SCHEMA_VERSION),
        "{err:?}"
    );
    assert!(err.to_string().contains("请升级程序"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_read_only_file_is_reported_as_such() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roaddesk.db");
    drop(SqliteStore::create(&path).unwrap());
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    if std::fs::OpenOptions::new().write(true).open(&path).is_ok() {
        // Running with privileges that ignore file modes (root): nothing to observe.
        eprintln!("skipped: this user can write a 0444 file");
        return;
    }
    let Err(err) = SqliteStore::open(&path) else { panic!("opened a read-only file for writing") };
    assert!(matches!(&err, StoreError::ReadOnly(p) if p == &path), "{err:?}");
    assert!(err.to_string().contains("只读"), "{err}");
}

// --- 2. organisation and registration ---

#[test]
fn organisation_is_stored_and_numbers_count_per_day_of_now() {
    let mut w = World::new();
    assert!(!w.store.is_empty().unwrap());
    let units = w.store.units().unwrap();
    let names: Vec<&str> = units.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(names, ["汉孝路段中心", "汉川管理所", "仙桃管理所"]);
    assert_eq!(units[1].parent, Some(w.segment));
    assert_eq!(units[1].kind, UnitKind::Office);
    let (user, hash) = w.store.user_by_login("zhou").unwrap().unwrap();
    assert_eq!((user.name.as_str(), user.unit, user.roles.as_slice()), ("周所长", w.office1, &[Role::OfficeHead][..]));
    assert_eq!(hash, "$argon2id$not-checked-here");
    assert!(matches!(w.store.add_unit(&NewUnit {
        name: "汉川管理所".into(),
        kind: UnitKind::Office,
        parent: Some(w.segment),
        phone: None,
    }), Err(StoreError::Duplicate(m)) if m.contains("汉川管理所")));

    // Accepted yesterday, registered today: the number follows the day of `now`.
    let mut first = input("138 1234 5678", "收费员态度恶劣");
    first.accepted_at = Some("2026-10-11 22:00".into());
    first.station = Some("汉川".into());
    let a = w.register(&first, t(NOW));
    let b = w.register(&input("13812345679", "车道拥堵"), t("2026-10-12 23:59"));
    let c = w.register(&input("13812345670", "标志不清"), t("2026-10-13 00:01"));
    assert_eq!(a.number, "TS2026101200001");
    assert_eq!(b.number, "TS2026101200002");
    assert_eq!(c.number, "TS2026101300001");

    assert_eq!(a.state, S::Registered);
    assert_eq!(a.phone.as_str(), "13812345678");
    assert_eq!((a.office, a.station), (Some(w.office1), Some(w.station1)));
    assert!(a.open_deadline(Step::Whole).is_some());
    assert_eq!(w.store.complaint(&a.number).unwrap().as_ref(), Some(&a));
    assert_eq!(w.store.complaint(" TS2026101200001 ").unwrap().as_ref(), Some(&a), "numbers are trimmed");
    assert_eq!(w.store.complaint("TS2026101299999").unwrap(), None);
    let events = w.store.history(&a.number).unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(
        (events[0].action, events[0].from_state, events[0].to_state),
        (ActionKind::Register, None, S::Registered)
    );
    assert_eq!((events[0].at, events[0].actor, events[0].actor_name.as_str()), (t(NOW), w.operator.id, "王值班"));

    let row = &w.store.list(&ListFilter { search: Some(a.number.clone()), ..ListFilter::default() }).unwrap()[0];
    assert_eq!(row.office.as_deref(), Some("汉川管理所"));
    assert_eq!(row.station.as_deref(), Some("汉川收费站"));
    assert_eq!(row.due_step, Some(Step::Whole));
    assert_eq!(row.due_at, a.next_due().map(|d| d.due_at));
}

#[test]
fn numbers_pasted_with_spaces_work_everywhere() {
    let mut w = World::new();
    let c = w.register(&input("13812345678", "收费员态度恶劣"), t(NOW));
    let padded = format!(" {}\t", c.number);
    assert_eq!(w.store.complaint(&padded).unwrap().as_ref(), Some(&c));
    let done = w.act(&padded, Role::Operator, &dispatch(w.office1, None), "2026-10-12 10:05");
    assert_eq!(done.state, S::Dispatched);
    assert_eq!(w.store.history(&padded).unwrap().len(), 2);
    let file = w.db.dir().join("note.txt");
    std::fs::write(&file, "录音转写").unwrap();
    let operator = w.operator.clone();
    w.store.add_attachment(&padded, &file, &operator, t("2026-10-12 10:06")).unwrap();
    assert_eq!(w.store.attachments(&padded).unwrap().len(), 1);
    let other = w.register(&input("13812345678", "又打来了"), t("2026-10-12 10:10"));
    let merged = w.act(&other.number, Role::Operator, &Action::LinkDuplicate { target: padded }, "2026-10-12 10:11");
    assert_eq!(merged.duplicate_of.as_deref(), Some(c.number.as_str()));
    assert_eq!(w.store.complaint(&c.number).unwrap().unwrap().duplicates, [other.number]);
}

// --- 3. all or nothing ---

#[test]
fn a_refused_submit_changes_nothing() {
    let mut w = World::new();
    let c = investigating(&mut w);
    let before = w.row(&c.number);
    let history = w.history_rows();
    let head = w.head.clone();
    let err = w
        .try_act(
            &c.number,
            Role::OfficeHandler,
            &Action::SubmitResult { result: result("2026-10-12 10:40"), head },
            "2026-10-12 11:00",
        )
        .unwrap_err();
    let StoreError::Action(ActionError::Incomplete(missing)) = &err else { panic!("{err:?}") };
    assert!(missing.iter().any(|m| m.contains("核查结论")), "{missing:?}");
    assert!(err.to_string().starts_with("还不能提交"), "{err}");
    assert_eq!(w.row(&c.number), before, "JSON, version and update stamp unchanged");
    assert_eq!(w.history_rows(), history);
    assert_eq!(w.store.complaint(&c.number).unwrap().unwrap(), c);

    // The wrong person, the wrong state: refused the same way.
    assert!(matches!(
        w.try_act(&c.number, Role::Operator, &Action::Approve { note: String::new() }, "2026-10-12 11:00"),
        Err(StoreError::Action(ActionError::Role { .. }))
    ));
    assert!(matches!(
        w.try_act("TS2026101299999", Role::Operator, &Action::Urge { note: "快".into() }, "2026-10-12 11:00"),
        Err(StoreError::NotFound(n)) if n == "TS2026101299999"
    ));
    assert_eq!(w.row(&c.number), before);
    assert_eq!(w.history_rows(), history);
}

#[test]
fn linking_to_a_missing_or_closed_target_writes_nothing() {
    let mut w = World::new();
    let first = w.register(&input("13812345678", "收费员态度恶劣"), t(NOW));
    let second = w.register(&input("13812345678", "还是那个收费员"), t("2026-10-12 10:10"));
    let (first_before, second_before) = (w.row(&first.number), w.row(&second.number));
    let history = w.history_rows();

    let link = |target: &str| Action::LinkDuplicate { target: target.into() };
    let err = w.try_act(&second.number, Role::Operator, &link("TS2026101299999"), "2026-10-12 10:15").unwrap_err();
    assert!(matches!(&err, StoreError::Invalid(e) if e[0].field == "原工单编号"), "{err:?}");
    assert!(err.to_string().contains("找不到工单 TS2026101299999"), "{err}");
    assert_eq!((w.row(&first.number), w.row(&second.number)), (first_before.clone(), second_before.clone()));
    assert_eq!(w.history_rows(), history);

    // A withdrawn complaint cannot take duplicates either.
    let third = w.register(&input("13812345678", "第三次来电"), t("2026-10-12 10:20"));
    w.act(&third.number, Role::Operator, &Action::Withdraw { reason: "司机撤回".into() }, "2026-10-12 10:25");
    let third_before = w.row(&third.number);
    let history = w.history_rows();
    let err = w.try_act(&second.number, Role::Operator, &link(&third.number), "2026-10-12 10:30").unwrap_err();
    assert!(err.to_string().contains("不能作为合并对象"), "{err}");
    assert_eq!((w.row(&second.number), w.row(&third.number)), (second_before, third_before));
    assert_eq!(w.history_rows(), history);

    // The real link writes both complaints and one event on each.
    let merged = w.act(&second.number, Role::Operator, &link(&first.number), "2026-10-12 10:35");
    assert_eq!((merged.state, merged.duplicate_of.as_deref()), (S::Duplicate, Some(first.number.as_str())));
    let target = w.store.complaint(&first.number).unwrap().unwrap();
    assert_eq!(target.duplicates, [second.number.as_str()]);
    assert_eq!(target.state, S::Registered);
    let h = w.store.history(&first.number).unwrap();
    assert_eq!(h.iter().map(|e| e.action).collect::<Vec<_>>(), [ActionKind::Register, ActionKind::LinkedCall]);
    assert_eq!(w.store.history(&second.number).unwrap().last().unwrap().action, ActionKind::LinkDuplicate);
    assert_eq!(w.row(&first.number).0, first_before.0 + 1, "the target's version moved");
    assert!(w.store.check().unwrap().problems.is_empty());
}

#[test]
fn a_failure_in_the_middle_of_a_link_rolls_back_both_complaints() {
    let mut w = World::new();
    let first = w.register(&input("13812345678", "收费员态度恶劣"), t(NOW));
    let second = w.register(&input("13812345678", "重复来电扔卡"), t("2026-10-12 10:10"));
    // Let the very last write of the transaction fail: by then the target, its event and the
    // duplicate itself have been written.
    let boom = if w.db.is_pg() {
        "CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk on fire'; END $$;
         CREATE TRIGGER boom BEFORE INSERT ON history FOR EACH ROW WHEN (NEW.action = 'link_duplicate')
            EXECUTE FUNCTION boom();"
    } else {
        "CREATE TRIGGER boom BEFORE INSERT ON history WHEN NEW.action = 'link_duplicate'
         BEGIN SELECT RAISE(ABORT, 'disk on fire'); END;"
    };
    w.db.raw_exec(boom).unwrap();
    let (first_before, second_before) = (w.row(&first.number), w.row(&second.number));
    let history = w.history_rows();
    let link = Action::LinkDuplicate { target: first.number.clone() };
    let err = w.try_act(&second.number, Role::Operator, &link, "2026-10-12 10:15").unwrap_err();
    assert!(err.to_string().contains("disk on fire"), "{err}");
    assert_eq!((w.row(&first.number), w.row(&second.number)), (first_before, second_before));
    assert_eq!(w.history_rows(), history);
    // The search index was rolled back with the rows.
    assert_eq!(w.search("扔卡"), [second.number.as_str()]);
    assert_eq!(w.search("态度"), [first.number.as_str()]);

    w.db.raw_exec(if w.db.is_pg() { "DROP TRIGGER boom ON history" } else { "DROP TRIGGER boom" }).unwrap();
    assert!(w.store.check().unwrap().problems.is_empty());
    w.act(&second.number, Role::Operator, &link, "2026-10-12 10:16");
    assert_eq!(w.store.complaint(&first.number).unwrap().unwrap().duplicates, [second.number]);
}

#[test]
fn a_batch_with_one_bad_draft_saves_none() {
    let mut w = World::new();
    let now = t(NOW);
    let mut drafts: Vec<Complaint> =
        ["第一条导入", "第二条导入", "第三条导入"].iter().map(|c| w.draft(&input("13812345678", c), now)).collect();
    // The third names the segment center as the office: lifecycle::register refuses it,
    // after the first two were written inside the transaction.
    drafts[2].office = Some(w.segment);
    let operator = w.operator.clone();
    let err = w.store.register_all(drafts.clone(), &operator, now).unwrap_err();
    assert!(matches!(err, StoreError::Action(ActionError::Invalid(_))), "{err:?}");
    assert!(err.to_string().contains("不是管理所"), "{err}");
    assert_eq!(w.store.count(&ListFilter::default()).unwrap(), 0);
    assert_eq!(w.history_rows(), 0);
    assert!(w.search("导入").is_empty(), "no search entries left behind");

    // Someone without a desk role cannot import at all.
    let handler = w.handler.clone();
    assert!(matches!(
        w.store.register_all(drafts[..2].to_vec(), &handler, now),
        Err(StoreError::Action(ActionError::Role { .. }))
    ));

    // The numbers were not used up.
    drafts[2].office = Some(w.office2);
    let numbers = w.store.register_all(drafts, &operator, now).unwrap();
    assert_eq!(numbers, ["TS2026101200001", "TS2026101200002", "TS2026101200003"]);
    assert_eq!(w.search("导入"), numbers);
    assert_eq!(w.history_rows(), 3);
}

// --- 4. the history ---

#[test]
fn history_cannot_be_changed_behind_the_stores_back() {
    let mut w = World::new();
    let c = w.register(&input("13812345678", "收费员态度恶劣"), t(NOW));
    for sql in ["UPDATE history SET note = '改过了'", "DELETE FROM history", "UPDATE history SET to_state = 'closed'"]
    {
        let err = w.db.raw_exec(sql).unwrap_err();
        assert!(err.contains("append-only"), "{sql}: {err}");
    }
    assert_eq!(w.store.history(&c.number).unwrap().len(), 1);
    assert_eq!(w.store.history(&c.number).unwrap()[0].note, "投诉：服务态度");
}

#[test]
fn a_whole_life_leaves_one_event_per_step_in_order() {
    let mut w = World::new();
    let c = w.register(&input("13812345678", "收费员态度恶劣，扔卡"), t(NOW));
    let n = c.number.clone();
    let head = w.head.clone();
    let submit = |contacted: &str| Action::SubmitResult { result: result(contacted), head: head.clone() };
    let steps: Vec<(Role, Action, &str)> = vec![
        (Role::Operator, dispatch(w.office1, Some(w.station1)), "2026-10-12 10:05"),
        (Role::OfficeHandler, Action::Accept { note: "已签收".into() }, "2026-10-12 10:30"),
        (Role::OfficeHandler, Action::SaveChecklist { checklist: checklist(), result: None }, "2026-10-12 11:00"),
        (Role::OfficeHandler, submit("2026-10-12 13:00"), "2026-10-12 14:00"),
        (Role::DutyLeader, Action::Return { reason: "录像说明不清".into() }, "2026-10-12 15:00"),
        (Role::OfficeHandler, submit("2026-10-12 15:30"), "2026-10-12 16:00"),
        (Role::DutyLeader, Action::Approve { note: String::new() }, "2026-10-12 17:00"),
        (
            Role::Operator,
            Action::RecordRevisit {
                at: None,
                unreached: None,
                satisfaction: Some(Satisfaction::Satisfied),
                words: "满意".into(),
                reason: String::new(),
            },
            "2026-10-13 10:00",
        ),
    ];
    let mut last = c.clone();
    for (role, action, at) in &steps {
        last = w.act(&n, *role, action, at);
        assert_eq!(w.store.complaint(&n).unwrap().as_ref(), Some(&last), "stored = returned after {action:?}");
    }
    assert_eq!(last.state, S::Closed);
    assert_eq!(last.round, 2);
    assert_eq!(last.head_signature.as_ref().map(|s| s.name.as_str()), Some("周所长"));

    let h = w.store.history(&n).unwrap();
    let got: Vec<_> = h.iter().map(|e| (e.action, e.from_state, e.to_state)).collect();
    assert_eq!(
        got,
        [
            (ActionKind::Register, None, S::Registered),
            (ActionKind::Dispatch, Some(S::Registered), S::Dispatched),
            (ActionKind::Accept, Some(S::Dispatched), S::Investigating),
            (ActionKind::SaveChecklist, Some(S::Investigating), S::Investigating),
            (ActionKind::SubmitResult, Some(S::Investigating), S::AwaitingReview),
            (ActionKind::Return, Some(S::AwaitingReview), S::Investigating),
            (ActionKind::SubmitResult, Some(S::Investigating), S::AwaitingReview),
            (ActionKind::Approve, Some(S::AwaitingReview), S::AwaitingRevisit),
            (ActionKind::RecordRevisit, Some(S::AwaitingRevisit), S::Closed),
        ]
    );
    let times: Vec<BizTime> = h.iter().map(|e| e.at).collect();
    let expected: Vec<BizTime> = std::iter::once(t(NOW)).chain(steps.iter().map(|(_, _, at)| t(at))).collect();
    assert_eq!(times, expected);
    let names: Vec<&str> = h.iter().map(|e| e.actor_name.as_str()).collect();
    assert_eq!(names, ["王值班", "王值班", "陈经办", "陈经办", "陈经办", "刘领导", "陈经办", "刘领导", "王值班"]);
    assert_eq!(h[1].note, "转办至汉川管理所");
    assert_eq!(h[5].note, "录像说明不清");
    assert!(h[5].changes.get("round").is_some(), "{}", h[5].changes.as_json());

    let seqs = w.db.raw_i64s("SELECT seq FROM history ORDER BY id");
    assert_eq!(seqs, (1..=9).collect::<Vec<i64>>());
    assert_eq!(w.row(&n).0, 9, "one version per action");

    let row = &w.store.list(&ListFilter::default()).unwrap()[0];
    assert_eq!((row.state, row.due_at), (S::Closed, None));
    let report = w.store.check().unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!((report.complaints, report.history_events), (1, 9));
}

// --- 5. search and filters ---

/// Four items over three days:
/// 1 王先生 鄂A12345, 服务态度, 汉川 (office 1), accepted 10-10 09:00;
/// 2 李女士 鄂B67890, 设施, 仙桃 (office 2), accepted 10-11 23:59:59, dispatched;
/// 3 赵师傅, 收费争议, no office, accepted 10-12 00:00 (收费，站 across a comma);
/// 4 a suggestion, accepted 10-12 09:30.
fn search_world() -> (World, [String; 4]) {
    let mut w = World::new();
    let now = t(NOW);
    let wang = w.register(
        &ComplaintInput {
            complainant: Some("王先生".into()),
            phone: Some("13971880099".into()),
            plate: Some("鄂a·12345".into()),
            category: Some("服务态度".into()),
            content: Some("收费员服务态度恶劣，扔卡".into()),
            accepted_at: Some("2026-10-10 09:00".into()),
            station: Some("汉川收费站".into()),
            ..ComplaintInput::default()
        },
        now,
    );
    let li = w.register(
        &ComplaintInput {
            complainant: Some("李女士".into()),
            phone: Some("027-87654321".into()),
            plate: Some("鄂B67890".into()),
            category: Some("设施".into()),
            content: Some("入口车道拥堵，收费站无人疏导".into()),
            accepted_at: Some("2026-10-11 23:59:59".into()),
            office: Some("仙桃管理所".into()),
            ..ComplaintInput::default()
        },
        now,
    );
    let zhao = w.register(
        &ComplaintInput {
            complainant: Some("赵师傅".into()),
            phone: Some("13607220011".into()),
            category: Some("收费争议".into()),
            content: Some("ETC重复扣费，收费，站内无人解释".into()),
            accepted_at: Some("2026-10-12 00:00".into()),
            ..ComplaintInput::default()
        },
        now,
    );
    let zhou = w.register(
        &ComplaintInput {
            kind: Some("建议".into()),
            complainant: Some("周女士".into()),
            phone: Some("13500002222".into()),
            content: Some("建议服务区增加充电桩".into()),
            accepted_at: Some("2026-10-12 09:30".into()),
            ..ComplaintInput::default()
        },
        now,
    );
    let office2 = w.office2;
    w.act(&li.number, Role::Operator, &dispatch(office2, None), "2026-10-12 10:05");
    (w, [wang.number, li.number, zhao.number, zhou.number])
}

#[test]
fn search_finds_chinese_words_of_any_length_plates_and_phones() {
    let (w, numbers) = search_world();
    let [wang, li, zhao, zhou] = numbers.each_ref().map(String::as_str);
    // 2, 3 and 4 characters.
    assert_eq!(w.search("态度"), [wang]);
    assert_eq!(w.search("收费"), [wang, li, zhao]);
    assert_eq!(w.search("收费站"), [li], "收费，站 is not 收费站");
    assert_eq!(w.search("服务"), [wang, zhou]);
    assert_eq!(w.search("服务态度"), [wang]);
    assert_eq!(w.search("充电桩"), [zhou]);
    // Plates are stored normalised (鄂a·12345 → 鄂A12345); a fragment in either case finds them.
    assert_eq!(w.search("鄂A12"), [wang]);
    assert_eq!(w.search("鄂a12"), [wang]);
    assert_eq!(w.search("鄂A12345"), [wang]);
    assert_eq!(w.search("B678"), [li]);
    // Phone fragments, with or without the area-code dash.
    assert_eq!(w.search("7188"), [wang]);
    assert_eq!(w.search("8765"), [li]);
    assert_eq!(w.search("027-8765"), [li]);
    // Numbers, names, several words.
    assert_eq!(w.search(zhao), [zhao]);
    assert_eq!(w.search("赵师傅"), [zhao]);
    assert_eq!(w.search("态度 扔卡"), [wang]);
    assert!(w.search("态度 拥堵").is_empty());
    // Absent words and words only present across punctuation or fields.
    assert!(w.search("隧道").is_empty());
    assert!(w.search("费站内").is_empty());
    assert!(w.search("卡王").is_empty(), "content and complainant are separate texts");
    // Nothing to search for: no restriction.
    assert_eq!(w.search(" ，").len(), 4);
}

#[test]
fn single_characters_are_found_in_the_searchable_texts() {
    let (w, numbers) = search_world();
    let [wang, li, zhao, zhou] = numbers.each_ref().map(String::as_str);
    assert_eq!(w.search("堵"), [li]);
    // The last character of a word (赵师傅) starts no bigram; it is found all the same.
    assert_eq!(w.search("傅"), [zhao]);
    assert_eq!(w.search("桩"), [zhou]);
    assert_eq!(w.search("站"), [li, zhao]);
    // The operator who registered every item is 王值班: only the complainant 王先生 matches.
    assert_eq!(w.search("王"), [wang]);
    // A letter of a plate, not of the stored field names or codes.
    assert_eq!(w.search("B"), [li]);
    assert_eq!(w.search("b"), [li]);
    // Mixed with a longer word, every word must occur.
    assert_eq!(w.search("收费 堵"), [li]);
    assert!(w.search("态度 堵").is_empty());
    // Punctuation alone is no word: no restriction.
    assert_eq!(w.search("%").len(), 4);
}

#[test]
fn a_search_lists_newest_accepted_first_whatever_order_they_were_registered_in() {
    let (mut w, numbers) = search_world();
    let [wang, li, zhao, _] = numbers.each_ref().map(String::as_str);
    // Registered last but accepted before all the others: an older provincial form typed in late.
    let late = w
        .register(
            &ComplaintInput {
                complainant: Some("孙先生".into()),
                phone: Some("13900001111".into()),
                category: Some("收费争议".into()),
                content: Some("收费站多收通行费".into()),
                accepted_at: Some("2026-10-09 08:00".into()),
                ..ComplaintInput::default()
            },
            t(NOW),
        )
        .number;
    let listed = |sort: SortKey, limit: Option<u32>| -> Vec<String> {
        let f = ListFilter { search: Some("收费".into()), sort, limit, ..ListFilter::default() };
        w.store.list(&f).unwrap().into_iter().map(|r| r.number).collect()
    };
    assert_eq!(listed(SortKey::AcceptedDesc, None), [zhao, li, wang, late.as_str()]);
    assert_eq!(listed(SortKey::AcceptedAsc, None), [late.as_str(), wang, li, zhao]);
    assert_eq!(listed(SortKey::AcceptedDesc, Some(2)), [zhao, li], "the first page is the newest accepted");
    let f = ListFilter { search: Some("收费".into()), ..ListFilter::default() };
    assert_eq!(w.store.count(&f).unwrap(), 4);
    assert_eq!(w.store.count_up_to(&f, 3).unwrap(), 3, "counting stops at the cap");
    let narrowed = ListFilter { office: Some(w.office2), ..f.clone() };
    assert_eq!((w.store.count(&narrowed).unwrap(), w.store.count_up_to(&narrowed, 3).unwrap()), (1, 1));
}

#[test]
fn text_added_by_a_step_is_found_and_steps_without_text_keep_the_index_as_it_was() {
    let mut w = World::new();
    let c = investigating(&mut w);
    let found = |w: &World, word: &str| w.search(word);
    assert!(found(&w, "绩效").is_empty() && found(&w, "批评教育").is_empty());
    let head = w.head.clone();
    w.act(
        &c.number,
        Role::OfficeHandler,
        &Action::SaveChecklist { checklist: checklist(), result: None },
        "2026-10-12 11:00",
    );
    w.act(&c.number, Role::Operator, &Action::Urge { note: "请尽快".into() }, "2026-10-12 11:10");
    assert_eq!(found(&w, "态度恶劣"), [c.number.as_str()], "still found after steps that add no text");
    w.act(
        &c.number,
        Role::OfficeHandler,
        &Action::SubmitResult { result: result("2026-10-12 13:00"), head },
        "2026-10-12 14:00",
    );
    // The office's investigation and handling are searchable once submitted.
    assert_eq!(found(&w, "批评教育"), [c.number.as_str()]);
    assert_eq!(found(&w, "态度恶劣"), [c.number.as_str()]);
    if w.db.is_pg() {
        // The server keeps the searchable text on the complaint's row: it must match the complaint.
        assert!(w.store.check().unwrap().problems.is_empty());
    } else {
        let entries = w.db.raw_i64("SELECT count(*) FROM complaint_search");
        assert_eq!(entries, 1, "one index entry per complaint, whatever the steps");
    }
}

#[test]
fn search_combines_with_every_filter() {
    let (w, numbers) = search_world();
    let [wang, li, zhao, zhou] = numbers.each_ref().map(String::as_str);
    let f = |search: &str| ListFilter { search: Some(search.into()), sort: SortKey::Number, ..ListFilter::default() };
    let states = |states: Vec<ComplaintState>| ListFilter { states, ..f("收费") };
    assert_eq!(w.numbers(&states(vec![S::Registered])), [wang, zhao]);
    assert_eq!(w.numbers(&states(vec![S::Dispatched])), [li]);
    assert_eq!(w.numbers(&states(vec![S::Registered, S::Dispatched])), [wang, li, zhao]);
    assert!(w.numbers(&states(vec![S::Closed])).is_empty());

    assert_eq!(w.numbers(&ListFilter { office: Some(w.office1), ..f("收费") }), [wang]);
    assert_eq!(w.numbers(&ListFilter { office: Some(w.office2), ..f("收费") }), [li]);
    assert_eq!(w.numbers(&ListFilter { category: Some(Category::TollDispute), ..f("收费") }), [zhao]);
    assert_eq!(w.numbers(&ListFilter { category: Some(Category::StaffAttitude), ..f("收费") }), [wang]);
    assert!(w.numbers(&ListFilter { category: Some(Category::StaffAttitude), ..f("拥堵") }).is_empty());
    assert_eq!(w.numbers(&ListFilter { kind: Some(ItemKind::Suggestion), ..f("") }), [zhou]);

    // Dates are business dates, both ends included: 23:59:59 is still the 11th, 00:00 is the 12th.
    let range = |from: &str, to: &str| ListFilter { from: Some(date(from)), to: Some(date(to)), ..f("") };
    assert_eq!(w.numbers(&range("2026-10-11", "2026-10-11")), [li]);
    assert_eq!(w.numbers(&range("2026-10-12", "2026-10-12")), [zhao, zhou]);
    assert_eq!(w.numbers(&range("2026-10-10", "2026-10-11")), [wang, li]);
    assert_eq!(w.numbers(&ListFilter { from: Some(date("2026-10-11")), ..f("收费") }), [li, zhao]);
    assert_eq!(w.numbers(&ListFilter { to: Some(date("2026-10-10")), ..f("收费") }), [wang]);

    // Due times: 1 whole 10-15 00:00; 2 office 10-14 00:00 (dispatched 10-12); 3 whole 10-17 00:00;
    // the suggestion has none.
    let overdue = |at: &str| ListFilter { overdue_at: Some(t(at)), ..f("") };
    assert!(w.numbers(&overdue("2026-10-13 23:59")).is_empty());
    assert_eq!(w.numbers(&overdue("2026-10-14 12:00")), [li]);
    assert_eq!(w.numbers(&overdue("2026-10-15 12:00")), [wang, li]);
    assert_eq!(w.numbers(&ListFilter { overdue_at: Some(t("2026-10-20 00:00")), ..f("态度") }), [wang]);

    let sorted = |sort: SortKey| w.numbers(&ListFilter { sort, ..ListFilter::default() });
    assert_eq!(sorted(SortKey::DueAsc), [li, wang, zhao, zhou]);
    assert_eq!(sorted(SortKey::AcceptedAsc), [wang, li, zhao, zhou]);
    assert_eq!(sorted(SortKey::AcceptedDesc), [zhou, zhao, li, wang]);
    let page = ListFilter { sort: SortKey::Number, limit: Some(2), offset: 1, ..ListFilter::default() };
    assert_eq!(w.store.list(&page).unwrap().iter().map(|r| r.number.clone()).collect::<Vec<_>>(), [li, zhao]);
    assert_eq!(w.store.count(&page).unwrap(), 4, "count ignores paging");
    let rows = w.store.list(&ListFilter { sort: SortKey::DueAsc, ..ListFilter::default() }).unwrap();
    assert_eq!(rows[0].due_step, Some(Step::OfficeHandling));
    assert_eq!(rows[0].due_at, Some(t("2026-10-14 00:00")));
    assert_eq!(rows[1].plate.as_deref(), Some("鄂A12345"));
    assert_eq!(rows[3].due_at, None);
}

// --- 6. repeat calls ---

#[test]
fn recent_similar_finds_the_same_plate_or_phone_within_the_window() {
    let mut w = World::new();
    let with = |phone: &str, plate: Option<&str>, accepted: &str| ComplaintInput {
        plate: plate.map(Into::into),
        accepted_at: Some(accepted.into()),
        ..input(phone, "收费员态度恶劣")
    };
    let old = w.register(&with("13911112222", Some("鄂A12345"), "2026-10-01 09:00"), t(NOW));
    let plate = w.register(&with("13933334444", Some("鄂a 12345"), "2026-10-10 09:00"), t(NOW));
    let phone = w.register(&with("13911112222", None, "2026-10-11 09:00"), t(NOW));
    let other = w.register(&with("13955556666", Some("鄂B00001"), "2026-10-12 09:00"), t(NOW));
    let since = t("2026-10-05 00:00");
    let numbers = |rows: Vec<ComplaintRow>| rows.into_iter().map(|r| r.number).collect::<Vec<_>>();

    // Newest first; the call from 10-01 is outside the window.
    let both = w.store.recent_similar(Some("鄂A12345"), "13911112222", since).unwrap();
    assert_eq!(numbers(both), [phone.number.clone(), plate.number.clone()]);
    let by_plate = w.store.recent_similar(Some("鄂A12345"), "13000000000", since).unwrap();
    assert_eq!(numbers(by_plate), [plate.number.as_str()]);
    let by_phone = w.store.recent_similar(None, "13911112222", since).unwrap();
    assert_eq!(numbers(by_phone), [phone.number.as_str()]);
    let wider = w.store.recent_similar(None, "13911112222", t("2026-10-01 00:00")).unwrap();
    assert_eq!(numbers(wider), [phone.number.clone(), old.number.clone()]);
    assert!(w.store.recent_similar(Some("鄂C99999"), "13000000000", since).unwrap().is_empty());
    assert!(w.store.recent_similar(None, "13955556666", t("2026-10-12 09:01")).unwrap().is_empty());
    assert_eq!(numbers(w.store.recent_similar(None, "13955556666", since).unwrap()), [other.number]);

    // A call already merged as a duplicate is not a repeat to warn about.
    let link = Action::LinkDuplicate { target: plate.number.clone() };
    w.act(&phone.number, Role::Operator, &link, "2026-10-12 10:30");
    assert!(w.store.recent_similar(None, "13911112222", since).unwrap().is_empty());
}

// --- 7. attachments ---

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| rd.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn attachments_are_stored_once_under_their_hash_and_checked() {
    let mut w = World::new();
    let c = w.register(&input("13812345678", "收费员态度恶劣"), t(NOW));
    let other = w.register(&input("13812345679", "车道拥堵"), t(NOW));
    let photo = w.db.dir().join("现场照片.JPG");
    // Bytes of this test alone: PostgreSQL desks share one local copy folder.
    let mut bytes = pseudo_random_bytes(5000);
    bytes.extend_from_slice(w.db.dir().to_string_lossy().as_bytes());
    std::fs::write(&photo, &bytes).unwrap();
    let hash = sha256_hex(&bytes);
    // SQLite keeps the files beside the database; a server keeps the bytes and each desk a copy.
    let folder = match w.db.sqlite_path() {
        Some(_) => w.db.dir().join("roaddesk-attachments"),
        None => roaddesk::store::attachment_cache_dir(),
    };

    let operator = w.operator.clone();
    let at = t("2026-10-12 10:10");
    let a = w.store.add_attachment(&c.number, &photo, &operator, at).unwrap();
    assert_eq!(a.sha256, hash);
    assert_eq!(
        (a.size, a.file_name.as_str(), a.added_by.as_str(), a.added_at),
        (u64::try_from(bytes.len()).unwrap(), "现场照片.JPG", "王值班", at)
    );
    assert_eq!(a.path, folder.join(format!("{hash}.jpg")));
    assert_eq!(std::fs::read(&a.path).unwrap(), bytes);

    // The same content again, even under another name and on another complaint: one file.
    let copy = w.db.dir().join("copy.jpg");
    std::fs::copy(&photo, &copy).unwrap();
    let b = w.store.add_attachment(&other.number, &copy, &operator, at).unwrap();
    assert_eq!(b.path, a.path);
    w.store.add_attachment(&c.number, &photo, &operator, at).unwrap();
    if w.db.sqlite_path().is_some() {
        assert_eq!(files_in(&folder), [format!("{hash}.jpg")]);
    }
    let listed = w.store.attachments(&c.number).unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0], a);
    assert_eq!(w.store.attachments(&other.number).unwrap(), [b]);

    let report = w.store.check().unwrap();
    assert_eq!(report.attachments, 3);
    assert!(report.problems.is_empty(), "{:?}", report.problems);

    // A missing complaint is refused.
    assert!(matches!(w.store.add_attachment("TS2026101299999", &photo, &operator, at), Err(StoreError::NotFound(_))));
    assert_eq!(w.store.check().unwrap().attachments, 3);

    std::fs::remove_file(&a.path).unwrap();
    if w.db.is_pg() {
        // The bytes are on the server: the desk's copy is only a copy, and comes back when listed.
        assert!(w.store.check().unwrap().problems.is_empty());
        assert_eq!(w.store.attachments(&c.number).unwrap()[0], a);
        assert_eq!(std::fs::read(&a.path).unwrap(), bytes);
        return;
    }
    let problems = w.store.check().unwrap().problems;
    assert_eq!(problems.len(), 3, "one per attachment row: {problems:?}");
    assert!(problems.iter().all(|p| p.contains("缺失")), "{problems:?}");
    assert!(problems.iter().any(|p| p.contains("现场照片.JPG")), "{problems:?}");
}

// --- 8. backups ---

#[test]
fn a_backup_opens_with_the_same_complaints_and_is_never_overwritten() {
    let (mut w, numbers) = search_world();
    let photo = w.db.dir().join("录音.mp3");
    std::fs::write(&photo, "录音内容").unwrap();
    let operator = w.operator.clone();
    w.store.add_attachment(&numbers[0], &photo, &operator, t("2026-10-12 10:10")).unwrap();

    let dest = w.db.dir().join("backups").join("roaddesk-20261012.db");
    std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
    let Some(path) = w.db.sqlite_path().map(Path::to_path_buf) else {
        // A server database is backed up on the server by its administrator.
        let err = w.store.backup(&dest).unwrap_err();
        assert!(matches!(&err, StoreError::Io(m) if m.contains("pg_dump")), "{err:?}");
        assert!(!dest.exists());
        return;
    };
    w.store.backup(&dest).unwrap();
    let copy = SqliteStore::open(&dest).unwrap();
    for n in &numbers {
        assert_eq!(copy.complaint(n).unwrap(), w.store.complaint(n).unwrap(), "{n}");
        assert_eq!(copy.history(n).unwrap(), w.store.history(n).unwrap(), "{n}");
    }
    assert_eq!(copy.list(&ListFilter::default()).unwrap(), w.store.list(&ListFilter::default()).unwrap());
    assert_eq!(copy.users().unwrap(), w.store.users().unwrap());
    assert_eq!(copy.rules().unwrap(), w.store.rules().unwrap());
    let mut search = ListFilter { search: Some("收费站".into()), ..ListFilter::default() };
    assert_eq!(copy.list(&search).unwrap().len(), 1, "the search index came along");
    search.search = Some("堵".into());
    assert_eq!(copy.list(&search).unwrap().len(), 1);
    assert_eq!(copy.attachments(&numbers[0]).unwrap().len(), 1);
    let report = copy.check().unwrap();
    assert!(report.problems.is_empty(), "a backup is complete, attachments included: {:?}", report.problems);
    drop(copy);

    // Backing up onto an existing file is refused and leaves it alone.
    let before = std::fs::read(&dest).unwrap();
    w.register(&input("13812345678", "备份之后的新投诉"), t("2026-10-12 11:00"));
    let err = w.store.backup(&dest).unwrap_err();
    assert!(matches!(&err, StoreError::Io(m) if m.contains("已存在")), "{err:?}");
    assert_eq!(std::fs::read(&dest).unwrap(), before);
    let err = w.store.backup(&path).unwrap_err();
    assert!(matches!(err, StoreError::Io(_)), "{err:?}");
    assert_eq!(w.store.count(&ListFilter::default()).unwrap(), 5);
}

// --- 9. the consistency check ---

#[test]
fn check_reports_a_projection_that_disagrees_with_the_complaint() {
    let (w, [a, b, ..]) = search_world();
    let report = w.store.check().unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!((report.complaints, report.history_events, report.schema_version), (4, 5, SCHEMA_VERSION));

    w.db.raw_exec(&format!("UPDATE complaints SET state = 'closed' WHERE number = '{a}'")).unwrap();
    let problems = w.store.check().unwrap().problems;
    assert!(problems.iter().any(|p| p.contains(&a) && p.contains("不一致")), "{problems:?}");
    assert!(problems.iter().all(|p| p.contains(&a)), "only {a} is wrong: {problems:?}");

    // A complaint inserted behind the store's back has no history.
    w.db.raw_exec(&format!(
        "INSERT INTO complaints(number, kind, source, category, grade, state, accepted_at, complainant, phone,
            updated_at, updated_by, data)
         SELECT 'TS2026101288888', kind, source, category, grade, state, accepted_at, complainant, phone,
            updated_at, updated_by, replace(data, '{b}', 'TS2026101288888') FROM complaints WHERE number = '{b}'"
    ))
    .unwrap();
    let problems = w.store.check().unwrap().problems;
    assert!(problems.iter().any(|p| p.contains("TS2026101288888") && p.contains("没有任何办理记录")), "{problems:?}");
}

// --- 10. facts for the indicators ---

#[test]
fn facts_cover_the_accepted_dates_inclusively() {
    let (w, numbers) = search_world();
    let [wang, li, zhao, zhou] = numbers.each_ref().map(String::as_str);
    let now = t("2026-10-15 12:00");
    let facts = |from: &str, to: &str| {
        let mut numbers: Vec<String> =
            w.store.facts(date(from), date(to), now).unwrap().into_iter().map(|f| f.number).collect();
        numbers.sort();
        numbers
    };
    assert_eq!(facts("2026-10-10", "2026-10-12"), [wang, li, zhao, zhou]);
    assert_eq!(facts("2026-10-11", "2026-10-11"), [li]);
    assert_eq!(facts("2026-10-12", "2026-10-31"), [zhao, zhou]);
    assert_eq!(facts("2026-10-10", "2026-10-10"), [wang]);
    assert!(facts("2026-10-13", "2026-10-31").is_empty());

    let all = w.store.facts(date("2026-10-10"), date("2026-10-11"), now).unwrap();
    let fa = all.iter().find(|f| f.number == wang).unwrap();
    assert_eq!((fa.category, fa.office, fa.state), (Category::StaffAttitude, Some(w.office1), S::Registered));
    assert!(fa.overdue, "whole limit 10-15 00:00 passed at {now}");
    let fb = all.iter().find(|f| f.number == li).unwrap();
    assert_eq!((fb.state, fb.office), (S::Dispatched, Some(w.office2)));
    assert!(fb.overdue, "office limit 10-14 00:00 passed");
}

//! Reports and the fast statistics data: the facts the store projects into columns agree with the
//! facts computed from each complaint's JSON; the monthly report (PDF, XLSX), the results sent back
//! to the provincial center and the list export, over a hand-built month whose figures are worked
//! out by hand below; and the command line.

mod common;

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use roaddesk::domain::checklist::{
    Check, CheckOutcome, Checklist, Conclusion, OfficeResult, Responsibility, Retrieval, VideoRow, VideoSource,
};
use roaddesk::domain::intake::{ComplaintInput, validate_complaint};
use roaddesk::domain::lifecycle::Action;
use roaddesk::domain::org::{Actor, Role, UnitId, UnitKind};
use roaddesk::domain::stats::{ComplaintFacts, Month, Ratio};
use roaddesk::domain::time::{BizTime, parse_biz_time};
use roaddesk::domain::work::{Satisfaction, UnreachedReason};
use roaddesk::export::report::{self, Figures};
use roaddesk::export::sheets::{ListLine, RESULT_COLUMNS, list_xlsx, results_csv, results_xlsx};
use roaddesk::store::{ListFilter, NewUnit, SqliteStore, Store, report_data, unit_names};

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
        common::drop_change_stamp(&raw);
        raw.execute_batch(
            "DROP TRIGGER complaints_count_insert;
             DROP TRIGGER complaints_count_update;
             DROP TRIGGER complaints_count_delete;
             DROP TABLE state_counts;
             DROP INDEX complaints_closed;
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
    assert_eq!(store.check().unwrap().schema_version, 5);
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

// ---------------------------------------------------------------------------------------------
// The hand-built month
// ---------------------------------------------------------------------------------------------

const CENTER: &str = "汉孝路段中心";
/// When the report is made: every open deadline of October has passed.
const REPORT_AT: &str = "2026-11-21 10:00";

/// A center with two offices and one user per role, and the complaints of October 2026 below.
struct Month10 {
    _dir: tempfile::TempDir,
    path: PathBuf,
    store: SqliteStore,
    xiantao: UnitId,
    operator: Actor,
    leader: Actor,
    handler: Actor,
    head: Actor,
    /// Numbers by letter (A–H, see [`Month10::new`]).
    n: std::collections::BTreeMap<char, String>,
}

fn result_text() -> OfficeResult {
    OfficeResult {
        investigation: "调取收费亭录像，与投诉描述一致".into(),
        handling: "对当班收费员批评教育，退还多收通行费".into(),
        action_taken: "扣当月绩效".into(),
        contacted_at: None,
        explained: "已向司机说明并致歉".into(),
        reaction: "司机表示接受".into(),
    }
}

fn checklist(conclusion: Conclusion) -> Checklist {
    let ok = Check { outcome: CheckOutcome::Consistent, note: String::new() };
    Checklist {
        videos: vec![VideoRow {
            source: VideoSource::BoothCamera,
            location: "3号车道".into(),
            from: Some(t("2026-09-30 22:50")),
            to: Some(t("2026-09-30 22:55")),
            retrieval: Retrieval::Retrieved,
            observation: "录像清晰".into(),
        }],
        transaction: ok.clone(),
        vehicle_class: ok.clone(),
        staff_interview: ok,
        conclusion: Some(conclusion),
        responsibility: vec![Responsibility::TollCollector],
    }
}

impl Month10 {
    /// The data set, complaint by complaint (times are business time, 2026):
    ///
    /// - A 收费争议, 省中心转办, 汉川: accepted 10-05 09:00, investigated (属实), approved, revisited
    ///   满意 10-06 10:00 → closed after 25 h, within its 4-day limit (10-09 24:00).
    /// - B 服务态度, 仙桃: accepted 10-08 10:00, dispatched 10:10, urged once, the office
    ///   reports 10-10 09:00 — after its 1-day limit (10-09 24:00): overdue. 不属实, approved,
    ///   revisited 不满意 → the leader reopens (重办 1); reported again, approved, revisited
    ///   满意 10-11 11:00 → closed after 73 h, within its limit (10-12 24:00).
    /// - C 设施, 汉川: accepted 10-15 14:00, 部分属实, revisited 不满意, the leader closes it
    ///   10-16 16:00 without re-handling → 26 h.
    /// - D 收费争议, 仙桃: accepted 10-20 09:00, dispatched, never accepted, urged twice: open
    ///   and past its limits on 11-21 → overdue.
    /// - E 清障救援: accepted 10-25 10:00, withdrawn an hour later (not closed, not overdue).
    /// - F 服务态度, 汉川: accepted 10-28 10:00, 属实, approved; three unreached revisit calls
    ///   40 minutes apart, closed as 回访未果 10-29 15:30 → 29.5 h.
    /// - G a suggestion (建议) on 10-12, recorded and closed the same day.
    /// - H 收费争议, 汉川: accepted 09-30 23:00 (September), revisited 满意 and closed 10-02.
    #[allow(clippy::too_many_lines, reason = "the eight complaints the report tests read, each step written out")]
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("month.db");
        let mut store = SqliteStore::create(&path).unwrap();
        let unit = |name: &str, kind, parent| NewUnit { name: name.into(), kind, parent, phone: None };
        let segment = store.add_unit(&unit(CENTER, UnitKind::Segment, None)).unwrap();
        let hanchuan = store.add_unit(&unit("汉川管理所", UnitKind::Office, Some(segment))).unwrap();
        let xiantao = store.add_unit(&unit("仙桃管理所", UnitKind::Office, Some(segment))).unwrap();
        let mut user = |login: &str, name: &str, unit: UnitId, role: Role| {
            let id = store.add_user(login, name, unit, &[role], "$argon2id$not-checked-here").unwrap();
            Actor { id, name: name.into(), unit, roles: vec![role] }
        };
        let operator = user("wang", "王值班", segment, Role::Operator);
        let leader = user("liu", "刘领导", segment, Role::DutyLeader);
        // One handler and head serve both offices here: the office check is by unit, so each
        // office gets its own pair.
        let handler = user("chen", "陈经办", hanchuan, Role::OfficeHandler);
        let head = user("zhou", "周所长", hanchuan, Role::OfficeHead);
        let mut m = Self {
            _dir: dir,
            path,
            store,
            xiantao,
            operator,
            leader,
            handler,
            head,
            n: std::collections::BTreeMap::new(),
        };
        let xt_handler = m.user("xt_jb", "钱经办", xiantao, Role::OfficeHandler);
        let xt_head = m.user("xt_fz", "孙所长", xiantao, Role::OfficeHead);

        // H (September).
        m.register('H', "2026-09-30 23:00", "收费争议", None);
        m.investigate('H', hanchuan, ("2026-09-30 23:10", "2026-09-30 23:20"), Conclusion::Founded, "2026-10-01 09:00");
        m.approve('H', "2026-10-01 10:00");
        m.revisit('H', Some(Satisfaction::Satisfied), "2026-10-02 09:00");

        // A.
        m.register('A', "2026-10-05 09:00", "收费争议", Some("HB12328-2026100500017"));
        m.investigate('A', hanchuan, ("2026-10-05 09:10", "2026-10-05 09:30"), Conclusion::Founded, "2026-10-05 15:00");
        m.approve('A', "2026-10-05 16:00");
        m.revisit('A', Some(Satisfaction::Satisfied), "2026-10-06 10:00");

        // B, worked by 仙桃's own handler and head.
        m.register('B', "2026-10-08 10:00", "服务态度", None);
        m.act(
            'B',
            &m.operator.clone(),
            &Action::Dispatch { office: xiantao, station: None, note: String::new() },
            "2026-10-08 10:10",
        );
        m.act('B', &m.operator.clone(), &Action::Urge { note: "请尽快核查".into() }, "2026-10-09 09:00");
        m.act('B', &xt_handler, &Action::Accept { note: String::new() }, "2026-10-09 10:00");
        m.act(
            'B',
            &xt_handler,
            &Action::SaveChecklist { checklist: checklist(Conclusion::Unfounded), result: None },
            "2026-10-09 11:00",
        );
        m.submit('B', &xt_handler, &xt_head, "2026-10-10 09:00");
        m.approve('B', "2026-10-10 10:00");
        m.revisit('B', Some(Satisfaction::Unsatisfied), "2026-10-10 15:00");
        m.act('B', &m.leader.clone(), &Action::Reopen { reason: "司机仍不认可，重新核查".into() }, "2026-10-10 16:00");
        m.submit('B', &xt_handler, &xt_head, "2026-10-11 09:00");
        m.approve('B', "2026-10-11 10:00");
        m.revisit('B', Some(Satisfaction::Satisfied), "2026-10-11 11:00");

        // G.
        m.register_kind('G', "2026-10-12 09:00", "设施", "建议");
        m.act('G', &m.operator.clone(), &Action::Close { reason: String::new() }, "2026-10-12 09:30");

        // C.
        m.register('C', "2026-10-15 14:00", "设施", None);
        m.investigate(
            'C',
            hanchuan,
            ("2026-10-15 14:10", "2026-10-15 14:30"),
            Conclusion::PartlyFounded,
            "2026-10-16 10:00",
        );
        m.approve('C', "2026-10-16 11:00");
        m.revisit('C', Some(Satisfaction::Unsatisfied), "2026-10-16 15:00");
        m.act(
            'C',
            &m.leader.clone(),
            &Action::Close { reason: "已充分解释，司机诉求超出规定".into() },
            "2026-10-16 16:00",
        );

        // D.
        m.register('D', "2026-10-20 09:00", "收费争议", None);
        m.act(
            'D',
            &m.operator.clone(),
            &Action::Dispatch { office: xiantao, station: None, note: String::new() },
            "2026-10-20 09:05",
        );
        m.act('D', &m.operator.clone(), &Action::Urge { note: "已超期".into() }, "2026-10-22 09:00");
        m.act('D', &m.operator.clone(), &Action::Urge { note: "再次催办".into() }, "2026-10-23 09:00");

        // E.
        m.register('E', "2026-10-25 10:00", "清障救援", None);
        m.act('E', &m.operator.clone(), &Action::Withdraw { reason: "司机来电撤回".into() }, "2026-10-25 11:00");

        // F.
        m.register('F', "2026-10-28 10:00", "服务态度", None);
        m.investigate('F', hanchuan, ("2026-10-28 10:10", "2026-10-28 10:30"), Conclusion::Founded, "2026-10-29 09:00");
        m.approve('F', "2026-10-29 10:00");
        for at in ["2026-10-29 14:00", "2026-10-29 14:40", "2026-10-29 15:20"] {
            m.act(
                'F',
                &m.operator.clone(),
                &Action::RecordRevisit {
                    at: None,
                    unreached: Some(UnreachedReason::Busy),
                    satisfaction: None,
                    words: String::new(),
                    reason: String::new(),
                },
                at,
            );
        }
        m.act('F', &m.operator.clone(), &Action::Close { reason: "三次占线".into() }, "2026-10-29 15:30");
        m
    }

    fn user(&mut self, login: &str, name: &str, unit: UnitId, role: Role) -> Actor {
        let id = self.store.add_user(login, name, unit, &[role], "$argon2id$not-checked-here").unwrap();
        Actor { id, name: name.into(), unit, roles: vec![role] }
    }

    fn num(&self, letter: char) -> String {
        self.n[&letter].clone()
    }

    fn register_kind(&mut self, letter: char, at: &str, category: &str, kind: &str) {
        let input = ComplaintInput {
            kind: Some(kind.into()),
            accepted_at: Some(at.into()),
            complainant: Some(format!("司机{letter}")),
            phone: Some("13812345678".into()),
            category: Some(category.into()),
            content: Some(format!("{category}，情况{letter}")),
            ..ComplaintInput::default()
        };
        self.save(letter, &input, at);
    }

    fn register(&mut self, letter: char, at: &str, category: &str, provincial: Option<&str>) {
        let input = ComplaintInput {
            source: Some(if provincial.is_some() { "省中心转办" } else { "直接来电" }.into()),
            provincial_number: provincial.map(Into::into),
            forwarded_at: provincial.map(|_| at.into()),
            accepted_at: Some(at.into()),
            complainant: Some(format!("司机{letter}")),
            phone: Some("13812345678".into()),
            category: Some(category.into()),
            content: Some(format!("{category}，情况{letter}")),
            ..ComplaintInput::default()
        };
        self.save(letter, &input, at);
    }

    fn save(&mut self, letter: char, input: &ComplaintInput, at: &str) {
        let units = self.store.units().unwrap();
        let stations = self.store.stations().unwrap();
        let draft = validate_complaint(input, &self.operator, t(at), &units, &stations).unwrap();
        let c = self.store.register(draft, &self.operator, t(at)).unwrap();
        self.n.insert(letter, c.number);
    }

    fn act(&mut self, letter: char, who: &Actor, action: &Action, at: &str) {
        let n = self.num(letter);
        self.store.act(&n, action, who, t(at)).unwrap_or_else(|e| panic!("{letter}: {action:?}: {e}"));
    }

    fn submit(&mut self, letter: char, handler: &Actor, head: &Actor, at: &str) {
        let result = OfficeResult { contacted_at: Some(t(at)), ..result_text() };
        self.act(letter, handler, &Action::SubmitResult { result, head: head.clone() }, at);
    }

    /// Dispatch to 汉川 and accept at `times`, save the checklist and submit at `submit`.
    fn investigate(&mut self, letter: char, office: UnitId, times: (&str, &str), conclusion: Conclusion, submit: &str) {
        let (op, handler, head) = (self.operator.clone(), self.handler.clone(), self.head.clone());
        self.act(letter, &op, &Action::Dispatch { office, station: None, note: String::new() }, times.0);
        self.act(letter, &handler, &Action::Accept { note: String::new() }, times.1);
        self.act(letter, &handler, &Action::SaveChecklist { checklist: checklist(conclusion), result: None }, times.1);
        self.submit(letter, &handler, &head, submit);
    }

    fn approve(&mut self, letter: char, at: &str) {
        let leader = self.leader.clone();
        self.act(letter, &leader, &Action::Approve { note: String::new() }, at);
    }

    fn revisit(&mut self, letter: char, s: Option<Satisfaction>, at: &str) {
        let op = self.operator.clone();
        let reason = if s.is_some_and(Satisfaction::below_satisfied) { "仍认为收费不合理" } else { "" };
        let action = Action::RecordRevisit {
            at: None,
            unreached: None,
            satisfaction: s,
            words: "司机原话".into(),
            reason: reason.into(),
        };
        self.act(letter, &op, &action, at);
    }

    fn figures(&self) -> Figures {
        let oct = Month::parse("2026-10").unwrap();
        Figures::of(&report_data(&self.store, oct.first(), oct.last(), t(REPORT_AT)).unwrap())
    }
}

fn r(numerator: u64, denominator: u64) -> Ratio {
    Ratio { numerator, denominator }
}

#[test]
fn the_hand_built_month_gives_the_hand_counted_figures() {
    let m = Month10::new();
    let f = m.figures();
    assert_eq!(
        (f.issuer.as_str(), f.title(), f.period()),
        (CENTER, "投诉处理月报", "2026年10月（10月1日—10月31日）".into())
    );
    let i = &f.total;
    // October's complaints: A B C D E F (H is September's, G a suggestion).
    assert_eq!((i.volume, i.suggestions, i.praise), (6, 1, 0));
    // Closed: A B C F (E was withdrawn, D is open).
    assert_eq!(i.closure_rate, r(4, 6));
    // All four closed within their 4-day limits.
    assert_eq!(i.on_time_rate, r(4, 4));
    // Approved, so due for a revisit: A B C F; reached: A B C (F three times busy).
    assert_eq!(i.revisit_rate, r(3, 4));
    // Last reached revisit: A 满意, B 满意 (after 重办), C 不满意.
    assert_eq!(i.satisfaction_rate, r(2, 3));
    // Investigated: A 属实, B 不属实, C 部分属实, F 属实.
    assert_eq!(i.founded_rate, r(3, 4));
    // 25 h + 73 h + 26 h + 29.5 h = 153.5 h = 552 600 s over 4.
    assert_eq!(i.handling_secs, r(552_600, 4));
    // B (reported late), D (open past its limits).
    assert_eq!(i.overdue, 2);
    // B 1 + D 2.
    assert_eq!(i.urges, 3);
    assert_eq!(i.reopened, 1);
    // Unsatisfied: B, C; re-handled: B.
    assert_eq!(i.rectification_rate, r(1, 2));

    let offices: Vec<&str> = f.by_office.iter().map(|(n, _)| n.as_str()).collect();
    // In the organisation's order; E, never dispatched, last.
    assert_eq!(offices, ["汉川管理所", "仙桃管理所", "未指定"]);
    let (hc, xt, none) = (&f.by_office[0].1, &f.by_office[1].1, &f.by_office[2].1);
    // 仙桃: B, D.
    assert_eq!(
        (xt.volume, xt.closure_rate, xt.on_time_rate, xt.overdue, xt.urges, xt.reopened),
        (2, r(1, 2), r(1, 1), 2, 3, 1)
    );
    assert_eq!((xt.satisfaction_rate, xt.founded_rate, xt.rectification_rate), (r(1, 1), r(0, 1), r(1, 1)));
    // 汉川: A, C, F; 25 + 26 + 29.5 = 80.5 h = 289 800 s.
    assert_eq!((hc.volume, hc.closure_rate, hc.revisit_rate, hc.satisfaction_rate), (3, r(3, 3), r(2, 3), r(1, 2)));
    assert_eq!(
        (hc.founded_rate, hc.handling_secs, hc.overdue, hc.rectification_rate),
        (r(3, 3), r(289_800, 3), 0, r(0, 1))
    );
    // E was never dispatched.
    assert_eq!((none.volume, none.closure_rate), (1, r(0, 1)));

    let cats: Vec<(&str, u64, u64)> = f.by_category.iter().map(|(n, i)| (*n, i.volume, i.suggestions)).collect();
    assert_eq!(cats, [("收费争议", 2, 0), ("服务态度", 2, 0), ("设施", 1, 1), ("清障救援", 1, 0)]);

    let days: Vec<(u32, u64)> =
        f.per_day.iter().filter(|(_, n)| *n > 0).map(|(d, n)| (chrono::Datelike::day(d), *n)).collect();
    assert_eq!(f.per_day.len(), 31);
    assert_eq!(days, [(5, 1), (8, 1), (15, 1), (20, 1), (25, 1), (28, 1)]);

    // May … October: H satisfied in September; October as above.
    let trend: Vec<(String, Ratio)> = f.trend.iter().map(|(m, x)| (m.to_string(), *x)).collect();
    assert_eq!(
        trend,
        [
            ("2026-05".into(), r(0, 0)),
            ("2026-06".into(), r(0, 0)),
            ("2026-07".into(), r(0, 0)),
            ("2026-08".into(), r(0, 0)),
            ("2026-09".into(), r(1, 1)),
            ("2026-10".into(), r(2, 3)),
        ]
    );

    let list: Vec<(String, &str, &str, bool, u32, u32)> = f
        .attention
        .iter()
        .map(|a| (a.number.clone(), a.office.as_str(), a.state, a.overdue, a.urges, a.reopens))
        .collect();
    assert_eq!(
        list,
        [(m.num('B'), "仙桃管理所", "已办结", true, 1, 1), (m.num('D'), "仙桃管理所", "已转办", true, 2, 0)]
    );

    // Before D's 1-day limit ran out (10-21 24:00), only B was overdue.
    let early = Figures::of(
        &report_data(&m.store, Month::parse("2026-10").unwrap().first(), d("2026-10-31"), t("2026-10-21 12:00"))
            .unwrap(),
    );
    assert_eq!(early.total.overdue, 1);
}

/// The text of each page, as lopdf extracts it (through the font's `ToUnicode` map).
fn pdf_pages(pdf: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(pdf).expect("a valid PDF");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    pages.iter().map(|p| doc.extract_text(&[*p]).expect("text extracts")).collect()
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn the_report_pdf_prints_every_indicator_with_its_parts() {
    let m = Month10::new();
    let pdf = report::pdf(&m.figures()).unwrap();
    let pages = pdf_pages(&pdf);
    let all = squeeze(&pages.concat());
    let n = pages.len();
    for (k, page) in pages.iter().enumerate() {
        let page = squeeze(page);
        assert!(page.contains(&format!("第{}页共{n}页", k + 1)), "page {k}: {page}");
        assert!(page.contains("投诉处理月报") && page.contains(CENTER), "page {k} repeats the heading");
    }
    assert!(all.contains("统计期间：2026年10月（10月1日—10月31日）"), "{all}");
    for name in [
        "受理量",
        "办结率",
        "按时办结率",
        "回访率",
        "满意率",
        "属实率",
        "平均办理时长",
        "超期数",
        "催办次数",
        "重办数",
        "差评整改率",
    ] {
        assert!(all.contains(name), "{name} missing");
    }
    // Indicator rows: name, value, numerator, denominator (squeezed together by the extraction).
    for row in [
        "受理量66—",
        "办结率66.7%46",
        "按时办结率100.0%44",
        "回访率75.0%34",
        "满意率66.7%23",
        "属实率75.0%34",
        "平均办理时长38.4小时153.5小时4",
        "超期数22—",
        "催办次数33—",
        "重办数11—",
        "差评整改率50.0%12",
        "建议11—",
    ] {
        assert!(all.contains(row), "row {row} missing in\n{all}");
    }
    // Grouped tables: 仙桃 closed 1 of 2, 汉川 3 of 3; categories.
    assert!(all.contains("仙桃管理所250.0%1/2"), "{all}");
    assert!(all.contains("汉川管理所3100.0%3/3"), "{all}");
    assert!(all.contains("设施1100.0%1/1"), "{all}");
    // Chart titles and the trend's labels; the list of overdue and re-handled complaints.
    for s in
        ["每日受理量", "各类别投诉量", "各管理处按时办结率", "满意率趋势", "2026年9月", "超期与重办投诉清单（2件）"]
    {
        assert!(all.contains(s), "{s} missing");
    }
    assert!(all.contains(&format!("{}2026-10-08仙桃管理所服务态度已办结是11", m.num('B'))), "{all}");
    assert!(all.contains(&format!("{}2026-10-20仙桃管理所收费争议已转办是20", m.num('D'))), "{all}");
    assert!(!all.contains(&m.num('A')), "A is neither overdue nor re-handled");
}

fn workbook(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    Xlsx::new(Cursor::new(bytes.to_vec())).expect("an XLSX file calamine reads")
}

/// The cells of `sheet` as text (numbers as Rust prints them).
fn cells(book: &mut Xlsx<Cursor<Vec<u8>>>, sheet: &str) -> Vec<Vec<String>> {
    let range = book.worksheet_range(sheet).unwrap_or_else(|e| panic!("sheet {sheet}: {e}"));
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|c| match c {
                    Data::Float(x) => format!("{}", (x * 10_000.0).round() / 10_000.0),
                    Data::Int(x) => x.to_string(),
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

fn row_of<'a>(rows: &'a [Vec<String>], first: &str) -> &'a [String] {
    rows.iter().find(|r| r.first().is_some_and(|c| c == first)).unwrap_or_else(|| panic!("no row {first}: {rows:?}"))
}

#[test]
fn the_report_workbook_holds_the_same_figures() {
    let m = Month10::new();
    let bytes = report::xlsx(&m.figures()).unwrap();
    let mut book = workbook(&bytes);
    assert_eq!(book.sheet_names(), ["指标", "按管理处", "按类别", "每日受理量", "满意率趋势", "超期与重办"]);

    let rows = cells(&mut book, "指标");
    assert_eq!(rows[0][0], format!("{CENTER} 投诉处理月报"));
    assert_eq!(&row_of(&rows, "受理量")[..3], ["受理量", "6", "6"]);
    assert_eq!(&row_of(&rows, "办结率")[..4], ["办结率", "0.6667", "4", "6"]);
    assert_eq!(&row_of(&rows, "回访率")[..4], ["回访率", "0.75", "3", "4"]);
    assert_eq!(&row_of(&rows, "满意率")[..4], ["满意率", "0.6667", "2", "3"]);
    // Hours: 153.5 over 4.
    assert_eq!(&row_of(&rows, "平均办理时长")[..4], ["平均办理时长", "38.375", "153.5", "4"]);
    assert_eq!(&row_of(&rows, "超期数")[..3], ["超期数", "2", "2"]);
    assert_eq!(&row_of(&rows, "差评整改率")[..4], ["差评整改率", "0.5", "1", "2"]);

    let rows = cells(&mut book, "按管理处");
    assert_eq!(&rows[0][..5], ["管理处", "受理量", "办结率", "办结率·分子", "办结率·分母"]);
    assert_eq!(&row_of(&rows, "合计")[..5], ["合计", "6", "0.6667", "4", "6"]);
    assert_eq!(&row_of(&rows, "仙桃管理所")[..5], ["仙桃管理所", "2", "0.5", "1", "2"]);
    assert_eq!(&row_of(&rows, "汉川管理所")[..5], ["汉川管理所", "3", "1", "3", "3"]);
    let rows = cells(&mut book, "按类别");
    assert_eq!(&row_of(&rows, "收费争议")[..5], ["收费争议", "2", "0.5", "1", "2"]);

    let rows = cells(&mut book, "每日受理量");
    assert_eq!(rows.len(), 32);
    assert_eq!(row_of(&rows, "2026-10-08"), ["2026-10-08", "1"]);
    assert_eq!(row_of(&rows, "2026-10-09"), ["2026-10-09", "0"]);
    let rows = cells(&mut book, "满意率趋势");
    assert_eq!(row_of(&rows, "2026-09"), ["2026-09", "1", "1", "1"]);
    let rows = cells(&mut book, "超期与重办");
    let list: Vec<(&str, &str, &str)> =
        rows[1..].iter().map(|r| (r[0].as_str(), r[5].as_str(), r[7].as_str())).collect();
    assert_eq!(list, [(m.num('B').as_str(), "是", "1"), (m.num('D').as_str(), "是", "0")]);
}

#[test]
fn results_list_what_closed_in_the_period_in_the_import_style() {
    let m = Month10::new();
    let closed = m.store.closed_between(d("2026-10-01"), d("2026-10-31")).unwrap();
    // By closing time: H (10-02, accepted in September), A, B, G, C, F; not D (open) nor E (withdrawn).
    let numbers: Vec<String> = closed.iter().map(|c| c.number.clone()).collect();
    assert_eq!(numbers, ['H', 'A', 'B', 'G', 'C', 'F'].map(|l| m.num(l)));
    let names = unit_names(&m.store).unwrap();

    let csv = results_csv(&closed, &names).unwrap();
    assert!(csv.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with BOM for Excel/WPS");
    let text = String::from_utf8(csv[3..].to_vec()).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let head: Vec<String> = reader.headers().unwrap().iter().map(Into::into).collect();
    assert_eq!(head, RESULT_COLUMNS);
    // The provincial number and the accepted time under the import's own headers.
    for col in ["省中心工单号", "受理时间", "投诉人", "联系电话", "投诉类别", "被投诉单位"] {
        assert!(roaddesk::import::COLUMNS.iter().any(|(names, _)| names[0] == col), "{col} is an import column");
    }
    let rows: Vec<Vec<String>> = reader.records().map(|r| r.unwrap().iter().map(Into::into).collect()).collect();
    assert_eq!(rows.len(), 6);
    let col = |name: &str| RESULT_COLUMNS.iter().position(|c| *c == name).unwrap();
    let a = &rows[1];
    assert_eq!(a[col("省中心工单号")], "HB12328-2026100500017");
    assert_eq!(a[col("工单编号")], m.num('A'));
    assert_eq!(a[col("受理时间")], "2026-10-05 09:00");
    assert_eq!(a[col("被投诉单位")], "汉川管理所");
    assert_eq!(a[col("核查结论")], "属实");
    assert_eq!(a[col("处理结果")], "对当班收费员批评教育，退还多收通行费");
    assert_eq!(a[col("办结时间")], "2026-10-06 10:00");
    assert_eq!((a[col("回访情况")].as_str(), a[col("满意度")].as_str()), ("已联系上", "满意"));
    let c = &rows[4];
    assert_eq!((c[col("满意度")].as_str(), c[col("办结方式")].as_str()), ("不满意", "不满意办结"));
    assert!(c[col("回访意见")].contains("仍认为收费不合理"), "{c:?}");
    let f = &rows[5];
    assert_eq!(f[col("回访情况")], "未联系上（3次，最后一次：占线）");
    assert_eq!((f[col("满意度")].as_str(), f[col("办结方式")].as_str()), ("", "回访未果"));

    let mut book = workbook(&results_xlsx(&closed, &names).unwrap());
    let sheet = cells(&mut book, "结果上报");
    assert_eq!(sheet[0], RESULT_COLUMNS);
    assert_eq!(sheet[1..], rows[..]);
}

#[test]
fn any_list_exports_to_a_workbook_with_chinese_headers() {
    let m = Month10::new();
    let rows = m.store.list(&ListFilter { office: Some(m.xiantao), ..ListFilter::default() }).unwrap();
    let lines: Vec<ListLine> = rows.iter().map(ListLine::from).collect();
    let mut book = workbook(&list_xlsx(&lines).unwrap());
    let sheet = cells(&mut book, "投诉工单");
    assert_eq!(sheet[0][..5], ["工单编号", "类型", "来源", "省中心工单号", "受理时间"]);
    let got: Vec<(&str, &str, &str, &str)> =
        sheet[1..].iter().map(|r| (r[0].as_str(), r[10].as_str(), r[12].as_str(), r[15].as_str())).collect();
    // Newest first, as the list shows them: D (urged twice), then B.
    assert_eq!(
        got,
        [(m.num('D').as_str(), "仙桃管理所", "已转办", "2"), (m.num('B').as_str(), "仙桃管理所", "已办结", "1")]
    );
}

// ---------------------------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------------------------

fn roaddesk(db: &Path, dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_roaddesk"))
        .current_dir(dir)
        .env_remove("ROADDESK_DB")
        .args(["--db", db.to_str().unwrap(), "--now", REPORT_AT])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn report_results_and_list_from_the_command_line() {
    let m = Month10::new();
    let out = tempfile::tempdir().unwrap();
    let dir = out.path();
    let db = m.path.clone();
    drop(m.store);

    let (code, stdout, stderr) = roaddesk(&db, dir, &["report", "--month", "2026-10", "-o", "月报.pdf"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("受理量 6") && stdout.contains("超期与重办 2 件"), "{stdout}");
    let text = squeeze(&pdf_pages(&std::fs::read(dir.join("月报.pdf")).unwrap()).concat());
    assert!(text.contains("办结率66.7%46"), "{text}");

    // The default file name, and XLSX by extension.
    let (code, _, stderr) = roaddesk(&db, dir, &["report", "--month", "2026-10"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(dir.join("投诉处理月报-2026-10.pdf").is_file());
    let (code, _, stderr) = roaddesk(&db, dir, &["report", "--month", "2026-10", "-o", "r.XLSX"]);
    assert_eq!(code, 0, "{stderr}");
    let mut book = workbook(&std::fs::read(dir.join("r.XLSX")).unwrap());
    assert_eq!(&row_of(&cells(&mut book, "指标"), "办结率")[..4], ["办结率", "0.6667", "4", "6"]);

    // Any period: September and October together count H as well.
    let (code, stdout, stderr) =
        roaddesk(&db, dir, &["report", "--from", "2026-09-01", "--to", "2026-10-31", "-o", "two.xlsx"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("投诉处理统计报告") && stdout.contains("受理量 7"), "{stdout}");

    for (args, needle) in [
        (vec!["report", "--month", "2026-13"], "--month 的月份“2026-13”无效"),
        (vec!["report", "--month", "2026-10", "-o", "r.docx"], "须以 .pdf 或 .xlsx 结尾"),
        (vec!["report", "--from", "2026-10-31", "--to", "2026-10-01"], "--to 不能早于 --from"),
        (vec!["results", "--from", "2026-10-01", "--to", "2026-10-31", "-o", "r.txt"], "须以 .xlsx 或 .csv 结尾"),
        (vec!["list", "--xlsx", "l.csv"], "须以 .xlsx 结尾"),
    ] {
        let (code, _, stderr) = roaddesk(&db, dir, &args);
        assert_eq!(code, 1, "{args:?}");
        assert!(stderr.starts_with("错误：") && stderr.contains(needle), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    assert!(!dir.join("r.docx").exists());

    let (code, stdout, stderr) =
        roaddesk(&db, dir, &["results", "--from", "2026-10-01", "--to", "2026-10-31", "-o", "结果.csv"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("办结的6件"), "{stdout}");
    let csv = std::fs::read_to_string(dir.join("结果.csv")).unwrap();
    assert!(csv.trim_start_matches('\u{feff}').starts_with("省中心工单号,工单编号,"), "{csv}");
    assert_eq!(csv.lines().count(), 7);
    let (code, _, stderr) =
        roaddesk(&db, dir, &["results", "--from", "2026-10-01", "--to", "2026-10-31", "-o", "结果.xlsx"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(cells(&mut workbook(&std::fs::read(dir.join("结果.xlsx")).unwrap()), "结果上报").len(), 7);

    // The list with its filters, every match (no default limit) to a workbook.
    let (code, stdout, stderr) = roaddesk(&db, dir, &["list", "--office", "仙桃管理所", "--xlsx", "仙桃.xlsx"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("已导出2条工单"), "{stdout}");
    let (code, stdout, _) = roaddesk(&db, dir, &["list", "--overdue", "--limit", "1", "--xlsx", "late.xlsx"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("已导出1条工单"), "{stdout}");
}

//! The generator end to end: the organisation has every role, output is deterministic and the
//! same on any number of threads, every state, kind and history event appears, histories are ones
//! the lifecycle could have written, and the calls are plausible.

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::Duration;

use super::*;
use crate::domain::calendar::WorkCalendar;
use crate::domain::deadline::DeadlineRules;
use crate::domain::lifecycle::{self, ActionKind, Context, HistoryEvent, RevisitPolicy};
use crate::domain::org::{Role, Station, StationId, Unit, UnitId, UnitKind, User, UserId};
use crate::domain::time::{BizTime, parse_biz_time};
use crate::domain::validate::{Phone, forbidden_words};
use crate::domain::work::{
    CallCategory, CallKind, Category, CloseKind, Complaint, ComplaintState, Grade, ItemKind, Source,
};

use super::batch::generate_checked;
use super::words::ymd;
use ComplaintState as S;

/// The demo org as the store would hold it, with ids `index + 1`.
fn stored() -> (Vec<Unit>, Vec<Station>, Vec<User>) {
    let org = demo_org();
    let uid = |i: usize| UnitId(i64::try_from(i).unwrap() + 1);
    let units = org
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| Unit {
            id: uid(i),
            name: u.name.clone(),
            kind: u.kind,
            parent: u.parent.map(uid),
            phone: u.phone.clone(),
        })
        .collect();
    let stations = org
        .stations
        .iter()
        .enumerate()
        .map(|(i, s)| Station {
            id: StationId(i64::try_from(i).unwrap() + 1),
            name: s.name.clone(),
            office: uid(s.office),
        })
        .collect();
    let users = org
        .users
        .iter()
        .enumerate()
        .map(|(i, u)| User {
            id: UserId(i64::try_from(i).unwrap() + 1),
            login: u.login.clone(),
            name: u.name.clone(),
            unit: uid(u.unit),
            roles: u.roles.clone(),
            active: true,
        })
        .collect();
    (units, stations, users)
}

fn now() -> BizTime {
    parse_biz_time("2026-11-20 15:30").unwrap()
}

type Batch = Vec<(Complaint, Vec<HistoryEvent>)>;

fn run(n: usize, seed: u64) -> Batch {
    run_on(n, seed, 1)
}

fn run_on(n: usize, seed: u64, threads: usize) -> Batch {
    let (units, stations, users) = stored();
    let rules = DeadlineRules::default();
    let calendar = WorkCalendar::builtin();
    let policy = RevisitPolicy::default();
    let ctx = Context { rules: &rules, calendar: &calendar, policy: &policy, units: &units, stations: &stations };
    let (out, errors) = generate_checked(n, seed, now(), &ctx, &users, threads);
    assert!(errors.is_empty(), "refused steps: {errors:#?}");
    out
}

fn kinds(h: &[HistoryEvent]) -> Vec<ActionKind> {
    h.iter().map(|e| e.action).collect()
}

#[test]
fn demo_org_has_every_role_and_office_staff() {
    let org = demo_org();
    let logins: HashSet<&str> = org.users.iter().map(|u| u.login.as_str()).collect();
    assert_eq!(logins.len(), org.users.len(), "logins are unique");
    for role in Role::ALL {
        assert!(org.users.iter().any(|u| u.roles.contains(role)), "no user with role {role}");
    }
    let admin = org.users.iter().find(|u| u.login == "admin").unwrap();
    assert_eq!(admin.password, "admin123");
    assert_eq!(org.units[admin.unit].kind, UnitKind::Segment);
    assert!(org.users.iter().filter(|u| u.login != "admin").all(|u| u.password == "demo123"));
    let offices: Vec<usize> = (0..org.units.len()).filter(|&i| org.units[i].kind == UnitKind::Office).collect();
    assert_eq!(offices.len(), 4);
    for &o in &offices {
        let stations = org.stations.iter().filter(|s| s.office == o).count();
        assert!((2..=4).contains(&stations), "{} has {stations} stations", org.units[o].name);
        for role in [Role::OfficeHandler, Role::OfficeHead] {
            assert!(org.users.iter().any(|u| u.unit == o && u.roles.contains(&role)));
        }
    }
    for (i, u) in org.units.iter().enumerate() {
        assert!(u.parent.is_none_or(|p| p < i), "parents come first");
        if !matches!(u.kind, UnitKind::Provincial | UnitKind::Segment | UnitKind::Office) {
            let phone = u.phone.as_deref().unwrap_or_default();
            assert!(Phone::parse(phone).is_ok(), "{} has phone {phone:?}", u.name);
        }
    }
    let keys: HashSet<&str> = org.units.iter().map(|u| u.key).collect();
    assert_eq!(keys.len(), org.units.len());
}

#[test]
fn same_seed_same_output_other_seed_other_output() {
    let a = run(150, 7);
    assert_eq!(a, run(150, 7));
    assert_ne!(a, run(150, 8));
}

#[test]
fn threaded_generation_matches_the_sequential_one() {
    assert_eq!(run_on(200, 12, 3), run_on(200, 12, 1));
}

#[test]
fn every_state_category_and_kind_appears() {
    let batch = run(400, 42);
    assert_eq!(batch.len(), 400);
    let states: BTreeSet<ComplaintState> = batch.iter().map(|(c, _)| c.state).collect();
    assert_eq!(states, ComplaintState::ALL.iter().copied().collect(), "states: {states:?}");
    let categories: BTreeSet<Category> = batch.iter().map(|(c, _)| c.category).collect();
    assert_eq!(categories, Category::ALL.iter().copied().collect());
    let kinds: BTreeSet<ItemKind> = batch.iter().map(|(c, _)| c.kind).collect();
    assert_eq!(kinds, ItemKind::ALL.iter().copied().collect());
    let closes: BTreeSet<CloseKind> = batch.iter().filter_map(|(c, _)| c.close_kind).collect();
    assert_eq!(closes, CloseKind::ALL.iter().copied().collect(), "close kinds: {closes:?}");
    // Older complaints are mostly closed.
    let old: Vec<_> = batch.iter().filter(|(c, _)| now() - c.accepted_at > Duration::days(30)).collect();
    let open = old.iter().filter(|(c, _)| c.state.is_open()).count();
    assert!(open * 20 < old.len(), "{open} of {} old complaints still open", old.len());
}

#[test]
fn histories_are_consistent_and_before_now() {
    let batch = run(400, 3);
    for (c, h) in &batch {
        assert_eq!(h[0].action, ActionKind::Register, "{}", c.number);
        assert_eq!(h[0].from_state, None);
        for w in h.windows(2) {
            assert_eq!(w[1].from_state, Some(w[0].to_state), "{}: {:?}", c.number, kinds(h));
            assert!(w[1].at > w[0].at, "{}: times must increase: {:?}", c.number, kinds(h));
        }
        assert_eq!(h.last().unwrap().to_state, c.state, "{}", c.number);
        assert!(h.iter().all(|e| e.at < now()));
        assert!(c.accepted_at <= h[0].at);
        assert!(c.passage_at.is_none_or(|p| p < c.accepted_at));
        assert!(c.forwarded_at.is_none_or(|f| f <= c.accepted_at));
        assert_eq!(c.source == Source::Provincial, c.provincial_number.is_some());
        for t in [c.closed_at, c.result.as_ref().and_then(|r| r.contacted_at)].into_iter().flatten() {
            assert!(t < now());
        }
        assert!(c.revisits.iter().all(|r| r.at < now()));
        if c.kind == ItemKind::Complaint {
            assert!(c.plate.is_some(), "{}: plate did not parse", c.number);
        }
    }
}

#[test]
fn numbers_are_unique_and_follow_the_registration_date() {
    let batch = run(400, 11);
    let numbers: HashSet<&str> = batch.iter().map(|(c, _)| c.number.as_str()).collect();
    assert_eq!(numbers.len(), batch.len());
    for (c, h) in &batch {
        assert_eq!(c.number.len(), 2 + 8 + 5, "{}", c.number);
        assert_eq!(&c.number[..10], format!("TS{}", ymd(h[0].at)));
    }
    let provincial: Vec<&str> = batch.iter().filter_map(|(c, _)| c.provincial_number.as_deref()).collect();
    assert_eq!(provincial.iter().collect::<HashSet<_>>().len(), provincial.len());
}

#[test]
fn repeat_calls_are_linked_on_both_sides() {
    let batch = run(800, 5);
    let by_number: HashMap<&str, &(Complaint, Vec<HistoryEvent>)> =
        batch.iter().map(|x| (x.0.number.as_str(), x)).collect();
    let dups: Vec<_> = batch.iter().filter(|(c, _)| c.state == S::Duplicate).collect();
    assert!(!dups.is_empty());
    for (c, h) in dups {
        let target = c.duplicate_of.as_deref().unwrap();
        let (t, th) = by_number[target];
        assert!(t.duplicates.contains(&c.number));
        let link = h.last().unwrap();
        let linked = th.iter().find(|e| e.action == ActionKind::LinkedCall && e.note.contains(&c.number)).unwrap();
        assert!((linked.at - link.at).num_seconds().abs() <= 5);
        assert_eq!((t.phone.as_str(), &t.plate), (c.phone.as_str(), &c.plate));
    }
}

#[test]
fn the_batch_shows_every_kind_of_history() {
    let batch = run(1500, 9);
    let has = |kind: ActionKind| batch.iter().any(|(_, h)| h.iter().any(|e| e.action == kind));
    for kind in ActionKind::ALL {
        assert!(has(*kind), "no {kind} in the batch");
    }
    let returned_and_resubmitted = batch.iter().any(|(_, h)| {
        let k = kinds(h);
        k.windows(2).any(|w| w == [ActionKind::Return, ActionKind::SaveChecklist])
    });
    assert!(returned_and_resubmitted);
    let major = batch.iter().filter(|(c, _)| c.grade == Grade::Major).count();
    assert!((20..=150).contains(&major), "{major} major complaints");
    assert!(batch.iter().all(|(c, _)| c.grade == Grade::Ordinary || crate::domain::intake::suggests_major(&c.content)));
    let overdue = batch.iter().filter(|(c, _)| c.deadlines.iter().any(|d| d.missed(now()))).count();
    assert!(overdue > 0 && overdue * 4 < batch.len(), "{overdue} overdue");
    let unreached = batch.iter().filter(|(c, _)| c.close_kind == Some(CloseKind::Unreached)).count();
    assert!(unreached > 0);
    let half_done = batch.iter().any(|(c, _)| {
        c.state == S::Investigating && !c.checklist.videos.is_empty() && !c.checklist.missing().is_empty()
    });
    assert!(half_done, "an investigating complaint with a half-done checklist");
    assert!(batch.iter().any(|(c, _)| c.paused_since.is_some() || c.reopen_count > 0));
    assert!(batch.iter().any(|(c, _)| c.extension.as_ref().is_some_and(|e| e.granted == Some(true))));
    // Operators' and leaders' notes use the service language: no 服务禁语.
    for (c, h) in &batch {
        for e in h {
            assert!(forbidden_words(&e.note).is_empty(), "{}: {}", c.number, e.note);
        }
    }
}

#[test]
fn complaint_texts_vary_and_name_real_stations() {
    let batch = run(400, 21);
    let contents: HashSet<&str> = batch.iter().map(|(c, _)| c.content.as_str()).collect();
    assert!(contents.len() * 10 > batch.len() * 9, "texts should rarely repeat");
    let (_, stations, _) = stored();
    for (c, _) in &batch {
        if let Some(exit) = &c.exit_station {
            assert!(stations.iter().any(|s| &s.name == exit));
        }
        if let Some(result) = &c.result {
            assert!(!result.investigation.is_empty() && !result.handling.is_empty());
        }
    }
}

#[test]
fn empty_org_gives_nothing_and_no_offices_leaves_complaints_registered() {
    let (units, stations, users) = stored();
    let rules = DeadlineRules::default();
    let calendar = WorkCalendar::builtin();
    let policy = RevisitPolicy::default();
    let ctx = Context { rules: &rules, calendar: &calendar, policy: &policy, units: &units, stations: &stations };
    assert!(generate(10, 1, now(), &ctx, &[]).is_empty());
    let desk_only: Vec<User> = users.iter().filter(|u| u.roles.contains(&Role::Operator)).cloned().collect();
    let (out, errors) = generate_checked(50, 1, now(), &ctx, &desk_only, 1);
    assert!(errors.is_empty(), "{errors:?}");
    assert!(out.iter().all(|(c, _)| matches!(c.state, S::Registered | S::Closed | S::Withdrawn | S::Duplicate)));
}

#[test]
fn calls_are_deterministic_numbered_and_plausible() {
    let (units, _, users) = stored();
    let calls = generate_calls(300, 4, now(), &units, &users);
    assert_eq!(calls, generate_calls(300, 4, now(), &units, &users));
    assert_ne!(calls, generate_calls(300, 5, now(), &units, &users));
    assert_eq!(calls.iter().map(|c| &c.number).collect::<HashSet<_>>().len(), calls.len());
    assert!(calls.windows(2).all(|w| w[0].received_at <= w[1].received_at));
    let categories: BTreeSet<CallCategory> = calls.iter().map(|c| c.category).collect();
    assert_eq!(categories.len(), CallCategory::ALL.len());
    for c in &calls {
        assert!(c.received_at < now());
        assert!(forbidden_words(&c.reply).is_empty(), "{}", c.reply);
        if c.category.kind() == CallKind::Help {
            assert!(c.place.is_some() && c.kstake.is_some() && c.referred_to.is_some(), "{c:?}");
            assert!(parse_kstake_ok(c.kstake.as_deref().unwrap()));
        }
    }
}

fn parse_kstake_ok(k: &str) -> bool {
    crate::domain::validate::parse_kstake(k).is_ok_and(|n| n == k)
}

/// `lifecycle::diff` compares typed fields; it must say exactly what comparing the whole
/// serialized complaints says (the history's `changes` column depends on it).
#[test]
fn typed_diff_matches_the_serialized_diff() {
    fn reference(before: &Complaint, after: &Complaint) -> serde_json::Value {
        let (Ok(serde_json::Value::Object(a)), Ok(serde_json::Value::Object(b))) =
            (serde_json::to_value(before), serde_json::to_value(after))
        else {
            return serde_json::Value::Null;
        };
        let mut out = serde_json::Map::new();
        for (k, vb) in &b {
            let va = a.get(k).unwrap_or(&serde_json::Value::Null);
            if va != vb {
                out.insert(k.clone(), serde_json::json!({ "from": va, "to": vb }));
            }
        }
        serde_json::Value::Object(out)
    }
    let batch = run(300, 17);
    let mut fields = BTreeSet::new();
    let top = |key: &str| key.split(['[', '.']).next().unwrap_or(key).to_owned();
    for pair in batch.windows(2) {
        let (a, b) = (&pair[0].0, &pair[1].0);
        let typed = lifecycle::diff(a, b).to_value();
        let reference = reference(a, b);
        let typed_fields: BTreeSet<String> = typed.as_object().unwrap().keys().map(|k| top(k)).collect();
        let reference_fields: BTreeSet<String> = reference.as_object().unwrap().keys().cloned().collect();
        assert_eq!(typed_fields, reference_fields, "{} → {}", a.number, b.number);
        // Down to the list elements and parts: the same entries as serializing everything.
        assert_eq!(typed, lifecycle::diff_serialized(a, b), "{} → {}", a.number, b.number);
        fields.extend(typed_fields);
        assert_eq!(lifecycle::diff(a, a).to_value(), serde_json::json!({}));
        // What one step does to its own complaint's lists: meets a deadline, drops or
        // appends elements.
        let mut step = a.clone();
        if let Some(d) = step.deadlines.first_mut() {
            d.met_at = Some(b.accepted_at);
        }
        step.deadlines.pop();
        step.revisits.extend(b.revisits.iter().cloned());
        step.duplicates.push(b.number.clone());
        step.checklist.conclusion = b.checklist.conclusion;
        step.checklist.videos.extend(b.checklist.videos.iter().cloned());
        assert_eq!(lifecycle::diff(a, &step).to_value(), lifecycle::diff_serialized(a, &step));
    }
    assert!(fields.len() > 35, "pairs should differ in most fields: {fields:?}");
}

/// 统计 sums its figures a month of facts at a time; the sums must be what the whole period
/// gives at once, for every grouping, with partial months at both ends.
#[test]
fn month_by_month_figures_add_up_to_the_whole_period() {
    use crate::domain::stats::{self, ComplaintFacts, GroupBy, PeriodFigures, StatsSettings};
    let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let facts: Vec<ComplaintFacts> =
        run(800, 23).iter().map(|(c, _)| ComplaintFacts::from_complaint(c, now())).collect();
    let (from, to) = (d("2026-02-17"), d("2026-09-12"));
    let trend_from = d("2025-12-01");
    let slices = stats::month_slices(trend_from, to);
    assert_eq!(slices.first(), Some(&(trend_from, d("2025-12-31"))));
    assert_eq!(slices.last(), Some(&(d("2026-09-01"), to)));
    assert!(slices.windows(2).all(|w| w[0].1.succ_opt() == Some(w[1].0)), "contiguous: {slices:?}");
    let settings = StatsSettings { basic_counts_as_satisfied: true };
    for group in [GroupBy::None, GroupBy::Category, GroupBy::Source, GroupBy::Office, GroupBy::Station, GroupBy::Month]
    {
        for weekly in [false, true] {
            let mut sums = PeriodFigures::new(from, to, group, settings, trend_from);
            for (lo, hi) in &slices {
                let month: Vec<_> =
                    facts.iter().filter(|f| (*lo..=*hi).contains(&f.accepted_at.date_naive())).cloned().collect();
                sums.add(&month);
            }
            let s = sums.finish(weekly);
            let whole = stats::compute(&facts, from, to, group, settings);
            assert!(whole[0].1.volume > 100, "a period with complaints in it");
            assert_eq!(s.rows, whole, "{group:?}");
            let volume =
                if weekly { stats::weekly_volume(&facts, from, to) } else { stats::daily_volume(&facts, from, to) };
            assert_eq!(s.volume, volume);
            assert_eq!(s.by_category, stats::by_category(&facts, from, to));
            assert_eq!(s.on_time, stats::on_time_by_office(&facts, from, to));
            assert_eq!(s.satisfaction, stats::satisfaction_by_month(&facts, trend_from, to, settings));
        }
    }
}

/// `cargo test --release --lib demo -- --ignored --nocapture`
#[test]
#[ignore = "timing; run in release"]
fn hundred_thousand_quickly() {
    let start = std::time::Instant::now();
    let (units, stations, users) = stored();
    let rules = DeadlineRules::default();
    let calendar = WorkCalendar::builtin();
    let policy = RevisitPolicy::default();
    let ctx = Context { rules: &rules, calendar: &calendar, policy: &policy, units: &units, stations: &stations };
    let batch = generate(100_000, 1, now(), &ctx, &users);
    let secs = start.elapsed().as_secs_f64();
    let events: usize = batch.iter().map(|(_, h)| h.len()).sum();
    println!("100k complaints, {events} events in {secs:.2} s");
    let calls = generate_calls(33_000, 1, now(), &stored().0, &stored().2);
    println!("+ {} calls in {:.2} s total", calls.len(), start.elapsed().as_secs_f64());
}

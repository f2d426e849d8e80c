//! The 统计 page over a demo database, driven by its Chinese labels: the figures are those of
//! `domain::stats::compute` over the store's facts, grouping names the offices, a click on a
//! figure opens the complaints behind it, and the 基本满意 setting changes 满意率.

mod common;

use chrono::NaiveDate;
use common::{Db, harness, login, now, settle};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use roaddesk::domain::org::UnitKind;
use roaddesk::domain::stats::{GroupBy, GroupKey, Indicators, QuickRange, StatsSettings, compute};
use roaddesk::domain::work::{ComplaintState, ItemKind};
use roaddesk::store::{ListFilter, Store};
use roaddesk::ui::RoadDeskApp;

type H = Harness<'static, RoadDeskApp>;

/// Log in as `user` and open 统计.
fn open_stats(db: &Db, user: &str) -> H {
    let mut h = harness(db);
    login(&mut h, user, "demo123");
    h.get_by_role_and_label(Role::Button, "统计").click();
    settle(&mut h);
    h
}

/// What the page shows first: 本月 as of the test clock.
fn this_month() -> (NaiveDate, NaiveDate) {
    QuickRange::ThisMonth.range(now().date_naive())
}

/// The figures the library computes for `from..=to`, grouped.
fn expected(db: &Db, (from, to): (NaiveDate, NaiveDate), group: GroupBy) -> Vec<(GroupKey, Indicators)> {
    let store = db.store();
    let settings = store.stats_settings().unwrap();
    compute(&store.facts(from, to, now()).unwrap(), from, to, group, settings)
}

/// Pick a grouping from the 分组 dropdown.
fn choose_group(h: &mut H, label: &str) {
    h.get_by_label("分组").click();
    h.run_steps(2);
    h.get_by_role_and_label(Role::Button, label).click();
    settle(h);
}

fn shows(h: &H, text: &str) -> bool {
    h.query_all_by_label(text).next().is_some()
}

#[test]
fn the_page_shows_every_indicator_with_the_library_figures() {
    let db = Db::demo(600);
    let h = open_stats(&db, "lingdao");
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
        assert!(shows(&h, name), "indicator {name} shown");
    }
    let out = expected(&db, this_month(), GroupBy::None);
    assert_eq!(out.len(), 1, "no grouping: the total only");
    let total = &out[0].1;
    assert!(total.volume > 10 && total.closure_rate.numerator > 0, "demo data this month: {total:?}");
    // Counts are links named by group and indicator; rates show value and parts.
    h.get_by_label(&format!("合计 受理量：{}", total.volume));
    h.get_by_label(&format!("合计 超期数：{}", total.overdue));
    h.get_by_label(&format!("合计 催办次数：{}", total.urges));
    h.get_by_label(&format!("合计 重办数：{}", total.reopened));
    h.get_by_label(&format!("合计 办结率：{}", total.closure_rate));
    for rate in
        [total.on_time_rate, total.revisit_rate, total.satisfaction_rate, total.founded_rate, total.rectification_rate]
    {
        assert!(shows(&h, &rate.to_string()), "rate {rate} shown");
    }
    assert!(shows(&h, &roaddesk::ui::stats::handling_time(total.handling_secs)));
    // The charts' titles.
    assert!(h.query_by_label_contains("各类别投诉量").is_some());
    assert!(h.query_by_label_contains("满意率趋势").is_some());
}

#[test]
fn a_quick_range_and_grouping_by_office_show_office_names_and_their_figures() {
    let db = Db::demo(600);
    let mut h = open_stats(&db, "zhiban1");
    h.get_by_role_and_label(Role::Button, "上月").click();
    settle(&mut h);
    choose_group(&mut h, "管理所");
    settle(&mut h);
    let range = QuickRange::LastMonth.range(now().date_naive());
    let out = expected(&db, range, GroupBy::Office);
    let units = db.store().units().unwrap();
    let mut offices = 0;
    for (key, figures) in &out {
        let GroupKey::Office(Some(id)) = key else { continue };
        let name = &units.iter().find(|u| u.id == *id).unwrap().name;
        h.get_by_label(name);
        h.get_by_label(&format!("{name} 受理量：{}", figures.volume));
        h.get_by_label(&format!("{name} 超期数：{}", figures.overdue));
        offices += 1;
    }
    assert!(offices >= 2, "the demo's offices had complaints last month");
    h.get_by_label(&format!("合计 受理量：{}", out[0].1.volume));
    // Each office appears once more, under the on-time chart; the table names no unit id.
    assert!(units.iter().filter(|u| u.kind == UnitKind::Office).all(|u| !shows(&h, &format!("单位{}", u.id.0))));
}

#[test]
fn clicking_overdue_lands_on_the_list_of_those_complaints() {
    let db = Db::demo(600);
    let mut h = open_stats(&db, "lingdao");
    let (from, to) = this_month();
    let total = expected(&db, (from, to), GroupBy::None)[0].1.clone();
    assert!(total.overdue > 0, "the demo has overdue complaints this month");
    h.get_by_label(&format!("合计 超期数：{}", total.overdue)).click();
    settle(&mut h);
    // The list, with the statistics' filter shown and the same count.
    h.get_by_label("来自统计");
    assert!(h.query_by_label_contains("超期数").is_some());
    assert!(shows(&h, &format!("共 {} 条", total.overdue)), "共 {} 条", total.overdue);
    // The date range is in the list's own date fields.
    assert!(h.query_all_by_label_contains(&from.to_string()).next().is_some());
    // Clearing the statistics' filter leaves the dates: every complaint of the month, repeat calls too.
    h.get_by_role_and_label(Role::Button, "清除统计筛选").click();
    settle(&mut h);
    assert!(h.query_by_label("来自统计").is_none());
    let all = db.store().count(&ListFilter { from: Some(from), to: Some(to), ..ListFilter::default() }).unwrap();
    assert!(all > total.overdue);
    assert!(shows(&h, &format!("共 {all} 条")), "共 {all} 条");
}

#[test]
fn clicking_a_category_figure_filters_the_list_by_category_and_closed_state() {
    let db = Db::demo(600);
    let mut h = open_stats(&db, "lingdao");
    choose_group(&mut h, "类别");
    settle(&mut h);
    let (from, to) = this_month();
    let out = expected(&db, (from, to), GroupBy::Category);
    let (key, figures) = out.iter().skip(1).max_by_key(|(_, f)| f.closure_rate.numerator).unwrap();
    let GroupKey::Category(category) = key else { panic!("a category row") };
    h.get_by_label(&format!("{} 办结率：{}", category.label(), figures.closure_rate)).click();
    settle(&mut h);
    let listed = db
        .store()
        .count(&ListFilter {
            kind: Some(ItemKind::Complaint),
            category: Some(*category),
            states: vec![ComplaintState::Closed],
            from: Some(from),
            to: Some(to),
            ..ListFilter::default()
        })
        .unwrap();
    assert_eq!(listed, figures.closure_rate.numerator);
    assert!(shows(&h, &format!("共 {listed} 条")), "共 {listed} 条");
}

#[test]
fn the_basically_satisfied_setting_changes_the_satisfaction_rate() {
    let db = Db::demo(600);
    let range = QuickRange::ThisYear.range(now().date_naive());
    let mut h = open_stats(&db, "lingdao");
    h.get_by_role_and_label(Role::Button, "本年").click();
    settle(&mut h);
    let strict = expected(&db, range, GroupBy::None)[0].1.satisfaction_rate;
    assert!(shows(&h, &strict.to_string()), "{strict}");
    h.get_by_label("基本满意计为满意").click();
    settle(&mut h);
    assert_eq!(db.store().stats_settings().unwrap(), StatsSettings { basic_counts_as_satisfied: true });
    let lenient = expected(&db, range, GroupBy::None)[0].1.satisfaction_rate;
    assert!(lenient.numerator > strict.numerator, "the demo has 基本满意 revisits: {strict} → {lenient}");
    assert!(shows(&h, &lenient.to_string()), "{lenient}");
    assert!(!shows(&h, &strict.to_string()));
}

#[test]
fn an_operator_sees_the_setting_but_cannot_change_it() {
    let db = Db::demo(100);
    let mut h = open_stats(&db, "zhiban1");
    h.get_by_label("基本满意计为满意").click();
    settle(&mut h);
    assert_eq!(db.store().stats_settings().unwrap(), StatsSettings::default(), "unchanged");
}

#[test]
fn a_bad_range_says_why_where_it_was_typed() {
    let db = Db::demo(100);
    let mut h = open_stats(&db, "lingdao");
    h.get_by_label("至").focus();
    h.step();
    h.get_by_label("至").type_text("x");
    settle(&mut h);
    h.get_by_label("日期格式应为 YYYY-MM-DD");
    // The last good figures stay on the page.
    let total = expected(&db, this_month(), GroupBy::None)[0].1.volume;
    h.get_by_label(&format!("合计 受理量：{total}"));
}

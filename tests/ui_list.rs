//! The 工作台 and 投诉工单 screens, driven by their Chinese labels over a demo database.

mod common;

use common::{Db, harness, login, now, settle};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use roaddesk::domain::org::UnitKind;
use roaddesk::domain::work::ComplaintState;
use roaddesk::store::{ListFilter, SortKey, Store};
use roaddesk::ui::RoadDeskApp;

type H = Harness<'static, RoadDeskApp>;

fn count(db: &Db, filter: &ListFilter) -> u64 {
    db.store().count(filter).expect("count")
}

/// Log in as `user` and open 投诉工单.
fn open_list(db: &Db, user: &str) -> H {
    let mut h = harness(db);
    login(&mut h, user, "demo123");
    h.get_by_role_and_label(Role::Button, "投诉工单").click();
    settle(&mut h);
    h
}

fn shows_total(h: &H, n: u64) -> bool {
    h.query_by_label(&format!("共 {n} 条")).is_some()
}

#[test]
fn the_list_shows_rows_and_the_store_total() {
    let db = Db::demo(200);
    let h = open_list(&db, "zhiban1");
    let total = count(&db, &ListFilter::default());
    assert!(total >= 200, "demo data loaded: {total}");
    assert!(shows_total(&h, total), "共 {total} 条");
    // The newest complaint is the first row.
    let newest = db.store().list(&ListFilter { limit: Some(1), ..ListFilter::default() }).unwrap();
    h.get_by_label(&newest[0].number);
    // Rows carry deadline badges.
    assert!(h.query_all_by_label_contains("● ").next().is_some(), "a deadline badge is shown");
    assert!(h.query_by_label_contains("请缩小范围").is_none(), "200 rows fit in one page");
}

#[test]
fn typing_a_search_word_narrows_the_list_to_the_store_count() {
    let db = Db::demo(200);
    let mut h = open_list(&db, "zhiban1");
    let total = count(&db, &ListFilter::default());
    let word = ["态度", "收费", "车型"]
        .into_iter()
        .find(|w| {
            let n = count(&db, &ListFilter { search: Some((*w).to_owned()), ..ListFilter::default() });
            n > 0 && n < total
        })
        .expect("a demo word that narrows the list");
    let expected = count(&db, &ListFilter { search: Some(word.to_owned()), ..ListFilter::default() });
    common::type_into(&mut h, "搜索", word);
    settle(&mut h);
    assert!(shows_total(&h, expected), "共 {expected} 条 for “{word}”");
    assert!(!shows_total(&h, total));
}

#[test]
fn only_overdue_reduces_the_list_to_the_overdue_count() {
    let db = Db::demo(200);
    let mut h = open_list(&db, "zhiban1");
    let overdue = count(&db, &ListFilter { overdue_at: Some(now()), ..ListFilter::default() });
    assert!(overdue > 0, "the demo has overdue complaints");
    h.get_by_label("只看超期").click();
    settle(&mut h);
    assert!(shows_total(&h, overdue), "共 {overdue} 条 overdue");
    // Every row shown is overdue: no 剩余 badge is left.
    assert!(h.query_all_by_label_contains("● 剩余").next().is_none());
    assert!(h.query_all_by_label_contains("● 超期").next().is_some());
}

#[test]
fn a_state_filter_and_a_bad_date_behave() {
    let db = Db::demo(200);
    let mut h = open_list(&db, "zhiban1");
    let total = count(&db, &ListFilter::default());
    // A bad date says so and is not applied.
    common::type_into(&mut h, "从", "2026-13-01");
    settle(&mut h);
    h.get_by_label("日期格式应为 YYYY-MM-DD");
    assert!(shows_total(&h, total));
    // A date range that is fine narrows the list.
    let to = now().date_naive() - chrono::Duration::days(10);
    let expected = count(&db, &ListFilter { to: Some(to), ..ListFilter::default() });
    common::type_into(&mut h, "至", &to.format("%Y-%m-%d").to_string());
    settle(&mut h);
    assert!(shows_total(&h, expected), "共 {expected} 条 up to {to}");
}

#[test]
fn clicking_a_header_sorts_and_enter_opens_the_selected_row() {
    let db = Db::demo(200);
    let mut h = open_list(&db, "zhiban1");
    let first =
        db.store().list(&ListFilter { sort: SortKey::Number, limit: Some(1), ..ListFilter::default() }).unwrap();
    let first = &first[0].number;
    h.get_by_role_and_label(Role::Button, "工单编号").click();
    settle(&mut h);
    h.get_by_role_and_label(Role::Button, "工单编号 ▲");
    // Select the first row with a click, then open it with Enter.
    h.get_by_label(first).click();
    settle(&mut h);
    assert!(h.query_by_label(&format!("工单 {first}")).is_none(), "a single click only selects");
    h.key_press(egui::Key::Enter);
    settle(&mut h);
    h.get_by_label(&format!("工单 {first}"));
}

#[test]
fn an_office_handler_sees_only_their_own_office() {
    let db = Db::demo(200);
    let h = open_list(&db, "hc_jb");
    let units = db.store().units().unwrap();
    let own = units.iter().find(|u| u.name == "汉川管理所").expect("demo office");
    let expected = count(&db, &ListFilter { office: Some(own.id), ..ListFilter::default() });
    assert!(expected > 0);
    assert!(shows_total(&h, expected), "共 {expected} 条 of 汉川管理所");
    assert!(h.query_all_by_label_contains("汉川管理所").count() > 2, "rows of the office are shown");
    for other in units.iter().filter(|u| u.kind == UnitKind::Office && u.id != own.id) {
        assert!(h.query_by_label_contains(&other.name).is_none(), "{} must not show", other.name);
    }
}

#[test]
fn the_dashboard_shows_the_leaders_reviews_with_badges() {
    let db = Db::demo(200);
    let mut h = harness(&db);
    login(&mut h, "lingdao", "demo123");
    h.get_by_role_and_label(Role::Button, "刷新");
    let awaiting = count(&db, &ListFilter { states: vec![ComplaintState::AwaitingReview], ..ListFilter::default() });
    if awaiting == 0 {
        h.get_by_label("暂无待办");
        return;
    }
    assert!(h.query_by_label("暂无待办").is_none());
    let first = db
        .store()
        .list(&ListFilter {
            states: vec![ComplaintState::AwaitingReview, ComplaintState::AwaitingDecision],
            sort: SortKey::DueAsc,
            limit: Some(1),
            ..ListFilter::default()
        })
        .unwrap();
    let number = &first[0].number;
    assert!(h.query_all_by_label_contains("● ").next().is_some(), "deadline badges are shown");
    // A click on the row opens the complaint.
    h.query_all_by_label(number).next().expect("the row").click();
    settle(&mut h);
    h.get_by_label(&format!("工单 {number}"));
}

#[test]
fn an_office_handler_without_work_sees_no_to_do_or_their_forms() {
    let db = Db::demo(200);
    let mut h = harness(&db);
    login(&mut h, "hc_jb", "demo123");
    let units = db.store().units().unwrap();
    let own = units.iter().find(|u| u.name == "汉川管理所").unwrap();
    let todo = count(
        &db,
        &ListFilter {
            states: vec![ComplaintState::Dispatched, ComplaintState::Investigating],
            office: Some(own.id),
            ..ListFilter::default()
        },
    );
    assert_eq!(h.query_by_label("暂无待办").is_some(), todo == 0);
    // An office user's to-do list is the office's inbox.
    h.get_by_label(&format!("收件箱（{}）", todo.min(200)));
    assert!(h.query_by_label_contains("我的待办").is_none());
}

#[test]
fn an_office_users_status_bar_counts_only_their_own_office() {
    let db = Db::demo(200);
    let office = db.store().user_by_login("hc_jb").unwrap().expect("demo office handler").0.unit;
    let own = count(&db, &ListFilter { office: Some(office), ..ListFilter::default() });
    let all = count(&db, &ListFilter::default());
    assert!(own > 0 && own < all, "the office holds some of the complaints: {own}/{all}");
    let mut h = harness(&db);
    login(&mut h, "hc_jb", "demo123");
    settle(&mut h);
    h.get_by_label_contains(&format!("本所工单 {own} 条"));
    assert!(h.query_by_label_contains(&format!("工单 {all} 条")).is_none(), "not the centre-wide count");
}

//! 新建投诉 and 来电登记 in the window: messages beside the fields, the save button that says
//! what is missing, the repeat-call warning, the safety reminder and the answer library.

mod common;

use common::{Db, harness, login, settle};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use roaddesk::store::{ListFilter, Store};
use roaddesk::ui::RoadDeskApp;
use roaddesk::ui::answers::ANSWERS;
use roaddesk::ui::intake::SAFETY_REMINDER;

type H = Harness<'static, RoadDeskApp>;

fn complaints(db: &Db) -> u64 {
    db.store().count(&ListFilter::default()).unwrap()
}

fn calls(db: &Db) -> Vec<roaddesk::domain::work::CallRecord> {
    db.store().calls(10_000).unwrap()
}

fn desk(db: &Db) -> H {
    let mut h = harness(db);
    login(&mut h, "zhiban1", "demo123");
    h
}

fn open_intake(h: &mut H) {
    h.get_by_role_and_label(Role::Button, "新建投诉 (Ctrl+N)").click();
    settle(h);
    h.get_by_label("新建投诉");
}

/// Type into the field labelled `label` and let the messages catch up (they show a frame later).
fn type_into(h: &mut H, label: &str, text: &str) {
    common::type_into(h, label, text);
    settle(h);
}

// Clicks go through AccessKit: the intake form is taller than the 800-pixel harness, and
// `scroll_to_me` does not bring a dropdown into view. The call log is clicked with the pointer.

/// Click the button labelled `label`.
fn click(h: &mut H, label: &str) {
    h.get_by_role_and_label(Role::Button, label).click_accesskit();
    settle(h);
}

/// Pick `option` in the dropdown labelled `label`.
fn choose(h: &mut H, label: &str, option: &str) {
    h.get_by_label(label).click_accesskit();
    h.run_steps(2);
    h.get_by_role_and_label(Role::Button, option).click_accesskit();
    settle(h);
}

/// Replace what the text field labelled `label` holds.
fn retype(h: &mut H, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.step();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.step();
    h.get_by_label(label).type_text(text);
    settle(h);
}

/// What the save button (labelled `ready` once the form is complete) says now.
fn save_text(h: &H, ready: &str) -> String {
    h.query_all_by_role(Role::Button)
        .filter_map(|b| b.accesskit_node().label())
        .find(|l| l == ready || l.starts_with("还需填写") || l.starts_with("请修改"))
        .expect("the save button")
}

#[test]
fn a_bad_plate_is_named_beside_the_field_and_nothing_is_saved_until_the_form_is_complete() {
    let db = Db::demo(100);
    let mut h = desk(&db);
    let before = complaints(&db);
    open_intake(&mut h);
    // The defaults: 投诉, 直接来电, accepted now, 一般.
    assert_eq!(h.get_by_label("受理时间").value().as_deref(), Some("2026-11-21 10:00"));

    type_into(&mut h, "车牌号码", "鄂I2345");
    h.get_by_label_contains("车牌中不使用字母I和O");
    let text = save_text(&h, "保存");
    assert!(text.contains("还需填写：联系电话") && text.contains("投诉内容"), "{text}");
    assert!(text.contains("请修改：车牌号码"), "{text}");
    let save = h.get_by_role_and_label(Role::Button, &text);
    assert!(save.accesskit_node().is_disabled(), "nothing can be saved yet");
    // Untouched fields say nothing yet.
    assert!(h.query_by_label_contains("不能为空").is_none());
    assert_eq!(complaints(&db), before);

    retype(&mut h, "车牌号码", "鄂A12345");
    assert!(h.query_by_label_contains("车牌中不使用字母I和O").is_none());
    type_into(&mut h, "联系电话", "139 0716 2288");
    choose(&mut h, "投诉类别", "服务态度");
    type_into(&mut h, "投诉内容", "在汉川收费站出口缴费时，收费员态度生硬，拒绝解释收费金额。");
    choose(&mut h, "被投诉单位", "汉川管理所");
    choose(&mut h, "收费站", "汉川收费站");
    assert_eq!(save_text(&h, "保存"), "保存");
    // Enter in a single-line field does not submit.
    h.get_by_label("投诉人").focus();
    h.step();
    h.key_press(egui::Key::Enter);
    settle(&mut h);
    assert_eq!(complaints(&db), before);
    click(&mut h, "保存");
    settle(&mut h);

    assert_eq!(complaints(&db), before + 1);
    let rows = db.store().list(&ListFilter { search: Some("13907162288".into()), ..ListFilter::default() }).unwrap();
    let row = rows.iter().find(|r| r.accepted_at == common::now()).expect("the new complaint");
    assert_eq!(row.plate.as_deref(), Some("鄂A12345"));
    assert_eq!(row.station.as_deref(), Some("汉川收费站"));
    // The app opens the new complaint (the status bar also names it in its notice).
    assert!(
        h.query_all_by_label_contains(&row.number).filter_map(|n| n.value()).any(|l| !l.starts_with("已登记")),
        "the detail of {} is shown",
        row.number
    );
    assert!(h.query_by_label("新建投诉").is_none(), "the form is closed");
}

#[test]
fn a_phone_with_a_complaint_in_the_last_7_days_warns_of_a_repeat_call_and_can_be_merged() {
    let db = Db::demo(100);
    let week_ago = common::now().date_naive() - chrono::Days::new(6);
    let recent =
        db.store().list(&ListFilter { from: Some(week_ago), limit: Some(1), ..ListFilter::default() }).unwrap();
    let earlier = recent.first().expect("demo data has a complaint in the last week");
    let mut h = desk(&db);
    let before = complaints(&db);
    open_intake(&mut h);
    assert!(h.query_by_label_contains("可能是重复来电").is_none());

    type_into(&mut h, "联系电话", &earlier.phone);
    settle(&mut h);
    h.get_by_label_contains("可能是重复来电");
    h.get_by_label(&earlier.number);

    // Merging needs a complete form.
    assert!(h.get_by_role_and_label(Role::Button, "合并到此工单").accesskit_node().is_disabled());
    choose(&mut h, "投诉类别", "收费争议");
    type_into(&mut h, "投诉内容", "再次来电催问上次反映的多收费问题。");
    click(&mut h, "合并到此工单");
    settle(&mut h);

    assert_eq!(complaints(&db), before + 1);
    let target = db.store().complaint(&earlier.number).unwrap().unwrap();
    let linked = target.duplicates.last().expect("linked to the earlier complaint");
    let repeat = db.store().complaint(linked).unwrap().unwrap();
    assert_eq!(repeat.duplicate_of.as_deref(), Some(earlier.number.as_str()));
}

#[test]
fn content_about_an_accident_suggests_a_major_grade_and_escape_asks_before_leaving() {
    let db = Db::demo(100);
    let mut h = desk(&db);
    open_intake(&mut h);
    type_into(&mut h, "投诉内容", "清障车拖车时发生事故，车辆受损。");
    h.get_by_label_contains("建议定为重大");
    click(&mut h, "定为重大");
    assert!(h.query_by_label_contains("建议定为重大").is_none());

    // Esc first leaves the field, then asks, since something was typed.
    h.key_press(egui::Key::Escape);
    settle(&mut h);
    h.key_press(egui::Key::Escape);
    settle(&mut h);
    h.get_by_label_contains("已填写的内容不会保存");
    click(&mut h, "放弃并离开");
    assert!(h.query_by_label("新建投诉").is_none());
}

fn open_calls(h: &mut H) {
    h.get_by_role_and_label(Role::Button, "来电登记").click();
    settle(h);
}

#[test]
fn a_help_request_shows_the_safety_reminder_and_is_saved() {
    let db = Db::demo(100);
    let mut h = desk(&db);
    let before = calls(&db).len();
    open_calls(&mut h);
    assert!(h.query_by_label(SAFETY_REMINDER).is_none(), "not for consultations");

    // With the pointer, as an operator would: every category shows without scrolling.
    h.get_by_label("来电类别").click();
    h.run_steps(2);
    h.get_by_role_and_label(Role::Button, "爆胎").click();
    settle(&mut h);
    h.get_by_label(SAFETY_REMINDER);
    h.get_by_label_contains("报警110、火警119、急救120、高速交警122");
    h.get_by_label_contains("0728-3259122");
    assert!(save_text(&h, "保存来电").contains("还需填写：联系电话"), "{}", save_text(&h, "保存来电"));

    type_into(&mut h, "来电人", "张先生");
    type_into(&mut h, "联系电话", "13872001234");
    type_into(&mut h, "地点", "汉宜高速往宜昌方向");
    type_into(&mut h, "桩号", "k123+500");
    type_into(&mut h, "来电内容", "车辆右后轮爆胎，停在应急车道，需要拖车。");
    choose(&mut h, "转交单位", "汉宜高速清障救援中心");
    click(&mut h, "保存来电");

    let after = calls(&db);
    assert_eq!(after.len(), before + 1);
    let call = after.iter().find(|c| c.phone.as_str() == "13872001234").expect("the help request");
    assert_eq!(call.category, roaddesk::domain::work::CallCategory::FlatTyre);
    assert_eq!(call.kstake.as_deref(), Some("K123+500"));
    assert!(call.referred_to.is_some());
    h.get_by_label_contains(&format!("已保存，编号 {}", call.number));
    h.get_by_label(&call.number);
}

#[test]
fn the_answer_library_finds_invoices_and_inserts_the_answer_into_the_reply() {
    let db = Db::demo(100);
    let mut h = desk(&db);
    open_calls(&mut h);
    choose(&mut h, "来电类别", "ETC");
    type_into(&mut h, "搜索答复库", "发票");
    h.get_by_label("通行后多久可以开发票？");
    assert!(h.query_by_label("雾天在高速上怎么行驶？").is_none(), "only what matches");

    let answer = ANSWERS.iter().find(|a| a.question == "通行费电子发票怎么开？").unwrap().answer;
    h.get_all_by_role_and_label(Role::Button, "插入").next().expect("an insert button").click_accesskit();
    settle(&mut h);
    let reply = h.get_by_label("答复内容").accesskit_node().document_range().text();
    assert_eq!(reply, answer);

    type_into(&mut h, "联系电话", "027-87654321");
    type_into(&mut h, "来电内容", "咨询ETC通行费发票怎么开。");
    click(&mut h, "保存来电");
    let saved = calls(&db).into_iter().find(|c| c.phone.as_str() == "027-87654321").expect("the consultation");
    assert_eq!(saved.reply, answer);
    assert_eq!(saved.category, roaddesk::domain::work::CallCategory::Etc);
}

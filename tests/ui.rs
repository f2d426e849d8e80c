//! The window, driven by its Chinese labels: first run, login, navigation by role.

mod common;

use common::{Db, harness, login, settle};
use egui_kittest::kittest::{NodeT, Queryable};

#[test]
fn a_new_database_offers_set_up_or_demo_data() {
    let db = Db::empty();
    let mut h = harness(&db);
    h.get_by_label("欢迎使用路段客服台");
    h.get_by_role_and_label(egui::accesskit::Role::Button, "装入演示数据");
    // Setting up the center: the button says what is still missing.
    assert!(h.query_by_label_contains("还需填写：路段中心名称").is_some());
    common::type_into(&mut h, "中心名称", "汉宜高速信息监控分中心");
    common::type_into(&mut h, "管理所", "汉川管理所：汉川收费站、马口收费站");
    common::type_into(&mut h, "管理员姓名", "周建华");
    common::type_into(&mut h, "密码", "secret1");
    common::type_into(&mut h, "再次输入密码", "secret1");
    h.get_by_label("完成设置").click();
    settle(&mut h);
    // Now a login, and the new admin can log in.
    h.get_by_label_contains("请用管理员账号 admin 登录");
    login(&mut h, "admin", "secret1");
    assert!(common::nav_has(&h, "设置"));
    let store = db.store();
    let units = roaddesk::store::Store::units(&store).unwrap();
    assert!(units.iter().any(|u| u.name == "汉川管理所"));
    assert_eq!(roaddesk::store::Store::stations(&store).unwrap().len(), 2);
}

#[test]
fn wrong_password_says_so_and_nothing_else_then_the_right_one_logs_in() {
    let db = Db::demo(60);
    let mut h = harness(&db);
    login(&mut h, "zhiban1", "wrong-password");
    h.get_by_label("用户名或密码错误");
    assert!(!common::nav_has(&h, "工作台"), "still at the login");
    // The password field was emptied; the login stays.
    common::type_into(&mut h, "密码", "demo123");
    h.get_by_label("登录").click();
    settle(&mut h);
    assert!(common::nav_has(&h, "工作台"));
    h.get_by_label("刘晓琳");
    assert!(h.query_by_label("用户名或密码错误").is_none());
}

#[test]
fn navigation_shows_only_what_the_role_uses() {
    let db = Db::demo(60);
    let mut h = harness(&db);
    login(&mut h, "hc_jb", "demo123");
    assert!(common::nav_has(&h, "工作台") && common::nav_has(&h, "投诉工单"));
    assert!(!common::nav_has(&h, "来电登记"), "an office handler takes no calls");
    assert!(!common::nav_has(&h, "回访"));
    assert!(h.query_by_label_contains("新建投诉").is_none(), "an office handler registers nothing");

    let mut h = harness(&db);
    login(&mut h, "zhiban1", "demo123");
    assert!(common::nav_has(&h, "来电登记") && common::nav_has(&h, "回访"));
    h.get_by_label_contains("新建投诉");
}

/// The issue's “done when”, in one go: a newcomer logs in with a demo user, registers a
/// complaint, finds it again with a 2-character search, and dispatches it — all by the labels.
#[test]
fn a_newcomer_registers_finds_by_two_characters_and_dispatches() {
    use egui::accesskit::Role;
    use roaddesk::domain::work::ComplaintState;
    use roaddesk::store::{ListFilter, Store};

    let db = Db::demo(100);
    let mut h = harness(&db);
    login(&mut h, "zhiban1", "demo123");

    // Register (Ctrl+N) with the required fields; the rare word 鹦鹉 is ours alone.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    settle(&mut h);
    h.get_by_label("新建投诉");
    common::type_into(&mut h, "联系电话", "13907162288");
    settle(&mut h);
    h.get_by_label("投诉类别").click_accesskit();
    h.run_steps(2);
    h.get_by_role_and_label(Role::Button, "服务态度").click_accesskit();
    settle(&mut h);
    common::type_into(&mut h, "投诉内容", "司机称车上的鹦鹉受到惊吓，收费员态度生硬。");
    settle(&mut h);
    h.get_by_role_and_label(Role::Button, "保存").click_accesskit();
    settle(&mut h);
    let rows = db.store().list(&ListFilter { search: Some("鹦鹉".into()), ..ListFilter::default() }).unwrap();
    assert_eq!(rows.len(), 1, "saved once");
    let number = rows[0].number.clone();
    assert_eq!(rows[0].state, ComplaintState::Registered);

    // Find it in 投诉工单 by the 2-character word, select the row and open it with Enter.
    h.get_by_role_and_label(Role::Button, "投诉工单").click();
    settle(&mut h);
    common::type_into(&mut h, "搜索", "鹦鹉");
    settle(&mut h);
    h.get_by_label_contains("共 1 条");
    h.get_by_label(&number).click();
    settle(&mut h);
    h.key_press(egui::Key::Enter);
    settle(&mut h);
    h.get_by_label(&format!("工单 {number}"));

    // Dispatch it to 汉川管理所 from the detail view.
    h.get_by_role_and_label(Role::Button, "转办").click();
    settle(&mut h);
    h.get_by_label("办理单位").click();
    settle(&mut h);
    h.query_all_by_label("汉川管理所").find(|n| n.accesskit_node().role() != Role::Label).expect("option").click();
    settle(&mut h);
    h.get_by_role_and_label(Role::Button, "确定").click();
    settle(&mut h);
    assert_eq!(db.store().complaint(&number).unwrap().unwrap().state, ComplaintState::Dispatched);
    assert!(h.query_all_by_label_contains("登记 → 已转办").next().is_some());
}

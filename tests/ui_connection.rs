//! 连接设置 from the login screen: a bad field is named where it was typed, a server that does
//! not answer is reported without leaving the form, and choosing this desk's file again goes
//! back to the login. The remembered setting never holds the password.

mod common;

use std::time::{Duration, Instant};

use common::{Db, harness, settle};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use roaddesk::ui::RoadDeskApp;
use roaddesk::ui::shell::Stage;

type H = Harness<'static, RoadDeskApp>;

/// Step in real time until `done` holds (the connection is made on its own thread).
fn wait_until(h: &mut H, what: &str, done: impl Fn(&H) -> bool) {
    let started = Instant::now();
    while !done(h) {
        assert!(started.elapsed() < Duration::from_secs(10), "{what}: still waiting");
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    settle(h);
}

fn replace(h: &mut H, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.step();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_label(label).type_text(text);
    h.step();
}

#[test]
fn connection_settings_check_the_form_report_an_absent_server_and_go_back_to_this_desks_file() {
    let db = Db::demo(20);
    let mut h = harness(&db);
    let setting = db.dir.path().join("config").join("connection.json");
    h.state_mut().set_setting_path(setting.clone());
    h.get_by_role_and_label(Role::Button, "连接设置…").click();
    settle(&mut h);
    assert_eq!(h.state().stage(), Stage::Connection);
    h.get_by_label("数据库服务器（多个席位共用，PostgreSQL）").click();
    settle(&mut h);

    replace(&mut h, "端口", "abc");
    h.get_by_role_and_label(Role::Button, "保存并连接").click();
    settle(&mut h);
    assert_eq!(h.query_all_by_label("请填写").count(), 2, "服务器地址 and 用户名 are empty");
    h.get_by_label("应为 1 到 65535 之间的数字（默认 5432）");
    assert!(!setting.exists(), "nothing remembered from a refused form");

    // A port nothing listens on: the attempt fails and says so; the form stays as typed.
    replace(&mut h, "服务器地址", "127.0.0.1");
    replace(&mut h, "端口", "1");
    replace(&mut h, "用户名", "desk1");
    h.get_by_label("密码").focus();
    h.step();
    h.get_by_label("密码").type_text("机密口令");
    h.step();
    h.get_by_role_and_label(Role::Button, "保存并连接").click();
    wait_until(&mut h, "the refused connection", |h| h.query_all_by_label_contains("127.0.0.1").count() > 0);
    assert_eq!(h.state().stage(), Stage::Connection);
    assert!(!setting.exists(), "nothing remembered from a failed connection");

    // Back to this desk's file: remembered, and the login screen shows.
    h.get_by_label("本机数据库文件（单机使用）").click();
    settle(&mut h);
    h.get_by_role_and_label(Role::Button, "保存并连接").click();
    wait_until(&mut h, "the login screen", |h| h.state().stage() == Stage::Login);
    let text = std::fs::read_to_string(&setting).unwrap();
    assert!(text.contains("\"server\": null"), "{text}");
    assert!(!text.contains("机密口令"));
}

//! 工单详情: fields, actions offered by role and state, and the action dialogs, driven by their
//! Chinese labels over demo data.

mod common;

use common::{Db, harness, login, settle};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use roaddesk::domain::checklist::{
    Check, CheckOutcome, Checklist, Conclusion, OfficeResult, Retrieval, VideoRow, VideoSource,
};
use roaddesk::domain::lifecycle::{Action, ActionKind};
use roaddesk::domain::time::parse_biz_time;
use roaddesk::domain::work::{ComplaintState, ItemKind};
use roaddesk::store::{ListFilter, Store};
use roaddesk::ui::RoadDeskApp;

type H = Harness<'static, RoadDeskApp>;

/// The handler and head logins of each demo office.
fn office_logins(office: &str) -> (&'static str, &'static str) {
    match office {
        "汉川管理所" => ("hc_jb", "hc_fz"),
        "仙桃管理所" => ("xt_jb", "xt_fz"),
        "潜江管理所" => ("qj_jb", "qj_fz"),
        _ => ("jz_jb", "jz_fz"),
    }
}

/// An investigating complaint and its office's (handler, head) logins.
fn investigating(db: &Db) -> (String, &'static str, &'static str) {
    let number = complaint_in(db, ComplaintState::Investigating);
    let store = db.store();
    let office = store.complaint(&number).unwrap().unwrap().office.expect("dispatched to an office");
    let office = store.units().unwrap().into_iter().find(|u| u.id == office).unwrap().name;
    let (handler, head) = office_logins(&office);
    (number, handler, head)
}

/// A complaint (not a suggestion) in `state`.
fn complaint_in(db: &Db, state: ComplaintState) -> String {
    let rows = db
        .store()
        .list(&ListFilter {
            states: vec![state],
            kind: Some(ItemKind::Complaint),
            limit: Some(50),
            ..ListFilter::default()
        })
        .unwrap();
    rows.first().unwrap_or_else(|| panic!("demo data has a complaint in {state:?}")).number.clone()
}

fn open(h: &mut H, number: &str) {
    h.state_mut().open(number);
    settle(h);
    h.get_by_label(&format!("工单 {number}"));
}

fn button(h: &H, label: &str) -> Option<bool> {
    h.query_all_by_role_and_label(Role::Button, label).next().map(|n| !n.accesskit_node().is_disabled())
}

#[test]
fn dispatch_from_the_detail_moves_the_complaint_to_the_office() {
    let db = Db::demo(200);
    let number = complaint_in(&db, ComplaintState::Registered);
    let history_before = db.store().history(&number).unwrap().len();
    let mut h = harness(&db);
    login(&mut h, "zhiban1", "demo123");
    open(&mut h, &number);
    h.get_by_label("投诉信息");
    h.get_by_label("办理记录");
    h.get_by_role_and_label(Role::Button, "转办").click();
    settle(&mut h);
    h.get_by_label("办理单位").click();
    settle(&mut h);
    // The option in the open dropdown (the page may name the office too, as a plain label).
    h.query_all_by_label("汉川管理所").find(|n| n.accesskit_node().role() != Role::Label).expect("option").click();
    settle(&mut h);
    h.get_by_role_and_label(Role::Button, "确定").click();
    settle(&mut h);

    let store = db.store();
    let c = store.complaint(&number).unwrap().unwrap();
    assert_eq!(c.state, ComplaintState::Dispatched);
    let hanchuan = store.units().unwrap().into_iter().find(|u| u.name == "汉川管理所").unwrap();
    assert_eq!(c.office, Some(hanchuan.id));
    let history = store.history(&number).unwrap();
    assert_eq!(history.len(), history_before + 1);
    assert_eq!(history.last().unwrap().action, ActionKind::Dispatch);
    // The dialog closed and the page shows the new state and the step in the timeline.
    assert!(h.query_by_label("确定").is_none(), "the dialog closed");
    assert!(h.query_all_by_role_and_label(Role::Label, "已转办").next().is_some());
    assert!(h.query_all_by_role_and_label(Role::Label, "转办").next().is_some(), "the timeline shows 转办");
    assert!(h.query_all_by_label_contains("登记 → 已转办").next().is_some());
    // The office's clock started at 10:00 with one natural day: due 11-22 24:00, counting down.
    h.get_by_label("截止 2026-11-22 24:00");
    h.get_by_label("● [正常] 剩余 1天14小时");
}

#[test]
fn only_the_duty_leader_is_offered_approval() {
    let db = Db::demo(200);
    let number = complaint_in(&db, ComplaintState::AwaitingReview);

    let mut h = harness(&db);
    login(&mut h, "zhiban1", "demo123");
    open(&mut h, &number);
    assert_ne!(button(&h, "审核通过"), Some(true), "an operator cannot approve");
    assert_ne!(button(&h, "退回"), Some(true));
    assert_eq!(button(&h, "催办"), Some(true), "an operator may urge a complaint awaiting review");

    let mut h = harness(&db);
    login(&mut h, "lingdao", "demo123");
    open(&mut h, &number);
    assert_eq!(button(&h, "审核通过"), Some(true));
    assert_eq!(button(&h, "退回"), Some(true));
}

#[test]
fn a_return_without_reason_is_refused_inside_the_dialog_and_changes_nothing() {
    let db = Db::demo(200);
    let number = complaint_in(&db, ComplaintState::AwaitingReview);
    let before = db.store().complaint(&number).unwrap().unwrap();
    let history_before = db.store().history(&number).unwrap().len();
    let mut h = harness(&db);
    login(&mut h, "lingdao", "demo123");
    open(&mut h, &number);
    h.get_by_role_and_label(Role::Button, "退回").click();
    settle(&mut h);
    h.get_by_role_and_label(Role::Button, "确定").click();
    settle(&mut h);
    h.get_by_label("退回原因：不能为空");
    // Still open, for the reason to be typed.
    h.get_by_role_and_label(Role::Button, "确定");
    assert_eq!(db.store().complaint(&number).unwrap().unwrap(), before);
    assert_eq!(db.store().history(&number).unwrap().len(), history_before);

    // Esc cancels the dialog; a second Esc goes back from the detail.
    h.key_press(egui::Key::Escape);
    settle(&mut h);
    assert!(h.query_by_label("退回原因：不能为空").is_none());
    assert!(h.query_all_by_role_and_label(Role::Button, "确定").next().is_none());
    h.get_by_label(&format!("工单 {number}"));
    h.key_press(egui::Key::Escape);
    settle(&mut h);
    assert!(h.query_by_label(&format!("工单 {number}")).is_none(), "back from the detail");
}

#[test]
fn a_reason_typed_then_enter_returns_the_complaint() {
    let db = Db::demo(200);
    let number = complaint_in(&db, ComplaintState::AwaitingReview);
    let mut h = harness(&db);
    login(&mut h, "lingdao", "demo123");
    open(&mut h, &number);
    h.get_by_role_and_label(Role::Button, "退回").click();
    settle(&mut h);
    // The cursor is already in the reason field.
    h.get_by_label("退回原因").type_text("录像说明不清，请补充");
    h.step();
    h.key_press(egui::Key::Enter);
    settle(&mut h);
    let c = db.store().complaint(&number).unwrap().unwrap();
    assert_eq!(c.state, ComplaintState::Investigating);
    assert_eq!(c.return_reason.as_deref(), Some("录像说明不清，请补充"));
    assert!(h.query_all_by_role_and_label(Role::Button, "确定").next().is_none(), "the dialog closed");
    assert!(h.query_all_by_label("录像说明不清，请补充").next().is_some(), "the reason shows");
}

#[test]
fn the_office_sees_its_deadline_and_a_bad_time_is_flagged_beside_the_field() {
    let db = Db::demo(200);
    let (number, handler, _) = investigating(&db);
    let mut h = harness(&db);
    login(&mut h, handler, "demo123");
    open(&mut h, &number);
    assert!(
        h.query_all_by_label_contains("管理所办理").next().is_some() || h.query_by_label("无进行中的时限").is_some()
    );
    assert_eq!(button(&h, "保存核查"), Some(true));
    assert_eq!(button(&h, "提交结果"), Some(true));
    assert_eq!(button(&h, "转办"), None, "an office handler never dispatches");

    h.get_by_role_and_label(Role::Button, "保存核查").click();
    settle(&mut h);
    let rows_before = db.store().complaint(&number).unwrap().unwrap().checklist.videos.len();
    assert_eq!(h.query_all_by_label("开始时间").count(), rows_before, "the saved rows are in the editor");
    h.get_by_role_and_label(Role::Button, "添加一行").click();
    settle(&mut h);
    let row = rows_before + 1;
    assert_eq!(h.query_all_by_label("开始时间").count(), row);
    // A time that does not parse: the message shows, 确定 sends nothing.
    h.query_all_by_label("开始时间").last().expect("time field").focus();
    h.step();
    h.query_all_by_label("开始时间").last().unwrap().type_text("昨天");
    settle(&mut h);
    h.get_by_label("格式应为 2026-11-21 10:00");
    h.get_by_role_and_label(Role::Button, "确定").click();
    settle(&mut h);
    assert_eq!(db.store().complaint(&number).unwrap().unwrap().checklist.videos.len(), rows_before);
    // Remove the bad row, add a fresh one (its window prefilled around the time of passage) and
    // save the checklist half done.
    h.query_all_by_role_and_label(Role::Button, "删除此行").last().unwrap().click();
    settle(&mut h);
    assert!(h.query_by_label("格式应为 2026-11-21 10:00").is_none(), "the bad row is gone");
    assert_eq!(h.query_all_by_label("开始时间").count(), rows_before);
    h.get_by_role_and_label(Role::Button, "添加一行").click();
    settle(&mut h);
    assert_eq!(h.query_all_by_label("开始时间").count(), row);
    h.get_by_role_and_label(Role::Button, "确定").click();
    settle(&mut h);
    let c = db.store().complaint(&number).unwrap().unwrap();
    assert_eq!(c.checklist.videos.len(), row, "saved half done");
    assert!(h.query_all_by_role_and_label(Role::Button, "确定").next().is_none(), "the dialog closed");
}

#[test]
fn the_result_is_submitted_with_the_office_heads_login_and_password() {
    let db = Db::demo(200);
    let (number, handler, head) = investigating(&db);
    // The office has done its checks (through the store, as the editor would save them).
    let mut store = db.store();
    let who = roaddesk::auth::authenticate(&store, handler, "demo123").unwrap();
    let checklist = Checklist {
        videos: vec![VideoRow {
            source: VideoSource::LaneCamera,
            location: "3号车道".into(),
            from: parse_biz_time("2026-11-20 09:00"),
            to: parse_biz_time("2026-11-20 09:10"),
            retrieval: Retrieval::Retrieved,
            observation: "收费员按规定收费，态度正常".into(),
        }],
        transaction: Check { outcome: CheckOutcome::Consistent, note: String::new() },
        vehicle_class: Check { outcome: CheckOutcome::Consistent, note: String::new() },
        staff_interview: Check { outcome: CheckOutcome::Consistent, note: String::new() },
        conclusion: Some(Conclusion::Unfounded),
        responsibility: vec![],
    };
    let result = OfficeResult {
        investigation: "调取车道录像，收费员按规定收费".into(),
        handling: "向司机解释收费标准".into(),
        action_taken: String::new(),
        contacted_at: parse_biz_time("2026-11-21 09:30"),
        explained: "已解释".into(),
        reaction: "表示理解".into(),
    };
    store.act(&number, &Action::SaveChecklist { checklist, result: Some(result) }, &who, common::now()).unwrap();

    let mut h = harness(&db);
    login(&mut h, handler, "demo123");
    open(&mut h, &number);
    h.get_by_role_and_label(Role::Button, "提交结果").click();
    settle(&mut h);
    h.get_by_label_contains("核查清单与办理结果已填写完整");
    common::type_into(&mut h, "负责人账号", head);
    common::type_into(&mut h, "负责人密码", "wrong-password");
    h.get_by_role_and_label(Role::Button, "确定").click();
    settle(&mut h);
    h.get_by_label_contains("负责人签字失败");
    assert_eq!(db.store().complaint(&number).unwrap().unwrap().state, ComplaintState::Investigating);
    // The password was emptied for another try.
    common::type_into(&mut h, "负责人密码", "demo123");
    h.get_by_role_and_label(Role::Button, "确定").click();
    settle(&mut h);
    let c = db.store().complaint(&number).unwrap().unwrap();
    assert_eq!(c.state, ComplaintState::AwaitingReview);
    let signed = c.head_signature.expect("the head signed");
    h.get_by_label(&format!("{}  2026-11-21 10:00", signed.name));
    assert!(h.query_all_by_role_and_label(Role::Button, "确定").next().is_none(), "the dialog closed");
}

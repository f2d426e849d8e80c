//! 回访: the desk records attempts from the queue, 回访未果办结 waits for spaced attempts, an
//! unsatisfied revisit goes to the duty leader, who reopens it; calls are revisited too.

mod common;

use common::{Db, harness, login, now, settle, type_into};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use roaddesk::domain::lifecycle::Action;
use roaddesk::domain::org::Actor;
use roaddesk::domain::revisit::{CallRevisitState, call_revisit_state, consultation_sampled};
use roaddesk::domain::work::{
    CallCategory, CallRecord, ComplaintState, ItemKind, Satisfaction, Source, UnreachedReason,
};
use roaddesk::store::{ListFilter, Store};
use roaddesk::ui::RoadDeskApp;

type H = Harness<'static, RoadDeskApp>;

fn actor(db: &Db, login: &str) -> Actor {
    let (user, _) = db.store().user_by_login(login).unwrap().unwrap();
    Actor::from(&user)
}

/// Leave exactly one complaint awaiting revisit, one without unreached attempts: the others are
/// revisited (满意) through the store first, so the queue's labels name that one row.
fn only_one_awaiting_revisit(db: &Db) -> String {
    let mut store = db.store();
    let rows = store
        .list(&ListFilter {
            states: vec![ComplaintState::AwaitingRevisit],
            kind: Some(ItemKind::Complaint),
            ..ListFilter::default()
        })
        .unwrap();
    let target = rows
        .iter()
        .find(|r| store.complaint(&r.number).unwrap().unwrap().revisits.iter().all(|a| a.unreached.is_none()))
        .expect("demo data has a complaint awaiting revisit with no attempts yet")
        .number
        .clone();
    let desk = actor(db, "zhiban1");
    let satisfied = Action::RecordRevisit {
        at: None,
        unreached: None,
        satisfaction: Some(Satisfaction::Satisfied),
        words: "满意".into(),
        reason: String::new(),
    };
    for r in rows.iter().filter(|r| r.number != target) {
        store.act(&r.number, &satisfied, &desk, now()).unwrap();
    }
    target
}

fn open_revisits(h: &mut H) {
    h.get_by_role_and_label(Role::Button, "回访").click();
    settle(h);
}

fn enabled(h: &H, label: &str) -> bool {
    !h.get_by_role_and_label(Role::Button, label).accesskit_node().is_disabled()
}

/// Pick `option` in the dropdown labelled `combo`.
fn choose(h: &mut H, combo: &str, option: &str) {
    h.get_by_label(combo).click();
    settle(h);
    h.query_all_by_label(option).find(|n| n.accesskit_node().role() != Role::Label).expect("option").click();
    settle(h);
}

/// The text of the label right after the label `name` (a grid's value beside its name).
fn value_after(h: &H, name: &str) -> String {
    let labels: Vec<String> = h
        .query_all_by_role(Role::Label)
        .map(|n| {
            let node = n.accesskit_node();
            node.label().or_else(|| node.value()).unwrap_or_default()
        })
        .collect();
    let i = labels.iter().position(|l| l == name).unwrap_or_else(|| panic!("no label {name}"));
    labels[i + 1].clone()
}

#[test]
fn the_desk_records_attempts_from_the_queue_and_the_leader_reopens() {
    let db = Db::demo(200);
    let number = only_one_awaiting_revisit(&db);
    let mut h = harness(&db);
    login(&mut h, "zhiban1", "demo123");
    open_revisits(&mut h);
    h.get_by_label("投诉回访（1）");
    h.get_by_label(&number);
    h.get_by_label("0/3次");
    h.get_by_label("现在可拨打");
    assert!(!enabled(&h, "回访未果办结"), "no attempt yet: 回访未果办结 is not offered");

    // 占线 at 10:00.
    h.get_by_role_and_label(Role::Button, "记录回访").click();
    settle(&mut h);
    assert_eq!(h.get_by_label("回访时间").accesskit_node().value().as_deref(), Some("2026-11-21 10:00"));
    h.get_by_role_and_label(Role::RadioButton, "未接通").click();
    settle(&mut h);
    choose(&mut h, "未接通原因", "占线");
    h.get_by_role_and_label(Role::Button, "确定").click();
    settle(&mut h);
    let c = db.store().complaint(&number).unwrap().unwrap();
    assert_eq!(c.state, ComplaintState::AwaitingRevisit);
    let last = c.revisits.last().unwrap();
    assert_eq!((last.unreached, last.at), (Some(UnreachedReason::Busy), now()));
    assert!(h.query_by_label("确定").is_none(), "the dialog closed");
    // The queue reloaded: one valid attempt, the next from 10:30, still no giving up.
    h.get_by_label("1/3次");
    h.get_by_label("2026-11-21 10:30");
    assert!(!enabled(&h, "回访未果办结"), "one attempt of three: 回访未果办结 stays disabled");

    // Reached: 不满意 needs a reason; with one it goes to the duty leader.
    h.get_by_role_and_label(Role::Button, "记录回访").click();
    settle(&mut h);
    choose(&mut h, "满意度", "不满意");
    type_into(&mut h, "司乘原话", "多收的钱还没退");
    h.get_by_role_and_label(Role::Button, "确定").click();
    settle(&mut h);
    h.get_by_label("请填写原因");
    assert_eq!(db.store().complaint(&number).unwrap().unwrap().revisits.len(), c.revisits.len(), "nothing saved");
    type_into(&mut h, "原因", "未退还多收的通行费");
    h.get_by_role_and_label(Role::Button, "确定").click();
    settle(&mut h);
    let c = db.store().complaint(&number).unwrap().unwrap();
    assert_eq!(c.state, ComplaintState::AwaitingDecision);
    let reached = c.reached_revisit().unwrap();
    assert_eq!(reached.satisfaction, Some(Satisfaction::Unsatisfied));
    assert_eq!(reached.reason, "未退还多收的通行费");
    assert_eq!(reached.words, "多收的钱还没退");
    h.get_by_label("投诉回访（0）");
    assert!(h.query_by_label("不满意待定（1）").is_none(), "an operator has no 不满意待定 section");

    // The duty leader reopens it from 不满意待定 (the newest is last: oldest first).
    let mut h = harness(&db);
    login(&mut h, "lingdao", "demo123");
    open_revisits(&mut h);
    assert!(h.query_all_by_label_contains("不满意待定（").next().is_some());
    h.get_by_label(&number);
    h.query_all_by_role_and_label(Role::Button, "重办").last().expect("重办 on the row").click();
    settle(&mut h);
    type_into(&mut h, "重办原因", "请管理所核实退费");
    h.get_by_role_and_label(Role::Button, "确定").click();
    settle(&mut h);
    let c = db.store().complaint(&number).unwrap().unwrap();
    assert_eq!((c.state, c.reopen_count), (ComplaintState::Investigating, 1));
    assert_eq!(c.revisits.len(), 2, "the earlier attempts are kept");
    assert!(h.query_by_label(&number).is_none(), "it left 不满意待定");

    h.state_mut().open(&number);
    settle(&mut h);
    h.get_by_label(&format!("工单 {number}"));
    assert!(h.query_all_by_role_and_label(Role::Label, "核查中").next().is_some());
    assert_eq!(value_after(&h, "重办次数"), "1");
}

#[test]
fn giving_up_is_offered_only_after_three_spaced_attempts() {
    let db = Db::demo(200);
    let number = only_one_awaiting_revisit(&db);
    let desk = actor(&db, "zhiban1");
    let busy = |at: &str| Action::RecordRevisit {
        at: Some(roaddesk::domain::time::parse_biz_time(at).unwrap()),
        unreached: Some(UnreachedReason::NoAnswer),
        satisfaction: None,
        words: String::new(),
        reason: String::new(),
    };
    let mut store = db.store();
    // 08:40 is only 20 minutes after 08:20: two attempts count; the next could be made from 09:40.
    for at in ["2026-11-21 08:20", "2026-11-21 08:40", "2026-11-21 09:10"] {
        store.act(&number, &busy(at), &desk, now()).unwrap();
    }
    let mut h = harness(&db);
    login(&mut h, "zhiban1", "demo123");
    open_revisits(&mut h);
    h.get_by_label("2/3次");
    h.get_by_label("现在可拨打");
    assert!(!enabled(&h, "回访未果办结"), "two valid attempts of three");

    store.act(&number, &busy("2026-11-21 09:45"), &desk, now()).unwrap();
    h.get_by_role_and_label(Role::Button, "刷新").click();
    settle(&mut h);
    h.get_by_label("3/3次");
    assert!(enabled(&h, "回访未果办结"));
    h.get_by_role_and_label(Role::Button, "回访未果办结").click();
    settle(&mut h);
    type_into(&mut h, "回访未果说明", "三次均无人接听");
    h.get_by_role_and_label(Role::Button, "确定").click();
    settle(&mut h);
    let c = db.store().complaint(&number).unwrap().unwrap();
    assert_eq!(c.state, ComplaintState::Closed);
    assert_eq!(c.close_reason.as_deref(), Some("三次均无人接听"));
    h.get_by_label("投诉回访（0）");
}

/// A consultation received at 09:00 today whose number is in the 20 % sample.
fn sampled_consultation(db: &Db) -> CallRecord {
    let mut store = db.store();
    let desk = actor(db, "zhiban1");
    let draft = CallRecord {
        number: String::new(),
        category: CallCategory::Etc,
        source: Source::DirectCall,
        received_at: roaddesk::domain::time::parse_biz_time("2026-11-21 09:00").unwrap(),
        received_by: desk.id,
        received_by_name: desk.name.clone(),
        caller: "赵女士".into(),
        phone: roaddesk::domain::validate::Phone::parse("13912345678").unwrap(),
        plate: None,
        place: None,
        kstake: None,
        content: "ETC卡绑定提示信息不一致".into(),
        reply: "请联系发行方更改预留信息".into(),
        referred_to: None,
        revisits: Vec::new(),
    };
    // Numbers run on per day: register consultations until one falls in the sample.
    for _ in 0..100 {
        let call = store.register_call(draft.clone(), &desk, now()).unwrap();
        if consultation_sampled(&call.number, 20) {
            return call;
        }
    }
    panic!("no consultation in the 20 % sample among 100");
}

#[test]
fn a_sampled_consultation_is_revisited_from_the_call_tab() {
    let db = Db::demo(200);
    let call = sampled_consultation(&db);
    let mut h = harness(&db);
    login(&mut h, "zhiban1", "demo123");
    open_revisits(&mut h);
    h.query_all_by_label_contains("来电回访（").next().expect("the call tab").click();
    settle(&mut h);
    h.get_by_label(&call.number);
    let row = h.query_all_by_role_and_label(Role::Button, "记录回访").count();
    assert!(row >= 1);
    // Its row is the newest (the queue runs oldest first).
    h.query_all_by_role_and_label(Role::Button, "记录回访").last().unwrap().click();
    settle(&mut h);
    h.get_by_label(&format!("来电 {}", call.number));
    choose(&mut h, "满意度", "满意");
    h.get_by_role_and_label(Role::Button, "确定").click();
    settle(&mut h);
    let stored = db.store().call(&call.number).unwrap().unwrap();
    assert_eq!(stored.revisits.len(), 1);
    assert_eq!(stored.revisits[0].satisfaction, Some(Satisfaction::Satisfied));
    let policy = db.store().revisit_policy().unwrap();
    assert_eq!(call_revisit_state(&stored, &policy), CallRevisitState::Reached(Satisfaction::Satisfied));
    assert!(h.query_by_label(&call.number).is_none(), "done: it left the queue");
}

#[test]
fn the_leader_changes_the_revisit_policy_on_the_settings_page() {
    let db = Db::demo(50);
    let mut h = harness(&db);
    login(&mut h, "lingdao", "demo123");
    h.get_by_role_and_label(Role::Button, "设置").click();
    settle(&mut h);
    h.get_by_label("咨询抽样回访比例").focus();
    h.step();
    h.get_by_label("咨询抽样回访比例").type_text("0");
    settle(&mut h);
    // “200” is out of range: said beside the field, and nothing can be saved.
    h.get_by_label("须在0到100之间");
    assert!(!enabled(&h, "保存回访规则"));
    h.key_press(egui::Key::Backspace);
    h.step();
    h.key_press(egui::Key::Backspace);
    h.step();
    h.get_by_label("咨询抽样回访比例").type_text("5");
    settle(&mut h);
    h.get_by_role_and_label(Role::RadioButton, "五级（非常满意…非常不满意）").click();
    settle(&mut h);
    h.get_by_role_and_label(Role::Button, "保存回访规则").click();
    settle(&mut h);
    let p = db.store().revisit_policy().unwrap();
    assert_eq!((p.consult_sample_percent, p.five_level, p.min_attempts), (25, true, 3));
    h.get_by_label("回访规则已保存，新的回访按此执行");

    // An operator only reads it.
    let mut h = harness(&db);
    login(&mut h, "zhiban1", "demo123");
    h.get_by_role_and_label(Role::Button, "设置").click();
    settle(&mut h);
    assert!(h.query_by_label("保存回访规则").is_none());
    assert!(h.query_all_by_label_contains("咨询来电抽样回访 25%").next().is_some());
}

//! The office and the duty leader in the window: the 收件箱 with 签收 on the row, the checklist,
//! a refused and then a signed submit, the leader's 待审核 queue with a return and an approval;
//! the 催办提示 of the operator's dashboard; the signature upload in 设置.
//!
//! The database holds the demo organisation and users and only the complaints each test makes
//! through the store, so every queue holds exactly what the test expects.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use common::{Db, harness, login, settle, type_into};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use roaddesk::auth::authenticate;
use roaddesk::domain::checklist::{
    Check, CheckOutcome, Checklist, Conclusion, OfficeResult, Retrieval, VideoRow, VideoSource,
};
use roaddesk::domain::intake::{ComplaintInput, validate_complaint};
use roaddesk::domain::lifecycle::{Action, ActionKind};
use roaddesk::domain::org::Actor;
use roaddesk::domain::time::{BizTime, parse_biz_time};
use roaddesk::domain::work::ComplaintState;
use roaddesk::store::{SqliteStore, Store};
use roaddesk::ui::RoadDeskApp;
use roaddesk::ui::dashboard::URGE_NOTE;

type H = Harness<'static, RoadDeskApp>;

const PASSWORD: &str = roaddesk::demo::DEMO_PASSWORD;

fn t(s: &str) -> BizTime {
    parse_biz_time(s).unwrap_or_else(|| panic!("bad time {s}"))
}

/// The demo organisation and users, no complaints.
fn org() -> Db {
    Db::demo(0)
}

fn who(store: &SqliteStore, login: &str) -> Actor {
    authenticate(store, login, PASSWORD).unwrap_or_else(|e| panic!("{login}: {e}"))
}

/// A 服务态度 complaint about 汉川收费站 accepted at `accepted`, dispatched to 汉川管理所 at
/// `dispatched` by the operator; its number.
fn dispatched(db: &Db, plate: &str, accepted: &str, dispatched: &str) -> String {
    let mut store = db.store();
    let operator = who(&store, "zhiban1");
    let input = ComplaintInput {
        complainant: Some("王先生".into()),
        phone: Some("13971880099".into()),
        plate: Some(plate.into()),
        category: Some("服务态度".into()),
        content: Some("收费员服务态度恶劣，扔卡".into()),
        request: Some("要求道歉".into()),
        accepted_at: Some(accepted.into()),
        passage_at: Some("2026-11-18 08:30".into()),
        station: Some("汉川收费站".into()),
        ..ComplaintInput::default()
    };
    let units = store.units().unwrap();
    let stations = store.stations().unwrap();
    let draft = validate_complaint(&input, &operator, t(accepted), &units, &stations).expect("a valid complaint");
    let c = store.register(draft, &operator, t(accepted)).unwrap();
    let office = units.iter().find(|u| u.name == "汉川管理所").unwrap().id;
    let action = Action::Dispatch { office, station: None, note: String::new() };
    store.act(&c.number, &action, &operator, t(dispatched)).unwrap();
    c.number
}

fn state(db: &Db, number: &str) -> ComplaintState {
    db.store().complaint(number).unwrap().unwrap().state
}

fn button(h: &H, label: &str) -> Option<bool> {
    h.query_all_by_role_and_label(Role::Button, label).next().map(|n| !n.accesskit_node().is_disabled())
}

fn click(h: &mut H, label: &str) {
    h.get_by_role_and_label(Role::Button, label).click_accesskit();
    settle(h);
}

/// Pick `option` in the dropdown labelled `label` (the last one, when rows repeat it).
fn choose(h: &mut H, label: &str, option: &str) {
    h.query_all_by_label(label).last().unwrap_or_else(|| panic!("dropdown {label}")).click_accesskit();
    h.run_steps(2);
    h.get_by_role_and_label(Role::Button, option).click_accesskit();
    settle(h);
}

/// Log in as `login` in a fresh window (the login screen keeps the last name typed).
fn window(db: &Db, login_name: &str) -> H {
    let mut h = harness(db);
    login(&mut h, login_name, PASSWORD);
    h
}

#[test]
#[allow(clippy::too_many_lines, reason = "one complaint's whole office round in the window, step by step")]
fn the_office_and_the_leader_work_a_complaint_through_review_in_the_window() {
    let db = org();
    let number = dispatched(&db, "鄂A12345", "2026-11-21 09:00", "2026-11-21 09:30");
    let leader_png = png(40, 12);
    {
        let mut store = db.store();
        let leader = who(&store, "lingdao");
        store.set_signature(leader.id, Some(&leader_png)).unwrap();
    }

    // 汉川管理所's handler: the form is in the inbox, 签收 right on the row.
    let mut h = window(&db, "hc_jb");
    h.get_by_label("收件箱（1）");
    h.get_by_label(&number);
    assert!(h.query_by_label_contains("我的待办").is_none(), "an office user's to-do list is the inbox");
    assert!(h.query_by_label_contains("待审核（").is_none() && h.query_by_label_contains("催办提示（").is_none());
    click(&mut h, "签收");
    assert_eq!(state(&db, &number), ComplaintState::Investigating);
    h.get_by_label(&format!("已签收 {number}，开始核查"));
    assert_eq!(button(&h, "签收"), None, "signed for: the row now opens the form");
    click(&mut h, "打开");
    h.get_by_label(&format!("工单 {number}"));

    // The checklist, complete but for the conclusion, with the result.
    click(&mut h, "保存核查");
    click(&mut h, "添加一行");
    choose(&mut h, "调取情况", "已调取");
    type_into(&mut h, "核查情况", "收费员递卡动作正常，无扔卡");
    for check in ["通行流水核查", "车型轴数核查", "当事人员询问"] {
        choose(&mut h, check, "相符");
    }
    type_into(&mut h, "调查情况", "调取车道录像，收费员按规定收费，递卡动作正常");
    type_into(&mut h, "处理结果", "向司机解释收费流程");
    type_into(&mut h, "联系司乘时间", "2026-11-21 09:50");
    type_into(&mut h, "向司乘解释", "已电话解释并致歉");
    click(&mut h, "确定");
    let c = db.store().complaint(&number).unwrap().unwrap();
    assert_eq!(c.checklist.videos.len(), 1);
    assert_eq!(c.checklist.missing(), ["核查结论：请选择 属实/部分属实/不属实"]);
    assert!(c.result.is_some(), "the result draft was saved with it");

    // Submitting without a conclusion is refused in the dialog, with what is missing.
    click(&mut h, "提交结果");
    h.get_by_label("还不能提交，尚缺1项：");
    h.get_by_label("· 核查结论：请选择 属实/部分属实/不属实");
    assert_eq!(button(&h, "确定"), Some(false), "确定 is refused until the checklist is complete");
    h.get_by_role_and_label(Role::Button, "确定").click();
    settle(&mut h);
    assert_eq!(state(&db, &number), ComplaintState::Investigating);
    click(&mut h, "取消");

    // The conclusion, then the submit signed by the office head.
    click(&mut h, "保存核查");
    choose(&mut h, "核查结论", "不属实");
    click(&mut h, "确定");
    click(&mut h, "提交结果");
    h.get_by_label_contains("核查清单与办理结果已填写完整");
    type_into(&mut h, "负责人账号", "hc_fz");
    type_into(&mut h, "负责人密码", PASSWORD);
    click(&mut h, "确定");
    let c = db.store().complaint(&number).unwrap().unwrap();
    assert_eq!(c.state, ComplaintState::AwaitingReview);
    assert_eq!(c.head_signature.as_ref().map(|s| s.name.as_str()), Some("李国强"));

    // The duty leader: the 待审核 queue, a click opens it, 退回 with a reason.
    let mut h = window(&db, "lingdao");
    h.get_by_label("待审核（1）");
    h.get_by_label("延期申请（0）");
    h.query_all_by_label(&number).next().expect("the row").click();
    settle(&mut h);
    h.get_by_label(&format!("工单 {number}"));
    click(&mut h, "退回");
    h.get_by_label("退回原因").type_text("请补充与收费员的询问记录");
    h.step();
    h.key_press(egui::Key::Enter);
    settle(&mut h);
    let c = db.store().complaint(&number).unwrap().unwrap();
    assert_eq!(c.state, ComplaintState::Investigating);
    assert_eq!(c.return_reason.as_deref(), Some("请补充与收费员的询问记录"));
    assert!(c.head_signature.is_none(), "a returned result is signed again");

    // The handler sees the reason and resubmits with the head's signature.
    let mut h = window(&db, "hc_jb");
    h.get_by_label("收件箱（1）");
    click(&mut h, "打开");
    assert!(h.query_all_by_label("请补充与收费员的询问记录").next().is_some(), "the reason shows");
    click(&mut h, "提交结果");
    type_into(&mut h, "负责人账号", "hc_fz");
    type_into(&mut h, "负责人密码", PASSWORD);
    click(&mut h, "确定");
    assert_eq!(state(&db, &number), ComplaintState::AwaitingReview);

    // The leader approves the second round: 待回访, signed by the leader.
    let mut h = window(&db, "lingdao");
    h.get_by_label("待审核（1）");
    h.get_by_label("第2轮");
    h.query_all_by_label(&number).next().expect("the row").click();
    settle(&mut h);
    click(&mut h, "审核通过");
    type_into(&mut h, "审核意见", "同意");
    click(&mut h, "确定");
    let c = db.store().complaint(&number).unwrap().unwrap();
    assert_eq!(c.state, ComplaintState::AwaitingRevisit);
    let approval = c.approval.expect("the leader signed");
    assert_eq!(approval.name, "张志堃");
    assert_eq!(approval.at, common::now());
    h.get_by_label(&format!("张志堃  {}", "2026-11-21 10:00"));
    let kinds: Vec<ActionKind> = db.store().history(&number).unwrap().iter().map(|e| e.action).collect();
    let worked = [
        ActionKind::Accept,
        ActionKind::SaveChecklist,
        ActionKind::SaveChecklist,
        ActionKind::SubmitResult,
        ActionKind::Return,
        ActionKind::SubmitResult,
        ActionKind::Approve,
    ];
    assert!(kinds.ends_with(&worked), "{kinds:?}");

    // The printed forms get the leader's uploaded signature image with the approval.
    let data = roaddesk::ui::jobs::form_data(&db.store(), &number).unwrap();
    assert_eq!(data.signatures.leader, Some(leader_png));
    assert_eq!(data.signatures.head, None, "the head uploaded none");
    assert_eq!(data.office_name.as_deref(), Some("汉川管理所"));
}

#[test]
fn an_overdue_office_step_is_suggested_to_the_operator_the_next_working_day_and_urged_from_the_row() {
    let db = org();
    // Now is Saturday 2026-11-21 10:00. Due Thursday 11-19 24:00: suggested since Friday.
    let late = dispatched(&db, "鄂A11111", "2026-11-18 09:00", "2026-11-18 10:00");
    // Due Friday 11-20 24:00: overdue, but suggested only on Monday 11-23.
    let weekend = dispatched(&db, "鄂A22222", "2026-11-19 09:00", "2026-11-19 10:00");
    // Due 11-19 24:00 too, but urged after it fell due.
    let urged = dispatched(&db, "鄂A33333", "2026-11-18 09:00", "2026-11-18 10:00");
    {
        let mut store = db.store();
        let operator = who(&store, "zhiban2");
        store.act(&urged, &Action::Urge { note: "请尽快".into() }, &operator, t("2026-11-20 09:00")).unwrap();
    }

    let mut h = window(&db, "zhiban1");
    h.get_by_label("催办提示（1）");
    h.get_by_label(&late);
    h.get_by_label("2026-11-19 24:00");
    h.get_by_label_contains("超期 1天10小时");
    assert!(h.query_by_label(&weekend).is_none(), "not before the next working day");
    assert!(h.query_by_label(&urged).is_none(), "urged since it fell due");
    assert_eq!(db.store().complaint(&late).unwrap().unwrap().urge_count, 0);

    click(&mut h, "催办");
    let c = db.store().complaint(&late).unwrap().unwrap();
    assert_eq!(c.urge_count, 1);
    let last = db.store().history(&late).unwrap().pop().unwrap();
    assert_eq!((last.action, last.note.as_str()), (ActionKind::Urge, URGE_NOTE));
    h.get_by_label(&format!("已催办 {late}（共催办 1 次）"));
    h.get_by_label("催办提示（0）");
    h.get_by_label("没有需要催办的超期工单");

    // Office users and the duty leader get no suggestions.
    let h = window(&db, "lingdao");
    assert!(h.query_by_label_contains("催办提示").is_none());
}

#[test]
fn a_signature_is_uploaded_shown_refused_when_not_a_png_and_removed_in_settings() {
    let db = org();
    let dir = tempfile::tempdir().unwrap();
    let signature = png(60, 20);
    let kb = signature.len().div_ceil(1024);
    let good = write(dir.path(), "签名.png", &signature);
    let fake = write(dir.path(), "假的.png", b"GIF89a not a png at all");
    let leader = who(&db.store(), "lingdao");

    let mut h = window(&db, "lingdao");
    click(&mut h, "设置");
    h.get_by_label("我的签名");
    h.get_by_label("尚未上传签名");

    // The dialog gives nothing (cancelled, or no dialog on this desktop): say so.
    pick(&mut h, None);
    wait_for(&mut h, "未选择文件");
    assert_eq!(db.store().signature(leader.id).unwrap(), None);

    pick(&mut h, Some(good.clone()));
    wait_for(&mut h, &format!("已上传（{kb} KB，60×20 像素）"));
    h.get_by_label("我的签名预览");
    assert_eq!(db.store().signature(leader.id).unwrap(), Some(std::fs::read(&good).unwrap()));
    h.get_by_label("签名已保存");
    assert_eq!(button(&h, "删除签名"), Some(true));

    // Not a PNG: refused with the reason, the stored one stays.
    pick(&mut h, Some(fake));
    wait_for(&mut h, "不是 PNG 图片");
    assert_eq!(db.store().signature(leader.id).unwrap(), Some(std::fs::read(&good).unwrap()));
    h.get_by_label_contains(&format!("已上传（{kb} KB"));

    click(&mut h, "删除签名");
    h.get_by_label("尚未上传签名");
    h.get_by_label("签名已删除");
    assert_eq!(db.store().signature(leader.id).unwrap(), None);
    assert_eq!(button(&h, "删除签名"), None);
}

#[test]
fn the_leader_reviews_the_longest_waiting_first_and_decides_extensions_from_the_detail() {
    let db = org();
    // Accepted later but submitted first: it heads the queue.
    let first = dispatched(&db, "鄂A44444", "2026-11-20 09:00", "2026-11-20 09:30");
    let second = dispatched(&db, "鄂A55555", "2026-11-19 09:00", "2026-11-19 09:30");
    submit(&db, &first, "2026-11-20 15:00");
    submit(&db, &second, "2026-11-21 08:00");
    let asking = dispatched(&db, "鄂A66666", "2026-11-21 09:00", "2026-11-21 09:10");
    {
        let mut store = db.store();
        let handler = who(&store, "hc_jb");
        store.act(&asking, &Action::Accept { note: String::new() }, &handler, t("2026-11-21 09:20")).unwrap();
        let ask = Action::RequestExtension { until: t("2026-11-24 18:00"), reason: "需调取服务区录像".into() };
        store.act(&asking, &ask, &handler, t("2026-11-21 09:30")).unwrap();
    }

    let mut h = window(&db, "lingdao");
    h.get_by_label("待审核（2）");
    let top =
        |h: &H, number: &str| h.get_by_label(number).accesskit_node().bounding_box().expect("the row is drawn").y0;
    assert!(top(&h, &first) < top(&h, &second), "the longest waiting (submitted 11-20 15:00) comes first");
    h.get_by_label("2026-11-20 15:00");
    h.get_by_label("2026-11-21 08:00");
    h.get_by_label("19小时");
    h.get_by_label("2小时");

    h.get_by_label("延期申请（1）");
    h.get_by_label(&asking);
    h.get_by_label("2026-11-24 18:00");
    h.get_by_label("需调取服务区录像");
    h.get_by_label(&asking).click();
    settle(&mut h);
    h.get_by_label(&format!("工单 {asking}"));
    click(&mut h, "同意延期");
    click(&mut h, "确定");
    let c = db.store().complaint(&asking).unwrap().unwrap();
    assert_eq!(c.extension.as_ref().and_then(|e| e.granted), Some(true));
    let office = c.open_deadline(roaddesk::domain::deadline::Step::OfficeHandling).unwrap();
    assert_eq!(office.due_at, t("2026-11-24 18:00"));

    // Back on the dashboard the request is decided.
    h.key_press(egui::Key::Escape);
    settle(&mut h);
    h.get_by_label("延期申请（0）");
    h.get_by_label("暂无待审批的延期申请");
}

/// The office accepts, completes the checklist and submits with the head's signature at `at`.
fn submit(db: &Db, number: &str, at: &str) {
    let mut store = db.store();
    let handler = who(&store, "hc_jb");
    let head = who(&store, "hc_fz");
    store.act(number, &Action::Accept { note: String::new() }, &handler, t(at)).unwrap();
    let ok = Check { outcome: CheckOutcome::Consistent, note: String::new() };
    let checklist = Checklist {
        videos: vec![VideoRow {
            source: VideoSource::LaneCamera,
            location: "3号车道".into(),
            from: Some(t("2026-11-18 08:20")),
            to: Some(t("2026-11-18 08:40")),
            retrieval: Retrieval::Retrieved,
            observation: "收费员按规定收费".into(),
        }],
        transaction: ok.clone(),
        vehicle_class: ok.clone(),
        staff_interview: ok,
        conclusion: Some(Conclusion::Unfounded),
        responsibility: vec![],
    };
    let result = OfficeResult {
        investigation: "调取车道录像，收费员按规定收费".into(),
        handling: "向司机解释收费标准".into(),
        action_taken: String::new(),
        contacted_at: Some(t(at)),
        explained: "已解释".into(),
        reaction: "表示理解".into(),
    };
    store.act(number, &Action::SaveChecklist { checklist, result: Some(result.clone()) }, &handler, t(at)).unwrap();
    store.act(number, &Action::SubmitResult { result, head }, &handler, t(at)).unwrap();
}

/// Click 上传签名… / 更换签名… with a file dialog that answers `path`.
fn pick(h: &mut H, path: Option<PathBuf>) {
    h.state_mut().set_file_picker(Arc::new(move || path.clone()));
    let label = if button(h, "更换签名…").is_some() { "更换签名…" } else { "上传签名…" };
    click(h, label);
}

/// Run frames until a label containing `text` shows (the file dialog answers from its thread).
fn wait_for(h: &mut H, text: &str) {
    for _ in 0..300 {
        h.step();
        if h.query_by_label_contains(text).is_some() {
            settle(h);
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("“{text}” never showed: {:?}", h.root());
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// A real PNG of `w`×`h` pixels: dark strokes on white, like a scanned signature.
fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbaImage::from_fn(w, h, |x, y| {
        if (x + y) % 7 == 0 { image::Rgba([20, 20, 20, 255]) } else { image::Rgba([255, 255, 255, 255]) }
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

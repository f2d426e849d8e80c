//! Printing from the detail view: the save dialog proposes the name, the form is written off the
//! UI thread, and the written file can then be opened to print.

mod common;

use std::sync::{Arc, Mutex};

use common::{Db, harness, login, settle};
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};
use roaddesk::domain::work::ComplaintState;
use roaddesk::store::{ListFilter, Scope, Store, Target};

#[test]
fn the_feedback_sheet_is_exported_from_the_detail_view() {
    let db = Db::demo(200);
    let number = db
        .store()
        .list(&ListFilter { states: vec![ComplaintState::AwaitingRevisit], limit: Some(1), ..ListFilter::default() })
        .unwrap()
        .pop()
        .expect("an approved complaint in the demo data")
        .number;
    let mut h = harness(&db);
    login(&mut h, "lingdao", "demo123");
    let target = db.dir.path().join("out.pdf");
    let proposed = Arc::new(Mutex::new(String::new()));
    let (seen, path) = (proposed.clone(), target.clone());
    h.state_mut().set_save_picker(Arc::new(move |name: &str, _| {
        *seen.lock().unwrap() = name.to_owned();
        Some(path.clone())
    }));
    h.state_mut().open(&number);
    settle(&mut h);
    h.get_by_role_and_label(Role::Button, "导出投诉处理反馈单").click();
    // The dialog answers on its own thread; frames go on meanwhile.
    for _ in 0..100 {
        settle(&mut h);
        if target.exists() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    settle(&mut h);
    assert_eq!(*proposed.lock().unwrap(), format!("反馈单-{number}.pdf"));
    let bytes = std::fs::read(&target).expect("the PDF was written");
    assert!(bytes.starts_with(b"%PDF"), "a PDF file");
    assert!(bytes.len() < 100_000, "a one-page form stays small: {} bytes", bytes.len());
    h.get_by_role_and_label(Role::Button, "打开 out.pdf");
}

/// Run frames until `done` holds (the batch task and the folder dialog run on their own threads).
fn wait_until(
    h: &mut egui_kittest::Harness<'static, roaddesk::ui::RoadDeskApp>,
    done: impl Fn(&egui_kittest::Harness<'static, roaddesk::ui::RoadDeskApp>) -> bool,
) {
    for _ in 0..300 {
        settle(h);
        if done(h) {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("timed out waiting for the batch export");
}

#[test]
fn ticked_complaints_are_exported_into_one_folder_with_progress() {
    let db = Db::demo(60);
    let rows = db.store().list(&ListFilter { limit: Some(3), ..ListFilter::default() }).unwrap();
    let (first, second, third) = (&rows[0].number, &rows[1].number, &rows[2].number);
    let mut h = harness(&db);
    login(&mut h, "zhiban1", "demo123");
    let out = db.dir.path().join("批量");
    std::fs::create_dir(&out).unwrap();
    let folder = out.clone();
    h.state_mut().set_folder_picker(Arc::new(move || Some(folder.clone())));
    h.get_by_role_and_label(Role::Button, "投诉工单").click();
    settle(&mut h);
    h.get_by_label("勾选工单后可批量导出表单");
    assert!(h.query_by_label("批量导出…").is_none(), "nothing to export before a row is ticked");

    // 全选本页 ticks every loaded row; 取消选择 clears them again.
    h.get_by_role_and_label(Role::Button, "全选本页").click();
    settle(&mut h);
    let page = db.store().count(&ListFilter::default()).unwrap();
    h.get_by_label(&format!("已选 {page} 条"));
    h.get_by_role_and_label(Role::Button, "取消选择").click();
    settle(&mut h);
    h.get_by_label("勾选工单后可批量导出表单");

    // Tick two rows (not the third), and the handling form besides the feedback sheet.
    h.get_by_label(&format!("选择 {first}")).click();
    h.get_by_label(&format!("选择 {second}")).click();
    settle(&mut h);
    h.get_by_label("已选 2 条");
    h.get_by_role_and_label(Role::CheckBox, "客服投诉处理单").click();
    settle(&mut h);
    h.get_by_role_and_label(Role::Button, "批量导出…").click();
    wait_until(&mut h, |h| h.query_all_by_label_contains("已导出 4 个文件").next().is_some());

    let mut names: Vec<String> =
        std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    let mut expected = vec![
        format!("处理单-{first}.pdf"),
        format!("处理单-{second}.pdf"),
        format!("反馈单-{first}.pdf"),
        format!("反馈单-{second}.pdf"),
    ];
    expected.sort();
    assert_eq!(names, expected, "one file per ticked complaint and form; the unticked {third} is not exported");
    for name in &names {
        let bytes = std::fs::read(out.join(name)).unwrap();
        assert!(bytes.starts_with(b"%PDF"), "{name} is a PDF");
    }
    // The outcome stays until put away, with the folder one click away.
    h.get_by_role_and_label(Role::Button, "打开文件夹");
    h.get_by_role_and_label(Role::Button, "关闭").click();
    settle(&mut h);
    assert!(h.query_by_label("打开文件夹").is_none(), "关闭 puts the outcome away");
}

#[test]
fn a_cancelled_folder_dialog_exports_nothing_and_says_so() {
    let db = Db::demo(20);
    let number = db.store().list(&ListFilter { limit: Some(1), ..ListFilter::default() }).unwrap()[0].number.clone();
    let mut h = harness(&db);
    login(&mut h, "zhiban1", "demo123");
    h.state_mut().set_folder_picker(Arc::new(|| None));
    h.get_by_role_and_label(Role::Button, "投诉工单").click();
    settle(&mut h);
    h.get_by_label(&format!("选择 {number}")).click();
    settle(&mut h);
    h.get_by_role_and_label(Role::Button, "批量导出…").click();
    wait_until(&mut h, |h| h.query_all_by_label_contains("未选择文件夹，没有导出").next().is_some());
    assert!(h.query_by_label("打开文件夹").is_none(), "no export ran");
}

/// Wait for a batch task's outcome.
fn outcome_of(task: &roaddesk::ui::export::BatchExport) -> roaddesk::ui::export::BatchOutcome {
    for _ in 0..500 {
        if let Some(o) = task.poll() {
            return o;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("the batch export did not finish");
}

#[test]
fn a_batch_reports_each_complaint_it_could_not_export_and_counts_progress() {
    use roaddesk::ui::export::BatchExport;
    let db = Db::demo(20);
    let number = db.store().list(&ListFilter { limit: Some(1), ..ListFilter::default() }).unwrap()[0].number.clone();
    let out = db.dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let numbers = vec![number.clone(), "TS2099010100001".to_owned()];
    let forms = vec![roaddesk::export::Form::Feedback];
    let task =
        BatchExport::start((Target::File(db.path.clone()), Scope::All), numbers, forms, out.clone(), || {}).unwrap();
    let outcome = outcome_of(&task);
    assert_eq!(task.progress(), (2, 2), "both complaints were gone through");
    assert_eq!(outcome.written, 1);
    assert!(out.join(format!("反馈单-{number}.pdf")).exists());
    assert_eq!(outcome.failed.len(), 1);
    assert_eq!(outcome.failed[0].0, "TS2099010100001");
    assert!(outcome.summary().contains("1 份未导出，如 TS2099010100001"), "{}", outcome.summary());
}

#[test]
fn a_cancelled_batch_stops_between_complaints() {
    use roaddesk::ui::export::BatchExport;
    let db = Db::demo(40);
    let numbers: Vec<String> = db
        .store()
        .list(&ListFilter { limit: Some(40), ..ListFilter::default() })
        .unwrap()
        .into_iter()
        .map(|r| r.number)
        .collect();
    let total = numbers.len();
    let out = db.dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let forms = roaddesk::export::Form::ALL.to_vec();
    let task =
        BatchExport::start((Target::File(db.path.clone()), Scope::All), numbers, forms, out.clone(), || {}).unwrap();
    task.cancel();
    let outcome = outcome_of(&task);
    assert!(outcome.cancelled, "{outcome:?}");
    let (done, all) = task.progress();
    assert_eq!(all, total);
    assert!(done < total, "stopped early: {done}/{total}");
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), outcome.written, "the files written are the ones counted");
    assert!(outcome.summary().contains("已取消"));
}

#[test]
fn the_status_bar_lists_a_running_batch_until_it_ends() {
    let db = Db::demo(200);
    let mut h = harness(&db);
    login(&mut h, "zhiban1", "demo123");
    let out = db.dir.path().join("全部");
    std::fs::create_dir(&out).unwrap();
    let folder = out.clone();
    h.state_mut().set_folder_picker(Arc::new(move || Some(folder.clone())));
    h.get_by_role_and_label(Role::Button, "投诉工单").click();
    settle(&mut h);
    h.get_by_role_and_label(Role::Button, "全选本页").click();
    settle(&mut h);
    let rows = db.store().count(&ListFilter::default()).unwrap();
    // All three forms of every complaint: long enough to be seen running.
    h.get_by_role_and_label(Role::CheckBox, "客服投诉处理单").click();
    h.get_by_role_and_label(Role::CheckBox, "录像核查清单").click();
    settle(&mut h);
    h.get_by_role_and_label(Role::Button, "批量导出…").click();
    let listed = format!("批量导出 {rows} 条工单");
    wait_until(&mut h, |h| h.query_all_by_label_contains(&listed).next().is_some());
    // While it runs the window stays usable, and a second batch waits for the first.
    h.get_by_role_and_label(Role::Button, "工作台").click();
    settle(&mut h);
    h.get_by_role_and_label(Role::Button, "投诉工单").click();
    settle(&mut h);
    assert!(h.query_all_by_label_contains(&listed).next().is_some(), "still listed while it runs");
    let again = h.get_by_role_and_label(Role::Button, "批量导出…");
    assert!(again.accesskit_node().is_disabled(), "a second batch waits for the running one");
    h.get_by_role_and_label(Role::Button, "取消导出").click();
    wait_until(&mut h, |h| h.query_all_by_label_contains("已取消").next().is_some());
    assert!(h.query_all_by_label_contains(&listed).next().is_none(), "a finished task leaves the status bar");
    let written = std::fs::read_dir(&out).unwrap().count();
    assert!(written < 3 * usize::try_from(rows).unwrap(), "cancelled before the end: {written} files");
}

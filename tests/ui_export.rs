//! Printing from the detail view: the save dialog proposes the name, the form is written off the
//! UI thread, and the written file can then be opened to print.

mod common;

use std::sync::{Arc, Mutex};

use common::{Db, harness, login, settle};
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use roaddesk::domain::work::ComplaintState;
use roaddesk::store::{ListFilter, Store};

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
    h.state_mut().set_save_picker(Arc::new(move |name: &str| {
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

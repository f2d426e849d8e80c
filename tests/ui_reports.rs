//! Reports and exports from the window: 导出月报… and 导出结果（上报省中心）… on 统计, 导出 Excel… on
//! 投诉工单. The save dialog is replaced by a picker writing into a temp folder; the files are
//! made on their own thread and read back (lopdf, calamine, the CSV's text).

mod common;

use std::io::Cursor;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use common::{Db, harness, login, now, settle};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use roaddesk::domain::stats::{GroupBy, Month, QuickRange, compute};
use roaddesk::export::sheets::{LIST_COLUMNS, RESULT_COLUMNS};
use roaddesk::store::{ListFilter, Store};
use roaddesk::ui::RoadDeskApp;
use roaddesk::ui::view::FileType;

type H = Harness<'static, RoadDeskApp>;

/// What the injected save dialog was asked: the proposed name and the file type.
type Asked = Arc<Mutex<Vec<(String, FileType)>>>;

/// Log in as `user`, open `page`, and answer every save dialog with `dir/<proposed name>`.
fn open(db: &Db, user: &str, page: &str, dir: &std::path::Path) -> (H, Asked) {
    let mut h = harness(db);
    login(&mut h, user, "demo123");
    let asked: Asked = Arc::default();
    let (seen, dir) = (asked.clone(), dir.to_owned());
    h.state_mut().set_save_picker(Arc::new(move |name: &str, kind| {
        seen.lock().unwrap().push((name.to_owned(), kind));
        Some(dir.join(name))
    }));
    h.get_by_role_and_label(Role::Button, page).click();
    settle(&mut h);
    (h, asked)
}

/// Run frames until a label containing `text` shows (the dialog and the export run on threads).
fn wait_for(h: &mut H, text: &str) {
    for _ in 0..500 {
        settle(h);
        if h.query_all_by_label_contains(text).next().is_some() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let shown: Vec<String> = h.query_all_by_label_contains("").filter_map(|n| n.accesskit_node().label()).collect();
    panic!("timed out waiting for “{text}”; shown: {shown:?}");
}

/// Pick `option` from the dropdown labelled `label`.
fn choose(h: &mut H, label: &str, option: &str) {
    h.get_by_role_and_label(Role::ComboBox, label).click();
    h.run_steps(2);
    h.get_by_role_and_label(Role::Button, option).click();
    settle(h);
}

/// The file written into `dir`: exactly one.
fn only_file(dir: &std::path::Path) -> PathBuf {
    let files: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), 1, "one file written: {files:?}");
    files.into_iter().next().unwrap()
}

fn pdf_text(bytes: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(bytes).expect("a valid PDF");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    pages.iter().map(|p| doc.extract_text(&[*p]).expect("text extracts")).collect::<String>()
}

fn sheet(bytes: &[u8], name: &str) -> Vec<Vec<Data>> {
    let mut book = Xlsx::new(Cursor::new(bytes.to_vec())).expect("an XLSX file calamine reads");
    let range = book.worksheet_range(name).unwrap_or_else(|e| panic!("sheet {name}: {e}"));
    range.rows().map(<[Data]>::to_vec).collect()
}

/// 受理量 as `domain::stats::compute` counts it for `from..=to` over the store's facts.
fn volume(db: &Db, from: NaiveDate, to: NaiveDate) -> u64 {
    let store = db.store();
    let settings = store.stats_settings().unwrap();
    compute(&store.facts(from, to, now()).unwrap(), from, to, GroupBy::None, settings)[0].1.volume
}

#[test]
fn the_monthly_report_of_last_month_is_exported_as_pdf_from_the_stats_page() {
    let db = Db::demo(300);
    let out = tempfile::tempdir().unwrap();
    let (mut h, asked) = open(&db, "lingdao", "统计", out.path());
    // Last month and PDF are proposed: one click makes October's report.
    h.get_by_role_and_label(Role::Button, "导出月报…").click();
    wait_for(&mut h, "已导出 2026年10月 月报（PDF）");
    assert_eq!(*asked.lock().unwrap(), [("投诉处理月报-2026-10.pdf".to_owned(), FileType::Pdf)]);
    let path = only_file(out.path());
    assert_eq!(path, out.path().join("投诉处理月报-2026-10.pdf"));
    let text: String = pdf_text(&std::fs::read(&path).unwrap()).chars().filter(|c| !c.is_whitespace()).collect();
    let month = Month::parse("2026-10").unwrap();
    let n = volume(&db, month.first(), month.last());
    assert!(n > 0, "the demo has complaints in October");
    assert!(text.contains("2026年10月"), "{text}");
    assert!(text.contains(&format!("受理量{n}")), "受理量 {n} in\n{text}");
    // The outcome stays with 打开 until put away.
    h.get_by_role_and_label(Role::Button, "打开 投诉处理月报-2026-10.pdf");
    h.get_by_role_and_label(Role::Button, "关闭").click();
    settle(&mut h);
    assert!(h.query_by_label("打开 投诉处理月报-2026-10.pdf").is_none());
}

#[test]
fn a_chosen_month_is_exported_as_a_workbook_with_the_library_volume() {
    let db = Db::demo(300);
    let out = tempfile::tempdir().unwrap();
    let (mut h, asked) = open(&db, "lingdao", "统计", out.path());
    choose(&mut h, "报表期间", "2026年9月");
    choose(&mut h, "格式", "Excel");
    h.get_by_role_and_label(Role::Button, "导出月报…").click();
    wait_for(&mut h, "已导出 2026年9月 月报（Excel）");
    assert_eq!(*asked.lock().unwrap(), [("投诉处理月报-2026-09.xlsx".to_owned(), FileType::Xlsx)]);
    let rows = sheet(&std::fs::read(only_file(out.path())).unwrap(), "指标");
    let line = rows
        .iter()
        .find(|r| r.first().is_some_and(|c| *c == "受理量"))
        .unwrap_or_else(|| panic!("a 受理量 row: {rows:?}"));
    let month = Month::parse("2026-09").unwrap();
    let n = volume(&db, month.first(), month.last());
    assert!(n > 0, "the demo has complaints in September");
    assert_eq!(line[1], Data::Float(n as f64), "受理量 of 2026-09");
}

#[test]
fn the_current_date_range_makes_a_statistics_report() {
    let db = Db::demo(100);
    let out = tempfile::tempdir().unwrap();
    let (mut h, asked) = open(&db, "lingdao", "统计", out.path());
    choose(&mut h, "报表期间", "当前日期范围");
    h.get_by_role_and_label(Role::Button, "导出月报…").click();
    let (from, to) = QuickRange::ThisMonth.range(now().date_naive());
    wait_for(&mut h, &format!("已导出 {from} 至 {to} 统计报告（PDF）"));
    let name = format!("投诉处理统计报告-{from}至{to}.pdf");
    assert_eq!(*asked.lock().unwrap(), [(name.clone(), FileType::Pdf)]);
    let text: String =
        pdf_text(&std::fs::read(out.path().join(&name)).unwrap()).chars().filter(|c| !c.is_whitespace()).collect();
    assert!(text.contains("投诉处理统计报告"), "{text}");
    assert!(text.contains(&format!("受理量{}", volume(&db, from, to))), "{text}");
}

#[test]
fn the_results_for_the_provincial_center_are_exported_as_csv() {
    let db = Db::demo(300);
    let out = tempfile::tempdir().unwrap();
    let (mut h, asked) = open(&db, "lingdao", "统计", out.path());
    choose(&mut h, "结果格式", "CSV");
    h.get_by_role_and_label(Role::Button, "导出结果（上报省中心）…").click();
    let (from, to) = QuickRange::ThisMonth.range(now().date_naive());
    wait_for(&mut h, "办结结果（CSV）（");
    let name = format!("结果上报-{from}至{to}.csv");
    assert_eq!(*asked.lock().unwrap(), [(name.clone(), FileType::Csv)]);
    let bytes = std::fs::read(out.path().join(&name)).unwrap();
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").expect("a UTF-8 BOM for Excel")).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(header, RESULT_COLUMNS);
    let closed = db.store().closed_between(from, to).unwrap();
    assert!(!closed.is_empty(), "the demo closed complaints this month");
    assert_eq!(reader.records().count(), closed.len(), "one row per complaint closed in the range");
}

#[test]
fn the_filtered_list_is_exported_in_full_to_excel() {
    let db = Db::demo(1500);
    let out = tempfile::tempdir().unwrap();
    let (mut h, asked) = open(&db, "zhiban1", "投诉工单", out.path());
    // Accepted from March on: more than the 1000 rows the list loads, fewer than all.
    let from = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    common::type_into(&mut h, "从", &from.to_string());
    settle(&mut h);
    let filter = ListFilter { from: Some(from), ..ListFilter::default() };
    let expected = db.store().count(&filter).unwrap();
    let all = db.store().count(&ListFilter::default()).unwrap();
    assert!(expected > 1000 && expected < all, "more than the page the list loads, not all: {expected} of {all}");
    h.get_by_label(&format!("共 {expected} 条"));
    assert!(h.query_by_label_contains("请缩小范围").is_some(), "the list shows only its first page");
    h.get_by_role_and_label(Role::Button, "导出 Excel…").click();
    wait_for(&mut h, "打开 投诉工单-2026-11-21.xlsx");
    assert_eq!(*asked.lock().unwrap(), [("投诉工单-2026-11-21.xlsx".to_owned(), FileType::Xlsx)]);
    let rows = sheet(&std::fs::read(only_file(out.path())).unwrap(), "投诉工单");
    let header: Vec<String> = rows[0].iter().map(ToString::to_string).collect();
    assert_eq!(header, LIST_COLUMNS);
    assert_eq!(rows.len() as u64 - 1, expected, "every matching complaint, not only the loaded page");
    let accepted = LIST_COLUMNS.iter().position(|c| *c == "受理时间").unwrap();
    assert!(rows[1..].iter().all(|r| r[accepted].to_string() >= from.to_string()), "only complaints from {from} on");
    let said = format!("已导出 投诉工单列表（Excel）（{expected} 条工单");
    assert!(h.query_all_by_label_contains(&said).next().is_some(), "the outcome says how many: {said}");
}

#[test]
fn a_cancelled_save_dialog_writes_nothing_and_says_so() {
    let db = Db::demo(60);
    let out = tempfile::tempdir().unwrap();
    let (mut h, _) = open(&db, "lingdao", "统计", out.path());
    h.state_mut().set_save_picker(Arc::new(|_: &str, _| None));
    h.get_by_role_and_label(Role::Button, "导出月报…").click();
    wait_for(&mut h, "未选择保存位置，2026年10月 月报（PDF）没有导出");
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0, "no file written");
    assert!(h.query_all_by_label_contains("已导出").next().is_none());
}

#[test]
fn an_office_handler_exports_only_their_own_office() {
    let db = Db::demo(200);
    let out = tempfile::tempdir().unwrap();
    let (mut h, _) = open(&db, "hc_jb", "投诉工单", out.path());
    h.get_by_role_and_label(Role::Button, "导出 Excel…").click();
    wait_for(&mut h, "打开 投诉工单-2026-11-21.xlsx");
    let rows = sheet(&std::fs::read(only_file(out.path())).unwrap(), "投诉工单");
    let own = db.store().units().unwrap().into_iter().find(|u| u.name == "汉川管理所").expect("demo office");
    let expected = db.store().count(&ListFilter { office: Some(own.id), ..ListFilter::default() }).unwrap();
    let all = db.store().count(&ListFilter::default()).unwrap();
    assert!(expected > 0 && expected < all, "{expected} of {all}");
    assert_eq!(rows.len() as u64 - 1, expected, "the office's complaints only");
    let office = LIST_COLUMNS.iter().position(|c| *c == "被投诉单位").unwrap();
    assert!(rows[1..].iter().all(|r| r[office] == "汉川管理所"), "no other office's complaint");
}

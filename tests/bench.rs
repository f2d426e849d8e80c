//! `roaddesk bench` end to end on a tiny data set: every measurement the issue names is in the
//! table, with sensible numbers, and the window is measured in its own process.
//! (The figures themselves are judged by running the benchmark in release, not here.)

use std::process::Command;

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_roaddesk");

#[test]
fn the_benchmark_reports_every_measurement_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .args(["bench", "--complaints", "120", "--runs", "3", "--json", "--dir"])
        .arg(dir.path())
        .env_remove("ROADDESK_DB")
        // No display: the real window is left out, and the report says so.
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("run the benchmark");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(v["complaints"], 120);
    let rows = v["rows"].as_array().unwrap();
    let row = |part: &str| {
        rows.iter()
            .find(|r| r["name"].as_str().unwrap().contains(part))
            .unwrap_or_else(|| panic!("no row for {part}: {rows:?}"))
    };
    for part in [
        "生成并写入 120 条投诉",
        "打开数据库并载入工作台",
        "第一页",
        "状态＋管理所＋日期范围",
        "只看超期",
        "按时限排序",
        "两字词",
        "三字词",
        "四字词",
        "车牌片段",
        "显示一张工单",
        "一次办理动作",
        "一张反馈单 PDF",
        "批量导出",
        "上月月报 PDF",
        "上月月报 XLSX",
        "全部投诉的报表 PDF",
        "全部投诉的报表 XLSX",
        "数据库文件",
        "启动到首帧",
        "滚动工单列表",
        "在搜索框输入",
        "窗口进程峰值内存",
    ] {
        let r = row(part);
        let median = r["median"].as_f64().unwrap();
        assert!(median > 0.0 && median.is_finite(), "{part}: {r}");
        assert!(r["p95"].as_f64().unwrap() >= median, "{part}: p95 ≥ median");
    }
    assert_eq!(row("按时限排序")["runs"], 3, "fast operations repeat --runs times");
    assert!(row("滚动工单列表")["runs"].as_u64().unwrap() >= 100, "every scrolled frame is a sample");
    assert_eq!(row("一次办理动作")["budget"], 5.0, "the budget travels with the figure");
    let pdf_kb = row("一张反馈单 PDF 大小")["median"].as_f64().unwrap();
    assert!((10.0..100.0).contains(&pdf_kb), "a one-page form: {pdf_kb} KB");
    let notes = v["notes"].as_array().unwrap();
    assert!(
        notes.iter().any(|n| n.as_str().unwrap().contains("真实窗口未测量")),
        "without a display the table says the real window was not measured: {notes:?}"
    );
    assert!(rows.iter().all(|r| r["group"] != "真实窗口"), "{rows:?}");
    // The temporary database is gone afterwards.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "the bench cleans up after itself");
}

#[test]
fn the_benchmark_table_is_readable_text() {
    let out = Command::new(BIN)
        .args(["bench", "--complaints", "60", "--runs", "2", "--no-window"])
        .env_remove("ROADDESK_DB")
        .output()
        .expect("run the benchmark");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("RoadDesk 基准测试：60 条投诉"), "{text}");
    assert!(text.contains("【工单列表（一页＋计数）】") && text.contains("中位数") && text.contains("p95"), "{text}");
    assert!(!text.contains("【窗口】"), "--no-window leaves the window out");
}

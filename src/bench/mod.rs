//! `roaddesk bench`: how fast `RoadDesk` is at N complaints, measured the way a user waits.
//!
//! A fresh temporary database is filled with the demo generator, then every operation the
//! issue budgets is timed through the same library calls the window and the command line make
//! (`Store::list`, the dashboard's job, `Store::act`, the form renderer, the batch export …),
//! repeated, and reported as median and p95. The window is measured in a child process
//! (`roaddesk bench-window`, see [`window`]) so its peak memory is its own; on a display, the
//! real window too ([`real_window`]).
//! Budgets live here, not in timed tests.

pub mod load;
pub mod real_window;
pub mod window;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::domain::lifecycle::Action;
use crate::domain::org::{Actor, Role, UnitKind};
use crate::domain::time::{BizTime, now_from_system, to_biz};
use crate::domain::work::ComplaintState;
use crate::export::Form;
use crate::store::{ListFilter, SortKey, SqliteStore, Store};

/// What to measure.
#[derive(Debug, Clone)]
pub struct BenchOptions {
    pub complaints: usize,
    pub seed: u64,
    /// Repetitions of each fast operation (heavy ones run fewer times, see the table).
    pub runs: usize,
    /// Also measure the window (spawns `roaddesk bench-window`); off when the executable is not ours.
    pub window: bool,
    /// Where to put the temporary database (default: the system temp folder).
    pub dir: Option<PathBuf>,
}

/// One line of the table.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// Group heading, e.g. `工单列表`.
    pub group: &'static str,
    pub name: String,
    /// `ms`, `s`, `KB`, `MB`, `条/秒`.
    pub unit: &'static str,
    pub median: f64,
    pub p95: f64,
    pub runs: usize,
    /// The budget in `unit`, when the issue sets one (lower is better).
    pub budget: Option<f64>,
}

impl Row {
    /// Whether the median and p95 are within the budget (`None` without one).
    #[must_use]
    pub fn within_budget(&self) -> Option<bool> {
        self.budget.map(|b| self.p95 <= b)
    }
}

/// The whole result.
#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    pub complaints: usize,
    pub seed: u64,
    pub rows: Vec<Row>,
    /// What could not be measured, and why.
    pub notes: Vec<String>,
}

impl BenchReport {
    /// Rows that miss their budget.
    pub fn misses(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(|r| r.within_budget() == Some(false))
    }
}

/// Median and 95th percentile (nearest rank) of `samples`.
#[must_use]
pub fn median_p95(samples: &[f64]) -> (f64, f64) {
    if samples.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    let mut s = samples.to_vec();
    s.sort_by(f64::total_cmp);
    let median = if s.len() % 2 == 1 { s[s.len() / 2] } else { f64::midpoint(s[s.len() / 2 - 1], s[s.len() / 2]) };
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a rank between 1 and len, from a small positive product"
    )]
    let rank = ((0.95 * s.len() as f64).ceil() as usize).clamp(1, s.len());
    (median, s[rank - 1])
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Time `f` `runs` times, in milliseconds.
fn time_runs<T>(runs: usize, mut f: impl FnMut(usize) -> Result<T, String>) -> Result<Vec<f64>, String> {
    let mut out = Vec::with_capacity(runs);
    for i in 0..runs {
        let t = Instant::now();
        std::hint::black_box(f(i)?);
        out.push(ms(t.elapsed()));
    }
    Ok(out)
}

struct Table {
    rows: Vec<Row>,
}

impl Table {
    fn timed(&mut self, group: &'static str, name: impl Into<String>, samples: &[f64], budget: Option<f64>) {
        let (median, p95) = median_p95(samples);
        self.rows.push(Row { group, name: name.into(), unit: "ms", median, p95, runs: samples.len(), budget });
    }

    fn once(&mut self, group: &'static str, name: impl Into<String>, unit: &'static str, v: f64, budget: Option<f64>) {
        self.rows.push(Row { group, name: name.into(), unit, median: v, p95: v, runs: 1, budget });
    }
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// Run the benchmark; `progress` hears what is being measured.
pub fn run(opts: &BenchOptions, mut progress: impl FnMut(&str)) -> Result<BenchReport, String> {
    let tmp = match &opts.dir {
        Some(d) => tempfile::Builder::new().prefix("roaddesk-bench-").tempdir_in(d),
        None => tempfile::Builder::new().prefix("roaddesk-bench-").tempdir(),
    }
    .map_err(|e| format!("无法创建临时目录：{e}"))?;
    let db = tmp.path().join("bench.db");
    let now = now_from_system();
    let runs = opts.runs.max(1);
    let mut t = Table { rows: Vec::new() };
    let mut notes = Vec::new();

    progress(&format!("正在生成 {} 条演示投诉…", opts.complaints));
    fill(&mut t, &db, opts, now)?;
    progress("打开数据库与工作台…");
    open_and_dashboard(&mut t, &db, runs, now)?;
    let mut store = SqliteStore::open(&db).map_err(err)?;
    let today = to_biz(&now).date_naive();
    progress("工单列表…");
    lists(&mut t, &store, runs, now, today)?;
    progress("搜索…");
    searches(&mut t, &store, runs)?;
    progress("工单详情与办理…");
    let closed = one_complaint(&mut t, &mut store, runs, now)?;
    progress("打印表单…");
    forms(&mut t, &store, (&db, tmp.path()), &closed, runs)?;
    progress("报表…");
    reports(&mut t, &store, runs, now, today)?;
    resources(&mut t, &db)?;
    drop(store);
    if opts.window {
        windows(&mut t, &mut notes, &db, now, &mut progress);
    }
    Ok(BenchReport { complaints: opts.complaints, seed: opts.seed, rows: t.rows, notes })
}

/// 写入: fill the database with the demo generator.
fn fill(t: &mut Table, db: &Path, opts: &BenchOptions, now: BizTime) -> Result<(), String> {
    let started = Instant::now();
    {
        let mut store = SqliteStore::create(db).map_err(err)?;
        crate::setup::install_demo(&mut store, opts.complaints, opts.seed, now, |_| {}).map_err(err)?;
    }
    let fill = started.elapsed().as_secs_f64();
    t.once("写入", format!("生成并写入 {} 条投诉", opts.complaints), "s", fill, Some(20.0 * scale(opts.complaints)));
    t.once("写入", "写入速度", "条/秒", opts.complaints as f64 / fill.max(1e-9), None);

    Ok(())
}

/// 打开: open the database and load the operator's dashboard, as the window does after login.
fn open_and_dashboard(t: &mut Table, db: &Path, runs: usize, now: BizTime) -> Result<(), String> {
    let samples = time_runs(runs, |_| {
        let mut store = SqliteStore::open(db).map_err(err)?;
        let data = store.context_data().map_err(err)?;
        let session = operator_session(&store)?;
        let dash = crate::ui::dashboard::dashboard_data(&mut store, &session, now)?;
        Ok((data.units.len(), dash))
    })?;
    t.timed("打开", "打开数据库并载入工作台", &samples, Some(100.0));
    Ok(())
}

/// A page of the list: at most what the window loads.
fn page(f: ListFilter) -> ListFilter {
    ListFilter { limit: Some(crate::ui::complaints::PAGE_LIMIT), ..f }
}

/// 工单列表: the first page, filters, overdue, sorted by due time.
fn lists(t: &mut Table, store: &SqliteStore, runs: usize, now: BizTime, today: NaiveDate) -> Result<(), String> {
    let units = store.units().map_err(err)?;
    let office = units.iter().find(|u| u.kind == UnitKind::Office).map(|u| u.id);
    let lists: [(&str, ListFilter); 4] = [
        ("第一页（不筛选）", ListFilter::default()),
        (
            "状态＋管理所＋日期范围",
            ListFilter {
                states: vec![ComplaintState::Closed],
                office,
                from: today.checked_sub_days(Days::new(90)),
                to: Some(today),
                ..ListFilter::default()
            },
        ),
        ("只看超期", ListFilter { overdue_at: Some(now), ..ListFilter::default() }),
        ("按时限排序", ListFilter { sort: SortKey::DueAsc, ..ListFilter::default() }),
    ];
    for (name, filter) in lists {
        let filter = page(filter);
        let samples = time_runs(runs, |_| list_page(store, &filter))?;
        t.timed("工单列表（一页＋计数）", name, &samples, Some(30.0));
    }

    Ok(())
}

/// 搜索: Chinese words of two to four characters and a plate fragment.
fn searches(t: &mut Table, store: &SqliteStore, runs: usize) -> Result<(), String> {
    for (name, word) in [("两字词", "态度"), ("三字词", "收费站"), ("四字词", "服务态度"), ("车牌片段", "鄂A1")]
    {
        let filter = page(ListFilter { search: Some(word.to_owned()), ..ListFilter::default() });
        let samples = time_runs(runs, |_| list_page(store, &filter))?;
        t.timed("搜索（一页＋计数）", format!("{name}“{word}”"), &samples, Some(30.0));
    }

    Ok(())
}

/// 工单: one complaint with its history, and one action; returns closed complaints (the forms' sample).
fn one_complaint(
    t: &mut Table,
    store: &mut SqliteStore,
    runs: usize,
    now: BizTime,
) -> Result<Vec<crate::store::ComplaintRow>, String> {
    let closed = store
        .list(&ListFilter { states: vec![ComplaintState::Closed], limit: Some(200), ..ListFilter::default() })
        .map_err(err)?;
    let number = closed.first().map(|r| r.number.clone()).ok_or("演示数据中没有已办结的投诉")?;
    let samples = time_runs(runs, |_| {
        let c = store.complaint(&number).map_err(err)?;
        let h = store.history(&number).map_err(err)?;
        Ok((c, h))
    })?;
    t.timed("工单", "显示一张工单及办理记录", &samples, None);

    let open = store
        .list(&ListFilter {
            states: vec![ComplaintState::Dispatched, ComplaintState::Investigating],
            limit: Some(u32::try_from(runs).unwrap_or(u32::MAX)),
            ..ListFilter::default()
        })
        .map_err(err)?;
    if open.is_empty() {
        return Err("演示数据中没有办理中的投诉".into());
    }
    let operator = operator_session(store)?.actor;
    // As at the desk: the complaint is open on screen (read), then the action is one transaction.
    let mut samples = Vec::with_capacity(runs);
    for i in 0..runs {
        let number = &open[i % open.len()].number;
        std::hint::black_box(store.complaint(number).map_err(err)?);
        let t = Instant::now();
        std::hint::black_box(urge(store, number, &operator, now)?);
        samples.push(ms(t.elapsed()));
    }
    t.timed("工单", "一次办理动作（催办，一个事务）", &samples, Some(5.0));

    Ok(closed)
}

/// 表单: one feedback sheet, and a batch of a hundred through the window's batch-export task.
fn forms(
    t: &mut Table,
    store: &SqliteStore,
    (db, tmp): (&Path, &Path),
    closed: &[crate::store::ComplaintRow],
    runs: usize,
) -> Result<(), String> {
    let number = closed.first().map(|r| r.number.clone()).ok_or("演示数据中没有已办结的投诉")?;
    let mut size = 0;
    let samples = time_runs(runs, |_| {
        let data = crate::store::form_data(store, &number).map_err(err)?;
        let bytes = crate::export::render(Form::Feedback, &data).map_err(err)?;
        size = bytes.len();
        Ok(bytes)
    })?;
    t.timed("表单与报表", "一张反馈单 PDF", &samples, Some(20.0));
    t.once("表单与报表", "一张反馈单 PDF 大小", "KB", size as f64 / 1024.0, Some(100.0));
    let hundred: Vec<String> = closed.iter().take(100).map(|r| r.number.clone()).collect();
    let out = tmp.join("batch");
    std::fs::create_dir_all(&out).map_err(err)?;
    let batch_runs = runs.div_ceil(5).max(1);
    let samples = time_runs(batch_runs, |_| {
        let task = crate::ui::export::BatchExport::start(
            (crate::store::Target::File(db.to_owned()), crate::store::Scope::All),
            hundred.clone(),
            vec![Form::Feedback],
            out.clone(),
            || {},
        )
        .map_err(err)?;
        loop {
            if let Some(outcome) = task.poll() {
                return if outcome.failed.is_empty() { Ok(outcome.written) } else { Err(outcome.summary()) };
            }
            std::thread::sleep(Duration::from_millis(1));
        }
    })?;
    t.timed("表单与报表", format!("批量导出 {} 张反馈单", hundred.len()), &samples, None);

    Ok(())
}

/// 报表: last month's report and the report of every complaint, as PDF and XLSX.
fn reports(t: &mut Table, store: &SqliteStore, runs: usize, now: BizTime, today: NaiveDate) -> Result<(), String> {
    let first = store
        .list(&ListFilter { sort: SortKey::AcceptedAsc, limit: Some(1), ..ListFilter::default() })
        .map_err(err)?
        .first()
        .map_or(today, |r| to_biz(&r.accepted_at).date_naive());
    let month = crate::domain::stats::Month::of(today).prev();
    let heavy = runs.div_ceil(5).max(3);
    for (name, from, to) in [("上月月报", month.first(), month.last()), ("全部投诉的报表", first, today)] {
        let figures = || -> Result<crate::export::report::Figures, String> {
            let data = crate::store::report_data(store, from, to, now).map_err(err)?;
            Ok(crate::export::report::Figures::of(&data))
        };
        let samples = time_runs(heavy, |_| crate::export::report::pdf(&figures()?).map_err(err))?;
        t.timed("表单与报表", format!("{name} PDF（{from} 至 {to}）"), &samples, Some(1000.0));
        let samples = time_runs(heavy, |_| crate::export::report::xlsx(&figures()?).map_err(err))?;
        t.timed("表单与报表", format!("{name} XLSX"), &samples, Some(1000.0));
    }

    Ok(())
}

/// 资源: the database file and this process's peak memory.
fn resources(t: &mut Table, db: &Path) -> Result<(), String> {
    let bytes = std::fs::metadata(db).map_err(err)?.len();
    t.once("资源", "数据库文件", "MB", bytes as f64 / 1_048_576.0, None);
    if let Some(peak) = peak_rss_bytes() {
        t.once("资源", "本进程峰值内存（含生成数据）", "MB", peak as f64 / 1_048_576.0, None);
    }
    Ok(())
}

/// 窗口 and 真实窗口: measured in child processes, so their memory is their own.
fn windows(t: &mut Table, notes: &mut Vec<String>, db: &Path, now: BizTime, progress: &mut impl FnMut(&str)) {
    progress("窗口（无显示，子进程）…");
    // The figures so far stand even when the window cannot be measured: say why instead.
    match window::measure_in_child(db, now) {
        Ok(w) => window_rows(t, &w),
        Err(e) => notes.push(format!("窗口未测量：{e}")),
    }
    if real_window::display_available() {
        progress("真实窗口（显示器上，子进程）…");
        match real_window::measure_in_child(db, now) {
            Ok(w) => real_window_rows(t, &w),
            Err(e) => notes.push(format!("真实窗口未测量：{e}")),
        }
    } else {
        notes.push("没有显示器（DISPLAY / WAYLAND_DISPLAY），真实窗口未测量；上面的窗口数字不含显卡驱动。".into());
    }
}

fn window_rows(t: &mut Table, w: &window::WindowFigures) {
    t.timed("窗口", "启动到首帧（无显示，不含 GPU 初始化）", &[w.first_frame_ms], Some(500.0));
    t.timed("窗口", "登录到工作台", &[w.login_ms], None);
    t.timed("窗口", "滚动工单列表：每帧", &w.scroll_frames_ms, Some(8.0));
    t.timed("窗口", "在搜索框输入：每帧", &w.typing_frames_ms, Some(8.0));
    if let Some(peak) = w.peak_rss_bytes {
        t.once("窗口", "窗口进程峰值内存（无显示）", "MB", peak as f64 / 1_048_576.0, Some(150.0));
    }
}

fn real_window_rows(t: &mut Table, w: &real_window::RealWindowFigures) {
    t.timed("真实窗口", "启动到登录界面画出（含 GPU 初始化）", &[w.first_frame_ms], Some(500.0));
    if let Some(peak) = w.peak_rss_bytes {
        t.once("真实窗口", "窗口进程峰值内存（含显卡驱动）", "MB", peak as f64 / 1_048_576.0, Some(150.0));
    }
}

/// Budgets are set for 100,000 complaints; filling scales with the count.
fn scale(n: usize) -> f64 {
    (n as f64 / 100_000.0).max(1.0)
}

/// A page of the list and its count, as the list screen loads them.
fn list_page(store: &SqliteStore, filter: &ListFilter) -> Result<(usize, u64), String> {
    let rows = store.list(filter).map_err(err)?;
    let total = store.count_up_to(filter, 10_000).map_err(err)?;
    Ok((rows.len(), total))
}

fn urge(store: &mut SqliteStore, number: &str, actor: &Actor, now: BizTime) -> Result<u32, String> {
    let c = store.act(number, &Action::Urge { note: "请尽快办理".into() }, actor, now).map_err(err)?;
    Ok(c.urge_count)
}

/// The first active 值班员, as the window would have them after logging in.
fn operator_session(store: &SqliteStore) -> Result<crate::ui::Session, String> {
    let users = store.users().map_err(err)?;
    let u = users.iter().find(|u| u.active && u.roles.contains(&Role::Operator)).ok_or("没有值班员账号")?;
    let units = store.units().map_err(err)?;
    let unit_name = units.iter().find(|x| x.id == u.unit).map(|x| x.name.clone()).unwrap_or_default();
    let actor = Actor { id: u.id, name: u.name.clone(), unit: u.unit, roles: u.roles.clone() };
    Ok(crate::ui::Session { actor, login: u.login.clone(), unit_name })
}

/// The process's peak resident memory (Linux: `VmHWM`).
#[must_use]
pub fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// The table as text: one line per measurement, grouped, with the budget verdict.
#[must_use]
pub fn format_table(r: &BenchReport) -> String {
    use std::fmt::Write as _;
    let mut s = format!("RoadDesk 基准测试：{} 条投诉，种子 {}\n", r.complaints, r.seed);
    let mut group = "";
    for row in &r.rows {
        if row.group != group {
            group = row.group;
            let _ = writeln!(s, "\n【{group}】");
        }
        let verdict = match (row.budget, row.within_budget()) {
            (Some(b), Some(true)) => format!("✓ 预算 {}", num(b)),
            (Some(b), _) => format!("✗ 超出预算 {}", num(b)),
            (None, _) => String::new(),
        };
        let pad = 34usize.saturating_sub(unicode_width::UnicodeWidthStr::width(row.name.as_str()));
        let figures = if row.runs > 1 {
            format!(
                "中位数 {:>9} {}  p95 {:>9} {}  （{} 次）",
                num(row.median),
                row.unit,
                num(row.p95),
                row.unit,
                row.runs
            )
        } else {
            format!("{:>16} {}", num(row.median), row.unit)
        };
        let _ = writeln!(s, "  {}{}  {figures}  {verdict}", row.name, " ".repeat(pad));
    }
    for note in &r.notes {
        let _ = writeln!(s, "\n{note}");
    }
    let misses = r.misses().count();
    if misses == 0 {
        s.push_str("\n全部在预算之内。\n");
    } else {
        let _ = writeln!(s, "\n{misses} 项超出预算。");
    }
    s
}

fn num(v: f64) -> String {
    if v.is_nan() {
        "—".into()
    } else if v >= 100.0 {
        format!("{v:.0}")
    } else if v >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_p95_use_nearest_rank() {
        let samples: Vec<f64> = (1..=20).map(f64::from).collect();
        assert_eq!(median_p95(&samples), (10.5, 19.0));
        assert_eq!(median_p95(&[3.0, 1.0, 2.0]), (2.0, 3.0));
        assert!(median_p95(&[]).0.is_nan());
    }

    #[test]
    fn a_row_over_budget_is_reported_as_a_miss() {
        let row = |p95| Row { group: "g", name: "n".into(), unit: "ms", median: 1.0, p95, runs: 3, budget: Some(30.0) };
        let report = BenchReport {
            complaints: 10,
            seed: 1,
            rows: vec![row(12.0), row(31.0)],
            notes: vec!["窗口未测量：x".into()],
        };
        assert_eq!(report.misses().count(), 1);
        let text = format_table(&report);
        assert!(text.contains("✗ 超出预算 30.0") && text.contains("✓ 预算 30.0"), "{text}");
        assert!(text.contains("1 项超出预算") && text.contains("窗口未测量：x"));
    }
}

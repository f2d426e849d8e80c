//! The window, measured headlessly: the real [`RoadDeskApp`] with its store thread over the
//! benchmark database, driven frame by frame through `egui::Context::run_ui` with synthetic
//! input (a mouse wheel over the list, keys in the search box). A frame's time is the UI
//! thread's work — layout, the app's drawing and tessellation — which is what the UI thread
//! spends per frame before the GPU gets the triangles.
//!
//! It runs in a child process (`roaddesk bench-window`) so that the peak memory is the
//! window's own, not the benchmark's that filled the database. The session: log in, 投诉工单,
//! the wheel, a search typed key by key, then 统计. [`super::real_window`] plays the same
//! session in the real window on a display.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::{Event, Key, Modifiers, MouseWheelUnit, Pos2, RawInput, Rect, TouchPhase, vec2};
use serde::{Deserialize, Serialize};

use crate::domain::time::{BizTime, rfc3339};
use crate::store::Target;
use crate::ui::Nav;
use crate::ui::backend::Backend;
use crate::ui::shell::{Prefs, RoadDeskApp, Stage};

/// What the child reports.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WindowFigures {
    /// From spawning the process to the first frame that shows the login screen.
    pub first_frame_ms: f64,
    /// From pressing 登录 to the dashboard drawn with its queues.
    pub login_ms: f64,
    pub scroll_frames_ms: Vec<f64>,
    pub typing_frames_ms: Vec<f64>,
    pub peak_rss_bytes: Option<u64>,
    /// Rows the list had loaded while scrolling.
    pub list_rows: usize,
}

pub(super) const FIRST_FRAME: &str = "first-frame";
/// The window size the budgets are for.
pub(super) const SIZE: [f32; 2] = [1280.0, 800.0];
pub(super) const SCROLL_FRAMES: usize = 120;
pub(super) const SEARCH: &str = "服务态度";

/// Spawn `roaddesk bench-window` over `db` and collect its figures.
pub fn measure_in_child(db: &Path, now: BizTime) -> Result<WindowFigures, String> {
    let (first_frame_ms, mut f) = run_child::<WindowFigures>(db, now, &[])?;
    f.first_frame_ms = first_frame_ms;
    Ok(f)
}

/// Spawn `roaddesk bench-window <extra>` over `db`: the time from spawning it to its
/// [`FIRST_FRAME`] line, and the figures of its last line.
pub(super) fn run_child<T: serde::de::DeserializeOwned>(
    db: &Path,
    now: BizTime,
    extra: &[&str],
) -> Result<(f64, T), String> {
    let exe = std::env::current_exe().map_err(|e| format!("找不到本程序：{e}"))?;
    let started = Instant::now();
    let mut child = Command::new(exe)
        .arg("--db")
        .arg(db)
        .arg("--now")
        .arg(rfc3339(now))
        .arg("bench-window")
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("无法启动窗口测量进程：{e}"))?;
    let stdout = child.stdout.take().ok_or("窗口测量进程没有输出")?;
    let mut first_frame_ms = None;
    let mut figures: Option<T> = None;
    for line in BufReader::new(stdout).lines() {
        let line = line.map_err(|e| e.to_string())?;
        if line == FIRST_FRAME {
            first_frame_ms = Some(started.elapsed().as_secs_f64() * 1000.0);
        } else if let Ok(f) = serde_json::from_str::<T>(&line) {
            figures = Some(f);
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    let figures = figures.ok_or_else(|| format!("窗口测量进程失败（{status}）"))?;
    Ok((first_frame_ms.ok_or("窗口测量进程没有画出首帧")?, figures))
}

/// The child's side: print [`FIRST_FRAME`] as soon as the login screen is drawn, then one JSON line.
pub fn child_main(db: &Path, now: BizTime, login: &str, password: &str) -> Result<(), String> {
    let ctx = egui::Context::default();
    let mut driver = Driver { ctx: ctx.clone(), time: 0.0 };
    crate::ui::fonts::install(&ctx);
    let target = Target::File(db.to_owned());
    let store = target.open().map_err(|e| e.to_string())?;
    let backend = Backend::threaded(store, || {});
    let mut app = RoadDeskApp::new(backend, target, Arc::new(move || now), Prefs::default());
    driver.until(&mut app, |a| a.stage() == Stage::Login)?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{FIRST_FRAME}").and_then(|()| out.flush()).map_err(|e| e.to_string())?;

    let t = Instant::now();
    app.login(login, password);
    driver.until(&mut app, |a| a.stage() == Stage::Main && !a.working())?;
    let login_ms = t.elapsed().as_secs_f64() * 1000.0;

    app.navigate(Nav::Complaints);
    driver.until(&mut app, |a| a.list_rows().is_some() && !a.working())?;
    let list_rows = app.list_rows().unwrap_or(0);
    // Over the table, then the wheel: a few rows per frame, as a user flicks through.
    driver.frame(&mut app, vec![Event::PointerMoved(OVER_TABLE)]);
    let mut scroll_frames_ms = Vec::with_capacity(SCROLL_FRAMES);
    for _ in 0..SCROLL_FRAMES {
        scroll_frames_ms.push(driver.frame(&mut app, vec![wheel()]));
    }

    // Ctrl+F, then one character per keystroke; frames go on while each search runs.
    driver.frame(&mut app, vec![ctrl_f()]);
    driver.frame(&mut app, Vec::new());
    let mut typing_frames_ms = Vec::new();
    for ch in SEARCH.chars() {
        typing_frames_ms.push(driver.frame(&mut app, vec![Event::Text(ch.to_string())]));
        let deadline = Instant::now() + Duration::from_secs(30);
        while app.working() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(1));
            typing_frames_ms.push(driver.frame(&mut app, Vec::new()));
        }
        // The frame that draws the new page.
        typing_frames_ms.push(driver.frame(&mut app, Vec::new()));
    }

    // Then 统计 over this month and the half year before it (its figures are computed on the
    // store thread; the page draws its charts).
    app.navigate(Nav::Stats);
    driver.until(&mut app, |a| a.stats_shown() && !a.working())?;

    let figures = WindowFigures {
        first_frame_ms: 0.0,
        login_ms,
        scroll_frames_ms,
        typing_frames_ms,
        peak_rss_bytes: super::peak_rss_bytes(),
        list_rows,
    };
    let json = serde_json::to_string(&figures).map_err(|e| e.to_string())?;
    writeln!(out, "{json}").map_err(|e| e.to_string())
}

/// One notch of the mouse wheel down: a few rows, as a user flicks through the list.
pub(super) fn wheel() -> Event {
    Event::MouseWheel {
        unit: MouseWheelUnit::Point,
        delta: vec2(0.0, -90.0),
        phase: TouchPhase::Move,
        source: egui::MouseWheelSource::Unknown,
        modifiers: Modifiers::NONE,
    }
}

/// Ctrl+F: to the search box.
pub(super) fn ctrl_f() -> Event {
    Event::Key { key: Key::F, physical_key: None, pressed: true, repeat: false, modifiers: Modifiers::COMMAND }
}

/// Where the pointer rests while the wheel turns: over the table.
pub(super) const OVER_TABLE: Pos2 = Pos2::new(700.0, 500.0);

struct Driver {
    ctx: egui::Context,
    time: f64,
}

impl Driver {
    /// One frame with `events`; returns its UI-thread time in milliseconds.
    fn frame(&mut self, app: &mut RoadDeskApp, events: Vec<Event>) -> f64 {
        let input = RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, SIZE.into())),
            time: Some(self.time),
            events,
            ..RawInput::default()
        };
        self.time += 1.0 / 60.0;
        let t = Instant::now();
        let mut out = self.ctx.run_ui(input, |ui| app.show(ui));
        // No GPU here: the font atlas updates are what a painter would upload; count and drop them.
        out.textures_delta.clear();
        let primitives = self.ctx.tessellate(out.shapes, out.pixels_per_point);
        std::hint::black_box(primitives);
        t.elapsed().as_secs_f64() * 1000.0
    }

    /// Run frames (sleeping a little between them, as an idle window does) until `done`.
    fn until(&mut self, app: &mut RoadDeskApp, done: impl Fn(&RoadDeskApp) -> bool) -> Result<(), String> {
        let deadline = Instant::now() + Duration::from_mins(2);
        loop {
            self.frame(app, Vec::new());
            if done(app) {
                // Draw the frame that shows what arrived.
                self.frame(app, Vec::new());
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err("窗口在 120 秒内没有到达预期的画面".into());
            }
            std::thread::sleep(Duration::from_millis(1));
        }
    }
}

//! The real window, measured: `roaddesk bench-window --display` opens `RoadDesk`'s own window
//! (eframe, OpenGL through the system's graphics driver) over the benchmark database and plays
//! the headless measurement's session in it — log in, 投诉工单, the mouse wheel over the table,
//! a search typed key by key, 统计 — feeding the keys and the wheel through the frame's input
//! ([`eframe::App::raw_input_hook`]), as the windowing system would. It reports the time from
//! spawning the process to the painted login screen, and the process's peak memory, which now
//! includes what the graphics driver keeps in the process (its textures, buffers, and with a
//! software renderer the compiler it loads).
//!
//! The benchmark runs it when a display is there (`DISPLAY` or `WAYLAND_DISPLAY` on Linux).

use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::Event;
use serde::{Deserialize, Serialize};

use super::window::{FIRST_FRAME, OVER_TABLE, SCROLL_FRAMES, SEARCH, ctrl_f, run_child, wheel};
use crate::domain::time::BizTime;
use crate::store::Target;
use crate::ui::Nav;
use crate::ui::backend::Backend;
use crate::ui::shell::{Prefs, RoadDeskApp, Stage};

/// What the child reports.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RealWindowFigures {
    /// From spawning the process to the frame after the login screen was first built, i.e.
    /// once the login screen has been painted.
    pub first_frame_ms: f64,
    /// The process's peak resident memory over the whole session.
    pub peak_rss_bytes: Option<u64>,
}

/// Whether a window can be opened here: a display on Linux, always elsewhere.
#[must_use]
pub fn display_available() -> bool {
    if cfg!(target_os = "linux") {
        ["DISPLAY", "WAYLAND_DISPLAY"].iter().any(|v| std::env::var_os(v).is_some_and(|x| !x.is_empty()))
    } else {
        true
    }
}

/// Spawn `roaddesk bench-window --display` over `db` and collect its figures.
pub fn measure_in_child(db: &Path, now: BizTime) -> Result<RealWindowFigures, String> {
    let (first_frame_ms, mut f) = run_child::<RealWindowFigures>(db, now, &["--display"])?;
    f.first_frame_ms = first_frame_ms;
    Ok(f)
}

/// The child's side: open the window and play the session; print [`FIRST_FRAME`] once the
/// login screen is painted, and the figures as one JSON line at the end.
pub fn child_main(db: &Path, now: BizTime, login: &str, password: &str) -> Result<(), String> {
    let target = Target::File(db.to_owned());
    let store = target.open().map_err(|e| e.to_string())?;
    let (login, password) = (login.to_owned(), password.to_owned());
    let failed = Arc::new(std::sync::Mutex::new(None::<String>));
    let failure = Arc::clone(&failed);
    // The desk's own window state (position, egui memory) stays as it is: this run keeps its
    // own beside the benchmark's temporary database.
    let options = eframe::NativeOptions {
        persist_window: false,
        persistence_path: Some(db.with_extension("window-state")),
        ..crate::ui::native_options()
    };
    eframe::run_native(
        "RoadDesk",
        options,
        Box::new(move |cc| {
            crate::ui::fonts::install(&cc.egui_ctx);
            let ctx = cc.egui_ctx.clone();
            let backend = Backend::threaded(store, move || ctx.request_repaint());
            let mut app = RoadDeskApp::new(backend, target, Arc::new(move || now), Prefs::default());
            app.watch_changes();
            Ok(Box::new(Session::new(app, login, password, failure, true)))
        }),
    )
    .map_err(|e| format!("无法打开窗口：{e}"))?;
    let failed = failed.lock().map_err(|e| e.to_string())?.take();
    failed.map_or(Ok(()), Err)
}

/// Where the session is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// Waiting for the login screen to be built, then painted.
    Login {
        built: bool,
    },
    /// Logged in; waiting for the dashboard.
    Dashboard,
    /// Waiting for the list's first page.
    List,
    /// Turning the wheel: notches done.
    Scroll(usize),
    /// Typing the search word: characters typed.
    Search(usize),
    /// Waiting for 统计's figures.
    Stats,
    Done,
}

struct Session {
    app: RoadDeskApp,
    step: Step,
    login: String,
    password: String,
    /// Input for the next frame.
    pending: Vec<Event>,
    /// Frames to let pass after sending input, before asking whether the work it started is done.
    settle: u32,
    deadline: Instant,
    failed: Arc<std::sync::Mutex<Option<String>>>,
    /// What the session reported ([`FIRST_FRAME`], then the figures), in order.
    lines: Vec<String>,
    /// Print each reported line on stdout as it comes (the parent process reads them).
    print: bool,
}

impl Session {
    fn new(
        app: RoadDeskApp,
        login: String,
        password: String,
        failed: Arc<std::sync::Mutex<Option<String>>>,
        print: bool,
    ) -> Self {
        Self {
            app,
            step: Step::Login { built: false },
            login,
            password,
            pending: Vec::new(),
            settle: 0,
            deadline: Instant::now() + Duration::from_mins(2),
            failed,
            lines: Vec::new(),
            print,
        }
    }

    fn report(&mut self, line: String) -> Result<(), String> {
        if self.print {
            let mut out = std::io::stdout().lock();
            writeln!(out, "{line}").and_then(|()| out.flush()).map_err(|e| e.to_string())?;
        }
        self.lines.push(line);
        Ok(())
    }

    /// The frame's input, before egui sees it: the window's own adjustments, then the
    /// session's keys and wheel.
    fn input(&mut self, ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        eframe::App::raw_input_hook(&mut self.app, ctx, raw_input);
        raw_input.events.append(&mut self.pending);
    }

    /// After a frame: the session's next move; on a failure, say why and close.
    fn after_frame(&mut self, ctx: &egui::Context) {
        if let Err(e) = self.advance(ctx) {
            if let Ok(mut failed) = self.failed.lock() {
                *failed = Some(e);
            }
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            self.step = Step::Done;
        }
        if self.step != Step::Done {
            ctx.request_repaint();
        }
    }

    /// Send `events` in the next frame, and give them two frames to start their work.
    fn send(&mut self, events: impl IntoIterator<Item = Event>) {
        self.pending.extend(events);
        self.settle = 2;
    }

    /// After a frame: the next move of the session.
    fn advance(&mut self, ctx: &egui::Context) -> Result<(), String> {
        if self.settle > 0 {
            self.settle -= 1;
            return Ok(());
        }
        if Instant::now() > self.deadline {
            return Err(format!("窗口在 120 秒内没有完成测量（停在 {:?}）", self.step));
        }
        let idle = !self.app.working();
        self.step = match self.step {
            Step::Login { built: false } if self.app.stage() == Stage::Login => Step::Login { built: true },
            Step::Login { built: true } => {
                self.report(FIRST_FRAME.to_owned())?;
                self.app.login(&self.login, &self.password);
                self.settle = 2;
                Step::Dashboard
            }
            Step::Dashboard if idle && self.app.stage() == Stage::Main => {
                self.app.navigate(Nav::Complaints);
                self.settle = 2;
                Step::List
            }
            Step::List if idle && self.app.list_rows().is_some() => {
                self.send([Event::PointerMoved(OVER_TABLE)]);
                Step::Scroll(0)
            }
            Step::Scroll(n) if n < SCROLL_FRAMES => {
                self.pending.push(wheel());
                Step::Scroll(n + 1)
            }
            Step::Scroll(_) => {
                self.send([ctrl_f()]);
                Step::Search(0)
            }
            Step::Search(typed) if idle => {
                if let Some(ch) = SEARCH.chars().nth(typed) {
                    self.send([Event::Text(ch.to_string())]);
                    Step::Search(typed + 1)
                } else {
                    self.app.navigate(Nav::Stats);
                    self.settle = 2;
                    Step::Stats
                }
            }
            Step::Stats if idle && self.app.stats_shown() => {
                let figures = RealWindowFigures { first_frame_ms: 0.0, peak_rss_bytes: super::peak_rss_bytes() };
                self.report(serde_json::to_string(&figures).map_err(|e| e.to_string())?)?;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                Step::Done
            }
            step => step,
        };
        Ok(())
    }
}

impl eframe::App for Session {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        eframe::App::ui(&mut self.app, ui, frame);
        self.after_frame(ui.ctx());
    }

    fn raw_input_hook(&mut self, ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        self.input(ctx, raw_input);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::parse_biz_time;

    /// The session the real window plays, driven here through a plain egui context: it logs
    /// in, scrolls, types the search word into the list's search box, opens 统计, and reports.
    #[test]
    fn the_real_window_session_plays_to_the_end() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("bench.db");
        let now = parse_biz_time("2026-11-21 15:00").unwrap();
        let target = Target::File(db.clone());
        let mut store = target.create().unwrap();
        crate::setup::install_demo(store.as_mut(), 300, 7, now, |_| {}).unwrap();
        let backend = Backend::threaded(store, || {});
        let app = RoadDeskApp::new(backend, target, Arc::new(move || now), Prefs::default());
        let failed = Arc::new(std::sync::Mutex::new(None));
        let mut session =
            Session::new(app, "zhiban1".into(), crate::demo::DEMO_PASSWORD.into(), Arc::clone(&failed), false);

        let ctx = egui::Context::default();
        crate::ui::fonts::install(&ctx);
        let mut time = 0.0;
        let mut wheels = 0;
        while session.step != Step::Done {
            let mut input = egui::RawInput {
                screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, super::super::window::SIZE.into())),
                time: Some(time),
                max_texture_side: Some(16384),
                ..egui::RawInput::default()
            };
            session.input(&ctx, &mut input);
            assert_eq!(input.max_texture_side, Some(crate::ui::fonts::ATLAS_SIDE), "the window caps the font atlas");
            wheels += input.events.iter().filter(|e| matches!(e, Event::MouseWheel { .. })).count();
            time += 1.0 / 60.0;
            let mut output = ctx.run_ui(input, |ui| session.app.show(ui));
            output.textures_delta.clear();
            session.after_frame(&ctx);
            std::thread::sleep(Duration::from_millis(1));
        }
        assert_eq!(*failed.lock().unwrap(), None);
        assert_eq!(wheels, SCROLL_FRAMES);
        assert_eq!(session.app.list_search().as_deref(), Some(SEARCH), "typed key by key into the search box");
        assert!(session.app.stats_shown(), "ends on 统计 with its figures");
        assert_eq!(session.lines.len(), 2, "{:?}", session.lines);
        assert_eq!(session.lines[0], FIRST_FRAME);
        let figures: RealWindowFigures = serde_json::from_str(&session.lines[1]).unwrap();
        assert!(figures.peak_rss_bytes.is_none_or(|b| b > 1_000_000), "{figures:?}");
    }
}

//! The window's shell: the phases (starting → first run or login → the main window, and
//! 连接设置), the frame around the pages, and routing — nothing else. What a screen asks for
//! goes to the area that owns it; what a store job or a task hands back goes to the area that
//! started it ([`crate::ui::topic::AreaId`]); the shell itself handles only navigation, logging
//! in and out, the theme, notices, and the connection.

mod areas;
mod frame;
mod prefs;
mod route;

pub use areas::Areas;
pub use prefs::{PREFS_KEY, Prefs};

use std::path::PathBuf;
use std::sync::Arc;

use egui::Ui;

use self::frame::Status;
use crate::domain::lifecycle::ContextData;
use crate::domain::time::now_from_system;
use crate::store::Target;
use crate::ui::backend::Backend;
use crate::ui::command::Command;
use crate::ui::complaints::Complaints;
use crate::ui::connection::{self, ConnectionScreen};
use crate::ui::desk::{Clock, Desk, FilePicker, SavePicker};
use crate::ui::export::Export;
use crate::ui::jobs::{STATUS, status_job};
use crate::ui::start::{self, FirstRunScreen, LoginScreen};
use crate::ui::tasks::Tasks;
use crate::ui::theme::{self, ThemeChoice};
use crate::ui::view::{Nav, Session, StatusInfo, View};
use crate::ui::watch::Watcher;

/// The window's phase, as seen from outside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Starting,
    FirstRun,
    Login,
    Main,
    Connection,
}

enum Phase {
    Starting,
    FirstRun(FirstRunScreen),
    Login(LoginScreen),
    Main(Box<Main>),
    Connection(ConnectionScreen),
}

/// The main window after login: who, the organisation and rules, the page, the areas.
struct Main {
    session: Session,
    data: ContextData,
    nav: Nav,
    areas: Areas,
}

/// The `RoadDesk` window.
pub struct RoadDeskApp {
    backend: Backend,
    desk: Desk,
    prefs: Prefs,
    phase: Phase,
    status: StatusInfo,
    notices: Vec<String>,
    /// Cross-area requests waiting for the end of the next frame.
    commands: Vec<Command>,
    /// What the first-run and login screens asked for (and [`Self::login`]).
    start_cmds: Vec<start::Cmd>,
    connection_cmds: Vec<connection::Cmd>,
    /// Every background task the window runs.
    tasks: Tasks,
    applied_theme: Option<ThemeChoice>,
    /// Start a watcher on other desks' changes at login.
    watch: bool,
    watcher: Option<Watcher>,
    /// This desk's database file (used when 连接设置 says so).
    local: PathBuf,
    /// Where 连接设置 is remembered.
    setting_path: PathBuf,
}

impl RoadDeskApp {
    /// Start the real app: fonts, the store thread, remembered preferences.
    ///
    /// Unless the command line named the database (`explicit`), 连接设置 decides: a remembered
    /// server is connected to off the UI thread (asking for its password if none is at hand).
    pub fn start(ctx: &egui::Context, storage: Option<&dyn eframe::Storage>, target: &Target, explicit: bool) -> Self {
        crate::ui::fonts::install(ctx);
        let prefs: Prefs = storage.and_then(|s| eframe::get_value(s, PREFS_KEY)).unwrap_or_default();
        let clock: Clock = Arc::new(now_from_system);
        if !explicit && let Some((form, ready)) = connection::remembered() {
            let mut app = Self::new(Backend::unavailable(), target.clone(), clock, prefs);
            app.watch_changes();
            app.open_connection((!ready).then(|| "请输入数据库服务器的密码，然后点“保存并连接”".to_owned()));
            if ready {
                app.connection_cmds.push(connection::Cmd::Connect(Some(form)));
            }
            return app;
        }
        match target.create() {
            Ok(store) => {
                let repaint_ctx = ctx.clone();
                let backend = Backend::threaded(store, move || repaint_ctx.request_repaint());
                let mut app = Self::new(backend, target.clone(), clock, prefs);
                app.watch_changes();
                app
            }
            Err(e) => {
                // No database: show the one sentence and nothing else works.
                let mut app = Self::new(Backend::unavailable(), target.clone(), clock, prefs);
                app.notices.push(e.to_string());
                app
            }
        }
    }

    /// An app over `backend` with the given clock (tests use an inline backend and a fixed clock).
    #[must_use]
    pub fn new(mut backend: Backend, target: Target, clock: Clock, prefs: Prefs) -> Self {
        let now = clock();
        backend.send(STATUS, move |store| status_job(store, now, None));
        let local = match &target {
            Target::File(p) => p.clone(),
            Target::Server(_) => crate::cli::default_db_path(),
        };
        Self {
            backend,
            desk: Desk::new(target, clock),
            prefs,
            phase: Phase::Starting,
            status: StatusInfo::default(),
            notices: Vec::new(),
            commands: Vec::new(),
            start_cmds: Vec::new(),
            connection_cmds: Vec::new(),
            tasks: Tasks::default(),
            applied_theme: None,
            watch: false,
            watcher: None,
            local,
            setting_path: connection::setting_path(),
        }
    }

    /// Refresh what is shown when another desk (or program) changes the database, from the next
    /// login on. The window does; most window tests leave it off to stay deterministic.
    pub fn watch_changes(&mut self) {
        self.watch = true;
    }

    /// Remember 连接设置 in `path` instead of the user's config folder (tests).
    pub fn set_setting_path(&mut self, path: PathBuf) {
        self.setting_path = path;
    }

    /// Use `picker` instead of the system save dialog (the window tests choose files this way).
    pub fn set_save_picker(&mut self, picker: SavePicker) {
        self.desk.save_picker = picker;
    }

    /// Use `picker` instead of the system file dialog for the signature PNG.
    pub fn set_file_picker(&mut self, picker: FilePicker) {
        self.desk.png_picker = picker;
    }

    /// Use `picker` instead of the system folder dialog of 批量导出.
    pub fn set_folder_picker(&mut self, picker: FilePicker) {
        self.desk.folder_picker = picker;
    }

    /// Log in as the login screen's 登录 does (the benchmark drives the window this way).
    pub fn login(&mut self, login: &str, password: &str) {
        self.start_cmds.push(start::Cmd::Login { login: login.to_owned(), password: password.to_owned() });
    }

    /// Go to a page, as a click in the navigation does.
    pub fn navigate(&mut self, nav: Nav) {
        self.commands.push(Command::Navigate(nav));
    }

    /// Open a complaint's detail, as a click on it in a list does (the window tests use this).
    pub fn open(&mut self, number: &str) {
        self.commands.push(Command::OpenDetail(number.to_owned()));
    }

    /// Which phase the window is in.
    #[must_use]
    pub fn stage(&self) -> Stage {
        match self.phase {
            Phase::Starting => Stage::Starting,
            Phase::FirstRun(_) => Stage::FirstRun,
            Phase::Login(_) => Stage::Login,
            Phase::Main(_) => Stage::Main,
            Phase::Connection(_) => Stage::Connection,
        }
    }

    /// Whether store work the user waits for is still running (lists, dashboard, login, detail,
    /// statistics).
    #[must_use]
    pub fn working(&self) -> bool {
        self.backend.waiting()
            || !self.commands.is_empty()
            || !self.start_cmds.is_empty()
            || !self.connection_cmds.is_empty()
    }

    /// Rows of the complaint list's loaded page, once one is loaded.
    #[must_use]
    pub fn list_rows(&self) -> Option<usize> {
        match &self.phase {
            Phase::Main(m) => m.areas.complaints.rows(),
            _ => None,
        }
    }

    /// What the complaint list's search box holds.
    #[must_use]
    pub fn list_search(&self) -> Option<String> {
        match &self.phase {
            Phase::Main(m) => Some(m.areas.complaints.saved().search),
            _ => None,
        }
    }

    /// Whether 统计 has its figures (the benchmark waits for them).
    #[must_use]
    pub fn stats_shown(&self) -> bool {
        matches!(&self.phase, Phase::Main(m) if m.areas.stats.shown())
    }

    /// Draw one frame: take in what came back, draw the current phase, apply what was asked.
    pub fn show(&mut self, ui: &mut Ui) {
        self.first_frame(ui.ctx());
        self.take_in(ui.ctx());
        self.keyboard(ui.ctx());
        let busy = self.phase_busy();
        match &mut self.phase {
            Phase::Starting => {
                egui::CentralPanel::default().show(ui, |ui| ui.centered_and_justified(egui::Ui::spinner));
            }
            Phase::FirstRun(s) => {
                egui::CentralPanel::default().show(ui, |ui| s.show(ui, busy, &mut self.start_cmds));
            }
            Phase::Login(s) => {
                egui::CentralPanel::default().show(ui, |ui| s.show(ui, busy, &mut self.start_cmds));
            }
            Phase::Connection(s) => {
                egui::CentralPanel::default().show(ui, |ui| s.show(ui, busy, &mut self.connection_cmds));
            }
            Phase::Main(_) => self.main_frame(ui),
        }
        if matches!(self.phase, Phase::FirstRun(_) | Phase::Login(_) | Phase::Connection(_)) {
            frame::notices_overlay(ui, &self.notices);
        }
        if busy || self.tasks.any() {
            ui.ctx().request_repaint_after(std::time::Duration::from_millis(100));
        }
        self.apply_all();
    }

    /// Fonts' image loaders, the context for waking the window, the theme.
    fn first_frame(&mut self, ctx: &egui::Context) {
        if self.desk.ctx.is_none() {
            // The signature preview decodes PNG bytes with egui_extras' loaders.
            egui_extras::install_image_loaders(ctx);
            self.desk.ctx = Some(ctx.clone());
        }
        if self.applied_theme != Some(self.prefs.theme) {
            theme::apply(ctx, self.prefs.theme);
            self.applied_theme = Some(self.prefs.theme);
        }
    }

    /// Whether the phase's screen waits for something (its buttons say so).
    fn phase_busy(&self) -> bool {
        match self.phase {
            Phase::FirstRun(_) => self.backend.busy(start::SETUP),
            Phase::Login(_) => self.backend.busy(start::LOGIN),
            Phase::Connection(_) => {
                self.tasks.is_running(connection::CONNECT) || self.tasks.is_running(connection::TEST)
            }
            Phase::Starting | Phase::Main(_) => false,
        }
    }

    /// The main window: the frame, the bottom panels, the page (or what is open over it).
    fn main_frame(&mut self, ui: &mut Ui) {
        let Phase::Main(m) = &mut self.phase else { return };
        let now = self.desk.now();
        let Main { session, data, nav, areas } = m.as_mut();
        frame::top_bar(ui, session, now, self.backend.connection_lost(), &mut self.commands);
        let status = Status {
            target: &self.desk.target,
            counts: &self.status,
            notices: &self.notices,
            spinning: self.backend.spinning(),
            tasks: &self.tasks,
        };
        frame::status_bar(ui, &status);
        frame::navigation(ui, session, *nav, areas.any_open(), &mut self.commands);
        let (batch_running, file_export_busy) = Export::busy(&self.tasks);
        let view = View {
            session,
            data,
            now,
            backend_busy: Complaints::loading(&self.backend),
            batch_running,
            file_export_busy,
            tasks: &self.tasks,
        };
        areas.panels(ui, &view);
        egui::CentralPanel::default().show(ui, |ui| areas.central(ui, &view, *nav));
        // The clock in the top bar and the countdowns change by the minute.
        ui.ctx().request_repaint_after(std::time::Duration::from_secs(30));
    }

    fn keyboard(&mut self, ctx: &egui::Context) {
        let Phase::Main(m) = &mut self.phase else { return };
        let (new, find) = ctx.input_mut(|i| {
            (
                i.consume_key(egui::Modifiers::COMMAND, egui::Key::N),
                i.consume_key(egui::Modifiers::COMMAND, egui::Key::F),
            )
        });
        if find {
            m.areas.close();
            m.nav = Nav::Complaints;
            m.areas.complaints.focus_search();
        }
        if new {
            self.apply(Command::NewComplaint);
        }
    }

    /// The connection to the server came back, or another desk changed something.
    fn others_changed(&mut self) {
        let Phase::Main(m) = &self.phase else { return };
        let dashboard = m.nav == Nav::Dashboard;
        self.in_main(|areas, cx| {
            areas.refresh(cx.nav, cx);
            areas.others_changed(cx);
        });
        // The dashboard's own refresh recounts the status bar.
        if !dashboard {
            self.send_status();
        }
    }

    /// Show 连接设置 as remembered, with `outcome` (why it is shown) under the form.
    fn open_connection(&mut self, outcome: Option<String>) {
        self.watcher = None;
        self.phase = Phase::Connection(connection::screen(&self.setting_path, &self.desk.target, outcome));
    }
}

impl eframe::App for RoadDeskApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if let Phase::Main(main) = &self.phase {
            self.prefs.list_filter = main.areas.complaints.saved();
            self.prefs.nav = main.nav;
        }
        eframe::set_value(storage, PREFS_KEY, &self.prefs);
    }

    fn raw_input_hook(&mut self, _ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        crate::ui::fonts::cap_atlas(raw_input);
    }
}

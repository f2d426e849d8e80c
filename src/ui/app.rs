//! The application: phases (first run → login → main), the shell around the screens, the
//! commands screens emit (applied after the frame) and the results coming back from the store.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::{RichText, Ui};

use super::backend::{Backend, Done, Topic, take};
use super::batch_export::{BatchExport, BatchOutcome};
use super::file_export::{FileExport, FileJob, FileOutcome, FileType};
use super::screens::settings::SignatureOp;
use super::screens::{
    calls::CallsScreen, connection::ConnectionScreen, dashboard::DashboardScreen, detail::DetailScreen,
    first_run::FirstRunScreen, intake::IntakeScreen, list::ListScreen, login::LoginScreen, revisits::RevisitsScreen,
    settings::SettingsScreen, stats::StatsScreen,
};
use super::theme::{self, ThemeChoice};
use super::widgets::warning_text;
use super::{
    Command, DashboardData, DetailData, ExtensionItem, ListPage, Nav, ReviewItem, RevisitData, Session, SetupInput,
    SignatureInfo, UrgeItem,
};
use crate::auth::authenticate;
use crate::domain::intake::ComplaintInput;
use crate::domain::lifecycle::{Action, ActionKind, ContextData};
use crate::domain::org::{Role, UnitId, roles_label};
use crate::domain::time::{BizTime, format_biz, now_from_system};
use crate::domain::validate::FieldError;
use crate::domain::work::{CallRecord, Complaint, ComplaintState};
use crate::store::{ListFilter, Scope, SortKey, Store, StoreError, Target};

/// The clock the app reads; tests fix it.
pub type Clock = Arc<dyn Fn() -> BizTime + Send + Sync>;

/// The folder dialog's answer for 批量导出: numbers, forms, chosen folder.
type BatchAnswer = std::sync::mpsc::Receiver<(Vec<String>, Vec<crate::export::Form>, Option<PathBuf>)>;

/// Asks the user for a file; blocks until they choose (or cancel), so it runs on its own thread.
/// The app uses the system file dialog; tests hand in a path.
pub type FilePicker = Arc<dyn Fn() -> Option<PathBuf> + Send + Sync>;

/// The save dialog: given the proposed file name and the kind of file (the dialog's filter),
/// where to write (tests replace it).
pub type SavePicker = Arc<dyn Fn(&str, FileType) -> Option<PathBuf> + Send + Sync>;

/// The save dialog's answer for a report or list export: the job, and where to write it.
type FileAnswer = std::sync::mpsc::Receiver<(FileJob, Option<PathBuf>)>;

/// The folder dialog for a batch export (tests replace it).
fn system_folder_picker() -> FilePicker {
    Arc::new(|| rfd::FileDialog::new().set_title("选择导出文件夹").pick_folder())
}

fn system_save_picker() -> SavePicker {
    Arc::new(|name: &str, kind: FileType| {
        rfd::FileDialog::new().set_file_name(name).add_filter(kind.filter_name(), &[kind.ext()]).save_file()
    })
}

/// The system file dialog for a signature PNG (rfd: the desktop portal, else zenity).
fn system_png_picker() -> FilePicker {
    Arc::new(|| rfd::FileDialog::new().set_title("选择签名图片（PNG）").add_filter("PNG", &["png"]).pick_file())
}

/// What the app remembers between runs (never business data).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub theme: ThemeChoice,
    pub nav: Nav,
    /// The complaint list's filter, as the list screen saves it.
    pub list_filter: super::screens::list::SavedFilter,
    pub last_login: String,
}

const PREFS_KEY: &str = "roaddesk.prefs";

/// Database path, sizes and counts for the status bar.
#[derive(Debug, Clone, Default)]
pub struct StatusInfo {
    pub empty: bool,
    pub total: u64,
    pub open: u64,
    pub overdue: u64,
    /// The counts are one office's (an office user's desk).
    pub office: bool,
}

/// Why a registration was refused.
#[derive(Debug, Clone)]
pub enum RegisterError {
    /// Field by field, in Chinese.
    Fields(Vec<FieldError>),
    /// Anything else (a lost database, a refusal), one sentence.
    Message(String),
}

/// What the screens may read.
pub struct View<'a> {
    pub session: &'a Session,
    pub data: &'a ContextData,
    pub now: BizTime,
    pub backend_busy: bool,
    /// A batch export is running (a second one waits for it).
    pub batch_running: bool,
    /// A report or list export is being asked for or made (a second one waits for it).
    pub file_export_busy: bool,
}

struct Main {
    session: Session,
    data: ContextData,
    nav: Nav,
    dashboard: DashboardScreen,
    list: ListScreen,
    calls: CallsScreen,
    revisits: RevisitsScreen,
    settings: SettingsScreen,
    stats: StatsScreen,
    intake: Option<IntakeScreen>,
    detail: Option<DetailScreen>,
    /// The batch export running or just finished (its panel shows until dismissed).
    batch: Option<BatchState>,
    /// The report or list export running or just finished (its panel shows until dismissed).
    file_export: Option<FileState>,
}

enum FileState {
    Running(FileExport),
    Finished(FileOutcome),
}

enum BatchState {
    Running(BatchExport),
    Finished(BatchOutcome),
}

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

/// A connection being made off the UI thread: the store, where it is, and what to tell the user.
type Connecting = std::sync::mpsc::Receiver<Result<(Box<dyn Store>, Target, Option<String>), String>>;

/// The `RoadDesk` window.
pub struct RoadDeskApp {
    backend: Backend,
    target: Target,
    clock: Clock,
    prefs: Prefs,
    phase: Phase,
    status: StatusInfo,
    notices: Vec<String>,
    commands: Vec<Command>,
    applied_theme: Option<ThemeChoice>,
    list_generation: u64,
    file_picker: FilePicker,
    /// The open file dialog's answer, when it comes.
    picked: Option<std::sync::mpsc::Receiver<Option<PathBuf>>>,
    save_picker: SavePicker,
    /// The save dialog's answer for a form export: complaint number, form, path.
    saving: Option<std::sync::mpsc::Receiver<(String, crate::export::Form, Option<PathBuf>)>>,
    folder_picker: FilePicker,
    /// The folder dialog's answer for a batch export: numbers, forms, folder.
    batch_folder: Option<BatchAnswer>,
    /// The save dialog's answer for a report or list export.
    saving_file: Option<FileAnswer>,
    /// For waking the window when the file dialog closes.
    ctx: Option<egui::Context>,
    /// Start a watcher on other desks' changes at login.
    watch: bool,
    /// This desk's database file (used when 连接设置 says so).
    local: PathBuf,
    /// Where 连接设置 is remembered.
    setting_path: PathBuf,
    connecting: Option<Connecting>,
    /// A connection test under way.
    testing: Option<std::sync::mpsc::Receiver<Result<String, String>>>,
    watcher: Option<super::watch::Watcher>,
}

impl RoadDeskApp {
    /// Start the real app: fonts, the store thread, remembered preferences.
    ///
    /// Unless the command line named the database (`explicit`), 连接设置 decides: a remembered
    /// server is connected to off the UI thread (asking for its password if none is at hand).
    pub fn start(ctx: &egui::Context, storage: Option<&dyn eframe::Storage>, target: &Target, explicit: bool) -> Self {
        super::fonts::install(ctx);
        let prefs: Prefs = storage.and_then(|s| eframe::get_value(s, PREFS_KEY)).unwrap_or_default();
        if !explicit {
            let remembered = super::connection::ConnectionSetting::load(&super::connection::setting_path());
            if let Ok(super::connection::ConnectionSetting { server: Some(server) }) = remembered {
                let mut app = Self::new(Backend::unavailable(), target.clone(), Arc::new(now_from_system), prefs);
                app.watch_changes();
                let form = super::connection::ServerForm::of(Some(&server));
                let ready = !form.password.is_empty() || std::env::var_os("PGPASSWORD").is_some();
                app.open_connection((!ready).then(|| "请输入数据库服务器的密码，然后点“保存并连接”".to_owned()));
                if ready {
                    app.connect(Some(&form));
                }
                return app;
            }
        }
        match target.create() {
            Ok(store) => {
                let repaint_ctx = ctx.clone();
                let backend = Backend::threaded(store, move || repaint_ctx.request_repaint());
                let mut app = Self::new(backend, target.clone(), Arc::new(now_from_system), prefs);
                app.watch_changes();
                app
            }
            Err(e) => {
                // No database: show the one sentence and nothing else works.
                let mut app = Self::new(Backend::unavailable(), target.clone(), Arc::new(now_from_system), prefs);
                app.notices.push(e.to_string());
                app
            }
        }
    }

    /// An app over `backend` with the given clock (tests use an inline backend and a fixed clock).
    #[must_use]
    pub fn new(mut backend: Backend, target: Target, clock: Clock, prefs: Prefs) -> Self {
        let target_for_local = target.clone();
        let now = clock();
        backend.send(Topic::Status, move |store| status_job(store, now, None));
        Self {
            backend,
            target,
            clock,
            prefs,
            phase: Phase::Starting,
            status: StatusInfo::default(),
            notices: Vec::new(),
            commands: Vec::new(),
            applied_theme: None,
            list_generation: 0,
            file_picker: system_png_picker(),
            picked: None,
            save_picker: system_save_picker(),
            saving: None,
            folder_picker: system_folder_picker(),
            batch_folder: None,
            saving_file: None,
            ctx: None,
            watch: false,
            watcher: None,
            local: match &target_for_local {
                Target::File(p) => p.clone(),
                Target::Server(_) => crate::cli::default_db_path(),
            },
            setting_path: super::connection::setting_path(),
            connecting: None,
            testing: None,
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

    /// Use `picker` instead of the system file dialog (the window tests choose files this way).
    pub fn set_save_picker(&mut self, picker: SavePicker) {
        self.save_picker = picker;
    }

    pub fn set_file_picker(&mut self, picker: FilePicker) {
        self.file_picker = picker;
    }

    /// Use `picker` instead of the system folder dialog of 批量导出.
    pub fn set_folder_picker(&mut self, picker: FilePicker) {
        self.folder_picker = picker;
    }

    /// Log in as the login screen's 登录 does (the benchmark drives the window this way).
    pub fn login(&mut self, login: &str, password: &str) {
        self.commands.push(Command::Login { login: login.to_owned(), password: password.to_owned() });
    }

    /// Go to a page, as a click in the navigation does.
    pub fn navigate(&mut self, nav: Nav) {
        self.commands.push(Command::Navigate(nav));
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
        [Topic::Status, Topic::Login, Topic::Context, Topic::Dashboard, Topic::List, Topic::Detail, Topic::Stats]
            .iter()
            .any(|t| self.backend.busy(*t))
            || !self.commands.is_empty()
    }

    /// Rows of the complaint list's loaded page, once one is loaded.
    #[must_use]
    pub fn list_rows(&self) -> Option<usize> {
        match &self.phase {
            Phase::Main(m) => m.list.page.as_ref().map(|p| p.rows.len()),
            _ => None,
        }
    }

    /// What the complaint list's search box holds.
    #[must_use]
    pub fn list_search(&self) -> Option<String> {
        match &self.phase {
            Phase::Main(m) => Some(m.list.saved().search),
            _ => None,
        }
    }

    /// Whether 统计 has its figures (the benchmark waits for them).
    #[must_use]
    pub fn stats_shown(&self) -> bool {
        matches!(&self.phase, Phase::Main(m) if m.stats.data.is_some())
    }

    /// Open a complaint's detail, as a click on it in a list does (the window tests use this).
    pub fn open(&mut self, number: &str) {
        self.commands.push(Command::OpenDetail(number.to_owned()));
    }

    /// Draw one frame: take in results, draw the current phase, apply what the screens asked for.
    pub fn show(&mut self, ui: &mut Ui) {
        if self.ctx.is_none() {
            // The signature preview decodes PNG bytes with egui_extras' loaders.
            egui_extras::install_image_loaders(ui.ctx());
            self.ctx = Some(ui.ctx().clone());
        }
        if self.applied_theme != Some(self.prefs.theme) {
            theme::apply(ui.ctx(), self.prefs.theme);
            self.applied_theme = Some(self.prefs.theme);
        }
        self.poll_connecting(ui.ctx());
        self.poll_file_dialog();
        self.poll_save_dialog();
        self.poll_batch();
        self.poll_file_export();
        if self.picked.is_some() || self.saving.is_some() || self.batch_folder.is_some() || self.saving_file.is_some() {
            ui.ctx().request_repaint_after(std::time::Duration::from_millis(100));
        }
        for done in self.backend.poll() {
            self.receive(done);
        }
        if self.backend.take_restored() {
            self.notices.push("与服务器的连接已恢复".into());
            self.others_changed();
            self.rewatch();
        } else if self.watcher.as_ref().is_some_and(super::watch::Watcher::ended) {
            self.rewatch();
        } else if self.watcher.as_ref().is_some_and(super::watch::Watcher::changed) {
            self.others_changed();
        }
        self.keyboard(ui.ctx());
        let mut cmds = std::mem::take(&mut self.commands);
        match &mut self.phase {
            Phase::Starting => {
                egui::CentralPanel::default().show(ui, |ui| {
                    ui.centered_and_justified(egui::Ui::spinner);
                });
            }
            Phase::FirstRun(s) => {
                egui::CentralPanel::default().show(ui, |ui| s.show(ui, self.backend.busy(Topic::Setup), &mut cmds));
            }
            Phase::Login(s) => {
                egui::CentralPanel::default().show(ui, |ui| s.show(ui, self.backend.busy(Topic::Login), &mut cmds));
            }
            Phase::Connection(s) => {
                let busy = self.connecting.is_some() || self.testing.is_some();
                egui::CentralPanel::default().show(ui, |ui| s.show(ui, busy, &mut cmds));
                if busy {
                    ui.ctx().request_repaint_after(std::time::Duration::from_millis(100));
                }
            }
            Phase::Main(main) => {
                let now = (self.clock)();
                let dialog = self.saving_file.is_some();
                shell(ui, main, &self.status, &self.target, now, &self.notices, &self.backend, dialog, &mut cmds);
                // The clock in the top bar and the countdowns change by the minute.
                ui.ctx().request_repaint_after(std::time::Duration::from_secs(30));
            }
        }
        if let Phase::FirstRun(_) | Phase::Login(_) | Phase::Connection(_) = self.phase {
            notices_overlay(ui, &self.notices);
        }
        for c in cmds {
            self.apply(c);
        }
    }

    /// The save dialog answered: render and write the form on the store thread.
    fn poll_save_dialog(&mut self) {
        let Some(rx) = &self.saving else { return };
        let (number, form, path) = match rx.try_recv() {
            Ok(answer) => answer,
            Err(std::sync::mpsc::TryRecvError::Empty) => return,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => (String::new(), crate::export::Form::Feedback, None),
        };
        self.saving = None;
        let Some(path) = path else {
            self.notices.push("未选择保存位置，没有导出。".into());
            return;
        };
        self.backend.send(Topic::Export, move |store| export_job(store, &number, form, &path));
    }

    /// Ask for the batch export's folder on a thread of its own (the dialog blocks).
    fn ask_batch_folder(&mut self, numbers: Vec<String>, forms: Vec<crate::export::Form>) {
        let running = matches!(&self.phase, Phase::Main(m) if matches!(m.batch, Some(BatchState::Running(_))));
        if self.batch_folder.is_some() || running || numbers.is_empty() {
            return;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let picker = self.folder_picker.clone();
        let wake = self.waker();
        let spawned = std::thread::Builder::new().name("roaddesk-folder-dialog".into()).spawn(move || {
            let _ = tx.send((numbers, forms, picker()));
            wake();
        });
        match spawned {
            Ok(_) => self.batch_folder = Some(rx),
            Err(e) => self.notices.push(format!("无法打开文件夹对话框：{e}")),
        }
    }

    /// The folder dialog answered (start the export), or the running export finished.
    fn poll_batch(&mut self) {
        if let Some(rx) = &self.batch_folder {
            let answer = match rx.try_recv() {
                Ok(answer) => Some(answer),
                Err(std::sync::mpsc::TryRecvError::Empty) => None,
                Err(std::sync::mpsc::TryRecvError::Disconnected) => Some((Vec::new(), Vec::new(), None)),
            };
            if let Some((numbers, forms, dir)) = answer {
                self.batch_folder = None;
                self.start_batch(numbers, forms, dir);
            }
        }
        let Phase::Main(m) = &mut self.phase else { return };
        if let Some(BatchState::Running(task)) = &m.batch
            && let Some(outcome) = task.poll()
        {
            self.notices.push(outcome.summary());
            m.batch = Some(BatchState::Finished(outcome));
        }
    }

    fn start_batch(&mut self, numbers: Vec<String>, forms: Vec<crate::export::Form>, dir: Option<PathBuf>) {
        let Some(dir) = dir else {
            self.notices.push("未选择文件夹，没有导出。".into());
            return;
        };
        let db = (self.target.clone(), self.scope());
        let wake = self.waker();
        let Phase::Main(m) = &mut self.phase else { return };
        match BatchExport::start(db, numbers, forms, dir, wake) {
            Ok(task) => m.batch = Some(BatchState::Running(task)),
            Err(e) => self.notices.push(format!("无法启动批量导出：{e}")),
        }
    }

    /// Open the save dialog on its own thread, proposing e.g. `反馈单-TS….pdf`.
    fn ask_where_to_save(&mut self, number: String, form: crate::export::Form) {
        if self.saving.is_some() {
            return;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let picker = self.save_picker.clone();
        let wake = self.waker();
        let name = form.file_name(&number);
        let spawned = std::thread::Builder::new().name("roaddesk-save-dialog".into()).spawn(move || {
            let _ = tx.send((number, form, picker(&name, FileType::Pdf)));
            wake();
        });
        match spawned {
            Ok(_) => self.saving = Some(rx),
            Err(e) => self.notices.push(format!("无法打开保存对话框：{e}")),
        }
    }

    /// Open the save dialog for a report or list export on its own thread, proposing the job's
    /// file name with its format's filter. One export at a time.
    fn ask_where_to_save_file(&mut self, mut job: FileJob) {
        let running = matches!(&self.phase, Phase::Main(m) if matches!(m.file_export, Some(FileState::Running(_))));
        if self.saving_file.is_some() || running {
            self.notices.push("上一个导出尚未完成，请稍候再试。".into());
            return;
        }
        if let FileJob::List { filter } = &mut job {
            // Office users only ever export their own office's complaints.
            *filter = self.scoped(std::mem::take(filter));
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let picker = self.save_picker.clone();
        let wake = self.waker();
        let name = job.file_name((self.clock)().date_naive());
        let spawned = std::thread::Builder::new().name("roaddesk-save-dialog".into()).spawn(move || {
            let kind = job.file_type();
            let path = picker(&name, kind);
            let _ = tx.send((job, path));
            wake();
        });
        match spawned {
            Ok(_) => self.saving_file = Some(rx),
            Err(e) => self.notices.push(format!("无法打开保存对话框：{e}")),
        }
    }

    /// The save dialog answered (start making the file), or the running export finished.
    fn poll_file_export(&mut self) {
        if let Some(rx) = &self.saving_file {
            let answer = match rx.try_recv() {
                Ok(answer) => Some(answer),
                Err(std::sync::mpsc::TryRecvError::Empty) => None,
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    self.saving_file = None;
                    self.notices.push("保存对话框意外关闭，没有导出。".into());
                    None
                }
            };
            if let Some((job, path)) = answer {
                self.saving_file = None;
                self.start_file_export(job, path);
            }
        }
        let Phase::Main(m) = &mut self.phase else { return };
        if let Some(FileState::Running(task)) = &m.file_export
            && let Some(outcome) = task.poll()
        {
            self.notices.push(outcome.summary());
            m.file_export = Some(FileState::Finished(outcome));
        }
    }

    fn start_file_export(&mut self, job: FileJob, path: Option<PathBuf>) {
        let Some(path) = path else {
            self.notices.push(format!(
                "未选择保存位置，{}没有导出。若没有弹出保存对话框，请安装 xdg-desktop-portal 或 zenity 后重试。",
                job.describe()
            ));
            return;
        };
        let path = super::file_export::with_extension(path, job.file_type());
        let now = (self.clock)();
        let db = (self.target.clone(), self.scope());
        let wake = self.waker();
        let Phase::Main(m) = &mut self.phase else { return };
        match FileExport::start(db, job, path, now, wake) {
            Ok(task) => m.file_export = Some(FileState::Running(task)),
            Err(e) => self.notices.push(format!("无法启动导出：{e}")),
        }
    }

    /// The file dialog answered: upload the chosen file, or say that none was chosen.
    fn poll_file_dialog(&mut self) {
        let Some(rx) = &self.picked else { return };
        let answer = match rx.try_recv() {
            Ok(answer) => answer,
            Err(std::sync::mpsc::TryRecvError::Empty) => return,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => None,
        };
        self.picked = None;
        let message = answer
            .is_none()
            .then(|| "未选择文件。若没有弹出文件对话框，请安装 xdg-desktop-portal 或 zenity 后重试。".to_owned());
        if let Phase::Main(m) = &mut self.phase {
            m.settings.picking(false, message);
        }
        if let Some(path) = answer {
            self.commands.push(Command::UploadSignature(path));
        }
    }

    fn keyboard(&mut self, ctx: &egui::Context) {
        let Phase::Main(main) = &mut self.phase else { return };
        let (new, find) = ctx.input_mut(|i| {
            (
                i.consume_key(egui::Modifiers::COMMAND, egui::Key::N),
                i.consume_key(egui::Modifiers::COMMAND, egui::Key::F),
            )
        });
        if new && can_register(&main.session) {
            main.detail = None;
            main.intake = Some(IntakeScreen::default());
        }
        if find {
            main.intake = None;
            main.detail = None;
            main.nav = Nav::Complaints;
            main.list.focus_search();
        }
    }

    /// Apply one command: navigation at once, store work as a background job.
    #[allow(clippy::too_many_lines, reason = "one arm per command; each is short")]
    fn apply(&mut self, cmd: Command) {
        match cmd {
            Command::Notice(text) => self.notices.push(text),
            Command::SetTheme(t) => self.prefs.theme = t,
            Command::Login { login, password } => {
                self.prefs.last_login.clone_from(&login);
                self.backend.send(Topic::Login, move |store| login_job(store, &login, &password));
            }
            Command::Logout => {
                self.watcher = None;
                self.phase = Phase::Login(LoginScreen::new(&self.prefs.last_login));
                self.notices.clear();
            }
            Command::OpenConnection => self.open_connection(None),
            Command::CloseConnection => {
                self.phase = Phase::Starting;
                let now = (self.clock)();
                self.backend.send(Topic::Status, move |store| status_job(store, now, None));
            }
            Command::TestConnection(form) => match form.target() {
                Err(errors) => self.connection_refused(errors),
                Ok((_, target)) => {
                    let (tx, rx) = std::sync::mpsc::channel();
                    self.testing = Some(rx);
                    std::thread::spawn(move || {
                        let answer = target
                            .open()
                            .map(|s| match s.state_counts(None) {
                                Ok(counts) => {
                                    let n: u64 = counts.iter().map(|(_, n)| n).sum();
                                    format!("连接成功：{}（工单 {n} 条）", target.name())
                                }
                                Err(e) => format!("连接成功：{}，但读取数据时出错：{e}", target.name()),
                            })
                            .map_err(|e| e.to_string());
                        drop(tx.send(answer));
                    });
                }
            },
            Command::Connect(form) => self.connect(form.as_ref()),
            Command::Setup(input) => self.backend.send(Topic::Setup, move |store| setup_job(store, &input)),
            Command::LoadDemo { complaints } => {
                let now = (self.clock)();
                self.backend.send(Topic::Setup, move |store| demo_job(store, complaints, now));
            }
            Command::Navigate(nav) => {
                if let Phase::Main(main) = &mut self.phase {
                    main.nav = nav;
                    main.detail = None;
                    main.intake = None;
                    self.prefs.nav = nav;
                    self.refresh_current();
                }
            }
            Command::OpenDetail(number) => {
                if let Phase::Main(main) = &mut self.phase {
                    main.intake = None;
                    main.detail = Some(DetailScreen::loading(&number));
                    self.backend.send(Topic::Detail, move |store| detail_job(store, &number));
                }
            }
            Command::CloseDetail => {
                if let Phase::Main(main) = &mut self.phase {
                    main.detail = None;
                    main.intake = None;
                    self.refresh_current();
                }
            }
            Command::RefreshDashboard => self.refresh_dashboard(),
            Command::LoadList(filter) => {
                self.list_generation += 1;
                let generation = self.list_generation;
                let filter = self.scoped(filter);
                self.backend.send(Topic::List, move |store| (generation, list_job(store, &filter)));
            }
            Command::Register(input) => {
                let Some(session) = self.session() else { return };
                let (actor, now) = (session.actor.clone(), (self.clock)());
                self.backend.send(Topic::Register, move |store| register_job(store, &input, &actor, now, None));
            }
            Command::RegisterAsDuplicate { input, target } => {
                let Some(session) = self.session() else { return };
                let (actor, now) = (session.actor.clone(), (self.clock)());
                self.backend
                    .send(Topic::Register, move |store| register_job(store, &input, &actor, now, Some(&target)));
            }
            Command::CheckSimilar { plate, phone } => {
                let now = (self.clock)();
                self.backend.send(Topic::Similar, move |store| {
                    store.recent_similar(plate.as_deref(), &phone, now - chrono::Duration::days(7)).unwrap_or_default()
                });
            }
            Command::RegisterCall(input) => {
                let Some(session) = self.session() else { return };
                let (actor, now) = (session.actor.clone(), (self.clock)());
                self.backend.send(Topic::RegisterCall, move |store| call_job(store, &input, &actor, now));
            }
            Command::LoadCalls => self.backend.send(Topic::Calls, |store| store.calls(200).map_err(|e| e.to_string())),
            Command::Act { number, action, head, seen } => {
                let Some(session) = self.session() else { return };
                let (actor, now) = (session.actor.clone(), (self.clock)());
                let kind = action.kind();
                self.backend
                    .send(Topic::Act, move |store| (kind, act_job(store, &number, action, head, seen, &actor, now)));
            }
            Command::LoadRevisits => {
                let now = (self.clock)();
                self.backend.send(Topic::Revisits, move |store| revisits_job(store, now));
            }
            Command::RecordCallRevisit { number, input } => {
                let Some(session) = self.session() else { return };
                let (actor, now) = (session.actor.clone(), (self.clock)());
                self.backend.send(Topic::CallRevisit, move |store| {
                    store.record_call_revisit(&number, &input, &actor, now).map_err(store_message)
                });
            }
            Command::SaveRevisitPolicy(policy) => {
                let Some(session) = self.session() else { return };
                let actor = session.actor.clone();
                self.backend.send(Topic::RevisitPolicy, move |store| policy_job(store, &actor, &policy));
            }
            Command::LoadSignature => self.signature_job(SignatureOp::Load, None),
            Command::UploadSignature(path) => self.signature_job(SignatureOp::Upload, Some(path)),
            Command::RemoveSignature => self.signature_job(SignatureOp::Remove, None),
            Command::PickSignature => self.pick_signature(),
            Command::ExportForm { number, form } => self.ask_where_to_save(number, form),
            Command::ExportBatch { numbers, forms } => self.ask_batch_folder(numbers, forms),
            Command::ExportFile(job) => self.ask_where_to_save_file(job),
            Command::DismissFileExport => {
                if let Phase::Main(m) = &mut self.phase
                    && matches!(m.file_export, Some(FileState::Finished(_)))
                {
                    m.file_export = None;
                }
            }
            Command::CancelBatch => {
                if let Phase::Main(m) = &self.phase
                    && let Some(BatchState::Running(task)) = &m.batch
                {
                    task.cancel();
                }
            }
            Command::DismissBatch => {
                if let Phase::Main(m) = &mut self.phase
                    && matches!(m.batch, Some(BatchState::Finished(_)))
                {
                    m.batch = None;
                }
            }
            Command::LoadStats(query) => {
                let now = (self.clock)();
                self.backend.send(Topic::Stats, move |store| super::screens::stats::load(store, query, now, None));
            }
            Command::SetStatsSettings { query, settings } => {
                let Some(session) = self.session() else { return };
                let (actor, now) = (session.actor.clone(), (self.clock)());
                self.backend.send(Topic::Stats, move |store| {
                    super::screens::stats::load(store, query, now, Some((settings, &actor)))
                });
            }
            Command::ShowComplaints { filter, drill } => {
                let now = (self.clock)();
                let Phase::Main(main) = &mut self.phase else { return };
                main.nav = Nav::Complaints;
                main.detail = None;
                main.intake = None;
                self.prefs.nav = Nav::Complaints;
                let filter = main.list.show_drill(filter, drill, &main.data, now);
                self.commands.push(Command::LoadList(filter));
            }
            Command::OpenFile(path) => {
                if let Err(e) = open::that_detached(&path) {
                    self.notices.push(format!("无法用系统程序打开 {}：{e}", path.display()));
                }
            }
        }
    }

    /// Open the file dialog on its own thread; its answer is picked up by a later frame.
    fn pick_signature(&mut self) {
        let wake = self.waker();
        let Phase::Main(m) = &mut self.phase else { return };
        if self.picked.is_some() {
            return;
        }
        m.settings.picking(true, None);
        let (tx, rx) = std::sync::mpsc::channel();
        let picker = self.file_picker.clone();
        let spawned = std::thread::Builder::new().name("roaddesk-file-dialog".into()).spawn(move || {
            let _ = tx.send(picker());
            wake();
        });
        match spawned {
            Ok(_) => self.picked = Some(rx),
            Err(e) => m.settings.picking(false, Some(format!("无法打开文件对话框：{e}"))),
        }
    }

    /// Load, upload or remove the logged-in user's signature on the store thread.
    fn signature_job(&mut self, op: SignatureOp, path: Option<PathBuf>) {
        let Phase::Main(m) = &mut self.phase else { return };
        let user = m.session.actor.id;
        m.settings.signature_pending();
        self.backend.send(Topic::Signature, move |store| (op, signature_job(store, user, op, path.as_deref())));
    }

    fn send_status(&mut self) {
        let now = (self.clock)();
        let office = self.session().and_then(Session::office_scope);
        self.backend.send(Topic::Status, move |store| status_job(store, now, office));
    }

    fn session(&self) -> Option<&Session> {
        match &self.phase {
            Phase::Main(m) => Some(&m.session),
            _ => None,
        }
    }

    /// Something a background thread calls to have the window redraw (nothing before the first frame).
    fn waker(&self) -> impl Fn() + Send + 'static {
        let ctx = self.ctx.clone();
        move || {
            if let Some(ctx) = &ctx {
                ctx.request_repaint();
            }
        }
    }

    /// Start (again) watching for other desks' changes, if the window does.
    fn rewatch(&mut self) {
        self.watcher = None;
        if self.watch && matches!(self.phase, Phase::Main(_)) {
            self.backend.send(Topic::Watch, |store| store.watch().map_err(store_message));
        }
    }

    /// Show 连接设置 as remembered, with `outcome` (why it is shown) under the form.
    fn open_connection(&mut self, outcome: Option<String>) {
        let setting = super::connection::ConnectionSetting::load(&self.setting_path);
        let started_on = match &self.target {
            Target::Server(url) => super::connection::ServerForm::from_url(url),
            Target::File(_) => None,
        };
        let (server, form, load_error) = match setting {
            // Started on a server by the command line: show that one.
            Ok(s) if s.server.is_none() && started_on.is_some() => (true, started_on.unwrap_or_default(), None),
            Ok(s) => (s.server.is_some(), super::connection::ServerForm::of(s.server.as_ref()), None),
            Err(e) => (false, super::connection::ServerForm::of(None), Some(e)),
        };
        let mut screen = ConnectionScreen::new(self.target.describe(), server, form);
        if let Some(message) = outcome.or(load_error) {
            screen.outcome(false, message);
        }
        self.watcher = None;
        self.phase = Phase::Connection(screen);
    }

    fn connection_refused(&mut self, errors: Vec<FieldError>) {
        if let Phase::Connection(s) = &mut self.phase {
            s.refused(errors);
        }
    }

    /// Connect to the server in `form` (or this desk's file) off the UI thread; on success the
    /// setting is remembered and the window starts over on the new database.
    fn connect(&mut self, form: Option<&super::connection::ServerForm>) {
        let (target, server) = match form {
            None => (Target::File(self.local.clone()), None),
            Some(f) => match f.target() {
                Ok((s, t)) => (t, Some(s)),
                Err(errors) => return self.connection_refused(errors),
            },
        };
        let remember = form.filter(|f| f.remember).map(|f| f.password.clone());
        let path = self.setting_path.clone();
        let (tx, rx) = std::sync::mpsc::channel();
        self.connecting = Some(rx);
        std::thread::spawn(move || {
            let result = target.create().map_err(|e| e.to_string()).and_then(|store| {
                let setting = super::connection::ConnectionSetting { server: server.clone() };
                setting.save(&path)?;
                let note = match (&server, remember) {
                    (Some(s), Some(p)) => super::connection::remember_password(s, Some(&p)).err(),
                    _ => None,
                };
                Ok((store, target, note))
            });
            drop(tx.send(result));
        });
    }

    /// A connection (or a test) came back.
    fn poll_connecting(&mut self, ctx: &egui::Context) {
        if let Some(rx) = &self.testing
            && let Ok(answer) = rx.try_recv()
        {
            self.testing = None;
            if let Phase::Connection(s) = &mut self.phase {
                match answer {
                    Ok(m) => s.outcome(true, m),
                    Err(e) => s.outcome(false, e),
                }
            }
        }
        let Some(rx) = &self.connecting else { return };
        let Ok(result) = rx.try_recv() else { return };
        self.connecting = None;
        match result {
            Ok((store, target, note)) => {
                let repaint = ctx.clone();
                self.backend = Backend::threaded(store, move || repaint.request_repaint());
                self.notices.clear();
                self.notices.push(format!("已连接{}", target.describe()));
                self.notices.extend(note);
                self.target = target;
                self.watcher = None;
                self.phase = Phase::Starting;
                let now = (self.clock)();
                self.backend.send(Topic::Status, move |store| status_job(store, now, None));
            }
            Err(e) => {
                if let Phase::Connection(s) = &mut self.phase {
                    s.outcome(false, e);
                }
            }
        }
    }

    /// Something changed in the database (another desk's step, or the connection came back):
    /// reload what is on screen. Typed text and open dialogs stay as they are.
    fn others_changed(&mut self) {
        let Phase::Main(m) = &self.phase else { return };
        let detail = m.detail.as_ref().map(|d| d.number.clone());
        let dashboard = m.nav == Nav::Dashboard;
        self.refresh_current();
        if !dashboard {
            self.send_status();
        }
        if let Some(number) = detail {
            self.backend.send(Topic::Detail, move |store| detail_job(store, &number));
        }
    }

    /// What the logged-in user's store connections may see.
    fn scope(&self) -> Scope {
        self.session().and_then(Session::office_scope).map_or(Scope::All, Scope::Office)
    }

    /// Office users only ever load their own office's complaints.
    fn scoped(&self, mut filter: ListFilter) -> ListFilter {
        if let Some(office) = self.session().and_then(Session::office_scope) {
            filter.office = Some(office);
        }
        filter
    }

    fn refresh_dashboard(&mut self) {
        let Some(session) = self.session().cloned() else { return };
        let now = (self.clock)();
        self.backend.send(Topic::Dashboard, move |store| dashboard_data(store, &session, now));
        self.send_status();
    }

    fn refresh_current(&mut self) {
        let Phase::Main(main) = &mut self.phase else { return };
        match main.nav {
            Nav::Dashboard => self.refresh_dashboard(),
            Nav::Complaints => {
                let f = main.list.filter(&main.data, (self.clock)());
                self.commands.push(Command::LoadList(f));
            }
            Nav::Calls => self.commands.push(Command::LoadCalls),
            Nav::Revisits => self.commands.push(Command::LoadRevisits),
            Nav::Settings => self.commands.push(Command::LoadSignature),
            Nav::Stats => {}
        }
    }

    /// Route a finished job to where it belongs.
    fn receive(&mut self, done: Done) {
        if done.result.is::<super::backend::Superseded>() {
            return;
        }
        if done.result.is::<super::backend::Lost>() {
            self.notices.push("数据库连接已中断，请重新启动程序。您输入的内容仍保留在窗口中。".into());
            return;
        }
        match done.topic {
            Topic::Export => {
                if let Some(result) = take::<Result<PathBuf, String>>(done) {
                    match result {
                        Ok(path) => {
                            self.notices.push(format!("已导出 {}", path.display()));
                            if let Phase::Main(m) = &mut self.phase
                                && let Some(detail) = &mut m.detail
                            {
                                detail.exported = Some(path);
                            }
                        }
                        Err(e) => self.notices.push(e),
                    }
                }
            }
            Topic::Stats => {
                if let (Some(result), Phase::Main(m)) =
                    (take::<Result<super::screens::stats::StatsData, String>>(done), &mut self.phase)
                {
                    // The page shows a failure where the figures would be.
                    m.stats.loaded(result);
                }
            }
            Topic::Status => {
                let Some(status) = take::<Result<StatusInfo, String>>(done) else { return };
                match status {
                    Ok(s) => {
                        if matches!(self.phase, Phase::Starting) {
                            self.phase = if s.empty {
                                Phase::FirstRun(FirstRunScreen::default())
                            } else {
                                Phase::Login(LoginScreen::new(&self.prefs.last_login))
                            };
                        }
                        self.status = s;
                    }
                    Err(e) => self.notices.push(e),
                }
            }
            Topic::Setup => match take::<Result<String, String>>(done) {
                Some(Ok(message)) => {
                    self.phase = Phase::Login(LoginScreen::new(&self.prefs.last_login));
                    self.notices.push(message);
                    self.send_status();
                }
                Some(Err(e)) => {
                    if let Phase::FirstRun(s) = &mut self.phase {
                        s.error = Some(e);
                    }
                }
                None => {}
            },
            Topic::Login => match take::<Result<(Session, ContextData), String>>(done) {
                Some(Ok((session, data))) => {
                    let nav =
                        if self.prefs.nav.visible_for(&session.actor.roles) { self.prefs.nav } else { Nav::Dashboard };
                    let list = ListScreen::new(self.prefs.list_filter.clone());
                    self.phase = Phase::Main(Box::new(Main {
                        session,
                        data,
                        nav,
                        dashboard: DashboardScreen::default(),
                        list,
                        calls: CallsScreen::default(),
                        revisits: RevisitsScreen::default(),
                        settings: SettingsScreen::default(),
                        stats: StatsScreen::default(),
                        intake: None,
                        detail: None,
                        batch: None,
                        file_export: None,
                    }));
                    self.notices.clear();
                    self.refresh_current();
                    self.refresh_dashboard();
                    self.rewatch();
                    // An office user's status bar counts their own office's complaints.
                    self.send_status();
                }
                Some(Err(e)) => {
                    if let Phase::Login(s) = &mut self.phase {
                        s.failed(e);
                    }
                }
                None => {}
            },
            Topic::Watch => match take::<Result<Box<dyn crate::store::ChangeWatch>, String>>(done) {
                Some(Ok(w)) if matches!(self.phase, Phase::Main(_)) => {
                    let wake = self.waker();
                    match super::watch::Watcher::start(w, wake) {
                        Ok(w) => self.watcher = Some(w),
                        Err(e) => self.notices.push(format!("无法自动刷新（{e}），请手动刷新")),
                    }
                }
                Some(Err(e)) => self.notices.push(format!("无法自动刷新：{e}")),
                _ => {}
            },
            Topic::Context => {
                if let (Some(Ok(data)), Phase::Main(m)) = (take::<Result<ContextData, String>>(done), &mut self.phase) {
                    m.data = data;
                }
            }
            Topic::Dashboard => {
                if let (Some(result), Phase::Main(m)) = (take::<Result<DashboardData, String>>(done), &mut self.phase) {
                    match result {
                        Ok(d) => m.dashboard.loaded(d),
                        Err(e) => self.notices.push(e),
                    }
                }
            }
            Topic::List => {
                if let (Some((generation, result)), Phase::Main(m)) =
                    (take::<(u64, Result<ListPage, String>)>(done), &mut self.phase)
                {
                    // A newer filter was sent meanwhile: this page is stale.
                    if generation == self.list_generation {
                        match result {
                            Ok(page) => m.list.page = Some(page),
                            Err(e) => self.notices.push(e),
                        }
                    }
                }
            }
            Topic::Detail => {
                if let (Some(result), Phase::Main(m)) = (take::<Result<DetailData, String>>(done), &mut self.phase) {
                    match (result, &mut m.detail) {
                        (Ok(d), Some(screen)) if screen.number == d.complaint.number => screen.loaded(d),
                        (Err(e), Some(screen)) => screen.error = Some(e),
                        _ => {}
                    }
                }
            }
            Topic::Register => {
                let Some(result) = take::<Result<Complaint, RegisterError>>(done) else { return };
                if let Phase::Main(m) = &mut self.phase {
                    if let Ok(c) = &result {
                        self.notices.push(format!("已登记 {} {}（{}）", c.kind, c.number, c.category));
                        m.intake = None;
                        let number = c.number.clone();
                        self.commands.push(Command::OpenDetail(number));
                        self.send_status();
                    } else if let (Err(e), Some(intake)) = (result, &mut m.intake) {
                        intake.refused(e);
                    }
                }
            }
            Topic::Similar => {
                if let (Some(rows), Phase::Main(m)) = (take::<Vec<crate::store::ComplaintRow>>(done), &mut self.phase)
                    && let Some(intake) = &mut m.intake
                {
                    intake.similar = rows;
                }
            }
            Topic::Act => {
                let Some((kind, result)) = take::<(ActionKind, Result<Complaint, Refusal>)>(done) else { return };
                let Phase::Main(m) = &mut self.phase else { return };
                match (result, &mut m.detail) {
                    (Ok(c), Some(detail)) => {
                        detail.acted();
                        let number = c.number.clone();
                        self.notices.push(format!("{} 已更新：{}", c.number, c.state));
                        self.backend.send(Topic::Detail, move |store| detail_job(store, &number));
                        self.send_status();
                    }
                    (Err(e), Some(detail)) => {
                        if e.stale {
                            detail.reload_stale();
                            let number = detail.number.clone();
                            self.backend.send(Topic::Detail, move |store| detail_job(store, &number));
                        }
                        detail.refused(e.message);
                    }
                    // Acted on from the 回访 page's dialog: close it and reload the queues.
                    (Ok(c), None) if m.revisits.waiting() => {
                        m.revisits.acted();
                        let what = match kind {
                            ActionKind::RecordRevisit => {
                                let n = c.revisits.len();
                                format!("已记录 {} 的回访（共 {n} 次），当前状态：{}", c.number, c.state)
                            }
                            _ => format!("{} 已{}，当前状态：{}", c.number, kind.label(), c.state),
                        };
                        self.notices.push(what);
                        self.commands.push(Command::LoadRevisits);
                        self.send_status();
                    }
                    (Err(e), None) if m.revisits.waiting() => m.revisits.refused(e.message),
                    // Acted on from a dashboard row: say so there and reload the queues.
                    (Ok(c), None) => {
                        let what = match kind {
                            ActionKind::Accept => format!("已签收 {}，开始核查", c.number),
                            ActionKind::Urge => format!("已催办 {}（共催办 {} 次）", c.number, c.urge_count),
                            _ => format!("{} 已更新：{}", c.number, c.state),
                        };
                        self.notices.push(what);
                        self.refresh_dashboard();
                    }
                    (Err(e), None) => {
                        self.notices.push(e.message);
                        self.refresh_dashboard();
                    }
                }
            }
            Topic::Signature => {
                if let (Some((op, result)), Phase::Main(m)) =
                    (take::<(SignatureOp, Result<Option<SignatureInfo>, String>)>(done), &mut self.phase)
                {
                    // The settings page says how it went, beside the signature.
                    m.settings.signature_done(op, result);
                }
            }
            Topic::Revisits => {
                if let (Some(result), Phase::Main(m)) = (take::<Result<RevisitData, String>>(done), &mut self.phase) {
                    match result {
                        Ok(d) => m.revisits.loaded(d),
                        Err(e) => self.notices.push(e),
                    }
                }
            }
            Topic::CallRevisit => {
                if let (Some(result), Phase::Main(m)) = (take::<Result<CallRecord, String>>(done), &mut self.phase) {
                    match result {
                        Ok(call) => {
                            m.revisits.acted();
                            let state = crate::domain::revisit::call_revisit_state(&call, &m.data.policy);
                            self.notices.push(format!("已记录来电 {} 的回访：{}", call.number, state.label()));
                            self.commands.push(Command::LoadRevisits);
                        }
                        Err(e) => m.revisits.refused(e),
                    }
                }
            }
            Topic::RevisitPolicy => {
                if let (Some(result), Phase::Main(m)) = (take::<Result<ContextData, String>>(done), &mut self.phase) {
                    match result {
                        Ok(data) => {
                            m.data = data;
                            m.settings.policy_saved(&m.data.policy);
                            self.notices.push("回访规则已保存".into());
                        }
                        Err(e) => m.settings.policy_refused(e),
                    }
                }
            }
            Topic::RegisterCall => {
                if let (Some(result), Phase::Main(m)) =
                    (take::<Result<CallRecord, RegisterError>>(done), &mut self.phase)
                {
                    match result {
                        Ok(call) => {
                            self.notices.push(format!("已登记来电 {}（{}）", call.number, call.category));
                            m.calls.registered(&call);
                            self.commands.push(Command::LoadCalls);
                        }
                        Err(e) => m.calls.refused(e),
                    }
                }
            }
            Topic::Calls => {
                if let (Some(result), Phase::Main(m)) = (take::<Result<Vec<CallRecord>, String>>(done), &mut self.phase)
                {
                    match result {
                        Ok(calls) => m.calls.recent = calls,
                        Err(e) => self.notices.push(e),
                    }
                }
            }
        }
    }
}

impl eframe::App for RoadDeskApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if let Phase::Main(main) = &self.phase {
            self.prefs.list_filter = main.list.saved();
            self.prefs.nav = main.nav;
        }
        eframe::set_value(storage, PREFS_KEY, &self.prefs);
    }

    fn raw_input_hook(&mut self, _ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        super::fonts::cap_atlas(raw_input);
    }
}

fn can_register(s: &Session) -> bool {
    s.actor.has(Role::Operator) || s.actor.has(Role::DutyLeader)
}

/// The server cannot be reached: say so above every screen, and that nothing typed is lost.
fn connection_banner(ui: &mut Ui, attempts: u32) {
    ui.horizontal(|ui| {
        ui.spinner();
        let tried = if attempts == 0 { String::new() } else { format!("（已重试 {attempts} 次）") };
        warning_text(
            ui,
            &format!(
                "与数据库服务器的连接已中断，正在自动重连{tried}…… 已填写的内容都保留在窗口中，连接恢复后会自动继续。"
            ),
        );
    });
}

/// Top bar, navigation, status bar, and the current screen in the middle.
#[allow(clippy::too_many_arguments, reason = "the shell's parts, borrowed separately from the app")]
fn shell(
    ui: &mut Ui,
    main: &mut Main,
    status: &StatusInfo,
    target: &Target,
    now: BizTime,
    notices: &[String],
    backend: &Backend,
    file_dialog_open: bool,
    cmds: &mut Vec<Command>,
) {
    egui::Panel::top("top").show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.heading("路段客服台");
            ui.separator();
            ui.label(RichText::new(&main.session.actor.name).strong());
            ui.label(roles_label(&main.session.actor.roles));
            ui.label(&main.session.unit_name);
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button("退出登录").clicked() {
                    cmds.push(Command::Logout);
                }
                ui.label(format_biz(now));
                if can_register(&main.session) && ui.button("新建投诉 (Ctrl+N)").clicked() {
                    main.detail = None;
                    main.intake = Some(IntakeScreen::default());
                }
            });
        });
        if let Some(attempts) = backend.connection_lost() {
            connection_banner(ui, attempts);
        }
    });
    egui::Panel::bottom("status").show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.label(target.describe());
            ui.separator();
            let whose = if status.office { "本所工单" } else { "工单" };
            ui.label(format!("{whose} {} 条，办理中 {} 条，超期 {} 条", status.total, status.open, status.overdue));
            if let Some(last) = notices.last() {
                ui.separator();
                ui.label(RichText::new(last).color(theme::accent(ui.visuals().dark_mode)));
            }
            if [
                Topic::List,
                Topic::Dashboard,
                Topic::Detail,
                Topic::Act,
                Topic::Register,
                Topic::Stats,
                Topic::Revisits,
            ]
            .iter()
            .any(|t| backend.busy(*t))
            {
                ui.spinner();
            }
        });
    });
    egui::Panel::left("nav").exact_size(theme::NAV_WIDTH).show(ui, |ui| {
        ui.add_space(theme::SECTION_GAP);
        for nav in Nav::ALL {
            if nav.visible_for(&main.session.actor.roles) {
                let selected = main.nav == nav && main.intake.is_none() && main.detail.is_none();
                let text = RichText::new(nav.label()).size(16.0);
                if ui.add_sized([theme::NAV_WIDTH - 16.0, 30.0], egui::Button::selectable(selected, text)).clicked() {
                    cmds.push(Command::Navigate(nav));
                }
            }
        }
    });
    if let Some(batch) = &main.batch {
        batch_panel(ui, batch, cmds);
    }
    if let Some(export) = &main.file_export {
        file_export_panel(ui, export, cmds);
    }
    let view = View {
        session: &main.session,
        data: &main.data,
        now,
        backend_busy: backend.busy(Topic::List),
        batch_running: matches!(main.batch, Some(BatchState::Running(_))),
        file_export_busy: file_dialog_open || matches!(main.file_export, Some(FileState::Running(_))),
    };
    egui::CentralPanel::default().show(ui, |ui| {
        if let Some(intake) = &mut main.intake {
            intake.show(ui, &view, cmds);
        } else if let Some(detail) = &mut main.detail {
            detail.show(ui, &view, cmds);
        } else {
            match main.nav {
                Nav::Dashboard => main.dashboard.show(ui, &view, cmds),
                Nav::Complaints => main.list.show(ui, &view, cmds),
                Nav::Calls => main.calls.show(ui, &view, cmds),
                Nav::Settings => main.settings.show(ui, &view, cmds),
                Nav::Revisits => main.revisits.show(ui, &view, cmds),
                Nav::Stats => main.stats.show(ui, &view, cmds),
            }
        }
    });
}

/// The batch export's progress (with 取消), then its outcome (with 打开文件夹).
fn batch_panel(ui: &mut Ui, batch: &BatchState, cmds: &mut Vec<Command>) {
    egui::Panel::bottom("batch_export").show(ui, |ui| {
        ui.horizontal(|ui| match batch {
            BatchState::Running(task) => {
                let (done, total) = task.progress();
                ui.label(format!("批量导出到 {}", task.dir().display()));
                let share = if total == 0 { 1.0 } else { done as f32 / total as f32 };
                ui.add(egui::ProgressBar::new(share).desired_width(240.0).text(format!("{done}/{total}")));
                if task.cancelling() {
                    ui.weak("正在取消…");
                } else if ui.button("取消导出").clicked() {
                    cmds.push(Command::CancelBatch);
                }
            }
            BatchState::Finished(outcome) => {
                let text = outcome.summary();
                if outcome.failed.is_empty() && !outcome.cancelled {
                    ui.label(text);
                } else {
                    warning_text(ui, &text);
                }
                if ui.button("打开文件夹").clicked() {
                    cmds.push(Command::OpenFile(outcome.dir.clone()));
                }
                if ui.button("关闭").clicked() {
                    cmds.push(Command::DismissBatch);
                }
            }
        });
    });
}

/// The report or list export: a spinner with what is being made, then the outcome with 打开.
fn file_export_panel(ui: &mut Ui, export: &FileState, cmds: &mut Vec<Command>) {
    egui::Panel::bottom("file_export").show(ui, |ui| {
        ui.horizontal(|ui| match export {
            FileState::Running(task) => {
                ui.spinner();
                ui.label(format!("正在生成 {}…", task.what()));
                ui.weak(task.stage());
            }
            FileState::Finished(outcome) => {
                match &outcome.result {
                    Ok((path, _)) => {
                        ui.label(outcome.summary());
                        let name = path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                        if ui.button(format!("打开 {name}")).on_hover_text("用系统默认程序打开").clicked() {
                            cmds.push(Command::OpenFile(path.clone()));
                        }
                    }
                    Err(_) => {
                        warning_text(ui, &outcome.summary());
                    }
                }
                if ui.button("关闭").clicked() {
                    cmds.push(Command::DismissFileExport);
                }
            }
        });
    });
}

fn notices_overlay(ui: &mut Ui, notices: &[String]) {
    if let Some(last) = notices.last() {
        egui::Panel::bottom("notice").show(ui, |ui| {
            ui.label(RichText::new(last).color(theme::accent(ui.visuals().dark_mode)));
        });
    }
}

// ---- jobs: run on the store thread -------------------------------------------------------

/// The status bar's counts: the whole center's, or one office's for an office user.
fn status_job(store: &mut dyn Store, now: BizTime, office: Option<UnitId>) -> Result<StatusInfo, String> {
    let run = || -> Result<StatusInfo, StoreError> {
        let empty = store.is_empty()?;
        let counts = store.state_counts(office)?;
        let total = counts.iter().map(|(_, n)| n).sum();
        let open = counts.iter().filter(|(s, _)| s.is_open()).map(|(_, n)| n).sum();
        let overdue = store.count(&ListFilter { office, overdue_at: Some(now), ..ListFilter::default() })?;
        Ok(StatusInfo { empty, total, open, overdue, office: office.is_some() })
    };
    run().map_err(|e| e.to_string())
}

fn login_job(store: &mut dyn Store, login: &str, password: &str) -> Result<(Session, ContextData), String> {
    let actor = authenticate(store, login.trim(), password).map_err(|e| e.to_string())?;
    let data = store.context_data().map_err(|e| e.to_string())?;
    let unit_name = data.units.iter().find(|u| u.id == actor.unit).map(|u| u.name.clone()).unwrap_or_default();
    let session = Session { actor, login: login.trim().to_owned(), unit_name };
    // From here on this connection answers only with what the user may see.
    store.set_scope(session.office_scope().map_or(Scope::All, Scope::Office));
    Ok((session, data))
}

fn setup_job(store: &mut dyn Store, input: &SetupInput) -> Result<String, String> {
    let setup = crate::setup::CenterSetup {
        provincial: String::new(),
        center: input.center.clone(),
        offices: input.offices.clone(),
        admin_login: input.admin_login.clone(),
        admin_name: input.admin_name.clone(),
        admin_password: input.admin_password.clone(),
    };
    crate::setup::setup_center(store, &setup).map_err(|e| e.to_string())?;
    Ok(format!("已设置 {}，请用管理员账号 {} 登录", input.center.trim(), input.admin_login.trim()))
}

fn demo_job(store: &mut dyn Store, complaints: usize, now: BizTime) -> Result<String, String> {
    let summary = crate::setup::install_demo(store, complaints, 2026, now, |_| {}).map_err(|e| e.to_string())?;
    Ok(format!(
        "已装入演示数据：{} 条投诉。演示账号 zhiban1（值班员）、lingdao（值班领导）、hc_jb（管理所经办人）等，密码 demo123；管理员 admin / admin123",
        summary.complaints
    ))
}

/// How many complaints a dashboard queue loads (a queue longer than this is worked in the list).
const QUEUE_LIMIT: u32 = 200;

/// The dashboard's queues for `session` (the window's job; the benchmark times it).
pub fn dashboard_data(store: &mut dyn Store, session: &Session, now: BizTime) -> Result<DashboardData, String> {
    let run = || -> Result<DashboardData, StoreError> {
        let a = &session.actor;
        let office = session.office_scope();
        let leader = a.has(Role::DutyLeader);
        let office_user = a.has(Role::OfficeHandler) || a.has(Role::OfficeHead);
        let base = ListFilter { office, sort: SortKey::DueAsc, limit: Some(QUEUE_LIMIT), ..ListFilter::default() };
        // Results to review and extension requests have their own queues; the office's forms
        // are its inbox. What is left is the to-do list by urgency.
        let mut states = Vec::new();
        if a.has(Role::Operator) {
            states.extend([ComplaintState::Registered, ComplaintState::AwaitingRevisit]);
        }
        if leader {
            states.push(ComplaintState::AwaitingDecision);
        }
        let todo = if states.is_empty() { Vec::new() } else { store.list(&ListFilter { states, ..base.clone() })? };
        let with_office = vec![ComplaintState::Dispatched, ComplaintState::Investigating];
        let inbox =
            if office_user { store.list(&ListFilter { states: with_office, ..base.clone() })? } else { Vec::new() };
        let (review, extensions) = if leader {
            (review_queue(store, &base)?, extension_queue(store, &base)?)
        } else {
            (Vec::new(), Vec::new())
        };
        let urge = if a.has(Role::Operator) { urge_suggestions(store, &base, now)? } else { Vec::new() };
        let counts = store.state_counts(office)?;
        let today = now.date_naive();
        let start = crate::domain::time::start_of_day(today);
        let end = crate::domain::time::start_of_day(today.succ_opt().unwrap_or(today));
        // Due “today” means after 24:00 yesterday (stored as 00:00 today) up to 24:00 today.
        let second = chrono::Duration::seconds(1);
        let due_today = store.list(&ListFilter { due_between: Some((start + second, end + second)), ..base })?;
        Ok(DashboardData { todo, counts, due_today, inbox, review, extensions, urge })
    };
    run().map_err(|e| e.to_string())
}

/// 待审核, the longest waiting first: by when the office submitted (the head's signature). The
/// oldest-accepted [`QUEUE_LIMIT`] are loaded and ordered by submission.
fn review_queue(store: &dyn Store, base: &ListFilter) -> Result<Vec<ReviewItem>, StoreError> {
    let rows = store.list(&ListFilter {
        states: vec![ComplaintState::AwaitingReview],
        sort: SortKey::AcceptedAsc,
        ..base.clone()
    })?;
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        let Some(c) = store.complaint(&row.number)? else { continue };
        let submitted_at = c.head_signature.as_ref().map_or(row.accepted_at, |s| s.at);
        items.push(ReviewItem { row, submitted_at, round: c.round });
    }
    items.sort_by(|x, y| x.submitted_at.cmp(&y.submitted_at).then_with(|| x.row.number.cmp(&y.row.number)));
    Ok(items)
}

/// 延期申请 waiting for the duty leader, most urgent first.
fn extension_queue(store: &dyn Store, base: &ListFilter) -> Result<Vec<ExtensionItem>, StoreError> {
    let rows = store.list(&ListFilter { extension_pending: true, ..base.clone() })?;
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        let Some(c) = store.complaint(&row.number)? else { continue };
        if let Some(e) = c.extension.filter(|e| e.granted.is_none()) {
            items.push(ExtensionItem { row, by_name: e.by_name, until: e.until, reason: e.reason });
        }
    }
    Ok(items)
}

/// 催办提示: complaints still with the office whose office step is overdue since before today's
/// working day and not urged since it fell due ([`crate::domain::lifecycle::urge_due`]), most
/// overdue first. Candidates are the [`QUEUE_LIMIT`] most overdue ones with the office.
fn urge_suggestions(store: &dyn Store, base: &ListFilter, now: BizTime) -> Result<Vec<UrgeItem>, StoreError> {
    let calendar = store.calendar()?;
    let rows = store.list(&ListFilter {
        states: vec![ComplaintState::Dispatched, ComplaintState::Investigating],
        overdue_at: Some(now),
        ..base.clone()
    })?;
    let mut items = Vec::new();
    for row in rows {
        let Some(c) = store.complaint(&row.number)? else { continue };
        let history = store.history(&row.number)?;
        if let Some(d) = crate::domain::lifecycle::urge_due(&c, &history, &calendar, now) {
            items.push(UrgeItem { due_at: d.due_at, row });
        }
    }
    items.sort_by(|x, y| x.due_at.cmp(&y.due_at).then_with(|| x.row.number.cmp(&y.row.number)));
    Ok(items)
}

/// The 回访 page's queues: 待回访 by the revisit due time, 不满意待定 by how long it waits, and the
/// calls to revisit. Each queue loads at most [`QUEUE_LIMIT`] items.
fn revisits_job(store: &mut dyn Store, now: BizTime) -> Result<RevisitData, String> {
    let run = || -> Result<RevisitData, StoreError> {
        let load = |state: ComplaintState, sort: SortKey| -> Result<Vec<Complaint>, StoreError> {
            let rows = store.list(&ListFilter {
                states: vec![state],
                sort,
                limit: Some(QUEUE_LIMIT),
                ..ListFilter::default()
            })?;
            let mut out = Vec::with_capacity(rows.len());
            for row in rows {
                out.extend(store.complaint(&row.number)?);
            }
            Ok(out)
        };
        let mut due = load(ComplaintState::AwaitingRevisit, SortKey::DueAsc)?;
        let due_at = |c: &Complaint| {
            c.open_deadline(crate::domain::deadline::Step::Revisit).or_else(|| c.next_due()).map_or(now, |d| d.due_at)
        };
        due.sort_by(|a, b| due_at(a).cmp(&due_at(b)).then_with(|| a.number.cmp(&b.number)));
        let mut decisions = load(ComplaintState::AwaitingDecision, SortKey::AcceptedAsc)?;
        let since = |c: &Complaint| c.reached_revisit().map_or(c.accepted_at, |r| r.at);
        decisions.sort_by(|a, b| since(a).cmp(&since(b)).then_with(|| a.number.cmp(&b.number)));
        let calls = store.calls_awaiting_revisit(QUEUE_LIMIT)?;
        Ok(RevisitData { due, decisions, calls })
    };
    run().map_err(|e| e.to_string())
}

/// Keep a new revisit policy (admin or duty leader) and hand back the context it changed.
fn policy_job(
    store: &mut dyn Store,
    actor: &crate::domain::org::Actor,
    policy: &crate::domain::lifecycle::RevisitPolicy,
) -> Result<ContextData, String> {
    if !actor.has(Role::Admin) && !actor.has(Role::DutyLeader) {
        return Err(format!("回访规则只能由管理员或值班领导修改，您的角色是{}", roles_label(&actor.roles)));
    }
    store.set_revisit_policy(policy).map_err(store_message)?;
    store.context_data().map_err(store_message)
}

/// Load, upload (read the file, check it, keep it) or remove `user`'s signature; returns what is
/// on file afterwards.
fn signature_job(
    store: &mut dyn Store,
    user: crate::domain::org::UserId,
    op: SignatureOp,
    path: Option<&Path>,
) -> Result<Option<SignatureInfo>, String> {
    match (op, path) {
        (SignatureOp::Upload, Some(path)) => {
            let png = read_signature_file(path)?;
            store.set_signature(user, Some(&png)).map_err(store_message)?;
            Ok(Some(signature_info(png)))
        }
        (SignatureOp::Remove, _) => {
            store.set_signature(user, None).map_err(store_message)?;
            Ok(None)
        }
        _ => Ok(store.signature(user).map_err(store_message)?.map(signature_info)),
    }
}

/// The chosen file's bytes, when it is a readable PNG under 1 MB (Chinese message otherwise).
fn read_signature_file(path: &Path) -> Result<Vec<u8>, String> {
    let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    let unreadable = |e: std::io::Error| format!("无法读取文件“{name}”：{e}");
    let len = std::fs::metadata(path).map_err(unreadable)?.len();
    if usize::try_from(len).map_or(true, |n| n >= crate::store::SIGNATURE_MAX_BYTES) {
        return Err(format!("“{name}”过大（{} KB），签名图片须小于 1 MB，请裁剪或压缩后再上传", len.div_ceil(1024)));
    }
    let png = std::fs::read(path).map_err(unreadable)?;
    crate::store::check_signature_png(&png).map_err(store_message)?;
    if image::load_from_memory_with_format(&png, image::ImageFormat::Png).is_err() {
        return Err(format!("“{name}”无法作为 PNG 图片读取，文件可能已损坏，请重新导出后上传"));
    }
    Ok(png)
}

/// What the settings page shows of a stored signature.
fn signature_info(png: Vec<u8>) -> SignatureInfo {
    use std::hash::{Hash, Hasher};
    let size =
        image::ImageReader::with_format(std::io::Cursor::new(&png), image::ImageFormat::Png).into_dimensions().ok();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    png.hash(&mut hasher);
    let uri = format!("bytes://signature-{:016x}.png", hasher.finish());
    SignatureInfo { png: png.into(), uri, size }
}

/// Render `form` of complaint `number` and write it to `path` (on the store thread).
fn export_job(store: &mut dyn Store, number: &str, form: crate::export::Form, path: &Path) -> Result<PathBuf, String> {
    let data = form_data(store, number)?;
    let bytes = crate::export::render(form, &data).map_err(|e| e.to_string())?;
    std::fs::write(path, bytes).map_err(|e| format!("无法写入 {}：{e}", path.display()))?;
    Ok(path.to_owned())
}

/// Everything a printed form of `number` needs, with the signers' uploaded signature images
/// ([`crate::store::form_data`], its error as one line).
pub fn form_data(store: &dyn Store, number: &str) -> Result<crate::export::FormData, String> {
    crate::store::form_data(store, number).map_err(store_message)
}

/// A store refusal as one line: field messages joined, anything else as it reads.
#[allow(clippy::needless_pass_by_value, reason = "used as a map_err adapter, which hands over the error")]
fn store_message(e: StoreError) -> String {
    match e {
        StoreError::Invalid(fields) => fields.iter().map(ToString::to_string).collect::<Vec<_>>().join("；"),
        other => other.to_string(),
    }
}

fn list_job(store: &mut dyn Store, filter: &ListFilter) -> Result<ListPage, String> {
    let run = || -> Result<ListPage, StoreError> {
        let rows = store.list(filter)?;
        let total = store.count_up_to(&ListFilter { limit: None, offset: 0, ..filter.clone() }, 10_001)?;
        Ok(ListPage { rows, total: total.min(10_000), more: total > 10_000 })
    };
    run().map_err(|e| e.to_string())
}

fn detail_job(store: &mut dyn Store, number: &str) -> Result<DetailData, String> {
    let run = || -> Result<DetailData, StoreError> {
        let (complaint, version) =
            store.complaint_versioned(number)?.ok_or_else(|| StoreError::NotFound(number.to_owned()))?;
        Ok(DetailData { complaint, history: store.history(number)?, attachments: store.attachments(number)?, version })
    };
    run().map_err(|e| e.to_string())
}

fn register_job(
    store: &mut dyn Store,
    input: &ComplaintInput,
    actor: &crate::domain::org::Actor,
    now: BizTime,
    duplicate_of: Option<&str>,
) -> Result<Complaint, RegisterError> {
    let data = store.context_data().map_err(|e| RegisterError::Message(e.to_string()))?;
    let draft = crate::domain::intake::validate_complaint(input, actor, now, &data.units, &data.stations)
        .map_err(RegisterError::Fields)?;
    let c = store.register(draft, actor, now).map_err(|e| RegisterError::Message(e.to_string()))?;
    match duplicate_of {
        None => Ok(c),
        Some(target) => store
            .act(&c.number, &Action::LinkDuplicate { target: target.to_owned() }, actor, now)
            .map_err(|e| RegisterError::Message(format!("已登记 {}，但合并失败：{e}", c.number))),
    }
}

fn call_job(
    store: &mut dyn Store,
    input: &crate::domain::intake::CallInput,
    actor: &crate::domain::org::Actor,
    now: BizTime,
) -> Result<CallRecord, RegisterError> {
    let units = store.units().map_err(|e| RegisterError::Message(e.to_string()))?;
    let draft = crate::domain::intake::validate_call(input, actor, now, &units).map_err(RegisterError::Fields)?;
    store.register_call(draft, actor, now).map_err(|e| RegisterError::Message(e.to_string()))
}

fn act_job(
    store: &mut dyn Store,
    number: &str,
    action: Action,
    head: Option<(String, String)>,
    seen: Option<i64>,
    actor: &crate::domain::org::Actor,
    now: BizTime,
) -> Result<Complaint, Refusal> {
    let action = match (action, head) {
        (Action::SubmitResult { result, .. }, Some((login, password))) => {
            let head =
                authenticate(store, &login, &password).map_err(|e| Refusal::from(format!("负责人签字失败：{e}")))?;
            Action::SubmitResult { result, head }
        }
        (a, _) => a,
    };
    match seen {
        Some(version) => store.act_seen(number, version, &action, actor, now),
        None => store.act(number, &action, actor, now),
    }
    .map_err(|e| match e {
        StoreError::Conflict { .. } => Refusal { message: e.to_string(), stale: true },
        other => Refusal::from(store_message(other)),
    })
}

/// Why a step was refused, and whether because the view was out of date (another desk changed
/// the complaint since): then the detail view reloads at once, so that a retry acts on what it shows.
#[derive(Debug, Clone)]
pub struct Refusal {
    pub message: String,
    pub stale: bool,
}

impl From<String> for Refusal {
    fn from(message: String) -> Self {
        Self { message, stale: false }
    }
}

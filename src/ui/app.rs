//! The application: phases (first run → login → main), the shell around the screens, the
//! commands screens emit (applied after the frame) and the results coming back from the store.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::{RichText, Ui};

use super::backend::{Backend, Done, Topic, take};
use super::screens::{
    calls::CallsScreen, dashboard::DashboardScreen, detail::DetailScreen, first_run::FirstRunScreen,
    intake::IntakeScreen, list::ListScreen, login::LoginScreen, settings::SettingsScreen,
};
use super::theme::{self, ThemeChoice};
use super::{Command, DashboardData, DetailData, ListPage, Nav, Session, SetupInput};
use crate::auth::authenticate;
use crate::domain::intake::ComplaintInput;
use crate::domain::lifecycle::{Action, ContextData};
use crate::domain::org::{Role, roles_label};
use crate::domain::time::{BizTime, format_biz, now_from_system};
use crate::domain::validate::FieldError;
use crate::domain::work::{CallRecord, Complaint, ComplaintState};
use crate::store::{ListFilter, SortKey, SqliteStore, Store, StoreError};

/// The clock the app reads; tests fix it.
pub type Clock = Arc<dyn Fn() -> BizTime + Send + Sync>;

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
}

struct Main {
    session: Session,
    data: ContextData,
    nav: Nav,
    dashboard: DashboardScreen,
    list: ListScreen,
    calls: CallsScreen,
    settings: SettingsScreen,
    intake: Option<IntakeScreen>,
    detail: Option<DetailScreen>,
}

enum Phase {
    Starting,
    FirstRun(FirstRunScreen),
    Login(LoginScreen),
    Main(Box<Main>),
}

/// The `RoadDesk` window.
pub struct RoadDeskApp {
    backend: Backend,
    db_path: PathBuf,
    clock: Clock,
    prefs: Prefs,
    phase: Phase,
    status: StatusInfo,
    notices: Vec<String>,
    commands: Vec<Command>,
    applied_theme: Option<ThemeChoice>,
    list_generation: u64,
}

impl RoadDeskApp {
    /// Start the real app: fonts, the store thread, remembered preferences.
    pub fn start(ctx: &egui::Context, storage: Option<&dyn eframe::Storage>, db: &Path) -> Self {
        super::fonts::install(ctx);
        let prefs: Prefs = storage.and_then(|s| eframe::get_value(s, PREFS_KEY)).unwrap_or_default();
        match SqliteStore::create(db) {
            Ok(store) => {
                let repaint_ctx = ctx.clone();
                let backend = Backend::threaded(store, move || repaint_ctx.request_repaint());
                Self::new(backend, db.to_owned(), Arc::new(now_from_system), prefs)
            }
            Err(e) => {
                // No database: show the one sentence and nothing else works.
                let mut app = Self::new(Backend::unavailable(), db.to_owned(), Arc::new(now_from_system), prefs);
                app.notices.push(e.to_string());
                app
            }
        }
    }

    /// An app over `backend` with the given clock (tests use an inline backend and a fixed clock).
    #[must_use]
    pub fn new(mut backend: Backend, db_path: PathBuf, clock: Clock, prefs: Prefs) -> Self {
        let now = clock();
        backend.send(Topic::Status, move |store| status_job(store, now));
        Self {
            backend,
            db_path,
            clock,
            prefs,
            phase: Phase::Starting,
            status: StatusInfo::default(),
            notices: Vec::new(),
            commands: Vec::new(),
            applied_theme: None,
            list_generation: 0,
        }
    }

    /// Open a complaint's detail, as a click on it in a list does (the window tests use this).
    pub fn open(&mut self, number: &str) {
        self.commands.push(Command::OpenDetail(number.to_owned()));
    }

    /// Draw one frame: take in results, draw the current phase, apply what the screens asked for.
    pub fn show(&mut self, ui: &mut Ui) {
        if self.applied_theme != Some(self.prefs.theme) {
            theme::apply(ui.ctx(), self.prefs.theme);
            self.applied_theme = Some(self.prefs.theme);
        }
        for done in self.backend.poll() {
            self.receive(done);
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
            Phase::Main(main) => {
                let now = (self.clock)();
                shell(ui, main, &self.status, &self.db_path, now, &self.notices, &self.backend, &mut cmds);
                // The clock in the top bar and the countdowns change by the minute.
                ui.ctx().request_repaint_after(std::time::Duration::from_secs(30));
            }
        }
        if let Phase::FirstRun(_) | Phase::Login(_) = self.phase {
            notices_overlay(ui, &self.notices);
        }
        for c in cmds {
            self.apply(c);
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
                self.phase = Phase::Login(LoginScreen::new(&self.prefs.last_login));
                self.notices.clear();
            }
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
            Command::Act { number, action, head } => {
                let Some(session) = self.session() else { return };
                let (actor, now) = (session.actor.clone(), (self.clock)());
                self.backend.send(Topic::Act, move |store| act_job(store, &number, action, head, &actor, now));
            }
        }
    }

    fn send_status(&mut self) {
        let now = (self.clock)();
        self.backend.send(Topic::Status, move |store| status_job(store, now));
    }

    fn session(&self) -> Option<&Session> {
        match &self.phase {
            Phase::Main(m) => Some(&m.session),
            _ => None,
        }
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
        self.backend.send(Topic::Dashboard, move |store| dashboard_job(store, &session, now));
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
            _ => {}
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
                        settings: SettingsScreen,
                        intake: None,
                        detail: None,
                    }));
                    self.notices.clear();
                    self.refresh_current();
                    self.refresh_dashboard();
                }
                Some(Err(e)) => {
                    if let Phase::Login(s) = &mut self.phase {
                        s.failed(e);
                    }
                }
                None => {}
            },
            Topic::Context => {
                if let (Some(Ok(data)), Phase::Main(m)) = (take::<Result<ContextData, String>>(done), &mut self.phase) {
                    m.data = data;
                }
            }
            Topic::Dashboard => {
                if let (Some(result), Phase::Main(m)) = (take::<Result<DashboardData, String>>(done), &mut self.phase) {
                    match result {
                        Ok(d) => m.dashboard.data = Some(d),
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
                let Some(result) = take::<Result<Complaint, String>>(done) else { return };
                if let Phase::Main(m) = &mut self.phase
                    && let Some(detail) = &mut m.detail
                {
                    match result {
                        Ok(c) => {
                            detail.acted();
                            let number = c.number.clone();
                            self.notices.push(format!("{} 已更新：{}", c.number, c.state));
                            self.backend.send(Topic::Detail, move |store| detail_job(store, &number));
                            self.send_status();
                        }
                        Err(e) => detail.refused(e),
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
}

fn can_register(s: &Session) -> bool {
    s.actor.has(Role::Operator) || s.actor.has(Role::DutyLeader)
}

/// Top bar, navigation, status bar, and the current screen in the middle.
#[allow(clippy::too_many_arguments, reason = "the shell's parts, borrowed separately from the app")]
fn shell(
    ui: &mut Ui,
    main: &mut Main,
    status: &StatusInfo,
    db_path: &Path,
    now: BizTime,
    notices: &[String],
    backend: &Backend,
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
    });
    egui::Panel::bottom("status").show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.label(format!("数据库：{}", db_path.display()));
            ui.separator();
            ui.label(format!("工单 {} 条，办理中 {} 条，超期 {} 条", status.total, status.open, status.overdue));
            if let Some(last) = notices.last() {
                ui.separator();
                ui.label(RichText::new(last).color(theme::accent(ui.visuals().dark_mode)));
            }
            if [Topic::List, Topic::Dashboard, Topic::Detail, Topic::Act, Topic::Register]
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
    let view = View { session: &main.session, data: &main.data, now, backend_busy: backend.busy(Topic::List) };
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
                Nav::Revisits => {
                    ui.heading("回访");
                    ui.label("回访队列将在下一版本提供。待回访的工单可在“投诉工单”中按状态“待回访”筛选，并在工单详情中记录回访。");
                }
                Nav::Stats => {
                    ui.heading("统计");
                    ui.label("统计图表与月报将在下一版本提供。现在可用命令 roaddesk stats 查看各项指标。");
                }
            }
        }
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

fn status_job(store: &mut SqliteStore, now: BizTime) -> Result<StatusInfo, String> {
    let run = || -> Result<StatusInfo, StoreError> {
        let empty = store.is_empty()?;
        let total = store.count(&ListFilter::default())?;
        let open = store.count(&ListFilter { states: open_states(), ..ListFilter::default() })?;
        let overdue = store.count(&ListFilter { overdue_at: Some(now), ..ListFilter::default() })?;
        Ok(StatusInfo { empty, total, open, overdue })
    };
    run().map_err(|e| e.to_string())
}

fn open_states() -> Vec<ComplaintState> {
    ComplaintState::ALL.iter().copied().filter(|s| s.is_open()).collect()
}

fn login_job(store: &mut SqliteStore, login: &str, password: &str) -> Result<(Session, ContextData), String> {
    let actor = authenticate(store, login.trim(), password).map_err(|e| e.to_string())?;
    let data = store.context_data().map_err(|e| e.to_string())?;
    let unit_name = data.units.iter().find(|u| u.id == actor.unit).map(|u| u.name.clone()).unwrap_or_default();
    Ok((Session { actor, login: login.trim().to_owned(), unit_name }, data))
}

fn setup_job(store: &mut SqliteStore, input: &SetupInput) -> Result<String, String> {
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

fn demo_job(store: &mut SqliteStore, complaints: usize, now: BizTime) -> Result<String, String> {
    let summary = crate::setup::install_demo(store, complaints, 2026, now, |_| {}).map_err(|e| e.to_string())?;
    Ok(format!(
        "已装入演示数据：{} 条投诉。演示账号 zhiban1（值班员）、lingdao（值班领导）、hc_jb（管理所经办人）等，密码 demo123；管理员 admin / admin123",
        summary.complaints
    ))
}

fn dashboard_job(store: &mut SqliteStore, session: &Session, now: BizTime) -> Result<DashboardData, String> {
    let run = || -> Result<DashboardData, StoreError> {
        let a = &session.actor;
        let office = session.office_scope();
        let mut states = Vec::new();
        if a.has(Role::Operator) {
            states.extend([ComplaintState::Registered, ComplaintState::AwaitingRevisit]);
        }
        if a.has(Role::DutyLeader) {
            states.extend([ComplaintState::AwaitingReview, ComplaintState::AwaitingDecision]);
        }
        if a.has(Role::OfficeHandler) || a.has(Role::OfficeHead) {
            states.extend([ComplaintState::Dispatched, ComplaintState::Investigating]);
        }
        let base = ListFilter { office, sort: SortKey::DueAsc, limit: Some(200), ..ListFilter::default() };
        let mut todo =
            if states.is_empty() { Vec::new() } else { store.list(&ListFilter { states, ..base.clone() })? };
        if a.has(Role::DutyLeader) {
            let ext = store.list(&ListFilter { extension_pending: true, ..base.clone() })?;
            for r in ext {
                if !todo.iter().any(|t| t.number == r.number) {
                    todo.push(r);
                }
            }
            todo.sort_by_key(|r| r.due_at.map_or(i64::MAX, |d| d.timestamp()));
        }
        let mut counts = Vec::new();
        for s in ComplaintState::ALL {
            counts.push((*s, store.count(&ListFilter { states: vec![*s], office, ..ListFilter::default() })?));
        }
        let today = now.date_naive();
        let start = crate::domain::time::start_of_day(today);
        let end = crate::domain::time::start_of_day(today.succ_opt().unwrap_or(today));
        // Due “today” means after 24:00 yesterday (stored as 00:00 today) up to 24:00 today.
        let second = chrono::Duration::seconds(1);
        let due_today = store.list(&ListFilter { due_between: Some((start + second, end + second)), ..base })?;
        Ok(DashboardData { todo, counts, due_today })
    };
    run().map_err(|e| e.to_string())
}

fn list_job(store: &mut SqliteStore, filter: &ListFilter) -> Result<ListPage, String> {
    let run = || -> Result<ListPage, StoreError> {
        let rows = store.list(filter)?;
        let total = store.count_up_to(&ListFilter { limit: None, offset: 0, ..filter.clone() }, 10_001)?;
        Ok(ListPage { rows, total: total.min(10_000), more: total > 10_000 })
    };
    run().map_err(|e| e.to_string())
}

fn detail_job(store: &mut SqliteStore, number: &str) -> Result<DetailData, String> {
    let run = || -> Result<DetailData, StoreError> {
        let complaint = store.complaint(number)?.ok_or_else(|| StoreError::NotFound(number.to_owned()))?;
        Ok(DetailData { complaint, history: store.history(number)?, attachments: store.attachments(number)? })
    };
    run().map_err(|e| e.to_string())
}

fn register_job(
    store: &mut SqliteStore,
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
    store: &mut SqliteStore,
    input: &crate::domain::intake::CallInput,
    actor: &crate::domain::org::Actor,
    now: BizTime,
) -> Result<CallRecord, RegisterError> {
    let units = store.units().map_err(|e| RegisterError::Message(e.to_string()))?;
    let draft = crate::domain::intake::validate_call(input, actor, now, &units).map_err(RegisterError::Fields)?;
    store.register_call(draft, actor, now).map_err(|e| RegisterError::Message(e.to_string()))
}

fn act_job(
    store: &mut SqliteStore,
    number: &str,
    action: Action,
    head: Option<(String, String)>,
    actor: &crate::domain::org::Actor,
    now: BizTime,
) -> Result<Complaint, String> {
    let action = match (action, head) {
        (Action::SubmitResult { result, .. }, Some((login, password))) => {
            let head = authenticate(store, &login, &password).map_err(|e| format!("负责人签字失败：{e}"))?;
            Action::SubmitResult { result, head }
        }
        (a, _) => a,
    };
    store.act(number, &action, actor, now).map_err(|e| e.to_string())
}

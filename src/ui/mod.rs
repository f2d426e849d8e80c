//! The desktop window (eframe/egui). Screens read view models and emit [`Command`]s, which the
//! app applies after the frame; all database work runs on the store thread ([`backend`]).

pub mod answers;
pub mod app;
pub mod backend;
pub mod batch_export;
pub mod connection;
pub mod file_export;
pub mod fonts;
pub mod screens;
pub mod theme;
pub mod watch;
pub mod widgets;

use crate::domain::intake::{CallInput, ComplaintInput};
use crate::domain::lifecycle::Action;
use crate::domain::org::{Actor, Role, UnitId};
use crate::store::{ComplaintRow, ListFilter};

pub use app::RoadDeskApp;

/// Where the left navigation points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, Default)]
pub enum Nav {
    #[default]
    Dashboard,
    Complaints,
    Calls,
    Revisits,
    Stats,
    Settings,
}

impl Nav {
    /// The navigation entries in order.
    pub const ALL: [Nav; 6] = [Nav::Dashboard, Nav::Complaints, Nav::Calls, Nav::Revisits, Nav::Stats, Nav::Settings];

    /// The Chinese label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Nav::Dashboard => "工作台",
            Nav::Complaints => "投诉工单",
            Nav::Calls => "来电登记",
            Nav::Revisits => "回访",
            Nav::Stats => "统计",
            Nav::Settings => "设置",
        }
    }

    /// Whether a user with `roles` has any use for this entry.
    #[must_use]
    pub fn visible_for(self, roles: &[Role]) -> bool {
        let has = |r: Role| roles.contains(&r);
        let desk = has(Role::Operator) || has(Role::DutyLeader);
        match self {
            Nav::Dashboard | Nav::Complaints | Nav::Settings => true,
            Nav::Calls | Nav::Revisits => desk,
            Nav::Stats => desk || has(Role::Admin),
        }
    }
}

/// The logged-in user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub actor: Actor,
    pub login: String,
    pub unit_name: String,
}

impl Session {
    /// Office users see only their own office's complaints.
    #[must_use]
    pub fn office_scope(&self) -> Option<UnitId> {
        let office_only =
            !self.actor.has(Role::Operator) && !self.actor.has(Role::DutyLeader) && !self.actor.has(Role::Admin);
        office_only.then_some(self.actor.unit)
    }
}

/// The first-run set-up of a center.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SetupInput {
    pub center: String,
    /// Office name and its stations, one office per entry.
    pub offices: Vec<(String, Vec<String>)>,
    pub admin_login: String,
    pub admin_name: String,
    pub admin_password: String,
}

/// What a screen asks the app to do after the frame.
pub enum Command {
    Navigate(Nav),
    OpenDetail(String),
    CloseDetail,
    Login {
        login: String,
        password: String,
    },
    Logout,
    /// Open 连接设置 (from the login screen).
    OpenConnection,
    /// Back from 连接设置 without changing anything.
    CloseConnection,
    /// Check that the server in the form answers (nothing is changed).
    TestConnection(crate::ui::connection::ServerForm),
    /// Work on this server from now on (`None`: this desk's database file), and remember it.
    Connect(Option<crate::ui::connection::ServerForm>),
    Setup(SetupInput),
    LoadDemo {
        complaints: usize,
    },
    RefreshDashboard,
    /// Load a list page for this filter (the list screen keeps the filter).
    LoadList(ListFilter),
    /// Register a complaint; the intake screen gets the outcome.
    Register(ComplaintInput),
    /// Look for complaints with the same plate or phone in the last 7 days.
    CheckSimilar {
        plate: Option<String>,
        phone: String,
    },
    /// Register the intake as a repeat call linked to `target` (registered, then linked).
    RegisterAsDuplicate {
        input: ComplaintInput,
        target: String,
    },
    RegisterCall(CallInput),
    LoadCalls,
    /// Apply an action to a complaint; `head` is the office head's login and password for a submit.
    Act {
        number: String,
        action: Action,
        head: Option<(String, String)>,
        /// The version the user saw when deciding (from the detail view); `None` from a queue row.
        seen: Option<i64>,
    },
    /// Load the 回访 page's queues.
    LoadRevisits,
    /// Record one revisit attempt on a call from the call log.
    RecordCallRevisit {
        number: String,
        input: crate::domain::revisit::RevisitInput,
    },
    /// Keep a new revisit policy (settings page; admin or duty leader).
    SaveRevisitPolicy(crate::domain::lifecycle::RevisitPolicy),
    SetTheme(theme::ThemeChoice),
    /// Load the logged-in user's signature image (the settings page shows it).
    LoadSignature,
    /// Open the file dialog for a signature PNG (on its own thread: the dialog blocks).
    PickSignature,
    /// Ask where to save `form` of complaint `number` (save dialog off the UI thread), then write it.
    ExportForm {
        number: String,
        form: crate::export::Form,
    },
    /// Ask for a folder (dialog off the UI thread), then write `forms` of every complaint in
    /// `numbers` into it on the batch-export task.
    ExportBatch {
        numbers: Vec<String>,
        forms: Vec<crate::export::Form>,
    },
    /// Ask where to save (save dialog off the UI thread, proposing the job's file name and
    /// format), then make the file on the file-export task: a report, the results for the
    /// provincial center, or a complaint list.
    ExportFile(file_export::FileJob),
    /// Put away the finished file export's outcome.
    DismissFileExport,
    /// Stop the running batch export after the complaint being written.
    CancelBatch,
    /// Put away the finished batch export's summary.
    DismissBatch,
    /// Open a written file in the system viewer (to print it).
    OpenFile(std::path::PathBuf),
    /// Read this PNG and keep it as the logged-in user's signature (in the store job).
    UploadSignature(std::path::PathBuf),
    /// Remove the logged-in user's signature.
    RemoveSignature,
    /// Tell the user something went wrong (or right), in Chinese.
    Notice(String),
    /// Compute the statistics page's figures and charts (on the store thread).
    LoadStats(screens::stats::StatsQuery),
    /// Change whether 基本满意 counts as satisfied, then recompute the figures for `query`.
    SetStatsSettings {
        query: screens::stats::StatsQuery,
        settings: crate::domain::stats::StatsSettings,
    },
    /// Open 投诉工单 on the complaints behind a figure: the list's own filter controls set to
    /// `filter`, plus what only a figure can ask for (`drill`).
    ShowComplaints {
        filter: screens::list::SavedFilter,
        drill: screens::list::Drill,
    },
}

/// The dashboard's view model.
#[derive(Debug, Clone, Default)]
pub struct DashboardData {
    /// The user's own to-do list, most urgent first.
    pub todo: Vec<ComplaintRow>,
    /// Complaints per state (within the user's scope).
    pub counts: Vec<(crate::domain::work::ComplaintState, u64)>,
    /// Open complaints whose next due time falls today.
    pub due_today: Vec<ComplaintRow>,
    /// Office users: forms sent to their office (已转办, 核查中), most urgent first.
    pub inbox: Vec<ComplaintRow>,
    /// Duty leader: results waiting for review, oldest submission first.
    pub review: Vec<ReviewItem>,
    /// Duty leader: extension requests waiting for a decision, most urgent first.
    pub extensions: Vec<ExtensionItem>,
    /// Operators: overdue office steps not urged since they fell due, most overdue first.
    pub urge: Vec<UrgeItem>,
}

/// A result waiting for the duty leader's review.
#[derive(Debug, Clone)]
pub struct ReviewItem {
    pub row: ComplaintRow,
    /// When the office submitted it (the office head's signature).
    pub submitted_at: crate::domain::time::BizTime,
    /// Handling round (2 and up: resubmitted after a return or reopen).
    pub round: u32,
}

/// An extension request waiting for the duty leader.
#[derive(Debug, Clone)]
pub struct ExtensionItem {
    pub row: ComplaintRow,
    pub by_name: String,
    pub until: crate::domain::time::BizTime,
    pub reason: String,
}

/// A 催办 suggestion: the office step is overdue and nobody urged since.
#[derive(Debug, Clone)]
pub struct UrgeItem {
    pub row: ComplaintRow,
    /// The office-handling deadline that was missed.
    pub due_at: crate::domain::time::BizTime,
}

/// The 回访 page's queues.
#[derive(Debug, Clone, Default)]
pub struct RevisitData {
    /// 待回访 complaints, most urgent (earliest revisit due time) first.
    pub due: Vec<crate::domain::work::Complaint>,
    /// 不满意待定: unsatisfied revisits waiting for the duty leader, longest waiting first.
    pub decisions: Vec<crate::domain::work::Complaint>,
    /// Help requests and sampled consultations still to be revisited, oldest first.
    pub calls: Vec<crate::domain::work::CallRecord>,
}

/// The logged-in user's signature image on file, as the settings page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureInfo {
    /// The PNG bytes.
    pub png: std::sync::Arc<[u8]>,
    /// The image cache's key: names the content, so a new upload never shows the old picture.
    pub uri: String,
    /// Pixel size, when the PNG could be read (`None`: no preview).
    pub size: Option<(u32, u32)>,
}

/// One page of the complaint list.
#[derive(Debug, Clone, Default)]
pub struct ListPage {
    pub rows: Vec<ComplaintRow>,
    /// How many match (capped at 10000 with `more`).
    pub total: u64,
    pub more: bool,
}

/// Everything the detail view shows.
#[derive(Debug, Clone)]
pub struct DetailData {
    pub complaint: crate::domain::work::Complaint,
    pub history: Vec<crate::domain::lifecycle::HistoryEvent>,
    pub attachments: Vec<crate::store::Attachment>,
    /// The stored version shown (an action taken on it is refused if someone changed it since).
    pub version: i64,
}

/// The main window's options: title and size (the benchmark's real-window run opens the same).
#[must_use]
pub fn native_options() -> eframe::NativeOptions {
    eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("路段客服台 RoadDesk")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([960.0, 600.0]),
        ..eframe::NativeOptions::default()
    }
}

/// Run the window on the database at `db` (created on first run).
pub fn run(target: crate::store::Target, explicit: bool) -> Result<(), String> {
    eframe::run_native(
        "RoadDesk",
        native_options(),
        Box::new(move |cc| Ok(Box::new(RoadDeskApp::start(&cc.egui_ctx, cc.storage, &target, explicit)))),
    )
    .map_err(|e| format!("无法打开窗口：{e}"))
}

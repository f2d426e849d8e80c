//! Storage: the only place with SQL. The [`Store`] trait holds what the app needs; [`SqliteStore`]
//! implements it on an embedded `SQLite` file, [`PgStore`] on a `PostgreSQL` server shared by
//! several desks. Every lifecycle step is one transaction that writes the complaint and its
//! history event together, or nothing. History rows are never updated or deleted (triggers
//! refuse it).

mod pg_schema;
mod postgres;
mod schema;
pub mod search;
pub mod snapshot;
mod sqlite;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::calendar::{CalendarDay, WorkCalendar};
use crate::domain::deadline::{DeadlineRules, Step};
use crate::domain::lifecycle::{Action, ActionError, ContextData, HistoryEvent, RevisitPolicy};
use crate::domain::org::{Actor, Role, Station, StationId, Unit, UnitId, UnitKind, User, UserId};
use crate::domain::revisit::RevisitInput;
use crate::domain::stats::{ComplaintFacts, StatsSettings};
use crate::domain::time::BizTime;
use crate::domain::validate::FieldError;
use crate::domain::work::{
    CallCategory, CallKind, CallRecord, Category, Complaint, ComplaintState, Grade, ItemKind, Source,
};

pub use postgres::{PgStore, attachment_cache_dir};
pub use sqlite::{BulkWriter, PreparedBatch, SqliteStore};

/// Everything that can go wrong in the store, each with one clear Chinese sentence.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Action(#[from] ActionError),
    #[error("输入有误：\n{}", .0.iter().map(|e| format!("  {e}")).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<FieldError>),
    #[error("找不到工单 {0}")]
    NotFound(String),
    #[error("找不到来电记录 {0}")]
    CallNotFound(String),
    #[error("数据库文件不存在：{0}（请先运行 roaddesk init 或 roaddesk demo 创建）")]
    Missing(PathBuf),
    #[error("数据库文件是空的，尚未初始化：{0}（请先运行 roaddesk init 或 roaddesk demo 创建）")]
    Uninitialised(PathBuf),
    #[error("数据库正被另一个程序占用，请稍后重试：{0}")]
    Locked(PathBuf),
    #[error("数据库文件是只读的，无法写入：{0}")]
    ReadOnly(PathBuf),
    #[error("数据库文件已损坏或不是 RoadDesk 数据库：{0}")]
    Corrupt(PathBuf),
    #[error("数据库由更新版本的 RoadDesk 创建（结构版本 {found}，本程序支持到 {supported}），请升级程序")]
    TooNew { found: i64, supported: i64 },
    #[error("该工单已被{who}于{at}修改，请刷新后重试")]
    Conflict { who: String, at: String },
    #[error("{0}")]
    Duplicate(String),
    #[error("与数据库服务器的连接已中断：{0}")]
    Disconnected(String),
    #[error("数据库错误：{0}")]
    Sql(String),
    #[error("文件错误：{0}")]
    Io(String),
}

/// The largest signature image accepted (bytes, exclusive).
pub const SIGNATURE_MAX_BYTES: usize = 1024 * 1024;

/// The eight bytes every PNG file starts with.
const PNG_MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";

/// Check that `png` looks like a signature image we can keep: a PNG file under 1 MB.
pub fn check_signature_png(png: &[u8]) -> Result<()> {
    if png.is_empty() {
        return Err(StoreError::Invalid(vec![FieldError::new("签名图片", "文件是空的")]));
    }
    if !png.starts_with(PNG_MAGIC) {
        return Err(StoreError::Invalid(vec![FieldError::new("签名图片", "不是 PNG 图片，请选择 .png 文件")]));
    }
    if png.len() >= SIGNATURE_MAX_BYTES {
        let kb = png.len().div_ceil(1024);
        return Err(StoreError::Invalid(vec![FieldError::new(
            "签名图片",
            format!("文件过大（{kb} KB），须小于 1 MB，请裁剪或压缩后再上传"),
        )]));
    }
    Ok(())
}

/// Result of store operations.
pub type Result<T> = std::result::Result<T, StoreError>;

/// Which complaints a list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFilter {
    pub states: Vec<ComplaintState>,
    pub category: Option<Category>,
    pub source: Option<Source>,
    pub office: Option<UnitId>,
    /// The toll station complained about.
    pub station: Option<StationId>,
    pub kind: Option<ItemKind>,
    /// Accepted on or after this date (business date).
    pub from: Option<NaiveDate>,
    /// Accepted on or before this date (business date).
    pub to: Option<NaiveDate>,
    /// Only open complaints past their next due time at `now`.
    pub overdue_at: Option<BizTime>,
    /// Only complaints whose next due time falls in `[from, to)` (e.g. what falls due today).
    pub due_between: Option<(BizTime, BizTime)>,
    /// Only complaints with an extension request waiting for the duty leader.
    pub extension_pending: bool,
    /// Only complaints that missed some deadline as of this time: met late, or open and past
    /// due (what the statistics count as 超期, [`crate::domain::deadline::Deadline::missed`]).
    pub missed_at: Option<BizTime>,
    /// Only complaints re-handled at least once (重办).
    pub reopened: bool,
    /// Only complaints urged at least once (催办).
    pub urged: bool,
    /// Chinese substring(s), plate or phone fragment.
    pub search: Option<String>,
    pub sort: SortKey,
    pub limit: Option<u32>,
    pub offset: u32,
}

/// List order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SortKey {
    /// Newest accepted first.
    #[default]
    AcceptedDesc,
    AcceptedAsc,
    /// Most urgent first (open items by next due time).
    DueAsc,
    Number,
}

/// One line of a list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComplaintRow {
    pub number: String,
    pub kind: ItemKind,
    pub source: Source,
    pub category: Category,
    pub grade: Grade,
    pub state: ComplaintState,
    pub accepted_at: BizTime,
    pub complainant: String,
    pub phone: String,
    pub plate: Option<String>,
    pub office: Option<String>,
    pub station: Option<String>,
    pub provincial_number: Option<String>,
    pub due_step: Option<Step>,
    pub due_started_at: Option<BizTime>,
    pub due_at: Option<BizTime>,
    pub paused_since: Option<BizTime>,
    pub urge_count: u32,
    pub reopen_count: u32,
}

/// A stored attachment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attachment {
    pub file_name: String,
    pub sha256: String,
    pub size: u64,
    pub added_at: BizTime,
    pub added_by: String,
    /// Where the copy lives.
    pub path: PathBuf,
}

/// What `check` found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    pub complaints: u64,
    pub history_events: u64,
    pub calls: u64,
    pub attachments: u64,
    pub schema_version: i64,
    /// Problems found; empty when everything is in order.
    pub problems: Vec<String>,
}

/// A unit to create (no id yet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUnit {
    pub name: String,
    pub kind: UnitKind,
    pub parent: Option<UnitId>,
    pub phone: Option<String>,
}

/// What the consistency check says about a complaint's history: `n` events, the highest sequence
/// number `max`, the last event's state `last`, for a complaint now in `state`.
fn history_problem(number: &str, state: &str, n: i64, max: Option<i64>, last: Option<&str>) -> Option<String> {
    if n == 0 {
        Some(format!("工单{number}：没有任何办理记录"))
    } else if max != Some(n) {
        Some(format!("工单{number}：办理记录序号不连续"))
    } else if last != Some(state) {
        Some(format!("工单{number}：最后一条办理记录的状态与工单状态不符"))
    } else {
        None
    }
}

/// Whether a stored call (its number, category code and JSON) may await a revisit, decided
/// without parsing it: every help request, the sampled consultations, and a call with attempts
/// (it stays in its revisit whatever the sample percentage is now). Only these are parsed.
fn may_await_revisit(number: &str, category: &str, data: &str, sample_percent: u32) -> bool {
    let help = CallCategory::parse(category).is_none_or(|c| c.kind() == CallKind::Help);
    help || crate::domain::revisit::consultation_sampled(number, sample_percent) || data.contains("\"revisits\":[{")
}

/// Where the data lives: the embedded file of one desk, or a `PostgreSQL` server several desks share.
#[derive(Clone, PartialEq, Eq)]
pub enum Target {
    File(PathBuf),
    /// A `postgres://user:password@host:port/db` connection string (held in memory only).
    Server(String),
}

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

impl Target {
    /// Open an existing database (a file is never created here).
    pub fn open(&self) -> Result<Box<dyn Store>> {
        match self {
            Self::File(p) => Ok(Box::new(SqliteStore::open(p)?)),
            Self::Server(url) => connect_server(url),
        }
    }

    /// Open the database, creating the file (or the server's tables) on first use.
    pub fn create(&self) -> Result<Box<dyn Store>> {
        match self {
            Self::File(p) => Ok(Box::new(SqliteStore::create(p)?)),
            Self::Server(url) => connect_server(url),
        }
    }

    /// For the status bar: the file's path, or the server and database without the password.
    #[must_use]
    pub fn describe(&self) -> String {
        match self {
            Self::File(_) => format!("数据库：{}", self.name()),
            Self::Server(_) => format!("服务器：{}", self.name()),
        }
    }

    /// The file's path, or the server's address without the password.
    #[must_use]
    pub fn name(&self) -> String {
        match self {
            Self::File(p) => p.display().to_string(),
            Self::Server(url) => redact_url(url),
        }
    }
}

/// A connection string with any password replaced by `***`.
#[must_use]
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    let (auth, host) = match rest.rsplit_once('@') {
        Some((auth, host)) => (Some(auth), host),
        None => (None, rest),
    };
    let host = host.split('?').next().unwrap_or(host);
    match auth.map(|a| a.split_once(':').map_or(a, |(user, _)| user)) {
        Some(user) if auth.is_some_and(|a| a.contains(':')) => format!("{scheme}://{user}:***@{host}"),
        Some(user) => format!("{scheme}://{user}@{host}"),
        None => format!("{scheme}://{host}"),
    }
}

fn connect_server(url: &str) -> Result<Box<dyn Store>> {
    Ok(Box::new(PgStore::connect(url)?))
}

/// Which complaints a store connection may see and touch. Set once after login, so an office
/// desk's queries never return another office's complaints, whatever the screen asks for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Scope {
    /// The segment center: everything.
    #[default]
    All,
    /// A management office: only complaints whose office is this unit.
    Office(UnitId),
}

impl Scope {
    /// The office this scope is limited to, if any.
    #[must_use]
    pub fn office(self) -> Option<UnitId> {
        match self {
            Self::All => None,
            Self::Office(u) => Some(u),
        }
    }
}

/// Waits for committed changes (this connection's or another's) on its own connection.
pub trait ChangeWatch: Send {
    /// Block up to `timeout` for a change after the last one seen: `Some(stamp)` when there was one.
    fn wait(&mut self, timeout: std::time::Duration) -> Result<Option<i64>>;
}

/// The operations `RoadDesk` needs from storage. SQL stays behind it.
pub trait Store: Send {
    // --- organisation ---
    fn units(&self) -> Result<Vec<Unit>>;
    fn stations(&self) -> Result<Vec<Station>>;
    fn users(&self) -> Result<Vec<User>>;
    /// The user and their password hash.
    fn user_by_login(&self, login: &str) -> Result<Option<(User, String)>>;
    fn add_unit(&mut self, unit: &NewUnit) -> Result<UnitId>;
    fn add_station(&mut self, name: &str, office: UnitId) -> Result<StationId>;
    fn add_user(
        &mut self,
        login: &str,
        name: &str,
        unit: UnitId,
        roles: &[Role],
        password_hash: &str,
    ) -> Result<UserId>;

    /// Store (or with `None` remove) the user's handwritten signature, a PNG under 1 MB.
    fn set_signature(&mut self, user: UserId, png: Option<&[u8]>) -> Result<()>;
    /// The user's signature PNG, if they uploaded one.
    fn signature(&self, user: UserId) -> Result<Option<Vec<u8>>>;

    // --- settings ---
    fn rules(&self) -> Result<DeadlineRules>;
    fn set_rules(&mut self, rules: &DeadlineRules) -> Result<()>;
    fn revisit_policy(&self) -> Result<RevisitPolicy>;
    /// Keep a new revisit policy (checked first: attempts ≥ 1, percentage 0–100, …).
    fn set_revisit_policy(&mut self, policy: &RevisitPolicy) -> Result<()>;
    fn stats_settings(&self) -> Result<StatsSettings>;
    /// Change how the figures count; only a duty leader or admin may (one transaction).
    fn set_stats_settings(&mut self, settings: StatsSettings, actor: &Actor) -> Result<()>;
    fn calendar(&self) -> Result<WorkCalendar>;
    fn import_calendar_year(&mut self, year: i32, days: &[CalendarDay]) -> Result<()>;
    /// Rules, calendar, revisit policy and organisation together: what actions are checked against.
    fn context_data(&self) -> Result<ContextData>;

    // --- complaints ---
    /// Register a validated complaint: assign its number, start its deadlines, write its first event.
    fn register(&mut self, draft: Complaint, actor: &Actor, now: BizTime) -> Result<Complaint>;
    /// Register many at once, all or nothing (the import).
    fn register_all(&mut self, drafts: Vec<Complaint>, actor: &Actor, now: BizTime) -> Result<Vec<String>>;
    /// Apply one lifecycle action in one transaction.
    fn act(&mut self, number: &str, action: &Action, actor: &Actor, now: BizTime) -> Result<Complaint>;
    fn complaint(&self, number: &str) -> Result<Option<Complaint>>;
    /// Our number of the complaint carrying this provincial work-order number, if any.
    fn by_provincial_number(&self, provincial: &str) -> Result<Option<String>>;
    fn history(&self, number: &str) -> Result<Vec<HistoryEvent>>;
    fn list(&self, filter: &ListFilter) -> Result<Vec<ComplaintRow>>;
    fn count(&self, filter: &ListFilter) -> Result<u64>;
    /// The count, but stop counting at `cap` (a list shows “10000+” rather than wait).
    fn count_up_to(&self, filter: &ListFilter, cap: u64) -> Result<u64>;
    /// How many complaints are in each state (of one office, or all), without counting rows:
    /// every state is listed, 0 where there are none.
    fn state_counts(&self, office: Option<UnitId>) -> Result<Vec<(ComplaintState, u64)>>;
    /// Complaints with the same plate or phone accepted since `since` (the repeat-call warning).
    fn recent_similar(&self, plate: Option<&str>, phone: &str, since: BizTime) -> Result<Vec<ComplaintRow>>;
    /// The facts behind the indicators, for complaints accepted on `from..=to`.
    fn facts(&self, from: NaiveDate, to: NaiveDate, now: BizTime) -> Result<Vec<ComplaintFacts>>;
    /// Complaints closed on `from..=to` (business dates), in the order they were closed (the
    /// results reported back to the provincial center).
    fn closed_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Complaint>>;
    /// Insert generated complaints with their histories as they are (the demo).
    fn insert_generated(&mut self, items: &[(Complaint, Vec<HistoryEvent>)]) -> Result<()>;

    // --- calls ---
    fn register_call(&mut self, draft: CallRecord, actor: &Actor, now: BizTime) -> Result<CallRecord>;
    fn insert_calls(&mut self, calls: &[CallRecord]) -> Result<()>;
    fn calls(&self, limit: u32) -> Result<Vec<CallRecord>>;
    /// One call by its number.
    fn call(&self, number: &str) -> Result<Option<CallRecord>>;
    /// Calls still to be revisited under the current policy (help requests and sampled
    /// consultations, not yet reached nor given up on), oldest first, at most `limit`.
    fn calls_awaiting_revisit(&self, limit: u32) -> Result<Vec<CallRecord>>;
    /// Record one revisit attempt on a call, in one transaction.
    fn record_call_revisit(
        &mut self,
        number: &str,
        input: &RevisitInput,
        actor: &Actor,
        now: BizTime,
    ) -> Result<CallRecord>;

    // --- attachments, maintenance ---
    fn add_attachment(&mut self, number: &str, file: &Path, actor: &Actor, now: BizTime) -> Result<Attachment>;
    fn attachments(&self, number: &str) -> Result<Vec<Attachment>>;
    /// Copy the database to `dest` (which must not exist yet), and its attachments beside it.
    fn backup(&self, dest: &Path) -> Result<()>;
    fn check(&self) -> Result<CheckReport>;
    /// Whether the database has no users yet (first run).
    fn is_empty(&self) -> Result<bool>;

    // --- several desks at once ---
    /// Restrict every complaint query of this connection (lists, counts, state counts, one
    /// complaint, its history and attachments, actions, similar complaints, facts, closed
    /// complaints) to `scope`. A complaint outside it behaves as if it did not exist.
    fn set_scope(&mut self, scope: Scope);
    /// A complaint with its stored version (what the user saw when the screen loaded it).
    fn complaint_versioned(&self, number: &str) -> Result<Option<(Complaint, i64)>>;
    /// [`Store::act`], but only while the stored version is still `seen`; otherwise
    /// [`StoreError::Conflict`] naming who changed it and when, and nothing is written.
    fn act_seen(&mut self, number: &str, seen: i64, action: &Action, actor: &Actor, now: BizTime) -> Result<Complaint>;
    /// A number that grows with every committed write to complaints, history, calls, settings,
    /// units, stations, users and attachments. Reads one row.
    fn change_stamp(&self) -> Result<i64>;
    /// A watcher on its own connection that wakes on committed changes.
    fn watch(&self) -> Result<Box<dyn ChangeWatch>>;
    /// Re-establish a lost connection to the database server (an embedded file has none).
    fn reconnect(&mut self) -> Result<()> {
        Ok(())
    }
    /// Whether the connection to the database server was lost (an embedded file never is).
    fn connection_lost(&self) -> bool {
        false
    }
    /// Everything this database holds, for copying it into another (`roaddesk migrate`).
    fn snapshot(&self) -> Result<snapshot::Snapshot> {
        Err(StoreError::Sql("这种数据库不能作为迁移的来源".into()))
    }
    /// Write `snapshot` into this database, which must be empty, in one transaction.
    fn restore(&mut self, _snapshot: &snapshot::Snapshot) -> Result<()> {
        Err(StoreError::Sql("这种数据库不能作为迁移的目标".into()))
    }
    /// What this database holds, counted, with the history's checksum.
    fn tally(&self) -> Result<snapshot::Tally>;
    /// The embedded store behind this one, for what only a file can do fast (bulk loads).
    fn as_sqlite(&mut self) -> Option<&mut SqliteStore> {
        None
    }
}

/// Everything a printed form of `number` needs, as the store knows it: the complaint, its history,
/// the office and station names, the issuing segment center (the unit of the operator who
/// accepted it, else the first segment center), and the signers' uploaded signature images.
pub fn form_data(store: &dyn Store, number: &str) -> Result<crate::export::FormData> {
    let complaint = store.complaint(number)?.ok_or_else(|| StoreError::NotFound(number.to_owned()))?;
    let history = store.history(number)?;
    let units = store.units()?;
    let stations = store.stations()?;
    let accepted_unit = store.users()?.into_iter().find(|u| u.id == complaint.accepted_by).map(|u| u.unit);
    let segments: Vec<&Unit> = units.iter().filter(|u| u.kind == UnitKind::Segment).collect();
    let issuer = segments
        .iter()
        .find(|u| Some(u.id) == accepted_unit)
        .or_else(|| segments.first())
        .map(|u| u.name.clone())
        .unwrap_or_default();
    let office_name = complaint.office.and_then(|id| units.iter().find(|u| u.id == id)).map(|u| u.name.clone());
    let station_name = complaint.station.and_then(|id| stations.iter().find(|s| s.id == id)).map(|s| s.name.clone());
    let image = |s: Option<&crate::domain::org::Signature>| s.map_or(Ok(None), |s| store.signature(s.user));
    let signatures = crate::export::SignatureImages {
        handler: image(complaint.handler_signature.as_ref())?,
        head: image(complaint.head_signature.as_ref())?,
        leader: image(complaint.approval.as_ref())?,
    };
    Ok(crate::export::FormData { issuer, complaint, history, office_name, station_name, signatures })
}

/// The segment center's name, printed on reports: the first segment center of the organisation.
pub fn center_name(store: &dyn Store) -> Result<String> {
    Ok(store.units()?.into_iter().find(|u| u.kind == UnitKind::Segment).map(|u| u.name).unwrap_or_default())
}

/// The names of offices and stations by id, for reports and exports.
pub fn unit_names(store: &dyn Store) -> Result<crate::export::Names> {
    Ok(crate::export::Names {
        units: store.units()?.into_iter().map(|u| (u.id, u.name)).collect(),
        stations: store.stations()?.into_iter().map(|s| (s.id, s.name)).collect(),
    })
}

/// Everything the report over `from..=to` needs (a calendar month for the 月报): the facts of the
/// complaints accepted in the period and in the six months ending with it (the satisfaction
/// trend), at `now`.
pub fn report_data(
    store: &dyn Store,
    from: NaiveDate,
    to: NaiveDate,
    now: BizTime,
) -> Result<crate::export::report::ReportData> {
    let trend = crate::domain::stats::Month::of(to).last_n(crate::export::report::TREND_MONTHS);
    let first = trend.first().map_or(from, |m| m.first().min(from));
    Ok(crate::export::report::ReportData {
        issuer: center_name(store)?,
        from,
        to,
        facts: store.facts(first, to, now)?,
        names: unit_names(store)?,
        settings: store.stats_settings()?,
        generated_at: now,
    })
}

impl From<&ComplaintRow> for crate::export::sheets::ListLine {
    fn from(r: &ComplaintRow) -> Self {
        Self {
            number: r.number.clone(),
            kind: r.kind,
            source: r.source,
            provincial_number: r.provincial_number.clone(),
            accepted_at: r.accepted_at,
            complainant: r.complainant.clone(),
            phone: r.phone.clone(),
            plate: r.plate.clone(),
            category: r.category,
            grade: r.grade,
            office: r.office.clone(),
            station: r.station.clone(),
            state: r.state,
            due_step: r.due_step,
            due_at: r.due_at,
            urge_count: r.urge_count,
            reopen_count: r.reopen_count,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_address_is_shown_without_its_password() {
        assert_eq!(
            redact_url("postgres://desk:s3cret@10.1.2.3:5432/roaddesk"),
            "postgres://desk:***@10.1.2.3:5432/roaddesk"
        );
        assert_eq!(
            redact_url("postgres://desk@db.local/roaddesk?sslmode=disable"),
            "postgres://desk@db.local/roaddesk"
        );
        assert_eq!(redact_url("postgres://db.local/roaddesk"), "postgres://db.local/roaddesk");
        let t = Target::Server("postgres://a:pw@h/d".into());
        assert!(!format!("{t:?}").contains("pw"));
    }
}

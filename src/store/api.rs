//! The [`Store`] trait: the operations `RoadDesk` needs from storage, whatever the engine. It is
//! implemented once for every engine in `shared.rs`; SQL stays behind it.

use std::path::Path;

use chrono::NaiveDate;

use super::error::{Result, StoreError};
use super::snapshot;
use super::sqlite::SqliteStore;
use super::types::{Attachment, ChangeWatch, CheckReport, ComplaintRow, ListFilter, NewUnit, Scope};
use crate::domain::calendar::{CalendarDay, WorkCalendar};
use crate::domain::deadline::DeadlineRules;
use crate::domain::lifecycle::{Action, ContextData, HistoryEvent, RevisitPolicy};
use crate::domain::org::{Actor, Role, Station, StationId, Unit, UnitId, User, UserId};
use crate::domain::revisit::RevisitInput;
use crate::domain::stats::{ComplaintFacts, StatsSettings};
use crate::domain::time::BizTime;
use crate::domain::work::{CallRecord, Complaint, ComplaintState};

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

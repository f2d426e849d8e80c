//! Store work more than one area sends: the status bar's counts, a lifecycle step (from the
//! detail view, a dashboard row or the 回访 dialog), a printed form's data. Each runs on the
//! store thread and turns store errors into one Chinese line.

use super::topic::{AreaId, Topic};
use super::view::StatusInfo;
use crate::auth::authenticate;
use crate::domain::lifecycle::Action;
use crate::domain::org::{Actor, UnitId};
use crate::domain::time::BizTime;
use crate::domain::work::Complaint;
use crate::store::{ListFilter, Store, StoreError};

/// The status bar's counts.
pub const STATUS: Topic = Topic::new(AreaId::Shell, "status").waited();

/// How many complaints a queue loads (a queue longer than this is worked in the list).
pub const QUEUE_LIMIT: u32 = 200;

/// The status bar's counts: the whole center's, or one office's for an office user.
pub fn status_job(store: &mut dyn Store, now: BizTime, office: Option<UnitId>) -> Result<StatusInfo, String> {
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

/// Everything a printed form of `number` needs, with the signers' uploaded signature images
/// ([`crate::store::form_data`], its error as one line).
pub fn form_data(store: &dyn Store, number: &str) -> Result<crate::export::FormData, String> {
    crate::store::form_data(store, number).map_err(store_message)
}

/// A store refusal as one line: field messages joined, anything else as it reads.
#[allow(clippy::needless_pass_by_value, reason = "used as a map_err adapter, which hands over the error")]
pub fn store_message(e: StoreError) -> String {
    match e {
        StoreError::Invalid(fields) => fields.iter().map(ToString::to_string).collect::<Vec<_>>().join("；"),
        other => other.to_string(),
    }
}

/// One lifecycle step. `head` is the office head's login and password for a submit (their
/// signature); `seen` the version the user saw in the detail view (`None` from a queue row).
pub fn act_job(
    store: &mut dyn Store,
    number: &str,
    action: Action,
    head: Option<(String, String)>,
    seen: Option<i64>,
    actor: &Actor,
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

//! The 回访 page's store work: its three queues.

use crate::domain::time::BizTime;
use crate::domain::work::{CallRecord, Complaint, ComplaintState};
use crate::store::{ListFilter, SortKey, Store, StoreError};
use crate::ui::jobs::QUEUE_LIMIT;

/// The 回访 page's queues.
#[derive(Debug, Clone, Default)]
pub struct RevisitData {
    /// 待回访 complaints, most urgent (earliest revisit due time) first.
    pub due: Vec<Complaint>,
    /// 不满意待定: unsatisfied revisits waiting for the duty leader, longest waiting first.
    pub decisions: Vec<Complaint>,
    /// Help requests and sampled consultations still to be revisited, oldest first.
    pub calls: Vec<CallRecord>,
}

/// The 回访 page's queues: 待回访 by the revisit due time, 不满意待定 by how long it waits, and the
/// calls to revisit. Each queue loads at most [`QUEUE_LIMIT`] items.
pub fn revisits_job(store: &mut dyn Store, now: BizTime) -> Result<RevisitData, String> {
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

//! The dashboard's store work: the user's queues by role.

use crate::domain::org::Role;
use crate::domain::time::BizTime;
use crate::domain::work::ComplaintState;
use crate::store::{ComplaintRow, ListFilter, SortKey, Store, StoreError};
use crate::ui::jobs::QUEUE_LIMIT;
use crate::ui::view::Session;

/// The dashboard's view model.
#[derive(Debug, Clone, Default)]
pub struct DashboardData {
    /// The user's own to-do list, most urgent first.
    pub todo: Vec<ComplaintRow>,
    /// Complaints per state (within the user's scope).
    pub counts: Vec<(ComplaintState, u64)>,
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
    pub submitted_at: BizTime,
    /// Handling round (2 and up: resubmitted after a return or reopen).
    pub round: u32,
}

/// An extension request waiting for the duty leader.
#[derive(Debug, Clone)]
pub struct ExtensionItem {
    pub row: ComplaintRow,
    pub by_name: String,
    pub until: BizTime,
    pub reason: String,
}

/// A 催办 suggestion: the office step is overdue and nobody urged since.
#[derive(Debug, Clone)]
pub struct UrgeItem {
    pub row: ComplaintRow,
    /// The office-handling deadline that was missed.
    pub due_at: BizTime,
}

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

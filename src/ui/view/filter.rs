//! The complaint list's filter as the user set it (kept between runs), and what a figure of
//! the statistics page asks the list for beyond its own controls.

use crate::domain::org::StationId;
use crate::domain::work::ItemKind;

/// The list's filter as remembered between runs (eframe storage). Enums are kept as their
/// stable codes, dates as typed; anything that no longer parses is simply not applied.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct SavedFilter {
    pub search: String,
    /// [`ComplaintState`] code; empty for all.
    pub state: String,
    /// [`Category`] code; empty for all.
    pub category: String,
    /// [`Source`] code; empty for all.
    pub source: String,
    /// The office's unit id (office users always see only their own office).
    pub office: Option<i64>,
    /// Accepted from, `YYYY-MM-DD` as typed.
    pub from: String,
    /// Accepted up to and including, `YYYY-MM-DD` as typed.
    pub to: String,
    pub overdue_only: bool,
    /// `accepted_desc` (default), `accepted_asc`, `number` or `due`.
    pub sort: String,
}

/// What a list opened from a figure of the statistics page asks for beyond the list's own
/// controls. It is shown above the table with a button to clear it, and not kept between runs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Drill {
    /// What was clicked, e.g. `超期数 · 汉川管理所 · 2026-11-01 至 2026-11-21`.
    pub label: String,
    pub kind: Option<ItemKind>,
    /// Leave out repeat calls linked to another complaint (they are not 受理量).
    pub exclude_duplicates: bool,
    pub station: Option<StationId>,
    /// Only the complaints behind one count.
    pub only: Option<DrillOnly>,
}

/// The counts of the statistics that select complaints beyond the list's own controls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DrillOnly {
    /// Some deadline missed (超期数 counts met-late and open-overdue alike).
    Missed,
    /// Re-handled at least once (重办数).
    Reopened,
    /// Urged at least once (催办次数).
    Urged,
}

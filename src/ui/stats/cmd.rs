//! What the area's screens ask for (applied after the frame by the area).

use super::figures::StatsQuery;
use crate::domain::stats::StatsSettings;

/// What the statistics page asks for.
pub enum Cmd {
    /// Compute the figures and charts for the query (on the store thread).
    Load(StatsQuery),
    /// Change whether 基本满意 counts as satisfied, then recompute the figures for `query`.
    SetSettings { query: StatsQuery, settings: StatsSettings },
}

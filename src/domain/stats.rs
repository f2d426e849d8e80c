//! Indicators (domain.md §6), each with its numerator and denominator.
//!
//! INTERFACE STUB — bodies to be implemented.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::checklist::Conclusion;
use crate::domain::org::{StationId, UnitId};
use crate::domain::time::BizTime;
use crate::domain::work::{Category, Complaint, ComplaintState, ItemKind, Satisfaction, Source};

/// The facts of one complaint that the indicators need; built once, cheap to group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComplaintFacts {
    pub number: String,
    pub kind: ItemKind,
    pub source: Source,
    pub category: Category,
    pub office: Option<UnitId>,
    pub station: Option<StationId>,
    pub accepted_at: BizTime,
    pub state: ComplaintState,
    pub closed_at: Option<BizTime>,
    /// Closed no later than its whole-complaint deadline (`None` while open or without one).
    pub closed_on_time: Option<bool>,
    /// The duty leader approved it, so a revisit was due.
    pub revisit_due: bool,
    /// Satisfaction of the last revisit that reached the driver.
    pub satisfaction: Option<Satisfaction>,
    /// Some reached revisit was 不满意 or worse.
    pub unsatisfied_ever: bool,
    /// The office's conclusion, once a result was submitted.
    pub conclusion: Option<Conclusion>,
    /// Some deadline was missed (met late, or open and past due at `now`).
    pub overdue: bool,
    pub urge_count: u32,
    pub reopen_count: u32,
}

impl ComplaintFacts {
    /// Extract the facts of `c` as they stand at `now`.
    #[must_use]
    pub fn from_complaint(c: &Complaint, now: BizTime) -> Self {
        let _ = (c, now);
        todo!()
    }
}

/// A ratio shown with its parts: `92.3%（12/13）`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Ratio {
    pub numerator: u64,
    pub denominator: u64,
}

impl Ratio {
    /// `None` when the denominator is 0.
    #[must_use]
    pub fn value(&self) -> Option<f64> {
        todo!()
    }
}

impl std::fmt::Display for Ratio {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let _ = f;
        todo!()
    }
}

/// How to group the figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    None,
    Category,
    Source,
    Office,
    Station,
    Month,
}

/// The key of one group.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupKey {
    All,
    Category(Category),
    Source(Source),
    Office(Option<UnitId>),
    Station(Option<StationId>),
    /// `2026-10`.
    Month(String),
}

/// Settings that change how figures count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StatsSettings {
    /// Whether 基本满意 counts as satisfied in 满意率.
    pub basic_counts_as_satisfied: bool,
}

/// The indicators of one group.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Indicators {
    /// 受理量: complaints (kind 投诉) accepted, linked duplicates excluded.
    pub volume: u64,
    pub suggestions: u64,
    pub praise: u64,
    /// 办结率: closed ÷ accepted.
    pub closure_rate: Ratio,
    /// 按时办结率: closed within the whole-complaint limit ÷ closed.
    pub on_time_rate: Ratio,
    /// 回访率: revisits that reached the driver ÷ due for revisit.
    pub revisit_rate: Ratio,
    /// 满意率: satisfied ÷ reached revisits.
    pub satisfaction_rate: Ratio,
    /// 属实率: founded (属实 + 部分属实) ÷ investigated.
    pub founded_rate: Ratio,
    /// 平均办理时长: total seconds from acceptance to closing ÷ closed complaints.
    pub handling_secs: Ratio,
    /// 超期数.
    pub overdue: u64,
    /// 催办次数.
    pub urges: u64,
    /// 重办数: complaints re-handled (reopened) at least once.
    pub reopened: u64,
    /// 差评整改率: unsatisfied complaints re-handled ÷ unsatisfied complaints.
    pub rectification_rate: Ratio,
}

/// Figures for complaints accepted on `from..=to` (business dates), grouped, plus the total first.
#[must_use]
pub fn compute(
    facts: &[ComplaintFacts],
    from: NaiveDate,
    to: NaiveDate,
    group: GroupBy,
    settings: StatsSettings,
) -> Vec<(GroupKey, Indicators)> {
    let _ = (facts, from, to, group, settings);
    todo!()
}

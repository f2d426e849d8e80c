//! The statistics page's figures, computed on the store thread a calendar month of facts at a
//! time, and named for the screen.

use chrono::{Datelike, NaiveDate};

use crate::domain::lifecycle::ContextData;
use crate::domain::org::{Actor, StationId, UnitId};
use crate::domain::stats::{self, GroupBy, GroupKey, Indicators, Ratio, StatsSettings};
use crate::domain::time::BizTime;
use crate::domain::work::Category;
use crate::store::Store;

/// A range longer than this many days is charted per week.
pub const DAILY_MAX_DAYS: i64 = 62;
/// The satisfaction trend covers at least this many months, up to the range's end.
pub const TREND_MONTHS: u32 = 6;

/// What the page asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatsQuery {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub group: GroupBy,
}

/// One line of the table: a group (or the total) with its name and figures.
#[derive(Debug, Clone, PartialEq)]
pub struct StatsRow {
    pub key: GroupKey,
    /// `合计`, a category, source, office or station name, or a month.
    pub name: String,
    pub figures: Indicators,
}

/// The page's view model: figures and chart series for one query.
#[derive(Debug, Clone, PartialEq)]
pub struct StatsData {
    pub query: StatsQuery,
    pub settings: StatsSettings,
    /// The total first, then one row per group.
    pub rows: Vec<StatsRow>,
    /// 受理量 per day, or per week when `weekly` (the range is longer than [`DAILY_MAX_DAYS`]).
    pub volume: Vec<(NaiveDate, u64)>,
    pub weekly: bool,
    pub by_category: Vec<(Category, u64)>,
    /// 按时办结率 per office, with the office's name.
    pub on_time: Vec<(Option<UnitId>, String, Ratio)>,
    /// 满意率 per month, over at least [`TREND_MONTHS`] months up to the range's end.
    pub satisfaction: Vec<(String, Ratio)>,
}

/// Compute the page for `query` as of `now` (on the store thread). With `change`, first store
/// the new 统计口径 as that user (refused unless a duty leader or admin).
pub fn load(
    store: &mut dyn Store,
    query: StatsQuery,
    now: BizTime,
    change: Option<(StatsSettings, &Actor)>,
) -> Result<StatsData, String> {
    if let Some((settings, actor)) = change {
        store.set_stats_settings(settings, actor).map_err(|e| e.to_string())?;
    }
    let settings = store.stats_settings().map_err(|e| e.to_string())?;
    let data = store.context_data().map_err(|e| e.to_string())?;
    let to_month = query.to.with_day(1).unwrap_or(query.to);
    let trend_from = to_month
        .checked_sub_months(chrono::Months::new(TREND_MONTHS - 1))
        .unwrap_or(to_month)
        .min(query.from.with_day(1).unwrap_or(query.from));
    // A month of facts at a time: the page's memory stays that of one month, however many
    // complaints the range and the half-year trend hold.
    let StatsQuery { from, to, group } = query;
    let mut figures = stats::PeriodFigures::new(from, to, group, settings, trend_from);
    for (lo, hi) in stats::month_slices(trend_from.min(from), to) {
        figures.add(&store.facts(lo, hi, now).map_err(|e| e.to_string())?);
    }
    Ok(build(figures, query, settings, &data))
}

/// The page's view model from the summed figures.
fn build(figures: stats::PeriodFigures, query: StatsQuery, settings: StatsSettings, data: &ContextData) -> StatsData {
    let weekly = (query.to - query.from).num_days() + 1 > DAILY_MAX_DAYS;
    let series = figures.finish(weekly);
    let rows =
        series.rows.into_iter().map(|(key, figures)| StatsRow { name: group_name(&key, data), key, figures }).collect();
    let on_time = series
        .on_time
        .into_iter()
        .map(|(office, r)| (office, group_name(&GroupKey::Office(office), data), r))
        .collect();
    StatsData {
        query,
        settings,
        rows,
        volume: series.volume,
        weekly,
        by_category: series.by_category,
        on_time,
        satisfaction: series.satisfaction,
    }
}

/// How a group is named on screen.
fn group_name(key: &GroupKey, data: &ContextData) -> String {
    let unit =
        |id: UnitId| data.units.iter().find(|u| u.id == id).map_or_else(|| format!("单位{}", id.0), |u| u.name.clone());
    let station = |id: StationId| {
        data.stations.iter().find(|s| s.id == id).map_or_else(|| format!("收费站{}", id.0), |s| s.name.clone())
    };
    match key {
        GroupKey::All => "合计".to_owned(),
        GroupKey::Category(c) => c.label().to_owned(),
        GroupKey::Source(s) => s.label().to_owned(),
        GroupKey::Office(Some(id)) => unit(*id),
        GroupKey::Office(None) => "未转办".to_owned(),
        GroupKey::Station(Some(id)) => station(*id),
        GroupKey::Station(None) => "未指定收费站".to_owned(),
        GroupKey::Month(m) => m.clone(),
    }
}

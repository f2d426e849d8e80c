//! Indicators (domain.md §6), each with its numerator and denominator.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::domain::checklist::Conclusion;
use crate::domain::deadline::{Deadline, Step};
use crate::domain::org::{StationId, UnitId};
use crate::domain::time::{BizTime, to_biz};
use crate::domain::work::{Category, Complaint, ComplaintState, ItemKind, RevisitAttempt, Satisfaction, Source};

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
        let (satisfaction, unsatisfied_ever) = revisit_facts(&c.revisits);
        Self {
            number: c.number.clone(),
            kind: c.kind,
            source: c.source,
            category: c.category,
            office: c.office,
            station: c.station,
            accepted_at: c.accepted_at,
            state: c.state,
            closed_at: c.closed_at,
            closed_on_time: closed_on_time(c.state, c.closed_at, &c.deadlines),
            revisit_due: c.approval.is_some(),
            satisfaction,
            unsatisfied_ever,
            conclusion: if c.result.is_some() { c.checklist.conclusion } else { None },
            overdue: c.deadlines.iter().any(|d| d.missed(now)),
            urge_count: c.urge_count,
            reopen_count: c.reopen_count,
        }
    }
}

/// The part of a complaint's facts that does not depend on `now`: what the store projects into
/// columns on every write so that the indicators never need the complaint's JSON.
///
/// Together with the complaint's next open due time (the store's `due_at` column) it gives
/// [`ComplaintFacts`] at any `now` through [`overdue_at`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StoredFacts {
    pub closed_on_time: Option<bool>,
    pub revisit_due: bool,
    pub satisfaction: Option<Satisfaction>,
    pub unsatisfied_ever: bool,
    pub conclusion: Option<Conclusion>,
    /// Some deadline was met after its due time.
    pub missed_late: bool,
}

impl StoredFacts {
    #[must_use]
    pub fn of(c: &Complaint) -> Self {
        let (satisfaction, unsatisfied_ever) = revisit_facts(&c.revisits);
        Self {
            closed_on_time: closed_on_time(c.state, c.closed_at, &c.deadlines),
            revisit_due: c.approval.is_some(),
            satisfaction,
            unsatisfied_ever,
            conclusion: if c.result.is_some() { c.checklist.conclusion } else { None },
            missed_late: c.deadlines.iter().any(|d| d.met_at.is_some_and(|m| m > d.due_at)),
        }
    }
}

/// Whether a complaint counts as 超期 at `now`: a deadline was met late, or the earliest open
/// one (`open_due`) has passed. The same as [`Deadline::missed`] over all its deadlines.
#[must_use]
pub fn overdue_at(missed_late: bool, open_due: Option<BizTime>, now: BizTime) -> bool {
    missed_late || open_due.is_some_and(|due| now > due)
}

/// For a closed complaint, whether it closed no later than its whole-complaint deadline.
///
/// `None` while not closed, without a closing time, or without a [`Step::Whole`] deadline.
/// Should there be several whole-complaint deadlines, the last one started counts.
fn closed_on_time(state: ComplaintState, closed_at: Option<BizTime>, deadlines: &[Deadline]) -> Option<bool> {
    if state != ComplaintState::Closed {
        return None;
    }
    let closed_at = closed_at?;
    let whole = deadlines.iter().rev().find(|d| d.step == Step::Whole)?;
    Some(closed_at <= whole.due_at)
}

/// Satisfaction of the last revisit that reached the driver, and whether any reached revisit was 不满意 or worse.
fn revisit_facts(revisits: &[RevisitAttempt]) -> (Option<Satisfaction>, bool) {
    let reached = || revisits.iter().filter(|r| r.unreached.is_none());
    let last = reached().next_back().and_then(|r| r.satisfaction);
    let unsatisfied_ever = reached().any(|r| r.satisfaction.is_some_and(Satisfaction::is_unsatisfied));
    (last, unsatisfied_ever)
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
        (self.denominator != 0).then(|| self.numerator as f64 / self.denominator as f64)
    }

    /// Add another count of the same ratio.
    fn merge(&mut self, other: Ratio) {
        self.numerator += other.numerator;
        self.denominator += other.denominator;
    }

    /// Count one case in the denominator, and in the numerator when `hit`.
    fn count(&mut self, hit: bool) {
        self.denominator += 1;
        if hit {
            self.numerator += 1;
        }
    }
}

impl std::fmt::Display for Ratio {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.value() {
            Some(v) => write!(f, "{:.1}%（{}/{}）", v * 100.0, self.numerator, self.denominator),
            None => write!(f, "—（{}/{}）", self.numerator, self.denominator),
        }
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
    let mut total = Indicators::default();
    let mut groups: BTreeMap<GroupKey, Indicators> = BTreeMap::new();
    for f in facts {
        if f.kind == ItemKind::Complaint && f.state == ComplaintState::Duplicate {
            continue;
        }
        let date = to_biz(&f.accepted_at).date_naive();
        if date < from || date > to {
            continue;
        }
        total.add(f, settings);
        if let Some(key) = group_key(f, group) {
            groups.entry(key).or_default().add(f, settings);
        }
    }
    let mut out = Vec::with_capacity(groups.len() + 1);
    out.push((GroupKey::All, total));
    out.extend(groups);
    out
}

/// The key of `f` under `group`; `None` when not grouping.
fn group_key(f: &ComplaintFacts, group: GroupBy) -> Option<GroupKey> {
    Some(match group {
        GroupBy::None => return None,
        GroupBy::Category => GroupKey::Category(f.category),
        GroupBy::Source => GroupKey::Source(f.source),
        GroupBy::Office => GroupKey::Office(f.office),
        GroupBy::Station => GroupKey::Station(f.station),
        GroupBy::Month => GroupKey::Month(to_biz(&f.accepted_at).format("%Y-%m").to_string()),
    })
}

impl Indicators {
    /// Add the figures of another set of complaints (every figure is a count or a sum).
    fn merge(&mut self, o: &Indicators) {
        let Indicators {
            volume,
            suggestions,
            praise,
            closure_rate,
            on_time_rate,
            revisit_rate,
            satisfaction_rate,
            founded_rate,
            handling_secs,
            overdue,
            urges,
            reopened,
            rectification_rate,
        } = o;
        self.volume += volume;
        self.suggestions += suggestions;
        self.praise += praise;
        self.closure_rate.merge(*closure_rate);
        self.on_time_rate.merge(*on_time_rate);
        self.revisit_rate.merge(*revisit_rate);
        self.satisfaction_rate.merge(*satisfaction_rate);
        self.founded_rate.merge(*founded_rate);
        self.handling_secs.merge(*handling_secs);
        self.overdue += overdue;
        self.urges += urges;
        self.reopened += reopened;
        self.rectification_rate.merge(*rectification_rate);
    }

    /// Count one item (already filtered: in the period, not a linked duplicate).
    fn add(&mut self, f: &ComplaintFacts, settings: StatsSettings) {
        match f.kind {
            ItemKind::Suggestion => {
                self.suggestions += 1;
                return;
            }
            ItemKind::Praise => {
                self.praise += 1;
                return;
            }
            ItemKind::Complaint => {}
        }
        self.volume += 1;
        let closed = f.state == ComplaintState::Closed;
        self.closure_rate.count(closed);
        if let Some(on_time) = f.closed_on_time {
            self.on_time_rate.count(on_time);
        }
        if f.revisit_due {
            self.revisit_rate.denominator += 1;
        }
        if let Some(s) = f.satisfaction {
            self.revisit_rate.numerator += 1;
            self.satisfaction_rate.count(is_satisfied(s, settings));
        }
        if let Some(c) = f.conclusion {
            self.founded_rate.count(c.is_founded());
        }
        if closed && let Some(closed_at) = f.closed_at {
            let secs = (closed_at - f.accepted_at).num_seconds().max(0);
            self.handling_secs.numerator += u64::try_from(secs).unwrap_or(0);
            self.handling_secs.denominator += 1;
        }
        if f.overdue {
            self.overdue += 1;
        }
        self.urges += u64::from(f.urge_count);
        if f.reopen_count > 0 {
            self.reopened += 1;
        }
        if f.unsatisfied_ever {
            self.rectification_rate.count(f.reopen_count > 0);
        }
    }
}

/// Whether `s` counts as satisfied for 满意率.
fn is_satisfied(s: Satisfaction, settings: StatsSettings) -> bool {
    match s {
        Satisfaction::VerySatisfied | Satisfaction::Satisfied => true,
        Satisfaction::BasicallySatisfied => settings.basic_counts_as_satisfied,
        Satisfaction::Unsatisfied | Satisfaction::VeryUnsatisfied => false,
    }
}

/// Whether a leader or admin: only they may change how the figures count ([`StatsSettings`]).
#[must_use]
pub fn may_change_settings(roles: &[crate::domain::org::Role]) -> bool {
    use crate::domain::org::Role;
    roles.iter().any(|r| matches!(r, Role::DutyLeader | Role::Admin))
}

/// The quick date ranges of the statistics page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum QuickRange {
    /// 本月: the first of this month up to today.
    ThisMonth,
    /// 上月: the whole of last month.
    LastMonth,
    /// 本年: 1 January up to today.
    ThisYear,
    /// 近30天: today and the 29 days before.
    Last30Days,
}

impl QuickRange {
    pub const ALL: [QuickRange; 4] =
        [QuickRange::ThisMonth, QuickRange::LastMonth, QuickRange::ThisYear, QuickRange::Last30Days];

    /// The Chinese label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            QuickRange::ThisMonth => "本月",
            QuickRange::LastMonth => "上月",
            QuickRange::ThisYear => "本年",
            QuickRange::Last30Days => "近30天",
        }
    }

    /// The range (both ends included) as seen on business date `today`.
    #[must_use]
    pub fn range(self, today: NaiveDate) -> (NaiveDate, NaiveDate) {
        let first_of_month = today.with_day(1).unwrap_or(today);
        match self {
            QuickRange::ThisMonth => (first_of_month, today),
            QuickRange::LastMonth => {
                let last = first_of_month.pred_opt().unwrap_or(first_of_month);
                (last.with_day(1).unwrap_or(last), last)
            }
            QuickRange::ThisYear => (NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today), today),
            QuickRange::Last30Days => (today - chrono::Days::new(29), today),
        }
    }
}

/// The first and last day of month `2026-10` (`None` when it is not such a key).
#[must_use]
pub fn month_bounds(key: &str) -> Option<(NaiveDate, NaiveDate)> {
    let first = NaiveDate::parse_from_str(&format!("{key}-01"), "%Y-%m-%d").ok()?;
    let next = first.checked_add_months(chrono::Months::new(1))?;
    Some((first, next.pred_opt()?))
}

/// Whether `f` counts in 受理量 (a complaint, not a linked duplicate) and was accepted on `from..=to`.
fn counts_in_volume(f: &ComplaintFacts, from: NaiveDate, to: NaiveDate) -> bool {
    let date = to_biz(&f.accepted_at).date_naive();
    f.kind == ItemKind::Complaint && f.state != ComplaintState::Duplicate && date >= from && date <= to
}

/// 受理量 per business day on `from..=to`, every day present (0 when nothing came in).
#[must_use]
pub fn daily_volume(facts: &[ComplaintFacts], from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, u64)> {
    let mut days: BTreeMap<NaiveDate, u64> = from.iter_days().take_while(|d| *d <= to).map(|d| (d, 0)).collect();
    for f in facts.iter().filter(|f| counts_in_volume(f, from, to)) {
        *days.entry(to_biz(&f.accepted_at).date_naive()).or_default() += 1;
    }
    days.into_iter().collect()
}

/// 受理量 per week (Monday to Sunday) on `from..=to`, each week named by its first day in the
/// range (so the first week may start on another weekday); every week present.
#[must_use]
pub fn weekly_volume(facts: &[ComplaintFacts], from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, u64)> {
    weeks_of(daily_volume(facts, from, to))
}

/// Daily counts summed per week (Monday to Sunday), each week named by its first day.
fn weeks_of(days: Vec<(NaiveDate, u64)>) -> Vec<(NaiveDate, u64)> {
    let mut weeks: Vec<(NaiveDate, u64)> = Vec::new();
    for (day, n) in days {
        match weeks.last_mut() {
            Some((_, total)) if day.weekday() != chrono::Weekday::Mon => *total += n,
            _ => weeks.push((day, n)),
        }
    }
    weeks
}

/// 受理量 per category on `from..=to`, every category in its usual order (0 when none).
#[must_use]
pub fn by_category(facts: &[ComplaintFacts], from: NaiveDate, to: NaiveDate) -> Vec<(Category, u64)> {
    Category::ALL
        .iter()
        .map(|c| (*c, facts.iter().filter(|f| f.category == *c && counts_in_volume(f, from, to)).count() as u64))
        .collect()
}

/// 按时办结率 per office on `from..=to` (`None`: not yet sent to an office), for the offices
/// that received a complaint in the period, in id order.
#[must_use]
pub fn on_time_by_office(facts: &[ComplaintFacts], from: NaiveDate, to: NaiveDate) -> Vec<(Option<UnitId>, Ratio)> {
    compute(facts, from, to, GroupBy::Office, StatsSettings::default())
        .into_iter()
        .filter_map(|(key, i)| match key {
            GroupKey::Office(office) if i.volume > 0 => Some((office, i.on_time_rate)),
            _ => None,
        })
        .collect()
}

/// 满意率 per month (`2026-10`) for complaints accepted on `from..=to`, every month from the
/// month of `from` to the month of `to` present (`0/0` when no revisit reached anyone).
#[must_use]
pub fn satisfaction_by_month(
    facts: &[ComplaintFacts],
    from: NaiveDate,
    to: NaiveDate,
    settings: StatsSettings,
) -> Vec<(String, Ratio)> {
    let mut months: BTreeMap<String, Ratio> = BTreeMap::new();
    let mut month = from.with_day(1).unwrap_or(from);
    while month <= to {
        months.insert(month.format("%Y-%m").to_string(), Ratio::default());
        let Some(next) = month.checked_add_months(chrono::Months::new(1)) else { break };
        month = next;
    }
    for (key, i) in compute(facts, from, to, GroupBy::Month, settings) {
        if let GroupKey::Month(m) = key {
            months.insert(m, i.satisfaction_rate);
        }
    }
    months.into_iter().collect()
}

/// The statistics page's figures and series, summed over the facts given a batch at a time (a
/// month, say), so that only one batch is in memory however many complaints the period holds.
/// Every figure is a count or a sum, so the batches add up to what the whole period gives.
#[derive(Debug, Clone)]
pub struct PeriodFigures {
    from: NaiveDate,
    to: NaiveDate,
    group: GroupBy,
    settings: StatsSettings,
    trend_from: NaiveDate,
    rows: BTreeMap<GroupKey, Indicators>,
    daily: Vec<(NaiveDate, u64)>,
    by_category: Vec<(Category, u64)>,
    on_time: BTreeMap<Option<UnitId>, Ratio>,
    satisfaction: Vec<(String, Ratio)>,
}

/// What [`PeriodFigures`] gives once every batch is in.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodSeries {
    /// [`compute`]'s rows: the total first, then one per group.
    pub rows: Vec<(GroupKey, Indicators)>,
    /// [`daily_volume`], or [`weekly_volume`] when asked for weeks.
    pub volume: Vec<(NaiveDate, u64)>,
    pub by_category: Vec<(Category, u64)>,
    pub on_time: Vec<(Option<UnitId>, Ratio)>,
    /// [`satisfaction_by_month`] from `trend_from`.
    pub satisfaction: Vec<(String, Ratio)>,
}

impl PeriodFigures {
    /// Figures for `from..=to` grouped by `group`, with the satisfaction trend from `trend_from`.
    #[must_use]
    pub fn new(from: NaiveDate, to: NaiveDate, group: GroupBy, settings: StatsSettings, trend_from: NaiveDate) -> Self {
        Self {
            from,
            to,
            group,
            settings,
            trend_from,
            rows: BTreeMap::from([(GroupKey::All, Indicators::default())]),
            daily: daily_volume(&[], from, to),
            by_category: by_category(&[], from, to),
            on_time: BTreeMap::new(),
            satisfaction: satisfaction_by_month(&[], trend_from, to, settings),
        }
    }

    /// Add a batch of facts (each complaint in exactly one batch).
    pub fn add(&mut self, facts: &[ComplaintFacts]) {
        let (from, to) = (self.from, self.to);
        for (key, figures) in compute(facts, from, to, self.group, self.settings) {
            self.rows.entry(key).or_default().merge(&figures);
        }
        add_counts(&mut self.daily, &daily_volume(facts, from, to));
        add_counts(&mut self.by_category, &by_category(facts, from, to));
        for (office, ratio) in on_time_by_office(facts, from, to) {
            self.on_time.entry(office).or_default().merge(ratio);
        }
        let trend = satisfaction_by_month(facts, self.trend_from, to, self.settings);
        for (sum, (_, ratio)) in self.satisfaction.iter_mut().zip(trend) {
            sum.1.merge(ratio);
        }
    }

    /// The figures and series, with the volume per week when `weekly`.
    #[must_use]
    pub fn finish(self, weekly: bool) -> PeriodSeries {
        PeriodSeries {
            rows: self.rows.into_iter().collect(),
            volume: if weekly { weeks_of(self.daily) } else { self.daily },
            by_category: self.by_category,
            on_time: self.on_time.into_iter().collect(),
            satisfaction: self.satisfaction,
        }
    }
}

/// Add a batch's counts to the sums, key by key (both list the same keys in the same order).
fn add_counts<K>(sums: &mut [(K, u64)], batch: &[(K, u64)]) {
    for (sum, (_, n)) in sums.iter_mut().zip(batch) {
        sum.1 += n;
    }
}

/// `from..=to` cut into calendar months (the first and last may be partial).
#[must_use]
pub fn month_slices(from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, NaiveDate)> {
    let mut out = Vec::new();
    let mut start = from;
    while start <= to {
        let next = start.with_day(1).and_then(|d| d.checked_add_months(chrono::Months::new(1)));
        let end = next.and_then(|n| n.pred_opt()).map_or(to, |e| e.min(to));
        out.push((start, end));
        match next {
            Some(n) => start = n,
            None => break,
        }
    }
    out
}

// --- series for charts and reports ------------------------------------------------------------

/// A calendar month, `2026-10`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Month {
    pub year: i32,
    /// 1–12.
    pub month: u32,
}

impl Month {
    /// `2026-10` (or `2026-1`); `None` for anything else.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        let (y, m) = s.trim().split_once('-')?;
        let (year, month) = (y.parse().ok()?, m.parse().ok()?);
        NaiveDate::from_ymd_opt(year, month, 1).map(|_| Self { year, month })
    }

    /// The month `date` falls in.
    #[must_use]
    pub fn of(date: NaiveDate) -> Self {
        Self { year: date.year(), month: date.month() }
    }

    /// Its first day.
    #[must_use]
    pub fn first(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("a valid month")
    }

    /// Its last day.
    #[must_use]
    pub fn last(self) -> NaiveDate {
        self.next().first().pred_opt().expect("not the first day of time")
    }

    #[must_use]
    pub fn next(self) -> Self {
        if self.month == 12 { Self { year: self.year + 1, month: 1 } } else { Self { month: self.month + 1, ..self } }
    }

    #[must_use]
    pub fn prev(self) -> Self {
        if self.month == 1 { Self { year: self.year - 1, month: 12 } } else { Self { month: self.month - 1, ..self } }
    }

    /// `2026年10月`.
    #[must_use]
    pub fn label(self) -> String {
        format!("{}年{}月", self.year, self.month)
    }

    /// The `n` months ending with this one, oldest first.
    #[must_use]
    pub fn last_n(self, n: usize) -> Vec<Self> {
        let mut out: Vec<Self> = std::iter::successors(Some(self), |m| Some(m.prev())).take(n).collect();
        out.reverse();
        out
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{:02}", self.year, self.month)
    }
}

/// The complaints accepted on `from..=to` that need a second look: overdue (超期) or re-handled
/// (重办), oldest first.
#[must_use]
pub fn overdue_or_reopened(facts: &[ComplaintFacts], from: NaiveDate, to: NaiveDate) -> Vec<&ComplaintFacts> {
    let mut out: Vec<&ComplaintFacts> =
        facts.iter().filter(|f| counts_in_volume(f, from, to) && (f.overdue || f.reopen_count > 0)).collect();
    out.sort_by(|a, b| a.accepted_at.cmp(&b.accepted_at).then_with(|| a.number.cmp(&b.number)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::org::UserId;
    use crate::domain::time::parse_biz_time;
    use crate::domain::work::UnreachedReason;

    fn t(s: &str) -> BizTime {
        parse_biz_time(s).unwrap_or_else(|| panic!("bad time {s}"))
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn r(numerator: u64, denominator: u64) -> Ratio {
        Ratio { numerator, denominator }
    }

    /// Builder for hand-made facts: an open 收费争议 complaint by phone, handled by office 1 / station 11.
    struct F(ComplaintFacts);

    impl F {
        fn new(number: &str, accepted_at: &str) -> Self {
            Self(ComplaintFacts {
                number: number.into(),
                kind: ItemKind::Complaint,
                source: Source::DirectCall,
                category: Category::TollDispute,
                office: Some(UnitId(1)),
                station: Some(StationId(11)),
                accepted_at: t(accepted_at),
                state: ComplaintState::Investigating,
                closed_at: None,
                closed_on_time: None,
                revisit_due: false,
                satisfaction: None,
                unsatisfied_ever: false,
                conclusion: None,
                overdue: false,
                urge_count: 0,
                reopen_count: 0,
            })
        }
        fn kind(mut self, k: ItemKind) -> Self {
            self.0.kind = k;
            self
        }
        fn cat(mut self, c: Category) -> Self {
            self.0.category = c;
            self
        }
        fn source(mut self, s: Source) -> Self {
            self.0.source = s;
            self
        }
        fn office(mut self, o: Option<i64>) -> Self {
            self.0.office = o.map(UnitId);
            self
        }
        fn state(mut self, s: ComplaintState) -> Self {
            self.0.state = s;
            self
        }
        /// Closed at `at`; `on_time` as against the whole-complaint deadline (`None`: none).
        fn closed(mut self, at: &str, on_time: Option<bool>) -> Self {
            self.0.state = ComplaintState::Closed;
            self.0.closed_at = Some(t(at));
            self.0.closed_on_time = on_time;
            self
        }
        /// Approved by the duty leader; the last reached revisit gave `s` (`None`: not reached).
        fn revisit(mut self, s: Option<Satisfaction>) -> Self {
            self.0.revisit_due = true;
            self.0.satisfaction = s;
            self.0.unsatisfied_ever |= s.is_some_and(Satisfaction::is_unsatisfied);
            self
        }
        fn unsatisfied_ever(mut self) -> Self {
            self.0.unsatisfied_ever = true;
            self
        }
        fn concl(mut self, c: Conclusion) -> Self {
            self.0.conclusion = Some(c);
            self
        }
        fn overdue(mut self) -> Self {
            self.0.overdue = true;
            self
        }
        fn urges(mut self, n: u32) -> Self {
            self.0.urge_count = n;
            self
        }
        fn reopened(mut self, n: u32) -> Self {
            self.0.reopen_count = n;
            self
        }
    }

    use Category::{Facilities, Rescue, StaffAttitude, TollDispute};
    use Satisfaction::{BasicallySatisfied, Satisfied, Unsatisfied, VerySatisfied};

    /// The hand-made data set. Durations are acceptance → closing.
    fn data() -> Vec<ComplaintFacts> {
        vec![
            // First instant of October. 1 day = 86 400 s.
            F::new("C01", "2026-10-01 00:00")
                .closed("2026-10-02 00:00", Some(true))
                .revisit(Some(Satisfied))
                .concl(Conclusion::Founded)
                .urges(1),
            // 2 days = 172 800 s.
            F::new("C02", "2026-10-03 09:00")
                .closed("2026-10-05 09:00", Some(true))
                .revisit(Some(BasicallySatisfied))
                .concl(Conclusion::Unfounded),
            // 5 days = 432 000 s, late.
            F::new("C03", "2026-10-05 10:00")
                .cat(StaffAttitude)
                .source(Source::Provincial)
                .closed("2026-10-10 10:00", Some(false))
                .revisit(Some(VerySatisfied))
                .concl(Conclusion::PartlyFounded)
                .overdue()
                .urges(2),
            // Unsatisfied, reopened, then satisfied: 4 days = 345 600 s, late.
            F::new("C04", "2026-10-08 08:00")
                .cat(StaffAttitude)
                .source(Source::Provincial)
                .closed("2026-10-12 08:00", Some(false))
                .unsatisfied_ever()
                .reopened(1)
                .revisit(Some(Satisfied))
                .concl(Conclusion::Founded)
                .overdue(),
            // Closed as 不满意 without re-handling: 3 days = 259 200 s.
            F::new("C05", "2026-10-10 12:00")
                .cat(StaffAttitude)
                .closed("2026-10-13 12:00", Some(true))
                .revisit(Some(Unsatisfied))
                .concl(Conclusion::Founded),
            // 回访未果: revisit due, never reached. 2 days = 172 800 s.
            F::new("C06", "2026-10-15 14:00")
                .cat(Facilities)
                .closed("2026-10-17 14:00", Some(true))
                .revisit(None)
                .concl(Conclusion::Unfounded),
            // Reopened after closing (not after an unsatisfied revisit), investigating again and late.
            F::new("C07", "2026-10-20 09:30").cat(Facilities).overdue().urges(3).reopened(1),
            // Last minute of October in business time (15:59 UTC).
            F::new("C08", "2026-10-31 23:59").state(ComplaintState::Registered).office(None),
            // A repeat call linked to C01: counted nowhere.
            F::new("C09", "2026-10-12 10:00").state(ComplaintState::Duplicate).overdue().urges(5),
            F::new("S01", "2026-10-06 10:00")
                .kind(ItemKind::Suggestion)
                .cat(Facilities)
                .closed("2026-10-06 11:00", None),
            F::new("P01", "2026-10-18 10:00").kind(ItemKind::Praise).cat(StaffAttitude),
            // Just outside October on either side.
            F::new("C10", "2026-09-30 23:59").cat(Rescue),
            F::new("C11", "2026-11-01 00:00").cat(Rescue),
            F::new("C12", "2026-10-25 10:00").cat(Rescue).state(ComplaintState::Withdrawn),
            // Closed on the day without a whole-complaint deadline: 8 hours = 28 800 s.
            F::new("C13", "2026-10-22 10:00").cat(Rescue).office(None).closed("2026-10-22 18:00", None),
        ]
        .into_iter()
        .map(|f| f.0)
        .collect()
    }

    fn october(group: GroupBy, settings: StatsSettings) -> Vec<(GroupKey, Indicators)> {
        compute(&data(), d("2026-10-01"), d("2026-10-31"), group, settings)
    }

    fn keys(out: &[(GroupKey, Indicators)]) -> Vec<GroupKey> {
        out.iter().map(|(k, _)| k.clone()).collect()
    }

    #[test]
    fn ratio_value_and_display() {
        assert_eq!(r(12, 13).to_string(), "92.3%（12/13）");
        assert_eq!(r(0, 0).to_string(), "—（0/0）");
        assert_eq!(r(0, 0).value(), None);
        assert_eq!(r(1, 1).to_string(), "100.0%（1/1）");
        assert_eq!(r(0, 3).to_string(), "0.0%（0/3）");
        assert_eq!(r(2, 3).to_string(), "66.7%（2/3）");
        assert_eq!(r(1, 4).value(), Some(0.25));
    }

    #[test]
    fn totals_for_october() {
        let out = october(GroupBy::None, StatsSettings::default());
        assert_eq!(keys(&out), vec![GroupKey::All]);
        let i = &out[0].1;
        // Complaints: C01–C08, C12, C13 (C09 duplicate, C10/C11 outside, S01/P01 not complaints).
        assert_eq!(i.volume, 10);
        assert_eq!(i.suggestions, 1);
        assert_eq!(i.praise, 1);
        // Closed: C01–C06, C13 = 7 of 10 (S01 is closed but a suggestion).
        assert_eq!(i.closure_rate, r(7, 10));
        // With a whole-complaint deadline: C01–C06 (C13 has none); on time: C01, C02, C05, C06.
        assert_eq!(i.on_time_rate, r(4, 6));
        // Due for revisit: C01–C06; reached: C01–C05.
        assert_eq!(i.revisit_rate, r(5, 6));
        // Reached: C01 满意, C02 基本满意, C03 非常满意, C04 满意, C05 不满意 → 3 satisfied.
        assert_eq!(i.satisfaction_rate, r(3, 5));
        // Investigated: C01–C06; founded: C01 属实, C03 部分属实, C04 属实, C05 属实.
        assert_eq!(i.founded_rate, r(4, 6));
        // 86 400 + 172 800 + 432 000 + 345 600 + 259 200 + 172 800 + 28 800 = 1 497 600 s over 7.
        assert_eq!(i.handling_secs, r(1_497_600, 7));
        // C03, C04, C07 (not the duplicate C09).
        assert_eq!(i.overdue, 3);
        // C01 1 + C03 2 + C07 3 (not C09's 5).
        assert_eq!(i.urges, 6);
        // C04, C07.
        assert_eq!(i.reopened, 2);
        // Unsatisfied ever: C04, C05; re-handled: C04.
        assert_eq!(i.rectification_rate, r(1, 2));
        assert_eq!(i.rectification_rate.to_string(), "50.0%（1/2）");
    }

    #[test]
    fn basically_satisfied_setting_changes_only_satisfaction_rate() {
        let strict = october(GroupBy::None, StatsSettings { basic_counts_as_satisfied: false });
        let lenient = october(GroupBy::None, StatsSettings { basic_counts_as_satisfied: true });
        assert_eq!(strict[0].1.satisfaction_rate, r(3, 5));
        // C02 基本满意 now counts: 4 of 5.
        assert_eq!(lenient[0].1.satisfaction_rate, r(4, 5));
        let mut same = lenient[0].1.clone();
        same.satisfaction_rate = strict[0].1.satisfaction_rate;
        assert_eq!(same, strict[0].1);
    }

    #[test]
    fn grouped_by_category() {
        let out = october(GroupBy::Category, StatsSettings::default());
        assert_eq!(
            keys(&out),
            vec![
                GroupKey::All,
                GroupKey::Category(TollDispute),
                GroupKey::Category(StaffAttitude),
                GroupKey::Category(Facilities),
                GroupKey::Category(Rescue),
            ]
        );
        assert_eq!(out[0].1, october(GroupBy::None, StatsSettings::default())[0].1);

        // 收费争议: C01, C02, C08.
        let toll = &out[1].1;
        assert_eq!((toll.volume, toll.suggestions, toll.praise), (3, 0, 0));
        assert_eq!(toll.closure_rate, r(2, 3));
        assert_eq!(toll.on_time_rate, r(2, 2));
        assert_eq!(toll.revisit_rate, r(2, 2));
        // C01 满意, C02 基本满意.
        assert_eq!(toll.satisfaction_rate, r(1, 2));
        assert_eq!(toll.founded_rate, r(1, 2));
        // 86 400 + 172 800.
        assert_eq!(toll.handling_secs, r(259_200, 2));
        assert_eq!((toll.overdue, toll.urges, toll.reopened), (0, 1, 0));
        assert_eq!(toll.rectification_rate, r(0, 0));

        // 服务态度: C03, C04, C05, and the praise P01.
        let staff = &out[2].1;
        assert_eq!((staff.volume, staff.suggestions, staff.praise), (3, 0, 1));
        assert_eq!(staff.closure_rate, r(3, 3));
        // Only C05 on time.
        assert_eq!(staff.on_time_rate, r(1, 3));
        assert_eq!(staff.revisit_rate, r(3, 3));
        // C03 非常满意, C04 满意; C05 不满意.
        assert_eq!(staff.satisfaction_rate, r(2, 3));
        assert_eq!(staff.founded_rate, r(3, 3));
        // 432 000 + 345 600 + 259 200.
        assert_eq!(staff.handling_secs, r(1_036_800, 3));
        assert_eq!((staff.overdue, staff.urges, staff.reopened), (2, 2, 1));
        assert_eq!(staff.rectification_rate, r(1, 2));

        // 设施: C06, C07, and the suggestion S01.
        let fac = &out[3].1;
        assert_eq!((fac.volume, fac.suggestions, fac.praise), (2, 1, 0));
        assert_eq!(fac.closure_rate, r(1, 2));
        assert_eq!(fac.on_time_rate, r(1, 1));
        // C06 due, never reached.
        assert_eq!(fac.revisit_rate, r(0, 1));
        assert_eq!(fac.satisfaction_rate, r(0, 0));
        assert_eq!(fac.founded_rate, r(0, 1));
        assert_eq!(fac.handling_secs, r(172_800, 1));
        assert_eq!((fac.overdue, fac.urges, fac.reopened), (1, 3, 1));
        // C07 was reopened, but never after an unsatisfied revisit.
        assert_eq!(fac.rectification_rate, r(0, 0));

        // 清障救援: C12 (withdrawn), C13.
        let rescue = &out[4].1;
        assert_eq!(rescue.volume, 2);
        assert_eq!(rescue.closure_rate, r(1, 2));
        assert_eq!(rescue.on_time_rate, r(0, 0));
        assert_eq!(rescue.revisit_rate, r(0, 0));
        assert_eq!(rescue.handling_secs, r(28_800, 1));
    }

    #[test]
    fn grouped_by_month_across_three_months() {
        let out = compute(&data(), d("2026-09-01"), d("2026-11-30"), GroupBy::Month, StatsSettings::default());
        assert_eq!(
            keys(&out),
            vec![
                GroupKey::All,
                GroupKey::Month("2026-09".into()),
                GroupKey::Month("2026-10".into()),
                GroupKey::Month("2026-11".into()),
            ]
        );
        // C10 (09-30 23:59) and C11 (11-01 00:00) join the ten October complaints.
        assert_eq!(out[0].1.volume, 12);
        assert_eq!(out[1].1.volume, 1);
        assert_eq!(out[2].1, october(GroupBy::None, StatsSettings::default())[0].1);
        assert_eq!(out[3].1.volume, 1);
        // Neither C10 nor C11 is closed.
        assert_eq!(out[0].1.closure_rate, r(7, 12));
    }

    #[test]
    fn grouped_by_office_and_source() {
        let out = october(GroupBy::Office, StatsSettings::default());
        assert_eq!(keys(&out), vec![GroupKey::All, GroupKey::Office(None), GroupKey::Office(Some(UnitId(1)))]);
        // No office: C08, C13.
        assert_eq!(out[1].1.volume, 2);
        assert_eq!(out[2].1.volume, 8);

        let out = october(GroupBy::Source, StatsSettings::default());
        assert_eq!(
            keys(&out),
            vec![GroupKey::All, GroupKey::Source(Source::Provincial), GroupKey::Source(Source::DirectCall)]
        );
        // 省中心转办: C03, C04.
        assert_eq!(out[1].1.volume, 2);
        assert_eq!(out[2].1.volume, 8);
    }

    #[test]
    fn date_filter_is_inclusive_at_both_ends_in_business_time() {
        let facts = data();
        let volume =
            |from: &str, to: &str| compute(&facts, d(from), d(to), GroupBy::None, StatsSettings::default())[0].1.volume;
        // C01 at 10-01 00:00 is in; C10 at 09-30 23:59 is not.
        assert_eq!(volume("2026-10-01", "2026-10-01"), 1);
        assert_eq!(volume("2026-09-30", "2026-09-30"), 1);
        // C08 at 10-31 23:59+08:00 is October's, though it is 15:59 UTC; C11 at 11-01 00:00 is November's.
        assert_eq!(volume("2026-10-31", "2026-10-31"), 1);
        assert_eq!(volume("2026-11-01", "2026-11-30"), 1);
        assert_eq!(volume("2026-11-02", "2026-11-30"), 0);
        // An empty period.
        assert_eq!(volume("2026-10-31", "2026-10-01"), 0);

        // The same instant held with a UTC offset still counts on its business date.
        let mut late = F::new("C20", "2026-10-31 23:59").0;
        late.accepted_at = late.accepted_at.with_timezone(&chrono::FixedOffset::east_opt(0).unwrap());
        assert_eq!(late.accepted_at.date_naive(), d("2026-10-31"));
        assert_eq!(late.accepted_at.format("%H:%M").to_string(), "15:59");
        let oct = compute(&[late.clone()], d("2026-10-01"), d("2026-10-31"), GroupBy::Month, StatsSettings::default());
        assert_eq!(keys(&oct), vec![GroupKey::All, GroupKey::Month("2026-10".into())]);
        assert_eq!(oct[0].1.volume, 1);
        let nov = compute(&[late], d("2026-11-01"), d("2026-11-30"), GroupBy::None, StatsSettings::default());
        assert_eq!(nov[0].1.volume, 0);
    }

    #[test]
    fn nothing_to_count() {
        let out = compute(&[], d("2026-10-01"), d("2026-10-31"), GroupBy::Category, StatsSettings::default());
        assert_eq!(out, vec![(GroupKey::All, Indicators::default())]);
        assert_eq!(out[0].1.closure_rate.to_string(), "—（0/0）");
    }

    fn deadline(step: Step, due: &str, met: Option<&str>) -> Deadline {
        Deadline {
            step,
            started_at: t("2026-10-01 10:00"),
            base_due_at: t(due),
            due_at: t(due),
            paused_secs: 0,
            extended_to: None,
            met_at: met.map(t),
            outside_calendar: false,
        }
    }

    #[test]
    fn closed_on_time_uses_the_whole_complaint_deadline() {
        let ds = vec![
            deadline(Step::OfficeHandling, "2026-10-03 00:00", Some("2026-10-02 09:00")),
            deadline(Step::Whole, "2026-10-06 00:00", Some("2026-10-05 12:00")),
        ];
        let closed = ComplaintState::Closed;
        assert_eq!(closed_on_time(closed, Some(t("2026-10-05 12:00")), &ds), Some(true));
        // Exactly at 24:00 of the last day is still on time.
        assert_eq!(closed_on_time(closed, Some(t("2026-10-06 00:00")), &ds), Some(true));
        assert_eq!(closed_on_time(closed, Some(t("2026-10-06 00:01")), &ds), Some(false));
        // Not closed, or no whole-complaint deadline: unknown.
        assert_eq!(closed_on_time(ComplaintState::AwaitingRevisit, None, &ds), None);
        assert_eq!(closed_on_time(closed, Some(t("2026-10-05 12:00")), &ds[..1]), None);
    }

    fn attempt(unreached: Option<UnreachedReason>, satisfaction: Option<Satisfaction>) -> RevisitAttempt {
        RevisitAttempt {
            at: t("2026-10-05 10:00"),
            by: UserId(7),
            by_name: "王芳".into(),
            unreached,
            satisfaction,
            words: String::new(),
            reason: String::new(),
        }
    }

    #[test]
    fn revisit_facts_follow_reached_attempts() {
        assert_eq!(revisit_facts(&[]), (None, false));
        let only_unreached = [attempt(Some(UnreachedReason::NoAnswer), None)];
        assert_eq!(revisit_facts(&only_unreached), (None, false));
        // 不满意, reopened, then 满意; a later unreached call does not hide the last reached one.
        let rounds = [
            attempt(None, Some(Satisfaction::VeryUnsatisfied)),
            attempt(None, Some(Satisfied)),
            attempt(Some(UnreachedReason::Busy), None),
        ];
        assert_eq!(revisit_facts(&rounds), (Some(Satisfied), true));
        let basic = [attempt(None, Some(BasicallySatisfied))];
        assert_eq!(revisit_facts(&basic), (Some(BasicallySatisfied), false));
    }

    fn ratios<K: Clone>(series: &[(K, Ratio)]) -> Vec<(K, Ratio)> {
        series.to_vec()
    }

    #[test]
    fn daily_volume_counts_complaints_per_business_day_with_empty_days() {
        let facts = data();
        // C01 10-01, C02 10-03, C03 10-05; no complaint on 10-02 or 10-04.
        let days = daily_volume(&facts, d("2026-10-01"), d("2026-10-05"));
        let expected: Vec<(NaiveDate, u64)> = vec![
            (d("2026-10-01"), 1),
            (d("2026-10-02"), 0),
            (d("2026-10-03"), 1),
            (d("2026-10-04"), 0),
            (d("2026-10-05"), 1),
        ];
        assert_eq!(days, expected);
        // 10-06 has only the suggestion S01, 10-12 only the duplicate C09: neither is 受理量.
        let days = daily_volume(&facts, d("2026-10-06"), d("2026-10-12"));
        assert_eq!(days.iter().map(|(_, n)| *n).collect::<Vec<_>>(), [0, 0, 1, 0, 1, 0, 0]);
        // C08 at 10-31 23:59 (+08:00) falls on the 31st; C11 at 11-01 00:00 on the 1st.
        let days = daily_volume(&facts, d("2026-10-31"), d("2026-11-01"));
        assert_eq!(days, vec![(d("2026-10-31"), 1), (d("2026-11-01"), 1)]);
        assert!(daily_volume(&facts, d("2026-10-31"), d("2026-10-01")).is_empty());
    }

    #[test]
    fn weekly_volume_splits_at_mondays() {
        // 2026-10-01 is a Thursday. Weeks: 10-01..04 (C01, C02), 10-05..11 (C03, C04, C05),
        // 10-12..18 (C06; not the duplicate C09 nor the praise P01), 10-19..25 (C07, C13, C12),
        // 10-26..31 (C08).
        let weeks = weekly_volume(&data(), d("2026-10-01"), d("2026-10-31"));
        assert_eq!(
            weeks,
            vec![
                (d("2026-10-01"), 2),
                (d("2026-10-05"), 3),
                (d("2026-10-12"), 1),
                (d("2026-10-19"), 3),
                (d("2026-10-26"), 1),
            ]
        );
        let total: u64 = weeks.iter().map(|(_, n)| n).sum();
        assert_eq!(total, october(GroupBy::None, StatsSettings::default())[0].1.volume);
    }

    #[test]
    fn by_category_lists_every_category_in_order() {
        let cats = by_category(&data(), d("2026-10-01"), d("2026-10-31"));
        assert_eq!(
            cats,
            vec![
                // C01, C02, C08.
                (TollDispute, 3),
                (Category::VehicleClassDispute, 0),
                // C03, C04, C05 (not the praise P01).
                (StaffAttitude, 3),
                (Category::TollStandard, 0),
                // C06, C07 (not the suggestion S01).
                (Facilities, 2),
                // C12, C13 (C10 and C11 are outside October).
                (Rescue, 2),
                (Category::Signage, 0),
                (Category::Other, 0),
            ]
        );
    }

    #[test]
    fn on_time_by_office_per_office_with_unassigned_first() {
        let mut facts = data();
        // Move C03 (closed late) to office 2.
        facts[2].office = Some(UnitId(2));
        let out = on_time_by_office(&facts, d("2026-10-01"), d("2026-10-31"));
        assert_eq!(
            ratios(&out),
            vec![
                // C08 open, C13 closed without a whole-complaint deadline.
                (None, r(0, 0)),
                // Closed with a deadline: C01 ✓, C02 ✓, C04 ✗, C05 ✓, C06 ✓.
                (Some(UnitId(1)), r(4, 5)),
                // C03 ✗.
                (Some(UnitId(2)), r(0, 1)),
            ]
        );
        // An office without complaints in the period is left out.
        let out = on_time_by_office(&facts, d("2026-10-06"), d("2026-10-31"));
        assert_eq!(out.iter().map(|(o, _)| *o).collect::<Vec<_>>(), [None, Some(UnitId(1))]);
    }

    #[test]
    fn satisfaction_by_month_has_every_month_and_follows_the_setting() {
        let facts = data();
        let strict = satisfaction_by_month(&facts, d("2026-09-15"), d("2026-11-30"), StatsSettings::default());
        // September: C10 never revisited; October 3 of 5 (see totals_for_october); November: C11 open.
        assert_eq!(
            ratios(&strict),
            vec![("2026-09".to_owned(), r(0, 0)), ("2026-10".to_owned(), r(3, 5)), ("2026-11".to_owned(), r(0, 0))]
        );
        let lenient = satisfaction_by_month(
            &facts,
            d("2026-10-01"),
            d("2026-10-31"),
            StatsSettings { basic_counts_as_satisfied: true },
        );
        assert_eq!(lenient, vec![("2026-10".to_owned(), r(4, 5))]);
        let empty = satisfaction_by_month(&facts, d("2026-08-20"), d("2026-09-10"), StatsSettings::default());
        assert_eq!(empty, vec![("2026-08".to_owned(), r(0, 0)), ("2026-09".to_owned(), r(0, 0))]);
    }

    #[test]
    fn quick_ranges_and_month_bounds() {
        let today = d("2026-11-21");
        assert_eq!(QuickRange::ThisMonth.range(today), (d("2026-11-01"), today));
        assert_eq!(QuickRange::LastMonth.range(today), (d("2026-10-01"), d("2026-10-31")));
        assert_eq!(QuickRange::ThisYear.range(today), (d("2026-01-01"), today));
        assert_eq!(QuickRange::Last30Days.range(today), (d("2026-10-23"), today));
        // Across a year end, and a short February.
        assert_eq!(QuickRange::LastMonth.range(d("2026-01-15")), (d("2025-12-01"), d("2025-12-31")));
        assert_eq!(QuickRange::LastMonth.range(d("2026-03-31")), (d("2026-02-01"), d("2026-02-28")));
        assert_eq!(month_bounds("2024-02"), Some((d("2024-02-01"), d("2024-02-29"))));
        assert_eq!(month_bounds("2026-12"), Some((d("2026-12-01"), d("2026-12-31"))));
        assert_eq!(month_bounds("十月"), None);
    }

    #[test]
    fn only_leaders_and_admins_change_the_settings() {
        use crate::domain::org::Role;
        assert!(may_change_settings(&[Role::DutyLeader]));
        assert!(may_change_settings(&[Role::Operator, Role::Admin]));
        assert!(!may_change_settings(&[Role::Operator]));
        assert!(!may_change_settings(&[Role::OfficeHead, Role::OfficeHandler]));
    }

    #[test]
    fn months_parse_step_and_bound() {
        let m = Month::parse("2026-02").unwrap();
        assert_eq!((m.first(), m.last()), (d("2026-02-01"), d("2026-02-28")));
        assert_eq!(Month::parse("2024-2").unwrap().last(), d("2024-02-29"));
        assert_eq!(Month::parse("2026-12").unwrap().next().to_string(), "2027-01");
        assert_eq!(Month::parse("2026-01").unwrap().prev().to_string(), "2025-12");
        for bad in ["2026-13", "2026-00", "2026", "十月", "2026-1x"] {
            assert_eq!(Month::parse(bad), None, "{bad}");
        }
        let six: Vec<String> = Month::parse("2026-03").unwrap().last_n(6).iter().map(ToString::to_string).collect();
        assert_eq!(six, ["2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03"]);
        assert_eq!(Month::of(d("2026-10-31")).label(), "2026年10月");
    }

    #[test]
    fn overdue_or_reopened_lists_the_complaints_behind_those_counts() {
        let facts = data();
        let list: Vec<&str> =
            overdue_or_reopened(&facts, d("2026-10-01"), d("2026-10-31")).iter().map(|f| f.number.as_str()).collect();
        // C03 late; C04 late and reopened; C07 late and reopened; not the repeat call C09.
        assert_eq!(list, ["C03", "C04", "C07"]);
        assert!(overdue_or_reopened(&data(), d("2026-10-21"), d("2026-10-31")).is_empty());
    }
}

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

/// Whether `f` counts in 受理量: a complaint, not a linked repeat call.
fn counts_as_complaint(f: &ComplaintFacts) -> bool {
    f.kind == ItemKind::Complaint && f.state != ComplaintState::Duplicate
}

/// 受理量 per business day of `from..=to`, every day listed (0 where none came in).
#[must_use]
pub fn volume_per_day(facts: &[ComplaintFacts], from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, u64)> {
    let days = usize::try_from((to - from).num_days() + 1).unwrap_or(0);
    let mut out: Vec<(NaiveDate, u64)> = from.iter_days().take(days).map(|d| (d, 0)).collect();
    for f in facts.iter().filter(|f| counts_as_complaint(f)) {
        let date = to_biz(&f.accepted_at).date_naive();
        if let Some(i) = usize::try_from((date - from).num_days()).ok().filter(|&i| i < days) {
            out[i].1 += 1;
        }
    }
    out
}

/// 满意率 of complaints accepted in each of `months` (in that order; an empty month is 0/0).
#[must_use]
pub fn satisfaction_per_month(
    facts: &[ComplaintFacts],
    months: &[Month],
    settings: StatsSettings,
) -> Vec<(Month, Ratio)> {
    let (Some(first), Some(last)) = (months.first(), months.last()) else {
        return Vec::new();
    };
    let by_month: BTreeMap<GroupKey, Indicators> =
        compute(facts, first.first(), last.last(), GroupBy::Month, settings).into_iter().skip(1).collect();
    months
        .iter()
        .map(|m| (*m, by_month.get(&GroupKey::Month(m.to_string())).map(|i| i.satisfaction_rate).unwrap_or_default()))
        .collect()
}

/// The complaints accepted on `from..=to` that need a second look: overdue (超期) or re-handled
/// (重办), oldest first.
#[must_use]
pub fn overdue_or_reopened(facts: &[ComplaintFacts], from: NaiveDate, to: NaiveDate) -> Vec<&ComplaintFacts> {
    let mut out: Vec<&ComplaintFacts> = facts
        .iter()
        .filter(|f| counts_as_complaint(f) && (f.overdue || f.reopen_count > 0))
        .filter(|f| (from..=to).contains(&to_biz(&f.accepted_at).date_naive()))
        .collect();
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
    fn volume_per_day_lists_every_day_and_skips_repeats_and_other_kinds() {
        let days = volume_per_day(&data(), d("2026-10-01"), d("2026-10-31"));
        assert_eq!(days.len(), 31);
        let busy: Vec<(u32, u64)> =
            days.iter().filter(|(_, n)| *n > 0).map(|(day, n)| (chrono::Datelike::day(day), *n)).collect();
        // C01 1st, C02 3rd, C03 5th, C04 8th, C05 10th, C06 15th, C07 20th, C13 22nd, C12 25th,
        // C08 31st at 23:59; not the repeat C09 (12th), the suggestion (6th) or the praise (18th).
        assert_eq!(busy, [(1, 1), (3, 1), (5, 1), (8, 1), (10, 1), (15, 1), (20, 1), (22, 1), (25, 1), (31, 1)]);
        let total: u64 = days.iter().map(|(_, n)| n).sum();
        assert_eq!(total, october(GroupBy::None, StatsSettings::default())[0].1.volume);
        // C10 on 09-30 23:59, C11 on 11-01 00:00.
        let edges = volume_per_day(&data(), d("2026-09-30"), d("2026-11-01"));
        assert_eq!((edges[0].1, edges[32].1), (1, 1));
        assert!(volume_per_day(&data(), d("2026-10-02"), d("2026-10-01")).is_empty());
    }

    #[test]
    fn satisfaction_per_month_fills_empty_months() {
        let months = Month::parse("2026-11").unwrap().last_n(3);
        let out = satisfaction_per_month(&data(), &months, StatsSettings::default());
        // September: C10, never revisited; October: 3 of 5 as in the totals; November: C11, open.
        assert_eq!(out, vec![(months[0], r(0, 0)), (months[1], r(3, 5)), (months[2], r(0, 0))]);
        let lenient = satisfaction_per_month(&data(), &months, StatsSettings { basic_counts_as_satisfied: true });
        assert_eq!(lenient[1].1, r(4, 5));
        assert!(satisfaction_per_month(&data(), &[], StatsSettings::default()).is_empty());
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

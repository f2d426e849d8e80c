//! Deadlines (时限): rules per step and grade, counted in hours, natural days or working days.
//!
//! Counting follows the civil code (民法典 §201–203): a limit in hours runs from the exact
//! start; a limit in days starts counting on the day after the start (the business date,
//! in +08:00) and ends at 24:00 of its last day, stored as 00:00 of the day after.

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::domain::calendar::WorkCalendar;
use crate::domain::time::{BizTime, format_span, start_of_day, to_biz};
use crate::labeled_enum;

labeled_enum! {
    /// The step a deadline applies to.
    pub enum Step {
        FirstResponse = ("first_response", "首次响应"),
        OfficeHandling = ("office_handling", "管理所办理"),
        Revisit = ("revisit", "回访"),
        Whole = ("whole", "整体办结"),
    }
}

labeled_enum! {
    /// Complaint grade; major complaints have tighter limits (domain.md §3). It lives here, with
    /// the rules it selects, so that a complaint (`work`) reads its deadlines and not the reverse.
    pub enum Grade {
        Ordinary = ("ordinary", "一般"),
        Major = ("major", "重大"),
    }
}

labeled_enum! {
    /// How a limit is counted.
    pub enum DeadlineUnit {
        Hours = ("hours", "小时"),
        NaturalDays = ("natural_days", "自然日"),
        WorkingDays = ("working_days", "工作日"),
    }
}

labeled_enum! {
    /// Status of an open deadline.
    pub enum DeadlineState {
        Normal = ("normal", "正常"),
        DueSoon = ("due_soon", "临期"),
        Overdue = ("overdue", "超期"),
    }
}

/// A limit for one step and grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineRule {
    pub step: Step,
    pub grade: Grade,
    pub amount: u32,
    pub unit: DeadlineUnit,
}

/// All limits, plus the share of time after which a deadline is 临期.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeadlineRules {
    pub rules: Vec<DeadlineRule>,
    /// 0.8 = 临期 once 80 % of the time is used.
    pub due_soon_share: f64,
}

impl Default for DeadlineRules {
    /// The defaults of domain.md §4.
    fn default() -> Self {
        let rule = |step, grade, amount, unit| DeadlineRule { step, grade, amount, unit };
        Self {
            rules: vec![
                rule(Step::FirstResponse, Grade::Major, 2, DeadlineUnit::Hours),
                rule(Step::OfficeHandling, Grade::Ordinary, 1, DeadlineUnit::NaturalDays),
                rule(Step::OfficeHandling, Grade::Major, 1, DeadlineUnit::NaturalDays),
                rule(Step::Revisit, Grade::Ordinary, 2, DeadlineUnit::NaturalDays),
                rule(Step::Revisit, Grade::Major, 2, DeadlineUnit::NaturalDays),
                rule(Step::Whole, Grade::Ordinary, 4, DeadlineUnit::NaturalDays),
                rule(Step::Whole, Grade::Major, 48, DeadlineUnit::Hours),
            ],
            due_soon_share: 0.8,
        }
    }
}

impl DeadlineRules {
    /// The rule for `step` and `grade`, if that step has a limit for that grade.
    #[must_use]
    pub fn rule(&self, step: Step, grade: Grade) -> Option<DeadlineRule> {
        self.rules.iter().copied().find(|r| r.step == step && r.grade == grade)
    }

    /// Add or replace the rule for its step and grade.
    pub fn set(&mut self, rule: DeadlineRule) {
        match self.rules.iter_mut().find(|r| r.step == rule.step && r.grade == rule.grade) {
            Some(existing) => *existing = rule,
            None => self.rules.push(rule),
        }
    }

    /// Remove the limit for `step` and `grade` (that step is then not timed for that grade).
    pub fn remove(&mut self, step: Step, grade: Grade) {
        self.rules.retain(|r| !(r.step == step && r.grade == grade));
    }
}

/// A computed due time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueTime {
    pub due: BizTime,
    /// Some day counted lies in a year the calendar does not know.
    pub outside_calendar: bool,
}

/// When a limit of `amount` `unit`s starting at `start` ends (民法典 §201–203 for days).
///
/// - Hours: exactly `amount` hours after `start`.
/// - Natural days: 24:00 of the `amount`-th day after the start date, whatever the
///   calendar says; the calendar is not consulted, so `outside_calendar` is `false`.
/// - Working days: 24:00 of the `amount`-th working day strictly after the start date;
///   `outside_calendar` is set when a day examined lies in a year the calendar does not
///   know (such days count as plain weekdays/weekends).
///
/// 24:00 of a day is returned as 00:00 of the next day; `amount` 0 in days means 24:00
/// of the start date. Times beyond what dates can hold saturate at the latest date.
#[must_use]
pub fn compute_due(start: BizTime, amount: u32, unit: DeadlineUnit, calendar: &WorkCalendar) -> DueTime {
    let start = to_biz(&start);
    let day0 = start.date_naive();
    match unit {
        DeadlineUnit::Hours => {
            let due = start.checked_add_signed(Duration::hours(i64::from(amount))).unwrap_or_else(latest);
            DueTime { due, outside_calendar: false }
        }
        DeadlineUnit::NaturalDays => {
            let last = day0.checked_add_days(chrono::Days::new(u64::from(amount))).unwrap_or(NaiveDate::MAX);
            DueTime { due: end_of_day(last), outside_calendar: false }
        }
        DeadlineUnit::WorkingDays => {
            let last_entry = calendar.last_entry_date();
            let mut day = day0;
            let mut counted = 0;
            let mut outside = false;
            while counted < amount {
                // Past every entry, any 7 days hold exactly 5 working days: skip whole weeks.
                let left = amount - counted;
                if left > 10 && last_entry.is_none_or(|last| day >= last) {
                    let weeks = (left - 5) / 5;
                    let Some(ahead) = day.checked_add_days(chrono::Days::new(u64::from(weeks) * 7)) else {
                        return DueTime { due: latest(), outside_calendar: true };
                    };
                    outside |= (day.year()..=ahead.year()).any(|y| !calendar.is_known_year(y));
                    day = ahead;
                    counted += weeks * 5;
                    continue;
                }
                let Some(next) = day.succ_opt() else { break };
                day = next;
                let info = calendar.day_info(day);
                outside |= !info.known;
                if info.working {
                    counted += 1;
                }
            }
            DueTime { due: end_of_day(day), outside_calendar: outside }
        }
    }
}

/// 24:00 of `date`, i.e. 00:00 of the next day (saturating at the latest date).
fn end_of_day(date: NaiveDate) -> BizTime {
    date.succ_opt().map_or_else(latest, start_of_day)
}

/// The latest instant a due time can take: 00:00 of the last representable date.
fn latest() -> BizTime {
    start_of_day(NaiveDate::MAX)
}

/// An open or met deadline of a complaint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    pub step: Step,
    pub started_at: BizTime,
    /// Due time from the rule alone.
    pub base_due_at: BizTime,
    /// Current due time: base + pauses, or the granted extension.
    pub due_at: BizTime,
    /// Total seconds the clock was paused.
    pub paused_secs: i64,
    /// Set when an extension was granted.
    pub extended_to: Option<BizTime>,
    /// When the step was done; `None` while open.
    pub met_at: Option<BizTime>,
    /// The due time was counted over days the calendar does not know.
    pub outside_calendar: bool,
}

/// Status of a deadline at some instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadlineStatus {
    pub state: DeadlineState,
    /// Seconds left; negative when overdue.
    pub secs_left: i64,
}

impl DeadlineStatus {
    /// `剩余 3小时20分` or `超期 1天2小时`.
    #[must_use]
    pub fn text(&self) -> String {
        match self.state {
            DeadlineState::Overdue => format!("超期 {}", format_span(self.secs_left)),
            DeadlineState::Normal | DeadlineState::DueSoon => format!("剩余 {}", format_span(self.secs_left)),
        }
    }
}

impl Deadline {
    /// Start a deadline for `rule` at `start`.
    #[must_use]
    pub fn start(rule: DeadlineRule, start: BizTime, calendar: &WorkCalendar) -> Self {
        let started_at = to_biz(&start);
        let due = compute_due(started_at, rule.amount, rule.unit, calendar);
        Self {
            step: rule.step,
            started_at,
            base_due_at: due.due,
            due_at: due.due,
            paused_secs: 0,
            extended_to: None,
            met_at: None,
            outside_calendar: due.outside_calendar,
        }
    }

    /// The clock was paused for `secs`: move the due time by as much.
    ///
    /// A granted extension moves too. A pause of zero or negative length changes nothing.
    pub fn add_pause(&mut self, secs: i64) {
        if secs <= 0 {
            return;
        }
        let shift = |t: BizTime| t.checked_add_signed(Duration::seconds(secs)).unwrap_or_else(latest);
        self.paused_secs = self.paused_secs.saturating_add(secs);
        self.due_at = shift(self.due_at);
        self.extended_to = self.extended_to.map(shift);
    }

    /// A granted extension: the step is now due at `until`.
    pub fn extend_to(&mut self, until: BizTime) {
        let until = to_biz(&until);
        self.extended_to = Some(until);
        self.due_at = until;
    }

    /// Status at `now`; while paused (`paused_since`), time stands still at the pause.
    ///
    /// A met deadline is frozen at `met_at`. 临期 once the time used (from `started_at`,
    /// pauses included, as the due time moved by as much) reaches `due_soon_share` of the
    /// whole span from `started_at` to the current due time.
    #[must_use]
    pub fn status(&self, now: BizTime, due_soon_share: f64, paused_since: Option<BizTime>) -> DeadlineStatus {
        let effective = match (self.met_at, paused_since) {
            (Some(met), _) => met,
            (None, Some(paused)) => paused.min(now),
            (None, None) => now,
        };
        let secs_left = (self.due_at - effective).num_seconds();
        let total = (self.due_at - self.started_at).num_seconds();
        let elapsed = (effective - self.started_at).num_seconds();
        let state = if secs_left < 0 {
            DeadlineState::Overdue
        } else if elapsed as f64 >= due_soon_share * total as f64 {
            DeadlineState::DueSoon
        } else {
            DeadlineState::Normal
        };
        DeadlineStatus { state, secs_left }
    }

    /// Whether the step was (or, if still open at `now`, is) late.
    #[must_use]
    pub fn missed(&self, now: BizTime) -> bool {
        match self.met_at {
            Some(m) => m > self.due_at,
            None => now > self.due_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::CalendarDay;
    use crate::domain::time::{format_due, parse_biz_time, rfc3339};

    fn t(s: &str) -> BizTime {
        parse_biz_time(s).unwrap()
    }

    fn due(start: &str, amount: u32, unit: DeadlineUnit) -> DueTime {
        compute_due(t(start), amount, unit, &WorkCalendar::builtin())
    }

    #[test]
    fn compute_due_table() {
        use DeadlineUnit::{Hours, NaturalDays, WorkingDays};
        // (start, amount, unit, due as people read it, outside_calendar)
        let cases = [
            // National Day 2026: 10-01…10-07 off, 10-10 (Sat) worked.
            ("2026-09-30 10:00", 1, WorkingDays, "2026-10-08 24:00", false),
            ("2026-09-30 10:00", 2, WorkingDays, "2026-10-09 24:00", false),
            ("2026-09-30 10:00", 3, WorkingDays, "2026-10-10 24:00", false),
            ("2026-09-30 10:00", 4, WorkingDays, "2026-10-12 24:00", false),
            ("2026-09-18 09:00", 1, WorkingDays, "2026-09-20 24:00", false),
            // Spring Festival 2026: 02-14 (Sat) worked, 02-15…02-23 off, 02-28 (Sat) worked.
            ("2026-02-13 15:00", 1, WorkingDays, "2026-02-14 24:00", false),
            ("2026-02-13 15:00", 2, WorkingDays, "2026-02-24 24:00", false),
            ("2026-02-26 08:00", 2, WorkingDays, "2026-02-28 24:00", false),
            // 2025 National Day + Mid-Autumn: 10-01…10-08 off, 10-11 (Sat) worked.
            ("2025-09-30 17:00", 1, WorkingDays, "2025-10-09 24:00", false),
            ("2025-09-30 17:00", 3, WorkingDays, "2025-10-11 24:00", false),
            // A plain week: Friday + 1 working day is Monday.
            ("2026-03-06 12:00", 1, WorkingDays, "2026-03-09 24:00", false),
            // 003_*.txt: level-2 complaints in 3 working days.
            ("2026-03-09 12:00", 3, WorkingDays, "2026-03-12 24:00", false),
            // Natural days ignore holidays.
            ("2026-09-30 10:00", 1, NaturalDays, "2026-10-01 24:00", false),
            ("2026-09-30 10:00", 4, NaturalDays, "2026-10-04 24:00", false),
            ("2026-02-28 23:59", 1, NaturalDays, "2026-03-01 24:00", false),
            ("2030-06-01 10:00", 2, NaturalDays, "2030-06-03 24:00", false),
            // Zero days: 24:00 of the start day.
            ("2026-09-30 10:00", 0, NaturalDays, "2026-09-30 24:00", false),
            ("2026-10-03 10:00", 0, WorkingDays, "2026-10-03 24:00", false),
            // Hours run from the exact start.
            ("2026-09-30 23:30", 2, Hours, "2026-10-01 01:30", false),
            ("2026-09-30 10:00", 48, Hours, "2026-10-02 10:00", false),
            ("2026-09-30 10:15", 0, Hours, "2026-09-30 10:15", false),
            // Unknown years: plain weekdays, flagged.
            ("2030-01-04 10:00", 1, WorkingDays, "2030-01-07 24:00", true),
            ("2026-12-31 10:00", 1, WorkingDays, "2027-01-01 24:00", true),
            ("2023-12-29 10:00", 1, WorkingDays, "2024-01-02 24:00", true),
            ("2026-12-30 10:00", 1, WorkingDays, "2026-12-31 24:00", false),
        ];
        for (start, amount, unit, want, outside) in cases {
            let got = due(start, amount, unit);
            assert_eq!(format_due(got.due), want, "{start} + {amount} {unit}");
            assert_eq!(got.outside_calendar, outside, "{start} + {amount} {unit}");
        }
    }

    #[test]
    fn days_end_at_midnight_of_the_next_day() {
        let got = due("2026-09-30 10:00", 1, DeadlineUnit::WorkingDays);
        assert_eq!(rfc3339(got.due), "2026-10-09T00:00:00+08:00");
        let got = due("2026-09-30 10:00", 3, DeadlineUnit::WorkingDays);
        assert_eq!(rfc3339(got.due), "2026-10-11T00:00:00+08:00");
    }

    #[test]
    fn start_in_another_zone_counts_from_the_cst_date() {
        let cal = WorkCalendar::builtin();
        // 2026-09-30T18:00Z is 2026-10-01 02:00 in Beijing.
        let start = chrono::DateTime::parse_from_rfc3339("2026-09-30T18:00:00Z").unwrap();
        let nat = compute_due(start, 1, DeadlineUnit::NaturalDays, &cal);
        assert_eq!(rfc3339(nat.due), "2026-10-03T00:00:00+08:00");
        let work = compute_due(start, 1, DeadlineUnit::WorkingDays, &cal);
        assert_eq!(format_due(work.due), "2026-10-08 24:00");
        let hours = compute_due(start, 2, DeadlineUnit::Hours, &cal);
        assert_eq!(rfc3339(hours.due), "2026-10-01T04:00:00+08:00");
        // Results are always in +08:00.
        assert_eq!(nat.due.offset().local_minus_utc(), 8 * 3600);
        assert_eq!(hours.due.offset().local_minus_utc(), 8 * 3600);
    }

    /// Count working days one by one, as the definition says.
    fn slow_working_due(start: NaiveDate, amount: u32, cal: &WorkCalendar) -> (NaiveDate, bool) {
        let (mut day, mut left, mut outside) = (start, amount, false);
        while left > 0 {
            day = day.succ_opt().unwrap();
            let info = cal.day_info(day);
            outside |= !info.known;
            if info.working {
                left -= 1;
            }
        }
        (day.succ_opt().unwrap(), outside)
    }

    #[test]
    fn long_working_day_limits_match_day_by_day_counting() {
        let cal = WorkCalendar::builtin();
        let starts = ["2024-01-01", "2025-12-20", "2026-09-30", "2026-10-09", "2026-10-10", "2026-12-31", "2031-02-05"];
        for start in starts {
            let day = NaiveDate::parse_from_str(start, "%Y-%m-%d").unwrap();
            for amount in [0, 1, 5, 10, 11, 12, 17, 30, 64, 250, 800, 3001] {
                let got = compute_due(start_of_day(day), amount, DeadlineUnit::WorkingDays, &cal);
                let (want, outside) = slow_working_due(day, amount, &cal);
                assert_eq!(got.due, start_of_day(want), "{start} + {amount}");
                assert_eq!(got.outside_calendar, outside, "{start} + {amount}");
            }
        }
    }

    #[test]
    fn absurd_amounts_saturate_instead_of_panicking() {
        let cal = WorkCalendar::builtin();
        let start = t("2026-09-30 10:00");
        for unit in DeadlineUnit::ALL {
            let got = compute_due(start, u32::MAX, *unit, &cal);
            assert!(got.due > start, "{unit}");
        }
        assert!(compute_due(start, u32::MAX, DeadlineUnit::WorkingDays, &cal).outside_calendar);
    }

    #[test]
    fn default_rules_follow_the_domain_brief() {
        use DeadlineUnit::{Hours, NaturalDays};
        use Grade::{Major, Ordinary};
        let rules = DeadlineRules::default();
        let cases = [
            (Step::OfficeHandling, Ordinary, Some((1, NaturalDays))),
            (Step::OfficeHandling, Major, Some((1, NaturalDays))),
            (Step::Revisit, Ordinary, Some((2, NaturalDays))),
            (Step::Revisit, Major, Some((2, NaturalDays))),
            (Step::Whole, Ordinary, Some((4, NaturalDays))),
            (Step::Whole, Major, Some((48, Hours))),
            (Step::FirstResponse, Major, Some((2, Hours))),
            (Step::FirstResponse, Ordinary, None),
        ];
        for (step, grade, want) in cases {
            assert_eq!(rules.rule(step, grade).map(|r| (r.amount, r.unit)), want, "{step} {grade}");
        }
        assert_eq!(rules.rules.len(), 7);
        assert!((rules.due_soon_share - 0.8).abs() < f64::EPSILON);
    }

    #[test]
    fn set_replaces_or_appends() {
        let mut rules = DeadlineRules::default();
        let three_days =
            DeadlineRule { step: Step::Whole, grade: Grade::Ordinary, amount: 3, unit: DeadlineUnit::WorkingDays };
        rules.set(three_days);
        assert_eq!(rules.rules.len(), 7);
        assert_eq!(rules.rule(Step::Whole, Grade::Ordinary), Some(three_days));
        let first =
            DeadlineRule { step: Step::FirstResponse, grade: Grade::Ordinary, amount: 4, unit: DeadlineUnit::Hours };
        rules.set(first);
        assert_eq!(rules.rules.len(), 8);
        assert_eq!(rules.rule(Step::FirstResponse, Grade::Ordinary), Some(first));
        rules.remove(Step::FirstResponse, Grade::Ordinary);
        assert_eq!(rules.rule(Step::FirstResponse, Grade::Ordinary), None);
        assert_eq!(rules.rules.len(), 7);
    }

    #[test]
    fn rules_round_trip_through_json() {
        let rules = DeadlineRules::default();
        let json = serde_json::to_string(&rules).unwrap();
        assert!(json.contains("\"working_days\"") || json.contains("\"natural_days\""));
        assert_eq!(serde_json::from_str::<DeadlineRules>(&json).unwrap(), rules);
    }

    fn rule(amount: u32, unit: DeadlineUnit) -> DeadlineRule {
        DeadlineRule { step: Step::OfficeHandling, grade: Grade::Ordinary, amount, unit }
    }

    #[test]
    fn start_computes_the_due_time() {
        let cal = WorkCalendar::builtin();
        let d = Deadline::start(rule(1, DeadlineUnit::WorkingDays), t("2026-09-30 10:00"), &cal);
        assert_eq!(d.step, Step::OfficeHandling);
        assert_eq!(d.started_at, t("2026-09-30 10:00"));
        assert_eq!(format_due(d.due_at), "2026-10-08 24:00");
        assert_eq!(d.base_due_at, d.due_at);
        assert_eq!((d.paused_secs, d.extended_to, d.met_at, d.outside_calendar), (0, None, None, false));
        let far = Deadline::start(rule(1, DeadlineUnit::WorkingDays), t("2030-01-04 10:00"), &cal);
        assert!(far.outside_calendar);
    }

    #[test]
    fn pause_moves_the_due_time() {
        let cal = WorkCalendar::builtin();
        let mut d = Deadline::start(rule(2, DeadlineUnit::Hours), t("2026-09-30 10:00"), &cal);
        d.add_pause(30 * 60);
        d.add_pause(90 * 60);
        assert_eq!(d.due_at, t("2026-09-30 14:00"));
        assert_eq!(d.base_due_at, t("2026-09-30 12:00"));
        assert_eq!(d.paused_secs, 2 * 3600);
        d.add_pause(0);
        d.add_pause(-600);
        assert_eq!((d.due_at, d.paused_secs), (t("2026-09-30 14:00"), 2 * 3600));
        assert!(!d.missed(t("2026-09-30 13:00")));
        assert!(d.missed(t("2026-09-30 14:01")));
    }

    #[test]
    fn extension_sets_the_due_time_and_moves_with_pauses() {
        let cal = WorkCalendar::builtin();
        let mut d = Deadline::start(rule(1, DeadlineUnit::NaturalDays), t("2026-09-30 10:00"), &cal);
        d.add_pause(3600);
        d.extend_to(t("2026-10-05 18:00"));
        assert_eq!(d.extended_to, Some(t("2026-10-05 18:00")));
        assert_eq!(d.due_at, t("2026-10-05 18:00"));
        d.add_pause(2 * 3600);
        assert_eq!(d.extended_to, Some(t("2026-10-05 20:00")));
        assert_eq!(d.due_at, t("2026-10-05 20:00"));
        assert_eq!(d.paused_secs, 3 * 3600);
        assert_eq!(format_due(d.base_due_at), "2026-10-01 24:00");
    }

    #[test]
    fn status_table() {
        let cal = WorkCalendar::builtin();
        // 10 hours from 08:00 to 18:00; 临期 from 16:00 (80 %).
        let d = Deadline::start(rule(10, DeadlineUnit::Hours), t("2026-03-02 08:00"), &cal);
        let cases = [
            ("2026-03-02 08:00", DeadlineState::Normal, 10 * 3600, "剩余 10小时"),
            ("2026-03-02 14:40", DeadlineState::Normal, 3 * 3600 + 20 * 60, "剩余 3小时20分"),
            ("2026-03-02 15:59", DeadlineState::Normal, 2 * 3600 + 60, "剩余 2小时1分"),
            ("2026-03-02 16:00", DeadlineState::DueSoon, 2 * 3600, "剩余 2小时"),
            ("2026-03-02 17:45", DeadlineState::DueSoon, 15 * 60, "剩余 15分"),
            ("2026-03-02 18:00", DeadlineState::DueSoon, 0, "剩余 0分"),
            ("2026-03-02 18:00:30", DeadlineState::Overdue, -30, "超期 0分"),
            ("2026-03-03 20:00", DeadlineState::Overdue, -(86_400 + 2 * 3600), "超期 1天2小时"),
        ];
        for (now, state, secs_left, text) in cases {
            let s = d.status(t(now), 0.8, None);
            assert_eq!(s, DeadlineStatus { state, secs_left }, "{now}");
            assert_eq!(s.text(), text, "{now}");
        }
    }

    #[test]
    fn due_soon_share_is_a_setting() {
        let cal = WorkCalendar::builtin();
        let d = Deadline::start(rule(10, DeadlineUnit::Hours), t("2026-03-02 08:00"), &cal);
        assert_eq!(d.status(t("2026-03-02 13:00"), 0.5, None).state, DeadlineState::DueSoon);
        assert_eq!(d.status(t("2026-03-02 13:00"), 0.8, None).state, DeadlineState::Normal);
        assert_eq!(d.status(t("2026-03-02 17:59"), 1.0, None).state, DeadlineState::Normal);
    }

    #[test]
    fn paused_status_stands_still() {
        let cal = WorkCalendar::builtin();
        let mut d = Deadline::start(rule(10, DeadlineUnit::Hours), t("2026-03-02 08:00"), &cal);
        let paused = Some(t("2026-03-02 12:00"));
        let at_pause = d.status(t("2026-03-02 12:00"), 0.8, paused);
        for now in ["2026-03-02 17:00", "2026-03-02 19:00", "2026-03-05 08:00"] {
            assert_eq!(d.status(t(now), 0.8, paused), at_pause, "{now}");
        }
        assert_eq!(at_pause, DeadlineStatus { state: DeadlineState::Normal, secs_left: 6 * 3600 });
        // Resumed at 15:00: the three hours move the due time to 21:00.
        d.add_pause(3 * 3600);
        assert_eq!(d.due_at, t("2026-03-02 21:00"));
        assert_eq!(d.status(t("2026-03-02 15:00"), 0.8, None).secs_left, 6 * 3600);
        assert_eq!(d.status(t("2026-03-02 19:00"), 0.8, None).state, DeadlineState::DueSoon);
        assert!(!d.missed(t("2026-03-02 20:00")));
    }

    #[test]
    fn met_deadline_status_is_frozen_at_met_time() {
        let cal = WorkCalendar::builtin();
        let mut d = Deadline::start(rule(10, DeadlineUnit::Hours), t("2026-03-02 08:00"), &cal);
        d.met_at = Some(t("2026-03-02 10:00"));
        let s = d.status(t("2026-03-04 10:00"), 0.8, None);
        assert_eq!(s, DeadlineStatus { state: DeadlineState::Normal, secs_left: 8 * 3600 });
        assert!(!d.missed(t("2026-03-04 10:00")));
    }

    #[test]
    fn unknown_year_is_flagged_and_uses_plain_weekdays() {
        let mut cal = WorkCalendar::builtin();
        // 2030-10-01 is a Tuesday: without a 2030 calendar it is a working day.
        let got = compute_due(t("2030-09-30 10:00"), 1, DeadlineUnit::WorkingDays, &cal);
        assert_eq!((format_due(got.due).as_str(), got.outside_calendar), ("2030-10-01 24:00", true));
        // Once 2030 is imported, the holiday counts and the flag goes.
        let days = (1..=7)
            .map(|day| CalendarDay {
                date: NaiveDate::from_ymd_opt(2030, 10, day).unwrap(),
                name: "国庆节".to_owned(),
                off: true,
            })
            .collect();
        cal.import_year(2030, days);
        let got = compute_due(t("2030-09-30 10:00"), 1, DeadlineUnit::WorkingDays, &cal);
        assert_eq!((format_due(got.due).as_str(), got.outside_calendar), ("2030-10-08 24:00", false));
    }

    #[test]
    fn imported_holiday_cn_file_changes_due_times() {
        let mut cal = WorkCalendar::builtin();
        let json = r#"{"year": 2026, "papers": [], "days": [
            {"name": "国庆节", "date": "2026-10-01", "isOffDay": true},
            {"name": "国庆节", "date": "2026-10-02", "isOffDay": true}]}"#;
        let (year, days) = WorkCalendar::parse_holiday_cn(json).unwrap();
        cal.import_year(year, days);
        let got = compute_due(t("2026-09-30 10:00"), 1, DeadlineUnit::WorkingDays, &cal);
        assert_eq!(format_due(got.due), "2026-10-05 24:00");
    }
}

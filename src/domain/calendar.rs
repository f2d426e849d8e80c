//! The working-day calendar: holidays and adjusted workdays (调休), as data.
//!
//! The calendar ships as data (`assets/calendar/<year>.json`, in the community format of
//! the NateScarlet/holiday-cn project) and imports further years in the same format.
//! A date with no entry is a working day Monday to Friday and a day off on Saturday and
//! Sunday; for a year the calendar does not know, that plain rule is all there is, and
//! [`DayInfo::known`] says so.
//!
//! Which year a file entry belongs to: a holiday-cn file for year *Y* may list days of
//! December *Y−1* (元旦 starting on 12-30, or an adjusted workday on 12-31). No Chinese
//! public holiday or adjusted workday of year *Y* itself falls in December, so an entry
//! dated in December belongs to the next year's file; every other entry to its own year.
//! This is what [`WorkCalendar::import_year`] replaces, and it survives storage (which
//! keeps only the entries and the known years).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// One entry of the calendar: a holiday (off) or an adjusted workday (a weekend day worked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarDay {
    pub date: NaiveDate,
    /// Holiday name, e.g. `国庆节`.
    pub name: String,
    /// `true` for a day off, `false` for an adjusted workday.
    pub off: bool,
}

/// What the calendar says about a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayInfo {
    pub working: bool,
    /// `false` when the date's year is not in the calendar: treated as plain weekday/weekend.
    pub known: bool,
    pub name: Option<String>,
}

/// Error reading a calendar file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("节假日文件有误：{0}")]
pub struct CalendarError(pub String);

/// Holidays and adjusted workdays for the years it knows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkCalendar {
    days: BTreeMap<NaiveDate, CalendarDay>,
    years: BTreeSet<i32>,
}

impl WorkCalendar {
    /// The calendar shipped with `RoadDesk` (2024–2026, from the State Council notices).
    #[must_use]
    pub fn builtin() -> Self {
        let mut cal = Self::default();
        for &(year, json) in Self::builtin_files() {
            let (file_year, days) = Self::parse_holiday_cn(json).expect("the built-in calendar files are valid");
            debug_assert_eq!(file_year, year);
            cal.import_year(file_year, days);
        }
        cal
    }

    /// The built-in year files as (year, holiday-cn JSON text).
    #[must_use]
    pub fn builtin_files() -> &'static [(i32, &'static str)] {
        BUILTIN_FILES
    }

    /// Parse a year in the holiday-cn JSON format (`{"year": 2026, "days": [{"name", "date", "isOffDay"}]}`).
    pub fn parse_holiday_cn(json: &str) -> Result<(i32, Vec<CalendarDay>), CalendarError> {
        let err = |msg: String| CalendarError(msg);
        let root: serde_json::Value = serde_json::from_str(json.trim_start_matches('\u{feff}'))
            .map_err(|e| err(format!("不是有效的 JSON（{e}）")))?;
        let obj = root.as_object().ok_or_else(|| err("顶层应是一个对象 {…}".to_owned()))?;
        let year = match obj.get("year") {
            None => return Err(err("缺少“year”（年份）".to_owned())),
            Some(v) => v
                .as_i64()
                .and_then(|y| i32::try_from(y).ok())
                .filter(|y| (MIN_YEAR..=MAX_YEAR).contains(y))
                .ok_or_else(|| err(format!("“year”应是 {MIN_YEAR}–{MAX_YEAR} 之间的整数年份，实际为 {v}")))?,
        };
        let list = match obj.get("days") {
            None => return Err(err("缺少“days”（日期列表）".to_owned())),
            Some(v) => v.as_array().ok_or_else(|| err("“days”应是一个列表 […]".to_owned()))?,
        };
        if list.is_empty() {
            return Err(err(format!("{year} 年的“days”是空的：没有任何节假日，可能尚未发布，不予导入")));
        }
        let mut days = Vec::with_capacity(list.len());
        let mut seen = BTreeSet::new();
        for (i, item) in list.iter().enumerate() {
            let n = i + 1;
            let item =
                item.as_object().ok_or_else(|| err(format!("第 {n} 项应是一个对象 {{name, date, isOffDay}}")))?;
            let name = match item.get("name") {
                None => return Err(err(format!("第 {n} 项缺少“name”（节日名称）"))),
                Some(v) => v
                    .as_str()
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .ok_or_else(|| err(format!("第 {n} 项的“name”应是非空的文字")))?,
            };
            let date = match item.get("date") {
                None => return Err(err(format!("第 {n} 项缺少“date”（日期）"))),
                Some(v) => {
                    let text = v.as_str().ok_or_else(|| err(format!("第 {n} 项的“date”应是 YYYY-MM-DD 形式的文字")))?;
                    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
                        .map_err(|_| err(format!("第 {n} 项的日期“{text}”无效，应为 YYYY-MM-DD")))?
                }
            };
            let off = match item.get("isOffDay") {
                None => return Err(err(format!("第 {n} 项缺少“isOffDay”（是否放假）"))),
                Some(v) => v.as_bool().ok_or_else(|| err(format!("第 {n} 项的“isOffDay”应是 true 或 false")))?,
            };
            if file_year(date) != year && date.year() != year {
                return Err(err(format!("第 {n} 项的日期 {date} 不属于 {year} 年")));
            }
            if !seen.insert(date) {
                return Err(err(format!("日期 {date} 出现了不止一次")));
            }
            days.push(CalendarDay { date, name: name.to_owned(), off });
        }
        days.sort_by_key(|d| d.date);
        Ok((year, days))
    }

    /// Build from stored entries and the list of known years.
    pub fn from_days(days: impl IntoIterator<Item = CalendarDay>, years: impl IntoIterator<Item = i32>) -> Self {
        Self { days: days.into_iter().map(|d| (d.date, d)).collect(), years: years.into_iter().collect() }
    }

    /// Replace everything known about `year` with `days`, and mark the year known.
    ///
    /// Removed first: every entry belonging to `year`'s file (see the module notes), and
    /// any entry on a date that `days` lists, so the new file wins where files overlap.
    pub fn import_year(&mut self, year: i32, days: Vec<CalendarDay>) {
        let listed: BTreeSet<NaiveDate> = days.iter().map(|d| d.date).collect();
        self.days.retain(|date, _| file_year(*date) != year && !listed.contains(date));
        self.days.extend(days.into_iter().map(|d| (d.date, d)));
        self.years.insert(year);
    }

    /// Whether `year` is in the calendar.
    #[must_use]
    pub fn is_known_year(&self, year: i32) -> bool {
        self.years.contains(&year)
    }

    /// The known years, ascending.
    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.iter().copied()
    }

    /// Every entry, in date order.
    pub fn days(&self) -> impl Iterator<Item = &CalendarDay> + '_ {
        self.days.values()
    }

    /// Whether `date` is a working day, and whether the calendar knows its year.
    #[must_use]
    pub fn day_info(&self, date: NaiveDate) -> DayInfo {
        let known = self.is_known_year(date.year());
        match self.days.get(&date) {
            Some(d) => DayInfo { working: !d.off, known, name: Some(d.name.clone()) },
            None => DayInfo { working: !matches!(date.weekday(), Weekday::Sat | Weekday::Sun), known, name: None },
        }
    }

    /// The date of the latest entry, if any: past it, only the plain weekday rule applies.
    #[must_use]
    pub fn last_entry_date(&self) -> Option<NaiveDate> {
        self.days.keys().next_back().copied()
    }

    /// Whether `date` is a working day (shorthand for [`Self::day_info`]).
    #[must_use]
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        self.day_info(date).working
    }

    /// The first working day after `date` (past the calendar's years, the plain weekday rule).
    #[must_use]
    pub fn next_working_day_after(&self, date: NaiveDate) -> NaiveDate {
        let mut day = date;
        // Any two weeks hold a working day; a calendar edited into all holidays must not hang.
        for _ in 0..366 {
            let Some(next) = day.succ_opt() else { return day };
            day = next;
            if self.is_working_day(day) {
                return day;
            }
        }
        day
    }
}

/// The year files shipped with the app.
const BUILTIN_FILES: &[(i32, &str)] = &[
    (2024, include_str!("../../assets/calendar/2024.json")),
    (2025, include_str!("../../assets/calendar/2025.json")),
    (2026, include_str!("../../assets/calendar/2026.json")),
];

/// Plausible years for a calendar file.
const MIN_YEAR: i32 = 1949;
const MAX_YEAR: i32 = 2200;

/// The year whose holiday file an entry on `date` belongs to: December days belong to the
/// next year's file (元旦 may start on 12-30), every other day to its own year.
fn file_year(date: NaiveDate) -> i32 {
    if date.month() == 12 { date.year() + 1 } else { date.year() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn builtin_knows_2024_to_2026() {
        let cal = WorkCalendar::builtin();
        assert_eq!(cal.years().collect::<Vec<_>>(), vec![2024, 2025, 2026]);
        assert!(!cal.is_known_year(2023) && !cal.is_known_year(2027));
        // 2024: 32 off + 8 worked; 2025: 28 + 5; 2026: 33 + 6.
        assert_eq!(cal.days().count(), 40 + 33 + 39);
        for (year, off, worked) in [(2024, 32, 8), (2025, 28, 5), (2026, 33, 6)] {
            let in_file = cal.days().filter(|e| file_year(e.date) == year);
            let (o, w) = in_file.fold((0, 0), |(o, w), e| if e.off { (o + 1, w) } else { (o, w + 1) });
            assert_eq!((o, w), (off, worked), "{year}");
        }
    }

    #[test]
    fn the_next_working_day_skips_weekends_and_holidays_and_takes_adjusted_workdays() {
        let cal = WorkCalendar::builtin();
        // 国庆 10-01…10-07 off.
        assert_eq!(cal.next_working_day_after(d("2026-09-30")), d("2026-10-08"));
        // 10-10 is a Saturday worked (调休).
        assert_eq!(cal.next_working_day_after(d("2026-10-09")), d("2026-10-10"));
        // A plain Friday → Monday; a Monday → Tuesday.
        assert_eq!(cal.next_working_day_after(d("2026-11-20")), d("2026-11-23"));
        assert_eq!(cal.next_working_day_after(d("2026-11-23")), d("2026-11-24"));
        // Past the known years, weekends only.
        assert_eq!(cal.next_working_day_after(d("2030-01-04")), d("2030-01-07"));
    }

    #[test]
    fn builtin_files_carry_their_year() {
        for &(year, json) in WorkCalendar::builtin_files() {
            let (file_year, days) = WorkCalendar::parse_holiday_cn(json).unwrap();
            assert_eq!(file_year, year);
            assert!(!days.is_empty());
        }
    }

    #[test]
    fn every_adjusted_workday_is_a_weekend_day() {
        let cal = WorkCalendar::builtin();
        let worked: Vec<_> = cal.days().filter(|e| !e.off).collect();
        assert_eq!(worked.len(), 19);
        for e in worked {
            assert!(
                matches!(e.date.weekday(), Weekday::Sat | Weekday::Sun),
                "{} ({}) is a {:?}",
                e.date,
                e.name,
                e.date.weekday()
            );
        }
    }

    #[test]
    fn weekday_claims_of_the_notices_hold() {
        use Weekday::{Sat, Sun};
        let cases = [
            ("2024-02-04", Sun),
            ("2024-02-18", Sun),
            ("2024-04-07", Sun),
            ("2024-04-28", Sun),
            ("2024-05-11", Sat),
            ("2024-09-14", Sat),
            ("2024-09-29", Sun),
            ("2024-10-12", Sat),
            ("2025-01-26", Sun),
            ("2025-02-08", Sat),
            ("2025-04-27", Sun),
            ("2025-09-28", Sun),
            ("2025-10-11", Sat),
            ("2026-01-04", Sun),
            ("2026-02-14", Sat),
            ("2026-02-28", Sat),
            ("2026-05-09", Sat),
            ("2026-09-20", Sun),
            ("2026-10-10", Sat),
        ];
        let cal = WorkCalendar::builtin();
        for (date, weekday) in cases {
            assert_eq!(d(date).weekday(), weekday, "{date}");
            let info = cal.day_info(d(date));
            assert!(info.working && info.known && info.name.is_some(), "{date}: {info:?}");
        }
    }

    #[test]
    fn day_info_table() {
        let cal = WorkCalendar::builtin();
        // (date, working, known, name)
        let cases: &[(&str, bool, bool, Option<&str>)] = &[
            ("2026-10-01", false, true, Some("国庆节")),
            ("2026-10-07", false, true, Some("国庆节")),
            ("2026-10-08", true, true, None),
            ("2026-10-10", true, true, Some("国庆节")),
            ("2026-10-11", false, true, None),
            ("2026-02-14", true, true, Some("春节")),
            ("2026-02-23", false, true, Some("春节")),
            ("2026-09-25", false, true, Some("中秋节")),
            ("2026-01-04", true, true, Some("元旦")),
            ("2025-10-08", false, true, Some("国庆节、中秋节")),
            ("2025-05-31", false, true, Some("端午节")),
            ("2024-06-10", false, true, Some("端午节")),
            ("2024-02-18", true, true, Some("春节")),
            // From the 2024 file, but 2023 itself is not a known year.
            ("2023-12-30", false, false, Some("元旦")),
            ("2023-12-29", true, false, None),
            // Unknown years: plain weekdays.
            ("2030-01-01", true, false, None),
            ("2030-01-05", false, false, None),
            ("2027-01-01", true, false, None),
        ];
        for &(date, working, known, name) in cases {
            let info = cal.day_info(d(date));
            assert_eq!(info, DayInfo { working, known, name: name.map(str::to_owned) }, "{date}");
            assert_eq!(cal.is_working_day(d(date)), working);
        }
    }

    #[test]
    fn from_days_round_trips_storage() {
        let cal = WorkCalendar::builtin();
        let again = WorkCalendar::from_days(cal.days().cloned(), cal.years());
        assert_eq!(again, cal);
        assert_eq!(cal.last_entry_date(), Some(d("2026-10-10")));
        assert_eq!(WorkCalendar::default().last_entry_date(), None);
    }

    const NEW_2026: &str = r#"{
        "$schema": "https://raw.githubusercontent.com/NateScarlet/holiday-cn/master/schema.json",
        "year": 2026,
        "papers": ["https://www.gov.cn/example"],
        "days": [
            {"name": "国庆节", "date": "2026-10-01", "isOffDay": true},
            {"name": "国庆节", "date": "2026-10-02", "isOffDay": true},
            {"name": "国庆节", "date": "2026-10-03", "isOffDay": true}
        ]
    }"#;

    #[test]
    fn import_year_replaces_that_year_only() {
        let mut cal = WorkCalendar::builtin();
        let (year, days) = WorkCalendar::parse_holiday_cn(NEW_2026).unwrap();
        assert_eq!(year, 2026);
        cal.import_year(year, days);
        assert_eq!(cal.days().filter(|e| e.date.year() == 2026).count(), 3);
        assert!(!cal.day_info(d("2026-10-01")).working);
        assert!(cal.day_info(d("2026-10-05")).working, "Monday, no longer a holiday");
        let sat = cal.day_info(d("2026-10-10"));
        assert!(!sat.working && sat.name.is_none(), "no longer an adjusted workday");
        assert!(cal.day_info(d("2026-02-16")).working, "春节 gone with the old file");
        // Other years untouched.
        assert!(!cal.day_info(d("2025-10-08")).working);
        assert!(!cal.day_info(d("2024-10-07")).working);
        assert_eq!(cal.years().collect::<Vec<_>>(), vec![2024, 2025, 2026]);
    }

    #[test]
    fn import_marks_a_new_year_known() {
        let mut cal = WorkCalendar::builtin();
        let json = r#"{"year": 2027, "days": [
            {"name": "元旦", "date": "2026-12-31", "isOffDay": false},
            {"name": "元旦", "date": "2027-01-01", "isOffDay": true}
        ]}"#;
        let (year, days) = WorkCalendar::parse_holiday_cn(json).unwrap();
        cal.import_year(year, days);
        assert!(cal.is_known_year(2027));
        assert!(!cal.day_info(d("2027-01-01")).working);
        assert!(cal.day_info(d("2027-01-04")).known);
        // 2026-12-31 belongs to the 2027 file; re-importing 2026 keeps it.
        let (y, days) = WorkCalendar::parse_holiday_cn(WorkCalendar::builtin_files()[2].1).unwrap();
        cal.import_year(y, days);
        assert_eq!(cal.day_info(d("2026-12-31")).name.as_deref(), Some("元旦"));
    }

    #[test]
    fn december_entries_belong_to_the_next_years_file() {
        let mut cal = WorkCalendar::builtin();
        // A 2023 file does not remove 2024's 元旦 days dated 2023-12-30/31.
        let json = r#"{"year": 2023, "days": [{"name": "国庆节", "date": "2023-10-02", "isOffDay": true}]}"#;
        let (y, days) = WorkCalendar::parse_holiday_cn(json).unwrap();
        cal.import_year(y, days);
        assert_eq!(cal.day_info(d("2023-12-30")).name.as_deref(), Some("元旦"));
        assert!(cal.day_info(d("2023-12-30")).known);
        // A 2024 file without them does.
        let json = r#"{"year": 2024, "days": [{"name": "元旦", "date": "2024-01-01", "isOffDay": true}]}"#;
        let (y, days) = WorkCalendar::parse_holiday_cn(json).unwrap();
        cal.import_year(y, days);
        assert_eq!(cal.day_info(d("2023-12-30")).name, None);
        assert_eq!(cal.days().filter(|e| file_year(e.date) == 2024).count(), 1);
    }

    #[test]
    fn bad_files_are_refused_in_chinese() {
        let cases = [
            ("{", "不是有效的 JSON"),
            ("[]", "顶层应是一个对象"),
            (r#"{"days": []}"#, "缺少“year”"),
            (r#"{"year": "2026", "days": []}"#, "“year”应是"),
            (r#"{"year": 99999, "days": []}"#, "“year”应是"),
            (r#"{"year": 2026}"#, "缺少“days”"),
            (r#"{"year": 2026, "days": {}}"#, "“days”应是一个列表"),
            (r#"{"year": 2026, "papers": [], "days": []}"#, "是空的"),
            (r#"{"year": 2026, "days": [1]}"#, "第 1 项应是一个对象"),
            (r#"{"year": 2026, "days": [{"date": "2026-01-01", "isOffDay": true}]}"#, "第 1 项缺少“name”"),
            (r#"{"year": 2026, "days": [{"name": "", "date": "2026-01-01", "isOffDay": true}]}"#, "“name”应是非空"),
            (r#"{"year": 2026, "days": [{"name": "元旦", "isOffDay": true}]}"#, "缺少“date”"),
            (r#"{"year": 2026, "days": [{"name": "元旦", "date": 20260101, "isOffDay": true}]}"#, "YYYY-MM-DD"),
            (
                r#"{"year": 2026, "days": [{"name": "春节", "date": "2026-02-30", "isOffDay": true}]}"#,
                "“2026-02-30”无效",
            ),
            (r#"{"year": 2026, "days": [{"name": "元旦", "date": "2026/01/01", "isOffDay": true}]}"#, "无效"),
            (r#"{"year": 2026, "days": [{"name": "元旦", "date": "2026-01-01"}]}"#, "缺少“isOffDay”"),
            (r#"{"year": 2026, "days": [{"name": "元旦", "date": "2026-01-01", "isOffDay": "yes"}]}"#, "true 或 false"),
            (r#"{"year": 2026, "days": [{"name": "元旦", "date": "2025-01-01", "isOffDay": true}]}"#, "不属于 2026 年"),
            (
                r#"{"year": 2026, "days": [
                    {"name": "元旦", "date": "2026-01-01", "isOffDay": true},
                    {"name": "元旦", "date": "2026-01-01", "isOffDay": false}]}"#,
                "不止一次",
            ),
        ];
        for (json, want) in cases {
            let err = WorkCalendar::parse_holiday_cn(json).unwrap_err();
            assert!(err.0.contains(want), "{json}: got “{}”, want “{want}”", err.0);
            assert!(err.to_string().starts_with("节假日文件有误："));
        }
    }

    #[test]
    fn parse_accepts_holiday_cn_extras_and_sorts() {
        let json = "\u{feff}{\"year\": 2026, \"$id\": \"x\", \"papers\": [], \"days\": [
            {\"name\": \"元旦\", \"date\": \"2026-01-04\", \"isOffDay\": false},
            {\"name\": \"元旦\", \"date\": \"2025-12-31\", \"isOffDay\": true},
            {\"name\": \"除夕\", \"date\": \"2026-12-31\", \"isOffDay\": true}]}";
        let (year, days) = WorkCalendar::parse_holiday_cn(json).unwrap();
        assert_eq!(year, 2026);
        let dates: Vec<_> = days.iter().map(|e| e.date).collect();
        assert_eq!(dates, vec![d("2025-12-31"), d("2026-01-04"), d("2026-12-31")]);
        assert!(!days[1].off);
    }
}

//! The working-day calendar: holidays and adjusted workdays (调休), as data.
//!
//! INTERFACE STUB — bodies to be implemented.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
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
        todo!()
    }

    /// The built-in year files as (year, holiday-cn JSON text).
    #[must_use]
    pub fn builtin_files() -> &'static [(i32, &'static str)] {
        todo!()
    }

    /// Parse a year in the holiday-cn JSON format (`{"year": 2026, "days": [{"name", "date", "isOffDay"}]}`).
    pub fn parse_holiday_cn(json: &str) -> Result<(i32, Vec<CalendarDay>), CalendarError> {
        let _ = json;
        todo!()
    }

    /// Build from stored entries and the list of known years.
    pub fn from_days(days: impl IntoIterator<Item = CalendarDay>, years: impl IntoIterator<Item = i32>) -> Self {
        let _ = (days, years);
        todo!()
    }

    /// Replace everything known about `year` with `days`, and mark the year known.
    pub fn import_year(&mut self, year: i32, days: Vec<CalendarDay>) {
        let _ = (year, days);
        todo!()
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
        let _ = date;
        todo!()
    }
}

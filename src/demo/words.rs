//! How money and times read in the texts: `45.6` yuan, `3月5日14时20分许`, `14:20`, `20261121`.

use chrono::{Datelike, Timelike};

use crate::domain::time::BizTime;

/// `45.6`, `38`, `12.05` yuan from cents.
pub(super) fn yuan(cents: i64) -> String {
    let (y, c) = (cents / 100, cents % 100);
    if c == 0 {
        format!("{y}")
    } else if c % 10 == 0 {
        format!("{y}.{}", c / 10)
    } else {
        format!("{y}.{c:02}")
    }
}

/// `3月5日14时20分许`.
pub(super) fn when(t: BizTime) -> String {
    format!("{}月{}日{}时{:02}分许", t.month(), t.day(), t.hour(), t.minute())
}

/// `14:20`.
pub(super) fn hm(t: BizTime) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

pub(super) fn ymd(t: BizTime) -> String {
    format!("{:04}{:02}{:02}", t.year(), t.month(), t.day())
}

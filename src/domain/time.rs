//! Business time: China Standard Time (UTC+08:00), whatever the machine's zone.
//!
//! The domain never reads the clock; callers pass `now` in.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc};

/// An instant expressed in China Standard Time.
pub type BizTime = DateTime<FixedOffset>;

/// The fixed +08:00 offset of China Standard Time.
#[must_use]
pub fn cst() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("+08:00 is a valid offset")
}

/// Convert any instant to business time.
#[must_use]
pub fn to_biz<Tz: TimeZone>(t: &DateTime<Tz>) -> BizTime {
    t.with_timezone(&cst())
}

/// The current instant in business time (only the edges call this).
#[must_use]
pub fn now_from_system() -> BizTime {
    to_biz(&Utc::now())
}

/// Seconds since the Unix epoch, the storage form.
#[must_use]
pub fn to_epoch(t: BizTime) -> i64 {
    t.timestamp()
}

/// Business time from seconds since the Unix epoch.
#[must_use]
pub fn from_epoch(secs: i64) -> BizTime {
    to_biz(&DateTime::<Utc>::from_timestamp(secs, 0).unwrap_or_default())
}

/// Midnight (00:00) at the start of `date`, in business time.
#[must_use]
pub fn start_of_day(date: NaiveDate) -> BizTime {
    cst().from_local_datetime(&date.and_time(NaiveTime::MIN)).single().expect("fixed offsets are never ambiguous")
}

/// Parse a business time typed by a person or a script.
///
/// Accepts RFC 3339 with any offset (converted to +08:00), and the local forms
/// `YYYY-MM-DD HH:MM[:SS]`, `YYYY/MM/DD HH:MM[:SS]`, `YYYY-MM-DDTHH:MM[:SS]` read as +08:00,
/// and a bare date `YYYY-MM-DD` (00:00).
pub fn parse_biz_time(s: &str) -> Option<BizTime> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(to_biz(&t));
    }
    let norm = s.replace('/', "-").replace('T', " ");
    for fmt in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"] {
        if let Ok(n) = NaiveDateTime::parse_from_str(&norm, fmt) {
            return cst().from_local_datetime(&n).single();
        }
    }
    NaiveDate::parse_from_str(&norm, "%Y-%m-%d").ok().map(start_of_day)
}

/// `2026-10-01 10:00` — how people read a time.
#[must_use]
pub fn format_biz(t: BizTime) -> String {
    to_biz(&t).format("%Y-%m-%d %H:%M").to_string()
}

/// Like [`format_biz`], but an instant at exactly 00:00 is shown as 24:00 of the
/// previous day, as the civil code counts the end of a period (`2026-10-08 24:00`).
#[must_use]
pub fn format_due(t: BizTime) -> String {
    let t = to_biz(&t);
    if t.hour() == 0 && t.minute() == 0 && t.second() == 0 {
        let prev = t.date_naive().pred_opt().unwrap_or(t.date_naive());
        format!("{} 24:00", prev.format("%Y-%m-%d"))
    } else {
        format_biz(t)
    }
}

/// RFC 3339 with the `+08:00` offset, the form scripts get.
#[must_use]
pub fn rfc3339(t: BizTime) -> String {
    to_biz(&t).to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// A duration in Chinese: `3小时20分`, `1天2小时`, `15分`.
#[must_use]
pub fn format_span(secs: i64) -> String {
    let secs = secs.abs();
    let days = secs / 86_400;
    let hours = (secs % 86_400) / 3600;
    let mins = (secs % 3600) / 60;
    if days > 0 {
        if hours > 0 { format!("{days}天{hours}小时") } else { format!("{days}天") }
    } else if hours > 0 {
        if mins > 0 { format!("{hours}小时{mins}分") } else { format!("{hours}小时") }
    } else {
        format!("{mins}分")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_from_other_zones_become_cst() {
        let t = parse_biz_time("2026-09-30T02:00:00Z").unwrap();
        assert_eq!(format_biz(t), "2026-09-30 10:00");
        assert_eq!(rfc3339(t), "2026-09-30T10:00:00+08:00");
    }

    #[test]
    fn local_forms_are_read_as_cst() {
        let t = parse_biz_time("2026/09/30 10:05").unwrap();
        assert_eq!(rfc3339(t), "2026-09-30T10:05:00+08:00");
        assert!(parse_biz_time("2026-13-01 10:00").is_none());
        assert!(parse_biz_time("昨天").is_none());
    }

    #[test]
    fn midnight_due_reads_as_24_00_of_previous_day() {
        let t = parse_biz_time("2026-10-09 00:00").unwrap();
        assert_eq!(format_due(t), "2026-10-08 24:00");
        assert_eq!(format_due(parse_biz_time("2026-10-09 10:30").unwrap()), "2026-10-09 10:30");
    }

    #[test]
    fn spans_read_in_chinese() {
        assert_eq!(format_span(3 * 3600 + 20 * 60), "3小时20分");
        assert_eq!(format_span(-(86_400 + 2 * 3600)), "1天2小时");
        assert_eq!(format_span(15 * 60), "15分");
    }
}

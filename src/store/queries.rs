//! The statements both engines run, written once over [`Db`]: organisation, settings and the
//! calendar, loading and writing a complaint with its history, numbers, calls, the list filter
//! as SQL, and the default data a new database is seeded with. What differs between the
//! dialects is named in a [`Dialect`] that each engine fills in.
//!
//! Invariants kept here for both engines:
//! - a complaint row is written from its value only ([`write_row`], with the projection of
//!   `columns`), and an update checks the version the caller read (`version = ?`), bumping it;
//! - history rows are only ever inserted, numbered 1, 2, … per complaint;
//! - every complaint query honours the connection's [`Scope`] (`c.office_id = ?n OR ?n IS NULL`,
//!   the office's id or NULL for the center), so a complaint outside it does not exist.

use std::fmt::Write as _;
use std::sync::LazyLock;

use super::columns::{self, COMPLAINT_COLUMNS, EVENT_COLUMNS, complaint_values, event_values, from_json, to_json};
use super::db::{Cells, Db, Value, vals};
use super::error::{Result, StoreError};
use super::snapshot::AttachmentRecord;
use super::types::{ListFilter, Scope};
use crate::domain::calendar::{CalendarDay, WorkCalendar};
use crate::domain::deadline::DeadlineRules;
use crate::domain::lifecycle::{HistoryEvent, RevisitPolicy};
use crate::domain::org::{Station, Unit, User};
use crate::domain::stats::StatsSettings;
use crate::domain::time::{BizTime, from_epoch, start_of_day, to_epoch};
use crate::domain::work::{CallRecord, Complaint};

/// The SQL that differs between the engines where the shared statements need it.
pub struct Dialect {
    /// `LIMIT` without a limit.
    pub no_limit: &'static str,
    /// A subquery over complaint `c`'s deadlines (in its JSON) that finds one met after its due time.
    pub met_late: &'static str,
    /// Complaint `c`'s JSON holds an extension request not yet decided.
    pub extension_pending: &'static str,
    /// Appended to an `ORDER BY` column so text sorts bytewise (as `SQLite` always does).
    pub bytewise: &'static str,
    /// Appended to a `SELECT` that reads a row the transaction will change (`FOR UPDATE`).
    pub lock_rows: &'static str,
    /// A query for the schema version.
    pub schema_version: &'static str,
}

/// The office id a scope limits complaint queries to, as the parameter of `c.office_id = ?n OR ?n IS NULL`.
#[must_use]
pub fn scope_value(scope: Scope) -> Value<'static> {
    Value::from(scope.office().map(|u| u.0))
}

/// `?1, ?2, … ?n`.
fn marks(n: usize) -> String {
    (1..=n).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ")
}

// --- organisation ---------------------------------------------------------------------------

pub fn units<D: Db>(db: &mut D) -> Result<Vec<Unit>> {
    db.rows(&format!("SELECT {} FROM units ORDER BY id", columns::UNIT_COLUMNS), &[], |r| columns::unit_from(r))
}

pub fn stations<D: Db>(db: &mut D) -> Result<Vec<Station>> {
    db.rows(&format!("SELECT {} FROM stations ORDER BY office_id, id", columns::STATION_COLUMNS), &[], |r| {
        columns::station_from(r)
    })
}

pub fn users<D: Db>(db: &mut D) -> Result<Vec<User>> {
    db.rows(&format!("SELECT {} FROM users ORDER BY id", columns::USER_COLUMNS), &[], |r| columns::user_from(r))
}

// --- settings and the calendar --------------------------------------------------------------

/// The setting `key`, or its default when it was never stored.
pub fn setting<D: Db, T: serde::de::DeserializeOwned + Default>(db: &mut D, key: &str) -> Result<T> {
    match db.first("SELECT value FROM settings WHERE key = ?1", &vals![key], |r| r.text(0))? {
        Some(json) => from_json(&json),
        None => Ok(T::default()),
    }
}

pub fn put_setting<D: Db, T: serde::Serialize>(db: &mut D, key: &str, value: &T) -> Result<()> {
    let json = serde_json::to_string(value).expect("settings serialise");
    db.execute(
        "INSERT INTO settings(key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        &vals![key, json],
    )?;
    Ok(())
}

pub fn calendar<D: Db>(db: &mut D) -> Result<WorkCalendar> {
    let mut days = Vec::new();
    db.visit("SELECT date, name, off FROM calendar_days ORDER BY date", &[], |r| {
        if let Ok(date) = chrono::NaiveDate::parse_from_str(r.str(0)?, "%Y-%m-%d") {
            days.push(CalendarDay { date, name: r.text(1)?, off: r.flag(2)? });
        }
        Ok(true)
    })?;
    let years = db.rows("SELECT year FROM calendar_years ORDER BY year", &[], |r| {
        Ok(i32::try_from(r.int(0)?).unwrap_or(i32::MAX))
    })?;
    Ok(WorkCalendar::from_days(days, years))
}

/// Replace the stored calendar by `cal` (inside the caller's transaction).
pub fn write_calendar<D: Db>(db: &mut D, cal: &WorkCalendar) -> Result<()> {
    db.execute("DELETE FROM calendar_days", &[])?;
    db.execute("DELETE FROM calendar_years", &[])?;
    for y in cal.years() {
        db.execute("INSERT INTO calendar_years(year) VALUES (?1)", &vals![i64::from(y)])?;
    }
    for d in cal.days() {
        let year = i64::from(chrono::Datelike::year(&d.date));
        db.execute(
            "INSERT INTO calendar_days(date, year, name, off) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (date) DO UPDATE SET year = excluded.year, name = excluded.name, off = excluded.off",
            &vals![d.date.format("%Y-%m-%d").to_string(), year, &d.name, d.off],
        )?;
    }
    Ok(())
}

/// Seed a database that has no settings yet with the defaults: the built-in holiday calendar,
/// the deadline rules, the revisit policy and how the figures count. Run on every open until
/// present (inside the caller's transaction), so a first run cut short still gets them.
pub fn seed_defaults<D: Db>(db: &mut D) -> Result<()> {
    let seeded = db.one("SELECT EXISTS (SELECT 1 FROM settings WHERE key = 'deadline_rules')", &[], |r| r.flag(0))?;
    if seeded {
        return Ok(());
    }
    let mut cal = WorkCalendar::default();
    for (_, json) in WorkCalendar::builtin_files() {
        let (year, days) = WorkCalendar::parse_holiday_cn(json).map_err(|e| StoreError::Sql(e.to_string()))?;
        cal.import_year(year, days);
    }
    write_calendar(db, &cal)?;
    put_setting(db, "deadline_rules", &DeadlineRules::default())?;
    put_setting(db, "revisit_policy", &RevisitPolicy::default())?;
    put_setting(db, "stats_settings", &StatsSettings::default())
}

// --- complaints -----------------------------------------------------------------------------

/// A complaint's id, version and JSON by number, if it lies within `scope`.
pub fn load<D: Db>(db: &mut D, number: &str, scope: Scope) -> Result<Option<(i64, i64, String)>> {
    db.first(
        "SELECT id, version, data FROM complaints c WHERE number = ?1 AND (c.office_id = ?2 OR ?2 IS NULL)",
        &[Value::from(number), scope_value(scope)],
        |r| Ok((r.int(0)?, r.int(1)?, r.text(2)?)),
    )
}

/// Who last changed complaint `id` and when, as the refusal for a desk that saw an older version.
pub fn conflict<D: Db>(db: &mut D, id: i64) -> StoreError {
    match db
        .one("SELECT updated_by, updated_at FROM complaints WHERE id = ?1", &vals![id], |r| Ok((r.text(0)?, r.int(1)?)))
    {
        Ok((who, at)) => StoreError::Conflict { who, at: from_epoch(at).format("%H:%M").to_string() },
        Err(e) => e,
    }
}

/// The stored row a write replaces: its id, the version read, and the complaint as it was.
#[derive(Clone, Copy)]
pub struct Existing<'a> {
    pub id: i64,
    pub version: i64,
    pub before: &'a Complaint,
}

/// The INSERT and UPDATE of a complaint row: [`COMPLAINT_COLUMNS`] and an engine's own columns
/// after them. Built once per engine (a static), so the statement text is the same on every
/// write and stays in the engine's statement cache.
pub struct ComplaintSql {
    insert: String,
    update: String,
}

impl ComplaintSql {
    #[must_use]
    pub fn new(extra: &[&str]) -> Self {
        let cols: Vec<&str> = COMPLAINT_COLUMNS.iter().chain(extra).copied().collect();
        let insert = format!("INSERT INTO complaints({}) VALUES ({})", cols.join(", "), marks(cols.len()));
        let mut update = String::from("UPDATE complaints SET ");
        for (i, col) in cols.iter().enumerate() {
            let _ = write!(update, "{col} = ?{}, ", i + 1);
        }
        let _ =
            write!(update, "version = version + 1 WHERE id = ?{} AND version = ?{}", cols.len() + 1, cols.len() + 2);
        Self { insert, update }
    }
}

/// Insert (`existing` None) or update complaint `c`'s row from its value (`data` its JSON),
/// with the engine's own column values `extra` after the shared ones. An update whose version
/// is no longer the one read is refused as [`StoreError::Conflict`] and writes nothing.
#[allow(clippy::too_many_arguments, reason = "one row's parts; a struct would only rename them")]
pub fn write_row<D: Db>(
    db: &mut D,
    sql: &ComplaintSql,
    existing: Option<Existing<'_>>,
    c: &Complaint,
    data: &str,
    extra: &[Value<'_>],
    by: &str,
    now: BizTime,
) -> Result<i64> {
    let values = complaint_values(c, data, by, now);
    match existing {
        None => db.insert(&sql.insert, values.iter().chain(extra)).map_err(|e| match e {
            StoreError::Duplicate(_) => StoreError::Duplicate(format!("工单编号{}已存在", c.number)),
            other => other,
        }),
        Some(Existing { id, version, .. }) => {
            let key = [Value::from(id), Value::from(version)];
            if db.execute(&sql.update, values.iter().chain(extra).chain(&key))? == 0 {
                return Err(conflict(db, id));
            }
            Ok(id)
        }
    }
}

static INSERT_HISTORY: LazyLock<String> =
    LazyLock::new(|| format!("INSERT INTO history(complaint_id, seq, {EVENT_COLUMNS}) VALUES ({})", marks(10)));

/// Write one history row with its sequence number within the complaint.
pub fn insert_history<D: Db>(db: &mut D, complaint_id: i64, seq: i64, e: &HistoryEvent) -> Result<()> {
    db.execute(&INSERT_HISTORY, &event_values(complaint_id, seq, e))?;
    Ok(())
}

/// Append an event after the complaint's last one.
pub fn append_history<D: Db>(db: &mut D, complaint_id: i64, e: &HistoryEvent) -> Result<()> {
    let seq =
        db.one("SELECT COALESCE(MAX(seq), 0) + 1 FROM history WHERE complaint_id = ?1", &vals![complaint_id], |r| {
            r.int(0)
        })?;
    insert_history(db, complaint_id, seq, e)
}

/// A generated complaint's history as it is, numbered from 1.
pub fn insert_histories<D: Db>(db: &mut D, complaint_id: i64, events: &[HistoryEvent]) -> Result<()> {
    (1..).zip(events).try_for_each(|(seq, e)| insert_history(db, complaint_id, seq, e))
}

/// Who wrote a generated complaint last, and when: its last event's actor and time.
#[must_use]
pub fn generated_by<'a>(c: &Complaint, events: &'a [HistoryEvent]) -> (&'a str, BizTime) {
    events.last().map_or(("demo", c.accepted_at), |e| (e.actor_name.as_str(), e.at))
}

/// The next free number `PREFIX + yyyymmdd + 5 digits` for the day of `now` (the caller holds
/// what keeps two writers from drawing the same one).
pub fn next_number<D: Db>(db: &mut D, table: &str, prefix: &str, now: BizTime) -> Result<String> {
    let day = format!("{prefix}{}", now.format("%Y%m%d"));
    let last = db.first(
        &format!("SELECT number FROM {table} WHERE number BETWEEN ?1 AND ?2 ORDER BY number DESC LIMIT 1"),
        &vals![format!("{day}00000"), format!("{day}99999")],
        |r| r.text(0),
    )?;
    let seq = last.and_then(|n| n[day.len()..].parse::<u32>().ok()).unwrap_or(0) + 1;
    Ok(format!("{day}{seq:05}"))
}

// --- calls ----------------------------------------------------------------------------------

pub fn insert_call<D: Db>(db: &mut D, c: &CallRecord) -> Result<()> {
    let data = to_json(c)?;
    db.execute(
        "INSERT INTO calls(number, category, received_at, phone, data) VALUES (?1, ?2, ?3, ?4, ?5)",
        &vals![&c.number, c.category.code(), c.received_at, c.phone.as_str(), data],
    )?;
    Ok(())
}

// --- attachments --------------------------------------------------------------------------

/// The row of attachment `a` of complaint `complaint_id`, with its bytes when the engine keeps
/// them in the database.
pub fn insert_attachment<D: Db>(db: &mut D, complaint_id: i64, a: &AttachmentRecord, with_bytes: bool) -> Result<()> {
    let size = i64::try_from(a.bytes.len()).unwrap_or(i64::MAX);
    let row = vals![complaint_id, &a.file_name, &a.sha256, size, a.added_at, &a.added_by, Some(a.bytes.as_slice())];
    if with_bytes {
        db.execute(
            "INSERT INTO attachments(complaint_id, file_name, sha256, size, added_at, added_by, bytes)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            &row,
        )?;
    } else {
        db.execute(
            "INSERT INTO attachments(complaint_id, file_name, sha256, size, added_at, added_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            &row[..6],
        )?;
    }
    Ok(())
}

// --- lists ----------------------------------------------------------------------------------

/// A list filter as SQL: what to read from, the WHERE clause and its parameters.
pub struct ListQuery {
    /// The tables, with the complaints as `c`.
    pub from: &'static str,
    /// ` WHERE …`, the filter's conditions, the scope, and the engine's search condition.
    pub filter: String,
    pub params: Vec<Value<'static>>,
    /// A search word is matched (the engine's search condition is last).
    pub search: bool,
    /// Some condition besides the search word.
    pub narrowed: bool,
}

/// The filter's WHERE clause when nothing is filtered.
const WHERE_ALL: &str = " WHERE 1 = 1";

impl ListQuery {
    /// The conditions of `f` (the search word aside, which the engine adds) within `scope`.
    #[must_use]
    pub fn of(f: &ListFilter, scope: Scope, dialect: &Dialect) -> Self {
        let mut q = Self {
            from: "complaints c",
            filter: String::from(WHERE_ALL),
            params: Vec::new(),
            search: false,
            narrowed: false,
        };
        q.conditions(f, dialect);
        if let Some(office) = scope.office() {
            let m = q.param(office.0);
            let _ = write!(q.filter, " AND c.office_id = {m}");
        }
        q.narrowed = q.filter != WHERE_ALL;
        q
    }

    /// Add a parameter; its placeholder.
    pub fn param(&mut self, v: impl Into<Value<'static>>) -> String {
        self.params.push(v.into());
        format!("?{}", self.params.len())
    }

    /// Add ` AND {col} = ?n`.
    fn eq(&mut self, col: &str, v: impl Into<Value<'static>>) {
        let m = self.param(v);
        let _ = write!(self.filter, " AND {col} = {m}");
    }

    fn conditions(&mut self, f: &ListFilter, dialect: &Dialect) {
        if !f.states.is_empty() {
            let marks: Vec<String> = f.states.iter().map(|s| self.param(s.code())).collect();
            let _ = write!(self.filter, " AND c.state IN ({})", marks.join(", "));
        }
        if let Some(c) = f.category {
            self.eq("c.category", c.code());
        }
        if let Some(s) = f.source {
            self.eq("c.source", s.code());
        }
        if let Some(o) = f.office {
            self.eq("c.office_id", o.0);
        }
        if let Some(st) = f.station {
            self.eq("c.station_id", st.0);
        }
        if let Some(k) = f.kind {
            self.eq("c.kind", k.code());
        }
        if let Some(d) = f.from {
            let m = self.param(to_epoch(start_of_day(d)));
            let _ = write!(self.filter, " AND c.accepted_at >= {m}");
        }
        if let Some(d) = f.to {
            let m = self.param(to_epoch(start_of_day(d.succ_opt().unwrap_or(d))));
            let _ = write!(self.filter, " AND c.accepted_at < {m}");
        }
        self.deadline_conditions(f, dialect);
        if f.reopened {
            self.filter.push_str(" AND c.reopen_count > 0");
        }
        if f.urged {
            self.filter.push_str(" AND c.urge_count > 0");
        }
        if f.extension_pending {
            let _ = write!(
                self.filter,
                " AND c.state IN ('dispatched', 'investigating', 'awaiting_review') AND {}",
                dialect.extension_pending
            );
        }
    }

    fn deadline_conditions(&mut self, f: &ListFilter, dialect: &Dialect) {
        if let Some(now) = f.overdue_at {
            let m = self.param(now);
            let _ = write!(self.filter, " AND c.due_at IS NOT NULL AND c.due_at < COALESCE(c.paused_since, {m})");
        }
        if let Some((lo, hi)) = f.due_between {
            let (a, b) = (self.param(lo), self.param(hi));
            let _ = write!(self.filter, " AND c.due_at >= {a} AND c.due_at < {b}");
        }
        if let Some(now) = f.missed_at {
            // The earliest open due time is past (`Deadline::missed` of an open deadline), or some
            // deadline was met after its due time. Meant alongside a date range, which the
            // accepted_at index narrows first.
            let m = self.param(now);
            let _ = write!(self.filter, " AND (c.due_at < {m} OR EXISTS ({}))", dialect.met_late);
        }
    }
}

//! The one mapping between the domain and the tables, for both engines: which columns a query
//! selects, how a row becomes a domain value ([`row_from`], [`facts_from`], [`event_from`] …),
//! and which columns a complaint is projected into when it is written ([`COMPLAINT_COLUMNS`],
//! [`complaint_values`]).
//!
//! A complaint is stored as its full JSON (`data`, the source of truth) plus projected columns
//! that lists filter and sort on and that the indicators count (`StoredFacts`); every write
//! rewrites them all from the JSON's value, and `check` verifies they agree. Adding a column is
//! one entry in [`COMPLAINT_COLUMNS`] with its value in [`complaint_values`] (and, if a list or
//! the facts read it, in the column list and mapping below), plus one migration per engine.

use super::db::{Cells, Value};
use super::error::{Result, StoreError};
use super::snapshot::AttachmentRecord;
use super::types::ComplaintRow;
use crate::domain::checklist::Conclusion;
use crate::domain::deadline::Step;
use crate::domain::lifecycle::{ActionKind, Changes, HistoryEvent};
use crate::domain::org::{Role, Station, StationId, Unit, UnitId, UnitKind, User, UserId};
use crate::domain::stats::{ComplaintFacts, StoredFacts, overdue_at};
use crate::domain::time::BizTime;
use crate::domain::work::{Category, Complaint, ComplaintState, Grade, ItemKind, Satisfaction, Source};

/// A JSON value that does not (de)serialise.
#[must_use]
pub fn json_err(e: &serde_json::Error) -> StoreError {
    StoreError::Sql(format!("数据格式有误：{e}"))
}

/// A stored JSON value (a complaint, a call, a setting) read back.
pub fn from_json<T: serde::de::DeserializeOwned>(json: &str) -> Result<T> {
    serde_json::from_str(json).map_err(|e| json_err(&e))
}

/// A value as the JSON text it is stored as.
pub fn to_json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| json_err(&e))
}

// --- organisation ---------------------------------------------------------------------------

#[must_use]
pub fn roles_to_text(roles: &[Role]) -> String {
    roles.iter().map(|r| r.code()).collect::<Vec<_>>().join(",")
}

#[must_use]
pub fn roles_from_text(s: &str) -> Vec<Role> {
    s.split(',').filter_map(Role::parse).collect()
}

pub const UNIT_COLUMNS: &str = "id, name, kind, parent_id, phone";

pub fn unit_from<R: Cells>(r: &R) -> Result<Unit> {
    Ok(Unit {
        id: UnitId(r.int(0)?),
        name: r.text(1)?,
        kind: UnitKind::parse(r.str(2)?).unwrap_or(UnitKind::Segment),
        parent: r.opt_int(3)?.map(UnitId),
        phone: r.opt_text(4)?,
    })
}

pub const STATION_COLUMNS: &str = "id, name, office_id";

pub fn station_from<R: Cells>(r: &R) -> Result<Station> {
    Ok(Station { id: StationId(r.int(0)?), name: r.text(1)?, office: UnitId(r.int(2)?) })
}

/// A user's columns; `password_hash` and `signature_png` follow where a query needs them.
pub const USER_COLUMNS: &str = "id, login, name, unit_id, roles, active";

pub fn user_from<R: Cells>(r: &R) -> Result<User> {
    Ok(User {
        id: UserId(r.int(0)?),
        login: r.text(1)?,
        name: r.text(2)?,
        unit: UnitId(r.int(3)?),
        roles: roles_from_text(r.str(4)?),
        active: r.flag(5)?,
    })
}

// --- complaints: reading --------------------------------------------------------------------

/// One list line: the complaint `c` with its office `u` and station `s` joined.
pub const ROW_COLUMNS: &str = "c.number, c.kind, c.source, c.category, c.grade, c.state, c.accepted_at, c.complainant,
    c.phone, c.plate, u.name, s.name, c.provincial_number, c.due_step, c.due_started_at, c.due_at, c.paused_since,
    c.urge_count, c.reopen_count";

pub fn row_from<R: Cells>(r: &R) -> Result<ComplaintRow> {
    Ok(ComplaintRow {
        number: r.text(0)?,
        kind: r.code(1, ItemKind::parse)?,
        source: r.code(2, Source::parse)?,
        category: r.code(3, Category::parse)?,
        grade: r.code(4, Grade::parse)?,
        state: r.code(5, ComplaintState::parse)?,
        accepted_at: r.time(6)?,
        complainant: r.text(7)?,
        phone: r.text(8)?,
        plate: r.opt_text(9)?,
        office: r.opt_text(10)?,
        station: r.opt_text(11)?,
        provincial_number: r.opt_text(12)?,
        due_step: r.opt_str(13)?.and_then(Step::parse),
        due_started_at: r.opt_time(14)?,
        due_at: r.opt_time(15)?,
        paused_since: r.opt_time(16)?,
        urge_count: r.count(17)?,
        reopen_count: r.count(18)?,
    })
}

/// What the indicators need of one complaint (`domain::stats`): columns only, never the JSON.
pub const FACT_COLUMNS: &str = "number, kind, source, category, office_id, station_id, accepted_at, state, closed_at,
    closed_on_time, revisit_due, satisfaction, unsatisfied_ever, conclusion, missed_late, due_at, urge_count,
    reopen_count";

/// The facts of one complaint from [`FACT_COLUMNS`], as they stand at `now`.
pub fn facts_from<R: Cells>(r: &R, now: BizTime) -> Result<ComplaintFacts> {
    Ok(ComplaintFacts {
        number: r.text(0)?,
        kind: r.code(1, ItemKind::parse)?,
        source: r.code(2, Source::parse)?,
        category: r.code(3, Category::parse)?,
        office: r.opt_int(4)?.map(UnitId),
        station: r.opt_int(5)?.map(StationId),
        accepted_at: r.time(6)?,
        state: r.code(7, ComplaintState::parse)?,
        closed_at: r.opt_time(8)?,
        closed_on_time: r.opt_flag(9)?,
        revisit_due: r.flag(10)?,
        satisfaction: r.opt_code(11, Satisfaction::parse)?,
        unsatisfied_ever: r.flag(12)?,
        conclusion: r.opt_code(13, Conclusion::parse)?,
        overdue: overdue_at(r.flag(14)?, r.opt_time(15)?, now),
        urge_count: r.count(16)?,
        reopen_count: r.count(17)?,
    })
}

/// The stored facts' columns (migration 2), in the order of [`fact_values`].
pub const STORED_FACT_COLUMNS: [&str; 6] =
    ["closed_on_time", "revisit_due", "satisfaction", "unsatisfied_ever", "conclusion", "missed_late"];

/// The values of [`STORED_FACT_COLUMNS`] for facts `f`.
#[must_use]
pub fn fact_values(f: StoredFacts) -> [Value<'static>; 6] {
    [
        Value::from(f.closed_on_time),
        Value::from(f.revisit_due),
        Value::from(f.satisfaction.map(Satisfaction::code)),
        Value::from(f.unsatisfied_ever),
        Value::from(f.conclusion.map(Conclusion::code)),
        Value::from(f.missed_late),
    ]
}

/// Whether the [`STORED_FACT_COLUMNS`] read from column `at` on hold what `f` says.
pub fn stored_facts_agree<R: Cells>(f: StoredFacts, r: &R, at: usize) -> Result<bool> {
    Ok(r.opt_flag(at)? == f.closed_on_time
        && r.flag(at + 1)? == f.revisit_due
        && r.opt_str(at + 2)? == f.satisfaction.map(Satisfaction::code)
        && r.flag(at + 3)? == f.unsatisfied_ever
        && r.opt_str(at + 4)? == f.conclusion.map(Conclusion::code)
        && r.flag(at + 5)? == f.missed_late)
}

// --- complaints: writing --------------------------------------------------------------------

/// The columns every write of a complaint sets, in the order of [`complaint_values`]. An engine
/// may add columns of its own after them (the server's search text).
pub const COMPLAINT_COLUMNS: [&str; 29] = [
    "number",
    "kind",
    "source",
    "category",
    "grade",
    "state",
    "provincial_number",
    "accepted_at",
    "complainant",
    "phone",
    "plate",
    "office_id",
    "station_id",
    "due_step",
    "due_started_at",
    "due_at",
    "paused_since",
    "urge_count",
    "reopen_count",
    "closed_at",
    "updated_at",
    "updated_by",
    "data",
    STORED_FACT_COLUMNS[0],
    STORED_FACT_COLUMNS[1],
    STORED_FACT_COLUMNS[2],
    STORED_FACT_COLUMNS[3],
    STORED_FACT_COLUMNS[4],
    STORED_FACT_COLUMNS[5],
];

/// The values of [`COMPLAINT_COLUMNS`] for complaint `c` stored as `data`, written by `by` at `now`.
#[must_use]
pub fn complaint_values<'a>(c: &'a Complaint, data: &'a str, by: &'a str, now: BizTime) -> [Value<'a>; 29] {
    let due = c.next_due();
    let [f0, f1, f2, f3, f4, f5] = fact_values(StoredFacts::of(c));
    [
        Value::from(&c.number),
        Value::from(c.kind.code()),
        Value::from(c.source.code()),
        Value::from(c.category.code()),
        Value::from(c.grade.code()),
        Value::from(c.state.code()),
        Value::from(c.provincial_number.as_deref()),
        Value::from(c.accepted_at),
        Value::from(&c.complainant),
        Value::from(c.phone.as_str()),
        Value::from(c.plate.as_ref().map(crate::domain::validate::Plate::as_str)),
        Value::from(c.office.map(|u| u.0)),
        Value::from(c.station.map(|s| s.0)),
        Value::from(due.map(|d| d.step.code())),
        Value::from(due.map(|d| d.started_at)),
        Value::from(due.map(|d| d.due_at)),
        Value::from(c.paused_since),
        Value::from(c.urge_count),
        Value::from(c.reopen_count),
        Value::from(c.closed_at),
        Value::from(now),
        Value::from(by),
        Value::from(data),
        f0,
        f1,
        f2,
        f3,
        f4,
        f5,
    ]
}

// --- history --------------------------------------------------------------------------------

/// A history event's columns, from `at` on: what [`event_from`] reads.
pub const EVENT_COLUMNS: &str = "at, actor_id, actor_name, action, from_state, to_state, note, changes";

/// The same columns of the history `h` joined in a query.
pub const H_EVENT_COLUMNS: &str =
    "h.at, h.actor_id, h.actor_name, h.action, h.from_state, h.to_state, h.note, h.changes";

/// A history event from [`EVENT_COLUMNS`] starting at column `at`.
pub fn event_from<R: Cells>(r: &R, at: usize) -> Result<HistoryEvent> {
    Ok(HistoryEvent {
        at: r.time(at)?,
        actor: UserId(r.opt_int(at + 1)?.unwrap_or(0)),
        actor_name: r.text(at + 2)?,
        action: ActionKind::parse(r.str(at + 3)?).unwrap_or(ActionKind::Register),
        from_state: r.opt_str(at + 4)?.and_then(ComplaintState::parse),
        to_state: ComplaintState::parse(r.str(at + 5)?).unwrap_or(ComplaintState::Registered),
        note: r.text(at + 6)?,
        changes: Changes::from_json(r.text(at + 7)?),
    })
}

/// The values of `complaint_id, seq` and [`EVENT_COLUMNS`] for the `seq`-th event of a complaint.
#[must_use]
pub fn event_values(complaint_id: i64, seq: i64, e: &HistoryEvent) -> [Value<'_>; 10] {
    [
        Value::from(complaint_id),
        Value::from(seq),
        Value::from(e.at),
        Value::from(e.actor.0),
        Value::from(&e.actor_name),
        Value::from(e.action.code()),
        Value::from(e.from_state.map(ComplaintState::code)),
        Value::from(e.to_state.code()),
        Value::from(&e.note),
        Value::from(e.changes.as_json()),
    ]
}

// --- attachments ----------------------------------------------------------------------------

/// The file `file` as a new attachment added by `by` at `now`: its bytes, their SHA-256 (the
/// name the bytes are kept under, with the file's extension), and the name it had.
pub fn read_attachment(file: &std::path::Path, by: &str, now: BizTime) -> Result<AttachmentRecord> {
    let bytes = std::fs::read(file).map_err(|e| StoreError::Io(format!("无法读取附件 {}：{e}", file.display())))?;
    Ok(AttachmentRecord {
        file_name: file.file_name().map_or_else(|| "附件".to_owned(), |n| n.to_string_lossy().into_owned()),
        sha256: sha256_hex(&bytes),
        added_at: now,
        added_by: by.to_owned(),
        bytes,
    })
}

/// Where the copy of an attachment is kept in `dir`: `<sha256><ext>`.
#[must_use]
pub fn attachment_path(dir: &std::path::Path, file_name: &str, sha256: &str) -> std::path::PathBuf {
    dir.join(format!("{sha256}{}", ext_of(file_name)))
}

/// The lowercase hex SHA-256 of `bytes`.
#[must_use]
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    sha2::Sha256::digest(bytes).iter().fold(String::with_capacity(64), |mut s, b| {
        use std::fmt::Write as _;
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// `.ext` of a file name, lowercased (empty when none): attachments are kept as `<sha256><ext>`.
#[must_use]
pub fn ext_of(name: &str) -> String {
    std::path::Path::new(name)
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy().to_lowercase()))
        .unwrap_or_default()
}

/// The columns of an attachment a snapshot copies (its bytes come from where the engine keeps them).
pub const ATTACHMENT_RECORD_COLUMNS: &str = "complaint_id, file_name, sha256, added_at, added_by";

/// The complaint id and record of an attachment from [`ATTACHMENT_RECORD_COLUMNS`], with its bytes.
pub fn attachment_record<R: Cells>(r: &R, bytes: Vec<u8>) -> Result<(i64, AttachmentRecord)> {
    let record = AttachmentRecord {
        file_name: r.text(1)?,
        sha256: r.text(2)?,
        added_at: r.time(3)?,
        added_by: r.text(4)?,
        bytes,
    };
    Ok((r.int(0)?, record))
}

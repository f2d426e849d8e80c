//! What both engines' migrations share (`sqlite::schema`, `postgres::schema`): the table
//! definitions, written once with their column types named by token ([`Types`] says what each
//! engine calls them), and the steps that fill a new column from the complaints' JSON, written
//! once over [`Db`]. Each step runs inside its migration's transaction; a complaint whose JSON
//! does not parse keeps the column's default, and `check` reports it.
//!
//! A migration that has shipped is never edited: its rendered text for each engine stays what
//! it was when it shipped. A new column is a new migration in both engines.

use super::columns::{STORED_FACT_COLUMNS, fact_values, from_json};
use super::db::{Cells, Db, Value, vals};
use super::error::Result;
use crate::domain::stats::StoredFacts;
use crate::domain::work::Complaint;

/// What one engine calls the column types the shared table definitions name by token.
pub struct Types {
    /// `{id}`: a table's own id (`SQLite`'s rowid, `PostgreSQL`'s identity column).
    pub id: &'static str,
    /// `{int}`: a 64-bit integer (times are Unix seconds).
    pub int: &'static str,
    /// `{flag}`, `{true}`, `{false}`: a boolean and its values.
    pub flag: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    /// `{bytes}`: binary data.
    pub bytes: &'static str,
    /// `{attachment_bytes}`: the column holding an attachment's bytes, where the engine keeps
    /// them in the database (nothing where they are files).
    pub attachment_bytes: &'static str,
}

impl Types {
    /// `template` with its type tokens named for this engine.
    #[must_use]
    pub fn render(&self, template: &str) -> String {
        template
            .replace("{id}", self.id)
            .replace("{int}", self.int)
            .replace("{flag}", self.flag)
            .replace("{true}", self.yes)
            .replace("{false}", self.no)
            .replace("{bytes}", self.bytes)
            .replace("{attachment_bytes}", self.attachment_bytes)
    }
}

/// Migration 1 of an engine: the shared tables, with the engine's complaint indexes after the
/// complaints and its guards of the history after the history.
#[must_use]
pub fn initial(types: &Types, indexes: &str, guards: &str) -> String {
    format!("{}{indexes}{}{guards}{}", types.render(V1_TABLES), types.render(V1_HISTORY), types.render(V1_CALLS))
}

/// Migration 1: the organisation, settings, the calendar and the complaints (each engine adds
/// its indexes after them).
pub const V1_TABLES: &str = r"
CREATE TABLE units (
    id        {id},
    name      TEXT NOT NULL UNIQUE,
    kind      TEXT NOT NULL,
    parent_id {int} REFERENCES units(id),
    phone     TEXT
);
CREATE TABLE stations (
    id        {id},
    name      TEXT NOT NULL,
    office_id {int} NOT NULL REFERENCES units(id),
    UNIQUE (office_id, name)
);
CREATE TABLE users (
    id            {id},
    login         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    unit_id       {int} NOT NULL REFERENCES units(id),
    roles         TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    active        {flag} NOT NULL DEFAULT {true},
    signature_png {bytes}
);
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE calendar_years (
    year {int} PRIMARY KEY
);
CREATE TABLE calendar_days (
    date TEXT PRIMARY KEY,
    year {int} NOT NULL,
    name TEXT NOT NULL,
    off  {flag} NOT NULL
);
CREATE TABLE complaints (
    id                {id},
    number            TEXT NOT NULL UNIQUE,
    kind              TEXT NOT NULL,
    source            TEXT NOT NULL,
    category          TEXT NOT NULL,
    grade             TEXT NOT NULL,
    state             TEXT NOT NULL,
    provincial_number TEXT,
    accepted_at       {int} NOT NULL,
    complainant       TEXT NOT NULL,
    phone             TEXT NOT NULL,
    plate             TEXT,
    office_id         {int} REFERENCES units(id),
    station_id        {int} REFERENCES stations(id),
    due_step          TEXT,
    due_started_at    {int},
    due_at            {int},
    paused_since      {int},
    urge_count        {int} NOT NULL DEFAULT 0,
    reopen_count      {int} NOT NULL DEFAULT 0,
    closed_at         {int},
    version           {int} NOT NULL DEFAULT 1,
    updated_at        {int} NOT NULL,
    updated_by        TEXT NOT NULL,
    data              TEXT NOT NULL
);
";

/// Migration 1: the history (each engine adds the triggers that keep it append-only).
pub const V1_HISTORY: &str = r"CREATE TABLE history (
    id           {id},
    complaint_id {int} NOT NULL REFERENCES complaints(id),
    seq          {int} NOT NULL,
    at           {int} NOT NULL,
    actor_id     {int},
    actor_name   TEXT NOT NULL,
    action       TEXT NOT NULL,
    from_state   TEXT,
    to_state     TEXT NOT NULL,
    note         TEXT NOT NULL,
    changes      TEXT NOT NULL,
    UNIQUE (complaint_id, seq)
);
";

/// Migration 1: calls and attachments, last.
pub const V1_CALLS: &str = r"CREATE TABLE calls (
    id          {id},
    number      TEXT NOT NULL UNIQUE,
    category    TEXT NOT NULL,
    received_at {int} NOT NULL,
    phone       TEXT NOT NULL,
    data        TEXT NOT NULL
);
CREATE INDEX calls_received ON calls(received_at);

CREATE TABLE attachments (
    id           {id},
    complaint_id {int} NOT NULL REFERENCES complaints(id),
    file_name    TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    size         {int} NOT NULL,
    added_at     {int} NOT NULL,
    added_by     TEXT NOT NULL{attachment_bytes}
);
CREATE INDEX attachments_complaint ON attachments(complaint_id);
";

/// Migration 2: the indicators' facts as columns, so statistics and reports never parse the
/// JSON. Filled for existing complaints by [`fill_facts`], rewritten on every write since.
pub const V2_FACTS: &str = r"
ALTER TABLE complaints ADD COLUMN closed_on_time {flag};
ALTER TABLE complaints ADD COLUMN revisit_due {flag} NOT NULL DEFAULT {false};
ALTER TABLE complaints ADD COLUMN satisfaction TEXT;
ALTER TABLE complaints ADD COLUMN unsatisfied_ever {flag} NOT NULL DEFAULT {false};
ALTER TABLE complaints ADD COLUMN conclusion TEXT;
ALTER TABLE complaints ADD COLUMN missed_late {flag} NOT NULL DEFAULT {false};
CREATE INDEX complaints_closed ON complaints(closed_at) WHERE closed_at IS NOT NULL;
";

/// How many complaints a step reads at a time (so a large database is never held in memory).
const CHUNK: i64 = 1000;

/// Call `f` with every stored complaint that parses and its id, in id order.
pub fn each_complaint<D: Db>(db: &mut D, mut f: impl FnMut(&mut D, i64, &Complaint) -> Result<()>) -> Result<()> {
    let mut after = 0;
    loop {
        let chunk =
            db.rows("SELECT id, data FROM complaints WHERE id > ?1 ORDER BY id LIMIT ?2", &vals![after, CHUNK], |r| {
                Ok((r.int(0)?, r.text(1)?))
            })?;
        let Some(&(last, _)) = chunk.last() else { return Ok(()) };
        for (id, data) in &chunk {
            if let Ok(c) = from_json::<Complaint>(data) {
                f(db, *id, &c)?;
            }
        }
        after = last;
    }
}

/// Migration 2: project the indicators' facts of every stored complaint into its columns.
pub fn fill_facts<D: Db>(db: &mut D) -> Result<()> {
    let set: Vec<String> = STORED_FACT_COLUMNS.iter().enumerate().map(|(i, c)| format!("{c} = ?{}", i + 1)).collect();
    let update = format!("UPDATE complaints SET {} WHERE id = ?{}", set.join(", "), set.len() + 1);
    each_complaint(db, |db, id, c| {
        db.execute(&update, fact_values(StoredFacts::of(c)).iter().chain(&[Value::from(id)]))?;
        Ok(())
    })
}

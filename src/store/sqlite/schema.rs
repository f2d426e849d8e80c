//! `SQLite`'s versioned migrations, with the steps that fill what a migration added. `PRAGMA
//! user_version` holds the number of migrations applied; each migration and its step run in
//! one transaction. (`rusqlite_migration` has no release for rusqlite 0.41 yet; this is the
//! same idea in a few lines.) `postgres::schema` holds the same migrations for a server.

use std::fmt::Write as _;
use std::path::Path;
use std::sync::LazyLock;

use rusqlite::Connection;

use super::conn::{Conn, classify};
use super::fts;
use crate::store::db::{Cells, Db};
use crate::store::error::Result;
use crate::store::migration::{self, Types};

/// Marks a `SQLite` file as a `RoadDesk` database (`PRAGMA application_id`), "RDSK".
pub const APPLICATION_ID: i64 = 0x5244_534B;

/// What `SQLite` calls the column types of the shared table definitions.
const TYPES: Types = Types {
    id: "INTEGER PRIMARY KEY",
    int: "INTEGER",
    flag: "INTEGER",
    yes: "1",
    no: "0",
    bytes: "BLOB",
    attachment_bytes: "",
};

/// Migration 1: the complaints' indexes (`complaints_due_order` serves the 按时限 list).
const V1_INDEXES: &str = r"CREATE INDEX complaints_accepted ON complaints(accepted_at);
CREATE INDEX complaints_state_accepted ON complaints(state, accepted_at);
CREATE INDEX complaints_office_state ON complaints(office_id, state, accepted_at);
CREATE INDEX complaints_due ON complaints(due_at) WHERE due_at IS NOT NULL;
CREATE INDEX complaints_due_order ON complaints(due_at IS NULL, due_at, accepted_at);
CREATE INDEX complaints_plate ON complaints(plate, accepted_at) WHERE plate IS NOT NULL;
CREATE INDEX complaints_phone ON complaints(phone, accepted_at);
CREATE INDEX complaints_provincial ON complaints(provincial_number) WHERE provincial_number IS NOT NULL;

";

/// Migration 1: history is append-only; the full-text index of the complaints (`fts`).
const V1_GUARDS: &str = r"CREATE TRIGGER history_no_update BEFORE UPDATE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER history_no_delete BEFORE DELETE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;

CREATE VIRTUAL TABLE complaint_search USING fts5(
    body, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0'
);

";

/// Migration 4: how many complaints each office has in each state, kept by triggers in the
/// same transaction as the row, so the dashboard and the status bar never count the table.
/// The triggers and the first count come from its step (`STATE_COUNT_TRIGGERS`, `RECOUNT_STATES`).
const V4_STATE_COUNTS: &str = r"
CREATE TABLE state_counts (
    office_id INTEGER NOT NULL,
    state     TEXT NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (office_id, state)
) WITHOUT ROWID;
";

/// Migration 5: the tables whose writes bump the change stamp, and on which statements.
const STAMPED: &[(&str, &[&str])] = &[
    ("complaints", &["insert", "update", "delete"]),
    ("calls", &["insert", "update"]),
    ("settings", &["insert", "update"]),
    ("units", &["insert", "update"]),
    ("stations", &["insert", "update"]),
    ("users", &["insert", "update"]),
    ("attachments", &["insert"]),
    ("calendar_years", &["insert", "delete"]),
];

/// Migration 5: a change stamp that every write bumps (by trigger, in the writer's
/// transaction), so other desks notice changes by reading one row instead of the tables
/// (`Store::watch`).
fn v5_change_stamp() -> String {
    let mut sql = String::from(
        "
CREATE TABLE change_stamp (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  INTEGER NOT NULL
);
INSERT INTO change_stamp(id, n) VALUES (1, 0);
",
    );
    for (table, ops) in STAMPED {
        for op in *ops {
            let _ = writeln!(
                sql,
                "CREATE TRIGGER {table}_stamp_{op} AFTER {} ON {table} BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;",
                op.to_uppercase()
            );
        }
    }
    sql
}

/// The migrations in order; never change what one that has shipped renders to, add a new one.
static MIGRATIONS: LazyLock<[String; 5]> = LazyLock::new(|| {
    [
        // 1: the initial schema.
        migration::initial(&TYPES, V1_INDEXES, V1_GUARDS),
        // 2: the indicators' facts as columns.
        TYPES.render(migration::V2_FACTS),
        // 3: the full-text index keyed by acceptance time and id (`fts::key`), so a search walks
        // its matches newest first. Rebuilt from the complaints by `rekey_search`.
        String::new(),
        // 4: the state counts.
        V4_STATE_COUNTS.to_owned(),
        // 5: the change stamp.
        v5_change_stamp(),
    ]
});

/// The triggers that keep `state_counts` (migration 4). A bulk load drops them and recounts.
pub const STATE_COUNT_TRIGGERS: &str = r"
CREATE TRIGGER complaints_count_insert AFTER INSERT ON complaints BEGIN
    INSERT INTO state_counts(office_id, state, n) VALUES (COALESCE(new.office_id, 0), new.state, 1)
        ON CONFLICT(office_id, state) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER complaints_count_update AFTER UPDATE OF state, office_id ON complaints
    WHEN old.state IS NOT new.state OR old.office_id IS NOT new.office_id BEGIN
    UPDATE state_counts SET n = n - 1 WHERE office_id = COALESCE(old.office_id, 0) AND state = old.state;
    INSERT INTO state_counts(office_id, state, n) VALUES (COALESCE(new.office_id, 0), new.state, 1)
        ON CONFLICT(office_id, state) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER complaints_count_delete AFTER DELETE ON complaints BEGIN
    UPDATE state_counts SET n = n - 1 WHERE office_id = COALESCE(old.office_id, 0) AND state = old.state;
END;
";

/// Drop the `state_counts` triggers (for a bulk load, inside its transaction).
pub const DROP_STATE_COUNT_TRIGGERS: &str = "DROP TRIGGER complaints_count_insert;
    DROP TRIGGER complaints_count_update; DROP TRIGGER complaints_count_delete;";

/// Count the complaints per office and state afresh.
pub const RECOUNT_STATES: &str = "DELETE FROM state_counts;
    INSERT INTO state_counts(office_id, state, n)
        SELECT COALESCE(office_id, 0), state, count(*) FROM complaints GROUP BY 1, 2;";

/// The schema version this program writes.
#[must_use]
pub fn latest() -> i64 {
    i64::try_from(MIGRATIONS.len()).expect("few migrations")
}

/// Fill what migration `version` added, in the migration's transaction.
fn step(db: &mut Conn<'_>, version: usize) -> Result<()> {
    match version {
        2 => migration::fill_facts(db),
        3 => rekey_search(db),
        4 => db.batch(&format!("{STATE_COUNT_TRIGGERS}{RECOUNT_STATES}")),
        _ => Ok(()),
    }
}

/// Migration 3: the full-text index keyed by [`fts::key`] instead of the complaint id.
fn rekey_search(db: &mut Conn<'_>) -> Result<()> {
    db.batch("INSERT INTO complaint_search(complaint_search) VALUES ('delete-all')")?;
    // In key order: the index builds fastest from ascending rowids. Each entry is written while
    // the complaints are walked, through a second handle on the same connection.
    let mut write = *db;
    db.visit("SELECT id, accepted_at, data FROM complaints ORDER BY accepted_at, id", &[], |r| {
        if let Ok(c) = crate::store::columns::from_json(r.str(2)?) {
            fts::insert(&mut write, fts::key(r.int(1)?, r.int(0)?), &fts::body(&c))?;
        }
        Ok(true)
    })
}

/// Apply every migration not yet applied to the database at `path`. Returns the version before.
pub fn migrate(conn: &mut Connection, path: &Path) -> Result<i64> {
    let current = Conn::new(conn, path).one("PRAGMA user_version", &[], |r| r.int(0))?;
    let err = |e| classify(path, e);
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(usize::try_from(current).unwrap_or(0)) {
        let tx = conn.transaction().map_err(err)?;
        let mut db = Conn::new(&tx, path);
        db.batch(sql)?;
        step(&mut db, i + 1)?;
        tx.pragma_update(None, "user_version", i64::try_from(i + 1).expect("few migrations")).map_err(err)?;
        if i == 0 {
            tx.pragma_update(None, "application_id", APPLICATION_ID).map_err(err)?;
        }
        tx.commit().map_err(err)?;
    }
    Ok(current)
}

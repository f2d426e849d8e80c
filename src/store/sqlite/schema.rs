//! `SQLite`'s versioned migrations, with the steps that fill what a migration added. `PRAGMA
//! user_version` holds the number of migrations applied; each migration and its step run in
//! one transaction. (`rusqlite_migration` has no release for rusqlite 0.41 yet; this is the
//! same idea in a few lines.) `postgres::schema` holds the same migrations for a server.

use std::path::Path;

use rusqlite::Connection;

use super::conn::{Conn, classify};
use super::fts;
use crate::store::db::{Cells, Db};
use crate::store::error::Result;
use crate::store::migration;

/// Marks a `SQLite` file as a `RoadDesk` database (`PRAGMA application_id`), "RDSK".
pub const APPLICATION_ID: i64 = 0x5244_534B;

/// The migrations in order; never edit one that has shipped, add a new one.
pub const MIGRATIONS: &[&str] = &[
    // 1: the initial schema.
    r"
CREATE TABLE units (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL UNIQUE,
    kind      TEXT NOT NULL,
    parent_id INTEGER REFERENCES units(id),
    phone     TEXT
);
CREATE TABLE stations (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL,
    office_id INTEGER NOT NULL REFERENCES units(id),
    UNIQUE (office_id, name)
);
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    login         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    unit_id       INTEGER NOT NULL REFERENCES units(id),
    roles         TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1,
    signature_png BLOB
);
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE calendar_years (
    year INTEGER PRIMARY KEY
);
CREATE TABLE calendar_days (
    date TEXT PRIMARY KEY,
    year INTEGER NOT NULL,
    name TEXT NOT NULL,
    off  INTEGER NOT NULL
);
CREATE TABLE complaints (
    id                INTEGER PRIMARY KEY,
    number            TEXT NOT NULL UNIQUE,
    kind              TEXT NOT NULL,
    source            TEXT NOT NULL,
    category          TEXT NOT NULL,
    grade             TEXT NOT NULL,
    state             TEXT NOT NULL,
    provincial_number TEXT,
    accepted_at       INTEGER NOT NULL,
    complainant       TEXT NOT NULL,
    phone             TEXT NOT NULL,
    plate             TEXT,
    office_id         INTEGER REFERENCES units(id),
    station_id        INTEGER REFERENCES stations(id),
    due_step          TEXT,
    due_started_at    INTEGER,
    due_at            INTEGER,
    paused_since      INTEGER,
    urge_count        INTEGER NOT NULL DEFAULT 0,
    reopen_count      INTEGER NOT NULL DEFAULT 0,
    closed_at         INTEGER,
    version           INTEGER NOT NULL DEFAULT 1,
    updated_at        INTEGER NOT NULL,
    updated_by        TEXT NOT NULL,
    data              TEXT NOT NULL
);
CREATE INDEX complaints_accepted ON complaints(accepted_at);
CREATE INDEX complaints_state_accepted ON complaints(state, accepted_at);
CREATE INDEX complaints_office_state ON complaints(office_id, state, accepted_at);
CREATE INDEX complaints_due ON complaints(due_at) WHERE due_at IS NOT NULL;
CREATE INDEX complaints_due_order ON complaints(due_at IS NULL, due_at, accepted_at);
CREATE INDEX complaints_plate ON complaints(plate, accepted_at) WHERE plate IS NOT NULL;
CREATE INDEX complaints_phone ON complaints(phone, accepted_at);
CREATE INDEX complaints_provincial ON complaints(provincial_number) WHERE provincial_number IS NOT NULL;

CREATE TABLE history (
    id           INTEGER PRIMARY KEY,
    complaint_id INTEGER NOT NULL REFERENCES complaints(id),
    seq          INTEGER NOT NULL,
    at           INTEGER NOT NULL,
    actor_id     INTEGER,
    actor_name   TEXT NOT NULL,
    action       TEXT NOT NULL,
    from_state   TEXT,
    to_state     TEXT NOT NULL,
    note         TEXT NOT NULL,
    changes      TEXT NOT NULL,
    UNIQUE (complaint_id, seq)
);
CREATE TRIGGER history_no_update BEFORE UPDATE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER history_no_delete BEFORE DELETE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;

CREATE VIRTUAL TABLE complaint_search USING fts5(
    body, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0'
);

CREATE TABLE calls (
    id          INTEGER PRIMARY KEY,
    number      TEXT NOT NULL UNIQUE,
    category    TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    phone       TEXT NOT NULL,
    data        TEXT NOT NULL
);
CREATE INDEX calls_received ON calls(received_at);

CREATE TABLE attachments (
    id           INTEGER PRIMARY KEY,
    complaint_id INTEGER NOT NULL REFERENCES complaints(id),
    file_name    TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    size         INTEGER NOT NULL,
    added_at     INTEGER NOT NULL,
    added_by     TEXT NOT NULL
);
CREATE INDEX attachments_complaint ON attachments(complaint_id);
",
    // 2: the indicators' facts as columns, so statistics and reports never parse the JSON.
    // Filled for existing complaints by `migration::fill_facts`, rewritten on every write since.
    r"
ALTER TABLE complaints ADD COLUMN closed_on_time INTEGER;
ALTER TABLE complaints ADD COLUMN revisit_due INTEGER NOT NULL DEFAULT 0;
ALTER TABLE complaints ADD COLUMN satisfaction TEXT;
ALTER TABLE complaints ADD COLUMN unsatisfied_ever INTEGER NOT NULL DEFAULT 0;
ALTER TABLE complaints ADD COLUMN conclusion TEXT;
ALTER TABLE complaints ADD COLUMN missed_late INTEGER NOT NULL DEFAULT 0;
CREATE INDEX complaints_closed ON complaints(closed_at) WHERE closed_at IS NOT NULL;
",
    // 3: the full-text index keyed by acceptance time and id (`fts::key`), so a search walks
    // its matches newest first. Rebuilt from the complaints by `rekey_search`.
    "",
    // 4: how many complaints each office has in each state, kept by triggers in the same
    // transaction as the row, so the dashboard and the status bar never count the table.
    // The triggers and the first count come from its step (`STATE_COUNT_TRIGGERS`, `RECOUNT_STATES`).
    r"
CREATE TABLE state_counts (
    office_id INTEGER NOT NULL,
    state     TEXT NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (office_id, state)
) WITHOUT ROWID;
",
    // 5: a change stamp that every write bumps (by trigger, in the writer's transaction), so other
    // desks notice changes by reading one row instead of the tables (`Store::watch`).
    r"
CREATE TABLE change_stamp (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  INTEGER NOT NULL
);
INSERT INTO change_stamp(id, n) VALUES (1, 0);
CREATE TRIGGER complaints_stamp_insert AFTER INSERT ON complaints BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER complaints_stamp_update AFTER UPDATE ON complaints BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER complaints_stamp_delete AFTER DELETE ON complaints BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER calls_stamp_insert AFTER INSERT ON calls BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER calls_stamp_update AFTER UPDATE ON calls BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER settings_stamp_insert AFTER INSERT ON settings BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER settings_stamp_update AFTER UPDATE ON settings BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER units_stamp_insert AFTER INSERT ON units BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER units_stamp_update AFTER UPDATE ON units BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER stations_stamp_insert AFTER INSERT ON stations BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER stations_stamp_update AFTER UPDATE ON stations BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER users_stamp_insert AFTER INSERT ON users BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER users_stamp_update AFTER UPDATE ON users BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER attachments_stamp_insert AFTER INSERT ON attachments BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER calendar_years_stamp_insert AFTER INSERT ON calendar_years BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER calendar_years_stamp_delete AFTER DELETE ON calendar_years BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
",
];

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

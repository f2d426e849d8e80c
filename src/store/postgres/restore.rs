//! Filling an empty server database from a snapshot of another (`roaddesk migrate`), in the
//! caller's one transaction: ids are kept, because the complaints' JSON names units, stations
//! and users by id; the identity sequences then continue after the highest.

use postgres::Transaction;

use super::conn::PgDb;
use super::write::write;
use crate::store::columns::roles_to_text;
use crate::store::db::{Cells, Db, vals};
use crate::store::error::{Result, StoreError};
use crate::store::queries;
use crate::store::snapshot::Snapshot;

type Tx<'a> = PgDb<'a, Transaction<'a>>;

/// Write `snapshot` into the empty database of `server`.
pub fn restore(tx: &mut Tx<'_>, server: &str, snapshot: &Snapshot) -> Result<()> {
    // Nobody else writes while the copy goes in (a desk connecting meanwhile waits).
    tx.batch("LOCK TABLE units, stations, users, settings, complaints, calls IN EXCLUSIVE MODE")?;
    let used = tx.one(
        "SELECT EXISTS (SELECT 1 FROM units) OR EXISTS (SELECT 1 FROM users)
            OR EXISTS (SELECT 1 FROM complaints) OR EXISTS (SELECT 1 FROM calls)",
        &[],
        |r| r.flag(0),
    )?;
    if used {
        return Err(StoreError::Sql(format!("数据库服务器 {server} 上的 RoadDesk 数据库已有数据，只能迁移到空数据库")));
    }
    organisation(tx, snapshot)?;
    tx.execute("DELETE FROM settings", &[])?;
    for (key, value) in &snapshot.settings {
        tx.execute("INSERT INTO settings(key, value) VALUES (?1, ?2)", &vals![key, value])?;
    }
    queries::write_calendar(tx, &snapshot.calendar)?;
    for rec in &snapshot.complaints {
        let id = write(tx, None, &rec.complaint, &rec.updated_by, rec.updated_at)?;
        queries::insert_histories(tx, id, &rec.history)?;
        for a in &rec.attachments {
            queries::insert_attachment(tx, id, a, true)?;
        }
    }
    snapshot.calls.iter().try_for_each(|c| queries::insert_call(tx, c))
}

/// Units (parents once all exist), stations and users with their ids.
fn organisation(tx: &mut Tx<'_>, snapshot: &Snapshot) -> Result<()> {
    for u in &snapshot.units {
        tx.execute(
            "INSERT INTO units(id, name, kind, parent_id, phone) VALUES (?1, ?2, ?3, NULL, ?4)",
            &vals![u.id.0, &u.name, u.kind.code(), u.phone.as_deref()],
        )?;
    }
    for u in snapshot.units.iter().filter(|u| u.parent.is_some()) {
        tx.execute("UPDATE units SET parent_id = ?2 WHERE id = ?1", &vals![u.id.0, u.parent.map(|p| p.0)])?;
    }
    for st in &snapshot.stations {
        tx.execute(
            "INSERT INTO stations(id, name, office_id) VALUES (?1, ?2, ?3)",
            &vals![st.id.0, &st.name, st.office.0],
        )?;
    }
    for u in &snapshot.users {
        tx.execute(
            "INSERT INTO users(id, login, name, unit_id, roles, password_hash, active, signature_png)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            &vals![
                u.user.id.0,
                &u.user.login,
                &u.user.name,
                u.user.unit.0,
                roles_to_text(&u.user.roles),
                &u.password_hash,
                u.user.active,
                u.signature.as_deref(),
            ],
        )?;
    }
    for table in ["units", "stations", "users"] {
        tx.batch(&format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(max(id), 0) + 1, false) FROM {table}"
        ))?;
    }
    Ok(())
}

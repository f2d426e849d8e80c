//! Writing a complaint on `SQLite`: its row (the shared projection) and its entry in the
//! full-text index, which is rewritten only when the searchable text or the key changed.

use std::sync::LazyLock;

use super::conn::Conn;
use super::fts;
use crate::domain::time::{BizTime, to_epoch};
use crate::domain::work::Complaint;
use crate::store::columns::to_json;
use crate::store::error::Result;
use crate::store::queries::{self, ComplaintSql, Existing};

/// The complaint row's INSERT and UPDATE (the shared columns only: the search text is in the index).
static WRITE: LazyLock<ComplaintSql> = LazyLock::new(|| ComplaintSql::new(&[]));

/// A complaint's stored JSON and its index entry, prepared ahead of the write (a bulk load
/// prepares them on other threads than the one writing).
pub struct Prepared {
    data: String,
    search: String,
}

impl Prepared {
    pub fn of(c: &Complaint) -> Result<Self> {
        Ok(Self { data: to_json(c)?, search: fts::body(c) })
    }
}

/// Insert (`existing` None) or update a complaint's row and its index entry; checks the version
/// on update. With `deferred`, a new entry is put on that list instead (a bulk load inserts
/// them at the end, in key order).
pub fn write_prepared(
    db: &mut Conn<'_>,
    existing: Option<Existing<'_>>,
    c: &Complaint,
    prepared: &Prepared,
    by: &str,
    now: BizTime,
    deferred: Option<&mut Vec<(i64, String)>>,
) -> Result<i64> {
    let id = queries::write_row(db, &WRITE, existing, c, &prepared.data, &[], by, now)?;
    let key = fts::key(to_epoch(c.accepted_at), id);
    if let Some(e) = existing {
        let old_key = fts::key(to_epoch(e.before.accepted_at), id);
        // Most steps change no searchable text: leave the index alone (no new segment to merge).
        if old_key == key && fts::body(e.before) == prepared.search {
            return Ok(id);
        }
        fts::delete(db, old_key)?;
    }
    match deferred {
        Some(entries) => entries.push((key, prepared.search.clone())),
        None => fts::insert(db, key, &prepared.search)?,
    }
    Ok(id)
}

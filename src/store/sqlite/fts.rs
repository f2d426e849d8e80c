//! `SQLite`'s full-text index of the complaints (`complaint_search`, FTS5, contentless): what a
//! complaint's entry holds, the key it is stored under, and how a search joins it back.
//!
//! An entry is the complaint's searchable text as character bigrams (`search::index_text`), so
//! a search word of any length is a phrase of consecutive bigrams. Its rowid is [`key`]: the
//! acceptance time in the high bits, so the index hands out matches newest first and a list
//! page stops at its end instead of sorting every match.

use super::conn::Conn;
use crate::domain::work::Complaint;
use crate::store::db::{Db, vals};
use crate::store::error::Result;
use crate::store::search::{index_text, searchable};

/// The index entry of a complaint: its searchable text as bigrams.
#[must_use]
pub fn body(c: &Complaint) -> String {
    index_text(&searchable(c))
}

/// Bits of the complaint id kept in a search key.
const KEY_ID_BITS: u32 = 20;
const KEY_ID_MASK: i64 = (1 << KEY_ID_BITS) - 1;

/// The full-text index's rowid for a complaint: its acceptance time (seconds) in the high bits
/// and the low bits of its id. The index hands out matches in rowid order, so a search walks its
/// matches newest-accepted first and stops at the page's end instead of sorting every match
/// (收费站 matches most complaints). The row is found again through the accepted-time index:
/// `accepted_at = key >> 20 AND id & 0xFFFFF = key & 0xFFFFF` — ids in the same second never
/// share their low 20 bits.
#[must_use]
pub fn key(accepted_epoch: i64, id: i64) -> i64 {
    (accepted_epoch << KEY_ID_BITS) | (id & KEY_ID_MASK)
}

/// How a search joins the complaints to the full-text index (see [`key`]).
pub const SEARCH_FROM: &str = "complaint_search fts CROSS JOIN complaints c
    ON c.accepted_at = (fts.rowid >> 20) AND (c.id & 1048575) = (fts.rowid & 1048575)";

pub fn insert(db: &mut Conn<'_>, key: i64, body: &str) -> Result<()> {
    db.execute("INSERT INTO complaint_search(rowid, body) VALUES (?1, ?2)", &vals![key, body])?;
    Ok(())
}

pub fn delete(db: &mut Conn<'_>, key: i64) -> Result<()> {
    db.execute("DELETE FROM complaint_search WHERE rowid = ?1", &vals![key])?;
    Ok(())
}

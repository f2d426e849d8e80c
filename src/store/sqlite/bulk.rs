//! Bulk loads of generated complaints (the demo, the benchmark's fill): complaints serialised
//! ahead on other threads ([`PreparedBatch`]), written inside one transaction ([`BulkWriter`],
//! see `SqliteStore::bulk`) with their index entries inserted in key order at the end.

use std::path::Path;

use rusqlite::Transaction;

use super::conn::Conn;
use super::fts;
use super::write::{Prepared, write_prepared};
use crate::domain::lifecycle::HistoryEvent;
use crate::domain::work::Complaint;
use crate::store::error::Result;
use crate::store::queries;

/// Generated complaints with their stored JSON and search text made ready, so that the
/// serialising can happen on other threads than the one writing.
pub struct PreparedBatch {
    items: Vec<(Complaint, Vec<HistoryEvent>)>,
    prepared: Vec<Prepared>,
}

impl PreparedBatch {
    /// Serialise `items` (on the calling thread).
    pub fn new(items: Vec<(Complaint, Vec<HistoryEvent>)>) -> Result<Self> {
        let prepared = items.iter().map(|(c, _)| Prepared::of(c)).collect::<Result<Vec<_>>>()?;
        Ok(Self { items, prepared })
    }

    /// How many complaints the batch holds.
    #[must_use]
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether the batch is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// Writes generated complaints inside one transaction (see `SqliteStore::bulk`).
pub struct BulkWriter<'a> {
    tx: Transaction<'a>,
    path: &'a Path,
}

impl<'a> BulkWriter<'a> {
    pub(super) fn new(tx: Transaction<'a>, path: &'a Path) -> Self {
        Self { tx, path }
    }

    /// The writer's transaction, to finish the load in.
    pub(super) fn conn(&self) -> Conn<'_> {
        Conn::new(&self.tx, self.path)
    }

    pub(super) fn commit(self) -> Result<()> {
        let path = self.path;
        self.tx.commit().map_err(|e| super::conn::classify(path, e))
    }

    /// Write complaints with their histories as they are.
    pub fn write(&mut self, batch: &PreparedBatch) -> Result<()> {
        let mut db = self.conn();
        let mut search = Vec::with_capacity(batch.len());
        for ((c, events), p) in batch.items.iter().zip(&batch.prepared) {
            let (by, at) = queries::generated_by(c, events);
            let id = write_prepared(&mut db, None, c, p, by, at, Some(&mut search))?;
            queries::insert_histories(&mut db, id, events)?;
        }
        // The full-text index takes rows fastest in ascending key order: a key lower than the
        // last one flushes its pending terms into a new segment (one per row, unsorted).
        search.sort_unstable_by_key(|(key, _)| *key);
        for (key, body) in &search {
            fts::insert(&mut db, *key, body)?;
        }
        Ok(())
    }
}

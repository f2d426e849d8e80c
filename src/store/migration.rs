//! What both engines' migrations share (`sqlite::schema`, `postgres::schema`): the steps that
//! fill a new column from the complaints' JSON, written once over [`Db`]. Each runs inside its
//! migration's transaction; a complaint whose JSON does not parse keeps the column's default,
//! and `check` reports it.

use super::columns::{STORED_FACT_COLUMNS, fact_values, from_json};
use super::db::{Cells, Db, Value, vals};
use super::error::Result;
use crate::domain::stats::StoredFacts;
use crate::domain::work::Complaint;

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

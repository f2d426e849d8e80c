//! Writing a complaint on the server: its row (the shared projection) with the search text
//! this engine keeps beside it, `search_text`, rewritten from the complaint on every write.

use std::sync::LazyLock;

use postgres::Transaction;

use super::conn::PgDb;
use crate::domain::time::BizTime;
use crate::domain::work::Complaint;
use crate::store::columns::to_json;
use crate::store::db::Value;
use crate::store::error::Result;
use crate::store::queries::{self, ComplaintSql, Existing};
use crate::store::search::{run_text, searchable};

/// The column the search text is kept in (migration 3).
pub const SEARCH_COLUMN: &str = "search_text";

/// The complaint row's INSERT and UPDATE: the shared columns, then the search text.
static WRITE: LazyLock<ComplaintSql> = LazyLock::new(|| ComplaintSql::new(&[SEARCH_COLUMN]));

/// A complaint's search text: its runs of letters and digits (a term is a substring of them).
#[must_use]
pub fn search_text(c: &Complaint) -> String {
    run_text(&searchable(c))
}

/// Insert (`existing` None) or update a complaint's row; checks the version on update.
pub fn write(
    tx: &mut PgDb<'_, Transaction<'_>>,
    existing: Option<Existing<'_>>,
    c: &Complaint,
    by: &str,
    now: BizTime,
) -> Result<i64> {
    let data = to_json(c)?;
    queries::write_row(tx, &WRITE, existing, c, &data, &[Value::from(search_text(c))], by, now)
}

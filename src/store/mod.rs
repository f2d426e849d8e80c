//! Storage: the only place with SQL. The [`Store`] trait holds what the app needs; [`SqliteStore`]
//! implements it on an embedded `SQLite` file, [`PgStore`] on a `PostgreSQL` server shared by
//! several desks, with the same behaviour. Every lifecycle step is one transaction that writes
//! the complaint and its history event together, or nothing. History rows are never updated or
//! deleted (triggers refuse it).
//!
//! This file only declares and re-exports. The modules form layers, each using only those
//! below it (`tests/architecture.rs` checks that no import runs in a circle):
//!
//! 1. `error`, `types`, `search`, `snapshot` — the vocabulary: errors, filters and list lines,
//!    the search text forms, a whole database as data;
//! 2. `db` — the engine-neutral surface: parameters (`Value`), rows (`Cells`), a
//!    connection or transaction (`Db`);
//! 3. `columns` — the one mapping between rows and domain values; `queries` — the statements
//!    both engines run; `migration` — the table definitions and migration steps both share;
//! 4. `engine` — what an engine provides the shared behaviour (the `Engine` trait);
//! 5. `sqlite/`, `postgres/` — each engine: its connection, migrations, search, locks, bulk
//!    paths and watchers, implementing `Engine`;
//! 6. `api` — the [`Store`] trait; `shared` — its one implementation, for every `Engine`;
//! 7. `target` and `export_data` — opening a store, and gathering what forms and reports need.
//!
//! Adding a column: its name and value in `columns` (the projection written on every write,
//! and the mapping of any query that reads it), and one migration in each engine's `schema`.

mod api;
mod columns;
mod db;
mod engine;
mod error;
mod export_data;
mod migration;
mod postgres;
mod queries;
pub mod search;
mod shared;
pub mod snapshot;
mod sqlite;
mod target;
mod types;

pub use api::Store;
pub use error::{Result, StoreError};
pub use export_data::{center_name, form_data, report_data, unit_names};
pub use postgres::{PgStore, attachment_cache_dir};
pub use sqlite::{BulkWriter, PreparedBatch, SqliteStore};
pub use target::{Target, redact_url};
pub use types::{
    Attachment, ChangeWatch, CheckReport, ComplaintRow, ListFilter, NewUnit, SIGNATURE_MAX_BYTES, Scope, SortKey,
    check_signature_png,
};

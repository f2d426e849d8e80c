//! The pure core: no egui, no SQL, no files, no clock (the current time is passed in).
//!
//! It reads top-down, without import circles (`tests/architecture.rs` checks, file by file and folder
//! by folder): each module names only those below it.
//! - `intake`, `stats` — typed input to validated items; indicators;
//! - `lifecycle/` — the complaint's state machine (`apply`, `register`, the table `rule`);
//! - `revisit` — the revisit policy and rules complaints and calls share;
//! - `rights` — the action kinds, role groups and refusals both of those use;
//! - `work` — complaints and calls; `deadline` — limits per step and grade, due times;
//! - `checklist`, `org`, `validate`, `calendar`, `time`, `labels` — the parts they are made of.

pub mod calendar;
pub mod checklist;
pub mod deadline;
pub mod intake;
pub mod labels;
pub mod lifecycle;
pub mod org;
pub mod revisit;
pub mod rights;
pub mod stats;
pub mod time;
pub mod validate;
pub mod work;

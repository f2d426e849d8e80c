//! `RoadDesk` (路段客服台): complaint handling for expressway segment monitoring centers.
//!
//! Layers, each in its folder (README.md § Architecture says the same at length):
//! - [`domain`] — pure Rust: the complaint lifecycle as a state machine (who may do what from
//!   which state), deadlines on a working-day calendar, validation, indicators. No UI, no SQL,
//!   no files, no clock: `now` is always passed in, in China Standard Time.
//! - [`store`] — `SQLite`: migrations, queries, the append-only history, search, backups. The
//!   only module with SQL. Every lifecycle step is one transaction: new state and its history
//!   event together, or nothing.
//! - [`import`] / [`auth`] — CSV decoding (UTF-8/GBK) and passwords (argon2).
//! - [`cli`] — the command line; `src/main.rs` only parses and reports errors.
//! - [`demo`] — a deterministic generator of realistic demo data, driven through the real lifecycle.

pub mod auth;
pub mod bench;
pub mod cli;
pub mod demo;
pub mod domain;
pub mod export;
pub mod fonts;
pub mod import;
pub mod setup;
pub mod store;
pub mod ui;

//! One screen per file. Each reads its view model and pushes [`super::Command`]s.

pub mod calls;
pub mod connection;
pub mod dashboard;
pub mod detail;
pub mod detail_actions;
pub mod first_run;
pub mod intake;
pub mod list;
pub mod login;
pub mod revisit_form;
pub mod revisits;
pub mod settings;
pub mod stats;

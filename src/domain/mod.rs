//! The pure core: no egui, no SQL, no files, no clock (the current time is passed in).

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

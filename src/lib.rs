//! `RoadDesk` (路段客服台): complaint handling for expressway segment monitoring centers.

pub mod domain;
pub mod store;

//! `RoadDesk` (路段客服台): complaint handling for expressway segment monitoring centers.

pub mod auth;
pub mod cli;
pub mod demo;
pub mod domain;
pub mod import;
pub mod store;

//! The command line: the same library as the window, headless. Chinese for people, JSON for scripts.

pub mod args;
mod commands;
mod print;

use std::path::PathBuf;

pub use args::Cli;
pub use commands::run;

/// A failure to report on stderr: one clear Chinese sentence (or a list), and the exit code.
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub code: i32,
}

impl Failure {
    pub fn new(message: impl Into<String>) -> Self {
        Self { message: message.into(), code: 1 }
    }
}

impl<E: std::error::Error> From<E> for Failure {
    fn from(e: E) -> Self {
        Self::new(e.to_string())
    }
}

/// Where the database lives unless `--db` says otherwise: the user's data folder.
#[must_use]
pub fn default_db_path() -> PathBuf {
    directories::ProjectDirs::from("cn", "RoadDesk", "RoadDesk")
        .map_or_else(|| PathBuf::from("roaddesk.db"), |d| d.data_dir().join("roaddesk.db"))
}

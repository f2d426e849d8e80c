//! The desktop window (eframe/egui).
//!
//! The shell ([`shell`]) only routes; each area — its screens, its commands, its store jobs
//! and background tasks — lives in its own folder; what the areas share lies below them. The
//! arrows go one way: shell → areas → widgets, view types, tasks, backend → domain and store.
//!
//! - Areas: [`dashboard`], [`complaints`] (list, detail, its forms), [`intake`] (新建投诉,
//!   来电登记), [`revisits`], [`stats`], [`settings`], [`export`] (batch and file exports);
//!   before the main window, [`start`] (first run, login) and [`connection`] (连接设置).
//! - Below them: [`view`] (what screens read, requests that cross areas), [`command`] (the
//!   deferred commands), [`area`] (the `Area` trait and its context), [`widgets`], [`jobs`]
//!   (store work several areas send), [`tasks`] (the named background-task registry),
//!   [`backend`] (the store thread), [`topic`], [`desk`], [`watch`], [`theme`], [`fonts`],
//!   [`answers`].

pub mod answers;
pub mod area;
pub mod backend;
pub mod command;
pub mod complaints;
pub mod connection;
pub mod dashboard;
pub mod desk;
pub mod export;
pub mod fonts;
pub mod intake;
pub mod jobs;
pub mod revisits;
pub mod settings;
pub mod shell;
pub mod start;
pub mod stats;
pub mod tasks;
pub mod theme;
pub mod topic;
pub mod view;
pub mod watch;
pub mod widgets;

pub use shell::RoadDeskApp;
pub use view::{Nav, Session};

/// The main window's options: title and size (the benchmark's real-window run opens the same).
#[must_use]
pub fn native_options() -> eframe::NativeOptions {
    eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("路段客服台 RoadDesk")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([960.0, 600.0]),
        ..eframe::NativeOptions::default()
    }
}

/// Run the window on the database at `db` (created on first run).
pub fn run(target: crate::store::Target, explicit: bool) -> Result<(), String> {
    eframe::run_native(
        "RoadDesk",
        native_options(),
        Box::new(move |cc| Ok(Box::new(RoadDeskApp::start(&cc.egui_ctx, cc.storage, &target, explicit)))),
    )
    .map_err(|e| format!("无法打开窗口：{e}"))
}

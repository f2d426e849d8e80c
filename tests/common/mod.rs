//! Shared by the window tests: a real app over an inline store, driven headlessly by `egui_kittest`.

#![allow(dead_code, reason = "each test file uses a different part")]

pub mod backend;

use std::path::PathBuf;
use std::sync::Arc;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use roaddesk::domain::time::{BizTime, parse_biz_time};
use roaddesk::store::{SqliteStore, Target};
use roaddesk::ui::RoadDeskApp;
use roaddesk::ui::backend::Backend;
use roaddesk::ui::shell::Prefs;

/// The fixed “now” of the window tests.
pub const NOW: &str = "2026-11-21 10:00";

pub fn now() -> BizTime {
    parse_biz_time(NOW).expect("valid time")
}

/// A temporary database; `demo` complaints of demo data if > 0.
pub struct Db {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

impl Db {
    pub fn empty() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("desk.db");
        drop(SqliteStore::create(&path).expect("create database"));
        Self { dir, path }
    }

    pub fn demo(complaints: usize) -> Self {
        let db = Self::empty();
        let mut store = SqliteStore::open(&db.path).expect("open");
        roaddesk::setup::install_demo(&mut store, complaints, 7, now(), |_| {}).expect("demo data");
        db
    }

    pub fn store(&self) -> SqliteStore {
        SqliteStore::open(&self.path).expect("open")
    }
}

/// The app over `db` with an inline store and the fixed clock, in a 1280×800 harness with the
/// bundled Chinese font (kittest panics on a missing glyph, so every character must be covered).
pub fn harness(db: &Db) -> Harness<'static, RoadDeskApp> {
    harness_on(Box::new(db.store()), Target::File(db.path.clone()))
}

/// The app over `store` (a connection to `target`), as [`harness`] does.
pub fn harness_on(store: Box<dyn roaddesk::store::Store>, target: Target) -> Harness<'static, RoadDeskApp> {
    let backend = Backend::inline(store);
    let clock: roaddesk::ui::desk::Clock = Arc::new(now);
    let app = RoadDeskApp::new(backend, target, clock, Prefs::default());
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_context_setup(roaddesk::ui::fonts::install)
        .build_ui_state(|ui, app: &mut RoadDeskApp| app.show(ui), app);
    settle(&mut h);
    h
}

/// Run frames until results are in and drawn.
pub fn settle(h: &mut Harness<'static, RoadDeskApp>) {
    h.run_steps(6);
}

/// Type into the text field labelled `label` (replacing nothing: fields start empty).
pub fn type_into(h: &mut Harness<'static, RoadDeskApp>, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.step();
    h.get_by_label(label).type_text(text);
    h.step();
}

/// Log in through the login screen.
pub fn login(h: &mut Harness<'static, RoadDeskApp>, user: &str, password: &str) {
    type_into(h, "用户名", user);
    type_into(h, "密码", password);
    h.get_by_label("登录").click();
    settle(h);
}

/// Whether the navigation shows an entry (a button with this label).
pub fn nav_has(h: &Harness<'static, RoadDeskApp>, label: &str) -> bool {
    h.query_all_by_role_and_label(egui::accesskit::Role::Button, label).next().is_some()
}

/// Take migration 5 (the change stamp and its triggers) out of a database file, so that a test
/// can turn it into a file of an older release.
pub fn drop_change_stamp(raw: &rusqlite::Connection) {
    let triggers: Vec<String> = raw
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%change_stamp%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(!triggers.is_empty());
    for name in triggers {
        raw.execute_batch(&format!("DROP TRIGGER {name};")).unwrap();
    }
    raw.execute_batch("DROP TABLE change_stamp;").unwrap();
}

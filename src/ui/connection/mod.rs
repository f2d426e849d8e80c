//! 连接设置: which database this desk works on — its own file, or a `PostgreSQL` server shared by
//! several desks — remembered without the password (which the system credential store may
//! keep). Connecting and testing run as tasks off the UI thread; on success the shell starts
//! over on the new store.

mod cmd;
mod screen;
mod setting;

pub use cmd::Cmd;

pub use screen::ConnectionScreen;
pub use setting::{ConnectionSetting, ServerForm, ServerSetting, remember_password, remembered_password, setting_path};

use std::path::{Path, PathBuf};

use super::backend::{Done, take};
use super::desk::Desk;
use super::tasks::{Task, Tasks};
use super::topic::{AreaId, Topic};
use crate::domain::validate::FieldError;
use crate::store::{Store, Target};

/// Connecting to a server (or back to this desk's file).
pub const CONNECT: Topic = Topic::new(AreaId::Connection, "connect");
/// Checking that a server answers (nothing is changed).
pub const TEST: Topic = Topic::new(AreaId::Connection, "connection-test");

/// A connection made: the store, where it is, and a note for the user (a password that could
/// not be remembered).
pub struct Connected {
    pub store: Box<dyn Store>,
    pub target: Target,
    pub note: Option<String>,
}

/// The server this desk remembers (in the user's config folder), and whether its password is
/// at hand (else 连接设置 asks for it first).
#[must_use]
pub fn remembered() -> Option<(ServerForm, bool)> {
    let server = ConnectionSetting::load(&setting_path()).ok()?.server?;
    let form = ServerForm::of(Some(&server));
    let ready = !form.password.is_empty() || std::env::var_os("PGPASSWORD").is_some();
    Some((form, ready))
}

/// 连接设置 as remembered in `setting_path`, for a window working on `target`, with `outcome`
/// (why it is shown) under the form.
#[must_use]
pub fn screen(setting_path: &Path, target: &Target, outcome: Option<String>) -> ConnectionScreen {
    let setting = ConnectionSetting::load(setting_path);
    let started_on = match target {
        Target::Server(url) => ServerForm::from_url(url),
        Target::File(_) => None,
    };
    let (server, form, load_error) = match setting {
        // Started on a server by the command line: show that one.
        Ok(s) if s.server.is_none() && started_on.is_some() => (true, started_on.unwrap_or_default(), None),
        Ok(s) => (s.server.is_some(), ServerForm::of(s.server.as_ref()), None),
        Err(e) => (false, ServerForm::of(None), Some(e)),
    };
    let mut screen = ConnectionScreen::new(target.describe(), server, form);
    if let Some(message) = outcome.or(load_error) {
        screen.outcome(false, message);
    }
    screen
}

/// Connect to the server in `form` (or this desk's `local` file) on a task; on success the
/// setting is remembered in `setting_path`. The outcome comes back as a [`CONNECT`] result,
/// `Result<Connected, String>`.
fn connect(
    tasks: &mut Tasks,
    desk: &Desk,
    form: Option<&ServerForm>,
    local: &Path,
    setting_path: &Path,
) -> Result<(), Vec<FieldError>> {
    let (target, server) = match form {
        None => (Target::File(local.to_owned()), None),
        Some(f) => {
            let (s, t) = f.target()?;
            (t, Some(s))
        }
    };
    let remember = form.filter(|f| f.remember).map(|f| f.password.clone());
    let path: PathBuf = setting_path.to_owned();
    let work = move |_: &super::tasks::Progress| -> Result<Connected, String> {
        let store = target.create().map_err(|e| e.to_string())?;
        ConnectionSetting { server: server.clone() }.save(&path)?;
        let note = match (&server, remember) {
            (Some(s), Some(p)) => remember_password(s, Some(&p)).err(),
            _ => None,
        };
        Ok(Connected { store, target, note })
    };
    start(tasks, desk, CONNECT, "连接数据库", work)
}

/// Check that the server in `form` answers and how many complaints it holds, on a task; the
/// outcome comes back as a [`TEST`] result, `Result<String, String>`.
fn test(tasks: &mut Tasks, desk: &Desk, form: &ServerForm) -> Result<(), Vec<FieldError>> {
    let (_, target) = form.target()?;
    let work = move |_: &super::tasks::Progress| {
        target
            .open()
            .map(|s| match s.state_counts(None) {
                Ok(counts) => {
                    let n: u64 = counts.iter().map(|(_, n)| n).sum();
                    format!("连接成功：{}（工单 {n} 条）", target.name())
                }
                Err(e) => format!("连接成功：{}，但读取数据时出错：{e}", target.name()),
            })
            .map_err(|e| e.to_string())
    };
    start(tasks, desk, TEST, "测试连接", work)
}

/// Where a desk's database file is and 连接设置 is remembered.
pub struct Places<'a> {
    pub local: &'a Path,
    pub setting: &'a Path,
}

/// Apply what the connection screen asked for: a test or a connection starts as a task (a
/// form that does not read is said beside its fields); `false` for 返回, which the shell does.
pub fn apply(cmd: Cmd, screen: &mut ConnectionScreen, tasks: &mut Tasks, desk: &Desk, places: &Places<'_>) -> bool {
    let started = match cmd {
        Cmd::Test(form) => test(tasks, desk, &form),
        Cmd::Connect(form) => connect(tasks, desk, form.as_ref(), places.local, places.setting),
        Cmd::Close => return false,
    };
    if let Err(errors) = started {
        screen.refused(errors);
    }
    true
}

/// A connection task ended: the screen says how it went, or the store connected to is handed
/// back (the shell starts over on it).
#[must_use]
pub fn receive(done: Done, screen: Option<&mut ConnectionScreen>) -> Option<Connected> {
    let topic = done.topic;
    let outcome = match topic {
        TEST => take::<Result<String, String>>(done).map(|r| r.map(|m| (true, m))),
        CONNECT => match take::<Result<Connected, String>>(done) {
            Some(Ok(c)) => return Some(c),
            Some(Err(e)) => Some(Err(e)),
            None => Some(Err("连接任务意外中止".to_owned())),
        },
        _ => None,
    };
    if let (Some(outcome), Some(screen)) = (outcome, screen) {
        match outcome {
            Ok((ok, m)) => screen.outcome(ok, m),
            Err(e) => screen.outcome(false, e),
        }
    }
    None
}

/// Start a connection task; a failure to start is said where the form's messages go.
fn start<T: Send + 'static>(
    tasks: &mut Tasks,
    desk: &Desk,
    topic: Topic,
    what: &str,
    work: impl FnOnce(&super::tasks::Progress) -> T + Send + 'static,
) -> Result<(), Vec<FieldError>> {
    let refused = |why: String| vec![FieldError::new("连接", why)];
    let task = Task::spawn(topic, what, desk.waker(), work).map_err(|e| refused(e.to_string()))?;
    tasks.start(task).map_err(|_| refused("上一次连接尚未完成，请稍候".to_owned()))
}

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
pub fn connect(
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
pub fn test(tasks: &mut Tasks, desk: &Desk, form: &ServerForm) -> Result<(), Vec<FieldError>> {
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

//! Before the main window: 首次使用 on an empty database (set up the center, or load the demo
//! data) and 登录. The shell shows these screens as its phases and applies their [`Cmd`]s.

mod first_run;
mod login;

pub use first_run::FirstRunScreen;
pub use login::LoginScreen;

use super::backend::{Backend, Done, take};
use super::topic::{AreaId, Topic};
use super::view::Session;
use crate::auth::authenticate;
use crate::domain::lifecycle::ContextData;
use crate::domain::time::BizTime;
use crate::store::{Scope, Store};

pub const LOGIN: Topic = Topic::new(AreaId::Shell, "login").waited();
/// Setting up a center or loading the demo data.
pub const SETUP: Topic = Topic::new(AreaId::Shell, "setup");

/// What the first-run and login screens ask for.
pub enum Cmd {
    Login {
        login: String,
        password: String,
    },
    Setup(SetupInput),
    LoadDemo {
        complaints: usize,
    },
    /// Open 连接设置.
    OpenConnection,
}

impl Cmd {
    /// Send the store job this asks for; 连接设置 (the shell's) is handed back.
    pub fn send(self, backend: &mut Backend, now: BizTime) -> Option<Cmd> {
        match self {
            Cmd::Login { login, password } => backend.send(LOGIN, move |store| login_job(store, &login, &password)),
            Cmd::Setup(input) => backend.send(SETUP, move |store| setup_job(store, &input)),
            Cmd::LoadDemo { complaints } => backend.send(SETUP, move |store| demo_job(store, complaints, now)),
            Cmd::OpenConnection => return Some(self),
        }
        None
    }
}

/// What a first-run or login job came to.
pub enum Reply {
    /// Set up (or demo data loaded): what to tell the user, who then logs in.
    SetUp(String),
    /// Set-up refused: why, on the first-run screen.
    SetupFailed(String),
    LoggedIn(Box<(Session, ContextData)>),
    /// Login refused: why, on the login screen.
    LoginFailed(String),
}

/// The reply of a [`LOGIN`] or [`SETUP`] job.
#[must_use]
pub fn reply(done: Done) -> Option<Reply> {
    match done.topic {
        SETUP => take::<Result<String, String>>(done).map(|r| r.map_or_else(Reply::SetupFailed, Reply::SetUp)),
        LOGIN => take::<Result<(Session, ContextData), String>>(done)
            .map(|r| r.map_or_else(Reply::LoginFailed, |sd| Reply::LoggedIn(Box::new(sd)))),
        _ => None,
    }
}

/// The first-run set-up of a center.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SetupInput {
    pub center: String,
    /// Office name and its stations, one office per entry.
    pub offices: Vec<(String, Vec<String>)>,
    pub admin_login: String,
    pub admin_name: String,
    pub admin_password: String,
}

fn login_job(store: &mut dyn Store, login: &str, password: &str) -> Result<(Session, ContextData), String> {
    let actor = authenticate(store, login.trim(), password).map_err(|e| e.to_string())?;
    let data = store.context_data().map_err(|e| e.to_string())?;
    let unit_name = data.units.iter().find(|u| u.id == actor.unit).map(|u| u.name.clone()).unwrap_or_default();
    let session = Session { actor, login: login.trim().to_owned(), unit_name };
    // From here on this connection answers only with what the user may see.
    store.set_scope(session.office_scope().map_or(Scope::All, Scope::Office));
    Ok((session, data))
}

fn setup_job(store: &mut dyn Store, input: &SetupInput) -> Result<String, String> {
    let setup = crate::setup::CenterSetup {
        provincial: String::new(),
        center: input.center.clone(),
        offices: input.offices.clone(),
        admin_login: input.admin_login.clone(),
        admin_name: input.admin_name.clone(),
        admin_password: input.admin_password.clone(),
    };
    crate::setup::setup_center(store, &setup).map_err(|e| e.to_string())?;
    Ok(format!("已设置 {}，请用管理员账号 {} 登录", input.center.trim(), input.admin_login.trim()))
}

fn demo_job(store: &mut dyn Store, complaints: usize, now: BizTime) -> Result<String, String> {
    let summary = crate::setup::install_demo(store, complaints, 2026, now, |_| {}).map_err(|e| e.to_string())?;
    Ok(format!(
        "已装入演示数据：{} 条投诉。演示账号 zhiban1（值班员）、lingdao（值班领导）、hc_jb（管理所经办人）等，密码 demo123；管理员 admin / admin123",
        summary.complaints
    ))
}

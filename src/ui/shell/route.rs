//! The shell's routing: what was asked for this frame goes to the area that owns it, what came
//! back from the store thread or a task goes to the area that started it. The shell keeps only
//! the phases, navigation, the theme, notices and the connection for itself.

use super::{Main, Phase, RoadDeskApp};
use crate::domain::lifecycle::ContextData;
use crate::store::ChangeWatch;
use crate::ui::area::Cx;
use crate::ui::backend::{Backend, Done, Lost, Superseded, take};
use crate::ui::command::Command;
use crate::ui::connection::{self, Connected};
use crate::ui::jobs::{STATUS, status_job, store_message};
use crate::ui::shell::areas::Areas;
use crate::ui::start::{self, FirstRunScreen, LoginScreen};
use crate::ui::topic::{AreaId, Topic};
use crate::ui::view::{Nav, Session, StatusInfo};
use crate::ui::watch::Watcher;

/// A watcher on other desks' changes, after login.
const WATCH: Topic = Topic::new(AreaId::Shell, "watch");

impl RoadDeskApp {
    /// Run `f` with the main window's areas and the context they work in (nothing before login).
    pub(super) fn in_main(&mut self, f: impl FnOnce(&mut Areas, &mut Cx<'_>)) {
        let Phase::Main(m) = &mut self.phase else { return };
        let Main { session, data, nav, areas } = m.as_mut();
        let mut cx = Cx {
            desk: &self.desk,
            backend: &mut self.backend,
            tasks: &mut self.tasks,
            session,
            data,
            nav: *nav,
            now: self.desk.now(),
            notices: &mut self.notices,
            later: &mut self.commands,
        };
        f(areas, &mut cx);
    }

    /// After the frame: what the phase's screens, the areas and the shell were asked for.
    pub(super) fn apply_all(&mut self) {
        for cmd in std::mem::take(&mut self.start_cmds) {
            self.apply_start(cmd);
        }
        for cmd in std::mem::take(&mut self.connection_cmds) {
            self.apply_connection(cmd);
        }
        // Requests made last frame by a result coming back, then what the areas' screens asked.
        let mut cmds = std::mem::take(&mut self.commands);
        self.in_main(Areas::settle);
        cmds.append(&mut self.commands);
        for cmd in cmds {
            self.apply(cmd);
        }
    }

    /// A cross-area request: the shell's own, or handed to the area that serves it.
    pub(super) fn apply(&mut self, cmd: Command) {
        match cmd {
            Command::Notice(text) => self.notices.push(text),
            Command::SetTheme(t) => self.prefs.theme = t,
            Command::Logout => {
                self.watcher = None;
                // Background work of the session stops with it.
                self.tasks = crate::ui::tasks::Tasks::default();
                self.phase = Phase::Login(LoginScreen::new(&self.prefs.last_login));
                self.notices.clear();
            }
            Command::OpenFile(path) => {
                if let Err(e) = open::that_detached(&path) {
                    self.notices.push(format!("无法用系统程序打开 {}：{e}", path.display()));
                }
            }
            Command::Navigate(nav) => self.go_to(nav, true),
            Command::ClosePage => {
                let nav = match &self.phase {
                    Phase::Main(m) => m.nav,
                    _ => return,
                };
                self.go_to(nav, true);
            }
            Command::ShowComplaints { .. } => {
                self.go_to(Nav::Complaints, false);
                self.in_main(|areas, cx| drop(areas.serve(cmd, cx)));
            }
            Command::OpenDetail(_) | Command::NewComplaint => {
                self.in_main(|areas, cx| {
                    areas.close();
                    drop(areas.serve(cmd, cx));
                });
            }
            other => self.in_main(|areas, cx| drop(areas.serve(other, cx))),
        }
    }

    /// Show the page of `nav` (closing what is open over the pages), loading it afresh when
    /// `refresh`.
    fn go_to(&mut self, nav: Nav, refresh: bool) {
        let Phase::Main(m) = &mut self.phase else { return };
        m.nav = nav;
        m.areas.close();
        self.prefs.nav = nav;
        if refresh {
            self.in_main(|areas, cx| areas.refresh(nav, cx));
        }
    }

    fn apply_start(&mut self, cmd: start::Cmd) {
        if let start::Cmd::Login { login, .. } = &cmd {
            self.prefs.last_login.clone_from(login);
        }
        if cmd.send(&mut self.backend, self.desk.now()).is_some() {
            self.open_connection(None);
        }
    }

    fn apply_connection(&mut self, cmd: connection::Cmd) {
        let Phase::Connection(screen) = &mut self.phase else { return };
        let places = connection::Places { local: &self.local, setting: &self.setting_path };
        if !connection::apply(cmd, screen, &mut self.tasks, &self.desk, &places) {
            self.phase = Phase::Starting;
            self.send_status();
        }
    }

    /// Take in what came back since the last frame: tasks that ended, store results, the
    /// connection coming back, other desks' changes.
    pub(super) fn take_in(&mut self, ctx: &egui::Context) {
        for done in self.tasks.poll() {
            self.route(done, ctx);
        }
        for done in self.backend.poll() {
            self.route(done, ctx);
        }
        if self.backend.take_restored() {
            self.notices.push("与服务器的连接已恢复".into());
            self.others_changed();
            self.rewatch();
        } else if self.watcher.as_ref().is_some_and(Watcher::ended) {
            self.rewatch();
        } else if self.watcher.as_ref().is_some_and(Watcher::changed) {
            self.others_changed();
        }
    }

    /// Hand a finished job or task to whoever started it.
    fn route(&mut self, done: Done, ctx: &egui::Context) {
        if done.result.is::<Superseded>() {
            return;
        }
        if done.result.is::<Lost>() {
            self.notices.push("数据库连接已中断，请重新启动程序。您输入的内容仍保留在窗口中。".into());
            return;
        }
        match done.topic.area {
            AreaId::Shell => self.receive_shell(done),
            AreaId::Connection => self.receive_connection(done, ctx),
            _ => self.in_main(|areas, cx| areas.receive(done, cx)),
        }
    }

    fn receive_shell(&mut self, done: Done) {
        if matches!(done.topic, start::LOGIN | start::SETUP) {
            match start::reply(done) {
                Some(start::Reply::SetUp(message)) => {
                    self.phase = Phase::Login(LoginScreen::new(&self.prefs.last_login));
                    self.notices.push(message);
                    self.send_status();
                }
                Some(start::Reply::LoggedIn(login)) => self.logged_in(login.0, login.1),
                Some(start::Reply::SetupFailed(e)) => {
                    if let Phase::FirstRun(s) = &mut self.phase {
                        s.error = Some(e);
                    }
                }
                Some(start::Reply::LoginFailed(e)) => {
                    if let Phase::Login(s) = &mut self.phase {
                        s.failed(e);
                    }
                }
                None => {}
            }
            return;
        }
        match done.topic {
            STATUS => match take::<Result<StatusInfo, String>>(done) {
                Some(Ok(s)) => {
                    if matches!(self.phase, Phase::Starting) {
                        self.phase = if s.empty {
                            Phase::FirstRun(FirstRunScreen::default())
                        } else {
                            Phase::Login(LoginScreen::new(&self.prefs.last_login))
                        };
                    }
                    self.status = s;
                }
                Some(Err(e)) => self.notices.push(e),
                None => {}
            },
            WATCH => match take::<Result<Box<dyn ChangeWatch>, String>>(done) {
                Some(Ok(w)) if matches!(self.phase, Phase::Main(_)) => match Watcher::start(w, self.desk.waker()) {
                    Ok(w) => self.watcher = Some(w),
                    Err(e) => self.notices.push(format!("无法自动刷新（{e}），请手动刷新")),
                },
                Some(Err(e)) => self.notices.push(format!("无法自动刷新：{e}")),
                _ => {}
            },
            _ => {}
        }
    }

    /// The main window opens on the remembered page (if the user's roles show it).
    fn logged_in(&mut self, session: Session, data: ContextData) {
        let nav = if self.prefs.nav.visible_for(&session.actor.roles) { self.prefs.nav } else { Nav::Dashboard };
        let areas = Areas::new(self.prefs.list_filter.clone());
        self.phase = Phase::Main(Box::new(Main { session, data, nav, areas }));
        self.notices.clear();
        self.in_main(|areas, cx| {
            areas.refresh(nav, cx);
            if nav != Nav::Dashboard {
                areas.refresh(Nav::Dashboard, cx);
            }
        });
        self.rewatch();
        // An office user's status bar counts their own office's complaints.
        self.send_status();
    }

    fn receive_connection(&mut self, done: Done, ctx: &egui::Context) {
        let screen = match &mut self.phase {
            Phase::Connection(s) => Some(s),
            _ => None,
        };
        if let Some(c) = connection::receive(done, screen) {
            self.connected(c, ctx);
        }
    }

    /// Start over on the store just connected to.
    fn connected(&mut self, c: Connected, ctx: &egui::Context) {
        let repaint = ctx.clone();
        self.backend = Backend::threaded(c.store, move || repaint.request_repaint());
        self.notices.clear();
        self.notices.push(format!("已连接{}", c.target.describe()));
        self.notices.extend(c.note);
        self.desk.target = c.target;
        self.watcher = None;
        self.phase = Phase::Starting;
        let now = self.desk.now();
        self.backend.send(STATUS, move |store| status_job(store, now, None));
    }

    /// Recount the status bar: the whole center's, or an office user's own office.
    pub(super) fn send_status(&mut self) {
        let now = self.desk.now();
        let office = match &self.phase {
            Phase::Main(m) => m.session.office_scope(),
            _ => None,
        };
        self.backend.send(STATUS, move |store| status_job(store, now, office));
    }

    /// Start (again) watching for other desks' changes, if the window does.
    fn rewatch(&mut self) {
        self.watcher = None;
        if self.watch && matches!(self.phase, Phase::Main(_)) {
            self.backend.send(WATCH, |store| store.watch().map_err(store_message));
        }
    }
}

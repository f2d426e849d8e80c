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
use crate::ui::start::{self, FirstRunScreen, LoginScreen, demo_job, login_job, setup_job};
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
            now: (self.desk.clock)(),
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
        match cmd {
            start::Cmd::Login { login, password } => {
                self.prefs.last_login.clone_from(&login);
                self.backend.send(start::LOGIN, move |store| login_job(store, &login, &password));
            }
            start::Cmd::Setup(input) => self.backend.send(start::SETUP, move |store| setup_job(store, &input)),
            start::Cmd::LoadDemo { complaints } => {
                let now = self.desk.now();
                self.backend.send(start::SETUP, move |store| demo_job(store, complaints, now));
            }
            start::Cmd::OpenConnection => self.open_connection(None),
        }
    }

    fn apply_connection(&mut self, cmd: connection::Cmd) {
        let refused = match cmd {
            connection::Cmd::Test(form) => connection::test(&mut self.tasks, &self.desk, &form),
            connection::Cmd::Connect(form) => {
                connection::connect(&mut self.tasks, &self.desk, form.as_ref(), &self.local, &self.setting_path)
            }
            connection::Cmd::Close => {
                self.phase = Phase::Starting;
                let now = self.desk.now();
                self.backend.send(STATUS, move |store| status_job(store, now, None));
                Ok(())
            }
        };
        if let (Err(errors), Phase::Connection(s)) = (refused, &mut self.phase) {
            s.refused(errors);
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
            start::SETUP => match take::<Result<String, String>>(done) {
                Some(Ok(message)) => {
                    self.phase = Phase::Login(LoginScreen::new(&self.prefs.last_login));
                    self.notices.push(message);
                    self.send_status();
                }
                Some(Err(e)) => {
                    if let Phase::FirstRun(s) = &mut self.phase {
                        s.error = Some(e);
                    }
                }
                None => {}
            },
            start::LOGIN => match take::<Result<(Session, ContextData), String>>(done) {
                Some(Ok((session, data))) => self.logged_in(session, data),
                Some(Err(e)) => {
                    if let Phase::Login(s) = &mut self.phase {
                        s.failed(e);
                    }
                }
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
        match done.topic {
            connection::TEST => {
                if let (Some(answer), Phase::Connection(s)) = (take::<Result<String, String>>(done), &mut self.phase) {
                    match answer {
                        Ok(m) => s.outcome(true, m),
                        Err(e) => s.outcome(false, e),
                    }
                }
            }
            connection::CONNECT => match take::<Result<Connected, String>>(done) {
                Some(Ok(c)) => self.connected(c, ctx),
                Some(Err(e)) => {
                    if let Phase::Connection(s) = &mut self.phase {
                        s.outcome(false, e);
                    }
                }
                None => {
                    if let Phase::Connection(s) = &mut self.phase {
                        s.outcome(false, "连接任务意外中止".to_owned());
                    }
                }
            },
            _ => {}
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

//! 新建投诉 and 来电登记: a complaint registered from the form (or linked to the first one as a
//! repeat call), consultations and help requests logged with their reply.

mod calls;
mod cmd;
mod form;
mod jobs;

pub use cmd::Cmd;

pub use calls::{EMERGENCY_NUMBERS, SAFETY_REMINDER};

use self::calls::CallsScreen;
use self::form::IntakeScreen;
use self::jobs::{call_job, register_job};
use super::area::{Area, Cx};
use super::backend::{Done, take};
use super::command::{Asked, Command};
use super::topic::{AreaId, Topic};
use super::view::{Nav, RegisterError, View};
use crate::domain::work::{CallRecord, Complaint};
use crate::store::ComplaintRow;

const REGISTER: Topic = Topic::new(AreaId::Intake, "register").spinner();
/// Complaints with the same plate or phone in the last 7 days.
const SIMILAR: Topic = Topic::new(AreaId::Intake, "similar");
const REGISTER_CALL: Topic = Topic::new(AreaId::Intake, "register-call");
const CALLS: Topic = Topic::new(AreaId::Intake, "calls");

/// How many calls the call log shows.
const CALL_LOG: u32 = 200;

/// The intake area.
#[derive(Default)]
pub struct Intake {
    /// 新建投诉, while open.
    form: Option<IntakeScreen>,
    calls: CallsScreen,
    asked: Asked<Cmd>,
}

impl Intake {
    fn apply(cmd: Cmd, cx: &mut Cx<'_>) {
        let (actor, now) = (cx.actor(), cx.now);
        match cmd {
            Cmd::Register(input) => {
                cx.backend.send(REGISTER, move |store| register_job(store, &input, &actor, now, None));
            }
            Cmd::RegisterAsDuplicate { input, target } => {
                cx.backend.send(REGISTER, move |store| register_job(store, &input, &actor, now, Some(&target)));
            }
            Cmd::CheckSimilar { plate, phone } => {
                cx.backend.send(SIMILAR, move |store| {
                    store.recent_similar(plate.as_deref(), &phone, now - chrono::Duration::days(7)).unwrap_or_default()
                });
            }
            Cmd::RegisterCall(input) => {
                cx.backend.send(REGISTER_CALL, move |store| call_job(store, &input, &actor, now));
            }
            Cmd::LoadCalls => Self::load_calls(cx),
        }
    }

    fn load_calls(cx: &mut Cx<'_>) {
        cx.backend.send(CALLS, |store| store.calls(CALL_LOG).map_err(|e| e.to_string()));
    }

    fn registered(&mut self, result: Result<Complaint, RegisterError>, cx: &mut Cx<'_>) {
        match result {
            Ok(c) => {
                cx.notice(format!("已登记 {} {}（{}）", c.kind, c.number, c.category));
                self.form = None;
                cx.later.push(Command::OpenDetail(c.number));
                cx.send_status();
            }
            Err(e) => {
                if let Some(form) = &mut self.form {
                    form.refused(e);
                }
            }
        }
    }

    fn call_registered(&mut self, result: Result<CallRecord, RegisterError>, cx: &mut Cx<'_>) {
        match result {
            Ok(call) => {
                cx.notice(format!("已登记来电 {}（{}）", call.number, call.category));
                self.calls.registered(&call);
                Self::load_calls(cx);
            }
            Err(e) => self.calls.refused(e),
        }
    }
}

impl Area for Intake {
    fn nav(&self) -> Option<Nav> {
        Some(Nav::Calls)
    }

    fn page(&mut self, ui: &mut egui::Ui, view: &View<'_>) {
        self.calls.show(ui, view, &mut self.asked);
    }

    fn is_open(&self) -> bool {
        self.form.is_some()
    }

    fn open_page(&mut self, ui: &mut egui::Ui, view: &View<'_>) {
        if let Some(form) = &mut self.form {
            form.show(ui, view, &mut self.asked);
        }
    }

    fn close(&mut self) {
        self.form = None;
    }

    fn settle(&mut self, cx: &mut Cx<'_>) {
        for cmd in self.asked.take(cx.later) {
            Self::apply(cmd, cx);
        }
    }

    fn serve(&mut self, cmd: Command, cx: &mut Cx<'_>) -> Option<Command> {
        match cmd {
            Command::NewComplaint if cx.session.can_register() => self.form = Some(IntakeScreen::default()),
            other => return Some(other),
        }
        None
    }

    fn receive(&mut self, done: Done, cx: &mut Cx<'_>) {
        match done.topic {
            REGISTER => {
                if let Some(result) = take::<Result<Complaint, RegisterError>>(done) {
                    self.registered(result, cx);
                }
            }
            SIMILAR => {
                if let (Some(rows), Some(form)) = (take::<Vec<ComplaintRow>>(done), &mut self.form) {
                    form.similar = rows;
                }
            }
            REGISTER_CALL => {
                if let Some(result) = take::<Result<CallRecord, RegisterError>>(done) {
                    self.call_registered(result, cx);
                }
            }
            CALLS => match take::<Result<Vec<CallRecord>, String>>(done) {
                Some(Ok(calls)) => self.calls.recent = calls,
                Some(Err(e)) => cx.notice(e),
                None => {}
            },
            _ => {}
        }
    }

    fn refresh(&mut self, cx: &mut Cx<'_>) {
        Self::load_calls(cx);
    }
}

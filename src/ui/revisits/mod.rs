//! 回访: the complaints awaiting revisit, the calls to call back, and the duty leader's
//! unsatisfied revisits waiting for a decision — each attempt recorded from the row.

mod cmd;
mod jobs;
mod screen;

pub use cmd::Cmd;

pub use jobs::RevisitData;

use self::jobs::revisits_job;
use self::screen::RevisitsScreen;
use super::area::{Area, Cx};
use super::backend::{Done, take};
use super::command::Asked;
use super::jobs::{Refusal, act_job, store_message};
use super::topic::{AreaId, Topic};
use super::view::{Nav, View};
use crate::domain::lifecycle::ActionKind;
use crate::domain::revisit::call_revisit_state;
use crate::domain::work::{CallRecord, Complaint};

const QUEUES: Topic = Topic::new(AreaId::Revisits, "revisits").spinner();
/// A step from the page's dialog (回访, 回访未果办结, 重办, 办结).
const ACT: Topic = Topic::new(AreaId::Revisits, "act").spinner();
/// A revisit attempt recorded on a call.
const CALL_REVISIT: Topic = Topic::new(AreaId::Revisits, "call-revisit");

/// The revisits area.
#[derive(Default)]
pub struct Revisits {
    screen: RevisitsScreen,
    asked: Asked<Cmd>,
}

impl Revisits {
    fn load(cx: &mut Cx<'_>) {
        let now = cx.now;
        cx.backend.send(QUEUES, move |store| revisits_job(store, now));
    }

    fn apply(cmd: Cmd, cx: &mut Cx<'_>) {
        let (actor, now) = (cx.actor(), cx.now);
        match cmd {
            Cmd::Load => Self::load(cx),
            Cmd::Act { number, action, head } => {
                let kind = action.kind();
                cx.backend.send(ACT, move |store| (kind, act_job(store, &number, *action, head, None, &actor, now)));
            }
            Cmd::RecordCallRevisit { number, input } => cx.backend.send(CALL_REVISIT, move |store| {
                store.record_call_revisit(&number, &input, &actor, now).map_err(store_message)
            }),
        }
    }

    /// A step from the dialog came back: close it and reload the queues, or say why not in it.
    fn acted(&mut self, kind: ActionKind, result: Result<Complaint, Refusal>, cx: &mut Cx<'_>) {
        match result {
            Ok(c) => {
                self.screen.acted();
                cx.notice(match kind {
                    ActionKind::RecordRevisit => {
                        let n = c.revisits.len();
                        format!("已记录 {} 的回访（共 {n} 次），当前状态：{}", c.number, c.state)
                    }
                    _ => format!("{} 已{}，当前状态：{}", c.number, kind.label(), c.state),
                });
                Self::load(cx);
                cx.send_status();
            }
            Err(e) => self.screen.refused(e.message),
        }
    }

    fn call_revisited(&mut self, result: Result<CallRecord, String>, cx: &mut Cx<'_>) {
        match result {
            Ok(call) => {
                self.screen.acted();
                let state = call_revisit_state(&call, &cx.data.policy);
                cx.notice(format!("已记录来电 {} 的回访：{}", call.number, state.label()));
                Self::load(cx);
            }
            Err(e) => self.screen.refused(e),
        }
    }
}

impl Area for Revisits {
    fn nav(&self) -> Option<Nav> {
        Some(Nav::Revisits)
    }

    fn page(&mut self, ui: &mut egui::Ui, view: &View<'_>) {
        self.screen.show(ui, view, &mut self.asked);
    }

    fn settle(&mut self, cx: &mut Cx<'_>) {
        for cmd in self.asked.take(cx.later) {
            Self::apply(cmd, cx);
        }
    }

    fn receive(&mut self, done: Done, cx: &mut Cx<'_>) {
        match done.topic {
            QUEUES => match take::<Result<RevisitData, String>>(done) {
                Some(Ok(d)) => self.screen.loaded(d),
                Some(Err(e)) => cx.notice(e),
                None => {}
            },
            ACT => {
                if let Some((kind, result)) = take::<(ActionKind, Result<Complaint, Refusal>)>(done) {
                    self.acted(kind, result, cx);
                }
            }
            CALL_REVISIT => {
                if let Some(result) = take::<Result<CallRecord, String>>(done) {
                    self.call_revisited(result, cx);
                }
            }
            _ => {}
        }
    }

    fn refresh(&mut self, cx: &mut Cx<'_>) {
        Self::load(cx);
    }
}

//! 工作台: the user's own queues by role, the counts by state, what falls due today; 签收 and
//! 催办 straight from a row.

mod cmd;
mod jobs;
mod screen;

pub use cmd::Cmd;

pub use jobs::{DashboardData, ExtensionItem, ReviewItem, UrgeItem, dashboard_data};
pub use screen::URGE_NOTE;

use self::screen::DashboardScreen;
use super::area::{Area, Cx};
use super::backend::{Done, take};
use super::command::Asked;
use super::jobs::{Refusal, act_job};
use super::topic::{AreaId, Topic};
use super::view::{Nav, View};
use crate::domain::lifecycle::ActionKind;
use crate::domain::work::Complaint;

const QUEUES: Topic = Topic::new(AreaId::Dashboard, "dashboard").spinner().waited();
/// A step taken from a row (签收, 催办).
const ACT: Topic = Topic::new(AreaId::Dashboard, "act").spinner();

/// The dashboard area.
#[derive(Default)]
pub struct Dashboard {
    screen: DashboardScreen,
    asked: Asked<Cmd>,
}

impl Dashboard {
    /// Load the queues again (and the status bar's counts).
    fn refresh_queues(cx: &mut Cx<'_>) {
        let (session, now) = (cx.session.clone(), cx.now);
        cx.backend.send(QUEUES, move |store| dashboard_data(store, &session, now));
        cx.send_status();
    }

    fn acted(kind: ActionKind, result: Result<Complaint, Refusal>, cx: &mut Cx<'_>) {
        match result {
            Ok(c) => cx.notice(match kind {
                ActionKind::Accept => format!("已签收 {}，开始核查", c.number),
                ActionKind::Urge => format!("已催办 {}（共催办 {} 次）", c.number, c.urge_count),
                _ => format!("{} 已更新：{}", c.number, c.state),
            }),
            Err(e) => cx.notice(e.message),
        }
        Self::refresh_queues(cx);
    }
}

impl Area for Dashboard {
    fn nav(&self) -> Option<Nav> {
        Some(Nav::Dashboard)
    }

    fn page(&mut self, ui: &mut egui::Ui, view: &View<'_>) {
        self.screen.show(ui, view, &mut self.asked);
    }

    fn settle(&mut self, cx: &mut Cx<'_>) {
        for cmd in self.asked.take(cx.later) {
            match cmd {
                Cmd::Refresh => Self::refresh_queues(cx),
                Cmd::Act { number, action } => {
                    let (actor, now, kind) = (cx.actor(), cx.now, action.kind());
                    cx.backend
                        .send(ACT, move |store| (kind, act_job(store, &number, *action, None, None, &actor, now)));
                }
            }
        }
    }

    fn receive(&mut self, done: Done, cx: &mut Cx<'_>) {
        match done.topic {
            QUEUES => match take::<Result<DashboardData, String>>(done) {
                Some(Ok(d)) => self.screen.loaded(d),
                Some(Err(e)) => cx.notice(e),
                None => {}
            },
            ACT => {
                if let Some((kind, result)) = take::<(ActionKind, Result<Complaint, Refusal>)>(done) {
                    Self::acted(kind, result, cx);
                }
            }
            _ => {}
        }
    }

    fn refresh(&mut self, cx: &mut Cx<'_>) {
        Self::refresh_queues(cx);
    }
}

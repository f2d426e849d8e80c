//! 统计: the indicators of a date range with their numerators and denominators, grouped, and
//! four charts; a click on a figure opens the complaints behind it in 投诉工单.

mod cmd;
mod figures;
mod screen;

pub use cmd::Cmd;

pub use figures::{DAILY_MAX_DAYS, StatsData, StatsQuery, StatsRow, TREND_MONTHS, load};
pub use screen::handling_time;

use self::screen::StatsScreen;
use super::area::{Area, Cx};
use super::backend::{Done, take};
use super::command::Asked;
use super::topic::{AreaId, Topic};
use super::view::{Nav, View};

const FIGURES: Topic = Topic::new(AreaId::Stats, "stats").spinner().waited();

/// The statistics area.
#[derive(Default)]
pub struct Stats {
    screen: StatsScreen,
    asked: Asked<Cmd>,
}

impl Stats {
    /// Whether the page has its figures (the benchmark waits for them).
    #[must_use]
    pub fn shown(&self) -> bool {
        self.screen.data.is_some()
    }
}

impl Area for Stats {
    fn nav(&self) -> Option<Nav> {
        Some(Nav::Stats)
    }

    fn page(&mut self, ui: &mut egui::Ui, view: &View<'_>) {
        self.screen.show(ui, view, &mut self.asked);
    }

    fn settle(&mut self, cx: &mut Cx<'_>) {
        let now = cx.now;
        for cmd in self.asked.take(cx.later) {
            match cmd {
                Cmd::Load(query) => cx.backend.send(FIGURES, move |store| load(store, query, now, None)),
                Cmd::SetSettings { query, settings } => {
                    let actor = cx.actor();
                    cx.backend.send(FIGURES, move |store| load(store, query, now, Some((settings, &actor))));
                }
            }
        }
    }

    fn receive(&mut self, done: Done, _cx: &mut Cx<'_>) {
        if done.topic == FIGURES
            && let Some(result) = take::<Result<StatsData, String>>(done)
        {
            // The page shows a failure where the figures would be.
            self.screen.loaded(result);
        }
    }
}

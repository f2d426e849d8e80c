//! The year's plan: when each item is registered, its number, which items are repeat calls about
//! an earlier complaint (and when they are linked), and which complaints stop in an open state so
//! that even a small batch shows every one.

use chrono::Duration;

use crate::domain::time::{BizTime, start_of_day};
use crate::domain::work::{ComplaintState, ItemKind};

use super::env::Env;
use super::random::{Gen, mins};
use super::words::ymd;
use ComplaintState as S;

pub(super) struct Slot {
    pub(super) reg: BizTime,
    pub(super) seq: u32,
    pub(super) number: String,
    pub(super) kind: ItemKind,
    /// This slot is a repeat call about the complaint in that slot.
    pub(super) dup_of: Option<usize>,
    /// When the repeat call is linked (both sides' event time).
    pub(super) link_at: Option<BizTime>,
    /// Repeat calls linked to this complaint (slot indices).
    pub(super) links: Vec<usize>,
    /// Stop the complaint's life in this state (so small batches show every open state).
    pub(super) forced: Option<ComplaintState>,
}

/// Calls per hour of the day (the hotline is busiest in office hours).
const HOUR_WEIGHTS: &[u32] = &[2, 1, 1, 1, 1, 2, 4, 6, 9, 11, 11, 10, 8, 8, 10, 11, 11, 10, 8, 7, 6, 5, 4, 3];

/// `n` instants in the year before `now` (at least two minutes before it), ascending.
pub(super) fn year_times(g: &mut Gen, n: usize, now: BizTime) -> Vec<BizTime> {
    let today = now.date_naive();
    let latest = now - mins(2);
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let mut retry = false;
        loop {
            let back = if retry { 1 + g.below(364) } else { g.below(365) };
            let day = today - chrono::Days::new(back);
            let hour = i64::try_from(g.weighted(HOUR_WEIGHTS)).unwrap_or(0);
            let t = start_of_day(day) + Duration::seconds(hour * 3600 + g.range(0, 3600));
            if t <= latest {
                out.push(t);
                break;
            }
            retry = true;
        }
    }
    out.sort_unstable();
    out
}

/// Day-sequence numbers in registration order: `{prefix}{yyyymmdd}{5-digit seq}`.
pub(super) fn numbered(times: &[BizTime], prefix: &str) -> Vec<(u32, String)> {
    let mut out = Vec::with_capacity(times.len());
    let mut day = None;
    let mut seq = 0;
    for t in times {
        if day != Some(t.date_naive()) {
            day = Some(t.date_naive());
            seq = 0;
        }
        seq += 1;
        out.push((seq, format!("{prefix}{}{seq:05}", ymd(*t))));
    }
    out
}

pub(super) fn plan_slots(env: &Env<'_>, n: usize, seed: u64) -> Vec<Slot> {
    let mut g = Gen::new(seed, 0);
    let times = year_times(&mut g, n, env.now);
    let numbers = numbered(&times, "TS");
    let mut slots: Vec<Slot> = times
        .into_iter()
        .zip(numbers)
        .map(|(reg, (seq, number))| {
            let kind = match g.weighted(&[920, 50, 30]) {
                0 => ItemKind::Complaint,
                1 => ItemKind::Suggestion,
                _ => ItemKind::Praise,
            };
            Slot { reg, seq, number, kind, dup_of: None, link_at: None, links: Vec::new(), forced: None }
        })
        .collect();

    // Repeat calls: the same driver calls again within three days.
    for j in 1..slots.len() {
        if slots[j].kind != ItemKind::Complaint || slots[j].reg > env.now - mins(20) || !g.chance(40) {
            continue;
        }
        let back = 1 + g.idx(j.min(40));
        let i = j - back;
        let gap = slots[j].reg - slots[i].reg;
        let eligible = slots[i].kind == ItemKind::Complaint
            && slots[i].dup_of.is_none()
            && slots[i].links.len() < 2
            && gap >= Duration::hours(2)
            && gap <= Duration::days(3);
        if eligible {
            let link_at = slots[j].reg + Duration::seconds(g.range(120, 720));
            slots[j].dup_of = Some(i);
            slots[j].link_at = Some(link_at);
            slots[i].links.push(j);
        }
    }

    // Make sure even a small batch shows every open state: the newest complaint stays
    // registered, and the newest ones at least four days old stop at each later open state.
    if env.can_work() {
        let plain = |s: &Slot| s.kind == ItemKind::Complaint && s.dup_of.is_none();
        if let Some(newest) = slots.iter_mut().rev().find(|s| plain(s)) {
            newest.forced = Some(S::Registered);
        }
        let mut wanted =
            [S::Dispatched, S::Investigating, S::AwaitingReview, S::AwaitingRevisit, S::AwaitingDecision].into_iter();
        let old = env.now - Duration::days(4);
        for s in slots.iter_mut().rev().filter(|s| s.reg <= old && s.kind == ItemKind::Complaint && s.dup_of.is_none())
        {
            match wanted.next() {
                Some(state) => s.forced = Some(state),
                None => break,
            }
        }
    }
    slots
}

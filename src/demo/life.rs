//! One item's life as a plan, phase by phase as domain.md §3 tells it: registered (a suggestion or
//! praise is closed there), sent to the office, worked there, reviewed by the duty leader, and
//! revisited until it closes. Each phase takes its draws in turn from the item's own stream, and
//! returns `None` when the plan ends with it (the item withdrawn, or stopped in an open state).

use crate::domain::checklist::{Checklist, Conclusion};
use crate::domain::lifecycle::Action;
use crate::domain::org::Actor;
use crate::domain::time::BizTime;
use crate::domain::work::{Category, Complaint, ComplaintState, Grade, ItemKind, Satisfaction, UnreachedReason};

use super::checklist::{full_checklist, office_result, partial_checklist};
use super::env::Env;
use super::notes::{
    ACCEPT_NOTES, APPROVE_NOTES, BASIC_REASONS, BASIC_WORDS, CLOSE_UNSATISFIED_REASONS, DISPATCH_NOTES,
    EXTENSION_REASONS, GRANT_NOTES, MAJOR_DISPATCH_NOTE, PAUSE_REVISIT_NOTES, PAUSE_WORK_NOTES, PRAISE_CLOSE,
    REFUSE_REASONS, REOPEN_REASONS, RESUME_NOTES, RETURN_REASONS, SATISFIED_WORDS, SUGGESTION_CLOSE, TRANSFER_NOTE,
    UNSATISFIED_REASONS, UNSATISFIED_WORDS, URGE_ACCEPT_NOTE, URGE_NOTES, WITHDRAW_REASONS, text, unreached_reason,
};
use super::plan::{Do, Plan, Step};
use super::random::{Gen, mins};
use super::spec::Spec;
use super::story::{Site, Story};
use ComplaintState as S;

/// What the revisit finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Satisfied,
    Basically,
    Unsatisfied,
    /// Never reached: closed as 回访未果 after the required attempts.
    Unreached,
    /// Reached after one or two failed attempts.
    LateReach,
}

fn revisit(
    unreached: Option<UnreachedReason>,
    satisfaction: Option<Satisfaction>,
    words: String,
    reason: String,
) -> Action {
    Action::RecordRevisit { at: None, unreached, satisfaction, words, reason }
}

fn satisfied_revisit(env: &Env<'_>, g: &mut Gen) -> Action {
    if g.chance(780) {
        let s = if env.five_level && g.chance(300) { Satisfaction::VerySatisfied } else { Satisfaction::Satisfied };
        revisit(None, Some(s), text(SATISFIED_WORDS, g), String::new())
    } else {
        revisit(None, Some(Satisfaction::BasicallySatisfied), text(BASIC_WORDS, g), text(BASIC_REASONS, g))
    }
}

/// The life of one complaint (or suggestion / praise) as timed steps, starting with its registration.
/// `stop` ends the plan once the complaint has reached that open state.
pub(super) fn plan_item<'e>(
    env: &'e Env<'_>,
    g: &mut Gen,
    spec: &Spec,
    reg: BizTime,
    stop: Option<ComplaintState>,
    may_withdraw: bool,
) -> Vec<Step<'e>> {
    let life = Life { env, c: &spec.complaint, s: &spec.story, stop };
    let mut p = Plan { t: reg, steps: Vec::with_capacity(24) };
    p.push(&env.desk[spec.registrar], Do::Register, false);
    life.live(&mut p, g, may_withdraw);
    p.steps
}

/// What a plan is made from: the people, the item and the state it stops in.
struct Life<'e, 's> {
    env: &'e Env<'e>,
    c: &'s Complaint,
    s: &'s Story,
    stop: Option<ComplaintState>,
}

/// The office that works the complaint, and the checklist it completes.
struct OfficeWork<'e> {
    handler: &'e Actor,
    head: &'e Actor,
    full: Checklist,
}

impl<'e> Life<'e, '_> {
    /// Someone on the duty desk.
    fn desk(&self, g: &mut Gen) -> &'e Actor {
        g.pick(&self.env.desk)
    }

    /// One of the duty leaders.
    fn leader(&self, g: &mut Gen) -> &'e Actor {
        g.pick(&self.env.leaders)
    }

    /// Every step after the registration; `None` once the plan has ended.
    fn live(&self, p: &mut Plan<'e>, g: &mut Gen, may_withdraw: bool) -> Option<()> {
        let (env, c, stop) = (self.env, self.c, self.stop);
        if c.kind != ItemKind::Complaint {
            p.wait(g, 20, 600);
            let reason = text(if c.kind == ItemKind::Suggestion { SUGGESTION_CLOSE } else { PRAISE_CLOSE }, g);
            p.act(self.desk(g), Action::Close { reason });
            return None;
        }
        let office = self.s.office.filter(|_| env.can_work() && stop != Some(S::Registered))?;
        if may_withdraw && g.chance(12) {
            p.wait(g, 10, 300);
            p.act(self.desk(g), Action::Withdraw { reason: text(WITHDRAW_REASONS, g) });
            return None;
        }
        let (office, dispatched) = self.dispatch(p, g, office)?;
        let work = self.investigate(p, g, office, dispatched, may_withdraw)?;
        let round = self.review(p, g, &work)?;
        self.revisit(p, g, &work, round);
        Some(())
    }

    /// The segment center sends the form to the office (and sometimes on to another one).
    /// Returns the office and when it was last sent.
    fn dispatch(&self, p: &mut Plan<'e>, g: &mut Gen, mut office: usize) -> Option<(usize, BizTime)> {
        let (env, c, s) = (self.env, self.c, self.s);
        let major = c.grade == Grade::Major;
        if major {
            p.wait(g, 3, 15);
        } else {
            p.wait(g, 5, 90);
        }
        let note = if major { MAJOR_DISPATCH_NOTE.to_owned() } else { text(DISPATCH_NOTES, g) };
        p.act(self.desk(g), Action::Dispatch { office: env.offices[office].id, station: c.station, note });
        if s.site != Site::Station && env.offices.len() > 1 && g.chance(25) {
            p.wait(g, 15, 120);
            office = (office + 1 + g.idx(env.offices.len() - 1)) % env.offices.len();
            p.act(
                self.desk(g),
                Action::Transfer { office: env.offices[office].id, station: None, note: TRANSFER_NOTE.to_owned() },
            );
        }
        let dispatched = p.t;
        if self.stop == Some(S::Dispatched) {
            return None;
        }
        Some((office, dispatched))
    }

    /// The office accepts, investigates (perhaps paused, extended, urged) and submits its result.
    fn investigate(
        &self,
        p: &mut Plan<'e>,
        g: &mut Gen,
        office: usize,
        dispatched: BizTime,
        may_withdraw: bool,
    ) -> Option<OfficeWork<'e>> {
        let (env, s, stop) = (self.env, self.s, self.stop);
        let major = self.c.grade == Grade::Major;
        let oe = &env.offices[office];
        let (handler, head) = (&oe.handler, &oe.head);
        if !major && g.chance(40) {
            p.wait(g, 180, 420);
            p.act(self.desk(g), Action::Urge { note: URGE_ACCEPT_NOTE.to_owned() });
            p.wait(g, 20, 600);
        } else if major {
            p.wait(g, 5, 40);
        } else {
            p.wait(g, 10, 300);
        }
        p.act(handler, Action::Accept { note: text(ACCEPT_NOTES, g) });
        let accepted = p.t;
        if may_withdraw && stop.is_none() && g.chance(18) {
            p.wait(g, 60, 600);
            p.act(self.desk(g), Action::Withdraw { reason: text(WITHDRAW_REASONS, g) });
            return None;
        }
        if g.chance(25) {
            p.wait(g, 20, 120);
            p.act(self.desk(g), Action::Pause { note: text(PAUSE_WORK_NOTES, g) });
            p.wait(g, 240, 1080);
            p.act(self.desk(g), Action::Resume { note: text(RESUME_NOTES, g) });
        }
        let weights: &[u32] =
            if (s.category, s.variant) == (Category::TollStandard, 0) { &[0, 0, 1] } else { &[28, 17, 55] };
        let conclusion = [Conclusion::Founded, Conclusion::PartlyFounded, Conclusion::Unfounded][g.weighted(weights)];
        let full = full_checklist(g, s, conclusion);
        p.wait(g, 30, 240);
        p.act(handler, Action::SaveChecklist { checklist: partial_checklist(&full), result: None });
        if stop == Some(S::Investigating) {
            return None;
        }
        let late = !major && g.chance(40);
        if !late && g.chance(40) {
            p.wait(g, 30, 180);
            p.push(handler, Do::Extend(g.word(EXTENSION_REASONS)), true);
            p.wait(g, 20, 180);
            let decision = if g.chance(800) {
                Action::GrantExtension { note: text(GRANT_NOTES, g) }
            } else {
                Action::RefuseExtension { reason: text(REFUSE_REASONS, g) }
            };
            p.push(self.leader(g), Do::Act(Box::new(decision)), true);
        }
        if g.chance(60) {
            p.wait(g, 60, 300);
            p.act(self.desk(g), Action::Urge { note: text(URGE_NOTES, g) });
        }
        let work = if late {
            g.range(50 * 60, 75 * 60)
        } else if major {
            g.range(60, 8 * 60)
        } else {
            g.range(180, 20 * 60)
        };
        p.until(dispatched + mins(work - 40));
        p.daytime(g);
        p.wait(g, 30, 60);
        let contacted = (p.t - mins(g.range(5, 25))).max(accepted + mins(1));
        let result = office_result(g, s, &full, contacted, 1);
        p.act(handler, Action::SaveChecklist { checklist: full.clone(), result: None });
        p.wait(g, 3, 20);
        p.act(handler, Action::SubmitResult { result, head: head.clone() });
        if stop == Some(S::AwaitingReview) {
            return None;
        }
        Some(OfficeWork { handler, head, full })
    }

    /// The office works a returned or reopened complaint again and submits its result of `round`.
    fn resubmit(&self, p: &mut Plan<'e>, g: &mut Gen, work: &OfficeWork<'e>, round: u32) {
        p.wait(g, 120, 720);
        p.daytime(g);
        p.wait(g, 30, 60);
        let contacted = p.t - mins(g.range(5, 25));
        let result = office_result(g, self.s, &work.full, contacted, round);
        p.act(work.handler, Action::SaveChecklist { checklist: work.full.clone(), result: Some(result.clone()) });
        p.wait(g, 3, 20);
        p.act(work.handler, Action::SubmitResult { result, head: work.head.clone() });
    }

    /// The duty leader reviews: sometimes returns once, then approves. Returns the round.
    fn review(&self, p: &mut Plan<'e>, g: &mut Gen, work: &OfficeWork<'e>) -> Option<u32> {
        let mut round = 1;
        p.wait(g, 15, 300);
        if g.chance(80) {
            p.act(self.leader(g), Action::Return { reason: text(RETURN_REASONS, g) });
            round += 1;
            self.resubmit(p, g, work, round);
            p.wait(g, 15, 240);
        }
        p.act(self.leader(g), Action::Approve { note: text(APPROVE_NOTES, g) });
        if self.stop == Some(S::AwaitingRevisit) {
            return None;
        }
        Some(round)
    }

    /// The segment center revisits the driver until the complaint closes (or waits for the
    /// leader's decision); an unsatisfied driver may get the complaint reopened once.
    fn revisit(&self, p: &mut Plan<'e>, g: &mut Gen, work: &OfficeWork<'e>, mut round: u32) {
        let (env, stop) = (self.env, self.stop);
        let mut reopened = false;
        loop {
            if g.chance(30) {
                p.wait(g, 20, 240);
                p.act(self.desk(g), Action::Pause { note: text(PAUSE_REVISIT_NOTES, g) });
                p.wait(g, 120, 600);
                p.act(self.desk(g), Action::Resume { note: text(RESUME_NOTES, g) });
            }
            if g.chance(15) {
                p.wait(g, 50 * 60, 70 * 60);
            } else {
                p.wait(g, 30, 26 * 60);
            }
            p.daytime(g);
            let outcome = if stop == Some(S::AwaitingDecision) && !reopened {
                Outcome::Unsatisfied
            } else {
                [Outcome::Satisfied, Outcome::Basically, Outcome::Unsatisfied, Outcome::Unreached, Outcome::LateReach]
                    [g.weighted(&[600, 170, if reopened { 15 } else { 80 }, 110, 40])]
            };
            let operator = self.desk(g);
            match outcome {
                Outcome::Satisfied | Outcome::Basically => {
                    let action = if outcome == Outcome::Satisfied {
                        satisfied_revisit(env, g)
                    } else {
                        revisit(
                            None,
                            Some(Satisfaction::BasicallySatisfied),
                            text(BASIC_WORDS, g),
                            text(BASIC_REASONS, g),
                        )
                    };
                    p.act(operator, action);
                    return;
                }
                Outcome::LateReach | Outcome::Unreached => {
                    self.unreached(p, g, operator, outcome);
                    return;
                }
                Outcome::Unsatisfied => {
                    if !self.unsatisfied(p, g, operator, reopened) {
                        return;
                    }
                    reopened = true;
                    round += 1;
                    self.resubmit(p, g, work, round);
                    p.wait(g, 15, 240);
                    p.act(self.leader(g), Action::Approve { note: text(APPROVE_NOTES, g) });
                }
            }
        }
    }

    /// Calls that do not get through: given up on after the policy's attempts (回访未果), or
    /// reached at last after one or two.
    fn unreached(&self, p: &mut Plan<'e>, g: &mut Gen, operator: &'e Actor, outcome: Outcome) {
        let env = self.env;
        let tries = if outcome == Outcome::Unreached { env.attempts } else { 1 + u32::from(g.chance(400)) };
        for k in 0..tries {
            if k > 0 {
                p.wait(g, env.spacing, env.spacing + 90);
            }
            p.act(operator, revisit(Some(unreached_reason(g)), None, String::new(), String::new()));
        }
        p.wait(g, 5, 30);
        if outcome == Outcome::Unreached {
            let reason = format!("已于不同时段回访{}次均未接通，按回访未果办结", env.attempts);
            p.act(operator, Action::Close { reason });
        } else {
            p.wait(g, env.spacing, env.spacing + 240);
            let action = satisfied_revisit(env, g);
            p.act(self.desk(g), action);
        }
    }

    /// The driver is unsatisfied: the leader closes it so, or reopens it (at most once).
    /// Returns whether it was reopened.
    fn unsatisfied(&self, p: &mut Plan<'e>, g: &mut Gen, operator: &'e Actor, reopened: bool) -> bool {
        let action = revisit(
            None,
            Some(if self.env.five_level && g.chance(300) {
                Satisfaction::VeryUnsatisfied
            } else {
                Satisfaction::Unsatisfied
            }),
            text(UNSATISFIED_WORDS, g),
            text(UNSATISFIED_REASONS, g),
        );
        p.act(operator, action);
        if self.stop == Some(S::AwaitingDecision) {
            return false;
        }
        p.wait(g, 60, 1200);
        if reopened || !g.chance(550) {
            p.act(self.leader(g), Action::Close { reason: text(CLOSE_UNSATISFIED_REASONS, g) });
            return false;
        }
        p.act(self.leader(g), Action::Reopen { reason: text(REOPEN_REASONS, g) });
        true
    }
}

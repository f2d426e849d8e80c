//! The batch: every slot of the year's plan built into a complaint with its history, on several
//! threads or in chunks handed to a writer as they are made. Each item depends only on the seed
//! and its slot, so however the work is split the output is the same.

use crate::domain::lifecycle::{Context, HistoryEvent};
use crate::domain::org::User;
use crate::domain::time::BizTime;
use crate::domain::work::Complaint;

use super::env::Env;
use super::run::build;
use super::slots::plan_slots;

/// Generate `n` complaints (with some suggestions and praise) spread over the year before `now`,
/// each driven through the real lifecycle by users of the right role and unit, with its history.
///
/// `ctx` and `users` are the organisation as stored (real ids): insert [`demo_org`](super::demo_org) first. Items
/// are in registration order and numbered `TS{yyyymmdd}{5-digit seq}` by registration date. Older
/// complaints are mostly closed; recent ones are spread over the open states; some were
/// withdrawn, returned, urged, extended, paused, reopened, or are repeat calls linked to an
/// earlier complaint of the same batch (whose history records the link too). Every time is
/// before `now`. Returns nothing if no user may register complaints.
#[must_use]
pub fn generate(
    n: usize,
    seed: u64,
    now: BizTime,
    ctx: &Context<'_>,
    users: &[User],
) -> Vec<(Complaint, Vec<HistoryEvent>)> {
    let threads = if n < 2000 { 1 } else { std::thread::available_parallelism().map_or(1, usize::from).min(8) };
    generate_checked(n, seed, now, ctx, users, threads).0
}

/// Like [`generate`], but hands the items to `sink` in order, `chunk` at a time, as they are made:
/// two threads build the next chunks (and run `prepare` on them, e.g. serialising) while the
/// caller writes the previous one. The items are the same as [`generate`]'s. Stops at the first
/// error the sink returns.
#[allow(clippy::too_many_arguments, reason = "the generator's inputs plus the two stages of the pipeline")]
pub fn generate_chunked<T: Send, E: Send>(
    n: usize,
    seed: u64,
    now: BizTime,
    ctx: &Context<'_>,
    users: &[User],
    chunk: usize,
    prepare: impl Fn(Vec<(Complaint, Vec<HistoryEvent>)>) -> T + Sync,
    mut sink: impl FnMut(T) -> Result<(), E>,
) -> Result<(), E> {
    let Some(env) = Env::new(ctx, users, now) else {
        return Ok(());
    };
    let slots = plan_slots(&env, n, seed);
    let chunk = chunk.max(1);
    let chunks = slots.len().div_ceil(chunk);
    let workers = 2usize.min(chunks.max(1));
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<(usize, T)>(workers);
        for w in 0..workers {
            let tx = tx.clone();
            let (env, slots, prepare) = (&env, &slots, &prepare);
            scope.spawn(move || {
                for k in (w..chunks).step_by(workers) {
                    let mut errors = Vec::new();
                    let range = k * chunk..((k + 1) * chunk).min(slots.len());
                    let items: Vec<_> = range.filter_map(|i| build(env, seed, slots, i, &mut errors)).collect();
                    if tx.send((k, prepare(items))).is_err() {
                        return; // the sink stopped
                    }
                }
            });
        }
        drop(tx);
        let mut waiting = std::collections::BTreeMap::new();
        let mut next = 0;
        for (k, items) in rx {
            waiting.insert(k, items);
            while let Some(items) = waiting.remove(&next) {
                sink(items)?;
                next += 1;
            }
        }
        Ok(())
    })
}

/// [`generate`] on `threads` threads, plus the steps the state machine refused (there are none).
pub(super) fn generate_checked(
    n: usize,
    seed: u64,
    now: BizTime,
    ctx: &Context<'_>,
    users: &[User],
    threads: usize,
) -> (Vec<(Complaint, Vec<HistoryEvent>)>, Vec<String>) {
    let Some(env) = Env::new(ctx, users, now) else {
        return (Vec::new(), Vec::new());
    };
    let slots = plan_slots(&env, n, seed);
    let run = |range: std::ops::Range<usize>| {
        let mut errors = Vec::new();
        let out: Vec<_> = range.filter_map(|i| build(&env, seed, &slots, i, &mut errors)).collect();
        (out, errors)
    };
    // Each item depends only on (seed, its slot), so splitting the work keeps the output identical.
    if threads <= 1 || slots.is_empty() {
        return run(0..slots.len());
    }
    let chunk = slots.len().div_ceil(threads);
    let parts: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let range = t * chunk..((t + 1) * chunk).min(slots.len());
                scope.spawn(|| run(range))
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("demo generation does not panic")).collect()
    });
    let mut out = Vec::with_capacity(slots.len());
    let mut errors = Vec::new();
    for (part, errs) in parts {
        out.extend(part);
        errors.extend(errs);
    }
    (out, errors)
}

//! `roaddesk load-test`: many desks at once on one server database. Each client has its own
//! connection and works a small shared set of complaints, so that desks really collide: each
//! step (催办, one transaction) is taken on the version the client just read, and a step that
//! lost the race is refused with the conflict message and tried again on a fresh read. At the
//! end every complaint must hold exactly the steps that went through — no lost update — and
//! its history must have one event per step.

use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::domain::intake::{ComplaintInput, validate_complaint};
use crate::domain::lifecycle::Action;
use crate::domain::org::{Actor, Role, UnitKind};
use crate::domain::time::BizTime;
use crate::store::{Store, StoreError, Target};

/// What the load test measured.
#[derive(Debug, Clone, Serialize)]
pub struct LoadReport {
    pub clients: usize,
    pub actions_per_client: usize,
    /// Complaints the clients share.
    pub complaints: usize,
    /// Steps that went through.
    pub actions: u64,
    /// Steps refused because another desk was first (each then retried).
    pub conflicts: u64,
    pub seconds: f64,
    /// Steps per second, all clients together.
    pub per_second: f64,
    /// Time per step from the first read to stored, retries after a conflict included.
    pub median_ms: f64,
    pub p95_ms: f64,
    pub max_ms: f64,
    /// Problems found at the end (lost updates, missing history); empty when all is well.
    pub problems: Vec<String>,
}

/// Run `clients` desks of `actions` steps each on `shared` complaints against `target` (a server
/// database with the demo organisation, or an empty one: it is given one).
pub fn run(
    target: &Target,
    clients: usize,
    actions: usize,
    shared: usize,
    now: BizTime,
    progress: impl Fn(&str),
) -> Result<LoadReport, String> {
    let err = |e: StoreError| e.to_string();
    let mut store = target.create().map_err(err)?;
    if store.is_empty().map_err(err)? {
        progress("装入演示单位和账号……");
        crate::setup::install_demo(store.as_mut(), 0, 1, now, |_| {}).map_err(|e| e.to_string())?;
    }
    let desk = user_with(store.as_ref(), Role::Operator)?;
    let shared = shared.max(1);
    let numbers = open_complaints(store.as_mut(), &desk, shared, now)?;
    let before: Vec<(u32, usize)> = numbers
        .iter()
        .map(|n| {
            let c = store.complaint(n).map_err(err)?.ok_or_else(|| format!("找不到 {n}"))?;
            Ok((c.urge_count, store.history(n).map_err(err)?.len()))
        })
        .collect::<Result<_, String>>()?;

    progress(&format!("{clients} 个客户端，各 {actions} 次催办，共用 {shared} 条工单……"));
    let gate = Arc::new(Barrier::new(clients));
    let started = Instant::now();
    let outcomes: Vec<Result<ClientOutcome, String>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..clients)
            .map(|i| {
                let (gate, numbers, desk, target) = (Arc::clone(&gate), &numbers, &desk, target);
                s.spawn(move || client(target, i, actions, numbers, desk, now, &gate))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|_| Err("客户端线程意外中止".into()))).collect()
    });
    let seconds = started.elapsed().as_secs_f64();
    let mut latencies = Vec::new();
    let mut conflicts = 0;
    let mut done_per = vec![0_u64; numbers.len()];
    for o in outcomes {
        let (lat, conf, per) = o?;
        latencies.extend(lat);
        conflicts += conf;
        for (total, n) in done_per.iter_mut().zip(per) {
            *total += n;
        }
    }

    progress("核对每条工单的催办次数和办理记录……");
    let mut problems = Vec::new();
    for ((number, (urged, events)), done) in numbers.iter().zip(&before).zip(&done_per) {
        let c = store.complaint(number).map_err(err)?.ok_or_else(|| format!("找不到 {number}"))?;
        let history = store.history(number).map_err(err)?.len();
        let expected = u64::from(*urged) + done;
        if u64::from(c.urge_count) != expected {
            problems.push(format!("{number}：催办 {} 次，应为 {expected} 次（有更新丢失）", c.urge_count));
        }
        if history as u64 != *events as u64 + done {
            problems.push(format!("{number}：办理记录 {history} 条，应为 {} 条", *events as u64 + done));
        }
    }
    latencies.sort_unstable();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    // Nearest-rank percentile: the step below which a share `percent` of the steps fall.
    let at = |percent: usize| {
        let i = (latencies.len().saturating_sub(1) * percent).div_ceil(100);
        latencies.get(i).copied().map_or(0.0, ms)
    };
    let total = latencies.len() as u64;
    Ok(LoadReport {
        clients,
        actions_per_client: actions,
        complaints: numbers.len(),
        actions: total,
        conflicts,
        seconds,
        per_second: total as f64 / seconds.max(1e-9),
        median_ms: at(50),
        p95_ms: at(95),
        max_ms: latencies.last().copied().map_or(0.0, ms),
        problems,
    })
}

/// What one client did: the time of each step, the conflicts met, the steps per complaint.
type ClientOutcome = (Vec<Duration>, u64, Vec<u64>);

/// One desk: its own connection, `actions` steps over the shared complaints in turn.
fn client(
    target: &Target,
    index: usize,
    actions: usize,
    numbers: &[String],
    desk: &Actor,
    now: BizTime,
    gate: &Barrier,
) -> Result<ClientOutcome, String> {
    let connected = target.open().map_err(|e| e.to_string());
    // Everyone starts together, even a client that could not connect (it then reports why).
    gate.wait();
    let mut store = connected?;
    let mut latencies = Vec::with_capacity(actions);
    let mut conflicts = 0;
    let mut per = vec![0_u64; numbers.len()];
    for k in 0..actions {
        let which = (index + k) % numbers.len();
        let number = &numbers[which];
        let action = Action::Urge { note: format!("压力测试 客户端{index} 第{k}次") };
        // From the first read to the step stored, retries included: what the desk waits.
        let started = Instant::now();
        loop {
            let (_, seen) = store
                .complaint_versioned(number)
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("找不到 {number}"))?;
            match store.act_seen(number, seen, &action, desk, now) {
                Ok(_) => {
                    latencies.push(started.elapsed());
                    per[which] += 1;
                    break;
                }
                Err(StoreError::Conflict { .. }) => conflicts += 1,
                Err(e) => return Err(format!("客户端{index}：{e}")),
            }
        }
    }
    Ok((latencies, conflicts, per))
}

fn user_with(store: &dyn Store, role: Role) -> Result<Actor, String> {
    let users = store.users().map_err(|e| e.to_string())?;
    users
        .iter()
        .find(|u| u.active && u.roles.contains(&role))
        .map(Actor::from)
        .ok_or_else(|| "没有可用的值班员账号".into())
}

/// Register `n` complaints and dispatch each to an office: the shared work of the test.
fn open_complaints(store: &mut dyn Store, desk: &Actor, n: usize, now: BizTime) -> Result<Vec<String>, String> {
    let err = |e: StoreError| e.to_string();
    let units = store.units().map_err(err)?;
    let stations = store.stations().map_err(err)?;
    let office = units.iter().find(|u| u.kind == UnitKind::Office).ok_or("没有管理所")?.id;
    let input = ComplaintInput {
        complainant: Some("压力测试".into()),
        phone: Some("13800000000".into()),
        category: Some("服务态度".into()),
        content: Some("多席位并发压力测试".into()),
        ..ComplaintInput::default()
    };
    (0..n)
        .map(|_| {
            let draft = validate_complaint(&input, desk, now, &units, &stations)
                .map_err(|e| e.iter().map(ToString::to_string).collect::<Vec<_>>().join("；"))?;
            let number = store.register(draft, desk, now).map_err(err)?.number;
            store
                .act(&number, &Action::Dispatch { office, station: None, note: String::new() }, desk, now)
                .map_err(err)?;
            Ok(number)
        })
        .collect()
}

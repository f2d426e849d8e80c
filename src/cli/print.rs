//! Printing: Chinese text for people, stable JSON for scripts (fields documented in README).

use chrono::{Datelike, NaiveDate};
use serde_json::{Value, json};

use crate::domain::calendar::WorkCalendar;
use crate::domain::deadline::{Deadline, DeadlineRules, DeadlineStatus};
use crate::domain::lifecycle::{Context, HistoryEvent, revisit_progress};
use crate::domain::org::{Station, Unit, User, roles_label};
use crate::domain::stats::{GroupKey, Indicators};
use crate::domain::time::{BizTime, format_biz, format_due, format_span, rfc3339};
use crate::domain::work::{CallRecord, Complaint};
use crate::store::{Attachment, CheckReport, ComplaintRow};

/// Pad `s` with spaces to `width` terminal columns (a Chinese character takes two).
fn pad(s: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

fn pretty(v: &Value) {
    println!("{}", serde_json::to_string_pretty(v).expect("JSON values serialise"));
}

fn unit_name(units: &[Unit], id: Option<crate::domain::org::UnitId>) -> Option<String> {
    id.and_then(|id| units.iter().find(|u| u.id == id)).map(|u| u.name.clone())
}

fn status_of(d: &Deadline, now: BizTime, share: f64, paused: Option<BizTime>) -> DeadlineStatus {
    d.status(now, share, paused)
}

/// The deadline badge as text: `[临期] 剩余 3小时20分`.
fn badge(st: &DeadlineStatus) -> String {
    format!("[{}] {}", st.state.label(), st.text())
}

fn deadline_json(d: &Deadline, now: BizTime, share: f64, paused: Option<BizTime>) -> Value {
    let st = status_of(d, now, share, paused);
    json!({
        "step": d.step.code(),
        "step_label": d.step.label(),
        "started_at": rfc3339(d.started_at),
        "due_at": rfc3339(d.due_at),
        "status": st.state.label(),
        "secs_left": st.secs_left,
        "remaining": st.text(),
        "paused": paused.is_some(),
        "extended": d.extended_to.is_some(),
        "outside_calendar": d.outside_calendar,
    })
}

fn history_json(e: &HistoryEvent) -> Value {
    json!({
        "at": rfc3339(e.at),
        "actor": e.actor_name,
        "action": e.action.code(),
        "action_label": e.action.label(),
        "from_state": e.from_state.map(crate::domain::work::ComplaintState::code),
        "to_state": e.to_state.code(),
        "note": e.note,
        "changes": e.changes.to_value(),
    })
}

/// `show NUMBER`.
pub fn show(
    c: &Complaint,
    history: &[HistoryEvent],
    attachments: &[Attachment],
    ctx: &Context<'_>,
    now: BizTime,
    as_json: bool,
) {
    let office = unit_name(ctx.units, c.office);
    let station = c.station.and_then(|id| ctx.stations.iter().find(|s| s.id == id)).map(|s| s.name.clone());
    if as_json {
        show_json(c, history, attachments, (office, station), ctx.rules.due_soon_share, now);
        return;
    }
    println!(
        "工单 {}  [{}]  {}{}",
        c.number,
        c.state,
        c.kind,
        if c.paused_since.is_some() { "  （计时暂停中）" } else { "" }
    );
    for (k, v) in field_rows(c, office, station) {
        println!("  {}{v}", pad(&format!("{k}："), 16));
    }
    show_links(c);
    show_office_work(c);
    show_revisits(c, ctx);
    show_deadlines(c, ctx.rules.due_soon_share, now);
    if !attachments.is_empty() {
        println!("附件：");
        for a in attachments {
            println!("  {}（{} 字节）{} {}", a.file_name, a.size, a.added_by, format_biz(a.added_at));
        }
    }
    println!("办理记录：");
    for e in history {
        println!(
            "  {}  {}{}  {} → {}{}",
            format_biz(e.at),
            pad(e.action.label(), 12),
            e.actor_name,
            e.from_state.map_or("—", |s| s.label()),
            e.to_state.label(),
            if e.note.is_empty() { String::new() } else { format!("  {}", e.note) }
        );
    }
}

/// `show NUMBER --json`: the complaint as stored, with names, open deadlines, history and attachments.
fn show_json(
    c: &Complaint,
    history: &[HistoryEvent],
    attachments: &[Attachment],
    (office, station): (Option<String>, Option<String>),
    share: f64,
    now: BizTime,
) {
    let open: Vec<&Deadline> = c.deadlines.iter().filter(|d| d.met_at.is_none()).collect();
    let mut v = serde_json::to_value(c).expect("complaints serialise");
    let o = v.as_object_mut().expect("complaint is an object");
    o.insert("state_label".into(), json!(c.state.label()));
    o.insert("office_name".into(), json!(office));
    o.insert("station_name".into(), json!(station));
    o.insert("open_deadlines".into(), open.iter().map(|d| deadline_json(d, now, share, c.paused_since)).collect());
    o.insert("history".into(), history.iter().map(history_json).collect());
    o.insert(
        "attachments".into(),
        attachments
            .iter()
            .map(|a| json!({"file_name": a.file_name, "sha256": a.sha256, "size": a.size, "added_at": rfc3339(a.added_at), "added_by": a.added_by}))
            .collect(),
    );
    pretty(&v);
}

fn opt(v: Option<&str>) -> String {
    v.unwrap_or("—").to_owned()
}

fn time(t: Option<BizTime>) -> String {
    t.map_or_else(|| "—".into(), format_biz)
}

/// The fields of the 客服投诉处理单, label and value.
fn field_rows(c: &Complaint, office: Option<String>, station: Option<String>) -> Vec<(&'static str, String)> {
    vec![
        ("来源", c.source.label().to_owned()),
        ("省中心工单号", opt(c.provincial_number.as_deref())),
        ("转办时间", time(c.forwarded_at)),
        ("受理时间", format_biz(c.accepted_at)),
        ("受理人", c.accepted_by_name.clone()),
        ("投诉人", if c.complainant.is_empty() { "—".into() } else { c.complainant.clone() }),
        ("联系电话", c.phone.to_string()),
        (
            "车牌",
            match (&c.plate, c.plate_colour) {
                (Some(p), Some(col)) => format!("{p}（{col}）"),
                (Some(p), None) => p.to_string(),
                _ => "—".into(),
            },
        ),
        ("车型", c.vehicle_class.map_or_else(|| "—".into(), |v| v.label().to_owned())),
        ("通行时间", time(c.passage_at)),
        ("入口站/出口站", format!("{} / {}", opt(c.entry_station.as_deref()), opt(c.exit_station.as_deref()))),
        (
            "地点",
            format!("{}{}", opt(c.place.as_deref()), c.kstake.as_ref().map(|k| format!(" {k}")).unwrap_or_default()),
        ),
        ("投诉类别", c.category.label().to_owned()),
        ("投诉等级", c.grade.label().to_owned()),
        ("投诉内容", c.content.clone()),
        ("诉求", if c.request.is_empty() { "—".into() } else { c.request.clone() }),
        (
            "被投诉单位",
            format!(
                "{}{}",
                office.unwrap_or_else(|| "—".into()),
                station.map(|s| format!("（{s}）")).unwrap_or_default()
            ),
        ),
        ("催办次数", c.urge_count.to_string()),
        ("重办次数", c.reopen_count.to_string()),
        ("办理轮次", c.round.to_string()),
    ]
}

/// Repeat calls, a return, an extension request.
fn show_links(c: &Complaint) {
    if let Some(d) = &c.duplicate_of {
        println!("  已合并到：{d}");
    }
    if !c.duplicates.is_empty() {
        println!("  合并的重复来电：{}", c.duplicates.join("、"));
    }
    if let Some(r) = &c.return_reason {
        println!("  退回原因：{r}");
    }
    if let Some(e) = &c.extension {
        let state = match e.granted {
            None => "待审批",
            Some(true) => "已同意",
            Some(false) => "未同意",
        };
        println!("  延期申请：至 {}（{}），{}：{}", format_due(e.until), e.by_name, state, e.reason);
    }
}

/// The video check, the office's result and the signatures.
fn show_office_work(c: &Complaint) {
    if !c.checklist.videos.is_empty() || c.checklist.conclusion.is_some() {
        println!("录像核查：");
        for v in &c.checklist.videos {
            println!(
                "  {} {}  {} ~ {}  {}  {}",
                v.source,
                v.location,
                time(v.from),
                time(v.to),
                v.retrieval,
                v.observation
            );
        }
        println!(
            "  通行流水：{}  车型轴数：{}  人员询问：{}",
            c.checklist.transaction.outcome, c.checklist.vehicle_class.outcome, c.checklist.staff_interview.outcome
        );
        if let Some(con) = c.checklist.conclusion {
            let resp: Vec<&str> = c.checklist.responsibility.iter().map(|r| r.label()).collect();
            println!("  结论：{con}  责任：{}", if resp.is_empty() { "—".into() } else { resp.join("、") });
        }
    }
    if let Some(r) = &c.result {
        println!("办理结果：");
        println!("  调查情况：{}", r.investigation);
        println!("  处理结果：{}", r.handling);
        if !r.action_taken.is_empty() {
            println!("  对责任人处理：{}", r.action_taken);
        }
        println!("  联系司乘：{}  {}  反应：{}", time(r.contacted_at), r.explained, r.reaction);
    }
    for (label, s) in
        [("经办人", &c.handler_signature), ("管理所负责人", &c.head_signature), ("值班领导审核", &c.approval)]
    {
        if let Some(s) = s {
            println!("  {label}：{}  {}", s.name, format_biz(s.at));
        }
    }
}

/// The revisit attempts and how the complaint was closed.
fn show_revisits(c: &Complaint, ctx: &Context<'_>) {
    if !c.revisits.is_empty() {
        let (n, next) = revisit_progress(c, ctx.policy);
        println!(
            "回访记录（有效未接通 {n} 次{}）：",
            next.map(|t| format!("，下次最早 {}", format_biz(t))).unwrap_or_default()
        );
        for r in &c.revisits {
            match (r.unreached, r.satisfaction) {
                (Some(u), _) => println!("  {} {} 未接通：{u}", format_biz(r.at), r.by_name),
                (None, Some(s)) => println!("  {} {} {s}  “{}” {}", format_biz(r.at), r.by_name, r.words, r.reason),
                (None, None) => {}
            }
        }
    }
    if let Some(k) = c.close_kind {
        println!("  办结：{k}  {}  {}", time(c.closed_at), c.close_reason.clone().unwrap_or_default());
    }
}

/// The deadlines still running.
fn show_deadlines(c: &Complaint, share: f64, now: BizTime) {
    let open: Vec<&Deadline> = c.deadlines.iter().filter(|d| d.met_at.is_none()).collect();
    if open.is_empty() {
        println!("时限：无进行中的时限");
    } else {
        println!("时限：");
        for d in open {
            let st = status_of(d, now, share, c.paused_since);
            println!(
                "  {:<6} 截止 {}  {}{}",
                d.step.label(),
                format_due(d.due_at),
                badge(&st),
                if d.outside_calendar { "  （超出节假日表范围，按普通周末计算）" } else { "" }
            );
        }
    }
}

fn row_status(r: &ComplaintRow, now: BizTime, share: f64) -> Option<DeadlineStatus> {
    let (step, started, due) = (r.due_step?, r.due_started_at?, r.due_at?);
    let d = Deadline {
        step,
        started_at: started,
        base_due_at: due,
        due_at: due,
        paused_secs: 0,
        extended_to: None,
        met_at: None,
        outside_calendar: false,
    };
    Some(d.status(now, share, r.paused_since))
}

/// `list`.
pub fn list(rows: &[ComplaintRow], total: u64, more: bool, now: BizTime, share: f64, as_json: bool) {
    if as_json {
        let items: Vec<Value> = rows
            .iter()
            .map(|r| {
                let st = row_status(r, now, share);
                json!({
                    "number": r.number,
                    "kind": r.kind.code(),
                    "accepted_at": rfc3339(r.accepted_at),
                    "source": r.source.code(),
                    "category": r.category.code(),
                    "category_label": r.category.label(),
                    "grade": r.grade.code(),
                    "state": r.state.code(),
                    "state_label": r.state.label(),
                    "complainant": r.complainant,
                    "phone": r.phone,
                    "plate": r.plate,
                    "office": r.office,
                    "station": r.station,
                    "provincial_number": r.provincial_number,
                    "due_step": r.due_step.map(crate::domain::deadline::Step::code),
                    "due_at": r.due_at.map(rfc3339),
                    "status": st.as_ref().map(|s| s.state.label()),
                    "remaining": st.as_ref().map(DeadlineStatus::text),
                    "urge_count": r.urge_count,
                    "reopen_count": r.reopen_count,
                })
            })
            .collect();
        pretty(&json!({ "total": total, "total_capped": more, "items": items }));
        return;
    }
    if rows.is_empty() {
        println!("没有符合条件的工单");
        return;
    }
    let header = ["工单编号", "受理时间", "来源", "类别", "车牌", "管理所", "状态"];
    let widths = [16, 17, 11, 13, 11, 13, 11];
    let line: String = header.iter().zip(widths).map(|(h, w)| pad(h, w)).collect();
    println!("{line}时限");
    for r in rows {
        let st = row_status(r, now, share).map(|s| badge(&s)).unwrap_or_default();
        let urged = if r.urge_count > 0 { format!(" 催{}", r.urge_count) } else { String::new() };
        let cells = [
            r.number.clone(),
            format_biz(r.accepted_at),
            r.source.label().to_owned(),
            r.category.label().to_owned(),
            r.plate.clone().unwrap_or_else(|| "—".into()),
            r.office.clone().unwrap_or_else(|| "—".into()),
            r.state.label().to_owned(),
        ];
        let line: String = cells.iter().zip(widths).map(|(c, w)| pad(c, w)).collect();
        println!("{line}{st}{urged}");
    }
    println!(
        "共 {total} 条{}",
        if total > rows.len() as u64 { format!("，显示前 {} 条", rows.len()) } else { String::new() }
    );
}

/// `check`.
pub fn check(r: &CheckReport, as_json: bool) {
    if as_json {
        pretty(&serde_json::to_value(r).expect("report serialises"));
        return;
    }
    println!(
        "数据库结构版本 {}：{} 张工单，{} 条办理记录，{} 条来电，{} 个附件",
        r.schema_version, r.complaints, r.history_events, r.calls, r.attachments
    );
    if r.problems.is_empty() {
        println!("检查通过，未发现问题。");
    } else {
        println!("发现 {} 个问题：", r.problems.len());
        for p in &r.problems {
            println!("  - {p}");
        }
    }
}

/// `calls`.
pub fn calls(calls: &[CallRecord], units: &[Unit], as_json: bool) {
    if as_json {
        pretty(&serde_json::to_value(calls).expect("calls serialise"));
        return;
    }
    if calls.is_empty() {
        println!("没有来电登记");
    }
    for c in calls {
        let to = unit_name(units, c.referred_to).map(|n| format!(" → {n}")).unwrap_or_default();
        println!(
            "{} {} [{}] {} {}：{}{to}",
            c.number,
            format_biz(c.received_at),
            c.category,
            c.caller,
            c.phone,
            c.content
        );
    }
}

/// `rules show`.
pub fn rules(r: &DeadlineRules, as_json: bool) {
    if as_json {
        pretty(&serde_json::to_value(r).expect("rules serialise"));
        return;
    }
    println!("时限规则（用去 {:.0}% 的时间后显示为临期）：", r.due_soon_share * 100.0);
    for rule in &r.rules {
        println!(
            "  {:<8} {:<4} {} {}（{}）",
            rule.step.label(),
            rule.grade.label(),
            rule.amount,
            rule.unit.label(),
            rule.step.code()
        );
    }
}

/// `calendar show YEAR`.
pub fn calendar(cal: &WorkCalendar, year: i32, as_json: bool) {
    let days: Vec<_> = cal.days().filter(|d| d.date.year() == year).collect();
    if as_json {
        pretty(&json!({
            "year": year,
            "known": cal.is_known_year(year),
            "days": days.iter().map(|d| json!({"name": d.name, "date": d.date.format("%Y-%m-%d").to_string(), "isOffDay": d.off})).collect::<Vec<_>>(),
        }));
        return;
    }
    if !cal.is_known_year(year) {
        println!("{year} 年不在节假日表中：按普通周一至周五上班计算。可用 roaddesk calendar import 导入。");
        return;
    }
    println!("{year} 年节假日与调休：");
    for d in days {
        let wd = ["一", "二", "三", "四", "五", "六", "日"][d.date.weekday().num_days_from_monday() as usize];
        println!("  {} 周{wd}  {}  {}", d.date.format("%m-%d"), if d.off { "放假" } else { "上班" }, d.name);
    }
}

fn key_label(k: &GroupKey, units: &[Unit], stations: &[Station]) -> String {
    match k {
        GroupKey::All => "合计".into(),
        GroupKey::Category(c) => c.label().into(),
        GroupKey::Source(s) => s.label().into(),
        GroupKey::Office(o) => unit_name(units, *o).unwrap_or_else(|| "未转办".into()),
        GroupKey::Station(s) => s
            .and_then(|id| stations.iter().find(|st| st.id == id))
            .map_or_else(|| "未指定收费站".into(), |st| st.name.clone()),
        GroupKey::Month(m) => m.clone(),
    }
}

/// `stats`.
pub fn stats(
    groups: &[(GroupKey, Indicators)],
    from: NaiveDate,
    to: NaiveDate,
    units: &[Unit],
    stations: &[Station],
    as_json: bool,
) {
    if as_json {
        let items: Vec<Value> = groups
            .iter()
            .map(|(k, i)| {
                let mut v = serde_json::to_value(i).expect("indicators serialise");
                v.as_object_mut().expect("object").insert("group".into(), json!(key_label(k, units, stations)));
                v
            })
            .collect();
        pretty(&json!({"from": from.to_string(), "to": to.to_string(), "groups": items}));
        return;
    }
    println!("统计期间：{from} 至 {to}");
    for (k, i) in groups {
        let avg = match (i.handling_secs.numerator, i.handling_secs.denominator) {
            (_, 0) => "—".into(),
            (total, n) => format_span(i64::try_from(total / n).unwrap_or(i64::MAX)),
        };
        println!("【{}】", key_label(k, units, stations));
        println!("  受理量 {}（另建议 {}，表扬 {}）", i.volume, i.suggestions, i.praise);
        println!("  办结率 {}   按时办结率 {}", i.closure_rate, i.on_time_rate);
        println!("  回访率 {}   满意率 {}", i.revisit_rate, i.satisfaction_rate);
        println!("  属实率 {}   平均办理时长 {avg}（{}件）", i.founded_rate, i.handling_secs.denominator);
        println!(
            "  超期数 {}   催办次数 {}   重办数 {}   差评整改率 {}",
            i.overdue, i.urges, i.reopened, i.rectification_rate
        );
    }
}

/// `org show`.
pub fn org(units: &[Unit], stations: &[Station], users: &[User]) {
    fn walk(units: &[Unit], stations: &[Station], parent: Option<crate::domain::org::UnitId>, depth: usize) {
        for u in units.iter().filter(|u| u.parent == parent) {
            println!(
                "{}{}（{}）{}",
                "  ".repeat(depth),
                u.name,
                u.kind,
                u.phone.as_ref().map(|p| format!(" 电话 {p}")).unwrap_or_default()
            );
            for s in stations.iter().filter(|s| s.office == u.id) {
                println!("{}· {}", "  ".repeat(depth + 1), s.name);
            }
            walk(units, stations, Some(u.id), depth + 1);
        }
    }
    println!("单位：");
    walk(units, stations, None, 1);
    println!("用户：");
    for u in users {
        println!(
            "  {:<10} {:<6} {} {}{}",
            u.login,
            u.name,
            unit_name(units, Some(u.unit)).unwrap_or_default(),
            roles_label(&u.roles),
            if u.active { "" } else { "（停用）" }
        );
    }
}

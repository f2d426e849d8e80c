//! What each subcommand does.

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use super::Failure;
use super::args::{
    ActCommand, CalendarCommand, Cli, Command, ListArgs, OrgCommand, ReportArgs, ResultsArgs, RulesCommand, StatsArgs,
};
use super::print;
use crate::auth::{authenticate, hash_password};
use crate::domain::calendar::{CalendarDay, WorkCalendar};
use crate::domain::checklist::{Checklist, OfficeResult};
use crate::domain::deadline::{DeadlineRule, DeadlineUnit, Step};
use crate::domain::intake::{CallInput, ComplaintInput, validate_call, validate_complaint};
use crate::domain::lifecycle::Action;
use crate::domain::org::{Actor, Role, UnitKind};
use crate::domain::stats::{GroupBy, Month, compute};
use crate::domain::time::{BizTime, now_from_system, parse_biz_time};
use crate::domain::work::{Category, ComplaintState, Grade, Satisfaction, Source, UnreachedReason};
use crate::export::report;
use crate::export::sheets::{ListLine, list_xlsx, results_csv, results_xlsx};
use crate::export::{Form, render};
use crate::store::{ListFilter, NewUnit, SortKey, Store, StoreError, Target, form_data, report_data, unit_names};

type Out = Result<(), Failure>;

/// Lists count matches up to this many and then say “10000+”.
const LIST_COUNT_CAP: u64 = 10_000;

/// Run the parsed command line.
pub fn run(cli: Cli) -> Out {
    let db = cli.db.clone().unwrap_or_else(super::default_db_path);
    let target = match &cli.server {
        Some(url) => Target::Server(server_url(url)?),
        None => Target::File(db.clone()),
    };
    let now = match &cli.now {
        Some(s) => parse_biz_time(s).ok_or_else(|| Failure::new(format!("--now 的时间“{s}”无法识别")))?,
        None => now_from_system(),
    };
    let Some(command) = cli.command else {
        return crate::ui::run(target, cli.db.is_some() || cli.server.is_some()).map_err(Failure::new);
    };
    match command {
        Command::Init(a) => init(&target, &a),
        Command::Demo(a) => demo(&target, a.complaints, a.seed, now),
        Command::Import { file, user } => import(&target, &file, &user, now),
        Command::New { file, user } => new(&target, &file, &user, now),
        Command::List(a) => list(&target, &a, now),
        Command::Show { number, json } => show(&target, &number, now, json),
        Command::Act(a) => {
            let user = a.user.as_deref().ok_or_else(|| Failure::new("请用 --user 指定办理人登录名"))?;
            act(&target, &a.number, a.action, user, now)
        }
        Command::Rules { command } => rules(&target, command),
        Command::Calendar { command } => calendar(&target, command),
        Command::Stats(a) => stats(&target, &a, now),
        Command::Report(a) => report(&target, &a, now),
        Command::Results(a) => results(&target, &a),
        Command::Backup { file } => {
            let store = target.open()?;
            store.backup(&file)?;
            println!("已备份到 {}", file.display());
            Ok(())
        }
        Command::Check { json } => check(&target, json),
        Command::Attach { number, file, user } => attach(&target, &number, &file, &user, now),
        Command::Bench(a) => bench(&a),
        Command::Migrate { to } => migrate(&db, &to),
        Command::LoadTest { clients, actions, shared, json } => {
            load_test(&target, clients, actions, shared.unwrap_or(clients / 2), json, now)
        }
        Command::BenchWindow { user, display } => {
            let password = std::env::var("ROADDESK_PASSWORD").unwrap_or_else(|_| crate::demo::DEMO_PASSWORD.to_owned());
            if display {
                crate::bench::real_window::child_main(&db, now, &user, &password).map_err(Failure::new)
            } else {
                crate::bench::window::child_main(&db, now, &user, &password).map_err(Failure::new)
            }
        }
        Command::Export { number, form, output } => export(&target, &number, &form, output.as_deref()),
        Command::Org { command } => org(&target, command),
        Command::Calls { limit, json } => {
            let store = target.open()?;
            print::calls(&store.calls(limit)?, &store.units()?, json);
            Ok(())
        }
    }
}

/// `show NUMBER`.
fn show(target: &Target, number: &str, now: BizTime, json: bool) -> Out {
    let store = target.open()?;
    let c = store.complaint(number)?.ok_or_else(|| StoreError::NotFound(number.to_owned()))?;
    let history = store.history(number)?;
    let attachments = store.attachments(number)?;
    let ctx = store.context_data()?;
    print::show(&c, &history, &attachments, &ctx.context(), now, json);
    Ok(())
}

/// `check`: every agreement the store keeps, or what does not hold (exit code 1).
fn check(target: &Target, json: bool) -> Out {
    let store = target.open()?;
    let report = store.check()?;
    print::check(&report, json);
    if report.problems.is_empty() {
        Ok(())
    } else {
        Err(Failure { message: format!("发现{}个问题", report.problems.len()), code: 1 })
    }
}

/// `attach NUMBER FILE --user LOGIN`.
fn attach(target: &Target, number: &str, file: &std::path::Path, user: &str, now: BizTime) -> Out {
    let mut store = target.open()?;
    let actor = login(&*store, user, "ROADDESK_PASSWORD")?;
    let a = store.add_attachment(number, file, &actor, now)?;
    println!("已添加附件“{}”（{} 字节，SHA-256 {}）", a.file_name, a.size, &a.sha256[..12]);
    Ok(())
}

/// `load-test`: desks colliding on shared complaints, on a server.
fn load_test(target: &Target, clients: usize, actions: usize, shared: usize, json: bool, now: BizTime) -> Out {
    if !matches!(target, Target::Server(_)) {
        return Err(Failure::new("压力测试须在服务器数据库上进行：请加 --server postgres://…"));
    }
    let r = crate::bench::load::run(target, clients, actions, shared, now, |m| {
        eprintln!("{m}");
    })
    .map_err(Failure::new)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&r)?);
    } else {
        println!(
            "{} 个客户端 × {} 次催办（{} 条共用工单）：完成 {} 次，冲突后重试 {} 次，用时 {:.1} 秒",
            r.clients, r.actions_per_client, r.complaints, r.actions, r.conflicts, r.seconds
        );
        println!(
            "吞吐量 {:.0} 次/秒；单次耗时 中位数 {:.1} ms，p95 {:.1} ms，最长 {:.1} ms",
            r.per_second, r.median_ms, r.p95_ms, r.max_ms
        );
    }
    if r.problems.is_empty() {
        eprintln!("核对无误：没有丢失的更新，办理记录完整。");
        Ok(())
    } else {
        Err(Failure { message: r.problems.join("\n"), code: 1 })
    }
}

/// A server's connection string, with the password from `PGPASSWORD` (or asked for on the
/// terminal) when the string has none: a password is never typed into a command line, where the
/// shell's history would keep it.
fn server_url(url: &str) -> Result<String, Failure> {
    let url = url.trim();
    if !url.starts_with("postgres://") && !url.starts_with("postgresql://") {
        return Err(Failure::new(format!("服务器地址“{url}”有误：应为 postgres://用户@主机:端口/库名")));
    }
    Ok(url.to_owned())
}

/// `roaddesk migrate --to URL`: the whole local file into an empty server database, in one
/// transaction, then both counted and the history checksums compared.
fn migrate(db: &Path, to: &str) -> Out {
    let target = Target::Server(server_url(to)?);
    let source = crate::store::SqliteStore::open(db)?;
    let before = source.tally()?;
    eprintln!("读取 {} ……", db.display());
    let snapshot = source.snapshot()?;
    eprintln!("写入 {}（一个事务，失败则不留任何数据）……", target.name());
    let mut server = target.create()?;
    server.restore(&snapshot)?;
    let after = server.tally()?;
    let rows = [
        ("单位", before.units, after.units),
        ("收费站", before.stations, after.stations),
        ("用户", before.users, after.users),
        ("工单", before.complaints, after.complaints),
        ("办理记录", before.history_events, after.history_events),
        ("来电", before.calls, after.calls),
        ("附件", before.attachments, after.attachments),
    ];
    for (what, a, b) in rows {
        let pad = " ".repeat(10_usize.saturating_sub(unicode_width::UnicodeWidthStr::width(what)));
        println!("{what}{pad}{a:>10} → {b:>10}{}", if a == b { "" } else { "  ✗ 不一致" });
    }
    println!("办理记录校验和 {} → {}", &before.history_sha256[..16], &after.history_sha256[..16]);
    if before == after {
        println!("迁移完成，核对一致：{} → {}", db.display(), target.name());
        Ok(())
    } else {
        Err(Failure::new(format!(
            "迁移后核对不一致，请勿使用服务器上的数据；可删除该数据库后重新迁移：{}",
            target.name()
        )))
    }
}

/// `roaddesk bench`: progress on stderr, the table (or JSON) on stdout.
fn bench(a: &super::args::BenchArgs) -> Out {
    if cfg!(debug_assertions) {
        eprintln!("注意：这是调试构建，耗时远高于发布构建。请用 cargo run --release -- bench。");
    }
    let opts = crate::bench::BenchOptions {
        complaints: a.complaints,
        seed: a.seed,
        runs: a.runs,
        window: !a.no_window,
        dir: a.dir.clone(),
    };
    let report = crate::bench::run(&opts, |what| eprintln!("{what}")).map_err(Failure::new)?;
    if a.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", crate::bench::format_table(&report));
    }
    Ok(())
}

/// A password from the environment variable, or asked for on the terminal.
fn password(var: &str, prompt: &str) -> Result<String, Failure> {
    if let Ok(p) = std::env::var(var) {
        return Ok(p);
    }
    if !std::io::stdin().is_terminal() {
        return Err(Failure::new(format!("需要密码：请设置环境变量 {var}，或在终端中运行以输入密码")));
    }
    rpassword::prompt_password(prompt).map_err(|e| Failure::new(format!("无法读取密码：{e}")))
}

fn login(store: &dyn Store, user: &str, var: &str) -> Result<Actor, Failure> {
    let pw = password(var, &format!("{user} 的密码："))?;
    Ok(authenticate(store, user, &pw)?)
}

fn require_role(actor: &Actor, role: Role) -> Out {
    if actor.has(role) { Ok(()) } else { Err(Failure::new(format!("此操作需要{}角色", role.label()))) }
}

fn init(db: &Target, a: &super::args::InitArgs) -> Out {
    let mut store = db.create()?;
    if !store.is_empty()? {
        return Err(Failure::new(format!("数据库已经初始化过：{}", db.name())));
    }
    let pw = password("ROADDESK_PASSWORD", &format!("为管理员 {} 设置密码：", a.admin))?;
    let setup = crate::setup::CenterSetup {
        provincial: a.provincial.clone(),
        center: a.center.clone(),
        offices: Vec::new(),
        admin_login: a.admin.clone(),
        admin_name: a.admin_name.clone(),
        admin_password: pw,
    };
    crate::setup::setup_center(&mut *store, &setup)?;
    println!("已创建数据库 {}", db.name());
    println!("单位：{} → {}，以及路政、交警、清障救援、服务区", a.provincial, a.center);
    println!("管理员：{}（{}）。下一步：roaddesk org add-office 名称 --user {}", a.admin, a.admin_name, a.admin);
    Ok(())
}

fn demo(db: &Target, n: usize, seed: u64, now: BizTime) -> Out {
    let mut store = db.create()?;
    if !store.is_empty()? {
        return Err(Failure::new(format!("数据库已有数据，演示数据只能装入新数据库：{}", db.name())));
    }
    let started = std::time::Instant::now();
    let summary = crate::setup::install_demo(&mut *store, n, seed, now, |written| {
        eprint!("\r正在生成并写入投诉：{written}/{n}");
    })?;
    eprintln!();
    println!(
        "已创建演示数据库 {}：{} 条投诉、{} 条来电、{} 个用户，用时 {:.1} 秒",
        db.name(),
        summary.complaints,
        summary.calls,
        summary.users,
        started.elapsed().as_secs_f64()
    );
    println!("演示账号：admin/admin123，其余账号密码均为 demo123（见 README）");
    Ok(())
}

fn import(db: &Target, file: &Path, user: &str, now: BizTime) -> Out {
    let mut store = db.open()?;
    let actor = login(&*store, user, "ROADDESK_PASSWORD")?;
    let bytes = std::fs::read(file).map_err(|e| Failure::new(format!("无法读取文件 {}：{e}", file.display())))?;
    let parsed = crate::import::parse(&bytes).map_err(|errs| import_failure(&errs))?;
    let units = store.units()?;
    let stations = store.stations()?;
    let mut errors = parsed.errors.clone();
    let mut drafts = Vec::new();
    let mut seen = std::collections::HashMap::new();
    for (line, input) in &parsed.rows {
        if let Some(pn) = input.provincial_number.as_deref().map(str::trim) {
            if let Some(first) = seen.insert(pn.to_owned(), *line) {
                errors.push(crate::import::ImportError {
                    line: *line,
                    column: parsed.header_for_label("省中心工单号"),
                    reason: format!("与第{first}行的省中心工单号{pn}重复"),
                });
            } else if let Some(existing) = store.by_provincial_number(pn)? {
                errors.push(crate::import::ImportError {
                    line: *line,
                    column: parsed.header_for_label("省中心工单号"),
                    reason: format!("省中心工单号{pn}已导入为{existing}"),
                });
            }
        }
        match validate_complaint(input, &actor, now, &units, &stations) {
            Ok(c) => drafts.push(c),
            Err(fes) => errors.extend(fes.into_iter().map(|fe| crate::import::ImportError {
                line: *line,
                column: parsed.header_for_label(&fe.field).or(Some(fe.field.clone())),
                reason: fe.message,
            })),
        }
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.line);
        return Err(import_failure(&errors));
    }
    let numbers = store.register_all(drafts, &actor, now)?;
    println!(
        "已导入 {} 条投诉（{}编码）：{} … {}",
        numbers.len(),
        parsed.encoding,
        numbers.first().map_or("", String::as_str),
        numbers.last().map_or("", String::as_str)
    );
    Ok(())
}

fn import_failure(errs: &[crate::import::ImportError]) -> Failure {
    let mut msg = format!("导入失败，未导入任何数据。共{}处错误：", errs.len());
    for e in errs {
        msg.push_str("\n  ");
        msg.push_str(&e.to_string());
    }
    Failure::new(msg)
}

fn read_input(file: &str) -> Result<String, Failure> {
    if file == "-" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s).map_err(|e| Failure::new(format!("无法读取标准输入：{e}")))?;
        Ok(s)
    } else {
        std::fs::read_to_string(file).map_err(|e| Failure::new(format!("无法读取文件 {file}：{e}")))
    }
}

/// serde's English messages in Chinese, for the JSON people write by hand.
fn json_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    if let Some(rest) = text.strip_prefix("unknown field `") {
        let name = rest.split('`').next().unwrap_or(rest);
        return format!("输入有误：不认识的字段“{name}”（可用字段见 README 的 roaddesk new 一节）");
    }
    if text.starts_with("invalid type") {
        let what = text.split(", expected").next().unwrap_or(&text).replace("invalid type: ", "");
        return format!("输入有误：字段的值须为文字，用双引号括起（收到的是 {what}）");
    }
    format!("输入有误：{text}")
}

fn field_failure(errs: &[crate::domain::validate::FieldError]) -> Failure {
    Failure::new(StoreError::Invalid(errs.to_vec()).to_string())
}

fn new(db: &Target, file: &str, user: &str, now: BizTime) -> Out {
    let text = read_input(file)?;
    let mut value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| Failure::new(format!("JSON 格式有误：{e}")))?;
    let mut store = db.open()?;
    let actor = login(&*store, user, "ROADDESK_PASSWORD")?;
    let units = store.units()?;
    let is_call = value
        .get("kind")
        .and_then(|k| k.as_str())
        .is_some_and(|k| matches!(k, "咨询" | "求助" | "consultation" | "help" | "call" | "来电"));
    if is_call {
        if let Some(o) = value.as_object_mut() {
            o.remove("kind");
        }
        let input: CallInput = serde_json::from_value(value).map_err(|e| Failure::new(json_message(&e)))?;
        let draft = validate_call(&input, &actor, now, &units).map_err(|e| field_failure(&e))?;
        let call = store.register_call(draft, &actor, now)?;
        println!("已登记来电 {}（{}）", call.number, call.category);
        if call.category.kind() == crate::domain::work::CallKind::Help {
            println!(
                "安全提示：请提醒来电人将车辆靠边、开启双闪、人员撤离到护栏外等候。报警 110、火警 119、急救 120。"
            );
        }
        return Ok(());
    }
    let input: ComplaintInput = serde_json::from_value(value).map_err(|e| Failure::new(json_message(&e)))?;
    let draft = validate_complaint(&input, &actor, now, &units, &store.stations()?).map_err(|e| field_failure(&e))?;
    let similar = store.recent_similar(
        draft.plate.as_ref().map(crate::domain::validate::Plate::as_str),
        draft.phone.as_str(),
        now - chrono::Duration::days(7),
    )?;
    let c = store.register(draft, &actor, now)?;
    println!("已登记 {} {}（{}），状态：{}", c.kind, c.number, c.category, c.state);
    for s in similar {
        eprintln!(
            "提示：同一车牌或电话在7天内已有工单 {}（{}，{}）。如为同一事件，可运行：roaddesk act {} link-duplicate --to {} --user {user}",
            s.number, s.category, s.state, c.number, s.number
        );
    }
    Ok(())
}

fn find_office(store: &dyn Store, name: &str) -> Result<crate::domain::org::Unit, Failure> {
    let units = store.units()?;
    let offices: Vec<_> = units.iter().filter(|u| u.kind == UnitKind::Office).collect();
    offices.iter().find(|u| u.name == name).map(|u| (*u).clone()).ok_or_else(|| {
        Failure::new(format!(
            "没有名为“{name}”的管理所，可选：{}",
            offices.iter().map(|u| u.name.as_str()).collect::<Vec<_>>().join("、")
        ))
    })
}

fn find_station(
    store: &dyn Store,
    name: &str,
    office: crate::domain::org::UnitId,
) -> Result<crate::domain::org::StationId, Failure> {
    let stations = store.stations()?;
    stations
        .iter()
        .find(|s| s.office == office && (s.name == name || s.name.trim_end_matches("收费站") == name))
        .map(|s| s.id)
        .ok_or_else(|| Failure::new(format!("该管理所下没有名为“{name}”的收费站")))
}

fn parse_choice<T>(what: &str, s: &str, parse: fn(&str) -> Option<T>, choices: &str) -> Result<T, Failure> {
    parse(s).ok_or_else(|| Failure::new(format!("{what}“{s}”无效，可选：{choices}")))
}

fn list(db: &Target, a: &ListArgs, now: BizTime) -> Out {
    let store = db.open()?;
    let limit = a.limit.or(if a.xlsx.is_some() { None } else { Some(100) });
    let mut f = ListFilter { limit, ..ListFilter::default() };
    for s in &a.state {
        f.states.push(parse_choice("状态", s, ComplaintState::parse, &ComplaintState::choices())?);
    }
    if let Some(c) = &a.category {
        f.category = Some(parse_choice("投诉类别", c, Category::parse, &Category::choices())?);
    }
    if let Some(s) = &a.source {
        f.source = Some(parse_choice("来源", s, Source::parse, &Source::choices())?);
    }
    if let Some(o) = &a.office {
        f.office = Some(find_office(&*store, o)?.id);
    }
    f.from = a.from.as_deref().map(|s| parse_date("--from", s)).transpose()?;
    f.to = a.to.as_deref().map(|s| parse_date("--to", s)).transpose()?;
    if a.overdue {
        f.overdue_at = Some(now);
    }
    f.search.clone_from(&a.search);
    f.sort = match a.sort.as_str() {
        "accepted" => SortKey::AcceptedDesc,
        "accepted-asc" => SortKey::AcceptedAsc,
        "due" => SortKey::DueAsc,
        "number" => SortKey::Number,
        other => return Err(Failure::new(format!("排序方式“{other}”无效，可选：accepted、accepted-asc、due、number"))),
    };
    let rows = store.list(&f)?;
    if let Some(path) = &a.xlsx {
        if !has_extension(path, "xlsx") {
            return Err(Failure::new(format!("导出文件须以 .xlsx 结尾：{}", path.display())));
        }
        let lines: Vec<ListLine> = rows.iter().map(ListLine::from).collect();
        let bytes = list_xlsx(&lines)?;
        write_file(path, &bytes)?;
        println!("已导出{}条工单：{}（{} KB）", lines.len(), path.display(), bytes.len().div_ceil(1024));
        return Ok(());
    }
    let total = store.count_up_to(&ListFilter { limit: None, ..f.clone() }, LIST_COUNT_CAP + 1)?;
    let share = store.rules()?.due_soon_share;
    print::list(&rows, total.min(LIST_COUNT_CAP), total > LIST_COUNT_CAP, now, share, a.json);
    Ok(())
}

fn parse_date(what: &str, s: &str) -> Result<NaiveDate, Failure> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| Failure::new(format!("{what} 的日期“{s}”无效，格式如 2026-10-01")))
}

/// The JSON file of `act … checklist`: the checklist, plus an optional draft result.
#[derive(serde::Deserialize)]
struct ChecklistFile {
    #[serde(flatten)]
    checklist: Checklist,
    #[serde(default)]
    result: Option<OfficeResult>,
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, Failure> {
    let text =
        std::fs::read_to_string(path).map_err(|e| Failure::new(format!("无法读取文件 {}：{e}", path.display())))?;
    serde_json::from_str(&text).map_err(|e| Failure::new(format!("{} 的内容有误：{e}", path.display())))
}

fn act(db: &Target, number: &str, cmd: ActCommand, user: &str, now: BizTime) -> Out {
    let mut store = db.open()?;
    let actor = login(&*store, user, "ROADDESK_PASSWORD")?;
    let action = match cmd {
        ActCommand::Dispatch { office, station, note } => {
            let o = find_office(&*store, &office)?;
            let station = station.map(|s| find_station(&*store, &s, o.id)).transpose()?;
            Action::Dispatch { office: o.id, station, note }
        }
        ActCommand::Transfer { office, station, note } => {
            let o = find_office(&*store, &office)?;
            let station = station.map(|s| find_station(&*store, &s, o.id)).transpose()?;
            Action::Transfer { office: o.id, station, note }
        }
        ActCommand::Accept { note } => Action::Accept { note },
        ActCommand::Checklist { file } => {
            let f: ChecklistFile = read_json(&file)?;
            Action::SaveChecklist { checklist: f.checklist, result: f.result }
        }
        ActCommand::Submit { head, file } => {
            let result = match file {
                Some(f) => read_json::<OfficeResult>(&f)?,
                None => store
                    .complaint(number)?
                    .and_then(|c| c.result)
                    .ok_or_else(|| Failure::new("没有办理结果：请用 --file 提供，或先在核查清单中保存结果草稿"))?,
            };
            let head = login(&*store, &head, "ROADDESK_HEAD_PASSWORD")
                .map_err(|f| Failure::new(format!("管理所负责人 {head} 签字失败：{}", f.message)))?;
            Action::SubmitResult { result, head }
        }
        ActCommand::Approve { note } => Action::Approve { note },
        ActCommand::Return { reason } => Action::Return { reason },
        ActCommand::Urge { note } => Action::Urge { note },
        ActCommand::RequestExtension { until, reason } => {
            let until = parse_biz_time(&until)
                .ok_or_else(|| Failure::new(format!("延期至：“{until}”不是有效的时间，格式如 2026-10-03 18:00")))?;
            Action::RequestExtension { until, reason }
        }
        ActCommand::GrantExtension { note } => Action::GrantExtension { note },
        ActCommand::RefuseExtension { reason } => Action::RefuseExtension { reason },
        ActCommand::Pause { note } => Action::Pause { note },
        ActCommand::Resume { note } => Action::Resume { note },
        ActCommand::Revisit { unreached, satisfaction, words, reason } => {
            let unreached = unreached
                .map(|u| parse_choice("未接通原因", &u, UnreachedReason::parse, &UnreachedReason::choices()))
                .transpose()?;
            let satisfaction = satisfaction
                .map(|s| parse_choice("满意度", &s, Satisfaction::parse, &Satisfaction::choices()))
                .transpose()?;
            if unreached.is_none() && satisfaction.is_none() {
                return Err(Failure::new("请用 --satisfaction 填写满意度，或用 --unreached 填写未接通原因"));
            }
            Action::RecordRevisit { at: None, unreached, satisfaction, words, reason }
        }
        ActCommand::Reopen { reason } => Action::Reopen { reason },
        ActCommand::Close { reason } => Action::Close { reason },
        ActCommand::Withdraw { reason } => Action::Withdraw { reason },
        ActCommand::LinkDuplicate { to } => Action::LinkDuplicate { target: to },
    };
    let c = store.act(number, &action, &actor, now)?;
    let h = store.history(number)?;
    let last = h.last().map(|e| e.note.clone()).unwrap_or_default();
    println!(
        "{} {}：{}{}",
        c.number,
        action.kind().label(),
        c.state,
        if last.is_empty() { String::new() } else { format!("（{last}）") }
    );
    Ok(())
}

/// `export NUMBER --form … [-o FILE]`: the form as PDF, with the names the store knows.
fn export(db: &Target, number: &str, form: &str, output: Option<&Path>) -> Out {
    let codes = Form::ALL.iter().map(|f| format!("{}（{}）", f.code(), f.label())).collect::<Vec<_>>().join("、");
    let form = parse_choice("表单", form, Form::parse, &codes)?;
    let store = db.open()?;
    let data = form_data(&*store, number)?;
    let pdf = render(form, &data)?;
    let path = output.map_or_else(|| PathBuf::from(form.file_name(number)), Path::to_path_buf);
    std::fs::write(&path, &pdf).map_err(|e| Failure::new(format!("无法写入文件 {}：{e}", path.display())))?;
    println!("已导出{}：{}（{} KB）", form, path.display(), pdf.len().div_ceil(1024));
    Ok(())
}

fn rules(db: &Target, cmd: RulesCommand) -> Out {
    let mut store = db.open()?;
    match cmd {
        RulesCommand::Show { json } => {
            print::rules(&store.rules()?, json);
            Ok(())
        }
        RulesCommand::Set { step, grade, amount, unit, user } => {
            let actor = login(&*store, &user, "ROADDESK_PASSWORD")?;
            require_role(&actor, Role::Admin)?;
            let step = parse_choice("环节", &step, Step::parse, &Step::choices())?;
            let grade = parse_choice("等级", &grade, Grade::parse, &Grade::choices())?;
            let unit = parse_choice("单位", &unit, DeadlineUnit::parse, &DeadlineUnit::choices())?;
            if amount == 0 || amount > 1000 {
                return Err(Failure::new("时限数量须在 1 到 1000 之间"));
            }
            let mut rules = store.rules()?;
            rules.set(DeadlineRule { step, grade, amount, unit });
            store.set_rules(&rules)?;
            println!("已设置：{step}（{grade}）{amount}{unit}。新时限从下一次开始计时的环节起生效。");
            Ok(())
        }
        RulesCommand::DueSoon { share, user } => {
            let actor = login(&*store, &user, "ROADDESK_PASSWORD")?;
            require_role(&actor, Role::Admin)?;
            if !(0.5..=0.99).contains(&share) {
                return Err(Failure::new("临期比例须在 0.5 到 0.99 之间"));
            }
            let mut rules = store.rules()?;
            rules.due_soon_share = share;
            store.set_rules(&rules)?;
            println!("已设置：用去 {:.0}% 的时间后显示为临期", share * 100.0);
            Ok(())
        }
    }
}

fn calendar(db: &Target, cmd: CalendarCommand) -> Out {
    let mut store = db.open()?;
    match cmd {
        CalendarCommand::Show { year, json } => {
            print::calendar(&store.calendar()?, year, json);
            Ok(())
        }
        CalendarCommand::Set { date, kind, name, user } => {
            let actor = login(&*store, &user, "ROADDESK_PASSWORD")?;
            require_role(&actor, Role::Admin)?;
            let date = parse_date("日期", &date)?;
            let year = date.year();
            let cal = store.calendar()?;
            let mut days: Vec<CalendarDay> =
                cal.days().filter(|d| d.date.year() == year && d.date != date).cloned().collect();
            let off = match kind.as_str() {
                "放假" | "off" => Some(true),
                "上班" | "work" => Some(false),
                "取消" | "clear" => None,
                other => return Err(Failure::new(format!("“{other}”无效，可选：放假、上班、取消"))),
            };
            if let Some(off) = off {
                let name = if name.trim().is_empty() {
                    if off { "放假" } else { "调休上班" }.to_owned()
                } else {
                    name.trim().to_owned()
                };
                days.push(CalendarDay { date, name, off });
            }
            days.sort_by_key(|d| d.date);
            store.import_calendar_year(year, &days)?;
            let info = store.calendar()?.day_info(date);
            println!("已设置 {date}：{}", if info.working { "上班" } else { "放假" });
            Ok(())
        }
        CalendarCommand::Import { file, user } => {
            let actor = login(&*store, &user, "ROADDESK_PASSWORD")?;
            require_role(&actor, Role::Admin)?;
            let text = std::fs::read_to_string(&file)
                .map_err(|e| Failure::new(format!("无法读取文件 {}：{e}", file.display())))?;
            let (year, days) = WorkCalendar::parse_holiday_cn(&text)?;
            store.import_calendar_year(year, &days)?;
            let off = days.iter().filter(|d| d.off).count();
            println!("已导入 {year} 年：{off} 个假日，{} 个调休上班日", days.len() - off);
            Ok(())
        }
    }
}

fn stats(db: &Target, a: &StatsArgs, now: BizTime) -> Out {
    let store = db.open()?;
    let from = parse_date("--from", &a.from)?;
    let to = parse_date("--to", &a.to)?;
    if to < from {
        return Err(Failure::new("--to 不能早于 --from"));
    }
    let group = match a.group_by.as_str() {
        "none" => GroupBy::None,
        "category" => GroupBy::Category,
        "source" => GroupBy::Source,
        "office" => GroupBy::Office,
        "station" => GroupBy::Station,
        "month" => GroupBy::Month,
        other => {
            return Err(Failure::new(format!(
                "分组方式“{other}”无效，可选：none、category、source、office、station、month"
            )));
        }
    };
    let facts = store.facts(from, to, now)?;
    let groups = compute(&facts, from, to, group, store.stats_settings()?);
    print::stats(&groups, from, to, &store.units()?, &store.stations()?, a.json);
    Ok(())
}

/// Whether `path` ends in `.ext` (any case).
fn has_extension(path: &Path, ext: &str) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

fn write_file(path: &Path, bytes: &[u8]) -> Out {
    std::fs::write(path, bytes).map_err(|e| Failure::new(format!("无法写入文件 {}：{e}", path.display())))
}

/// `report --month 2026-10 -o FILE.pdf|FILE.xlsx` (or `--from D --to D`).
fn report(db: &Target, a: &ReportArgs, now: BizTime) -> Out {
    let (from, to) = match (&a.month, &a.from, &a.to) {
        (Some(m), _, _) => {
            let m = Month::parse(m).ok_or_else(|| Failure::new(format!("--month 的月份“{m}”无效，格式如 2026-10")))?;
            (m.first(), m.last())
        }
        (None, Some(from), Some(to)) => (parse_date("--from", from)?, parse_date("--to", to)?),
        _ => return Err(Failure::new("请用 --month 指定月份，或用 --from 和 --to 指定期间")),
    };
    if to < from {
        return Err(Failure::new("--to 不能早于 --from"));
    }
    let path = a.output.clone().unwrap_or_else(|| PathBuf::from(report::file_name(from, to, "pdf")));
    let pdf = if has_extension(&path, "pdf") {
        true
    } else if has_extension(&path, "xlsx") {
        false
    } else {
        return Err(Failure::new(format!("输出文件须以 .pdf 或 .xlsx 结尾：{}", path.display())));
    };
    let store = db.open()?;
    let figures = report::Figures::of(&report_data(&*store, from, to, now)?);
    let bytes = if pdf { report::pdf(&figures)? } else { report::xlsx(&figures)? };
    write_file(&path, &bytes)?;
    println!(
        "已生成{}（{}，受理量 {}，超期与重办 {} 件）：{}（{} KB）",
        figures.title(),
        figures.period(),
        figures.total.volume,
        figures.attention.len(),
        path.display(),
        bytes.len().div_ceil(1024)
    );
    Ok(())
}

/// `results --from D --to D -o FILE.xlsx|FILE.csv`: what closed in the period, for the provincial center.
fn results(db: &Target, a: &ResultsArgs) -> Out {
    let from = parse_date("--from", &a.from)?;
    let to = parse_date("--to", &a.to)?;
    if to < from {
        return Err(Failure::new("--to 不能早于 --from"));
    }
    let path = a.output.clone().unwrap_or_else(|| PathBuf::from(format!("结果上报-{from}至{to}.xlsx")));
    let csv = if has_extension(&path, "csv") {
        true
    } else if has_extension(&path, "xlsx") {
        false
    } else {
        return Err(Failure::new(format!("输出文件须以 .xlsx 或 .csv 结尾：{}", path.display())));
    };
    let store = db.open()?;
    let closed = store.closed_between(from, to)?;
    let names = unit_names(&*store)?;
    let bytes = if csv { results_csv(&closed, &names)? } else { results_xlsx(&closed, &names)? };
    write_file(&path, &bytes)?;
    println!("已导出{}至{}办结的{}件：{}（{} KB）", from, to, closed.len(), path.display(), bytes.len().div_ceil(1024));
    Ok(())
}

fn org(db: &Target, cmd: OrgCommand) -> Out {
    let mut store = db.open()?;
    match cmd {
        OrgCommand::Show => {
            print::org(&store.units()?, &store.stations()?, &store.users()?);
            Ok(())
        }
        OrgCommand::AddOffice { name, user } => {
            let actor = login(&*store, &user, "ROADDESK_PASSWORD")?;
            require_role(&actor, Role::Admin)?;
            let segment = store.units()?.into_iter().find(|u| u.kind == UnitKind::Segment).map(|u| u.id);
            store.add_unit(&NewUnit {
                name: name.trim().to_owned(),
                kind: UnitKind::Office,
                parent: segment,
                phone: None,
            })?;
            println!("已新增管理所：{name}");
            Ok(())
        }
        OrgCommand::AddStation { name, office, user } => {
            let actor = login(&*store, &user, "ROADDESK_PASSWORD")?;
            require_role(&actor, Role::Admin)?;
            let o = find_office(&*store, &office)?;
            store.add_station(name.trim(), o.id)?;
            println!("已新增收费站：{name}（{}）", o.name);
            Ok(())
        }
        OrgCommand::AddUser { login: new_login, name, unit, role, user } => {
            let actor = login(&*store, &user, "ROADDESK_PASSWORD")?;
            require_role(&actor, Role::Admin)?;
            let u = store
                .units()?
                .into_iter()
                .find(|u| u.name == unit)
                .ok_or_else(|| Failure::new(format!("没有名为“{unit}”的单位")))?;
            let roles = role
                .iter()
                .map(|r| parse_choice("角色", r, Role::parse, &Role::choices()))
                .collect::<Result<Vec<_>, _>>()?;
            let pw = password("ROADDESK_NEW_PASSWORD", &format!("为 {new_login} 设置密码："))?;
            store.add_user(new_login.trim(), name.trim(), u.id, &roles, &hash_password(&pw)?)?;
            println!("已新增用户：{new_login}（{name}，{}，{}）", u.name, crate::domain::org::roles_label(&roles));
            Ok(())
        }
    }
}

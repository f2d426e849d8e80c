//! Command-line integration tests: the `roaddesk` binary driven as the desk would drive it, with a
//! fixed clock (`--now`), one database per test and passwords from the environment.
//!
//! Every test starts from a copy of one prepared database (center, two offices with a station each,
//! a user for each role), built once per test run by the binary itself. `roaddesk demo` is not
//! tested here.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_roaddesk");
const ADMIN_PW: &str = "admin123";
/// The password of every user but admin.
const PW: &str = "demo123";
const ENV_VARS: [&str; 5] =
    ["ROADDESK_DB", "ROADDESK_NOW", "ROADDESK_PASSWORD", "ROADDESK_HEAD_PASSWORD", "ROADDESK_NEW_PASSWORD"];

const CENTER: &str = "路段信息监控分中心";
const HANCHUAN: &str = "汉川管理所";
const XIANTAO: &str = "仙桃管理所";

// ---------------------------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------------------------

/// What one run of the binary left behind.
#[derive(Debug)]
struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Out {
    #[track_caller]
    fn ok(self) -> Self {
        assert_eq!(self.code, 0, "expected success\n--- stdout\n{}\n--- stderr\n{}", self.stdout, self.stderr);
        self
    }

    /// Exit code 1, one `错误：…` on stderr containing `needle`, and no sign of a panic.
    #[track_caller]
    fn fails_with(self, needle: &str) -> Self {
        assert_eq!(self.code, 1, "expected exit 1\n--- stdout\n{}\n--- stderr\n{}", self.stdout, self.stderr);
        assert!(self.stderr.starts_with("错误："), "stderr should start with 错误：\n{}", self.stderr);
        assert!(self.stderr.contains(needle), "stderr should contain “{needle}”\n{}", self.stderr);
        self.no_panic();
        self
    }

    #[track_caller]
    fn no_panic(&self) {
        for bad in ["panicked", "backtrace", "RUST_BACKTRACE", "内部错误"] {
            assert!(!self.stderr.contains(bad), "stderr shows a panic ({bad}):\n{}", self.stderr);
        }
    }

    #[track_caller]
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

/// One invocation being put together: database, clock, arguments, environment.
struct Cmd {
    cmd: Command,
    input: Option<String>,
}

impl Cmd {
    fn new(db: &Path, now: &str, args: &[&str]) -> Self {
        let mut cmd = Command::new(BIN);
        for var in ENV_VARS {
            cmd.env_remove(var);
        }
        cmd.arg("--db").arg(db).arg("--now").arg(now).args(args).env("ROADDESK_PASSWORD", PW);
        Self { cmd, input: None }
    }

    fn pw(mut self, password: &str) -> Self {
        self.cmd.env("ROADDESK_PASSWORD", password);
        self
    }

    fn no_pw(mut self) -> Self {
        self.cmd.env_remove("ROADDESK_PASSWORD");
        self
    }

    fn head_pw(mut self, password: &str) -> Self {
        self.cmd.env("ROADDESK_HEAD_PASSWORD", password);
        self
    }

    fn new_pw(mut self, password: &str) -> Self {
        self.cmd.env("ROADDESK_NEW_PASSWORD", password);
        self
    }

    /// Text for standard input (otherwise stdin is empty and not a terminal).
    fn input(mut self, text: &str) -> Self {
        self.input = Some(text.to_owned());
        self
    }

    /// Run with `dir` as the working directory.
    fn run_in(mut self, dir: &Path) -> Out {
        self.cmd.current_dir(dir);
        self.run()
    }

    fn run(mut self) -> Out {
        let stdin = if self.input.is_some() { Stdio::piped() } else { Stdio::null() };
        let mut child = self
            .cmd
            .stdin(stdin)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the roaddesk binary starts");
        if let Some(text) = self.input.take() {
            use std::io::Write as _;
            let mut pipe = child.stdin.take().expect("piped stdin");
            pipe.write_all(text.as_bytes()).expect("stdin takes the input");
        }
        let out = child.wait_with_output().expect("the roaddesk binary finishes");
        Out {
            code: out.status.code().expect("exited normally, not by a signal"),
            stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
        }
    }
}

/// The prepared database, as bytes: built once per test run, copied into each test's folder.
struct Fixture {
    db: Vec<u8>,
    wal: Option<Vec<u8>>,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = TempDir::new().expect("temp dir");
        let db = dir.path().join("fixture.db");
        let now = "2026-09-30 08:00";
        let run = |args: &[&str], new_pw: Option<&str>| {
            let mut c = Cmd::new(&db, now, args).pw(ADMIN_PW);
            if let Some(p) = new_pw {
                c = c.new_pw(p);
            }
            c.run().ok();
        };
        run(&["init"], None);
        run(&["org", "add-office", HANCHUAN, "--user", "admin"], None);
        run(&["org", "add-office", XIANTAO, "--user", "admin"], None);
        run(&["org", "add-station", "汉川收费站", "--office", HANCHUAN, "--user", "admin"], None);
        run(&["org", "add-station", "仙桃收费站", "--office", XIANTAO, "--user", "admin"], None);
        for (login, name, unit, role) in [
            ("zb", "张明", CENTER, "值班员"),
            ("ld", "李强", CENTER, "值班领导"),
            ("jb", "王芳", HANCHUAN, "管理所经办人"),
            ("fz", "赵刚", HANCHUAN, "管理所负责人"),
            ("xt_jb", "陈静", XIANTAO, "管理所经办人"),
            ("xt_fz", "周平", XIANTAO, "管理所负责人"),
        ] {
            run(
                &["org", "add-user", login, "--name", name, "--unit", unit, "--role", role, "--user", "admin"],
                Some(PW),
            );
        }
        let wal_path = db.with_extension("db-wal");
        Fixture {
            db: std::fs::read(&db).expect("fixture database"),
            wal: wal_path.exists().then(|| std::fs::read(&wal_path).expect("fixture WAL")),
        }
    })
}

/// One test's desk: its own folder and database, and the clock its next command runs at.
struct Desk {
    dir: TempDir,
    db: PathBuf,
    now: String,
}

impl Desk {
    /// A fresh copy of the prepared database; the clock at 2026-09-30 09:00.
    fn new() -> Self {
        let f = fixture();
        let dir = TempDir::new().expect("temp dir");
        let db = dir.path().join("roaddesk.db");
        std::fs::write(&db, &f.db).expect("copy fixture");
        if let Some(wal) = &f.wal {
            std::fs::write(db.with_extension("db-wal"), wal).expect("copy fixture WAL");
        }
        Self { dir, db, now: "2026-09-30 09:00".into() }
    }

    fn at(&mut self, now: &str) -> &mut Self {
        now.clone_into(&mut self.now);
        self
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn cmd(&self, args: &[&str]) -> Cmd {
        Cmd::new(&self.db, &self.now, args)
    }

    fn run(&self, args: &[&str]) -> Out {
        self.cmd(args).run()
    }

    /// `act NUMBER <args> --user USER` with the user's password.
    fn act_cmd(&self, user: &str, number: &str, args: &[&str]) -> Cmd {
        let mut all = vec!["act", number];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--user", user]);
        self.cmd(&all)
    }

    fn act(&self, user: &str, number: &str, args: &[&str]) -> Out {
        self.act_cmd(user, number, args).run()
    }

    /// Register a complaint (JSON on stdin, by the operator zb); its number.
    fn new_complaint(&self, fields: &Value) -> String {
        let out = self.cmd(&["new", "--user", "zb"]).input(&fields.to_string()).run().ok();
        let n = numbers(&out.stdout);
        assert_eq!(n.len(), 1, "one number in {}", out.stdout);
        n[0].clone()
    }

    fn show(&self, number: &str) -> Value {
        self.run(&["show", number, "--json"]).ok().json()
    }

    fn list_json(&self, args: &[&str]) -> Value {
        let mut all = vec!["list", "--json"];
        all.extend_from_slice(args);
        self.run(&all).ok().json()
    }

    fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, bytes).expect("write test file");
        p
    }

    /// The checklist file of a finished video check, with a draft result contacted at 11:00.
    fn checklist_file(&self) -> PathBuf {
        let ck = json!({
            "videos": [{
                "source": "收费亭摄像机", "location": "3号车道",
                "from": "2026-09-30T07:55:00+08:00", "to": "2026-09-30T08:05:00+08:00",
                "retrieval": "已调取", "observation": "收费员语气生硬，未使用文明用语"
            }],
            "transaction": {"outcome": "相符"},
            "vehicle_class": {"outcome": "不适用"},
            "staff_interview": {"outcome": "相符"},
            "conclusion": "部分属实",
            "responsibility": ["收费员"],
            "result": {
                "investigation": "调阅3号车道录像，收费员服务用语不规范",
                "handling": "对收费员进行批评教育",
                "action_taken": "扣减当月服务考核分",
                "contacted_at": "2026-09-30T11:00:00+08:00",
                "explained": "已向司机致歉并说明处理结果",
                "reaction": "表示理解"
            }
        });
        self.write("ck.json", ck.to_string())
    }

    /// dispatch (10:00) → accept (10:30) → checklist (11:30) → submit signed by fz (12:00).
    fn carry_to_review(&mut self, number: &str) {
        let ck = self.checklist_file();
        let ck = ck.to_str().expect("UTF-8 path");
        self.at("2026-09-30 10:00").act("zb", number, &["dispatch", "--office", HANCHUAN]).ok();
        self.at("2026-09-30 10:30").act("jb", number, &["accept"]).ok();
        self.at("2026-09-30 11:30").act("jb", number, &["checklist", "--file", ck]).ok();
        self.at("2026-09-30 12:00").act_cmd("jb", number, &["submit", "--head", "fz"]).head_pw(PW).run().ok();
    }
}

/// Every complaint number (`TS` + 8-digit date + 5-digit sequence) in `text`, in order.
fn numbers(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    for i in 0..chars.len().saturating_sub(14) {
        if chars[i] == 'T' && chars[i + 1] == 'S' && chars[i + 2..i + 15].iter().all(char::is_ascii_digit) {
            out.push(chars[i..i + 15].iter().collect());
        }
    }
    out
}

/// A valid complaint about 汉川收费站, accepted at 09:00 on 2026-09-30; `extra` overrides fields.
fn complaint(extra: &Value) -> Value {
    let mut v = json!({
        "source": "直接来电",
        "complainant": "刘先生",
        "phone": "13812345678",
        "plate": "鄂A12345",
        "category": "服务态度",
        "content": "收费员态度恶劣，找零时把钱扔出窗口",
        "request": "要求道歉",
        "accepted_at": "2026-09-30 09:00",
        "passage_at": "2026-09-30 08:00",
        "office": HANCHUAN,
        "station": "汉川收费站"
    });
    let o = v.as_object_mut().expect("object");
    for (k, val) in extra.as_object().expect("overrides are an object") {
        if val.is_null() {
            o.remove(k);
        } else {
            o.insert(k.clone(), val.clone());
        }
    }
    v
}

fn history_actions(c: &Value) -> Vec<String> {
    c["history"].as_array().expect("history").iter().map(|e| e["action"].as_str().expect("action").to_owned()).collect()
}

fn open_deadline<'a>(c: &'a Value, step: &str) -> &'a Value {
    c["open_deadlines"]
        .as_array()
        .expect("open_deadlines")
        .iter()
        .find(|d| d["step"] == step)
        .unwrap_or_else(|| panic!("no open {step} deadline in {}", c["open_deadlines"]))
}

const CSV_HEADER: &str =
    "省中心工单号,转办时间,受理时间,投诉人,联系电话,车牌号码,通行时间,投诉类别,投诉内容,诉求,被投诉单位,收费站";

/// One CSV row of a provincial complaint.
fn csv_row(provincial: &str, complainant: &str, phone: &str, plate: &str, content: &str) -> String {
    format!(
        "{provincial},2026-09-30 08:30,2026-09-30 08:40,{complainant},{phone},{plate},2026-09-30 08:00,服务态度,{content},要求道歉,{HANCHUAN},汉川收费站"
    )
}

// ---------------------------------------------------------------------------------------------
// 1. A whole life
// ---------------------------------------------------------------------------------------------

#[test]
fn whole_life_from_import_to_satisfied_revisit() {
    let mut d = Desk::new();
    let csv = format!(
        "{CSV_HEADER}\n{}\n{}\n",
        csv_row("HB20260930001", "刘先生", "13812345678", "鄂A12345", "收费员态度恶劣"),
        csv_row("HB20260930002", "黄女士", "13987654321", "鄂B67890", "找零少给十元")
    );
    let file = d.write("province.csv", csv);
    let out = d.at("2026-09-30 09:00").run(&["import", file.to_str().unwrap(), "--user", "zb"]).ok();
    assert!(out.stdout.contains("已导入 2 条投诉（UTF-8编码）"), "{}", out.stdout);
    let nums = numbers(&out.stdout);
    assert_eq!(nums, ["TS2026093000001", "TS2026093000002"]);
    let n = &nums[0];
    let c = d.show(n);
    assert_eq!(c["state"], "registered");
    assert_eq!(c["source"], "provincial");
    assert_eq!(c["provincial_number"], "HB20260930001");
    assert_eq!(c["station_name"], "汉川收费站");

    let ck = d.checklist_file();
    let ck = ck.to_str().unwrap();
    let out = d.at("2026-09-30 10:00").act("zb", n, &["dispatch", "--office", HANCHUAN]).ok();
    assert!(out.stdout.contains("已转办"), "{}", out.stdout);
    d.at("2026-09-30 10:30").act("jb", n, &["accept"]).ok();
    let out = d.at("2026-09-30 11:30").act("jb", n, &["checklist", "--file", ck]).ok();
    assert!(out.stdout.contains("核查清单已填完"), "{}", out.stdout);
    let out = d.at("2026-09-30 12:00").act_cmd("jb", n, &["submit", "--head", "fz"]).head_pw(PW).run().ok();
    assert!(out.stdout.contains("待审核") && out.stdout.contains("负责人赵刚签字"), "{}", out.stdout);
    d.at("2026-09-30 13:00").act("ld", n, &["return", "--reason", "录像时段不全，请补充广场录像"]).ok();
    let c = d.show(n);
    assert_eq!(c["state"], "investigating");
    assert_eq!(c["return_reason"], "录像时段不全，请补充广场录像");
    assert_eq!(c["round"], 2);
    // The second submission uses the draft result kept from the checklist.
    d.at("2026-09-30 14:00").act_cmd("jb", n, &["submit", "--head", "fz"]).head_pw(PW).run().ok();
    d.at("2026-09-30 15:00").act("ld", n, &["approve", "--note", "同意"]).ok();
    assert_eq!(d.show(n)["state"], "awaiting_revisit");
    let out = d.at("2026-09-30 15:30").act("zb", n, &["revisit", "--unreached", "占线"]).ok();
    assert!(out.stdout.contains("有效尝试1次"), "{}", out.stdout);
    let out = d
        .at("2026-09-30 16:30")
        .act("zb", n, &["revisit", "--satisfaction", "满意", "--words", "处理得很及时，谢谢"])
        .ok();
    assert!(out.stdout.contains("已办结"), "{}", out.stdout);

    let c = d.show(n);
    assert_eq!(c["state"], "closed");
    assert_eq!(c["state_label"], "已办结");
    assert_eq!(c["close_kind"], "satisfied");
    assert_eq!(c["closed_at"], "2026-09-30T16:30:00+08:00");
    assert_eq!(
        history_actions(&c),
        [
            "register",
            "dispatch",
            "accept",
            "save_checklist",
            "submit_result",
            "return",
            "submit_result",
            "approve",
            "revisit",
            "revisit"
        ]
    );
    let states: Vec<&str> = c["history"].as_array().unwrap().iter().map(|e| e["to_state"].as_str().unwrap()).collect();
    assert_eq!(
        states,
        [
            "registered",
            "dispatched",
            "investigating",
            "investigating",
            "awaiting_review",
            "investigating",
            "awaiting_review",
            "awaiting_revisit",
            "awaiting_revisit",
            "closed"
        ]
    );
    assert_eq!(c["history"][1]["actor"], "张明");
    assert_eq!(c["history"][1]["at"], "2026-09-30T10:00:00+08:00");
    assert_eq!(c["open_deadlines"], json!([]));
    assert_eq!(c["head_signature"]["name"], "赵刚");
    assert_eq!(c["approval"]["name"], "李强");

    // The text view says the same to a person.
    let text = d.run(&["show", n]).ok().stdout;
    assert!(text.contains("[已办结]") && text.contains("办结：回访满意"), "{text}");

    let check = d.run(&["check", "--json"]).ok().json();
    assert_eq!(check["problems"], json!([]));
    assert_eq!(check["complaints"], 2);
    assert_eq!(check["history_events"], 11);
    assert!(d.run(&["check"]).ok().stdout.contains("检查通过"));
}

#[test]
fn unreached_revisits_close_only_after_three_spaced_attempts() {
    let mut d = Desk::new();
    let n = d.new_complaint(&complaint(&json!({})));
    d.carry_to_review(&n);
    d.at("2026-09-30 14:00").act("ld", &n, &["approve"]).ok();

    d.at("2026-09-30 15:00").act("zb", &n, &["revisit", "--unreached", "无人接听"]).ok();
    // Ten minutes later: recorded, but does not count towards the three.
    let out = d.at("2026-09-30 15:10").act("zb", &n, &["revisit", "--unreached", "占线"]).ok();
    assert!(out.stdout.contains("有效尝试1次"), "{}", out.stdout);
    d.at("2026-09-30 15:40").act("zb", &n, &["revisit", "--unreached", "关机"]).ok();

    let before = d.show(&n)["history"].as_array().unwrap().len();
    d.at("2026-09-30 15:45")
        .act("zb", &n, &["close", "--reason", "多次联系未果"])
        .fails_with("回访未果须至少联系3次且每次间隔不少于30分钟，目前有效2次，下次可回访时间 2026-09-30 16:10");
    let c = d.show(&n);
    assert_eq!(c["state"], "awaiting_revisit");
    assert_eq!(c["history"].as_array().unwrap().len(), before);

    let out = d.at("2026-09-30 16:10").act("zb", &n, &["revisit", "--unreached", "无人接听"]).ok();
    assert!(out.stdout.contains("有效尝试3次"), "{}", out.stdout);
    // A reason is still required.
    d.at("2026-09-30 16:15").act("zb", &n, &["close"]).fails_with("回访未果说明：不能为空");
    d.act("zb", &n, &["close", "--reason", "三次联系均未接通"]).ok();

    let c = d.show(&n);
    assert_eq!(c["state"], "closed");
    assert_eq!(c["close_kind"], "unreached");
    assert_eq!(c["close_reason"], "三次联系均未接通");
    assert_eq!(c["revisits"].as_array().unwrap().len(), 4);
    let actions = history_actions(&c);
    assert_eq!(actions.last().map(String::as_str), Some("close"));
    assert_eq!(actions.iter().filter(|a| *a == "revisit").count(), 4);
    assert_eq!(d.run(&["check", "--json"]).ok().json()["problems"], json!([]));
}

// ---------------------------------------------------------------------------------------------
// 2. Refusals by role and unit
// ---------------------------------------------------------------------------------------------

/// Run `attempt`, expect it refused with `reason`, and check the complaint did not move.
#[track_caller]
fn refused(d: &Desk, number: &str, attempt: impl FnOnce() -> Out, reason: &str) {
    let before = d.show(number);
    attempt().fails_with(reason);
    let after = d.show(number);
    assert_eq!(after["state"], before["state"]);
    assert_eq!(after["history"], before["history"]);
    assert_eq!(after["deadlines"], before["deadlines"]);
}

#[test]
fn actions_by_the_wrong_role_or_unit_are_refused_and_change_nothing() {
    let mut d = Desk::new();
    let n = d.new_complaint(&complaint(&json!({})));
    d.at("2026-09-30 10:00");

    refused(&d, &n, || d.act("zb", &n, &["approve"]), "「审核通过」只能由值班领导办理，您的角色是值班员");
    refused(
        &d,
        &n,
        || d.act("jb", &n, &["dispatch", "--office", HANCHUAN]),
        "「转办」只能由值班员、值班领导办理，您的角色是管理所经办人",
    );

    d.act("zb", &n, &["dispatch", "--office", HANCHUAN]).ok();
    refused(
        &d,
        &n,
        || d.act("ld", &n, &["accept"]),
        "「签收」只能由管理所经办人、管理所负责人办理，您的角色是值班领导",
    );
    refused(&d, &n, || d.act("xt_jb", &n, &["accept"]), "该工单由汉川管理所办理，您所在单位不能「签收」");
    // The right role in the wrong state: nothing has been submitted to approve.
    refused(
        &d,
        &n,
        || d.act("ld", &n, &["approve"]),
        "工单当前状态为「已转办」，不能「审核通过」（可在「待审核」时办理）",
    );

    d.act("jb", &n, &["accept"]).ok();
    let ck = d.checklist_file();
    d.act("jb", &n, &["checklist", "--file", ck.to_str().unwrap()]).ok();
    // The draft result says the driver was called at 11:00, so sign after that.
    d.at("2026-09-30 12:00");
    let submit = |head: &str, pw: Option<&str>| {
        let c = d.act_cmd("jb", &n, &["submit", "--head", head]);
        match pw {
            Some(pw) => c.head_pw(pw).run(),
            None => c.run(),
        }
    };
    refused(&d, &n, || submit("jb", Some(PW)), "王芳不是管理所负责人，不能签字");
    refused(&d, &n, || submit("xt_fz", Some(PW)), "周平不是汉川管理所的负责人，不能签字");
    refused(&d, &n, || submit("fz", Some("wrong-password")), "管理所负责人 fz 签字失败：用户名或密码错误");
    refused(&d, &n, || submit("fz", None), "管理所负责人 fz 签字失败：需要密码：请设置环境变量 ROADDESK_HEAD_PASSWORD");

    submit("fz", Some(PW)).ok();
    let c = d.show(&n);
    assert_eq!(c["state"], "awaiting_review");
    assert_eq!(history_actions(&c), ["register", "dispatch", "accept", "save_checklist", "submit_result"]);
}

// ---------------------------------------------------------------------------------------------
// 3. Import
// ---------------------------------------------------------------------------------------------

#[test]
fn import_reads_utf8_utf8_with_bom_and_gbk() {
    let d = Desk::new();
    let file = |row: String| format!("{CSV_HEADER}\n{row}\n");
    let plain = file(csv_row("HB001", "张三", "13811110001", "鄂A11111", "收费员态度差"));
    let bom = file(csv_row("HB002", "李四", "13811110002", "鄂A22222", "多收通行费"));
    let gbk = file(csv_row("HB003", "欧阳娜娜", "13811110003", "鄂A33333", "车道栏杆砸车"));

    let mut bom_bytes = b"\xEF\xBB\xBF".to_vec();
    bom_bytes.extend_from_slice(bom.as_bytes());
    let (gbk_bytes, _, lossy) = encoding_rs::GBK.encode(&gbk);
    assert!(!lossy);
    assert!(std::str::from_utf8(&gbk_bytes).is_err(), "the GBK file must not also be valid UTF-8");

    for (name, bytes, encoding) in [
        ("plain.csv", plain.into_bytes(), "UTF-8"),
        ("bom.csv", bom_bytes, "UTF-8"),
        ("gbk.csv", gbk_bytes.into_owned(), "GBK"),
    ] {
        let p = d.write(name, bytes);
        let out = d.run(&["import", p.to_str().unwrap(), "--user", "zb"]).ok();
        assert!(out.stdout.contains(&format!("已导入 1 条投诉（{encoding}编码）")), "{name}: {}", out.stdout);
    }

    let list = d.list_json(&["--sort", "number"]);
    assert_eq!(list["total"], 3);
    let got: Vec<(&str, &str)> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["provincial_number"].as_str().unwrap(), i["complainant"].as_str().unwrap()))
        .collect();
    assert_eq!(got, [("HB001", "张三"), ("HB002", "李四"), ("HB003", "欧阳娜娜")]);
    // The GBK text is searchable as text, not mojibake.
    assert_eq!(d.list_json(&["--search", "栏杆"])["total"], 1);
    let c = d.show(&numbers(&d.run(&["list", "--search", "栏杆"]).ok().stdout)[0]);
    assert_eq!(c["content"], "车道栏杆砸车");
    assert_eq!(c["office_name"], HANCHUAN);
}

#[test]
fn import_with_bad_rows_imports_nothing_and_names_every_bad_cell() {
    let d = Desk::new();
    // Line 1 header; 2 good; 3 bad phone and category; 4–5 one good row whose content spans two
    // lines; 6 bad plate (under the alias header 车牌); 7 good; 8 a ragged row.
    let header = CSV_HEADER.replace("车牌号码", "车牌");
    let csv = [
        header.as_str(),
        &csv_row("HB101", "甲", "13800000001", "鄂A10001", "态度差"),
        "HB102,2026-09-30 08:30,2026-09-30 08:40,乙,12345,鄂A10002,2026-09-30 08:00,乱写的类别,多收费,退费,汉川管理所,汉川收费站",
        "HB103,2026-09-30 08:30,2026-09-30 08:40,丙,13800000003,鄂A10003,2026-09-30 08:00,服务态度,\"第一行",
        "第二行\",要求道歉,汉川管理所,汉川收费站",
        &csv_row("HB104", "丁", "13800000004", "ABC123", "找零少给"),
        &csv_row("HB105", "戊", "13800000005", "鄂A10005", "态度差"),
        "HB106,2026-09-30 08:30,只有三列",
        "",
    ]
    .join("\n");
    let p = d.write("bad.csv", csv);
    let out =
        d.run(&["import", p.to_str().unwrap(), "--user", "zb"]).fails_with("导入失败，未导入任何数据。共4处错误：");
    // One line per bad cell or row, in file order: the unreadable row does not hide the others.
    let lines: Vec<&str> = out.stderr.lines().skip(1).map(str::trim).collect();
    let expected = [
        "第3行，“联系电话”列：「12345」是5位的服务号码或短号",
        "第3行，“投诉类别”列：“乱写的类别”不是有效的选项",
        "第6行，“车牌”列：车牌应以省份简称开头",
        "第8行：本行有3列，表头有12列",
    ];
    assert_eq!(lines.len(), expected.len(), "{}", out.stderr);
    for (line, start) in lines.iter().zip(expected) {
        assert!(line.starts_with(start), "expected “{start}…”, got “{line}”\n{}", out.stderr);
    }
    assert_eq!(d.list_json(&[])["total"], 0);
    assert_eq!(d.run(&["check", "--json"]).ok().json()["complaints"], 0);
}

#[test]
fn import_refuses_provincial_numbers_already_imported_or_repeated() {
    let d = Desk::new();
    let first = d.write(
        "first.csv",
        format!(
            "{CSV_HEADER}\n{}\n{}\n",
            csv_row("HB201", "甲", "13800000001", "鄂A20001", "态度差"),
            csv_row("HB202", "乙", "13800000002", "鄂A20002", "多收费")
        ),
    );
    let out = d.run(&["import", first.to_str().unwrap(), "--user", "zb"]).ok();
    let nums = numbers(&out.stdout);

    let again = d.run(&["import", first.to_str().unwrap(), "--user", "zb"]).fails_with("共2处错误");
    assert!(
        again.stderr.contains(&format!("第2行，“省中心工单号”列：省中心工单号HB201已导入为{}", nums[0])),
        "{}",
        again.stderr
    );
    assert!(
        again.stderr.contains(&format!("第3行，“省中心工单号”列：省中心工单号HB202已导入为{}", nums[1])),
        "{}",
        again.stderr
    );

    let repeated = d.write(
        "repeated.csv",
        format!(
            "{CSV_HEADER}\n{}\n{}\n",
            csv_row("HB203", "丙", "13800000003", "鄂A20003", "态度差"),
            csv_row("HB203", "丙", "13800000003", "鄂A20003", "态度差")
        ),
    );
    d.run(&["import", repeated.to_str().unwrap(), "--user", "zb"])
        .fails_with("第3行，“省中心工单号”列：与第2行的省中心工单号HB203重复");
    assert_eq!(d.list_json(&[])["total"], 2);
}

#[test]
fn import_reports_unknown_and_missing_columns() {
    let d = Desk::new();
    let p = d.write("cols.csv", "省中心工单号,电话号码,投诉类别,投诉内容,备注\nHB301,13800000001,服务态度,态度差,无\n");
    let out = d.run(&["import", p.to_str().unwrap(), "--user", "zb"]).fails_with("导入失败，未导入任何数据");
    assert!(out.stderr.contains("第1行，“电话号码”列：不认识的列名，可用的列名：省中心工单号"), "{}", out.stderr);
    assert!(out.stderr.contains("第1行，“备注”列：不认识的列名"), "{}", out.stderr);
    assert!(out.stderr.contains("缺少必需的列“联系电话”"), "{}", out.stderr);
    assert_eq!(d.list_json(&[])["total"], 0);

    let empty = d.write("empty.csv", format!("{CSV_HEADER}\n"));
    d.run(&["import", empty.to_str().unwrap(), "--user", "zb"]).fails_with("文件中没有数据行");
    let missing = d.path("nope.csv");
    d.run(&["import", missing.to_str().unwrap(), "--user", "zb"]).fails_with("无法读取文件");
}

// ---------------------------------------------------------------------------------------------
// 4. Deadlines
// ---------------------------------------------------------------------------------------------

#[test]
fn office_handling_deadline_counts_working_days_over_national_day() {
    let mut d = Desk::new();
    d.cmd(&["rules", "set", "office_handling", "一般", "1", "工作日", "--user", "admin"]).pw(ADMIN_PW).run().ok();
    let rules = d.run(&["rules", "show", "--json"]).ok().json();
    assert!(
        rules["rules"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["step"] == "office_handling" && r["grade"] == "ordinary" && r["amount"] == 1),
        "{rules}"
    );
    // Only the center administrator may change the rules.
    d.run(&["rules", "set", "office_handling", "一般", "2", "工作日", "--user", "zb"])
        .fails_with("此操作需要中心管理员角色");

    let n = d.new_complaint(&complaint(&json!({})));
    d.at("2026-09-30 10:00").act("zb", &n, &["dispatch", "--office", HANCHUAN]).ok();

    let due = "2026-10-09T00:00:00+08:00";
    for (now, status) in [
        ("2026-09-30 10:00", "正常"),
        ("2026-10-03 12:00", "正常"),
        ("2026-10-08 12:00", "临期"),
        ("2026-10-08 23:59", "临期"),
        ("2026-10-09 00:00", "临期"),
        ("2026-10-09 00:01", "超期"),
        ("2026-10-10 09:00", "超期"),
    ] {
        let c = d.at(now).show(&n);
        let dl = open_deadline(&c, "office_handling");
        assert_eq!(dl["due_at"], due, "at {now}");
        assert_eq!(dl["started_at"], "2026-09-30T10:00:00+08:00");
        assert_eq!(dl["status"], status, "at {now}: {dl}");
        assert_eq!(dl["outside_calendar"], false);
    }

    // --overdue picks it up only once its next deadline (整体办结, 4 natural days) has passed.
    assert_eq!(d.at("2026-10-04 12:00").list_json(&["--overdue"])["total"], 0);
    let list = d.at("2026-10-10 09:00").list_json(&["--overdue"]);
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["status"], "超期");
    let text = d.run(&["show", &n]).ok().stdout;
    assert!(text.contains("截止 2026-10-08 24:00") && text.contains("[超期]"), "{text}");
}

// ---------------------------------------------------------------------------------------------
// 5. Database errors
// ---------------------------------------------------------------------------------------------

#[test]
fn missing_database_names_the_path_and_init_and_is_not_created() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("nowhere").join("roaddesk.db");
    for args in [&["list"][..], &["show", "TS2026093000001"], &["act", "TS2026093000001", "accept", "--user", "jb"]] {
        let out = Cmd::new(&db, "2026-09-30 09:00", args).run().fails_with("数据库文件不存在");
        assert!(out.stderr.contains(db.to_str().unwrap()), "{}", out.stderr);
        assert!(out.stderr.contains("roaddesk init"), "{}", out.stderr);
        assert_eq!(out.stderr.lines().count(), 1, "one sentence: {}", out.stderr);
    }
    assert!(!db.exists() && !db.parent().unwrap().exists());
}

#[test]
fn a_file_of_random_bytes_is_reported_as_damaged() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("random.db");
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let bytes: Vec<u8> = (0..16_384)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x.to_le_bytes()[0]
        })
        .collect();
    std::fs::write(&db, &bytes).unwrap();
    for args in [&["list"][..], &["check"], &["act", "TS2026093000001", "accept", "--user", "jb"]] {
        let out = Cmd::new(&db, "2026-09-30 09:00", args).run().fails_with("损坏");
        assert!(out.stderr.contains(db.to_str().unwrap()), "{}", out.stderr);
    }
    assert_eq!(std::fs::read(&db).unwrap(), bytes, "the file is left as it was");
}

#[test]
fn another_programs_sqlite_database_is_not_taken_for_ours() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("other.db");
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(
            "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes(body) VALUES ('x');",
        )
        .unwrap();
    }
    let out = Cmd::new(&db, "2026-09-30 09:00", &["list"]).run().fails_with("不是 RoadDesk 数据库");
    assert!(out.stderr.contains(db.to_str().unwrap()), "{}", out.stderr);
    // And init does not move into it either.
    Cmd::new(&db, "2026-09-30 09:00", &["init"]).pw(ADMIN_PW).run().fails_with("不是 RoadDesk 数据库");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0)).unwrap();
    assert_eq!(tables, 1, "nothing was added to the other program's database");
}

#[test]
fn an_empty_file_is_not_silently_turned_into_a_database() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("empty.db");
    std::fs::write(&db, b"").unwrap();
    let out = Cmd::new(&db, "2026-09-30 09:00", &["list"]).run().fails_with("roaddesk init");
    assert!(out.stderr.contains(db.to_str().unwrap()), "{}", out.stderr);
    assert_eq!(std::fs::metadata(&db).unwrap().len(), 0, "the file is left empty");
    // init may use it.
    Cmd::new(&db, "2026-09-30 09:00", &["init"]).pw(ADMIN_PW).run().ok();
    Cmd::new(&db, "2026-09-30 09:00", &["list"]).run().ok();
}

#[test]
fn a_database_from_a_newer_roaddesk_asks_for_an_upgrade() {
    let d = Desk::new();
    {
        let conn = rusqlite::Connection::open(&d.db).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    d.run(&["list"]).fails_with("数据库由更新版本的 RoadDesk 创建（结构版本 99");
}

#[test]
fn a_locked_database_says_busy_within_seconds() {
    let mut d = Desk::new();
    let n = d.new_complaint(&complaint(&json!({})));
    d.at("2026-09-30 10:00");

    let holder = rusqlite::Connection::open(&d.db).unwrap();
    holder.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let started = Instant::now();
    let out = d.act("zb", &n, &["dispatch", "--office", HANCHUAN]).fails_with("数据库正被另一个程序占用，请稍后重试");
    let waited = started.elapsed();
    assert!(waited < Duration::from_secs(10), "took {waited:?}");
    assert!(out.stderr.contains(d.db.to_str().unwrap()), "{}", out.stderr);
    // Readers are not blocked by a writer.
    assert_eq!(d.list_json(&[])["total"], 1);
    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);

    assert_eq!(d.show(&n)["state"], "registered", "the refused action left nothing behind");
    d.act("zb", &n, &["dispatch", "--office", HANCHUAN]).ok();
    assert_eq!(d.show(&n)["state"], "dispatched");
}

// ---------------------------------------------------------------------------------------------
// 6. Passwords
// ---------------------------------------------------------------------------------------------

#[test]
fn wrong_or_missing_passwords_are_refused_clearly() {
    let d = Desk::new();
    let n = d.new_complaint(&complaint(&json!({})));
    let dispatch = ["dispatch", "--office", HANCHUAN];
    d.act_cmd("zb", &n, &dispatch).pw("not-the-password").run().fails_with("用户名或密码错误");
    // An unknown login reads exactly the same.
    let unknown = d.act("nobody", &n, &dispatch).fails_with("用户名或密码错误");
    assert_eq!(unknown.stderr.trim(), "错误：用户名或密码错误");

    let started = Instant::now();
    let out = d.act_cmd("zb", &n, &dispatch).no_pw().run().fails_with("ROADDESK_PASSWORD");
    assert!(started.elapsed() < Duration::from_secs(10), "must not wait for a password");
    assert!(out.stderr.contains("需要密码"), "{}", out.stderr);
    d.cmd(&["new", "--user", "zb"])
        .no_pw()
        .input(&complaint(&json!({})).to_string())
        .run()
        .fails_with("ROADDESK_PASSWORD");
    assert_eq!(d.show(&n)["history"].as_array().unwrap().len(), 1);
    assert_eq!(d.list_json(&[])["total"], 1);

    // A new user's password, too, and a short one is refused.
    let add = ["org", "add-user", "zb2", "--name", "钱多", "--unit", CENTER, "--role", "值班员", "--user", "admin"];
    d.cmd(&add).pw(ADMIN_PW).run().fails_with("ROADDESK_NEW_PASSWORD");
    d.cmd(&add).pw(ADMIN_PW).new_pw("123").run().fails_with("密码至少需要6个字符");
    d.cmd(&add).pw(ADMIN_PW).new_pw("secret1").run().ok();
    d.act_cmd("zb2", &n, &dispatch).pw("secret1").run().ok();
}

#[test]
fn init_without_a_password_can_be_retried() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("new.db");
    Cmd::new(&db, "2026-09-30 09:00", &["init"]).no_pw().run().fails_with("ROADDESK_PASSWORD");
    let out = Cmd::new(&db, "2026-09-30 09:00", &["init"]).pw(ADMIN_PW).run().ok();
    assert!(out.stdout.contains("已创建数据库"), "{}", out.stdout);
    Cmd::new(&db, "2026-09-30 09:00", &["init"]).pw(ADMIN_PW).run().fails_with("数据库已经初始化过");
}

// ---------------------------------------------------------------------------------------------
// 7. Registering with `new`
// ---------------------------------------------------------------------------------------------

#[test]
fn new_with_bad_fields_lists_every_error_and_saves_nothing() {
    let d = Desk::new();
    let bad = complaint(&json!({"phone": "12345", "plate": "XYZ", "category": "乱七八糟"}));
    let out = d.cmd(&["new", "--user", "zb"]).input(&bad.to_string()).run().fails_with("输入有误");
    for field in ["联系电话：", "车牌号码：", "投诉类别：“乱七八糟”不是有效的选项"] {
        assert!(out.stderr.contains(field), "missing {field} in\n{}", out.stderr);
    }
    assert_eq!(d.list_json(&[])["total"], 0);

    // Not JSON, or an unknown key: one clear refusal, nothing saved.
    d.cmd(&["new", "--user", "zb"]).input("{not json").run().fails_with("JSON 格式有误");
    let typo = complaint(&json!({"phnoe": "13812345678"}));
    d.cmd(&["new", "--user", "zb"]).input(&typo.to_string()).run().fails_with("不认识的字段“phnoe”");
    let number = complaint(&json!({"phone": 13_812_345_678_u64}));
    d.cmd(&["new", "--user", "zb"]).input(&number.to_string()).run().fails_with("字段的值须为文字");
    assert_eq!(d.list_json(&[])["total"], 0);

    // From a file works the same as stdin.
    let p = d.write("c.json", complaint(&json!({})).to_string());
    let out = d.run(&["new", p.to_str().unwrap(), "--user", "zb"]).ok();
    assert!(out.stdout.starts_with("已登记 投诉 TS2026093000001（服务态度），状态：登记"), "{}", out.stdout);
    // Only the desk registers complaints.
    let p2 = d.write("c2.json", complaint(&json!({"phone": "13900000000", "plate": null})).to_string());
    d.run(&["new", p2.to_str().unwrap(), "--user", "jb"]).fails_with("「登记」只能由值班员、值班领导办理");
    assert_eq!(d.list_json(&[])["total"], 1);
}

#[test]
fn a_help_call_prints_the_safety_reminder() {
    let d = Desk::new();
    let help = json!({
        "kind": "求助", "category": "爆胎", "phone": "13900001111", "caller": "孙先生",
        "place": "汉川收费站以东2公里", "content": "右前轮爆胎，停在应急车道"
    });
    let out = d.cmd(&["new", "--user", "zb"]).input(&help.to_string()).run().ok();
    assert!(out.stdout.contains("已登记来电 LD2026093000001（爆胎）"), "{}", out.stdout);
    assert!(out.stdout.contains("安全提示") && out.stdout.contains("护栏外"), "{}", out.stdout);

    // Calls are registered at the duty desk only.
    d.cmd(&["new", "--user", "jb"]).input(&help.to_string()).run().fails_with("「登记」只能由值班员、值班领导办理");

    let ask = json!({"kind": "咨询", "category": "收费政策", "phone": "13900002222", "content": "节假日是否免费"});
    let out = d.cmd(&["new", "--user", "zb"]).input(&ask.to_string()).run().ok();
    assert!(out.stdout.contains("已登记来电 LD2026093000002（收费政策）"), "{}", out.stdout);
    assert!(!out.stdout.contains("安全提示"), "{}", out.stdout);

    // A help request without a place cannot send rescue anywhere.
    let nowhere = json!({"kind": "求助", "category": "缺油", "phone": "13900003333", "content": "没油了"});
    d.cmd(&["new", "--user", "zb"]).input(&nowhere.to_string()).run().fails_with("求助须填写地点或桩号");

    let calls = d.run(&["calls", "--json"]).ok().json();
    assert_eq!(calls.as_array().unwrap().len(), 2);
    // Calls are not complaints.
    assert_eq!(d.list_json(&[])["total"], 0);
}

#[test]
fn a_second_complaint_about_the_same_plate_within_seven_days_hints_at_linking() {
    let mut d = Desk::new();
    let first = d.new_complaint(&complaint(&json!({})));
    let again = complaint(&json!({"phone": "13700000000", "accepted_at": "2026-10-03 09:00", "passage_at": null}));
    let out = d.at("2026-10-03 09:00").cmd(&["new", "--user", "zb"]).input(&again.to_string()).run().ok();
    let second = numbers(&out.stdout)[0].clone();
    assert!(out.stderr.contains(&format!("提示：同一车牌或电话在7天内已有工单 {first}")), "{}", out.stderr);
    assert!(
        out.stderr.contains(&format!("roaddesk act {second} link-duplicate --to {first} --user zb")),
        "{}",
        out.stderr
    );

    // The hint's command works.
    d.act("zb", &second, &["link-duplicate", "--to", &first]).ok();
    assert_eq!(d.show(&second)["state"], "duplicate");
    assert_eq!(d.show(&first)["duplicates"], json!([second]));

    // Eight days on, no hint.
    let later = complaint(&json!({"phone": "13600000000", "accepted_at": "2026-10-11 09:00", "passage_at": null}));
    let out = d.at("2026-10-11 09:00").cmd(&["new", "--user", "zb"]).input(&later.to_string()).run().ok();
    assert!(!out.stderr.contains("提示"), "{}", out.stderr);
}

// ---------------------------------------------------------------------------------------------
// 8. Listing
// ---------------------------------------------------------------------------------------------

#[test]
fn list_searches_two_character_words_and_counts_the_total() {
    let d = Desk::new();
    let attitude = d.new_complaint(&complaint(&json!({})));
    let fee = d.new_complaint(&complaint(
        &json!({"phone": "13911112222", "plate": "鄂C55555", "category": "收费争议", "content": "多收了二十元通行费"}),
    ));
    d.new_complaint(&complaint(
        &json!({"phone": "13911113333", "plate": "鄂D66666", "category": "设施", "content": "服务区厕所没有水"}),
    ));

    let found = d.list_json(&["--search", "态度"]);
    assert_eq!(found["total"], 1);
    assert_eq!(found["items"][0]["number"], attitude.as_str());
    let text = d.run(&["list", "--search", "态度"]).ok().stdout;
    assert!(text.contains(&attitude) && !text.contains(&fee) && text.contains("共 1 条"), "{text}");
    assert_eq!(d.list_json(&["--search", "通行费"])["items"][0]["number"], fee.as_str());
    assert_eq!(d.list_json(&["--search", "鄂C5"])["total"], 1);
    assert_eq!(d.list_json(&["--search", "没有这句话"])["total"], 0);

    let all = d.list_json(&["--limit", "2"]);
    assert_eq!(all["total"], 3);
    assert_eq!(all["items"].as_array().unwrap().len(), 2);
    assert_eq!(d.list_json(&["--category", "收费争议"])["total"], 1);
    assert_eq!(d.list_json(&["--state", "登记", "--office", HANCHUAN])["total"], 3);
    assert_eq!(d.list_json(&["--office", XIANTAO])["total"], 0);
    d.run(&["list", "--state", "不存在"]).fails_with("状态“不存在”无效，可选：登记/已转办");
    d.run(&["list", "--office", "武汉管理所"]).fails_with("没有名为“武汉管理所”的管理所，可选：汉川管理所、仙桃管理所");
}

// ---------------------------------------------------------------------------------------------
// 9. Backup
// ---------------------------------------------------------------------------------------------

#[test]
fn backup_makes_a_database_roaddesk_can_open() {
    let mut d = Desk::new();
    let n = d.new_complaint(&complaint(&json!({})));
    d.at("2026-09-30 10:00").act("zb", &n, &["dispatch", "--office", HANCHUAN]).ok();

    let backup = d.path("backup.db");
    let out = d.run(&["backup", backup.to_str().unwrap()]).ok();
    assert!(out.stdout.contains("已备份到"), "{}", out.stdout);

    let b = Cmd::new(&backup, "2026-09-30 10:00", &["list", "--json"]).run().ok().json();
    assert_eq!(b["total"], 1);
    assert_eq!(b["items"][0]["number"], n.as_str());
    assert_eq!(b["items"][0]["state"], "dispatched");
    let c = Cmd::new(&backup, "2026-09-30 10:00", &["show", &n, "--json"]).run().ok().json();
    assert_eq!(history_actions(&c), ["register", "dispatch"]);
    assert_eq!(Cmd::new(&backup, "2026-09-30 10:00", &["check", "--json"]).run().ok().json()["problems"], json!([]));
    // The backup is a working database: users can log in and act on it.
    Cmd::new(&backup, "2026-09-30 10:30", &["act", &n, "accept", "--user", "jb"]).run().ok();

    d.run(&["backup", backup.to_str().unwrap()]).fails_with("备份文件已存在");
}

// ---------------------------------------------------------------------------------------------
// 10. Printed forms
// ---------------------------------------------------------------------------------------------

/// Each page's text of a PDF file, as a reader extracts it (whitespace removed).
fn pdf_pages(path: &Path) -> Vec<String> {
    let doc = lopdf::Document::load(path).expect("a valid PDF");
    doc.get_pages()
        .keys()
        .map(|p| doc.extract_text(&[*p]).expect("text").chars().filter(|c| !c.is_whitespace()).collect())
        .collect()
}

#[test]
fn export_writes_each_form_with_the_names_from_the_store() {
    let mut d = Desk::new();
    let n = d.new_complaint(&complaint(&json!({})));
    d.carry_to_review(&n);
    d.at("2026-09-30 15:00").act("ld", &n, &["approve", "--note", "同意"]).ok();

    let out = d.path("handling.pdf");
    let o = d.run(&["export", &n, "--form", "handling", "-o", out.to_str().unwrap()]).ok();
    assert!(o.stdout.contains("已导出客服投诉处理单"), "{}", o.stdout);
    let pages = pdf_pages(&out);
    assert_eq!(pages.len(), 1);
    for s in [CENTER, "客服投诉处理单", n.as_str(), "刘先生", "汉川管理所（汉川收费站）", "王芳", "赵刚", "第1页共1页"]
    {
        assert!(pages[0].contains(s), "“{s}” missing: {}", pages[0]);
    }
    let out = d.path("checklist.pdf");
    d.run(&["export", &n, "--form", "录像核查清单", "--output", out.to_str().unwrap()]).ok();
    assert!(pdf_pages(&out)[0].contains("收费员语气生硬"));
    // Without -o the file is named after the form and the number, in the current folder.
    let o = Cmd::new(&d.db, "2026-09-30 16:00", &["export", &n, "--form", "feedback"]).run_in(d.dir.path()).ok();
    let file = d.path(&format!("反馈单-{n}.pdf"));
    assert!(o.stdout.contains(&format!("反馈单-{n}.pdf")), "{}", o.stdout);
    let text = &pdf_pages(&file)[0];
    assert!(text.contains("投诉处理反馈单") && text.contains("李强") && text.contains("值班领导审核"), "{text}");

    d.run(&["export", &n, "--form", "receipt"]).fails_with("表单“receipt”无效，可选：handling（客服投诉处理单）");
    d.run(&["export", "TS2026093099999", "--form", "handling"]).fails_with("TS2026093099999");
}

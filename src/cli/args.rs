//! The command line, as clap sees it.
#![allow(clippy::doc_markdown, reason = "doc comments here are the Chinese --help text, where backticks would show")]

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// 路段客服台 RoadDesk：高速公路路段中心投诉处理。不带子命令时打开窗口。
#[derive(Debug, Parser)]
#[command(name = "roaddesk", version, about = "路段客服台 RoadDesk：高速公路路段中心投诉处理。不带子命令时打开窗口；子命令在命令行中办理同样的业务。", long_about = None)]
pub struct Cli {
    /// 数据库文件（默认在用户数据目录，也可用环境变量 ROADDESK_DB）
    #[arg(long, global = true, env = "ROADDESK_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// 服务器模式：PostgreSQL 连接串 postgres://用户@主机:端口/库名（密码用环境变量 PGPASSWORD 或在终端输入）
    #[arg(long, global = true, env = "ROADDESK_SERVER", value_name = "URL")]
    pub server: Option<String>,
    /// 以此时刻为“现在”（RFC 3339 或 2026-10-01 10:00，脚本与测试用）
    #[arg(long, global = true, env = "ROADDESK_NOW", value_name = "TIME", hide = true)]
    pub now: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 创建数据库：标准单位树和管理员账号
    Init(InitArgs),
    /// 创建带演示数据的数据库（各角色的演示账号见 README）
    Demo(DemoArgs),
    /// 导入省中心转办的投诉 CSV（UTF-8 或 GBK）；任一行有误则全部不导入
    Import {
        file: PathBuf,
        #[arg(long)]
        user: String,
    },
    /// 登记一条投诉或来电（JSON，文件或 - 表示标准输入）
    New {
        #[arg(default_value = "-")]
        file: String,
        #[arg(long)]
        user: String,
    },
    /// 列出投诉工单
    List(ListArgs),
    /// 显示一张工单：全部字段、时限和办理记录
    Show {
        number: String,
        #[arg(long)]
        json: bool,
    },
    /// 办理工单：转办、签收、提交、审核、回访……
    Act(ActArgs),
    /// 时限规则
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
    /// 节假日与调休
    Calendar {
        #[command(subcommand)]
        command: CalendarCommand,
    },
    /// 统计指标
    Stats(StatsArgs),
    /// 生成投诉处理月报：PDF 或 Excel（按 -o 文件的扩展名 .pdf/.xlsx）
    Report(ReportArgs),
    /// 导出结果上报：期间内办结的投诉，含省中心工单号、处理结果、回访与满意度（.xlsx 或 .csv）
    Results(ResultsArgs),
    /// 在线备份数据库到文件
    Backup { file: PathBuf },
    /// 检查数据库完整性
    Check {
        #[arg(long)]
        json: bool,
    },
    /// 为工单添加附件（录音、照片）
    Attach {
        number: String,
        file: PathBuf,
        #[arg(long)]
        user: String,
    },
    /// 基准测试：在临时数据库中生成 N 条演示投诉，测量各项操作的耗时（请用 release 构建）
    Bench(BenchArgs),
    /// 把本机数据库（--db）整体复制到一个空的 PostgreSQL 数据库，核对条数和办理记录校验和
    Migrate {
        /// 目标服务器：postgres://用户@主机:端口/库名（密码用环境变量 PGPASSWORD）
        #[arg(long, value_name = "URL")]
        to: String,
    },
    /// 多席位并发压力测试：若干客户端同时对同一服务器数据库做催办（需 --server）
    LoadTest {
        /// 并发客户端数
        #[arg(long, default_value_t = 20)]
        clients: usize,
        /// 每个客户端的操作次数
        #[arg(long, default_value_t = 500)]
        actions: usize,
        /// 客户端共用的工单条数（越少冲突越多；默认为客户端数的一半）
        #[arg(long)]
        shared: Option<usize>,
        /// 以 JSON 输出
        #[arg(long)]
        json: bool,
    },
    /// 基准测试的窗口测量（由 bench 启动的子进程）
    #[command(hide = true)]
    BenchWindow {
        #[arg(long, default_value = "zhiban1")]
        user: String,
        /// 在显示器上打开真实窗口测量（含显卡驱动）
        #[arg(long)]
        display: bool,
    },
    /// 导出打印表单（PDF，A4）：客服投诉处理单、录像核查清单、投诉处理反馈单
    Export {
        number: String,
        /// 表单：handling（客服投诉处理单）、checklist（录像核查清单）、feedback（投诉处理反馈单）
        #[arg(long, value_name = "FORM")]
        form: String,
        /// 输出文件（默认为当前目录下的“处理单-编号.pdf”等）
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// 单位、收费站和用户
    Org {
        #[command(subcommand)]
        command: OrgCommand,
    },
    /// 最近的来电登记（咨询、求助）
    Calls {
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// 路段中心名称
    #[arg(long, default_value = "路段信息监控分中心")]
    pub center: String,
    /// 省客服中心名称
    #[arg(long, default_value = "省高速公路客服中心")]
    pub provincial: String,
    /// 管理员登录名
    #[arg(long, default_value = "admin")]
    pub admin: String,
    /// 管理员姓名
    #[arg(long, default_value = "管理员")]
    pub admin_name: String,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// 投诉数量
    #[arg(long, default_value_t = 2000)]
    pub complaints: usize,
    /// 随机种子（同一种子生成相同数据）
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// 状态（可多次）：登记、已转办、核查中、待审核、待回访、不满意待定、已办结、已撤诉、已合并
    #[arg(long)]
    pub state: Vec<String>,
    #[arg(long)]
    pub category: Option<String>,
    #[arg(long)]
    pub source: Option<String>,
    /// 管理所名称
    #[arg(long)]
    pub office: Option<String>,
    /// 受理日期起（含）
    #[arg(long)]
    pub from: Option<String>,
    /// 受理日期止（含）
    #[arg(long)]
    pub to: Option<String>,
    /// 只看超期
    #[arg(long)]
    pub overdue: bool,
    /// 搜索文字（2个汉字即可），车牌或电话片段
    #[arg(long)]
    pub search: Option<String>,
    /// 排序：accepted（默认，新在前）、due（最紧急在前）、number
    #[arg(long, default_value = "accepted")]
    pub sort: String,
    /// 最多列出多少条（默认 100；导出 Excel 时默认全部）
    #[arg(long)]
    pub limit: Option<u32>,
    #[arg(long)]
    pub json: bool,
    /// 把筛选出的工单导出为 Excel 文件（.xlsx），不在终端列出
    #[arg(long, value_name = "FILE", conflicts_with = "json")]
    pub xlsx: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ActArgs {
    pub number: String,
    /// 办理人登录名（密码取自 ROADDESK_PASSWORD 或提示输入）
    #[arg(long, global = true)]
    pub user: Option<String>,
    #[command(subcommand)]
    pub action: ActCommand,
}

#[derive(Debug, Subcommand)]
pub enum ActCommand {
    /// 转办至管理所
    Dispatch {
        #[arg(long)]
        office: String,
        #[arg(long)]
        station: Option<String>,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// 改派至另一管理所
    Transfer {
        #[arg(long)]
        office: String,
        #[arg(long)]
        station: Option<String>,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// 签收（管理所）
    Accept {
        #[arg(long, default_value = "")]
        note: String,
    },
    /// 保存录像核查清单（JSON 文件，可含 result 办理结果草稿）
    Checklist {
        #[arg(long)]
        file: PathBuf,
    },
    /// 提交办理结果，须管理所负责人签字（密码取自 ROADDESK_HEAD_PASSWORD 或提示输入）
    Submit {
        #[arg(long)]
        head: String,
        /// 办理结果 JSON；省略时用核查清单里保存的草稿
        #[arg(long)]
        file: Option<PathBuf>,
    },
    /// 审核通过（值班领导）
    Approve {
        #[arg(long, default_value = "")]
        note: String,
    },
    /// 退回管理所重新核查（值班领导，须写原因）
    Return {
        #[arg(long)]
        reason: String,
    },
    /// 催办
    Urge {
        #[arg(long)]
        note: String,
    },
    /// 申请延期
    RequestExtension {
        #[arg(long)]
        until: String,
        #[arg(long)]
        reason: String,
    },
    /// 同意延期
    GrantExtension {
        #[arg(long, default_value = "")]
        note: String,
    },
    /// 不同意延期
    RefuseExtension {
        #[arg(long)]
        reason: String,
    },
    /// 暂停计时
    Pause {
        #[arg(long)]
        note: String,
    },
    /// 恢复计时
    Resume {
        #[arg(long, default_value = "")]
        note: String,
    },
    /// 记录一次回访
    Revisit {
        /// 未接通的原因：占线、无人接听、关机、空号
        #[arg(long, conflicts_with = "satisfaction")]
        unreached: Option<String>,
        /// 满意度：满意、基本满意、不满意（五级：非常满意……非常不满意）
        #[arg(long)]
        satisfaction: Option<String>,
        /// 司乘原话
        #[arg(long, default_value = "")]
        words: String,
        /// 原因（满意以下必填）
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// 重办（值班领导）
    Reopen {
        #[arg(long)]
        reason: String,
    },
    /// 办结
    Close {
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// 撤诉
    Withdraw {
        #[arg(long)]
        reason: String,
    },
    /// 作为重复来电合并到原工单
    LinkDuplicate {
        #[arg(long)]
        to: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// 显示时限规则
    Show {
        #[arg(long)]
        json: bool,
    },
    /// 设置一条时限：环节 等级 数量 单位，例如 office_handling 一般 1 工作日
    Set {
        step: String,
        grade: String,
        amount: u32,
        unit: String,
        #[arg(long)]
        user: String,
    },
    /// 设置“临期”比例（0.5–0.99），例如 0.8
    DueSoon {
        share: f64,
        #[arg(long)]
        user: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// 显示某年的节假日和调休
    Show {
        year: i32,
        #[arg(long)]
        json: bool,
    },
    /// 修改一天：放假、上班（调休）或 取消（恢复为普通周末/工作日）
    Set {
        /// 日期，如 2026-10-09
        date: String,
        /// 放假 / 上班 / 取消
        kind: String,
        /// 节日名称，如 国庆节
        #[arg(long, default_value = "")]
        name: String,
        #[arg(long)]
        user: String,
    },
    /// 导入一年的节假日（holiday-cn JSON 格式）
    Import {
        file: PathBuf,
        #[arg(long)]
        user: String,
    },
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    #[arg(long)]
    pub from: String,
    #[arg(long)]
    pub to: String,
    /// 分组：none、category、source、office、station、month
    #[arg(long, default_value = "none")]
    pub group_by: String,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// 月份，如 2026-10（月报）
    #[arg(long, conflicts_with_all = ["from", "to"], required_unless_present = "from")]
    pub month: Option<String>,
    /// 或任意期间：受理日期起（含）
    #[arg(long, requires = "to")]
    pub from: Option<String>,
    /// 受理日期止（含）
    #[arg(long, requires = "from")]
    pub to: Option<String>,
    /// 输出文件：.pdf 或 .xlsx（默认为当前目录下的“投诉处理月报-2026-10.pdf”）
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ResultsArgs {
    /// 办结日期起（含）
    #[arg(long)]
    pub from: String,
    /// 办结日期止（含）
    #[arg(long)]
    pub to: String,
    /// 输出文件：.xlsx 或 .csv（默认为当前目录下的“结果上报-起至止.xlsx”）
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum OrgCommand {
    /// 显示单位、收费站和用户
    Show,
    /// 新增管理所
    AddOffice {
        name: String,
        #[arg(long)]
        user: String,
    },
    /// 新增收费站
    AddStation {
        name: String,
        #[arg(long)]
        office: String,
        #[arg(long)]
        user: String,
    },
    /// 新增用户（新用户的密码取自 ROADDESK_NEW_PASSWORD 或提示输入）
    AddUser {
        login: String,
        #[arg(long)]
        name: String,
        /// 所在单位名称
        #[arg(long)]
        unit: String,
        /// 角色（可多次）：值班员、值班领导、管理所经办人、管理所负责人、中心管理员
        #[arg(long, required = true)]
        role: Vec<String>,
        #[arg(long)]
        user: String,
    },
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// 演示投诉条数
    #[arg(long, default_value_t = 100_000)]
    pub complaints: usize,
    /// 演示数据的随机种子
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
    /// 每项快速操作重复的次数（较重的操作次数更少）
    #[arg(long, default_value_t = 30)]
    pub runs: usize,
    /// 临时数据库放在此目录（默认系统临时目录）
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// 不测量窗口
    #[arg(long)]
    pub no_window: bool,
    /// 以 JSON 输出
    #[arg(long)]
    pub json: bool,
}

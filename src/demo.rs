//! Demo data (演示数据): a fictional but plausible organisation on the 汉宜高速 in Hubei, and a
//! year of complaints and calls for it.
//!
//! Pure: no I/O, no SQL, no clock (`now` is passed in). Deterministic for a given `(seed, now)`:
//! every random choice comes from `ChaCha8Rng` streams derived from the seed, with our own
//! integer sampling (no distribution code whose output could change with a `rand` release).
//!
//! Every complaint is driven through the real state machine: [`lifecycle::register`], then
//! [`lifecycle::apply`] with real [`Action`]s taken by users of the right role and unit, so every
//! history is one the app itself could have written. Repeat calls are linked with
//! [`Action::LinkDuplicate`] and the first complaint gets its [`lifecycle::link_target`] event at
//! the same moment, inside its own timeline.
//!
//! # Demo logins
//!
//! | 登录名 | 密码 | 姓名 | 单位 | 角色 |
//! |---|---|---|---|---|
//! | admin | admin123 | 周建华 | 汉宜高速信息监控分中心 | 中心管理员 |
//! | zhiban1 | demo123 | 刘晓琳 | 汉宜高速信息监控分中心 | 值班员 |
//! | zhiban2 | demo123 | 陈昇 | 汉宜高速信息监控分中心 | 值班员 |
//! | lingdao | demo123 | 张志堃 | 汉宜高速信息监控分中心 | 值班领导 |
//! | hc_jb | demo123 | 王珺 | 汉川管理所 | 管理所经办人 |
//! | hc_fz | demo123 | 李国强 | 汉川管理所 | 管理所负责人 |
//! | xt_jb | demo123 | 赵雨涵 | 仙桃管理所 | 管理所经办人 |
//! | xt_fz | demo123 | 黄建军 | 仙桃管理所 | 管理所负责人 |
//! | qj_jb | demo123 | 孙镕 | 潜江管理所 | 管理所经办人 |
//! | qj_fz | demo123 | 吴海波 | 潜江管理所 | 管理所负责人 |
//! | jz_jb | demo123 | 郑喆 | 荆州管理所 | 管理所经办人 |
//! | jz_fz | demo123 | 胡志明 | 荆州管理所 | 管理所负责人 |

use chrono::{Datelike, Duration, Timelike};
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};

use crate::domain::checklist::{
    Check, CheckOutcome, Checklist, Conclusion, OfficeResult, Responsibility, Retrieval, VideoRow, VideoSource,
};
use crate::domain::deadline::Step as DeadlineStep;
use crate::domain::lifecycle::{self, Action, ActionError, Context, HistoryEvent, RevisitPolicy, Transition};
use crate::domain::org::{Actor, Role, StationId, Unit, UnitId, UnitKind, User};
use crate::domain::time::{BizTime, start_of_day};
use crate::domain::validate::{Phone, Plate};
use crate::domain::work::{
    CallCategory, CallKind, CallRecord, Category, Complaint, ComplaintState, Grade, ItemKind, PlateColour,
    RevisitAttempt, Satisfaction, Source, UnreachedReason, VehicleClass,
};

use ComplaintState as S;

// ---------------------------------------------------------------------------
// The demo organisation
// ---------------------------------------------------------------------------

/// Password of the `admin` demo login.
pub const ADMIN_PASSWORD: &str = "admin123";
/// Password of every other demo login.
pub const DEMO_PASSWORD: &str = "demo123";

/// A unit of the demo organisation; `parent` is an index into [`DemoOrg::units`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoUnit {
    /// Stable short key, e.g. `office_hc`.
    pub key: &'static str,
    pub name: String,
    pub kind: UnitKind,
    pub parent: Option<usize>,
    pub phone: Option<String>,
}

/// A toll station of the demo organisation; `office` is an index into [`DemoOrg::units`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoStation {
    pub name: String,
    pub office: usize,
}

/// A demo login; `unit` is an index into [`DemoOrg::units`]. The password is in clear: the
/// caller hashes it when storing the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoUser {
    pub login: String,
    pub name: String,
    pub unit: usize,
    pub roles: Vec<Role>,
    pub password: String,
}

/// The demo organisation: units (parents before children), stations, users.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoOrg {
    pub units: Vec<DemoUnit>,
    pub stations: Vec<DemoStation>,
    pub users: Vec<DemoUser>,
}

type UnitRow = (&'static str, &'static str, UnitKind, Option<usize>, Option<&'static str>);

const ORG_UNITS: &[UnitRow] = &[
    ("provincial", "湖北省高速公路客服中心", UnitKind::Provincial, None, Some("027-87361200")),
    ("segment", "汉宜高速信息监控分中心", UnitKind::Segment, Some(0), Some("0728-3326100")),
    ("office_hc", "汉川管理所", UnitKind::Office, Some(1), Some("0712-8451200")),
    ("office_xt", "仙桃管理所", UnitKind::Office, Some(1), Some("0728-3251200")),
    ("office_qj", "潜江管理所", UnitKind::Office, Some(1), Some("0728-6251200")),
    ("office_jz", "荆州管理所", UnitKind::Office, Some(1), Some("0716-8451200")),
    ("road_admin", "汉宜高速路政支队", UnitKind::RoadAdmin, Some(1), Some("0728-3251122")),
    ("police", "高速交警汉宜大队", UnitKind::TrafficPolice, Some(1), Some("0728-3259110")),
    ("rescue", "汉宜高速清障救援中心", UnitKind::Rescue, Some(1), Some("0728-3259122")),
    ("service_area", "汉宜高速服务区管理公司", UnitKind::ServiceArea, Some(1), Some("0728-3256600")),
    ("etc", "湖北省ETC客户服务中心", UnitKind::EtcIssuer, Some(0), Some("027-87365500")),
];

const ORG_STATIONS: &[(&str, usize)] = &[
    ("汉川收费站", 2),
    ("马口收费站", 2),
    ("新河收费站", 2),
    ("仙桃收费站", 3),
    ("彭场收费站", 3),
    ("毛嘴收费站", 3),
    ("潜江收费站", 4),
    ("积玉口收费站", 4),
    ("荆州东收费站", 5),
    ("丫角收费站", 5),
    ("岑河收费站", 5),
];

const ORG_USERS: &[(&str, &str, usize, Role)] = &[
    ("admin", "周建华", 1, Role::Admin),
    ("zhiban1", "刘晓琳", 1, Role::Operator),
    ("zhiban2", "陈昇", 1, Role::Operator),
    ("lingdao", "张志堃", 1, Role::DutyLeader),
    ("hc_jb", "王珺", 2, Role::OfficeHandler),
    ("hc_fz", "李国强", 2, Role::OfficeHead),
    ("xt_jb", "赵雨涵", 3, Role::OfficeHandler),
    ("xt_fz", "黄建军", 3, Role::OfficeHead),
    ("qj_jb", "孙镕", 4, Role::OfficeHandler),
    ("qj_fz", "吴海波", 4, Role::OfficeHead),
    ("jz_jb", "郑喆", 5, Role::OfficeHandler),
    ("jz_fz", "胡志明", 5, Role::OfficeHead),
];

/// The demo organisation: 湖北省高速公路客服中心 → 汉宜高速信息监控分中心 → four management
/// offices with their toll stations, the related units (路政, 交警, 清障救援, 服务区, ETC) with
/// phone numbers, and one login per role (see the table in the module documentation).
#[must_use]
pub fn demo_org() -> DemoOrg {
    let units = ORG_UNITS
        .iter()
        .map(|&(key, name, kind, parent, phone)| DemoUnit {
            key,
            name: name.to_owned(),
            kind,
            parent,
            phone: phone.map(str::to_owned),
        })
        .collect();
    let stations = ORG_STATIONS.iter().map(|&(name, office)| DemoStation { name: name.to_owned(), office }).collect();
    let users = ORG_USERS
        .iter()
        .map(|&(login, name, unit, role)| DemoUser {
            login: login.to_owned(),
            name: name.to_owned(),
            unit,
            roles: vec![role],
            password: if role == Role::Admin { ADMIN_PASSWORD } else { DEMO_PASSWORD }.to_owned(),
        })
        .collect();
    DemoOrg { units, stations, users }
}

// ---------------------------------------------------------------------------
// Randomness
// ---------------------------------------------------------------------------

/// A seeded generator with the few sampling helpers we need, in plain integer arithmetic.
struct Gen(ChaCha8Rng);

impl Gen {
    fn new(seed: u64, stream: u64) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(stream);
        Self(rng)
    }

    /// Uniform in `0..n`; 0 when `n` is 0.
    fn below(&mut self, n: u64) -> u64 {
        let wide = u128::from(self.0.next_u64()) * u128::from(n);
        u64::try_from(wide >> 64).unwrap_or(0)
    }

    /// Uniform in `lo..hi` (`lo` when the range is empty).
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        let span = u64::try_from(hi - lo).unwrap_or(0);
        lo + i64::try_from(self.below(span)).unwrap_or(0)
    }

    fn idx(&mut self, len: usize) -> usize {
        usize::try_from(self.below(len as u64)).unwrap_or(0)
    }

    /// True with probability `permille` / 1000.
    fn chance(&mut self, permille: u64) -> bool {
        self.below(1000) < permille
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.idx(xs.len())]
    }

    fn word(&mut self, xs: &[&'static str]) -> &'static str {
        xs[self.idx(xs.len())]
    }

    /// An index into `weights`, drawn in proportion to the weights.
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
        let mut r = self.below(total);
        for (i, &w) in weights.iter().enumerate() {
            let w = u64::from(w);
            if r < w {
                return i;
            }
            r -= w;
        }
        weights.len() - 1
    }

    fn digit(&mut self) -> char {
        char::from(b'0' + u8::try_from(self.below(10)).unwrap_or(0))
    }

    fn push_digits(&mut self, s: &mut String, n: usize) {
        for _ in 0..n {
            s.push(self.digit());
        }
    }
}

fn mins(m: i64) -> Duration {
    Duration::minutes(m)
}

// ---------------------------------------------------------------------------
// People, phones, plates
// ---------------------------------------------------------------------------

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林",
    "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "蒋",
    "蔡", "余", "杜", "叶", "程", "魏", "吕", "丁", "沈", "姚", "卢", "钟", "谭", "汪", "范", "金", "廖", "夏", "付",
    "方", "邹", "熊", "万", "江", "雷", "龚", "严", "黎", "向", "涂", "易", "喻", "欧阳", "上官", "司马", "诸葛",
];

const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "霞", "平",
    "刚", "华", "玉", "萍", "红", "鹏", "飞", "建", "国", "志", "文", "斌", "宇", "浩", "凯", "健", "俊", "帆", "旭",
    "宁", "龙", "林", "欣", "怡", "佳", "琪", "梓", "涵", "子", "轩", "雨", "晨", "思", "博", "嘉", "瑞", "昊", "天",
    "诺", "馨", "颖", "婷", "雪", "慧", "晶", "琳", "倩", "璐", "蕾", "丹", "瑶", "悦", "喆", "堃", "珺", "昇", "镕",
    "晟", "赟", "翀", "淼", "鑫", "垚", "玥", "璇", "彧", "祎", "旻", "海", "波", "春", "秋", "兰", "梅", "德", "荣",
];

fn person_name(g: &mut Gen) -> String {
    let mut s = String::with_capacity(12);
    s.push_str(g.word(SURNAMES));
    s.push_str(g.word(GIVEN));
    if g.chance(700) {
        s.push_str(g.word(GIVEN));
    }
    s
}

/// Drivers often give only their surname: 王先生, 李女士.
fn caller_name(g: &mut Gen) -> String {
    if g.chance(200) {
        format!("{}{}", g.word(SURNAMES), if g.chance(650) { "先生" } else { "女士" })
    } else {
        person_name(g)
    }
}

const MOBILE_PREFIXES: &[&str] = &[
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155", "156",
    "157", "158", "159", "166", "176", "177", "178", "180", "181", "182", "183", "185", "186", "187", "188", "189",
    "191", "198", "199",
];

fn phone(g: &mut Gen) -> Phone {
    let mut s = String::with_capacity(14);
    if g.chance(50) {
        let (area, len) = *g.pick(&[("027", 8), ("0716", 7), ("0728", 7), ("0712", 7)]);
        s.push_str(area);
        s.push('-');
        s.push(char::from(b'2' + u8::try_from(g.below(7)).unwrap_or(0)));
        g.push_digits(&mut s, len - 1);
    } else {
        s.push_str(g.word(MOBILE_PREFIXES));
        g.push_digits(&mut s, 8);
    }
    Phone::parse(&s).expect("demo phone numbers are well formed")
}

const PROVINCE_NAMES: &[&str] =
    &["鄂", "湘", "豫", "皖", "赣", "川", "渝", "粤", "浙", "苏", "陕", "鲁", "京", "沪", "冀", "闽", "桂", "贵", "云"];
const PROVINCE_WEIGHTS: &[u32] = &[560, 60, 60, 40, 40, 40, 35, 35, 30, 30, 20, 20, 15, 10, 10, 15, 10, 10, 10];
/// Hubei plate letters, weighted towards the cities along the road (武汉 A, 荆州 D, 孝感 K, 仙桃 M, 潜江 N).
const HUBEI_LETTERS: &[u8] = b"AAAAAADDDEEKKKMMMNNNRFHJL";
const OTHER_LETTERS: &[u8] = b"AAAABBCCDEFG";
/// Letters allowed in a plate's serial: never I or O.
const SERIAL_LETTERS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PlateStyle {
    Ordinary,
    NevSmall,
    NevLarge,
}

fn plate_text(g: &mut Gen, style: PlateStyle) -> String {
    let mut s = String::with_capacity(12);
    let province = PROVINCE_NAMES[g.weighted(PROVINCE_WEIGHTS)];
    s.push_str(province);
    let letters = if province == "鄂" { HUBEI_LETTERS } else { OTHER_LETTERS };
    s.push(char::from(*g.pick(letters)));
    let df = |g: &mut Gen| if g.chance(800) { 'D' } else { 'F' };
    match style {
        PlateStyle::Ordinary => {
            let mut used = 0;
            for _ in 0..5 {
                if used < 2 && g.chance(160) {
                    s.push(char::from(*g.pick(SERIAL_LETTERS)));
                    used += 1;
                } else {
                    s.push(g.digit());
                }
            }
        }
        PlateStyle::NevSmall => {
            s.push(df(g));
            g.push_digits(&mut s, 5);
        }
        PlateStyle::NevLarge => {
            g.push_digits(&mut s, 5);
            s.push(df(g));
        }
    }
    s
}

/// A vehicle: plate, colour, class.
struct Vehicle {
    plate: String,
    colour: PlateColour,
    class: VehicleClass,
}

const TRUCKS: &[VehicleClass] = &[
    VehicleClass::Truck1,
    VehicleClass::Truck2,
    VehicleClass::Truck3,
    VehicleClass::Truck4,
    VehicleClass::Truck5,
    VehicleClass::Truck6,
];

fn vehicle_of(g: &mut Gen, class: VehicleClass) -> Vehicle {
    let (style, colour) = match class {
        VehicleClass::Bus1 if g.chance(180) => (PlateStyle::NevSmall, PlateColour::GradientGreen),
        VehicleClass::Bus1 => (PlateStyle::Ordinary, PlateColour::Blue),
        VehicleClass::Truck1 if g.chance(500) => (PlateStyle::Ordinary, PlateColour::Blue),
        VehicleClass::Bus3 | VehicleClass::Bus4 if g.chance(120) => (PlateStyle::NevLarge, PlateColour::YellowGreen),
        _ => (PlateStyle::Ordinary, PlateColour::Yellow),
    };
    Vehicle { plate: plate_text(g, style), colour, class }
}

fn random_vehicle(g: &mut Gen) -> Vehicle {
    let class = match g.weighted(&[720, 40, 20, 20, 200]) {
        0 => VehicleClass::Bus1,
        1 => VehicleClass::Bus2,
        2 => VehicleClass::Bus3,
        3 => VehicleClass::Bus4,
        _ => *g.pick(TRUCKS),
    };
    vehicle_of(g, class)
}

/// Toll per km in cents, roughly the Hubei standard.
fn rate(class: VehicleClass) -> i64 {
    use VehicleClass as V;
    match class {
        V::Bus1 | V::Truck1 | V::Special1 => 45,
        V::Bus2 | V::Special2 => 70,
        V::Bus3 | V::Truck2 | V::Special3 => 90,
        V::Bus4 | V::Special4 => 110,
        V::Truck3 | V::Special5 => 130,
        V::Truck4 | V::Special6 => 160,
        V::Truck5 => 180,
        V::Truck6 => 200,
    }
}

/// `45.6`, `38`, `12.05` yuan from cents.
fn yuan(cents: i64) -> String {
    let (y, c) = (cents / 100, cents % 100);
    if c == 0 {
        format!("{y}")
    } else if c % 10 == 0 {
        format!("{y}.{}", c / 10)
    } else {
        format!("{y}.{c:02}")
    }
}

/// `3月5日14时20分许`.
fn when(t: BizTime) -> String {
    format!("{}月{}日{}时{:02}分许", t.month(), t.day(), t.hour(), t.minute())
}

/// `14:20`.
fn hm(t: BizTime) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

fn ymd(t: BizTime) -> String {
    format!("{:04}{:02}{:02}", t.year(), t.month(), t.day())
}

// ---------------------------------------------------------------------------
// The organisation as stored, seen by the generator
// ---------------------------------------------------------------------------

struct OfficeEnv {
    id: UnitId,
    /// The service area on this office's stretch.
    service_area: String,
    /// (id, name) of its stations.
    stations: Vec<(StationId, String)>,
    /// First kilometre of its stretch.
    km_from: i64,
    handler: Actor,
    head: Actor,
}

struct Env<'a> {
    ctx: &'a Context<'a>,
    now: BizTime,
    road: String,
    desk: Vec<Actor>,
    leaders: Vec<Actor>,
    offices: Vec<OfficeEnv>,
    /// Names for entry stations: ours and neighbouring roads'.
    entries: Vec<String>,
    attempts: u32,
    /// Minutes between revisit attempts that count.
    spacing: i64,
    five_level: bool,
}

const DIRECTIONS: &[&str] = &["武汉方向", "宜昌方向"];
const NEIGHBOUR_STATIONS: &[&str] =
    &["武汉西收费站", "蔡甸收费站", "宜昌东收费站", "枝江收费站", "沙市收费站", "天门收费站", "孝感南收费站"];

/// The road's name from the segment center's (`汉宜高速信息监控分中心` → `汉宜高速`).
fn road_name(units: &[Unit]) -> String {
    units
        .iter()
        .filter(|u| u.kind == UnitKind::Segment)
        .find_map(|u| u.name.find("高速").map(|i| u.name[..i + "高速".len()].to_owned()))
        .unwrap_or_else(|| "汉宜高速".to_owned())
}

impl<'a> Env<'a> {
    fn new(ctx: &'a Context<'a>, users: &[User], now: BizTime) -> Option<Self> {
        let active: Vec<&User> = users.iter().filter(|u| u.active).collect();
        let with = |role: Role| -> Vec<Actor> {
            active.iter().filter(|u| u.roles.contains(&role)).map(|u| Actor::from(*u)).collect()
        };
        let leaders = with(Role::DutyLeader);
        let mut desk = with(Role::Operator);
        if desk.is_empty() {
            desk.clone_from(&leaders);
        }
        if desk.is_empty() {
            return None;
        }
        let mut offices = Vec::new();
        for unit in ctx.units.iter().filter(|u| u.kind == UnitKind::Office) {
            let members: Vec<&&User> = active.iter().filter(|u| u.unit == unit.id).collect();
            let head = members.iter().find(|u| u.roles.contains(&Role::OfficeHead));
            let handler = members
                .iter()
                .find(|u| u.roles.contains(&Role::OfficeHandler) && !u.roles.contains(&Role::OfficeHead))
                .or_else(|| members.iter().find(|u| u.roles.contains(&Role::OfficeHandler)))
                .or(head);
            let stations: Vec<(StationId, String)> =
                ctx.stations.iter().filter(|s| s.office == unit.id).map(|s| (s.id, s.name.clone())).collect();
            let (Some(head), Some(handler)) = (head, handler) else { continue };
            if stations.is_empty() {
                continue;
            }
            let place = unit.name.strip_suffix("管理所").unwrap_or("");
            let k = i64::try_from(offices.len()).unwrap_or(0);
            offices.push(OfficeEnv {
                id: unit.id,
                service_area: if place.is_empty() {
                    format!("{}服务区", unit.name)
                } else {
                    format!("{place}服务区")
                },
                stations,
                km_from: 20 + 48 * k,
                handler: Actor::from(**handler),
                head: Actor::from(**head),
            });
        }
        if leaders.is_empty() {
            offices.clear();
        }
        let mut entries: Vec<String> = ctx.stations.iter().map(|s| s.name.clone()).collect();
        entries.extend(NEIGHBOUR_STATIONS.iter().map(|s| (*s).to_owned()));
        Some(Self {
            ctx,
            now,
            road: road_name(ctx.units),
            desk,
            leaders,
            offices,
            entries,
            attempts: ctx.policy.min_attempts.max(1),
            spacing: i64::from(ctx.policy.min_interval_mins).max(30) + 10,
            five_level: ctx.policy.five_level,
        })
    }

    fn can_work(&self) -> bool {
        !self.offices.is_empty()
    }
}

// ---------------------------------------------------------------------------
// Slots: when each item is registered, its number, and the links between repeat calls
// ---------------------------------------------------------------------------

struct Slot {
    reg: BizTime,
    seq: u32,
    number: String,
    kind: ItemKind,
    /// This slot is a repeat call about the complaint in that slot.
    dup_of: Option<usize>,
    /// When the repeat call is linked (both sides' event time).
    link_at: Option<BizTime>,
    /// Repeat calls linked to this complaint (slot indices).
    links: Vec<usize>,
    /// Stop the complaint's life in this state (so small batches show every open state).
    forced: Option<ComplaintState>,
}

/// Calls per hour of the day (the hotline is busiest in office hours).
const HOUR_WEIGHTS: &[u32] = &[2, 1, 1, 1, 1, 2, 4, 6, 9, 11, 11, 10, 8, 8, 10, 11, 11, 10, 8, 7, 6, 5, 4, 3];

/// `n` instants in the year before `now` (at least two minutes before it), ascending.
fn year_times(g: &mut Gen, n: usize, now: BizTime) -> Vec<BizTime> {
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
fn numbered(times: &[BizTime], prefix: &str) -> Vec<(u32, String)> {
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

fn plan_slots(env: &Env<'_>, n: usize, seed: u64) -> Vec<Slot> {
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

// ---------------------------------------------------------------------------
// Stories: what happened, and how it reads in the complaint, the checklist and the result
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Site {
    Station,
    Road,
    ServiceArea,
}

/// How many complaint templates each category has.
fn variants(category: Category) -> usize {
    match category {
        Category::TollDispute | Category::Facilities => 5,
        _ => 4,
    }
}

fn complaint_site(category: Category, variant: usize) -> Site {
    use Category as C;
    match (category, variant) {
        (C::Facilities, 1 | 3) | (C::Signage, 3) => Site::ServiceArea,
        (C::Facilities, 2) | (C::Rescue, _) | (C::Signage, 0 | 2) | (C::Other, 1) => Site::Road,
        _ => Site::Station,
    }
}

/// Everything the texts of one item refer to.
struct Story {
    kind: ItemKind,
    category: Category,
    variant: usize,
    site: Site,
    office: Option<usize>,
    station: Option<usize>,
    station_name: String,
    entry: String,
    service_area: String,
    /// `汉宜高速宜昌方向K86+300`.
    place: String,
    kstake: String,
    lane: i64,
    etc_lane: bool,
    vehicle: Vehicle,
    /// The class the toll was charged for (differs in class disputes).
    charged_class: VehicleClass,
    charged: i64,
    due: i64,
    staff: String,
    staff_no: i64,
    passage: BizTime,
    accepted: BizTime,
}

impl Story {
    fn lane_text(&self) -> String {
        if self.etc_lane { "ETC专用车道".to_owned() } else { format!("{}号人工车道", self.lane) }
    }

    fn overwritten(&self) -> bool {
        self.accepted - self.passage > Duration::days(30)
    }
}

fn complaint_text(s: &Story) -> (String, &'static str) {
    use Category as C;
    let w = when(s.passage);
    let st = &s.station_name;
    let en = &s.entry;
    let amt = yuan(s.charged);
    let due = yuan(s.due);
    let lane = s.lane_text();
    let place = &s.place;
    let sa = &s.service_area;
    let car = &s.vehicle.plate;
    let cc = s.charged_class;
    match (s.category, s.variant) {
        (C::TollDispute, 0) => (
            format!("{w}驾驶{car}从{en}驶入、{st}驶出，ETC扣费{amt}元，平时走同样路线只扣{due}元，怀疑多扣费。"),
            "核实扣费情况，退还多扣费用",
        ),
        (C::TollDispute, 1) => (
            format!("{w}在{st}{lane}出口缴费，收费员收取{amt}元且未主动提供票据，司机认为金额不对，正常应为{due}元。"),
            "核实收费金额并说明计费依据",
        ),
        (C::TollDispute, 2) => (
            format!(
                "{w}通过{st}时ETC未能识别，改走人工车道又缴了{due}元，事后发现ETC也扣了一笔{due}元，属于重复扣费。"
            ),
            "退还重复扣除的费用",
        ),
        (C::TollDispute, 3) => (
            format!("{w}从{en}上高速，在{st}下道时被告知无入口信息，按最远路径收取{amt}元，实际路径只需{due}元。"),
            "按实际行驶路径收费并退还差额",
        ),
        (C::TollDispute, _) => (
            format!("收到ETC账单，显示{w}在{st}出口有一笔{amt}元的扣费，车辆{car}当天并未通行该路段。"),
            "查明扣费原因，退还错误扣费",
        ),
        (C::VehicleClassDispute, 0) => (
            format!("{w}驾驶{car}（7座小型客车）在{st}出口被按{cc}收费{amt}元，司机认为应按一类客车收费{due}元。"),
            "按一类客车重新计费并退还差额",
        ),
        (C::VehicleClassDispute, 1) => (
            format!(
                "货车{car}实际为2轴，{w}在{st}出口被判定为{cc}，收费{amt}元，比平时多收{}元。",
                yuan(s.charged - s.due)
            ),
            "核实轴数，退还多收费用",
        ),
        (C::VehicleClassDispute, 2) => (
            format!("{w}在{st}，收费员认为{car}加装了货箱，按{cc}收费，司机称行驶证登记为小型普通客车。"),
            "按行驶证登记车型收费",
        ),
        (C::VehicleClassDispute, _) => {
            (format!("{car}的ETC车载标签车型信息有误，{w}在{st}按{cc}扣费{amt}元。"), "更正车型信息并退还差额")
        }
        (C::StaffAttitude, 0) => (
            format!("{w}在{st}{lane}缴费时，收费员态度生硬，找零时把零钱扔在台面上，司机询问时收费员不予理睬。"),
            "要求收费员道歉并加强管理",
        ),
        (C::StaffAttitude, 1) => (
            format!("{w}在{st}因ETC卡读取失败询问收费员，收费员回答“不知道，自己去问发卡方”，语气很不耐烦。"),
            "对收费员进行批评教育",
        ),
        (C::StaffAttitude, 2) => {
            (format!("{w}在{st}出口，司机咨询绿色通道政策，收费员边看手机边回答，服务态度差。"), "规范收费员服务行为")
        }
        (C::StaffAttitude, _) => {
            (format!("{w}在{st}收费广场，保安员指挥车辆时大声呵斥司机，言语不文明。"), "对相关人员进行处理并答复")
        }
        (C::TollStandard, 0) => {
            (format!("认为{en}至{st}路段收费标准过高，{car}通行一次需{amt}元，比周边高速贵。"), "说明收费标准依据")
        }
        (C::TollStandard, 1) => (
            format!("节假日期间（{w}）驾驶7座小型客车通行，认为应享受免费政策，但在{st}被收费{amt}元。"),
            "解释免费政策执行时段，退还费用",
        ),
        (C::TollStandard, 2) => (
            format!("运输鲜活农产品的货车{car}于{w}在{st}未享受绿色通道免费政策，被收取{amt}元。"),
            "按绿色通道政策免收通行费",
        ),
        (C::TollStandard, _) => (
            format!("货车ETC用户，{w}在{st}扣费{amt}元，与宣传的货车ETC九五折优惠不符，应为{due}元。"),
            "核实优惠执行情况",
        ),
        (C::Facilities, 0) => {
            (format!("{w}在{st}ETC车道栏杆未抬起，车辆被迫停车，后方车辆排起长队。"), "尽快检修ETC车道设备")
        }
        (C::Facilities, 1) => (format!("{w}在{sa}，卫生间无水、地面湿滑，长时间无人打扫。"), "加强服务区卫生管理"),
        (C::Facilities, 2) => (format!("{place}附近路面有坑槽，{w}经过时车辆颠簸严重，担心造成爆胎。"), "尽快修补路面"),
        (C::Facilities, 3) => {
            (format!("{w}在{sa}加油站排队近40分钟，只开放了两台加油机。"), "增开加油机，缩短排队时间")
        }
        (C::Facilities, _) => {
            (format!("{w}在{st}出口，自助缴费机无法扫码支付，现场无人指导。"), "尽快维修自助缴费设备")
        }
        (C::Rescue, 0) => (
            format!("{w}车辆在{place}爆胎，清障车拖至{st}附近，收取拖车费{amt}元，司机认为收费过高。"),
            "核实拖车收费标准，退还多收费用",
        ),
        (C::Rescue, 1) => (format!("{w}车辆在{place}故障报警后，清障车约1小时后才到达现场。"), "说明救援车辆迟到原因"),
        (C::Rescue, 2) => {
            (format!("{w}在{place}拖车时，清障人员未出示收费标准，要求现金支付{amt}元。"), "规范清障救援收费")
        }
        (C::Rescue, _) => (format!("{w}车辆在{place}抛锚，救援人员态度差，拖车时刮伤车辆前保险杠。"), "赔偿车辆损失"),
        (C::Signage, 0) => (
            format!("{place}附近的出口预告标志被树枝遮挡，{w}行驶时错过出口，多绕行约30公里。"),
            "清理遮挡物，退还绕行多收的费用",
        ),
        (C::Signage, 1) => (format!("{st}出口预告标志设置距离太近，{w}来不及变道，错过出口。"), "调整出口预告标志位置"),
        (C::Signage, 2) => {
            (format!("{place}施工区域警示标志设置不足，{w}夜间经过时险些撞上锥桶。"), "完善施工区域警示标志")
        }
        (C::Signage, _) => (format!("{sa}入口预告标志不清楚，{w}驶过后才发现服务区。"), "增设服务区预告标志"),
        (C::Other, 0) => (format!("{w}在{st}出口缴费时遗失钱包，联系收费站后一直无人回复。"), "协助查找遗失物品"),
        (C::Other, 1) => (format!("{w}在{place}看到有人在应急车道停车售卖水果，存在安全隐患。"), "加强路段巡查"),
        (C::Other, 2) => (format!("{w}在{st}收费广场被人拦车推销ETC办理，不胜其扰。"), "规范收费广场秩序"),
        (C::Other, _) => {
            (format!("{w}通行{st}时索要通行费发票，工作人员告知需在网上开具，司机不清楚如何操作。"), "提供发票开具指引")
        }
    }
}

/// Suggestions and praise: (category, site) per template.
const SUGGESTIONS: &[(Category, Site)] = &[
    (Category::Facilities, Site::Station),
    (Category::Facilities, Site::ServiceArea),
    (Category::Signage, Site::Road),
    (Category::Other, Site::Station),
];
const PRAISES: &[(Category, Site)] = &[
    (Category::StaffAttitude, Site::Station),
    (Category::Other, Site::ServiceArea),
    (Category::StaffAttitude, Site::Station),
    (Category::Rescue, Site::Road),
];

fn recorded_text(s: &Story) -> (String, &'static str) {
    let w = when(s.passage);
    let st = &s.station_name;
    let sa = &s.service_area;
    let place = &s.place;
    match (s.kind, s.variant) {
        (ItemKind::Suggestion, 0) => (format!("建议{st}在节假日高峰时段增开人工收费车道，减少排队。"), ""),
        (ItemKind::Suggestion, 1) => (format!("建议在{sa}增设新能源汽车充电桩，目前充电排队时间长。"), ""),
        (ItemKind::Suggestion, 2) => (format!("建议在{place}前后增设区间测速提示牌。"), ""),
        (ItemKind::Suggestion, _) => (format!("建议在{st}附近增设ETC办理及售后服务点。"), ""),
        (_, 0) => {
            (format!("{w}在{st}出口车辆熄火，收费员{}主动帮忙推车并联系救援，特来电表扬。", s.staff), "希望转达感谢")
        }
        (_, 1) => (format!("{w}在{sa}遗失手机，服务区工作人员拾到后主动联系归还，表示感谢。"), "希望转达感谢"),
        (_, 2) => (format!("表扬{st}收费员{}服务热情，耐心解释ETC扣费问题。", s.staff), "希望给予表扬"),
        (_, _) => (format!("{w}车辆在{place}故障，清障救援人员到达迅速、处置专业，特此表扬。"), "希望转达感谢"),
    }
}

/// Sentences that make a complaint 重大 (`intake::suggests_major` recognises each).
const MAJOR_SUFFIXES: &[&str] = &[
    "投诉人情绪激动，表示如不尽快处理将向媒体曝光。",
    "投诉人称已准备投诉到交通部。",
    "投诉人称与工作人员发生冲突时遭到殴打，要求严肃处理。",
    "事发时后方车辆追尾发生事故，投诉人要求追究责任。",
];

fn primary_observation(s: &Story, founded: bool) -> String {
    use Category as C;
    let t = hm(s.passage);
    let plate = &s.vehicle.plate;
    let lane = s.lane_text();
    match (s.category, s.variant, founded) {
        (C::TollDispute, 2, true) => {
            format!("{t}前后车辆{plate}在{lane}ETC交易成功后栏杆未抬起，车道人员又按人工方式收费，形成重复收费")
        }
        (C::TollDispute, 3, true) => format!("{t}前后车辆{plate}驶入{lane}，车道未读取到入口信息，按最远路径计费"),
        (C::TollDispute, 4, true) => format!("{t}前后{lane}抓拍车牌与{plate}不符，系他车交易误关联该车ETC账户"),
        (C::TollDispute, _, true) => format!("{t}前后车辆{plate}驶入{lane}，计费路径与实际行驶路径不一致，存在多收"),
        (C::TollDispute, 4, false) => format!("{t}前后{lane}抓拍车牌为{plate}，该车当日确有通行记录"),
        (C::TollDispute, _, false) => {
            format!("{t}前后车辆{plate}驶入{lane}，正常完成一次交易，栏杆正常抬起，未见异常")
        }
        (C::VehicleClassDispute, _, true) => {
            format!("车辆{plate}外廓及座位数与{}特征相符，车道判为{}有误", s.vehicle.class, s.charged_class)
        }
        (C::VehicleClassDispute, _, false) => {
            format!("画面可辨车辆{plate}的轴数、轮数及外廓，属{}，判型无误", s.charged_class)
        }
        (C::StaffAttitude, 2, true) => format!("{t}前后收费员在岗期间查看手机，回答司机咨询时未正视司机"),
        (C::StaffAttitude, 3, true) => format!("{t}前后保安员指挥车辆时语气生硬、言语不文明"),
        (C::StaffAttitude, _, true) => {
            format!("{t}前后收费员找零时把零钱放在台面上，未双手递交，未使用“您好”“请慢走”等文明用语，语气生硬")
        }
        (C::StaffAttitude, 3, false) => format!("{t}前后保安员按规定指挥车辆，未见不文明言行"),
        (C::StaffAttitude, _, false) => {
            format!("{t}前后收费员唱收唱付、使用文明用语，未见不当言行，司机情绪较为激动")
        }
        (C::TollStandard, _, true) => {
            format!("车辆{plate}于{t}驶离出口，在政策规定的免费或优惠范围内，车道按全额收费有误")
        }
        (C::TollStandard, 0, false) => format!("车辆{plate}于{t}驶离出口，按核定的收费标准和计费里程收费"),
        (C::TollStandard, _, false) => format!("车辆{plate}于{t}驶离出口，不符合免费或优惠条件，按标准收费"),
        (C::Facilities, 1, true) => format!("{t}前后保洁人员未按要求巡查，卫生间地面有积水"),
        (C::Facilities, 2, true) => format!("{}处路面存在坑槽约0.5平方米，车辆经过时明显颠簸", s.kstake),
        (C::Facilities, 3, true) => format!("{t}前后加油站仅开放两台加油机，排队车辆较多"),
        (C::Facilities, 4, true) => format!("{t}前后自助缴费机扫码模块故障，现场未安排人员引导"),
        (C::Facilities, _, true) => format!("{t}前后{lane}设备读卡异常，栏杆抬起延迟约40秒"),
        (C::Facilities, 2, false) => format!("{}处路面平整，未见明显坑槽", s.kstake),
        (C::Facilities, 3, false) => format!("{t}前后加油机全部开放，车辆排队约10分钟"),
        (C::Facilities, _, false) => format!("{t}前后设备及设施运行正常，当日无故障报修记录"),
        (C::Rescue, 1, true) => format!("清障车于报警后约55分钟到达{}，超过规定的到达时间", s.kstake),
        (C::Rescue, 3, true) => format!("{}处拖车作业时操作不规范，挂钩位置不当", s.kstake),
        (C::Rescue, _, true) => format!("{}处清障人员作业前未出示收费标准，收费高于核定标准", s.kstake),
        (C::Rescue, _, false) => {
            format!("清障车于报警后约25分钟到达{}，现场作业规范，已出示收费标准", s.kstake)
        }
        (C::Signage, 1, true) => "出口预告标志距出口约500米，低于规范要求的设置距离".to_owned(),
        (C::Signage, 2, true) => "施工区域上游警示标志数量不足，夜间反光效果差".to_owned(),
        (C::Signage, 3, true) => "服务区预告标志版面褪色，远距离难以辨认".to_owned(),
        (C::Signage, _, true) => "标志牌前方树木枝叶遮挡约三分之一版面，夜间视认性差".to_owned(),
        (C::Signage, _, false) => "标志版面清晰完整，设置位置和视认距离符合规范".to_owned(),
        (C::Other, 1, true) => format!("{t}前后{}附近有车辆停在应急车道售卖物品", s.kstake),
        (C::Other, 2, true) => format!("{t}前后收费广场有人员拦车推销ETC办理"),
        (C::Other, _, true) => format!("{t}前后现场工作人员未及时回应司机诉求"),
        (C::Other, _, false) => format!("{t}前后现场工作人员已按规定处理，未见不当行为"),
    }
}

fn secondary_observation(s: &Story, source: VideoSource) -> String {
    match source {
        VideoSource::BoothCamera => "收费亭内画面清晰，与车道录像时间一致".to_owned(),
        VideoSource::PlazaCamera => "收费广场秩序正常，车辆排队情况与司机描述基本一致".to_owned(),
        VideoSource::EtcGantry => format!("门架抓拍车牌{}，通行时间与流水记录一致", s.vehicle.plate),
        VideoSource::ServiceAreaCamera => format!("{}出入口画面显示车流正常", s.service_area),
        VideoSource::LaneCamera | VideoSource::Other => format!("{}附近画面清晰，可见事发经过", s.kstake),
    }
}

fn video_sources(s: &Story) -> Vec<(VideoSource, String)> {
    match s.site {
        Site::Station => {
            let mut v = vec![(VideoSource::LaneCamera, s.lane_text())];
            if s.etc_lane {
                v.push((VideoSource::EtcGantry, format!("{}出口ETC门架", s.station_name)));
            } else {
                v.push((VideoSource::BoothCamera, format!("{}号收费亭", s.lane)));
            }
            v.push((VideoSource::PlazaCamera, "收费广场".to_owned()));
            v
        }
        Site::Road => vec![
            (VideoSource::Other, format!("{}路段监控", s.kstake)),
            (VideoSource::EtcGantry, format!("{}附近ETC门架", s.kstake)),
        ],
        Site::ServiceArea => vec![
            (VideoSource::ServiceAreaCamera, format!("{}场区监控", s.service_area)),
            (VideoSource::Other, format!("{}出入口监控", s.service_area)),
        ],
    }
}

fn full_checklist(g: &mut Gen, s: &Story, conclusion: Conclusion) -> Checklist {
    use Category as C;
    let founded = conclusion.is_founded();
    let window = if s.category == C::Rescue { 90 } else { 10 };
    let from = s.passage - mins(g.range(5, 15));
    let to = s.passage + mins(g.range(window, window + 15));
    let sources = video_sources(s);
    let rows = sources.len().min(2 + g.idx(2));
    let videos = sources
        .into_iter()
        .take(rows)
        .enumerate()
        .map(|(i, (source, location))| {
            let retrieval = if s.overwritten() && source != VideoSource::EtcGantry {
                Retrieval::Overwritten
            } else if i == 0 {
                Retrieval::Retrieved
            } else {
                [Retrieval::Retrieved, Retrieval::NoFootage, Retrieval::Overwritten][g.weighted(&[85, 10, 5])]
            };
            let observation = match retrieval {
                Retrieval::Retrieved if i == 0 => primary_observation(s, founded),
                Retrieval::Retrieved => secondary_observation(s, source),
                Retrieval::NoFootage => "该时段摄像机检修，无录像".to_owned(),
                Retrieval::Overwritten => "录像保存期为30天，已被覆盖".to_owned(),
                Retrieval::Pending => String::new(),
            };
            VideoRow { source, location, from: Some(from), to: Some(to), retrieval, observation }
        })
        .collect();

    let at_station = s.site == Site::Station;
    let check = |outcome, note: String| Check { outcome, note };
    let transaction = match (s.category, at_station, founded) {
        (C::TollDispute, _, true) => check(
            CheckOutcome::Inconsistent,
            format!("通行流水显示实收{}元，按实际路径应收{}元", yuan(s.charged), yuan(s.due)),
        ),
        (C::TollDispute, _, false) if s.variant == 2 => {
            check(CheckOutcome::Consistent, format!("通行流水显示仅一笔交易{}元，ETC重复扣费已自动冲正", yuan(s.due)))
        }
        (C::TollDispute | C::TollStandard | C::VehicleClassDispute, _, _) => {
            check(CheckOutcome::Consistent, format!("通行流水显示实收{}元，与计费结果一致", yuan(s.charged)))
        }
        (_, true, _) => check(CheckOutcome::Consistent, "通行流水正常，交易一次".to_owned()),
        _ => check(CheckOutcome::NotApplicable, "不涉及通行费".to_owned()),
    };
    let vehicle_class = match (s.category, founded) {
        (C::VehicleClassDispute, true) => check(
            CheckOutcome::Inconsistent,
            format!("行驶证登记为{}，车道判为{}，判型有误", s.vehicle.class, s.charged_class),
        ),
        (C::VehicleClassDispute, false) => {
            check(CheckOutcome::Consistent, format!("车辆按{}收费，判型正确", s.charged_class))
        }
        _ if at_station => check(CheckOutcome::Consistent, format!("车型为{}，判定无误", s.vehicle.class)),
        _ => check(CheckOutcome::NotApplicable, "不涉及车型".to_owned()),
    };
    let staff_interview = match (s.category, founded) {
        (C::StaffAttitude, true) => {
            check(CheckOutcome::Inconsistent, format!("当班收费员{}承认服务用语不规范", s.staff))
        }
        (C::Signage | C::Facilities, _) if !at_station => {
            check(CheckOutcome::NotApplicable, "不涉及当班人员".to_owned())
        }
        (C::Rescue, _) => check(CheckOutcome::Consistent, "询问清障作业人员，陈述与录像一致".to_owned()),
        _ => check(CheckOutcome::Consistent, format!("询问当班人员{}（工号{}），陈述与录像一致", s.staff, s.staff_no)),
    };
    let responsibility = if founded {
        vec![match s.category {
            C::TollDispute if s.etc_lane => Responsibility::System,
            C::TollDispute | C::VehicleClassDispute | C::StaffAttitude | C::TollStandard => {
                Responsibility::TollCollector
            }
            C::Facilities | C::Signage => Responsibility::Office,
            C::Rescue | C::Other => Responsibility::Other,
        }]
    } else if g.chance(300) {
        vec![Responsibility::Driver]
    } else {
        Vec::new()
    };
    Checklist { videos, transaction, vehicle_class, staff_interview, conclusion: Some(conclusion), responsibility }
}

/// The checklist half-way: the first video row checked, the rest still to do.
fn partial_checklist(full: &Checklist) -> Checklist {
    let mut videos = full.videos.clone();
    for v in videos.iter_mut().skip(1) {
        v.retrieval = Retrieval::Pending;
        v.observation.clear();
    }
    Checklist {
        videos,
        transaction: full.transaction.clone(),
        vehicle_class: Check::default(),
        staff_interview: Check::default(),
        conclusion: None,
        responsibility: Vec::new(),
    }
}

fn handling_text(s: &Story, conclusion: Conclusion) -> String {
    use Category as C;
    let diff = yuan((s.charged - s.due).max(0));
    let fix = match (s.category, s.variant) {
        (C::TollDispute, _) => format!("已为司机办理退费{diff}元，款项原路退回"),
        (C::VehicleClassDispute, _) => format!("已按{}重新计费，退还差额{diff}元，并更正车型信息", s.vehicle.class),
        (C::StaffAttitude, _) => "当事人员已电话向司机致歉".to_owned(),
        (C::TollStandard, _) => format!("已退还多收的通行费{diff}元"),
        (C::Facilities, 1) => "已责成服务区加强保洁巡查，卫生间已恢复正常".to_owned(),
        (C::Facilities, 2) => "已通知养护单位修补坑槽，次日完成修补".to_owned(),
        (C::Facilities, 3) => "已要求加油站在高峰时段开足加油机".to_owned(),
        (C::Facilities, _) => "已安排维修，设备于次日恢复正常".to_owned(),
        (C::Rescue, 1) => "已责成清障单位说明迟到原因并整改，优化救援车辆布点".to_owned(),
        (C::Rescue, 3) => "已协调清障单位承担车辆维修费用".to_owned(),
        (C::Rescue, _) => format!("已责成清障单位退还多收费用{diff}元并限期整改"),
        (C::Signage, 0) => "已清理遮挡标志的树木枝叶".to_owned(),
        (C::Signage, 2) => "已责成施工单位按规范补设警示标志".to_owned(),
        (C::Signage, _) => "已报请更换、增设预告标志".to_owned(),
        (C::Other, 0) => "已协助找回遗失物品并归还司机".to_owned(),
        (C::Other, 3) => "已向司机提供票根网站开票指引".to_owned(),
        (C::Other, _) => "已联系路政加强巡查清理，规范现场秩序".to_owned(),
    };
    let explain = match s.category {
        C::TollDispute | C::TollStandard => "收费金额符合标准，已向司机解释计费规则及优惠政策",
        C::VehicleClassDispute => "判型正确，已向司机出示《收费公路车辆通行费车型分类》标准",
        C::StaffAttitude => "经核查当事人员服务规范，已向司机做好解释",
        C::Facilities => "设施运行正常，已向司机说明情况",
        C::Rescue => "清障救援作业和收费符合规定，已向司机出示收费依据",
        C::Signage => "标志设置符合规范，已向司机说明",
        C::Other => "现场处置符合规定，已向司机做好解释",
    };
    match conclusion {
        Conclusion::Founded => format!("投诉属实。{fix}。"),
        Conclusion::PartlyFounded => format!("投诉部分属实。{fix}；其余诉求经核查不成立，已向司机说明。"),
        Conclusion::Unfounded => format!("投诉不属实。{explain}。"),
    }
}

fn office_result(g: &mut Gen, s: &Story, checklist: &Checklist, contacted_at: BizTime, round: u32) -> OfficeResult {
    let founded = checklist.conclusion.is_some_and(Conclusion::is_founded);
    let sources: Vec<&str> = checklist
        .videos
        .iter()
        .map(|v| if v.source == VideoSource::Other { v.location.as_str() } else { v.source.label() })
        .collect();
    let mut investigation = format!(
        "{}接单后调取{}录像并核对通行流水。{}。{}。",
        if round > 1 { "（补充核查）" } else { "" },
        sources.join("、"),
        primary_observation(s, founded),
        checklist.staff_interview.note
    );
    if round > 1 {
        investigation.push_str("已补充写明录像核查时段和与司机的沟通情况。");
    }
    let action_taken = match checklist.responsibility.first() {
        Some(Responsibility::TollCollector) if founded => {
            format!("对当班收费员{}进行批评教育，扣减当月绩效考核分，并在全站通报；组织全站开展服务规范培训。", s.staff)
        }
        Some(Responsibility::System) => "已报系统运维单位排查门架计费故障，举一反三核查同类交易。".to_owned(),
        Some(Responsibility::Office) => "责成相关班组加强设施巡检，建立问题台账跟踪整改。".to_owned(),
        Some(Responsibility::Other) if founded => "约谈相关单位负责人，要求规范服务和收费。".to_owned(),
        _ => String::new(),
    };
    let explained = format!(
        "{}电话联系司机，说明了核查情况和处理结果{}",
        when(contacted_at),
        if founded { "，并代表管理所致歉" } else { "，解释了相关规定" }
    );
    let reaction = (*g.pick(&[
        "司机表示理解，认可处理结果",
        "司机表示满意",
        "司机基本认可，希望加强管理",
        "司机仍有异议，表示等待回访时再反映",
    ]))
    .to_owned();
    OfficeResult {
        investigation,
        handling: handling_text(s, conclusion_of(checklist)),
        action_taken,
        contacted_at: Some(contacted_at),
        explained,
        reaction,
    }
}

fn conclusion_of(c: &Checklist) -> Conclusion {
    c.conclusion.unwrap_or(Conclusion::Unfounded)
}

// ---------------------------------------------------------------------------
// One item's fields
// ---------------------------------------------------------------------------

struct Spec {
    complaint: Complaint,
    story: Story,
    registrar: usize,
}

const COMPLAINT_CATEGORY_WEIGHTS: &[u32] = &[220, 130, 200, 90, 130, 80, 60, 90];

fn make_spec(env: &Env<'_>, seed: u64, slots: &[Slot], index: usize) -> (Spec, Gen) {
    let slot = &slots[index];
    let mut g = Gen::new(seed, index as u64 + 1);
    let registrar = g.idx(env.desk.len());
    let reg = slot.reg;
    let day0 = start_of_day(reg.date_naive());

    let source = if slot.kind == ItemKind::Complaint {
        [Source::Provincial, Source::DirectCall, Source::Hotline12328, Source::Online, Source::Letter, Source::Other]
            [g.weighted(&[450, 330, 90, 70, 30, 30])]
    } else {
        [Source::DirectCall, Source::Provincial, Source::Online][g.weighted(&[600, 250, 150])]
    };
    let accepted = (reg - Duration::seconds(g.range(60, 900))).max(day0);
    let (forwarded_at, provincial_number) = if source == Source::Provincial {
        let fwd = (accepted - Duration::seconds(g.range(60, 1800))).max(day0);
        (Some(fwd), Some(format!("HB12328-{}{:04}", ymd(reg), slot.seq + 137)))
    } else {
        (None, None)
    };

    let (category, variant, site) = match slot.kind {
        ItemKind::Complaint => {
            let category = Category::ALL[g.weighted(COMPLAINT_CATEGORY_WEIGHTS)];
            let variant = g.idx(variants(category));
            (category, variant, complaint_site(category, variant))
        }
        ItemKind::Suggestion => {
            let v = g.idx(SUGGESTIONS.len());
            (SUGGESTIONS[v].0, v, SUGGESTIONS[v].1)
        }
        ItemKind::Praise => {
            let v = g.idx(PRAISES.len());
            (PRAISES[v].0, v, PRAISES[v].1)
        }
    };
    let grade = if slot.kind == ItemKind::Complaint && g.chance(50) { Grade::Major } else { Grade::Ordinary };

    // Where: office, station, kilometre.
    let office = if env.offices.is_empty() { None } else { Some(g.idx(env.offices.len())) };
    let (station, station_name, km_from, service_area) = match office {
        Some(o) => {
            let oe = &env.offices[o];
            let st = g.idx(oe.stations.len());
            (Some(st), oe.stations[st].1.clone(), oe.km_from, oe.service_area.clone())
        }
        None => (None, NEIGHBOUR_STATIONS[0].to_owned(), 20, format!("{}服务区", env.road)),
    };
    let km = km_from + g.range(0, 45);
    let kstake = format!("K{km}+{:03}", g.range(0, 1000));
    let place = format!("{}{}{kstake}", env.road, g.word(DIRECTIONS));
    let entry = loop {
        let e = g.pick(&env.entries);
        if *e != station_name || env.entries.len() < 2 {
            break e.clone();
        }
    };

    // When it happened.
    let back = match g.weighted(&[70, 22, if category == Category::TollDispute { 20 } else { 6 }]) {
        0 => g.range(20, 600),
        1 => g.range(600, 3 * 1440),
        _ => g.range(3 * 1440, 40 * 1440),
    };
    let passage = accepted - mins(back);

    // The vehicle, and what was charged.
    let (vehicle, charged_class) = match (category, variant) {
        (Category::VehicleClassDispute, 0) => (vehicle_of(&mut g, VehicleClass::Bus1), VehicleClass::Bus2),
        (Category::VehicleClassDispute, 1) => (vehicle_of(&mut g, VehicleClass::Truck1), VehicleClass::Truck2),
        (Category::VehicleClassDispute, 2) => (vehicle_of(&mut g, VehicleClass::Bus1), VehicleClass::Truck2),
        (Category::VehicleClassDispute, _) => {
            let v = vehicle_of(&mut g, VehicleClass::Bus1);
            (v, *g.pick(&[VehicleClass::Bus2, VehicleClass::Truck2]))
        }
        (Category::TollStandard, 2 | 3) => {
            let class = *g.pick(&TRUCKS[1..]);
            let v = vehicle_of(&mut g, class);
            let c = v.class;
            (v, c)
        }
        (Category::TollStandard, 1) => {
            let v = vehicle_of(&mut g, VehicleClass::Bus1);
            (v, VehicleClass::Bus1)
        }
        _ => {
            let v = random_vehicle(&mut g);
            let c = v.class;
            (v, c)
        }
    };
    let dist = g.range(25, 260);
    let base = dist * rate(vehicle.class) / 5 * 5;
    let (charged, due) = match (category, variant) {
        (Category::TollDispute, 2) => (base * 2, base),
        (Category::TollDispute, 3) => (base * g.range(15, 30) / 10, base),
        (Category::TollDispute, 4) | (Category::TollStandard, 1 | 2) => (base, 0),
        (Category::TollDispute, _) => (base + g.range(5, 40) * 100, base),
        (Category::VehicleClassDispute, _) => (dist * rate(charged_class) / 5 * 5, base),
        (Category::TollStandard, 3) => (base, base * 95 / 100),
        (Category::Rescue, _) => {
            let fee = g.range(8, 40) * 10_000;
            (fee, fee * g.range(4, 8) / 10)
        }
        _ => (base, base),
    };

    let story = Story {
        kind: slot.kind,
        category,
        variant,
        site,
        office,
        station,
        station_name,
        entry,
        service_area,
        place,
        kstake,
        lane: g.range(1, 9),
        etc_lane: g.chance(350),
        vehicle,
        charged_class,
        charged,
        due,
        staff: format!("{}某", g.word(SURNAMES)),
        staff_no: g.range(1001, 1300),
        passage,
        accepted,
    };

    let (mut content, request) =
        if slot.kind == ItemKind::Complaint { complaint_text(&story) } else { recorded_text(&story) };
    if grade == Grade::Major {
        content.push_str(g.word(MAJOR_SUFFIXES));
    }
    let with_vehicle = slot.kind == ItemKind::Complaint || g.chance(500);
    let (office_id, station_id) = match (story.office, story.site) {
        (Some(o), Site::Station) => (Some(env.offices[o].id), story.station.map(|s| env.offices[o].stations[s].0)),
        (Some(o), _) if slot.kind == ItemKind::Complaint => (Some(env.offices[o].id), None),
        _ => (None, None),
    };
    let at_station = story.site == Site::Station;
    let registrar_actor = &env.desk[registrar];
    let complaint = Complaint {
        number: slot.number.clone(),
        kind: slot.kind,
        source,
        provincial_number,
        forwarded_at,
        accepted_at: accepted,
        accepted_by: registrar_actor.id,
        accepted_by_name: registrar_actor.name.clone(),
        complainant: caller_name(&mut g),
        phone: phone(&mut g),
        plate: if with_vehicle { Plate::parse(&story.vehicle.plate).ok() } else { None },
        plate_colour: with_vehicle.then_some(story.vehicle.colour),
        vehicle_class: with_vehicle.then_some(story.vehicle.class),
        passage_at: Some(passage),
        entry_station: (at_station && slot.kind == ItemKind::Complaint).then(|| story.entry.clone()),
        exit_station: at_station.then(|| story.station_name.clone()),
        place: match story.site {
            Site::Station => None,
            Site::Road => Some(story.place.clone()),
            Site::ServiceArea => Some(story.service_area.clone()),
        },
        kstake: (story.site == Site::Road).then(|| story.kstake.clone()),
        category,
        grade,
        content,
        request: request.to_owned(),
        office: office_id,
        station: station_id,
        state: S::Registered,
        deadlines: Vec::new(),
        paused_since: None,
        extension: None,
        checklist: Checklist::default(),
        result: None,
        head_signature: None,
        handler_signature: None,
        approval: None,
        return_reason: None,
        revisits: Vec::new(),
        urge_count: 0,
        reopen_count: 0,
        round: 1,
        duplicate_of: None,
        duplicates: Vec::new(),
        closed_at: None,
        close_kind: None,
        close_reason: None,
    };
    (Spec { complaint, story, registrar }, g)
}

// ---------------------------------------------------------------------------
// Plans: the steps of one complaint's life, run through the state machine afterwards
// ---------------------------------------------------------------------------

enum Do {
    Register,
    Act(Box<Action>),
    /// Ask for one day more than the open office-handling deadline (computed when run).
    Extend(&'static str),
    /// The repeat call with this number is linked to this complaint.
    Linked(String),
}

struct Step<'e> {
    at: BizTime,
    actor: &'e Actor,
    what: Do,
    /// Skipped silently if refused (an extension asked for when there is no time left to extend).
    optional: bool,
}

struct Plan<'e> {
    t: BizTime,
    steps: Vec<Step<'e>>,
}

impl<'e> Plan<'e> {
    fn wait(&mut self, g: &mut Gen, lo_mins: i64, hi_mins: i64) {
        self.t += Duration::seconds(g.range(lo_mins * 60, hi_mins * 60).max(1));
    }

    fn until(&mut self, t: BizTime) {
        self.t = if t > self.t { t } else { self.t + mins(1) };
    }

    /// People call drivers between 8:00 and 21:00: move a night-time step to the next morning.
    fn daytime(&mut self, g: &mut Gen) {
        let hour = self.t.hour();
        if !(8..21).contains(&hour) {
            let day = if hour < 8 { self.t.date_naive() } else { self.t.date_naive() + chrono::Days::new(1) };
            self.t = start_of_day(day) + Duration::hours(8) + Duration::seconds(g.range(0, 50 * 60));
        }
    }

    fn push(&mut self, actor: &'e Actor, what: Do, optional: bool) {
        if let Some(last) = self.steps.last()
            && self.t <= last.at
        {
            self.t = last.at + Duration::seconds(1);
        }
        self.steps.push(Step { at: self.t, actor, what, optional });
    }

    fn act(&mut self, actor: &'e Actor, action: Action) {
        self.push(actor, Do::Act(Box::new(action)), false);
    }
}

const DISPATCH_NOTES: &[&str] =
    &["请于时限内调取录像核查并反馈处理结果", "请核实情况后联系司机并反馈", "请尽快核查处理并反馈"];
const MAJOR_DISPATCH_NOTE: &str = "重大投诉，请立即核查，2小时内首次响应";
const TRANSFER_NOTE: &str = "经核实事发桩号不在原管理所辖区，改派";
const ACCEPT_NOTES: &[&str] = &["已签收，安排专人核查", "已签收，正在调取录像", "收到，立即核查"];
const URGE_NOTES: &[&str] =
    &["已临近办理时限，请尽快反馈核查结果", "省中心来电催办，请加快办理", "投诉人再次询问进度，请尽快联系司机"];
const URGE_ACCEPT_NOTE: &str = "工单转办后尚未签收，请立即签收办理";
const EXTENSION_REASONS: &[&str] = &[
    "需调取ETC门架交易数据，待省中心回传，申请延期一天",
    "当班收费员休假，待其返岗后询问核实，申请延期一天",
    "需联系发卡方核实ETC扣费记录，申请延期一天",
];
const GRANT_NOTES: &[&str] = &["同意延期，请在延期时限内办结", "同意"];
const REFUSE_REASONS: &[&str] = &["事实清楚，请按原时限办理", "录像已调取，请按原时限反馈"];
const PAUSE_WORK_NOTES: &[&str] = &["投诉人正在驾车，约定次日上午再联系", "投诉人外出，要求晚些时候再联系核实情况"];
const PAUSE_REVISIT_NOTES: &[&str] = &["司机表示正在开车，要求晚些时候再回访", "司机要求下班后再回访"];
const RESUME_NOTES: &[&str] = &["已与投诉人约定时间，恢复计时", "已按约定时间联系上投诉人"];
const WITHDRAW_REASONS: &[&str] = &[
    "投诉人来电表示已与收费站协商解决，撤回投诉",
    "投诉人表示系误会，ETC账单为延迟扣费，撤回投诉",
    "投诉人表示不再追究，撤回投诉",
];
const RETURN_REASONS: &[&str] = &[
    "调查情况未写明录像核查的具体时段，请补充",
    "未写明与司机联系的时间和司机意见，请补充",
    "责任认定不清，请明确责任人及处理措施",
];
const APPROVE_NOTES: &[&str] = &["同意，请回访", "处理结果合理，同意", ""];
const REOPEN_REASONS: &[&str] =
    &["投诉人对处理结果不满意，请管理所重新核查并再次联系投诉人", "回访不满意，请补充调取门架数据重新核实"];
const CLOSE_UNSATISFIED_REASONS: &[&str] =
    &["经复核，管理所处理符合规定，已向投诉人充分解释，按不满意办结", "诉求超出政策规定，已做好解释，按不满意办结"];
const SATISFIED_WORDS: &[&str] =
    &["对处理结果满意，感谢回访", "问题已经解决，很满意", "退费已经收到，满意", "工作人员解释得很清楚，满意"];
const BASIC_WORDS: &[&str] = &["基本满意", "结果可以接受"];
const BASIC_REASONS: &[&str] = &["认为处理时间偏长", "希望收费站加强人员培训", "对退费到账时间不太满意"];
const UNSATISFIED_WORDS: &[&str] = &["对处理结果不满意", "认为管理所在推卸责任"];
const UNSATISFIED_REASONS: &[&str] = &["认为核查结论与事实不符", "要求对收费员作出更严肃的处理", "退费金额与诉求不符"];
const SUGGESTION_CLOSE: &[&str] = &["建议已登记，转相关部门参考", "已登记并转管理所研究"];
const PRAISE_CLOSE: &[&str] = &["已将表扬转达相关单位", "已登记，转相关单位通报表扬"];

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

fn text(xs: &[&str], g: &mut Gen) -> String {
    (*g.pick(xs)).to_owned()
}

fn unreached_reason(g: &mut Gen) -> UnreachedReason {
    [UnreachedReason::Busy, UnreachedReason::NoAnswer, UnreachedReason::SwitchedOff, UnreachedReason::WrongNumber]
        [g.weighted(&[30, 50, 17, 3])]
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
#[allow(clippy::too_many_lines, reason = "one complaint's life, step by step, reads best in one piece")]
fn plan_item<'e>(
    env: &'e Env<'_>,
    g: &mut Gen,
    spec: &Spec,
    reg: BizTime,
    stop: Option<ComplaintState>,
    may_withdraw: bool,
) -> Vec<Step<'e>> {
    let c = &spec.complaint;
    let s = &spec.story;
    let mut p = Plan { t: reg, steps: Vec::with_capacity(24) };
    p.push(&env.desk[spec.registrar], Do::Register, false);
    let desk = |g: &mut Gen| g.pick(&env.desk);

    if c.kind != ItemKind::Complaint {
        p.wait(g, 20, 600);
        let reason = text(if c.kind == ItemKind::Suggestion { SUGGESTION_CLOSE } else { PRAISE_CLOSE }, g);
        p.act(desk(g), Action::Close { reason });
        return p.steps;
    }
    let Some(mut office) = s.office.filter(|_| env.can_work() && stop != Some(S::Registered)) else {
        return p.steps;
    };
    let leader = |g: &mut Gen| g.pick(&env.leaders);
    if may_withdraw && g.chance(12) {
        p.wait(g, 10, 300);
        p.act(desk(g), Action::Withdraw { reason: text(WITHDRAW_REASONS, g) });
        return p.steps;
    }

    // The segment center sends the form to the office.
    let major = c.grade == Grade::Major;
    if major {
        p.wait(g, 3, 15);
    } else {
        p.wait(g, 5, 90);
    }
    let note = if major { MAJOR_DISPATCH_NOTE.to_owned() } else { text(DISPATCH_NOTES, g) };
    p.act(desk(g), Action::Dispatch { office: env.offices[office].id, station: c.station, note });
    if s.site != Site::Station && env.offices.len() > 1 && g.chance(25) {
        p.wait(g, 15, 120);
        office = (office + 1 + g.idx(env.offices.len() - 1)) % env.offices.len();
        p.act(
            desk(g),
            Action::Transfer { office: env.offices[office].id, station: None, note: TRANSFER_NOTE.to_owned() },
        );
    }
    let dispatched = p.t;
    if stop == Some(S::Dispatched) {
        return p.steps;
    }

    // The office accepts and investigates.
    let oe = &env.offices[office];
    let (handler, head) = (&oe.handler, &oe.head);
    if !major && g.chance(40) {
        p.wait(g, 180, 420);
        p.act(desk(g), Action::Urge { note: URGE_ACCEPT_NOTE.to_owned() });
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
        p.act(desk(g), Action::Withdraw { reason: text(WITHDRAW_REASONS, g) });
        return p.steps;
    }
    if g.chance(25) {
        p.wait(g, 20, 120);
        p.act(desk(g), Action::Pause { note: text(PAUSE_WORK_NOTES, g) });
        p.wait(g, 240, 1080);
        p.act(desk(g), Action::Resume { note: text(RESUME_NOTES, g) });
    }
    let weights: &[u32] =
        if (s.category, s.variant) == (Category::TollStandard, 0) { &[0, 0, 1] } else { &[28, 17, 55] };
    let conclusion = [Conclusion::Founded, Conclusion::PartlyFounded, Conclusion::Unfounded][g.weighted(weights)];
    let full = full_checklist(g, s, conclusion);
    p.wait(g, 30, 240);
    p.act(handler, Action::SaveChecklist { checklist: partial_checklist(&full), result: None });
    if stop == Some(S::Investigating) {
        return p.steps;
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
        p.push(leader(g), Do::Act(Box::new(decision)), true);
    }
    if g.chance(60) {
        p.wait(g, 60, 300);
        p.act(desk(g), Action::Urge { note: text(URGE_NOTES, g) });
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
        return p.steps;
    }

    // The duty leader reviews: sometimes returns once, then approves.
    let mut round = 1;
    let resubmit = |p: &mut Plan<'e>, g: &mut Gen, round: u32| {
        p.wait(g, 120, 720);
        p.daytime(g);
        p.wait(g, 30, 60);
        let contacted = p.t - mins(g.range(5, 25));
        let result = office_result(g, s, &full, contacted, round);
        p.act(handler, Action::SaveChecklist { checklist: full.clone(), result: Some(result.clone()) });
        p.wait(g, 3, 20);
        p.act(handler, Action::SubmitResult { result, head: head.clone() });
    };
    p.wait(g, 15, 300);
    if g.chance(80) {
        p.act(leader(g), Action::Return { reason: text(RETURN_REASONS, g) });
        round += 1;
        resubmit(&mut p, g, round);
        p.wait(g, 15, 240);
    }
    p.act(leader(g), Action::Approve { note: text(APPROVE_NOTES, g) });
    if stop == Some(S::AwaitingRevisit) {
        return p.steps;
    }

    // The segment center revisits the driver.
    let mut reopened = false;
    loop {
        if g.chance(30) {
            p.wait(g, 20, 240);
            p.act(desk(g), Action::Pause { note: text(PAUSE_REVISIT_NOTES, g) });
            p.wait(g, 120, 600);
            p.act(desk(g), Action::Resume { note: text(RESUME_NOTES, g) });
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
        let operator = desk(g);
        match outcome {
            Outcome::Satisfied | Outcome::Basically => {
                let action = if outcome == Outcome::Satisfied {
                    satisfied_revisit(env, g)
                } else {
                    revisit(None, Some(Satisfaction::BasicallySatisfied), text(BASIC_WORDS, g), text(BASIC_REASONS, g))
                };
                p.act(operator, action);
                return p.steps;
            }
            Outcome::LateReach | Outcome::Unreached => {
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
                    p.act(desk(g), action);
                }
                return p.steps;
            }
            Outcome::Unsatisfied => {
                let action = revisit(
                    None,
                    Some(if env.five_level && g.chance(300) {
                        Satisfaction::VeryUnsatisfied
                    } else {
                        Satisfaction::Unsatisfied
                    }),
                    text(UNSATISFIED_WORDS, g),
                    text(UNSATISFIED_REASONS, g),
                );
                p.act(operator, action);
                if stop == Some(S::AwaitingDecision) {
                    return p.steps;
                }
                p.wait(g, 60, 1200);
                if reopened || !g.chance(550) {
                    p.act(leader(g), Action::Close { reason: text(CLOSE_UNSATISFIED_REASONS, g) });
                    return p.steps;
                }
                p.act(leader(g), Action::Reopen { reason: text(REOPEN_REASONS, g) });
                reopened = true;
                round += 1;
                resubmit(&mut p, g, round);
                p.wait(g, 15, 240);
                p.act(leader(g), Action::Approve { note: text(APPROVE_NOTES, g) });
            }
        }
    }
}

/// A repeat call: the same driver, vehicle and event as the complaint in `target`.
fn repeat_call(env: &Env<'_>, g: &mut Gen, slot: &Slot, target: &Complaint) -> (Complaint, usize) {
    let registrar = g.idx(env.desk.len());
    let actor = &env.desk[registrar];
    let day0 = start_of_day(slot.reg.date_naive());
    let accepted = (slot.reg - Duration::seconds(g.range(60, 600))).max(day0);
    let mut c = target.clone();
    c.number.clone_from(&slot.number);
    if g.chance(400) {
        c.source = Source::Provincial;
        c.forwarded_at = Some((accepted - Duration::seconds(g.range(60, 1200))).max(day0));
        c.provincial_number = Some(format!("HB12328-{}{:04}", ymd(slot.reg), slot.seq + 137));
    } else {
        c.source = Source::DirectCall;
        c.forwarded_at = None;
        c.provincial_number = None;
    }
    c.accepted_at = accepted;
    c.accepted_by = actor.id;
    c.accepted_by_name.clone_from(&actor.name);
    c.content = format!("来电人再次来电反映同一问题，询问处理进度。原反映内容：{}", target.content);
    (c, registrar)
}

fn perform(env: &Env<'_>, c: &Complaint, step: &Step<'_>) -> Result<Option<Transition>, ActionError> {
    match &step.what {
        Do::Register => Err(ActionError::Refused("登记只能是第一步".to_owned())),
        Do::Act(action) => lifecycle::apply(c, action, step.actor, step.at, env.ctx).map(Some),
        Do::Extend(reason) => {
            let Some(d) = c.open_deadline(DeadlineStep::OfficeHandling) else { return Ok(None) };
            if step.at >= d.due_at {
                return Ok(None);
            }
            let action = Action::RequestExtension { until: d.due_at + Duration::days(1), reason: (*reason).to_owned() };
            lifecycle::apply(c, &action, step.actor, step.at, env.ctx).map(Some)
        }
        Do::Linked(dup) => lifecycle::link_target(c, dup, step.actor, step.at).map(Some),
    }
}

/// Run the steps through the state machine; steps not before `now` are not taken (the item stays
/// where it is). A refused step is recorded in `errors` and ends the item's work.
fn execute(
    env: &Env<'_>,
    c: Complaint,
    steps: Vec<Step<'_>>,
    errors: &mut Vec<String>,
) -> Option<(Complaint, Vec<HistoryEvent>)> {
    let mut steps = steps.into_iter();
    let first = steps.next()?;
    let number = c.number.clone();
    let t = match lifecycle::register(c, first.actor, first.at, env.ctx) {
        Ok(t) => t,
        Err(e) => {
            errors.push(format!("{number} 登记：{e}"));
            return None;
        }
    };
    let mut c = t.complaint;
    let mut history = Vec::with_capacity(steps.len() + 1);
    history.push(t.event);
    let mut working = true;
    for step in steps {
        let linked = matches!(step.what, Do::Linked(_));
        if !linked && (!working || step.at >= env.now) {
            working = false;
            continue;
        }
        match perform(env, &c, &step) {
            Ok(Some(t)) => {
                c = t.complaint;
                history.push(t.event);
            }
            Ok(None) => {}
            Err(_) if step.optional => {}
            Err(e) => {
                let what = match &step.what {
                    Do::Act(a) => a.kind().label(),
                    Do::Extend(_) => "申请延期",
                    Do::Linked(_) => "关联重复来电",
                    Do::Register => "登记",
                };
                errors.push(format!("{number} {what}（{}）：{e}", c.state));
                working = linked && working;
            }
        }
    }
    Some((c, history))
}

fn build(
    env: &Env<'_>,
    seed: u64,
    slots: &[Slot],
    index: usize,
    errors: &mut Vec<String>,
) -> Option<(Complaint, Vec<HistoryEvent>)> {
    let slot = &slots[index];
    if let (Some(target), Some(link_at)) = (slot.dup_of, slot.link_at) {
        let (first, _) = make_spec(env, seed, slots, target);
        let mut g = Gen::new(seed, index as u64 + 1);
        let (c, registrar) = repeat_call(env, &mut g, slot, &first.complaint);
        let steps = vec![
            Step { at: slot.reg, actor: &env.desk[registrar], what: Do::Register, optional: false },
            Step {
                at: link_at,
                actor: &env.desk[registrar],
                what: Do::Act(Box::new(Action::LinkDuplicate { target: slots[target].number.clone() })),
                optional: false,
            },
        ];
        return execute(env, c, steps, errors);
    }
    let (spec, mut g) = make_spec(env, seed, slots, index);
    // A few complaints of the last weeks got stuck somewhere: they show as 超期 in the lists.
    let age = env.now - slot.reg;
    let stuck = slot.forced.is_none() && age > Duration::days(7) && age < Duration::days(45) && g.chance(30);
    let stop = if stuck {
        Some(*g.pick(&[S::Dispatched, S::Investigating, S::AwaitingReview, S::AwaitingRevisit, S::AwaitingDecision]))
    } else {
        slot.forced
    };
    let may_withdraw = slot.links.is_empty() && slot.forced.is_none();
    let mut steps = plan_item(env, &mut g, &spec, slot.reg, stop, may_withdraw);
    if !slot.links.is_empty() {
        for &j in &slot.links {
            let at = slots[j].link_at.expect("linked slots have a link time");
            steps.push(Step {
                at,
                actor: g.pick(&env.desk),
                what: Do::Linked(slots[j].number.clone()),
                optional: false,
            });
        }
        steps.sort_by_key(|s| s.at);
        for k in 1..steps.len() {
            if steps[k].at <= steps[k - 1].at {
                steps[k].at = steps[k - 1].at + Duration::seconds(1);
            }
        }
    }
    execute(env, spec.complaint, steps, errors)
}

/// Generate `n` complaints (with some suggestions and praise) spread over the year before `now`,
/// each driven through the real lifecycle by users of the right role and unit, with its history.
///
/// `ctx` and `users` are the organisation as stored (real ids): insert [`demo_org`] first. Items
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
fn generate_checked(
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

// ---------------------------------------------------------------------------
// Call records
// ---------------------------------------------------------------------------

const CALL_CATEGORIES: &[CallCategory] = &[
    CallCategory::TollPolicy,
    CallCategory::Route,
    CallCategory::RoadCondition,
    CallCategory::Weather,
    CallCategory::Tourism,
    CallCategory::Etc,
    CallCategory::OtherConsultation,
    CallCategory::Accident,
    CallCategory::MechanicalFault,
    CallCategory::FlatTyre,
    CallCategory::NoFuel,
    CallCategory::NoWater,
    CallCategory::OtherFault,
    CallCategory::OtherHelp,
];
const CALL_WEIGHTS: &[u32] = &[150, 80, 120, 60, 30, 170, 40, 60, 70, 70, 40, 20, 40, 50];

const SAFETY: &str = "已提醒司乘人员开启危险报警闪光灯，在来车方向150米外放置警告标志，人员撤离至护栏外等候";

fn call_text(
    g: &mut Gen,
    category: CallCategory,
    road: &str,
    place: &str,
    units: &[Unit],
) -> (String, String, Option<UnitId>) {
    use CallCategory as K;
    let unit = |kind: UnitKind| units.iter().find(|u| u.kind == kind);
    let notify = |kind: UnitKind| match unit(kind) {
        Some(u) => (
            match &u.phone {
                Some(p) => format!("已通知{}（{p}）", u.name),
                None => format!("已通知{}", u.name),
            },
            Some(u.id),
        ),
        None => ("已通知相关单位".to_owned(), None),
    };
    let consult = |c: &str, r: &str| (c.to_owned(), r.to_owned(), None);
    match category {
        K::TollPolicy => match g.below(3) {
            0 => consult(
                "咨询节假日小型客车免费通行的时间",
                "重大节假日7座及以下小型客车免费通行，以车辆驶离出口收费站的时间为准，免费时段为节假日第一天0时至最后一天24时。",
            ),
            1 => consult(
                "咨询鲜活农产品运输车辆的绿色通道政策",
                "整车合法装载《鲜活农产品品种目录》内产品的车辆免收通行费，需在出口车道接受查验，混装其他货物不超过核定载质量或车厢容积的20%。",
            ),
            _ => {
                let fee = g.range(60, 180);
                (
                    "咨询二类货车从武汉西到荆州东的通行费".to_owned(),
                    format!("已按货车车型和计费里程为其查询，约{fee}元，实际以出口扣费为准。"),
                    None,
                )
            }
        },
        K::Route => {
            if g.chance(500) {
                (
                    "咨询从武汉到宜昌的行车路线".to_owned(),
                    format!("建议经{road}行驶，全程约290公里，沿途有仙桃、潜江、荆州等服务区，请注意途中休息。"),
                    None,
                )
            } else {
                consult("咨询去仙桃排湖风景区从哪个出口下高速", "可在仙桃收费站下高速，按指示牌行驶约20分钟到达。")
            }
        }
        K::RoadCondition => {
            if g.chance(500) {
                (
                    format!("询问{place}附近是否有施工、是否拥堵"),
                    "该路段有养护施工，占用外侧车道，通行缓慢，请减速慢行，注意施工标志。".to_owned(),
                    None,
                )
            } else {
                (
                    format!("询问{road}目前的路况"),
                    "目前全线通行正常，节假日高峰期间请留意沿线情报板提示。".to_owned(),
                    None,
                )
            }
        }
        K::Weather => {
            if g.chance(500) {
                (
                    format!("询问明天早上{road}是否因大雾封路"),
                    "目前未接到交通管制通知，如遇团雾将实施临时管控，请关注官方公众号及沿线情报板信息。".to_owned(),
                    None,
                )
            } else {
                consult("询问雨雪天气高速是否正常通行", "目前路面无积雪结冰，全线正常通行，请降低车速、保持车距。")
            }
        }
        K::Tourism => {
            if g.chance(500) {
                consult("咨询去荆州古城从哪个收费站下高速", "可在荆州东收费站下高速，沿荆州大道行驶约15分钟到达。")
            } else {
                consult("咨询潜江小龙虾美食街附近的高速出口", "可在潜江收费站下高速，按城区指示牌行驶约10分钟到达。")
            }
        }
        K::Etc => match g.below(3) {
            0 => consult(
                "咨询ETC通行费发票如何开具",
                "可登录票根网站或使用“票根”App，绑定ETC卡后按行程开具电子发票；充值卡可开具充值发票，记账卡开具通行费发票。",
            ),
            1 => consult(
                "咨询ETC设备失效如何处理",
                "请携带行驶证、身份证及车载设备到发行网点检测，或联系发卡方客服预约上门服务。",
            ),
            _ => consult(
                "咨询ETC扣费短信为何延迟",
                "ETC扣费由发行方在通行后汇总结算，短信可能延迟1至3天，如有疑问可凭通行记录申请核查。",
            ),
        },
        K::OtherConsultation => {
            if g.chance(500) {
                consult(
                    "咨询在高速公路上遗失物品如何查找",
                    "已登记遗失物品信息，转相关收费站和服务区协助查找，有结果将电话联系。",
                )
            } else {
                consult(
                    "咨询大件运输车辆通行许可如何办理",
                    "大件运输许可可在全国互联网道路运输便民政务服务系统在线申请，审批通过后按许可路线通行。",
                )
            }
        }
        K::Accident => {
            let (police, id) = notify(UnitKind::TrafficPolice);
            let (rescue, _) = notify(UnitKind::Rescue);
            (
                format!("在{place}发生两车剐蹭事故，无人员受伤，车辆暂时无法移动"),
                format!("{SAFETY}；{police}、{rescue}赶赴现场处置。"),
                id,
            )
        }
        K::OtherHelp => {
            let (road_admin, id) = notify(UnitKind::RoadAdmin);
            (
                format!("{place}路面有散落的货物，影响通行"),
                format!("{road_admin}，安排巡查人员前往清理；提醒来电人注意安全，不要下车捡拾。"),
                id,
            )
        }
        _ => {
            let (rescue, id) = notify(UnitKind::Rescue);
            let (what, todo) = match category {
                K::MechanicalFault => ("发动机故障，无法行驶", "前往拖车"),
                K::FlatTyre => ("爆胎，车上没有备胎", "前往换胎或拖车"),
                K::NoFuel => ("缺油熄火，停在应急车道", "送油，送油按规定收取油费"),
                K::NoWater => ("水温过高，水箱缺水", "送水，并提醒司机熄火降温、勿立即打开水箱盖"),
                _ => ("电瓶亏电，无法启动", "前往搭电"),
            };
            (format!("车辆在{place}{what}"), format!("{SAFETY}；{rescue}{todo}。"), id)
        }
    }
}

/// Generate `n` call records (consultations and help requests) spread over the year before `now`,
/// numbered `LD{yyyymmdd}{5-digit seq}`, taken by the operators (or duty leaders) among `users`;
/// help requests are referred to the related units among `units` (交警, 清障救援, 路政).
#[must_use]
pub fn generate_calls(n: usize, seed: u64, now: BizTime, units: &[Unit], users: &[User]) -> Vec<CallRecord> {
    let mut desk: Vec<&User> = users.iter().filter(|u| u.active && u.roles.contains(&Role::Operator)).collect();
    if desk.is_empty() {
        desk = users.iter().filter(|u| u.active && u.roles.contains(&Role::DutyLeader)).collect();
    }
    if desk.is_empty() {
        return Vec::new();
    }
    let road = road_name(units);
    let mut g = Gen::new(seed, u64::MAX);
    let times = year_times(&mut g, n, now);
    let numbers = numbered(&times, "LD");
    times
        .into_iter()
        .zip(numbers)
        .map(|(at, (_, number))| {
            let category = CALL_CATEGORIES[g.weighted(CALL_WEIGHTS)];
            let help = category.kind() == CallKind::Help;
            let operator = desk[g.idx(desk.len())];
            let source = [Source::DirectCall, Source::Provincial, Source::Hotline12328][g.weighted(&[60, 30, 10])];
            let kstake = format!("K{}+{:03}", g.range(20, 210), g.range(0, 1000));
            let place = format!("{road}{}{kstake}", g.word(DIRECTIONS));
            let (content, reply, referred_to) = call_text(&mut g, category, &road, &place, units);
            let car = (help || g.chance(300)).then(|| random_vehicle(&mut g).plate).and_then(|p| Plate::parse(&p).ok());
            CallRecord {
                number,
                category,
                source,
                received_at: at,
                received_by: operator.id,
                received_by_name: operator.name.clone(),
                caller: caller_name(&mut g),
                phone: phone(&mut g),
                plate: car,
                place: help.then_some(place),
                kstake: help.then_some(kstake),
                content,
                reply,
                referred_to,
                revisits: Vec::new(),
            }
        })
        .collect()
}

/// Revisit the calls that need it (help requests, sampled consultations) as a center would have:
/// those received more than two days before `now` were called back about a day later — most
/// reached, some given up on after the attempts `policy` asks for; the latest stay open.
pub fn revisit_calls(calls: &mut [CallRecord], policy: &RevisitPolicy, seed: u64, now: BizTime) {
    let mut g = Gen::new(seed, u64::MAX - 1);
    for call in calls.iter_mut() {
        if !crate::domain::revisit::call_needs_revisit(call, policy) || now - call.received_at < Duration::days(2) {
            continue;
        }
        let mut at = call.received_at + Duration::minutes(g.range(20 * 60, 30 * 60));
        let attempt = |at, unreached, satisfaction, words: &str, reason: &str| RevisitAttempt {
            at,
            by: call.received_by,
            by_name: call.received_by_name.clone(),
            unreached,
            satisfaction,
            words: words.to_owned(),
            reason: reason.to_owned(),
        };
        let mut attempts = Vec::new();
        if g.chance(120) {
            for _ in 0..policy.min_attempts.max(1) {
                attempts.push(attempt(at, Some(unreached_reason(&mut g)), None, "", ""));
                at += Duration::minutes(i64::from(policy.min_interval_mins) + g.range(10, 90));
            }
        } else {
            if g.chance(250) {
                attempts.push(attempt(at, Some(unreached_reason(&mut g)), None, "", ""));
                at += Duration::minutes(i64::from(policy.min_interval_mins) + g.range(10, 90));
            }
            let (s, words, reason) = match g.weighted(&[82, 14, 4]) {
                0 => (Satisfaction::Satisfied, g.word(CALL_SATISFIED_WORDS), ""),
                1 => (Satisfaction::BasicallySatisfied, g.word(BASIC_WORDS), g.word(CALL_BASIC_REASONS)),
                _ => (Satisfaction::Unsatisfied, g.word(CALL_UNSATISFIED_WORDS), g.word(CALL_UNSATISFIED_REASONS)),
            };
            attempts.push(attempt(at, None, Some(s), words, reason));
        }
        call.revisits = attempts;
    }
}

const CALL_SATISFIED_WORDS: &[&str] = &["问题已经解决了，谢谢", "你们很负责", "救援来得挺快"];
const CALL_BASIC_REASONS: &[&str] = &["等待救援时间较长", "答复不够具体"];
const CALL_UNSATISFIED_WORDS: &[&str] = &["等了很久才有人来"];
const CALL_UNSATISFIED_REASONS: &[&str] = &["救援车辆到达时间超过一小时"];

#[cfg(test)]
mod tests {
    use std::collections::{BTreeSet, HashMap, HashSet};

    use super::*;
    use crate::domain::calendar::WorkCalendar;
    use crate::domain::deadline::DeadlineRules;
    use crate::domain::lifecycle::{ActionKind, RevisitPolicy};
    use crate::domain::org::{Station, UserId};
    use crate::domain::time::parse_biz_time;
    use crate::domain::validate::forbidden_words;
    use crate::domain::work::CloseKind;

    /// The demo org as the store would hold it, with ids `index + 1`.
    fn stored() -> (Vec<Unit>, Vec<Station>, Vec<User>) {
        let org = demo_org();
        let uid = |i: usize| UnitId(i64::try_from(i).unwrap() + 1);
        let units = org
            .units
            .iter()
            .enumerate()
            .map(|(i, u)| Unit {
                id: uid(i),
                name: u.name.clone(),
                kind: u.kind,
                parent: u.parent.map(uid),
                phone: u.phone.clone(),
            })
            .collect();
        let stations = org
            .stations
            .iter()
            .enumerate()
            .map(|(i, s)| Station {
                id: StationId(i64::try_from(i).unwrap() + 1),
                name: s.name.clone(),
                office: uid(s.office),
            })
            .collect();
        let users = org
            .users
            .iter()
            .enumerate()
            .map(|(i, u)| User {
                id: UserId(i64::try_from(i).unwrap() + 1),
                login: u.login.clone(),
                name: u.name.clone(),
                unit: uid(u.unit),
                roles: u.roles.clone(),
                active: true,
            })
            .collect();
        (units, stations, users)
    }

    fn now() -> BizTime {
        parse_biz_time("2026-11-20 15:30").unwrap()
    }

    type Batch = Vec<(Complaint, Vec<HistoryEvent>)>;

    fn run(n: usize, seed: u64) -> Batch {
        run_on(n, seed, 1)
    }

    fn run_on(n: usize, seed: u64, threads: usize) -> Batch {
        let (units, stations, users) = stored();
        let rules = DeadlineRules::default();
        let calendar = WorkCalendar::builtin();
        let policy = RevisitPolicy::default();
        let ctx = Context { rules: &rules, calendar: &calendar, policy: &policy, units: &units, stations: &stations };
        let (out, errors) = generate_checked(n, seed, now(), &ctx, &users, threads);
        assert!(errors.is_empty(), "refused steps: {errors:#?}");
        out
    }

    fn kinds(h: &[HistoryEvent]) -> Vec<ActionKind> {
        h.iter().map(|e| e.action).collect()
    }

    #[test]
    fn demo_org_has_every_role_and_office_staff() {
        let org = demo_org();
        let logins: HashSet<&str> = org.users.iter().map(|u| u.login.as_str()).collect();
        assert_eq!(logins.len(), org.users.len(), "logins are unique");
        for role in Role::ALL {
            assert!(org.users.iter().any(|u| u.roles.contains(role)), "no user with role {role}");
        }
        let admin = org.users.iter().find(|u| u.login == "admin").unwrap();
        assert_eq!(admin.password, "admin123");
        assert_eq!(org.units[admin.unit].kind, UnitKind::Segment);
        assert!(org.users.iter().filter(|u| u.login != "admin").all(|u| u.password == "demo123"));
        let offices: Vec<usize> = (0..org.units.len()).filter(|&i| org.units[i].kind == UnitKind::Office).collect();
        assert_eq!(offices.len(), 4);
        for &o in &offices {
            let stations = org.stations.iter().filter(|s| s.office == o).count();
            assert!((2..=4).contains(&stations), "{} has {stations} stations", org.units[o].name);
            for role in [Role::OfficeHandler, Role::OfficeHead] {
                assert!(org.users.iter().any(|u| u.unit == o && u.roles.contains(&role)));
            }
        }
        for (i, u) in org.units.iter().enumerate() {
            assert!(u.parent.is_none_or(|p| p < i), "parents come first");
            if !matches!(u.kind, UnitKind::Provincial | UnitKind::Segment | UnitKind::Office) {
                let phone = u.phone.as_deref().unwrap_or_default();
                assert!(Phone::parse(phone).is_ok(), "{} has phone {phone:?}", u.name);
            }
        }
        let keys: HashSet<&str> = org.units.iter().map(|u| u.key).collect();
        assert_eq!(keys.len(), org.units.len());
    }

    #[test]
    fn same_seed_same_output_other_seed_other_output() {
        let a = run(150, 7);
        assert_eq!(a, run(150, 7));
        assert_ne!(a, run(150, 8));
    }

    #[test]
    fn threaded_generation_matches_the_sequential_one() {
        assert_eq!(run_on(200, 12, 3), run_on(200, 12, 1));
    }

    #[test]
    fn every_state_category_and_kind_appears() {
        let batch = run(400, 42);
        assert_eq!(batch.len(), 400);
        let states: BTreeSet<ComplaintState> = batch.iter().map(|(c, _)| c.state).collect();
        assert_eq!(states, ComplaintState::ALL.iter().copied().collect(), "states: {states:?}");
        let categories: BTreeSet<Category> = batch.iter().map(|(c, _)| c.category).collect();
        assert_eq!(categories, Category::ALL.iter().copied().collect());
        let kinds: BTreeSet<ItemKind> = batch.iter().map(|(c, _)| c.kind).collect();
        assert_eq!(kinds, ItemKind::ALL.iter().copied().collect());
        let closes: BTreeSet<CloseKind> = batch.iter().filter_map(|(c, _)| c.close_kind).collect();
        assert_eq!(closes, CloseKind::ALL.iter().copied().collect(), "close kinds: {closes:?}");
        // Older complaints are mostly closed.
        let old: Vec<_> = batch.iter().filter(|(c, _)| now() - c.accepted_at > Duration::days(30)).collect();
        let open = old.iter().filter(|(c, _)| c.state.is_open()).count();
        assert!(open * 20 < old.len(), "{open} of {} old complaints still open", old.len());
    }

    #[test]
    fn histories_are_consistent_and_before_now() {
        let batch = run(400, 3);
        for (c, h) in &batch {
            assert_eq!(h[0].action, ActionKind::Register, "{}", c.number);
            assert_eq!(h[0].from_state, None);
            for w in h.windows(2) {
                assert_eq!(w[1].from_state, Some(w[0].to_state), "{}: {:?}", c.number, kinds(h));
                assert!(w[1].at > w[0].at, "{}: times must increase: {:?}", c.number, kinds(h));
            }
            assert_eq!(h.last().unwrap().to_state, c.state, "{}", c.number);
            assert!(h.iter().all(|e| e.at < now()));
            assert!(c.accepted_at <= h[0].at);
            assert!(c.passage_at.is_none_or(|p| p < c.accepted_at));
            assert!(c.forwarded_at.is_none_or(|f| f <= c.accepted_at));
            assert_eq!(c.source == Source::Provincial, c.provincial_number.is_some());
            for t in [c.closed_at, c.result.as_ref().and_then(|r| r.contacted_at)].into_iter().flatten() {
                assert!(t < now());
            }
            assert!(c.revisits.iter().all(|r| r.at < now()));
            if c.kind == ItemKind::Complaint {
                assert!(c.plate.is_some(), "{}: plate did not parse", c.number);
            }
        }
    }

    #[test]
    fn numbers_are_unique_and_follow_the_registration_date() {
        let batch = run(400, 11);
        let numbers: HashSet<&str> = batch.iter().map(|(c, _)| c.number.as_str()).collect();
        assert_eq!(numbers.len(), batch.len());
        for (c, h) in &batch {
            assert_eq!(c.number.len(), 2 + 8 + 5, "{}", c.number);
            assert_eq!(&c.number[..10], format!("TS{}", ymd(h[0].at)));
        }
        let provincial: Vec<&str> = batch.iter().filter_map(|(c, _)| c.provincial_number.as_deref()).collect();
        assert_eq!(provincial.iter().collect::<HashSet<_>>().len(), provincial.len());
    }

    #[test]
    fn repeat_calls_are_linked_on_both_sides() {
        let batch = run(800, 5);
        let by_number: HashMap<&str, &(Complaint, Vec<HistoryEvent>)> =
            batch.iter().map(|x| (x.0.number.as_str(), x)).collect();
        let dups: Vec<_> = batch.iter().filter(|(c, _)| c.state == S::Duplicate).collect();
        assert!(!dups.is_empty());
        for (c, h) in dups {
            let target = c.duplicate_of.as_deref().unwrap();
            let (t, th) = by_number[target];
            assert!(t.duplicates.contains(&c.number));
            let link = h.last().unwrap();
            let linked = th.iter().find(|e| e.action == ActionKind::LinkedCall && e.note.contains(&c.number)).unwrap();
            assert!((linked.at - link.at).num_seconds().abs() <= 5);
            assert_eq!((t.phone.as_str(), &t.plate), (c.phone.as_str(), &c.plate));
        }
    }

    #[test]
    fn the_batch_shows_every_kind_of_history() {
        let batch = run(1500, 9);
        let has = |kind: ActionKind| batch.iter().any(|(_, h)| h.iter().any(|e| e.action == kind));
        for kind in ActionKind::ALL {
            assert!(has(*kind), "no {kind} in the batch");
        }
        let returned_and_resubmitted = batch.iter().any(|(_, h)| {
            let k = kinds(h);
            k.windows(2).any(|w| w == [ActionKind::Return, ActionKind::SaveChecklist])
        });
        assert!(returned_and_resubmitted);
        let major = batch.iter().filter(|(c, _)| c.grade == Grade::Major).count();
        assert!((20..=150).contains(&major), "{major} major complaints");
        assert!(
            batch.iter().all(|(c, _)| c.grade == Grade::Ordinary || crate::domain::intake::suggests_major(&c.content))
        );
        let overdue = batch.iter().filter(|(c, _)| c.deadlines.iter().any(|d| d.missed(now()))).count();
        assert!(overdue > 0 && overdue * 4 < batch.len(), "{overdue} overdue");
        let unreached = batch.iter().filter(|(c, _)| c.close_kind == Some(CloseKind::Unreached)).count();
        assert!(unreached > 0);
        let half_done = batch.iter().any(|(c, _)| {
            c.state == S::Investigating && !c.checklist.videos.is_empty() && !c.checklist.missing().is_empty()
        });
        assert!(half_done, "an investigating complaint with a half-done checklist");
        assert!(batch.iter().any(|(c, _)| c.paused_since.is_some() || c.reopen_count > 0));
        assert!(batch.iter().any(|(c, _)| c.extension.as_ref().is_some_and(|e| e.granted == Some(true))));
        // Operators' and leaders' notes use the service language: no 服务禁语.
        for (c, h) in &batch {
            for e in h {
                assert!(forbidden_words(&e.note).is_empty(), "{}: {}", c.number, e.note);
            }
        }
    }

    #[test]
    fn complaint_texts_vary_and_name_real_stations() {
        let batch = run(400, 21);
        let contents: HashSet<&str> = batch.iter().map(|(c, _)| c.content.as_str()).collect();
        assert!(contents.len() * 10 > batch.len() * 9, "texts should rarely repeat");
        let (_, stations, _) = stored();
        for (c, _) in &batch {
            if let Some(exit) = &c.exit_station {
                assert!(stations.iter().any(|s| &s.name == exit));
            }
            if let Some(result) = &c.result {
                assert!(!result.investigation.is_empty() && !result.handling.is_empty());
            }
        }
    }

    #[test]
    fn empty_org_gives_nothing_and_no_offices_leaves_complaints_registered() {
        let (units, stations, users) = stored();
        let rules = DeadlineRules::default();
        let calendar = WorkCalendar::builtin();
        let policy = RevisitPolicy::default();
        let ctx = Context { rules: &rules, calendar: &calendar, policy: &policy, units: &units, stations: &stations };
        assert!(generate(10, 1, now(), &ctx, &[]).is_empty());
        let desk_only: Vec<User> = users.iter().filter(|u| u.roles.contains(&Role::Operator)).cloned().collect();
        let (out, errors) = generate_checked(50, 1, now(), &ctx, &desk_only, 1);
        assert!(errors.is_empty(), "{errors:?}");
        assert!(out.iter().all(|(c, _)| matches!(c.state, S::Registered | S::Closed | S::Withdrawn | S::Duplicate)));
    }

    #[test]
    fn calls_are_deterministic_numbered_and_plausible() {
        let (units, _, users) = stored();
        let calls = generate_calls(300, 4, now(), &units, &users);
        assert_eq!(calls, generate_calls(300, 4, now(), &units, &users));
        assert_ne!(calls, generate_calls(300, 5, now(), &units, &users));
        assert_eq!(calls.iter().map(|c| &c.number).collect::<HashSet<_>>().len(), calls.len());
        assert!(calls.windows(2).all(|w| w[0].received_at <= w[1].received_at));
        let categories: BTreeSet<CallCategory> = calls.iter().map(|c| c.category).collect();
        assert_eq!(categories.len(), CallCategory::ALL.len());
        for c in &calls {
            assert!(c.received_at < now());
            assert!(forbidden_words(&c.reply).is_empty(), "{}", c.reply);
            if c.category.kind() == CallKind::Help {
                assert!(c.place.is_some() && c.kstake.is_some() && c.referred_to.is_some(), "{c:?}");
                assert!(parse_kstake_ok(c.kstake.as_deref().unwrap()));
            }
        }
    }

    fn parse_kstake_ok(k: &str) -> bool {
        crate::domain::validate::parse_kstake(k).is_ok_and(|n| n == k)
    }

    /// `lifecycle::diff` compares typed fields; it must say exactly what comparing the whole
    /// serialized complaints says (the history's `changes` column depends on it).
    #[test]
    fn typed_diff_matches_the_serialized_diff() {
        fn reference(before: &Complaint, after: &Complaint) -> serde_json::Value {
            let (Ok(serde_json::Value::Object(a)), Ok(serde_json::Value::Object(b))) =
                (serde_json::to_value(before), serde_json::to_value(after))
            else {
                return serde_json::Value::Null;
            };
            let mut out = serde_json::Map::new();
            for (k, vb) in &b {
                let va = a.get(k).unwrap_or(&serde_json::Value::Null);
                if va != vb {
                    out.insert(k.clone(), serde_json::json!({ "from": va, "to": vb }));
                }
            }
            serde_json::Value::Object(out)
        }
        let batch = run(300, 17);
        let mut fields = BTreeSet::new();
        let top = |key: &str| key.split(['[', '.']).next().unwrap_or(key).to_owned();
        for pair in batch.windows(2) {
            let (a, b) = (&pair[0].0, &pair[1].0);
            let typed = lifecycle::diff(a, b).to_value();
            let reference = reference(a, b);
            let typed_fields: BTreeSet<String> = typed.as_object().unwrap().keys().map(|k| top(k)).collect();
            let reference_fields: BTreeSet<String> = reference.as_object().unwrap().keys().cloned().collect();
            assert_eq!(typed_fields, reference_fields, "{} → {}", a.number, b.number);
            // Down to the list elements and parts: the same entries as serializing everything.
            assert_eq!(typed, lifecycle::diff_serialized(a, b), "{} → {}", a.number, b.number);
            fields.extend(typed_fields);
            assert_eq!(lifecycle::diff(a, a).to_value(), serde_json::json!({}));
            // What one step does to its own complaint's lists: meets a deadline, drops or
            // appends elements.
            let mut step = a.clone();
            if let Some(d) = step.deadlines.first_mut() {
                d.met_at = Some(b.accepted_at);
            }
            step.deadlines.pop();
            step.revisits.extend(b.revisits.iter().cloned());
            step.duplicates.push(b.number.clone());
            step.checklist.conclusion = b.checklist.conclusion;
            step.checklist.videos.extend(b.checklist.videos.iter().cloned());
            assert_eq!(lifecycle::diff(a, &step).to_value(), lifecycle::diff_serialized(a, &step));
        }
        assert!(fields.len() > 35, "pairs should differ in most fields: {fields:?}");
    }

    /// 统计 sums its figures a month of facts at a time; the sums must be what the whole period
    /// gives at once, for every grouping, with partial months at both ends.
    #[test]
    fn month_by_month_figures_add_up_to_the_whole_period() {
        use crate::domain::stats::{self, ComplaintFacts, GroupBy, PeriodFigures, StatsSettings};
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let facts: Vec<ComplaintFacts> =
            run(800, 23).iter().map(|(c, _)| ComplaintFacts::from_complaint(c, now())).collect();
        let (from, to) = (d("2026-02-17"), d("2026-09-12"));
        let trend_from = d("2025-12-01");
        let slices = stats::month_slices(trend_from, to);
        assert_eq!(slices.first(), Some(&(trend_from, d("2025-12-31"))));
        assert_eq!(slices.last(), Some(&(d("2026-09-01"), to)));
        assert!(slices.windows(2).all(|w| w[0].1.succ_opt() == Some(w[1].0)), "contiguous: {slices:?}");
        let settings = StatsSettings { basic_counts_as_satisfied: true };
        for group in
            [GroupBy::None, GroupBy::Category, GroupBy::Source, GroupBy::Office, GroupBy::Station, GroupBy::Month]
        {
            for weekly in [false, true] {
                let mut sums = PeriodFigures::new(from, to, group, settings, trend_from);
                for (lo, hi) in &slices {
                    let month: Vec<_> =
                        facts.iter().filter(|f| (*lo..=*hi).contains(&f.accepted_at.date_naive())).cloned().collect();
                    sums.add(&month);
                }
                let s = sums.finish(weekly);
                let whole = stats::compute(&facts, from, to, group, settings);
                assert!(whole[0].1.volume > 100, "a period with complaints in it");
                assert_eq!(s.rows, whole, "{group:?}");
                let volume =
                    if weekly { stats::weekly_volume(&facts, from, to) } else { stats::daily_volume(&facts, from, to) };
                assert_eq!(s.volume, volume);
                assert_eq!(s.by_category, stats::by_category(&facts, from, to));
                assert_eq!(s.on_time, stats::on_time_by_office(&facts, from, to));
                assert_eq!(s.satisfaction, stats::satisfaction_by_month(&facts, trend_from, to, settings));
            }
        }
    }

    /// `cargo test --release --lib demo -- --ignored --nocapture`
    #[test]
    #[ignore = "timing; run in release"]
    fn hundred_thousand_quickly() {
        let start = std::time::Instant::now();
        let (units, stations, users) = stored();
        let rules = DeadlineRules::default();
        let calendar = WorkCalendar::builtin();
        let policy = RevisitPolicy::default();
        let ctx = Context { rules: &rules, calendar: &calendar, policy: &policy, units: &units, stations: &stations };
        let batch = generate(100_000, 1, now(), &ctx, &users);
        let secs = start.elapsed().as_secs_f64();
        let events: usize = batch.iter().map(|(_, h)| h.len()).sum();
        println!("100k complaints, {events} events in {secs:.2} s");
        let calls = generate_calls(33_000, 1, now(), &stored().0, &stored().2);
        println!("+ {} calls in {:.2} s total", calls.len(), start.elapsed().as_secs_f64());
    }
}

//! The call log (来电登记): consultations answered on the call and help requests referred to the
//! related units, spread over the year, and their revisits — help requests and the sampled
//! consultations, called back about a day later.

use chrono::Duration;

use crate::domain::org::{Role, Unit, UnitId, UnitKind, User};
use crate::domain::revisit::{RevisitPolicy, call_needs_revisit};
use crate::domain::time::BizTime;
use crate::domain::validate::Plate;
use crate::domain::work::{CallCategory, CallKind, CallRecord, RevisitAttempt, Satisfaction, Source};

use super::env::{DIRECTIONS, road_name};
use super::notes::{BASIC_WORDS, unreached_reason};
use super::people::{caller_name, phone, random_vehicle};
use super::random::Gen;
use super::slots::{numbered, year_times};

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

/// What the caller said and what the operator answered or did, by the call's category; a help
/// request is referred to a related unit among `units` (when there is one of its kind).
fn call_text(
    g: &mut Gen,
    category: CallCategory,
    road: &str,
    place: &str,
    units: &[Unit],
) -> (String, String, Option<UnitId>) {
    use CallCategory as K;
    match category {
        K::TollPolicy => toll_policy(g),
        K::Route => route(g, road),
        K::RoadCondition => road_condition(g, road, place),
        K::Weather => weather(g, road),
        K::Tourism => tourism(g),
        K::Etc => etc(g),
        K::OtherConsultation => other_consultation(g),
        _ => help(category, place, units),
    }
}

/// An answered consultation: what was asked and the answer; nobody else is involved.
fn consult(c: &str, r: &str) -> (String, String, Option<UnitId>) {
    (c.to_owned(), r.to_owned(), None)
}

/// 收费政策: holiday exemption, the green lane, a fare looked up.
fn toll_policy(g: &mut Gen) -> (String, String, Option<UnitId>) {
    match g.below(3) {
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
    }
}

/// 行车路线: the way along the road, or the exit for a sight.
fn route(g: &mut Gen, road: &str) -> (String, String, Option<UnitId>) {
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

/// 道路状况: works near a place, or the whole road.
fn road_condition(g: &mut Gen, road: &str, place: &str) -> (String, String, Option<UnitId>) {
    if g.chance(500) {
        (
            format!("询问{place}附近是否有施工、是否拥堵"),
            "该路段有养护施工，占用外侧车道，通行缓慢，请减速慢行，注意施工标志。".to_owned(),
            None,
        )
    } else {
        (format!("询问{road}目前的路况"), "目前全线通行正常，节假日高峰期间请留意沿线情报板提示。".to_owned(), None)
    }
}

/// 天气: fog closures, rain and snow.
fn weather(g: &mut Gen, road: &str) -> (String, String, Option<UnitId>) {
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

/// 旅游: which exit for a sight.
fn tourism(g: &mut Gen) -> (String, String, Option<UnitId>) {
    if g.chance(500) {
        consult("咨询去荆州古城从哪个收费站下高速", "可在荆州东收费站下高速，沿荆州大道行驶约15分钟到达。")
    } else {
        consult("咨询潜江小龙虾美食街附近的高速出口", "可在潜江收费站下高速，按城区指示牌行驶约10分钟到达。")
    }
}

/// ETC: invoices, a failed device, late charge messages.
fn etc(g: &mut Gen) -> (String, String, Option<UnitId>) {
    match g.below(3) {
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
    }
}

/// 其它咨询: lost property, oversize transport permits.
fn other_consultation(g: &mut Gen) -> (String, String, Option<UnitId>) {
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

/// A help request: what happened where, the safety reminder, and the related unit notified (交警
/// and 清障救援 for an accident, 路政 for things on the road, 清障救援 for a breakdown).
fn help(category: CallCategory, place: &str, units: &[Unit]) -> (String, String, Option<UnitId>) {
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
    match category {
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
        if !call_needs_revisit(call, policy) || now - call.received_at < Duration::days(2) {
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

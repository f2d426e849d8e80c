//! Stories: what happened to whom, where and when — everything the texts of one item refer to —
//! and how it reads in the complaint (one set of templates per category), or in a suggestion or
//! praise, which are only recorded.

use chrono::Duration;

use crate::domain::time::BizTime;
use crate::domain::work::{Category, ItemKind, VehicleClass};

use super::people::Vehicle;
use super::words::{when, yuan};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Site {
    Station,
    Road,
    ServiceArea,
}

/// How many complaint templates each category has.
pub(super) fn variants(category: Category) -> usize {
    match category {
        Category::TollDispute | Category::Facilities => 5,
        _ => 4,
    }
}

pub(super) fn complaint_site(category: Category, variant: usize) -> Site {
    use Category as C;
    match (category, variant) {
        (C::Facilities, 1 | 3) | (C::Signage, 3) => Site::ServiceArea,
        (C::Facilities, 2) | (C::Rescue, _) | (C::Signage, 0 | 2) | (C::Other, 1) => Site::Road,
        _ => Site::Station,
    }
}

/// Everything the texts of one item refer to.
pub(super) struct Story {
    pub(super) kind: ItemKind,
    pub(super) category: Category,
    pub(super) variant: usize,
    pub(super) site: Site,
    pub(super) office: Option<usize>,
    pub(super) station: Option<usize>,
    pub(super) station_name: String,
    pub(super) entry: String,
    pub(super) service_area: String,
    /// `汉宜高速宜昌方向K86+300`.
    pub(super) place: String,
    pub(super) kstake: String,
    pub(super) lane: i64,
    pub(super) etc_lane: bool,
    pub(super) vehicle: Vehicle,
    /// The class the toll was charged for (differs in class disputes).
    pub(super) charged_class: VehicleClass,
    pub(super) charged: i64,
    pub(super) due: i64,
    pub(super) staff: String,
    pub(super) staff_no: i64,
    pub(super) passage: BizTime,
    pub(super) accepted: BizTime,
}

impl Story {
    pub(super) fn lane_text(&self) -> String {
        if self.etc_lane { "ETC专用车道".to_owned() } else { format!("{}号人工车道", self.lane) }
    }

    pub(super) fn overwritten(&self) -> bool {
        self.accepted - self.passage > Duration::days(30)
    }
}

/// A complaint's content and request, from its category's templates (`variants` of each).
pub(super) fn complaint_text(s: &Story) -> (String, &'static str) {
    use Category as C;
    match s.category {
        C::TollDispute => toll_dispute(s),
        C::VehicleClassDispute => vehicle_class_dispute(s),
        C::StaffAttitude => staff_attitude(s),
        C::TollStandard => toll_standard(s),
        C::Facilities => facilities(s),
        C::Rescue => rescue(s),
        C::Signage => signage(s),
        C::Other => other(s),
    }
}

/// 收费争议: overcharged, charged twice, no entry record, a charge for a trip not made.
fn toll_dispute(s: &Story) -> (String, &'static str) {
    let w = when(s.passage);
    let st = &s.station_name;
    let en = &s.entry;
    let amt = yuan(s.charged);
    let due = yuan(s.due);
    let lane = s.lane_text();
    let car = &s.vehicle.plate;
    match s.variant {
        0 => (
            format!("{w}驾驶{car}从{en}驶入、{st}驶出，ETC扣费{amt}元，平时走同样路线只扣{due}元，怀疑多扣费。"),
            "核实扣费情况，退还多扣费用",
        ),
        1 => (
            format!("{w}在{st}{lane}出口缴费，收费员收取{amt}元且未主动提供票据，司机认为金额不对，正常应为{due}元。"),
            "核实收费金额并说明计费依据",
        ),
        2 => (
            format!(
                "{w}通过{st}时ETC未能识别，改走人工车道又缴了{due}元，事后发现ETC也扣了一笔{due}元，属于重复扣费。"
            ),
            "退还重复扣除的费用",
        ),
        3 => (
            format!("{w}从{en}上高速，在{st}下道时被告知无入口信息，按最远路径收取{amt}元，实际路径只需{due}元。"),
            "按实际行驶路径收费并退还差额",
        ),
        _ => (
            format!("收到ETC账单，显示{w}在{st}出口有一笔{amt}元的扣费，车辆{car}当天并未通行该路段。"),
            "查明扣费原因，退还错误扣费",
        ),
    }
}

/// 车型争议: the lane (or the ETC tag) took the vehicle for a higher class.
fn vehicle_class_dispute(s: &Story) -> (String, &'static str) {
    let w = when(s.passage);
    let st = &s.station_name;
    let amt = yuan(s.charged);
    let due = yuan(s.due);
    let car = &s.vehicle.plate;
    let cc = s.charged_class;
    match s.variant {
        0 => (
            format!("{w}驾驶{car}（7座小型客车）在{st}出口被按{cc}收费{amt}元，司机认为应按一类客车收费{due}元。"),
            "按一类客车重新计费并退还差额",
        ),
        1 => (
            format!(
                "货车{car}实际为2轴，{w}在{st}出口被判定为{cc}，收费{amt}元，比平时多收{}元。",
                yuan(s.charged - s.due)
            ),
            "核实轴数，退还多收费用",
        ),
        2 => (
            format!("{w}在{st}，收费员认为{car}加装了货箱，按{cc}收费，司机称行驶证登记为小型普通客车。"),
            "按行驶证登记车型收费",
        ),
        _ => (format!("{car}的ETC车载标签车型信息有误，{w}在{st}按{cc}扣费{amt}元。"), "更正车型信息并退还差额"),
    }
}

/// 服务态度: the collector or the plaza guard.
fn staff_attitude(s: &Story) -> (String, &'static str) {
    let w = when(s.passage);
    let st = &s.station_name;
    let lane = s.lane_text();
    match s.variant {
        0 => (
            format!("{w}在{st}{lane}缴费时，收费员态度生硬，找零时把零钱扔在台面上，司机询问时收费员不予理睬。"),
            "要求收费员道歉并加强管理",
        ),
        1 => (
            format!("{w}在{st}因ETC卡读取失败询问收费员，收费员回答“不知道，自己去问发卡方”，语气很不耐烦。"),
            "对收费员进行批评教育",
        ),
        2 => (format!("{w}在{st}出口，司机咨询绿色通道政策，收费员边看手机边回答，服务态度差。"), "规范收费员服务行为"),
        _ => (format!("{w}在{st}收费广场，保安员指挥车辆时大声呵斥司机，言语不文明。"), "对相关人员进行处理并答复"),
    }
}

/// 收费标准: the rate itself, the holiday exemption, the green lane, the truck ETC discount.
fn toll_standard(s: &Story) -> (String, &'static str) {
    let w = when(s.passage);
    let st = &s.station_name;
    let en = &s.entry;
    let amt = yuan(s.charged);
    let due = yuan(s.due);
    let car = &s.vehicle.plate;
    match s.variant {
        0 => (format!("认为{en}至{st}路段收费标准过高，{car}通行一次需{amt}元，比周边高速贵。"), "说明收费标准依据"),
        1 => (
            format!("节假日期间（{w}）驾驶7座小型客车通行，认为应享受免费政策，但在{st}被收费{amt}元。"),
            "解释免费政策执行时段，退还费用",
        ),
        2 => (
            format!("运输鲜活农产品的货车{car}于{w}在{st}未享受绿色通道免费政策，被收取{amt}元。"),
            "按绿色通道政策免收通行费",
        ),
        _ => (
            format!("货车ETC用户，{w}在{st}扣费{amt}元，与宣传的货车ETC九五折优惠不符，应为{due}元。"),
            "核实优惠执行情况",
        ),
    }
}

/// 设施: the ETC lane, the service area, the road surface, the self-service machine.
fn facilities(s: &Story) -> (String, &'static str) {
    let w = when(s.passage);
    let st = &s.station_name;
    let place = &s.place;
    let sa = &s.service_area;
    match s.variant {
        0 => (format!("{w}在{st}ETC车道栏杆未抬起，车辆被迫停车，后方车辆排起长队。"), "尽快检修ETC车道设备"),
        1 => (format!("{w}在{sa}，卫生间无水、地面湿滑，长时间无人打扫。"), "加强服务区卫生管理"),
        2 => (format!("{place}附近路面有坑槽，{w}经过时车辆颠簸严重，担心造成爆胎。"), "尽快修补路面"),
        3 => (format!("{w}在{sa}加油站排队近40分钟，只开放了两台加油机。"), "增开加油机，缩短排队时间"),
        _ => (format!("{w}在{st}出口，自助缴费机无法扫码支付，现场无人指导。"), "尽快维修自助缴费设备"),
    }
}

/// 清障救援: the towing fee, a late truck, no price list, a scratched car.
fn rescue(s: &Story) -> (String, &'static str) {
    let w = when(s.passage);
    let st = &s.station_name;
    let amt = yuan(s.charged);
    let place = &s.place;
    match s.variant {
        0 => (
            format!("{w}车辆在{place}爆胎，清障车拖至{st}附近，收取拖车费{amt}元，司机认为收费过高。"),
            "核实拖车收费标准，退还多收费用",
        ),
        1 => (format!("{w}车辆在{place}故障报警后，清障车约1小时后才到达现场。"), "说明救援车辆迟到原因"),
        2 => (format!("{w}在{place}拖车时，清障人员未出示收费标准，要求现金支付{amt}元。"), "规范清障救援收费"),
        _ => (format!("{w}车辆在{place}抛锚，救援人员态度差，拖车时刮伤车辆前保险杠。"), "赔偿车辆损失"),
    }
}

/// 标识: hidden, too close, missing at road works, unclear before a service area.
fn signage(s: &Story) -> (String, &'static str) {
    let w = when(s.passage);
    let st = &s.station_name;
    let place = &s.place;
    let sa = &s.service_area;
    match s.variant {
        0 => (
            format!("{place}附近的出口预告标志被树枝遮挡，{w}行驶时错过出口，多绕行约30公里。"),
            "清理遮挡物，退还绕行多收的费用",
        ),
        1 => (format!("{st}出口预告标志设置距离太近，{w}来不及变道，错过出口。"), "调整出口预告标志位置"),
        2 => (format!("{place}施工区域警示标志设置不足，{w}夜间经过时险些撞上锥桶。"), "完善施工区域警示标志"),
        _ => (format!("{sa}入口预告标志不清楚，{w}驶过后才发现服务区。"), "增设服务区预告标志"),
    }
}

/// 其它: lost property, roadside sellers, ETC touts, invoices.
fn other(s: &Story) -> (String, &'static str) {
    let w = when(s.passage);
    let st = &s.station_name;
    let place = &s.place;
    match s.variant {
        0 => (format!("{w}在{st}出口缴费时遗失钱包，联系收费站后一直无人回复。"), "协助查找遗失物品"),
        1 => (format!("{w}在{place}看到有人在应急车道停车售卖水果，存在安全隐患。"), "加强路段巡查"),
        2 => (format!("{w}在{st}收费广场被人拦车推销ETC办理，不胜其扰。"), "规范收费广场秩序"),
        _ => {
            (format!("{w}通行{st}时索要通行费发票，工作人员告知需在网上开具，司机不清楚如何操作。"), "提供发票开具指引")
        }
    }
}

/// Suggestions and praise: (category, site) per template.
pub(super) const SUGGESTIONS: &[(Category, Site)] = &[
    (Category::Facilities, Site::Station),
    (Category::Facilities, Site::ServiceArea),
    (Category::Signage, Site::Road),
    (Category::Other, Site::Station),
];
pub(super) const PRAISES: &[(Category, Site)] = &[
    (Category::StaffAttitude, Site::Station),
    (Category::Other, Site::ServiceArea),
    (Category::StaffAttitude, Site::Station),
    (Category::Rescue, Site::Road),
];

pub(super) fn recorded_text(s: &Story) -> (String, &'static str) {
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
pub(super) const MAJOR_SUFFIXES: &[&str] = &[
    "投诉人情绪激动，表示如不尽快处理将向媒体曝光。",
    "投诉人称已准备投诉到交通部。",
    "投诉人称与工作人员发生冲突时遭到殴打，要求严肃处理。",
    "事发时后方车辆追尾发生事故，投诉人要求追究责任。",
];

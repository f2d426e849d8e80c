//! What the office finds and writes: the video rows and their observations (by where it
//! happened and whether the complaint is founded), the checklist complete or half-way, and the
//! office's result — investigation, handling, measures, the call to the driver.

use crate::domain::checklist::{
    Check, CheckOutcome, Checklist, Conclusion, OfficeResult, Responsibility, Retrieval, VideoRow, VideoSource,
};
use crate::domain::time::BizTime;
use crate::domain::work::Category;

use super::random::{Gen, mins};
use super::story::{Site, Story};
use super::words::{hm, when, yuan};

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

pub(super) fn full_checklist(g: &mut Gen, s: &Story, conclusion: Conclusion) -> Checklist {
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
pub(super) fn partial_checklist(full: &Checklist) -> Checklist {
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

pub(super) fn office_result(
    g: &mut Gen,
    s: &Story,
    checklist: &Checklist,
    contacted_at: BizTime,
    round: u32,
) -> OfficeResult {
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

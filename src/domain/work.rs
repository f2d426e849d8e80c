//! Work items: complaints (with every field of the 客服投诉处理单) and call records.

use serde::{Deserialize, Serialize};

use crate::domain::checklist::{Checklist, OfficeResult};
use crate::domain::deadline::{Deadline, Step};
use crate::domain::org::{Signature, StationId, UnitId, UserId};
use crate::domain::time::BizTime;
use crate::domain::validate::{Phone, Plate};
use crate::labeled_enum;

/// The grade is the deadlines' (their rules are per step and grade); a complaint carries one.
pub use crate::domain::deadline::Grade;

labeled_enum! {
    /// What a registered item is: worked complaints, and suggestions/praise that are only recorded.
    pub enum ItemKind {
        Complaint = ("complaint", "投诉"),
        Suggestion = ("suggestion", "建议"),
        Praise = ("praise", "表扬"),
    }
}

labeled_enum! {
    /// Where a complaint came from.
    pub enum Source {
        Provincial = ("provincial", "省中心转办"),
        DirectCall = ("direct_call", "直接来电"),
        Hotline12328 = ("12328", "12328"),
        Letter = ("letter", "来信"),
        Online = ("online", "网络"),
        Other = ("other", "其它"),
    }
}

labeled_enum! {
    /// Complaint categories (domain.md §2.3).
    pub enum Category {
        TollDispute = ("toll_dispute", "收费争议"),
        VehicleClassDispute = ("vehicle_class_dispute", "车型争议"),
        StaffAttitude = ("staff_attitude", "服务态度"),
        TollStandard = ("toll_standard", "收费标准"),
        Facilities = ("facilities", "设施"),
        Rescue = ("rescue", "清障救援"),
        Signage = ("signage", "标识"),
        Other = ("other", "其它"),
    }
}

labeled_enum! {
    /// Toll vehicle class (JT/T 489-2019).
    pub enum VehicleClass {
        Bus1 = ("k1", "一类客车"), Bus2 = ("k2", "二类客车"), Bus3 = ("k3", "三类客车"), Bus4 = ("k4", "四类客车"),
        Truck1 = ("h1", "一类货车"), Truck2 = ("h2", "二类货车"), Truck3 = ("h3", "三类货车"),
        Truck4 = ("h4", "四类货车"), Truck5 = ("h5", "五类货车"), Truck6 = ("h6", "六类货车"),
        Special1 = ("z1", "一类专项作业车"), Special2 = ("z2", "二类专项作业车"), Special3 = ("z3", "三类专项作业车"),
        Special4 = ("z4", "四类专项作业车"), Special5 = ("z5", "五类专项作业车"), Special6 = ("z6", "六类专项作业车"),
    }
}

labeled_enum! {
    /// Plate colour.
    pub enum PlateColour {
        Blue = ("blue", "蓝"),
        Yellow = ("yellow", "黄"),
        Green = ("green", "绿"),
        White = ("white", "白"),
        Black = ("black", "黑"),
        GradientGreen = ("gradient_green", "渐变绿"),
        YellowGreen = ("yellow_green", "黄绿"),
    }
}

labeled_enum! {
    /// Where a complaint stands in its life (domain.md §3).
    pub enum ComplaintState {
        Registered = ("registered", "登记"),
        Dispatched = ("dispatched", "已转办"),
        Investigating = ("investigating", "核查中"),
        AwaitingReview = ("awaiting_review", "待审核"),
        AwaitingRevisit = ("awaiting_revisit", "待回访"),
        AwaitingDecision = ("awaiting_decision", "不满意待定"),
        Closed = ("closed", "已办结"),
        Withdrawn = ("withdrawn", "已撤诉"),
        Duplicate = ("duplicate", "已合并"),
    }
}

impl ComplaintState {
    /// Whether work is still going on (not closed, withdrawn or merged).
    #[must_use]
    pub fn is_open(self) -> bool {
        !matches!(self, Self::Closed | Self::Withdrawn | Self::Duplicate)
    }
}

labeled_enum! {
    /// How a complaint was closed.
    pub enum CloseKind {
        Satisfied = ("satisfied", "回访满意"),
        BasicallySatisfied = ("basically_satisfied", "回访基本满意"),
        Unreached = ("unreached", "回访未果"),
        Unsatisfied = ("unsatisfied", "不满意办结"),
        Recorded = ("recorded", "登记办结"),
    }
}

labeled_enum! {
    /// Satisfaction, on the 3-level scale (满意/基本满意/不满意) or the 5-level one.
    pub enum Satisfaction {
        VerySatisfied = ("very_satisfied", "非常满意"),
        Satisfied = ("satisfied", "满意"),
        BasicallySatisfied = ("basically_satisfied", "基本满意"),
        Unsatisfied = ("unsatisfied", "不满意"),
        VeryUnsatisfied = ("very_unsatisfied", "非常不满意"),
    }
}

impl Satisfaction {
    /// Below 满意: a reason is required.
    #[must_use]
    pub fn below_satisfied(self) -> bool {
        matches!(self, Self::BasicallySatisfied | Self::Unsatisfied | Self::VeryUnsatisfied)
    }

    /// 不满意 or worse: goes to the duty leader.
    #[must_use]
    pub fn is_unsatisfied(self) -> bool {
        matches!(self, Self::Unsatisfied | Self::VeryUnsatisfied)
    }
}

labeled_enum! {
    /// Why a revisit call did not reach the driver.
    pub enum UnreachedReason {
        Busy = ("busy", "占线"),
        NoAnswer = ("no_answer", "无人接听"),
        SwitchedOff = ("switched_off", "关机"),
        WrongNumber = ("wrong_number", "空号"),
    }
}

/// One revisit call attempt (回访).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisitAttempt {
    pub at: BizTime,
    pub by: UserId,
    pub by_name: String,
    /// `None` when the driver was reached.
    pub unreached: Option<UnreachedReason>,
    pub satisfaction: Option<Satisfaction>,
    /// The driver's own words.
    pub words: String,
    /// Required below 满意.
    pub reason: String,
}

/// A request for more time (延期申请), decided by the duty leader.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtensionRequest {
    pub requested_at: BizTime,
    pub by: UserId,
    pub by_name: String,
    pub until: BizTime,
    pub reason: String,
    /// `None` while pending; `Some(true)` granted, `Some(false)` refused.
    pub granted: Option<bool>,
    pub decided_by: Option<Signature>,
}

/// A complaint (or a suggestion / praise) with every field of the 客服投诉处理单.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Complaint {
    /// Our number, e.g. `TS202611210001`.
    pub number: String,
    pub kind: ItemKind,
    pub source: Source,
    /// 省中心工单号, for forwarded complaints.
    pub provincial_number: Option<String>,
    /// When the provincial center forwarded it.
    pub forwarded_at: Option<BizTime>,
    pub accepted_at: BizTime,
    pub accepted_by: UserId,
    pub accepted_by_name: String,
    pub complainant: String,
    pub phone: Phone,
    pub plate: Option<Plate>,
    pub plate_colour: Option<PlateColour>,
    pub vehicle_class: Option<VehicleClass>,
    /// Time of passage.
    pub passage_at: Option<BizTime>,
    pub entry_station: Option<String>,
    pub exit_station: Option<String>,
    pub place: Option<String>,
    /// Normalised K-stake, e.g. `K123+500`.
    pub kstake: Option<String>,
    pub category: Category,
    pub grade: Grade,
    pub content: String,
    /// The complainant's request (诉求).
    pub request: String,
    /// The unit complained about / handling the complaint.
    pub office: Option<UnitId>,
    pub station: Option<StationId>,
    pub state: ComplaintState,
    pub deadlines: Vec<Deadline>,
    /// Set while the clock is paused.
    pub paused_since: Option<BizTime>,
    pub extension: Option<ExtensionRequest>,
    pub checklist: Checklist,
    pub result: Option<OfficeResult>,
    /// Office head's sign-off of the submitted result.
    pub head_signature: Option<Signature>,
    /// The office handler who submitted the result.
    pub handler_signature: Option<Signature>,
    /// Duty leader's approval.
    pub approval: Option<Signature>,
    /// The reason of the last return, shown to the office.
    pub return_reason: Option<String>,
    pub revisits: Vec<RevisitAttempt>,
    pub urge_count: u32,
    /// 重办 count: reopened after an unsatisfied revisit (or after closing).
    pub reopen_count: u32,
    /// Handling round: 1, then +1 for each return or reopen.
    pub round: u32,
    pub duplicate_of: Option<String>,
    /// Numbers of later calls linked to this one.
    pub duplicates: Vec<String>,
    pub closed_at: Option<BizTime>,
    pub close_kind: Option<CloseKind>,
    pub close_reason: Option<String>,
}

impl Complaint {
    /// The open deadline of `step`, if any.
    #[must_use]
    pub fn open_deadline(&self, step: Step) -> Option<&Deadline> {
        self.deadlines.iter().find(|d| d.step == step && d.met_at.is_none())
    }

    /// The earliest open deadline: what the lists show and sort by.
    #[must_use]
    pub fn next_due(&self) -> Option<&Deadline> {
        self.deadlines.iter().filter(|d| d.met_at.is_none()).min_by_key(|d| d.due_at)
    }

    /// The last revisit attempt that reached the driver.
    #[must_use]
    pub fn reached_revisit(&self) -> Option<&RevisitAttempt> {
        self.revisits.iter().rev().find(|r| r.unreached.is_none())
    }
}

labeled_enum! {
    /// What a call record is: a consultation or a help request (domain.md §2).
    pub enum CallKind {
        Consultation = ("consultation", "咨询"),
        Help = ("help", "求助"),
    }
}

labeled_enum! {
    /// Topic of a consultation or type of a help request.
    pub enum CallCategory {
        TollPolicy = ("toll_policy", "收费政策"),
        Route = ("route", "行车路线"),
        RoadCondition = ("road_condition", "道路状况"),
        Weather = ("weather", "天气"),
        Tourism = ("tourism", "旅游"),
        Etc = ("etc", "ETC"),
        OtherConsultation = ("other_consultation", "其它咨询"),
        Accident = ("accident", "交通事故"),
        MechanicalFault = ("mechanical_fault", "机械故障"),
        FlatTyre = ("flat_tyre", "爆胎"),
        NoFuel = ("no_fuel", "缺油"),
        NoWater = ("no_water", "缺水"),
        OtherFault = ("other_fault", "其它故障"),
        OtherHelp = ("other_help", "其它求助"),
    }
}

impl CallCategory {
    /// The kind of call this category belongs to.
    #[must_use]
    pub fn kind(self) -> CallKind {
        match self {
            Self::TollPolicy
            | Self::Route
            | Self::RoadCondition
            | Self::Weather
            | Self::Tourism
            | Self::Etc
            | Self::OtherConsultation => CallKind::Consultation,
            _ => CallKind::Help,
        }
    }
}

/// A consultation or help request from the call log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallRecord {
    /// Our number, e.g. `LD202611210001`.
    pub number: String,
    pub category: CallCategory,
    pub source: Source,
    pub received_at: BizTime,
    pub received_by: UserId,
    pub received_by_name: String,
    pub caller: String,
    pub phone: Phone,
    pub plate: Option<Plate>,
    /// Road and direction, free text.
    pub place: Option<String>,
    pub kstake: Option<String>,
    pub content: String,
    /// What the operator answered or did.
    pub reply: String,
    /// Related unit the help request was passed to (路政, 清障救援 …).
    pub referred_to: Option<UnitId>,
    /// Revisit calls to the caller (help requests and sampled consultations), oldest first.
    #[serde(default)]
    pub revisits: Vec<RevisitAttempt>,
}

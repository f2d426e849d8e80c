//! Intake: raw input (JSON from `new`, a CSV row from `import`, later the form) becomes a
//! validated complaint or call record once, here. Every bad field is reported, in Chinese.

use serde::{Deserialize, Serialize};

use crate::domain::checklist::Checklist;
use crate::domain::org::{Actor, Station, StationId, Unit, UnitId, UnitKind};
use crate::domain::time::{BizTime, parse_biz_time};
use crate::domain::validate::{FieldError, Phone, Plate, check_not_future, check_order, parse_kstake};
use crate::domain::work::{
    CallCategory, CallRecord, Category, Complaint, ComplaintState, Grade, ItemKind, PlateColour, Source, VehicleClass,
};

/// Longest free text accepted in one field.
pub const MAX_TEXT: usize = 4000;

/// A complaint as typed: every field optional text. Keys are the JSON schema of `roaddesk new`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ComplaintInput {
    /// 投诉 (default) / 建议 / 表扬.
    pub kind: Option<String>,
    pub source: Option<String>,
    pub provincial_number: Option<String>,
    pub forwarded_at: Option<String>,
    pub accepted_at: Option<String>,
    pub complainant: Option<String>,
    pub phone: Option<String>,
    pub plate: Option<String>,
    pub plate_colour: Option<String>,
    pub vehicle_class: Option<String>,
    pub passage_at: Option<String>,
    pub entry_station: Option<String>,
    pub exit_station: Option<String>,
    pub place: Option<String>,
    pub kstake: Option<String>,
    pub category: Option<String>,
    pub grade: Option<String>,
    pub content: Option<String>,
    pub request: Option<String>,
    /// Name of the management office complained about.
    pub office: Option<String>,
    /// Name of the toll station.
    pub station: Option<String>,
}

/// Collects field errors while fields are read.
struct Checker {
    errors: Vec<FieldError>,
}

impl Checker {
    fn text(v: Option<&String>) -> Option<String> {
        v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
    }

    fn err(&mut self, field: &str, msg: impl Into<String>) {
        self.errors.push(FieldError::new(field, msg));
    }

    fn required(&mut self, field: &str, v: Option<&String>) -> String {
        match Self::text(v) {
            Some(s) if s.chars().count() > MAX_TEXT => {
                self.err(field, format!("内容过长（最多{MAX_TEXT}字）"));
                s
            }
            Some(s) => s,
            None => {
                self.err(field, "不能为空");
                String::new()
            }
        }
    }

    fn optional(&mut self, field: &str, v: Option<&String>) -> Option<String> {
        let s = Self::text(v)?;
        if s.chars().count() > MAX_TEXT {
            self.err(field, format!("内容过长（最多{MAX_TEXT}字）"));
        }
        Some(s)
    }

    fn choice<T>(&mut self, field: &str, v: Option<&String>, parse: fn(&str) -> Option<T>, choices: &str) -> Option<T> {
        let s = Self::text(v)?;
        let parsed = parse(&s);
        if parsed.is_none() {
            self.err(field, format!("“{s}”不是有效的选项，可选：{choices}"));
        }
        parsed
    }

    fn time(&mut self, field: &str, v: Option<&String>, now: BizTime) -> Option<BizTime> {
        let s = Self::text(v)?;
        if let Some(t) = parse_biz_time(&s) {
            if let Err(e) = check_not_future(field, t, now) {
                self.errors.push(e);
            }
            Some(t)
        } else {
            self.err(field, format!("“{s}”不是有效的时间，格式如 2026-10-01 14:30"));
            None
        }
    }

    fn phone(&mut self, field: &str, v: Option<&String>, required: bool) -> Option<Phone> {
        let Some(s) = Self::text(v) else {
            if required {
                self.err(field, "不能为空");
            }
            return None;
        };
        Phone::parse(&s).map_err(|m| self.err(field, m)).ok()
    }

    fn plate(&mut self, v: Option<&String>) -> Option<Plate> {
        let s = Self::text(v)?;
        match Plate::parse(&s) {
            Ok(p) => Some(p),
            Err(m) => {
                self.err("车牌号码", m);
                None
            }
        }
    }

    fn kstake(&mut self, v: Option<&String>) -> Option<String> {
        let s = Self::text(v)?;
        match parse_kstake(&s) {
            Ok(k) => Some(k),
            Err(m) => {
                self.err("桩号", m);
                None
            }
        }
    }

    fn order(&mut self, earlier_field: &str, earlier: Option<BizTime>, later_field: &str, later: Option<BizTime>) {
        if let (Some(a), Some(b)) = (earlier, later)
            && let Err(e) = check_order(earlier_field, a, later_field, b)
        {
            self.errors.push(e);
        }
    }
}

/// Find a unit by name among units of `kind`.
fn find_unit<'a>(units: &'a [Unit], name: &str, kinds: &[UnitKind]) -> Option<&'a Unit> {
    units.iter().find(|u| u.name == name && kinds.contains(&u.kind))
}

/// The category: required for a complaint (其它 when it is not given for a suggestion or praise).
fn category(ck: &mut Checker, input: &ComplaintInput, kind: ItemKind) -> Category {
    if kind == ItemKind::Complaint {
        let c = ck.choice("投诉类别", input.category.as_ref(), Category::parse, &Category::choices());
        if c.is_none() && Checker::text(input.category.as_ref()).is_none() {
            ck.err("投诉类别", format!("不能为空，可选：{}", Category::choices()));
        }
        c.unwrap_or(Category::Other)
    } else {
        ck.choice("投诉类别", input.category.as_ref(), Category::parse, &Category::choices()).unwrap_or(Category::Other)
    }
}

/// The office complained about and the toll station, by name. A station alone names its office;
/// with an office, a station's name is looked up among that office's stations.
fn office_and_station(
    ck: &mut Checker,
    input: &ComplaintInput,
    units: &[Unit],
    stations: &[Station],
) -> (Option<UnitId>, Option<StationId>) {
    let mut office: Option<UnitId> = None;
    let mut station: Option<StationId> = None;
    if let Some(name) = Checker::text(input.office.as_ref()) {
        if let Some(u) = find_unit(units, &name, &[UnitKind::Office]) {
            office = Some(u.id);
        } else {
            let names: Vec<&str> =
                units.iter().filter(|u| u.kind == UnitKind::Office).map(|u| u.name.as_str()).collect();
            ck.err("被投诉单位", format!("没有名为“{name}”的管理所，可选：{}", names.join("/")));
        }
    }
    if let Some(name) = Checker::text(input.station.as_ref()) {
        let found: Vec<&Station> =
            stations.iter().filter(|s| s.name == name || s.name.trim_end_matches("收费站") == name).collect();
        match (found.as_slice(), office) {
            ([], _) => ck.err("收费站", format!("没有名为“{name}”的收费站")),
            ([s], None) => {
                station = Some(s.id);
                office = Some(s.office);
            }
            (many, Some(o)) => match many.iter().find(|s| s.office == o) {
                Some(s) => station = Some(s.id),
                None => ck.err("收费站", format!("“{name}”不归所填的管理所管辖")),
            },
            (_, None) => ck.err("收费站", format!("有多个名为“{name}”的收费站，请同时填写管理所")),
        }
    }
    (office, station)
}

/// Validate a complaint as typed. `actor` registers it at `now`; units and stations resolve names.
/// The returned complaint has an empty number: the store assigns it.
pub fn validate_complaint(
    input: &ComplaintInput,
    actor: &Actor,
    now: BizTime,
    units: &[Unit],
    stations: &[Station],
) -> Result<Complaint, Vec<FieldError>> {
    let mut ck = Checker { errors: Vec::new() };
    let kind =
        ck.choice("类型", input.kind.as_ref(), ItemKind::parse, &ItemKind::choices()).unwrap_or(ItemKind::Complaint);
    let source =
        ck.choice("来源", input.source.as_ref(), Source::parse, &Source::choices()).unwrap_or(Source::DirectCall);
    let provincial_number = ck.optional("省中心工单号", input.provincial_number.as_ref());
    if source == Source::Provincial && provincial_number.is_none() {
        ck.err("省中心工单号", "省中心转办的投诉须填写省中心工单号");
    }
    if provincial_number.as_ref().is_some_and(|n| n.chars().count() > 40) {
        ck.err("省中心工单号", "过长（最多40个字符）");
    }
    let forwarded_at = ck.time("转办时间", input.forwarded_at.as_ref(), now);
    let accepted_at = ck.time("受理时间", input.accepted_at.as_ref(), now).unwrap_or(now);
    ck.order("转办时间", forwarded_at, "受理时间", Some(accepted_at));
    let complainant = ck.optional("投诉人", input.complainant.as_ref()).unwrap_or_default();
    let phone = ck.phone("联系电话", input.phone.as_ref(), true);
    let plate = ck.plate(input.plate.as_ref());
    let plate_colour = ck.choice("车牌颜色", input.plate_colour.as_ref(), PlateColour::parse, &PlateColour::choices());
    let vehicle_class = ck.choice("车型", input.vehicle_class.as_ref(), VehicleClass::parse, &VehicleClass::choices());
    let passage_at = ck.time("通行时间", input.passage_at.as_ref(), now);
    ck.order("通行时间", passage_at, "受理时间", Some(accepted_at));
    let entry_station = ck.optional("入口站", input.entry_station.as_ref());
    let exit_station = ck.optional("出口站", input.exit_station.as_ref());
    let location = ck.optional("地点", input.place.as_ref());
    let kstake = ck.kstake(input.kstake.as_ref());
    let category = category(&mut ck, input, kind);
    let grade = ck.choice("投诉等级", input.grade.as_ref(), Grade::parse, &Grade::choices()).unwrap_or(Grade::Ordinary);
    let content = ck.required("投诉内容", input.content.as_ref());
    let request = ck.optional("诉求", input.request.as_ref()).unwrap_or_default();
    let (office, station) = office_and_station(&mut ck, input, units, stations);

    let Some(phone) = phone else {
        return Err(ck.errors);
    };
    if !ck.errors.is_empty() {
        return Err(ck.errors);
    }
    Ok(Complaint {
        number: String::new(),
        kind,
        source,
        provincial_number,
        forwarded_at,
        accepted_at,
        accepted_by: actor.id,
        accepted_by_name: actor.name.clone(),
        complainant,
        phone,
        plate,
        plate_colour,
        vehicle_class,
        passage_at,
        entry_station,
        exit_station,
        place: location,
        kstake,
        category,
        grade,
        content,
        request,
        office,
        station,
        state: ComplaintState::Registered,
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
    })
}

/// Words that make a complaint 重大 (domain.md §3, `003_*.txt`): suggest the grade, never force it.
#[must_use]
pub fn suggests_major(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "事故",
        "受伤",
        "骚扰",
        "抢劫",
        "失联",
        "媒体",
        "记者",
        "曝光",
        "投诉到交通部",
        "上访",
        "12345",
        "打人",
        "殴打",
    ];
    WORDS.iter().any(|w| text.contains(w))
}

/// A call (consultation or help request) as typed. Keys are the JSON schema of `roaddesk new`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CallInput {
    pub category: Option<String>,
    pub source: Option<String>,
    pub received_at: Option<String>,
    pub caller: Option<String>,
    pub phone: Option<String>,
    pub plate: Option<String>,
    pub place: Option<String>,
    pub kstake: Option<String>,
    pub content: Option<String>,
    pub reply: Option<String>,
    /// Name of the related unit the help request was passed to.
    pub referred_to: Option<String>,
}

/// Validate a call record as typed.
pub fn validate_call(
    input: &CallInput,
    actor: &Actor,
    now: BizTime,
    units: &[Unit],
) -> Result<CallRecord, Vec<FieldError>> {
    let mut ck = Checker { errors: Vec::new() };
    let category = ck.choice("来电类别", input.category.as_ref(), CallCategory::parse, &CallCategory::choices());
    if Checker::text(input.category.as_ref()).is_none() {
        ck.err("来电类别", format!("不能为空，可选：{}", CallCategory::choices()));
    }
    let source =
        ck.choice("来源", input.source.as_ref(), Source::parse, &Source::choices()).unwrap_or(Source::DirectCall);
    let received_at = ck.time("来电时间", input.received_at.as_ref(), now).unwrap_or(now);
    let caller = ck.optional("来电人", input.caller.as_ref()).unwrap_or_default();
    let phone = ck.phone("联系电话", input.phone.as_ref(), true);
    let plate = ck.plate(input.plate.as_ref());
    let location = ck.optional("地点", input.place.as_ref());
    let kstake = ck.kstake(input.kstake.as_ref());
    let content = ck.required("来电内容", input.content.as_ref());
    let reply = ck.optional("答复内容", input.reply.as_ref()).unwrap_or_default();
    let mut referred_to = None;
    if let Some(name) = Checker::text(input.referred_to.as_ref()) {
        match units.iter().find(|u| u.name == name) {
            Some(u) => referred_to = Some(u.id),
            None => ck.err("转交单位", format!("没有名为“{name}”的单位")),
        }
    }
    let is_help = category.is_some_and(|c| c.kind() == crate::domain::work::CallKind::Help);
    if is_help && location.is_none() && kstake.is_none() {
        ck.err("地点", "求助须填写地点或桩号，以便派出救援");
    }
    match (category, phone) {
        (Some(category), Some(phone)) if ck.errors.is_empty() => Ok(CallRecord {
            number: String::new(),
            category,
            source,
            received_at,
            received_by: actor.id,
            received_by_name: actor.name.clone(),
            caller,
            phone,
            plate,
            place: location,
            kstake,
            content,
            reply,
            referred_to,
            revisits: Vec::new(),
        }),
        _ => Err(ck.errors),
    }
}

//! The organisation as stored, as the generator sees it: the duty desk and leaders, each office
//! that can work a complaint (a handler, a head and at least one station) with its stretch of
//! road, and the revisit policy's spacing.

use crate::domain::lifecycle::Context;
use crate::domain::org::{Actor, Role, StationId, Unit, UnitId, UnitKind, User};
use crate::domain::time::BizTime;

pub(super) struct OfficeEnv {
    pub(super) id: UnitId,
    /// The service area on this office's stretch.
    pub(super) service_area: String,
    /// (id, name) of its stations.
    pub(super) stations: Vec<(StationId, String)>,
    /// First kilometre of its stretch.
    pub(super) km_from: i64,
    pub(super) handler: Actor,
    pub(super) head: Actor,
}

pub(super) struct Env<'a> {
    pub(super) ctx: &'a Context<'a>,
    pub(super) now: BizTime,
    pub(super) road: String,
    pub(super) desk: Vec<Actor>,
    pub(super) leaders: Vec<Actor>,
    pub(super) offices: Vec<OfficeEnv>,
    /// Names for entry stations: ours and neighbouring roads'.
    pub(super) entries: Vec<String>,
    pub(super) attempts: u32,
    /// Minutes between revisit attempts that count.
    pub(super) spacing: i64,
    pub(super) five_level: bool,
}

pub(super) const DIRECTIONS: &[&str] = &["武汉方向", "宜昌方向"];
pub(super) const NEIGHBOUR_STATIONS: &[&str] =
    &["武汉西收费站", "蔡甸收费站", "宜昌东收费站", "枝江收费站", "沙市收费站", "天门收费站", "孝感南收费站"];

/// The road's name from the segment center's (`汉宜高速信息监控分中心` → `汉宜高速`).
pub(super) fn road_name(units: &[Unit]) -> String {
    units
        .iter()
        .filter(|u| u.kind == UnitKind::Segment)
        .find_map(|u| u.name.find("高速").map(|i| u.name[..i + "高速".len()].to_owned()))
        .unwrap_or_else(|| "汉宜高速".to_owned())
}

impl<'a> Env<'a> {
    pub(super) fn new(ctx: &'a Context<'a>, users: &[User], now: BizTime) -> Option<Self> {
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

    pub(super) fn can_work(&self) -> bool {
        !self.offices.is_empty()
    }
}

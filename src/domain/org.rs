//! Organisation: units in a tree, toll stations, users and their roles.

use serde::{Deserialize, Serialize};

use crate::labeled_enum;

/// Database id of a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UnitId(pub i64);

/// Database id of a toll station.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct StationId(pub i64);

/// Database id of a user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UserId(pub i64);

labeled_enum! {
    /// What kind of unit a node of the organisation tree is.
    pub enum UnitKind {
        Provincial = ("provincial", "省客服中心"),
        Segment = ("segment", "路段中心"),
        Office = ("office", "管理所"),
        RoadAdmin = ("road_admin", "路政"),
        TrafficPolice = ("traffic_police", "交警"),
        Rescue = ("rescue", "清障救援"),
        ServiceArea = ("service_area", "服务区"),
        EtcIssuer = ("etc_issuer", "ETC发行方"),
    }
}

labeled_enum! {
    /// What a user may do; a user holds one or more.
    pub enum Role {
        Operator = ("operator", "值班员"),
        DutyLeader = ("duty_leader", "值班领导"),
        OfficeHandler = ("office_handler", "管理所经办人"),
        OfficeHead = ("office_head", "管理所负责人"),
        Admin = ("admin", "中心管理员"),
    }
}

/// A unit of the organisation tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    pub id: UnitId,
    pub name: String,
    pub kind: UnitKind,
    pub parent: Option<UnitId>,
    /// Related units have a phone to give callers (路政, 清障救援 …).
    pub phone: Option<String>,
}

/// A toll station, run by a management office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Station {
    pub id: StationId,
    pub name: String,
    pub office: UnitId,
}

/// A person who logs in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: UserId,
    pub login: String,
    pub name: String,
    pub unit: UnitId,
    pub roles: Vec<Role>,
    pub active: bool,
}

/// Who is acting: an authenticated user, as the state machine sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub id: UserId,
    pub name: String,
    pub unit: UnitId,
    pub roles: Vec<Role>,
}

impl Actor {
    /// Whether the actor holds `role`.
    #[must_use]
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

impl From<&User> for Actor {
    fn from(u: &User) -> Self {
        Self { id: u.id, name: u.name.clone(), unit: u.unit, roles: u.roles.clone() }
    }
}

/// A name and a time: who signed a step and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    pub user: UserId,
    pub name: String,
    pub at: crate::domain::time::BizTime,
}

/// Roles joined with `、` for display.
#[must_use]
pub fn roles_label(roles: &[Role]) -> String {
    roles.iter().map(|r| r.label()).collect::<Vec<_>>().join("、")
}

//! The demo organisation: 湖北省高速公路客服中心 → 汉宜高速信息监控分中心 → four management
//! offices with their toll stations, the related units with phone numbers, and one login per
//! role (the table in the module documentation of `demo`). Plain data, no randomness.

use crate::domain::org::{Role, UnitKind};

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

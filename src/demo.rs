//! TEMPORARY signature stub — replaced by the generator on merge.
use crate::domain::lifecycle::{Context, HistoryEvent};
use crate::domain::org::{Role, Unit, UnitKind, User};
use crate::domain::time::BizTime;
use crate::domain::work::{CallRecord, Complaint};
pub struct DemoUnit {
    pub name: String,
    pub kind: UnitKind,
    pub parent: Option<usize>,
    pub phone: Option<String>,
}
pub struct DemoStation {
    pub name: String,
    pub office: usize,
}
pub struct DemoUser {
    pub login: String,
    pub name: String,
    pub unit: usize,
    pub roles: Vec<Role>,
    pub password: String,
}
pub struct DemoOrg {
    pub units: Vec<DemoUnit>,
    pub stations: Vec<DemoStation>,
    pub users: Vec<DemoUser>,
}
#[must_use]
pub fn demo_org() -> DemoOrg {
    todo!()
}
#[must_use]
pub fn generate(
    _n: usize,
    _seed: u64,
    _now: BizTime,
    _ctx: &Context<'_>,
    _users: &[User],
) -> Vec<(Complaint, Vec<HistoryEvent>)> {
    todo!()
}
#[must_use]
pub fn generate_calls(_n: usize, _seed: u64, _now: BizTime, _units: &[Unit], _users: &[User]) -> Vec<CallRecord> {
    todo!()
}

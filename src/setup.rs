//! Setting up a database: a new center (what `init` and the first-run screen do) or the demo
//! data (what `demo` and the first-run screen's button do). One place for both front ends.

use crate::auth::hash_password;
use crate::domain::org::{Role, UnitKind};
use crate::domain::time::BizTime;
use crate::store::{NewUnit, PreparedBatch, Store, StoreError};

/// A new center: its name, management offices with their stations, and the first admin.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CenterSetup {
    pub provincial: String,
    pub center: String,
    /// Office name and its stations.
    pub offices: Vec<(String, Vec<String>)>,
    pub admin_login: String,
    pub admin_name: String,
    pub admin_password: String,
}

/// Why a set-up failed, in Chinese.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error("数据库已有数据：{0}")]
    NotEmpty(String),
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Create the unit tree, offices, stations and the admin on an empty database.
pub fn setup_center(store: &mut dyn Store, s: &CenterSetup) -> Result<(), SetupError> {
    if !store.is_empty()? {
        return Err(SetupError::NotEmpty("已经设置过，请直接登录".into()));
    }
    if s.center.trim().is_empty() {
        return Err(SetupError::Invalid("请填写路段中心名称".into()));
    }
    if s.admin_login.trim().is_empty() || s.admin_name.trim().is_empty() {
        return Err(SetupError::Invalid("请填写管理员的登录名和姓名".into()));
    }
    let hash = hash_password(&s.admin_password).map_err(|e| SetupError::Invalid(e.to_string()))?;
    let unit = |name: &str, kind, parent| NewUnit { name: name.trim().to_owned(), kind, parent, phone: None };
    let provincial = store.add_unit(&NewUnit {
        phone: Some("12328".into()),
        ..unit(if s.provincial.trim().is_empty() { "省客服中心" } else { &s.provincial }, UnitKind::Provincial, None)
    })?;
    let center = store.add_unit(&unit(&s.center, UnitKind::Segment, Some(provincial)))?;
    for (name, kind, phone) in [
        ("路政大队", UnitKind::RoadAdmin, None),
        ("高速交警大队", UnitKind::TrafficPolice, Some("122")),
        ("清障救援队", UnitKind::Rescue, None),
        ("服务区管理处", UnitKind::ServiceArea, None),
    ] {
        store.add_unit(&NewUnit { phone: phone.map(Into::into), ..unit(name, kind, Some(center)) })?;
    }
    for (office, stations) in s.offices.iter().filter(|(o, _)| !o.trim().is_empty()) {
        let id = store.add_unit(&unit(office, UnitKind::Office, Some(center)))?;
        for st in stations.iter().filter(|st| !st.trim().is_empty()) {
            store.add_station(st.trim(), id)?;
        }
    }
    store.add_user(s.admin_login.trim(), s.admin_name.trim(), center, &[Role::Admin], &hash)?;
    Ok(())
}

/// What the demo put in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoSummary {
    pub complaints: usize,
    pub calls: usize,
    pub users: usize,
}

/// Fill an empty database with the demo organisation and `n` complaints (deterministic for
/// `seed` and `now`). `progress` hears how many complaints are written so far.
pub fn install_demo(
    store: &mut dyn Store,
    n: usize,
    seed: u64,
    now: BizTime,
    mut progress: impl FnMut(usize),
) -> Result<DemoSummary, SetupError> {
    if !store.is_empty()? {
        return Err(SetupError::NotEmpty("演示数据只能装入新数据库".into()));
    }
    let org = crate::demo::demo_org();
    let mut ids = Vec::with_capacity(org.units.len());
    for u in &org.units {
        let parent = u.parent.map(|i| ids[i]);
        ids.push(store.add_unit(&NewUnit { name: u.name.clone(), kind: u.kind, parent, phone: u.phone.clone() })?);
    }
    for s in &org.stations {
        store.add_station(&s.name, ids[s.office])?;
    }
    for u in &org.users {
        let hash = hash_password(&u.password).map_err(|e| SetupError::Invalid(e.to_string()))?;
        store.add_user(&u.login, &u.name, ids[u.unit], &u.roles, &hash)?;
    }
    let data = store.context_data()?;
    let users = store.users()?;
    let Some(file) = store.as_sqlite() else {
        // A server: chunk by chunk, each in its own transaction.
        let mut written = 0;
        crate::demo::generate_chunked(n, seed, now, &data.context(), &users, 2000, Ok::<_, StoreError>, |chunk| {
            let chunk: Vec<_> = chunk?;
            store.insert_generated(&chunk)?;
            written += chunk.len();
            progress(written);
            Ok::<(), StoreError>(())
        })?;
        return finish_demo(store, n, seed, now, written, org.users.len());
    };
    // Generated in chunks while the previous chunk is written, all in one transaction.
    let complaints = file.bulk(|w| {
        let mut written = 0;
        crate::demo::generate_chunked(n, seed, now, &data.context(), &users, 5000, PreparedBatch::new, |batch| {
            let batch = batch?;
            w.write(&batch)?;
            written += batch.len();
            progress(written);
            Ok::<(), StoreError>(())
        })?;
        Ok(written)
    })?;
    finish_demo(store, n, seed, now, complaints, org.users.len())
}

/// The demo's calls, after its complaints.
fn finish_demo(
    store: &mut dyn Store,
    n: usize,
    seed: u64,
    now: BizTime,
    complaints: usize,
    users: usize,
) -> Result<DemoSummary, SetupError> {
    let data = store.context_data()?;
    let people = store.users()?;
    let mut calls = crate::demo::generate_calls(n / 3, seed, now, &data.units, &people);
    crate::demo::revisit_calls(&mut calls, &data.policy, seed, now);
    store.insert_calls(&calls)?;
    Ok(DemoSummary { complaints, calls: calls.len(), users })
}

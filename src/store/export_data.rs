//! What the printed forms, reports and list exports need, gathered from any [`Store`]: the data
//! goes to `crate::export`, which never sees the store.

use chrono::NaiveDate;

use super::api::Store;
use super::error::{Result, StoreError};
use super::types::ComplaintRow;
use crate::domain::org::{Unit, UnitKind};
use crate::domain::time::BizTime;

/// Everything a printed form of `number` needs, as the store knows it: the complaint, its history,
/// the office and station names, the issuing segment center (the unit of the operator who
/// accepted it, else the first segment center), and the signers' uploaded signature images.
pub fn form_data(store: &dyn Store, number: &str) -> Result<crate::export::FormData> {
    let complaint = store.complaint(number)?.ok_or_else(|| StoreError::NotFound(number.to_owned()))?;
    let history = store.history(number)?;
    let units = store.units()?;
    let stations = store.stations()?;
    let accepted_unit = store.users()?.into_iter().find(|u| u.id == complaint.accepted_by).map(|u| u.unit);
    let segments: Vec<&Unit> = units.iter().filter(|u| u.kind == UnitKind::Segment).collect();
    let issuer = segments
        .iter()
        .find(|u| Some(u.id) == accepted_unit)
        .or_else(|| segments.first())
        .map(|u| u.name.clone())
        .unwrap_or_default();
    let office_name = complaint.office.and_then(|id| units.iter().find(|u| u.id == id)).map(|u| u.name.clone());
    let station_name = complaint.station.and_then(|id| stations.iter().find(|s| s.id == id)).map(|s| s.name.clone());
    let image = |s: Option<&crate::domain::org::Signature>| s.map_or(Ok(None), |s| store.signature(s.user));
    let signatures = crate::export::SignatureImages {
        handler: image(complaint.handler_signature.as_ref())?,
        head: image(complaint.head_signature.as_ref())?,
        leader: image(complaint.approval.as_ref())?,
    };
    Ok(crate::export::FormData { issuer, complaint, history, office_name, station_name, signatures })
}

/// The segment center's name, printed on reports: the first segment center of the organisation.
pub fn center_name(store: &dyn Store) -> Result<String> {
    Ok(store.units()?.into_iter().find(|u| u.kind == UnitKind::Segment).map(|u| u.name).unwrap_or_default())
}

/// The names of offices and stations by id, for reports and exports.
pub fn unit_names(store: &dyn Store) -> Result<crate::export::Names> {
    Ok(crate::export::Names {
        units: store.units()?.into_iter().map(|u| (u.id, u.name)).collect(),
        stations: store.stations()?.into_iter().map(|s| (s.id, s.name)).collect(),
    })
}

/// Everything the report over `from..=to` needs (a calendar month for the 月报): the facts of the
/// complaints accepted in the period and in the six months ending with it (the satisfaction
/// trend), at `now`.
pub fn report_data(
    store: &dyn Store,
    from: NaiveDate,
    to: NaiveDate,
    now: BizTime,
) -> Result<crate::export::report::ReportData> {
    let trend = crate::domain::stats::Month::of(to).last_n(crate::export::report::TREND_MONTHS);
    let first = trend.first().map_or(from, |m| m.first().min(from));
    Ok(crate::export::report::ReportData {
        issuer: center_name(store)?,
        from,
        to,
        facts: store.facts(first, to, now)?,
        names: unit_names(store)?,
        settings: store.stats_settings()?,
        generated_at: now,
    })
}

impl From<&ComplaintRow> for crate::export::sheets::ListLine {
    fn from(r: &ComplaintRow) -> Self {
        Self {
            number: r.number.clone(),
            kind: r.kind,
            source: r.source,
            provincial_number: r.provincial_number.clone(),
            accepted_at: r.accepted_at,
            complainant: r.complainant.clone(),
            phone: r.phone.clone(),
            plate: r.plate.clone(),
            category: r.category,
            grade: r.grade,
            office: r.office.clone(),
            station: r.station.clone(),
            state: r.state,
            due_step: r.due_step,
            due_at: r.due_at,
            urge_count: r.urge_count,
            reopen_count: r.reopen_count,
        }
    }
}

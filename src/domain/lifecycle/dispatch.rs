//! Sending the form to a management office: 转办 (dispatch) and 改派 (transfer to another
//! office), and the check registration shares — a complaint goes to an office, and its toll
//! station is one of that office's.

use crate::domain::deadline::Step;
use crate::domain::org::{StationId, UnitId, UnitKind};
use crate::domain::rights::{ActionError, ActionKind};
use crate::domain::validate::FieldError;
use crate::domain::work::{Complaint, ComplaintState as S, ItemKind};

use super::clock::start_deadline;
use super::context::{Act, Context, refused, unit_name, with_text};

/// `office` is a management office, and `station` (if any) one of its toll stations.
pub(super) fn check_office(ctx: &Context<'_>, office: UnitId, station: Option<StationId>) -> Result<(), ActionError> {
    let unit = ctx.units.iter().find(|u| u.id == office).ok_or_else(|| FieldError::new("办理单位", "单位不存在"))?;
    if unit.kind != UnitKind::Office {
        return Err(FieldError::new("办理单位", format!("「{}」不是管理所，投诉只能转办给管理所", unit.name)).into());
    }
    if let Some(sid) = station {
        let st = ctx.stations.iter().find(|s| s.id == sid).ok_or_else(|| FieldError::new("收费站", "收费站不存在"))?;
        if st.office != office {
            return Err(FieldError::new("收费站", format!("「{}」不归「{}」管辖", st.name, unit.name)).into());
        }
    }
    Ok(())
}

/// 转办 or 改派 (`a.kind` says which) to `office`: the office-handling clock starts again there.
/// A dispatch keeps the registered station unless one is given; a transfer takes only the one
/// given (the old office's station is not the new one's).
pub(super) fn send(
    a: &Act<'_>,
    n: &mut Complaint,
    office: UnitId,
    station: Option<StationId>,
    text: &str,
) -> Result<String, ActionError> {
    let (c, kind, ctx) = (a.before, a.kind, a.ctx);
    check_office(ctx, office, station)?;
    if kind == ActionKind::Transfer && c.office == Some(office) {
        return Err(FieldError::new("办理单位", "改派的单位与当前办理单位相同").into());
    }
    if c.kind != ItemKind::Complaint {
        return Err(refused(format!("{}只需登记，不转办", c.kind)));
    }
    n.office = Some(office);
    n.station = station.or(if kind == ActionKind::Transfer { None } else { c.station });
    n.state = S::Dispatched;
    n.extension = None;
    start_deadline(n, Step::OfficeHandling, a.now, ctx);
    Ok(format!("{}至{}{}", kind.label(), unit_name(ctx, Some(office)), with_text(text)))
}

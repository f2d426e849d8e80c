//! The management office's steps: 签收 (accept), the video-check checklist saved as it is worked,
//! and the result submitted with the office head's signature (domain.md §3).

use crate::domain::checklist::{Checklist, OfficeResult};
use crate::domain::deadline::Step;
use crate::domain::org::{Actor, Role};
use crate::domain::rights::ActionError;
use crate::domain::time::format_biz;
use crate::domain::validate::{FUTURE_TOLERANCE_SECS, FieldError};
use crate::domain::work::{Complaint, ComplaintState as S};

use super::clock::meet;
use super::context::{Act, refused, sign, unit_name};

/// 签收: the office has the form; the first response is made.
pub(super) fn accept(a: &Act<'_>, n: &mut Complaint, text: &str) -> String {
    n.state = S::Investigating;
    meet(n, Step::FirstResponse, a.now);
    text.trim().to_owned()
}

/// 保存核查: the checklist (and a draft result) as far as it is filled in.
pub(super) fn save_checklist(n: &mut Complaint, checklist: &Checklist, result: Option<&OfficeResult>) -> String {
    n.checklist = checklist.clone();
    if let Some(r) = result {
        n.result = Some(r.clone());
    }
    let missing = checklist.missing();
    if missing.is_empty() {
        "核查清单已填完".to_owned()
    } else {
        format!("核查清单暂存（尚缺{}项）", missing.len())
    }
}

/// 提交结果: a complete checklist and result, signed by the handler and by `head`, the head of
/// the complaint's office (already authenticated by the caller), go to the duty leader.
pub(super) fn submit_result(
    a: &Act<'_>,
    n: &mut Complaint,
    result: &OfficeResult,
    head: &Actor,
) -> Result<String, ActionError> {
    let (c, now) = (a.before, a.now);
    let mut missing = c.checklist.missing();
    missing.extend(result.missing());
    if !missing.is_empty() {
        return Err(ActionError::Incomplete(missing));
    }
    if !head.has(Role::OfficeHead) {
        return Err(refused(format!("{}不是管理所负责人，不能签字", head.name)));
    }
    if Some(head.unit) != c.office {
        return Err(refused(format!("{}不是{}的负责人，不能签字", head.name, unit_name(a.ctx, c.office))));
    }
    if let Some(at) = result.contacted_at
        && at > now + chrono::Duration::seconds(FUTURE_TOLERANCE_SECS)
    {
        return Err(FieldError::new("联系司乘时间", format!("不能晚于当前时间（{}）", format_biz(now))).into());
    }
    n.result = Some(result.clone());
    n.handler_signature = Some(sign(a.actor, now));
    n.head_signature = Some(sign(head, now));
    n.return_reason = None;
    n.state = S::AwaitingReview;
    meet(n, Step::OfficeHandling, now);
    meet(n, Step::FirstResponse, now);
    if n.extension.as_ref().is_some_and(|e| e.granted.is_none()) {
        n.extension = None;
    }
    Ok(format!("负责人{}签字", head.name))
}

//! The duty leader's review of the office's result: 审核通过 (approve; the revisit clock starts)
//! or 退回 (return, with a reason; a new handling round starts at the office).

use crate::domain::deadline::Step;
use crate::domain::rights::ActionError;
use crate::domain::work::{Complaint, ComplaintState as S};

use super::clock::start_deadline;
use super::context::{Act, required, sign};

/// 审核通过: signed by the leader; the complaint waits for its revisit.
pub(super) fn approve(a: &Act<'_>, n: &mut Complaint, text: &str) -> String {
    n.approval = Some(sign(a.actor, a.now));
    n.state = S::AwaitingRevisit;
    start_deadline(n, Step::Revisit, a.now, a.ctx);
    text.trim().to_owned()
}

/// 退回: the signatures are void, the round counts up and the office clock starts again.
pub(super) fn return_to_office(a: &Act<'_>, n: &mut Complaint, reason: &str) -> Result<String, ActionError> {
    let reason = required("退回原因", reason)?;
    n.return_reason = Some(reason.clone());
    n.head_signature = None;
    n.handler_signature = None;
    n.round += 1;
    n.state = S::Investigating;
    start_deadline(n, Step::OfficeHandling, a.now, a.ctx);
    Ok(reason)
}

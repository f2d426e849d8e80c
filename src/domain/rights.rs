//! Who may act, below everything that acts: the kinds of lifecycle action, the role groups the
//! rules speak of (the duty desk, the duty leader, the office), the refusal every step returns
//! ([`ActionError`], one Chinese sentence each), and the one right that does not depend on a
//! complaint's state — the duty desk's, to register complaints and calls ([`may_register`]).
//!
//! Both the complaint lifecycle (`lifecycle`) and the call log's revisits (`revisit`) refuse
//! with these, so they live in neither. Which roles may take which action from which state is
//! the lifecycle's table (`lifecycle::rule`), written in these role groups.

use crate::domain::org::{Actor, Role, roles_label};
use crate::domain::validate::FieldError;
use crate::domain::work::ComplaintState;
use crate::labeled_enum;

labeled_enum! {
    /// Every lifecycle action; each yields one history event.
    pub enum ActionKind {
        Register = ("register", "登记"),
        Dispatch = ("dispatch", "转办"),
        Transfer = ("transfer", "改派"),
        Accept = ("accept", "签收"),
        SaveChecklist = ("save_checklist", "保存核查"),
        SubmitResult = ("submit_result", "提交结果"),
        Approve = ("approve", "审核通过"),
        Return = ("return", "退回"),
        Urge = ("urge", "催办"),
        RequestExtension = ("request_extension", "申请延期"),
        GrantExtension = ("grant_extension", "同意延期"),
        RefuseExtension = ("refuse_extension", "不同意延期"),
        Pause = ("pause", "暂停计时"),
        Resume = ("resume", "恢复计时"),
        RecordRevisit = ("revisit", "回访"),
        Reopen = ("reopen", "重办"),
        Close = ("close", "办结"),
        Withdraw = ("withdraw", "撤诉"),
        LinkDuplicate = ("link_duplicate", "合并重复来电"),
        LinkedCall = ("linked_call", "关联重复来电"),
    }
}

/// The duty desk: operators and the duty leader (register, dispatch, urge, revisit …).
pub const DESK: &[Role] = &[Role::Operator, Role::DutyLeader];
/// The duty leader alone (review, extensions, the decision after an unsatisfied revisit).
pub const LEADER: &[Role] = &[Role::DutyLeader];
/// The management office's handler and head (accept, investigate, submit).
pub const OFFICE: &[Role] = &[Role::OfficeHandler, Role::OfficeHead];

/// Why an action was refused. Every message is Chinese and says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActionError {
    #[error("「{action}」只能由{required}办理，您的角色是{have}")]
    Role { action: ActionKind, required: String, have: String },
    #[error("该工单由{office}办理，您所在单位不能「{action}」")]
    Unit { action: ActionKind, office: String },
    #[error("工单当前状态为「{state}」，不能「{action}」（可在{allowed}时办理）")]
    State { action: ActionKind, state: ComplaintState, allowed: String },
    #[error("{0}")]
    Invalid(#[from] FieldError),
    #[error("还不能提交，尚缺：{}", .0.join("；"))]
    Incomplete(Vec<String>),
    #[error("{0}")]
    Refused(String),
}

/// Whether `actor` is on the duty desk; refused as `action` (the role error names the desk).
pub fn desk_only(actor: &Actor, action: ActionKind) -> Result<(), ActionError> {
    if DESK.iter().any(|role| actor.has(*role)) {
        Ok(())
    } else {
        Err(ActionError::Role { action, required: roles_label(DESK), have: roles_label(&actor.roles) })
    }
}

/// Whether `actor` may register complaints and calls (the duty desk).
pub fn may_register(actor: &Actor) -> Result<(), ActionError> {
    desk_only(actor, ActionKind::Register)
}

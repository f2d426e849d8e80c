//! What people do to a complaint: every [`Action`] with the data it carries, as the store keeps
//! it in the history and the window and command line build it. Its [`ActionKind`] (the name in
//! the rule table and the history) is in `rights`, below the revisit rules that refuse with it.

use serde::{Deserialize, Serialize};

use crate::domain::checklist::{Checklist, OfficeResult};
use crate::domain::org::{Actor, StationId, UnitId};
use crate::domain::revisit::RevisitInput;
use crate::domain::rights::ActionKind;
use crate::domain::time::BizTime;
use crate::domain::work::{Satisfaction, UnreachedReason};

/// An action with its data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    Dispatch {
        office: UnitId,
        station: Option<StationId>,
        note: String,
    },
    Transfer {
        office: UnitId,
        station: Option<StationId>,
        note: String,
    },
    Accept {
        note: String,
    },
    SaveChecklist {
        checklist: Checklist,
        result: Option<OfficeResult>,
    },
    /// `head` is the office head who signed, already authenticated by the caller.
    SubmitResult {
        result: OfficeResult,
        head: Actor,
    },
    Approve {
        note: String,
    },
    Return {
        reason: String,
    },
    Urge {
        note: String,
    },
    RequestExtension {
        until: BizTime,
        reason: String,
    },
    GrantExtension {
        note: String,
    },
    RefuseExtension {
        reason: String,
    },
    Pause {
        note: String,
    },
    Resume {
        note: String,
    },
    RecordRevisit {
        /// When the call was made; `None` (and in records written before there was a choice): now.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<BizTime>,
        unreached: Option<UnreachedReason>,
        satisfaction: Option<Satisfaction>,
        words: String,
        reason: String,
    },
    Reopen {
        reason: String,
    },
    Close {
        reason: String,
    },
    Withdraw {
        reason: String,
    },
    LinkDuplicate {
        target: String,
    },
}

impl Action {
    /// The kind of this action.
    #[must_use]
    pub fn kind(&self) -> ActionKind {
        match self {
            Self::Dispatch { .. } => ActionKind::Dispatch,
            Self::Transfer { .. } => ActionKind::Transfer,
            Self::Accept { .. } => ActionKind::Accept,
            Self::SaveChecklist { .. } => ActionKind::SaveChecklist,
            Self::SubmitResult { .. } => ActionKind::SubmitResult,
            Self::Approve { .. } => ActionKind::Approve,
            Self::Return { .. } => ActionKind::Return,
            Self::Urge { .. } => ActionKind::Urge,
            Self::RequestExtension { .. } => ActionKind::RequestExtension,
            Self::GrantExtension { .. } => ActionKind::GrantExtension,
            Self::RefuseExtension { .. } => ActionKind::RefuseExtension,
            Self::Pause { .. } => ActionKind::Pause,
            Self::Resume { .. } => ActionKind::Resume,
            Self::RecordRevisit { .. } => ActionKind::RecordRevisit,
            Self::Reopen { .. } => ActionKind::Reopen,
            Self::Close { .. } => ActionKind::Close,
            Self::Withdraw { .. } => ActionKind::Withdraw,
            Self::LinkDuplicate { .. } => ActionKind::LinkDuplicate,
        }
    }
}

impl RevisitInput {
    /// The complaint action recording this attempt. Written here, not in `revisit`: the revisit
    /// rules sit below the lifecycle and name none of its types.
    #[must_use]
    pub fn into_action(self) -> Action {
        Action::RecordRevisit {
            at: self.at,
            unreached: self.unreached,
            satisfaction: self.satisfaction,
            words: self.words,
            reason: self.reason,
        }
    }
}

//! The complaint lifecycle as an explicit state machine (domain.md §3).
//!
//! [`apply`] takes a complaint, an [`Action`], the acting user and `now`, and returns the
//! complaint's new value together with exactly one [`HistoryEvent`] — or a typed
//! [`ActionError`] with a Chinese message. It never panics and never reads a clock.
//! Which roles may take an action and from which states is one table: [`rule`].

use serde::{Deserialize, Serialize};

use crate::domain::calendar::WorkCalendar;
use crate::domain::checklist::{Checklist, OfficeResult};
use crate::domain::deadline::{Deadline, DeadlineRules, Step};
use crate::domain::org::{Actor, Role, Signature, Station, StationId, Unit, UnitId, UnitKind, UserId, roles_label};
use crate::domain::revisit::{RevisitInput, build_attempt};
use crate::domain::time::{BizTime, format_biz, format_due};
use crate::domain::validate::FieldError;
use crate::domain::work::{
    CloseKind, Complaint, ComplaintState, ExtensionRequest, ItemKind, Satisfaction, UnreachedReason,
};
use crate::labeled_enum;

use ComplaintState as S;
use Role as R;

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

/// Which unit the actor must belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitScope {
    /// Anyone with the role.
    Any,
    /// Only members of the office the complaint is with.
    ComplaintOffice,
}

/// (start states, roles allowed there) pairs.
pub type RuleEntries = &'static [(&'static [ComplaintState], &'static [Role])];

/// Who may take an action from which states: a list of (start states, roles allowed there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionRule {
    pub entries: RuleEntries,
    pub scope: UnitScope,
}

impl ActionRule {
    /// The roles that may take the action from `state` (empty: not from this state).
    #[must_use]
    pub fn roles_in(&self, state: ComplaintState) -> &'static [Role] {
        self.entries.iter().find(|(states, _)| states.contains(&state)).map_or(&[], |(_, roles)| roles)
    }

    /// Every state the action may start from.
    #[must_use]
    pub fn states(&self) -> Vec<ComplaintState> {
        self.entries.iter().flat_map(|(s, _)| s.iter().copied()).collect()
    }

    /// Every role that may take the action from some state.
    #[must_use]
    pub fn roles(&self) -> Vec<Role> {
        let mut out: Vec<Role> = self.entries.iter().flat_map(|(_, r)| r.iter().copied()).collect();
        out.sort();
        out.dedup();
        out
    }
}

const DESK: &[Role] = &[R::Operator, R::DutyLeader];
const LEADER: &[Role] = &[R::DutyLeader];
const OFFICE: &[Role] = &[R::OfficeHandler, R::OfficeHead];
const OPEN_WORK: &[ComplaintState] = &[S::Dispatched, S::Investigating, S::AwaitingReview, S::AwaitingRevisit];
const OPEN_ANY: &[ComplaintState] = &[
    S::Registered,
    S::Dispatched,
    S::Investigating,
    S::AwaitingReview,
    S::AwaitingRevisit,
    S::AwaitingDecision,
    S::Closed,
];

/// The table of the state machine: for every action, the start states and the roles allowed there.
#[must_use]
pub fn rule(kind: ActionKind) -> ActionRule {
    use UnitScope::{Any, ComplaintOffice};
    let (entries, scope): (RuleEntries, UnitScope) = match kind {
        ActionKind::Register => (&[], Any),
        ActionKind::Dispatch | ActionKind::LinkDuplicate => (&[(&[S::Registered], DESK)], Any),
        ActionKind::Transfer => (&[(&[S::Dispatched, S::Investigating], DESK)], Any),
        ActionKind::Accept => (&[(&[S::Dispatched], OFFICE)], ComplaintOffice),
        ActionKind::SaveChecklist | ActionKind::SubmitResult => (&[(&[S::Investigating], OFFICE)], ComplaintOffice),
        ActionKind::Approve | ActionKind::Return => (&[(&[S::AwaitingReview], LEADER)], Any),
        ActionKind::Urge => (&[(&[S::Dispatched, S::Investigating, S::AwaitingReview], DESK)], Any),
        ActionKind::RequestExtension => (&[(&[S::Dispatched, S::Investigating], OFFICE)], ComplaintOffice),
        ActionKind::GrantExtension | ActionKind::RefuseExtension => {
            (&[(&[S::Dispatched, S::Investigating, S::AwaitingReview], LEADER)], Any)
        }
        ActionKind::Pause | ActionKind::Resume => (&[(OPEN_WORK, DESK)], Any),
        ActionKind::RecordRevisit => (&[(&[S::AwaitingRevisit], DESK)], Any),
        ActionKind::Reopen => (&[(&[S::AwaitingDecision, S::Closed], LEADER)], Any),
        ActionKind::Close => (&[(&[S::Registered, S::AwaitingRevisit], DESK), (&[S::AwaitingDecision], LEADER)], Any),
        ActionKind::Withdraw => (&[(&[S::Registered, S::Dispatched, S::Investigating, S::AwaitingReview], DESK)], Any),
        ActionKind::LinkedCall => (&[(OPEN_ANY, DESK)], Any),
    };
    ActionRule { entries, scope }
}

/// Revisit rules (domain.md §3, issue 5): when an unreached driver may be given up on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RevisitPolicy {
    /// Unreached attempts needed before closing as 回访未果.
    pub min_attempts: u32,
    /// Minutes between two attempts that count.
    pub min_interval_mins: u32,
    /// The 5-level scale (非常满意…非常不满意) instead of 满意/基本满意/不满意.
    pub five_level: bool,
    /// The share of consultations (0–100 %) sampled for a revisit; help requests are all revisited.
    pub consult_sample_percent: u32,
}

impl Default for RevisitPolicy {
    fn default() -> Self {
        Self { min_attempts: 3, min_interval_mins: 30, five_level: false, consult_sample_percent: 20 }
    }
}

/// Everything besides the complaint that an action may need to look at.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub rules: &'a DeadlineRules,
    pub calendar: &'a WorkCalendar,
    pub policy: &'a RevisitPolicy,
    pub units: &'a [Unit],
    pub stations: &'a [Station],
}

/// The owned data behind a [`Context`]: rules, calendar, revisit policy and organisation.
#[derive(Debug, Clone)]
pub struct ContextData {
    pub rules: DeadlineRules,
    pub calendar: WorkCalendar,
    pub policy: RevisitPolicy,
    pub units: Vec<Unit>,
    pub stations: Vec<Station>,
}

impl ContextData {
    /// Borrow it as the context actions take.
    #[must_use]
    pub fn context(&self) -> Context<'_> {
        Context {
            rules: &self.rules,
            calendar: &self.calendar,
            policy: &self.policy,
            units: &self.units,
            stations: &self.stations,
        }
    }
}

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

/// One entry of the append-only history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEvent {
    pub at: BizTime,
    pub actor: UserId,
    pub actor_name: String,
    pub action: ActionKind,
    pub from_state: Option<ComplaintState>,
    pub to_state: ComplaintState,
    pub note: String,
    /// Changed fields: `{"field": {"from": …, "to": …}}`.
    pub changes: Changes,
}

/// The fields a step changed, kept as compact JSON text (`{"field": {"from": …, "to": …}}`):
/// a history holds many of these, and a tree of values per event costs ten times the memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changes(String);

impl Default for Changes {
    fn default() -> Self {
        Self("{}".to_owned())
    }
}

impl Changes {
    /// Wrap JSON text as stored; anything that is not a JSON object becomes `{}`.
    #[must_use]
    pub fn from_json(text: String) -> Self {
        if text.trim_start().starts_with('{') { Self(text) } else { Self::default() }
    }

    /// The JSON text.
    #[must_use]
    pub fn as_json(&self) -> &str {
        &self.0
    }

    /// The parsed object (`Null` if the text was damaged).
    #[must_use]
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::from_str(&self.0).unwrap_or(serde_json::Value::Null)
    }

    /// The change of one field, `{"from": …, "to": …}`.
    #[must_use]
    pub fn get(&self, field: &str) -> Option<serde_json::Value> {
        self.to_value().get(field).cloned()
    }
}

impl Serialize for Changes {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_value().serialize(s)
    }
}

impl<'de> Deserialize<'de> for Changes {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self(serde_json::Value::deserialize(d)?.to_string()))
    }
}

/// The result of an accepted action: the new complaint and its history event.
#[derive(Debug, Clone, PartialEq)]
pub struct Transition {
    pub complaint: Complaint,
    pub event: HistoryEvent,
}

/// Check role, unit and state for `kind` on `c`.
pub fn authorize(kind: ActionKind, c: &Complaint, actor: &Actor, ctx: &Context<'_>) -> Result<(), ActionError> {
    let r = rule(kind);
    let any_role = r.roles();
    let role_error = |required: &[Role]| ActionError::Role {
        action: kind,
        required: roles_label(required),
        have: roles_label(&actor.roles),
    };
    if !any_role.iter().any(|role| actor.has(*role)) {
        return Err(role_error(&any_role));
    }
    let here = r.roles_in(c.state);
    if here.is_empty() {
        let allowed = r.states().iter().map(|s| format!("「{}」", s.label())).collect::<Vec<_>>().join("或");
        return Err(ActionError::State { action: kind, state: c.state, allowed });
    }
    if !here.iter().any(|role| actor.has(*role)) {
        return Err(role_error(here));
    }
    if r.scope == UnitScope::ComplaintOffice && c.office != Some(actor.unit) {
        return Err(ActionError::Unit { action: kind, office: unit_name(ctx, c.office) });
    }
    Ok(())
}

fn unit_name(ctx: &Context<'_>, id: Option<UnitId>) -> String {
    id.and_then(|id| ctx.units.iter().find(|u| u.id == id))
        .map_or_else(|| "（未指定单位）".to_owned(), |u| u.name.clone())
}

fn required(field: &str, text: &str) -> Result<String, ActionError> {
    let t = text.trim();
    if t.is_empty() { Err(FieldError::new(field, "不能为空").into()) } else { Ok(t.to_owned()) }
}

fn refused(msg: impl Into<String>) -> ActionError {
    ActionError::Refused(msg.into())
}

fn sign(actor: &Actor, now: BizTime) -> Signature {
    Signature { user: actor.id, name: actor.name.clone(), at: now }
}

fn check_office(ctx: &Context<'_>, office: UnitId, station: Option<StationId>) -> Result<(), ActionError> {
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

/// Start the deadline of `step` at `start` if the rules have one for the complaint's grade,
/// replacing any open deadline of the same step (which is closed at `start`).
fn start_deadline(c: &mut Complaint, step: Step, start: BizTime, ctx: &Context<'_>) {
    for d in &mut c.deadlines {
        if d.step == step && d.met_at.is_none() {
            d.met_at = Some(start);
        }
    }
    if let Some(rule) = ctx.rules.rule(step, c.grade) {
        c.deadlines.push(Deadline::start(rule, start, ctx.calendar));
    }
}

fn meet(c: &mut Complaint, step: Step, now: BizTime) {
    for d in &mut c.deadlines {
        if d.step == step && d.met_at.is_none() {
            d.met_at = Some(now);
        }
    }
}

fn meet_all(c: &mut Complaint, now: BizTime) {
    for d in &mut c.deadlines {
        if d.met_at.is_none() {
            d.met_at = Some(now);
        }
    }
}

/// Count the unreached attempts of the current revisit round that are far enough apart.
fn spaced_unreached(c: &Complaint, policy: &RevisitPolicy) -> (u32, Option<BizTime>) {
    let since = c.approval.as_ref().map(|a| a.at);
    crate::domain::revisit::spaced_unreached(c.revisits.iter().filter(|r| since.is_none_or(|s| r.at >= s)), policy)
}

/// Apply `action` to `c` by `actor` at `now`.
pub fn apply(
    c: &Complaint,
    action: &Action,
    actor: &Actor,
    now: BizTime,
    ctx: &Context<'_>,
) -> Result<Transition, ActionError> {
    let kind = action.kind();
    authorize(kind, c, actor, ctx)?;
    let mut n = c.clone();
    let note: String;
    match action {
        Action::Dispatch { office, station, note: text } | Action::Transfer { office, station, note: text } => {
            check_office(ctx, *office, *station)?;
            if kind == ActionKind::Transfer && c.office == Some(*office) {
                return Err(FieldError::new("办理单位", "改派的单位与当前办理单位相同").into());
            }
            if c.kind != ItemKind::Complaint {
                return Err(refused(format!("{}只需登记，不转办", c.kind)));
            }
            n.office = Some(*office);
            n.station = station.or(if kind == ActionKind::Transfer { None } else { c.station });
            n.state = S::Dispatched;
            n.extension = None;
            start_deadline(&mut n, Step::OfficeHandling, now, ctx);
            note = format!("{}至{}{}", kind.label(), unit_name(ctx, Some(*office)), with_text(text));
        }
        Action::Accept { note: text } => {
            n.state = S::Investigating;
            meet(&mut n, Step::FirstResponse, now);
            note = text.trim().to_owned();
        }
        Action::SaveChecklist { checklist, result } => {
            n.checklist = checklist.clone();
            if let Some(r) = result {
                n.result = Some(r.clone());
            }
            let missing = checklist.missing();
            note = if missing.is_empty() {
                "核查清单已填完".to_owned()
            } else {
                format!("核查清单暂存（尚缺{}项）", missing.len())
            };
        }
        Action::SubmitResult { result, head } => {
            let mut missing = c.checklist.missing();
            missing.extend(result.missing());
            if !missing.is_empty() {
                return Err(ActionError::Incomplete(missing));
            }
            if !head.has(R::OfficeHead) {
                return Err(refused(format!("{}不是管理所负责人，不能签字", head.name)));
            }
            if Some(head.unit) != c.office {
                return Err(refused(format!("{}不是{}的负责人，不能签字", head.name, unit_name(ctx, c.office))));
            }
            if let Some(at) = result.contacted_at
                && at > now + chrono::Duration::seconds(crate::domain::validate::FUTURE_TOLERANCE_SECS)
            {
                return Err(FieldError::new("联系司乘时间", format!("不能晚于当前时间（{}）", format_biz(now))).into());
            }
            n.result = Some(result.clone());
            n.handler_signature = Some(sign(actor, now));
            n.head_signature = Some(sign(head, now));
            n.return_reason = None;
            n.state = S::AwaitingReview;
            meet(&mut n, Step::OfficeHandling, now);
            meet(&mut n, Step::FirstResponse, now);
            if n.extension.as_ref().is_some_and(|e| e.granted.is_none()) {
                n.extension = None;
            }
            note = format!("负责人{}签字", head.name);
        }
        Action::Approve { note: text } => {
            n.approval = Some(sign(actor, now));
            n.state = S::AwaitingRevisit;
            start_deadline(&mut n, Step::Revisit, now, ctx);
            note = text.trim().to_owned();
        }
        Action::Return { reason } => {
            let reason = required("退回原因", reason)?;
            n.return_reason = Some(reason.clone());
            n.head_signature = None;
            n.handler_signature = None;
            n.round += 1;
            n.state = S::Investigating;
            start_deadline(&mut n, Step::OfficeHandling, now, ctx);
            note = reason;
        }
        Action::Urge { note: text } => {
            let text = required("催办说明", text)?;
            n.urge_count += 1;
            note = text;
        }
        Action::RequestExtension { until, reason } => {
            let reason = required("延期原因", reason)?;
            if c.extension.as_ref().is_some_and(|e| e.granted.is_none()) {
                return Err(refused("已有一份延期申请等待值班领导审批"));
            }
            let d = c.open_deadline(Step::OfficeHandling).ok_or_else(|| refused("当前没有办理时限，无需延期"))?;
            if now >= d.due_at {
                return Err(refused(format!("办理时限（{}）已过，不能再申请延期", format_due(d.due_at))));
            }
            if *until <= d.due_at {
                return Err(FieldError::new("延期至", format!("须晚于当前时限（{}）", format_due(d.due_at))).into());
            }
            n.extension = Some(ExtensionRequest {
                requested_at: now,
                by: actor.id,
                by_name: actor.name.clone(),
                until: *until,
                reason: reason.clone(),
                granted: None,
                decided_by: None,
            });
            note = format!("申请延期至{}：{reason}", format_due(*until));
        }
        Action::GrantExtension { note: text } | Action::RefuseExtension { reason: text } => {
            let Some(req) = c.extension.as_ref().filter(|e| e.granted.is_none()) else {
                return Err(refused("没有待审批的延期申请"));
            };
            let grant = kind == ActionKind::GrantExtension;
            let text = if grant { text.trim().to_owned() } else { required("不同意原因", text)? };
            let ext = n.extension.as_mut().expect("checked above");
            ext.granted = Some(grant);
            ext.decided_by = Some(sign(actor, now));
            if grant {
                let until = req.until;
                let mut delta = chrono::Duration::zero();
                for d in &mut n.deadlines {
                    if d.step == Step::OfficeHandling && d.met_at.is_none() {
                        delta = until - d.due_at;
                        d.extend_to(until);
                    }
                }
                if delta > chrono::Duration::zero() {
                    for d in &mut n.deadlines {
                        if d.step == Step::Whole && d.met_at.is_none() && d.due_at < until {
                            d.extend_to(d.due_at + delta);
                        }
                    }
                }
                note = format!("同意延期至{}{}", format_due(until), with_text(&text));
            } else {
                note = text;
            }
        }
        Action::Pause { note: text } => {
            let text = required("暂停原因", text)?;
            if c.paused_since.is_some() {
                return Err(refused("计时已暂停"));
            }
            n.paused_since = Some(now);
            note = text;
        }
        Action::Resume { note: text } => {
            let Some(since) = c.paused_since else {
                return Err(refused("计时未暂停，无需恢复"));
            };
            let secs = (now - since).num_seconds().max(0);
            for d in &mut n.deadlines {
                if d.met_at.is_none() {
                    // A deadline started during the pause only stood still since its own start.
                    d.add_pause((now - since.max(d.started_at)).num_seconds().max(0));
                }
            }
            n.paused_since = None;
            note = format!("恢复计时（暂停{}）{}", crate::domain::time::format_span(secs), with_text(text));
        }
        Action::RecordRevisit { at, unreached, satisfaction, words, reason } => {
            let input = RevisitInput {
                at: *at,
                unreached: *unreached,
                satisfaction: *satisfaction,
                words: words.clone(),
                reason: reason.clone(),
            };
            note = record_revisit(&mut n, actor, now, ctx, &input)?;
        }
        Action::Reopen { reason } => {
            let reason = required("重办原因", reason)?;
            if c.kind != ItemKind::Complaint || c.office.is_none() {
                return Err(refused("只有转办过的投诉可以重办"));
            }
            n.reopen_count += 1;
            n.round += 1;
            n.state = S::Investigating;
            n.approval = None;
            n.head_signature = None;
            n.handler_signature = None;
            n.closed_at = None;
            n.close_kind = None;
            n.close_reason = None;
            meet(&mut n, Step::Revisit, now);
            start_deadline(&mut n, Step::OfficeHandling, now, ctx);
            note = reason;
        }
        Action::Close { reason } => {
            let (close_kind, text) = match c.state {
                S::Registered => {
                    if c.kind == ItemKind::Complaint {
                        return Err(refused("投诉须转办处理后方可办结；若为重复来电请合并，若投诉人撤回请撤诉"));
                    }
                    (CloseKind::Recorded, reason.trim().to_owned())
                }
                S::AwaitingRevisit => {
                    let reason = required("回访未果说明", reason)?;
                    let (count, next) = spaced_unreached(c, ctx.policy);
                    if count < ctx.policy.min_attempts {
                        let when = next.map(|t| format!("，下次可回访时间 {}", format_biz(t))).unwrap_or_default();
                        return Err(refused(format!(
                            "回访未果须至少联系{}次且每次间隔不少于{}分钟，目前有效{}次{when}",
                            ctx.policy.min_attempts, ctx.policy.min_interval_mins, count
                        )));
                    }
                    (CloseKind::Unreached, reason)
                }
                _ => (CloseKind::Unsatisfied, required("办结理由", reason)?),
            };
            n.state = S::Closed;
            n.closed_at = Some(now);
            n.close_kind = Some(close_kind);
            n.close_reason = if text.is_empty() { None } else { Some(text.clone()) };
            n.paused_since = None;
            meet_all(&mut n, now);
            note = format!("{}{}", close_kind.label(), with_text(&text));
        }
        Action::Withdraw { reason } => {
            let reason = required("撤诉原因", reason)?;
            n.state = S::Withdrawn;
            n.closed_at = Some(now);
            n.paused_since = None;
            meet_all(&mut n, now);
            note = reason;
        }
        Action::LinkDuplicate { target } => {
            let target = target.trim();
            if target.is_empty() {
                return Err(FieldError::new("原工单编号", "不能为空").into());
            }
            if target == c.number {
                return Err(FieldError::new("原工单编号", "不能与本工单相同").into());
            }
            n.duplicate_of = Some(target.to_owned());
            n.state = S::Duplicate;
            n.closed_at = Some(now);
            meet_all(&mut n, now);
            note = format!("与{target}为同一事件，合并办理");
        }
    }
    let event = event(c, &n, kind, actor, now, note);
    Ok(Transition { complaint: n, event })
}

fn record_revisit(
    n: &mut Complaint,
    actor: &Actor,
    now: BizTime,
    ctx: &Context<'_>,
    input: &RevisitInput,
) -> Result<String, ActionError> {
    let earliest = n.approval.as_ref().map(|a| a.at);
    let last = n.revisits.last().map(|r| r.at);
    let attempt = build_attempt(input, actor, now, ctx.policy, earliest, last)?;
    let at = attempt.at;
    n.revisits.push(attempt);
    if let Some(why) = input.unreached {
        let (count, _) = spaced_unreached(n, ctx.policy);
        return Ok(format!("回访未接通（{why}），有效尝试{count}次"));
    }
    let s = input.satisfaction.expect("build_attempt requires it when reached");
    let (words, reason) = (&input.words, &input.reason);
    meet(n, Step::Revisit, at);
    if s.is_unsatisfied() {
        n.state = S::AwaitingDecision;
        Ok(format!("回访：{s}，提交值班领导决定{}", with_text(reason)))
    } else {
        n.state = S::Closed;
        n.closed_at = Some(at);
        n.close_kind = Some(if s == Satisfaction::BasicallySatisfied {
            CloseKind::BasicallySatisfied
        } else {
            CloseKind::Satisfied
        });
        n.paused_since = None;
        meet_all(n, at);
        Ok(format!("回访：{s}{}", with_text(words)))
    }
}

fn with_text(text: &str) -> String {
    let t = text.trim();
    if t.is_empty() { String::new() } else { format!("：{t}") }
}

/// Build the history event of a step: who, when, what, and the fields it changed.
fn event(
    before: &Complaint,
    after: &Complaint,
    kind: ActionKind,
    actor: &Actor,
    now: BizTime,
    note: String,
) -> HistoryEvent {
    HistoryEvent {
        at: now,
        actor: actor.id,
        actor_name: actor.name.clone(),
        action: kind,
        from_state: Some(before.state),
        to_state: after.state,
        note,
        changes: diff(before, after),
    }
}

/// Top-level fields that differ between two complaints, as `{"field": {"from", "to"}}`.
///
/// Compares the typed fields and serializes only those that changed: serializing both
/// complaints whole took ~50 µs per action, 90 % of the time of bulk generation (demo data).
/// The destructuring is exhaustive, so a new field of [`Complaint`] does not compile until it
/// is listed here. Times compare as instants; business times all carry +08:00.
#[must_use]
pub fn diff(before: &Complaint, after: &Complaint) -> Changes {
    let mut out = b"{".to_vec();
    // Lists are compared element by element on their typed values, and only the elements that
    // changed are serialized: a step usually meets one deadline or appends one revisit, and
    // serializing the whole list each time was most of the time of bulk generation.
    macro_rules! one {
        ($field:ident) => {
            push_field_change(&mut out, stringify!($field), &before.$field, $field);
        };
        ($field:ident list) => {
            push_list_change(&mut out, stringify!($field), &before.$field, $field);
        };
        ($field:ident parts) => {
            push_checklist_change(&mut out, &before.$field, $field);
        };
    }
    macro_rules! changed_fields {
        ($($field:ident $(as $kind:ident)?),+ $(,)?) => {
            let Complaint { $($field),+ } = after;
            $( one!($field $($kind)?); )+
        };
    }
    changed_fields!(
        number,
        kind,
        source,
        provincial_number,
        forwarded_at,
        accepted_at,
        accepted_by,
        accepted_by_name,
        complainant,
        phone,
        plate,
        plate_colour,
        vehicle_class,
        passage_at,
        entry_station,
        exit_station,
        place,
        kstake,
        category,
        grade,
        content,
        request,
        office,
        station,
        state,
        deadlines as list,
        paused_since,
        extension,
        checklist as parts,
        result,
        head_signature,
        handler_signature,
        approval,
        return_reason,
        revisits as list,
        urge_count,
        reopen_count,
        round,
        duplicate_of,
        duplicates as list,
        closed_at,
        close_kind,
        close_reason,
    );
    out.push(b'}');
    Changes(String::from_utf8(out).expect("serde_json writes UTF-8"))
}

/// Record a field that changed, serialized.
fn push_field_change<T: PartialEq + serde::Serialize>(out: &mut Vec<u8>, name: &str, before: &T, after: &T) {
    if before != after {
        let from = serde_json::to_value(before).unwrap_or_default();
        let to = serde_json::to_value(after).unwrap_or_default();
        push_change(out, name, &from, &to);
    }
}

/// Record the elements of a list field that changed, as [`push_change`] does for the
/// serialized list (`name[i]`, an element's own changed fields, `null` for a missing one), but
/// serializing only the elements that differ.
fn push_list_change<T: PartialEq + serde::Serialize>(out: &mut Vec<u8>, name: &str, before: &[T], after: &[T]) {
    if before == after {
        return;
    }
    let value = |x: Option<&T>| x.map_or(serde_json::Value::Null, |x| serde_json::to_value(x).unwrap_or_default());
    for i in 0..before.len().max(after.len()) {
        let (x, y) = (before.get(i), after.get(i));
        if x != y {
            push_change(out, &format!("{name}[{i}]"), &value(x), &value(y));
        }
    }
}

/// Record the parts of the checklist that changed, as [`push_change`] does for the serialized
/// checklist (its keys in alphabetical order), serializing only those parts.
fn push_checklist_change(out: &mut Vec<u8>, before: &Checklist, after: &Checklist) {
    if before == after {
        return;
    }
    let Checklist { videos, transaction, vehicle_class, staff_interview, conclusion, responsibility } = after;
    push_field_change(out, "checklist.conclusion", &before.conclusion, conclusion);
    push_list_change(out, "checklist.responsibility", &before.responsibility, responsibility);
    push_field_change(out, "checklist.staff_interview", &before.staff_interview, staff_interview);
    push_field_change(out, "checklist.transaction", &before.transaction, transaction);
    push_field_change(out, "checklist.vehicle_class", &before.vehicle_class, vehicle_class);
    push_list_change(out, "checklist.videos", &before.videos, videos);
}

/// What [`diff`] says, computed the slow way: every field serialized whole (a test's reference).
#[cfg(test)]
pub(crate) fn diff_serialized(before: &Complaint, after: &Complaint) -> serde_json::Value {
    let (Ok(serde_json::Value::Object(a)), Ok(serde_json::Value::Object(b))) =
        (serde_json::to_value(before), serde_json::to_value(after))
    else {
        return serde_json::Value::Null;
    };
    let mut out = b"{".to_vec();
    for (k, y) in &b {
        let x = a.get(k).unwrap_or(&serde_json::Value::Null);
        if x != y {
            push_change(&mut out, k, x, y);
        }
    }
    out.push(b'}');
    Changes(String::from_utf8(out).expect("serde_json writes UTF-8")).to_value()
}

/// Record one changed field. Lists and groups are recorded down to the elements or parts that
/// changed (`deadlines[2].met_at`, `checklist.conclusion`), so a step that appends one revisit
/// does not copy every earlier one into the history again.
fn push_change(out: &mut Vec<u8>, name: &str, from: &serde_json::Value, to: &serde_json::Value) {
    use serde_json::Value;
    match (from, to) {
        (Value::Array(a), Value::Array(b)) => {
            for i in 0..a.len().max(b.len()) {
                let (x, y) = (a.get(i).unwrap_or(&Value::Null), b.get(i).unwrap_or(&Value::Null));
                if x != y {
                    push_change(out, &format!("{name}[{i}]"), x, y);
                }
            }
        }
        (Value::Object(a), Value::Object(b)) => {
            for (k, y) in b {
                let x = a.get(k).unwrap_or(&Value::Null);
                if x != y {
                    push_change(out, &format!("{name}.{k}"), x, y);
                }
            }
        }
        _ => write_entry(out, name, from, to),
    }
}

fn write_entry(out: &mut Vec<u8>, name: &str, from: &serde_json::Value, to: &serde_json::Value) {
    // Written straight into bytes: `Display` for a `Value` goes through `fmt` one character at
    // a time.
    fn json(out: &mut Vec<u8>, v: &(impl serde::Serialize + ?Sized)) {
        serde_json::to_writer(out, v).expect("serializing a string or a Value into memory cannot fail");
    }
    if out.len() > 1 {
        out.push(b',');
    }
    json(out, name);
    out.extend_from_slice(b":{\"from\":");
    json(out, from);
    out.extend_from_slice(b",\"to\":");
    json(out, to);
    out.push(b'}');
}

/// Whether `actor` may register complaints and calls (the duty desk).
pub fn may_register(actor: &Actor) -> Result<(), ActionError> {
    if DESK.iter().any(|role| actor.has(*role)) {
        Ok(())
    } else {
        Err(ActionError::Role {
            action: ActionKind::Register,
            required: roles_label(DESK),
            have: roles_label(&actor.roles),
        })
    }
}

/// Register a new complaint: its first state and its first history event.
pub fn register(mut c: Complaint, actor: &Actor, now: BizTime, ctx: &Context<'_>) -> Result<Transition, ActionError> {
    may_register(actor)?;
    if let Some(office) = c.office {
        check_office(ctx, office, c.station)?;
    }
    c.state = S::Registered;
    c.deadlines.clear();
    c.round = 1;
    if c.kind == ItemKind::Complaint {
        let accepted = c.accepted_at;
        start_deadline(&mut c, Step::Whole, accepted, ctx);
        start_deadline(&mut c, Step::FirstResponse, accepted, ctx);
    }
    let event = HistoryEvent {
        at: now,
        actor: actor.id,
        actor_name: actor.name.clone(),
        action: ActionKind::Register,
        from_state: None,
        to_state: S::Registered,
        note: format!("{}：{}", c.kind, c.category),
        changes: Changes::default(),
    };
    Ok(Transition { complaint: c, event })
}

/// The first complaint gets a note that a later call `dup_number` was linked to it.
pub fn link_target(
    target: &Complaint,
    dup_number: &str,
    actor: &Actor,
    now: BizTime,
) -> Result<Transition, ActionError> {
    if matches!(target.state, S::Duplicate | S::Withdrawn) {
        return Err(FieldError::new(
            "原工单编号",
            format!("{}的状态为「{}」，不能作为合并对象", target.number, target.state),
        )
        .into());
    }
    if !DESK.iter().any(|role| actor.has(*role)) {
        return Err(ActionError::Role {
            action: ActionKind::LinkedCall,
            required: roles_label(DESK),
            have: roles_label(&actor.roles),
        });
    }
    let mut n = target.clone();
    n.duplicates.push(dup_number.to_owned());
    let event = event(target, &n, ActionKind::LinkedCall, actor, now, format!("重复来电{dup_number}已合并到本工单"));
    Ok(Transition { complaint: n, event })
}

/// What the revisit queue needs to show: valid unreached attempts and when the next one may be made.
#[must_use]
pub fn revisit_progress(c: &Complaint, policy: &RevisitPolicy) -> (u32, Option<BizTime>) {
    spaced_unreached(c, policy)
}

/// The 催办 a missed office step calls for (domain.md §4: a missed deadline produces a 催办 the
/// next working day). A complaint still with the office (已转办 / 核查中) qualifies when its
/// office-handling deadline is overdue at `now` (a clock paused before the due time is not),
/// today is on or after the first working day after the due date, and nobody urged it since
/// it fell due (`history` is the complaint's own). Returns the missed deadline.
#[must_use]
pub fn urge_due<'a>(
    c: &'a Complaint,
    history: &[HistoryEvent],
    calendar: &WorkCalendar,
    now: BizTime,
) -> Option<&'a Deadline> {
    if !matches!(c.state, S::Dispatched | S::Investigating) {
        return None;
    }
    let d = c.open_deadline(Step::OfficeHandling)?;
    if d.status(now, 1.0, c.paused_since).secs_left >= 0 {
        return None;
    }
    // A period ending at 24:00 is stored as 00:00 of the next day: its date is the day before.
    let due_date = crate::domain::time::to_biz(&(d.due_at - chrono::Duration::seconds(1))).date_naive();
    let today = crate::domain::time::to_biz(&now).date_naive();
    if today < calendar.next_working_day_after(due_date) {
        return None;
    }
    let urged = history.iter().any(|e| e.action == ActionKind::Urge && e.at >= d.due_at);
    (!urged).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::checklist::{Check, CheckOutcome, Conclusion, Responsibility, Retrieval, VideoRow, VideoSource};
    use crate::domain::deadline::DeadlineState;
    use crate::domain::intake::{ComplaintInput, validate_complaint};
    use crate::domain::time::parse_biz_time;
    use crate::domain::work::{Category, RevisitAttempt};

    const SEGMENT: UnitId = UnitId(2);
    const OFFICE1: UnitId = UnitId(3);
    const OFFICE2: UnitId = UnitId(4);

    /// The organisation, rules and calendar every test works in.
    type World = ContextData;

    fn world() -> World {
        let unit = |id, name: &str, kind| Unit { id: UnitId(id), name: name.into(), kind, parent: None, phone: None };
        ContextData {
            rules: DeadlineRules::default(),
            calendar: WorkCalendar::builtin(),
            policy: RevisitPolicy::default(),
            units: vec![
                unit(1, "省客服中心", UnitKind::Provincial),
                unit(2, "路段中心", UnitKind::Segment),
                unit(3, "汉川管理所", UnitKind::Office),
                unit(4, "仙桃管理所", UnitKind::Office),
                unit(5, "路政支队", UnitKind::RoadAdmin),
            ],
            stations: vec![
                Station { id: StationId(1), name: "汉川收费站".into(), office: OFFICE1 },
                Station { id: StationId(2), name: "仙桃收费站".into(), office: OFFICE2 },
            ],
        }
    }

    fn t(s: &str) -> BizTime {
        parse_biz_time(s).unwrap()
    }

    fn actor(id: i64, role: Role) -> Actor {
        let unit = if matches!(role, R::OfficeHandler | R::OfficeHead) { OFFICE1 } else { SEGMENT };
        Actor { id: UserId(id), name: format!("{}{id}", role.label()), unit, roles: vec![role] }
    }

    fn operator() -> Actor {
        actor(10, R::Operator)
    }
    fn leader() -> Actor {
        actor(11, R::DutyLeader)
    }
    fn handler() -> Actor {
        actor(12, R::OfficeHandler)
    }
    fn head() -> Actor {
        actor(13, R::OfficeHead)
    }

    fn draft(now: BizTime) -> Complaint {
        let input = ComplaintInput {
            phone: Some("138 1234 5678".into()),
            complainant: Some("王喆".into()),
            plate: Some("鄂a·12345".into()),
            category: Some("服务态度".into()),
            content: Some("收费员态度恶劣，扔卡".into()),
            accepted_at: Some("2026-09-30 09:00".into()),
            ..ComplaintInput::default()
        };
        let w = world();
        let mut c = validate_complaint(&input, &operator(), now, &w.units, &w.stations).unwrap();
        c.number = "TS2026093000001".into();
        c
    }

    fn checklist() -> Checklist {
        let ok = Check { outcome: CheckOutcome::Consistent, note: String::new() };
        Checklist {
            videos: vec![VideoRow {
                source: VideoSource::BoothCamera,
                location: "3号车道".into(),
                from: Some(t("2026-09-30 08:00")),
                to: Some(t("2026-09-30 08:10")),
                retrieval: Retrieval::Retrieved,
                observation: "收费员将卡递出时有抛掷动作".into(),
            }],
            transaction: ok.clone(),
            vehicle_class: ok.clone(),
            staff_interview: ok,
            conclusion: Some(Conclusion::Founded),
            responsibility: vec![Responsibility::TollCollector],
        }
    }

    fn result() -> OfficeResult {
        OfficeResult {
            investigation: "调取录像属实".into(),
            handling: "对收费员批评教育".into(),
            action_taken: "扣绩效".into(),
            contacted_at: Some(t("2026-09-30 15:00")),
            explained: "已向司机致歉".into(),
            reaction: "接受".into(),
        }
    }

    /// Drive a complaint through the lifecycle to `state`, as the right people would.
    fn in_state(w: &World, state: ComplaintState) -> Complaint {
        let ctx = w.context();
        let mut c = register(draft(t("2026-09-30 09:05")), &operator(), t("2026-09-30 09:05"), &ctx).unwrap().complaint;
        let step = |c: &Complaint, a: Action, who: &Actor, at: &str| apply(c, &a, who, t(at), &ctx).unwrap().complaint;
        if state == S::Registered {
            return c;
        }
        if state == S::Duplicate {
            return step(
                &c,
                Action::LinkDuplicate { target: "TS2026092900001".into() },
                &operator(),
                "2026-09-30 09:06",
            );
        }
        if state == S::Withdrawn {
            return step(&c, Action::Withdraw { reason: "司机撤回".into() }, &operator(), "2026-09-30 09:06");
        }
        c = step(
            &c,
            Action::Dispatch { office: OFFICE1, station: Some(StationId(1)), note: String::new() },
            &operator(),
            "2026-09-30 09:10",
        );
        if state == S::Dispatched {
            return c;
        }
        c = step(&c, Action::Accept { note: String::new() }, &handler(), "2026-09-30 09:30");
        c = step(&c, Action::SaveChecklist { checklist: checklist(), result: None }, &handler(), "2026-09-30 11:00");
        if state == S::Investigating {
            return c;
        }
        c = step(&c, Action::SubmitResult { result: result(), head: head() }, &handler(), "2026-09-30 16:00");
        if state == S::AwaitingReview {
            return c;
        }
        c = step(&c, Action::Approve { note: String::new() }, &leader(), "2026-09-30 17:00");
        if state == S::AwaitingRevisit {
            return c;
        }
        let revisit = |s| Action::RecordRevisit {
            at: None,
            unreached: None,
            satisfaction: Some(s),
            words: "还行".into(),
            reason: "处理太慢".into(),
        };
        if state == S::Closed {
            return step(&c, revisit(Satisfaction::Satisfied), &operator(), "2026-10-01 10:00");
        }
        assert_eq!(state, S::AwaitingDecision);
        step(&c, revisit(Satisfaction::Unsatisfied), &operator(), "2026-10-01 10:00")
    }

    #[test]
    fn an_overdue_office_step_is_suggested_for_urging_on_the_next_working_day_until_urged() {
        let w = world();
        let ctx = w.context();
        // Dispatched 09-30 09:10 with one natural day: due 10-01 24:00, in the National Day holiday.
        let c = in_state(&w, S::Dispatched);
        let due = c.open_deadline(Step::OfficeHandling).unwrap().due_at;
        assert_eq!(format_due(due), "2026-10-01 24:00");
        let mut history = Vec::new();
        let at = |s: &str| urge_due(&c, &history, &w.calendar, t(s)).map(|d| d.due_at);
        assert_eq!(at("2026-10-01 23:00"), None, "not due yet");
        assert_eq!(at("2026-10-02 09:00"), None, "overdue, but 10-02 is a holiday");
        assert_eq!(at("2026-10-07 18:00"), None, "still the holiday");
        assert_eq!(at("2026-10-08 00:00"), Some(due), "the first working day after the due date");
        assert_eq!(at("2026-10-11 10:00"), Some(due), "and after, until urged");

        // An urge before the due time does not count; one after it does.
        let urge = |c: &Complaint, when: &str| {
            apply(c, &Action::Urge { note: "请尽快".into() }, &operator(), t(when), &ctx).unwrap()
        };
        history.push(urge(&c, "2026-10-01 10:00").event);
        assert_eq!(urge_due(&c, &history, &w.calendar, t("2026-10-08 09:00")).map(|d| d.due_at), Some(due));
        history.push(urge(&c, "2026-10-03 10:00").event);
        assert_eq!(urge_due(&c, &history, &w.calendar, t("2026-10-08 09:00")), None, "urged since");

        // A clock paused before the due time is not overdue; a submitted result is not with the office.
        let mut paused = c.clone();
        paused.paused_since = Some(t("2026-10-01 12:00"));
        assert_eq!(urge_due(&paused, &[], &w.calendar, t("2026-10-08 09:00")), None);
        let submitted = in_state(&w, S::AwaitingReview);
        assert_eq!(urge_due(&submitted, &[], &w.calendar, t("2026-10-08 09:00")), None);
    }

    /// A valid payload for `kind`, and the complaint adjusted so that the action's own
    /// preconditions hold (pending extension, paused clock, enough revisit attempts …).
    fn prepared(kind: ActionKind, mut c: Complaint, now: BizTime) -> (Complaint, Action) {
        let action = match kind {
            ActionKind::Dispatch => Action::Dispatch { office: OFFICE1, station: None, note: String::new() },
            ActionKind::Transfer => Action::Transfer { office: OFFICE2, station: None, note: "路段调整".into() },
            ActionKind::Accept => Action::Accept { note: String::new() },
            ActionKind::SaveChecklist => Action::SaveChecklist { checklist: checklist(), result: None },
            ActionKind::SubmitResult => {
                c.checklist = checklist();
                Action::SubmitResult { result: result(), head: head() }
            }
            ActionKind::Approve => Action::Approve { note: String::new() },
            ActionKind::Return => Action::Return { reason: "录像说明不清".into() },
            ActionKind::Urge => Action::Urge { note: "请尽快".into() },
            ActionKind::RequestExtension => Action::RequestExtension {
                until: now + chrono::Duration::days(3),
                reason: "需调取外站录像".into(),
            },
            ActionKind::GrantExtension | ActionKind::RefuseExtension => {
                c.extension = Some(ExtensionRequest {
                    requested_at: now,
                    by: UserId(12),
                    by_name: "经办人".into(),
                    until: now + chrono::Duration::days(3),
                    reason: "需调取外站录像".into(),
                    granted: None,
                    decided_by: None,
                });
                if kind == ActionKind::GrantExtension {
                    Action::GrantExtension { note: String::new() }
                } else {
                    Action::RefuseExtension { reason: "时间充足".into() }
                }
            }
            ActionKind::Pause => Action::Pause { note: "司机要求晚些回电".into() },
            ActionKind::Resume => {
                c.paused_since = Some(now - chrono::Duration::hours(1));
                Action::Resume { note: String::new() }
            }
            ActionKind::RecordRevisit => Action::RecordRevisit {
                at: None,
                unreached: None,
                satisfaction: Some(Satisfaction::Satisfied),
                words: "满意".into(),
                reason: String::new(),
            },
            ActionKind::Reopen => Action::Reopen { reason: "司机仍不满意".into() },
            ActionKind::Close => {
                if c.state == S::Registered {
                    c.kind = ItemKind::Suggestion;
                }
                for i in 0..3 {
                    c.revisits.push(RevisitAttempt {
                        at: now - chrono::Duration::minutes(100 - 40 * i),
                        by: UserId(10),
                        by_name: "值班员".into(),
                        unreached: Some(UnreachedReason::Busy),
                        satisfaction: None,
                        words: String::new(),
                        reason: String::new(),
                    });
                }
                Action::Close { reason: "多次联系未果".into() }
            }
            ActionKind::Withdraw => Action::Withdraw { reason: "司机撤回".into() },
            ActionKind::LinkDuplicate => Action::LinkDuplicate { target: "TS2026092900001".into() },
            ActionKind::Register | ActionKind::LinkedCall => unreachable!(),
        };
        (c, action)
    }

    #[test]
    fn every_state_action_role_follows_the_table() {
        let w = world();
        let ctx = w.context();
        let now = t("2026-09-30 20:00");
        let mut checked = 0;
        for &state in ComplaintState::ALL {
            let base = in_state(&w, state);
            assert_eq!(base.state, state);
            for &kind in ActionKind::ALL {
                if matches!(kind, ActionKind::Register | ActionKind::LinkedCall) {
                    continue;
                }
                for &role in Role::ALL {
                    let (c, action) = prepared(kind, base.clone(), now);
                    let who = actor(20, role);
                    let allowed = rule(kind).roles_in(state).contains(&role);
                    let got = apply(&c, &action, &who, now, &ctx);
                    match (&got, allowed) {
                        (Ok(tr), true) => {
                            assert_eq!(tr.event.action, kind);
                            assert_eq!(tr.event.from_state, Some(state));
                            assert_eq!(tr.event.to_state, tr.complaint.state);
                            assert_eq!(tr.event.actor, who.id);
                        }
                        (Err(ActionError::Role { .. } | ActionError::State { .. }), false) => {}
                        _ => panic!("{state:?} × {kind:?} × {role:?}: allowed={allowed}, got {got:?}"),
                    }
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, ComplaintState::ALL.len() * (ActionKind::ALL.len() - 2) * Role::ALL.len());
    }

    #[test]
    fn refusals_say_why_in_chinese() {
        let w = world();
        let ctx = w.context();
        let c = in_state(&w, S::AwaitingReview);
        let err =
            apply(&c, &Action::Approve { note: String::new() }, &operator(), t("2026-09-30 18:00"), &ctx).unwrap_err();
        assert_eq!(err.to_string(), "「审核通过」只能由值班领导办理，您的角色是值班员");
        let err =
            apply(&c, &Action::Accept { note: String::new() }, &handler(), t("2026-09-30 18:00"), &ctx).unwrap_err();
        assert!(err.to_string().contains("工单当前状态为「待审核」，不能「签收」"), "{err}");
        let err =
            apply(&c, &Action::Return { reason: "  ".into() }, &leader(), t("2026-09-30 18:00"), &ctx).unwrap_err();
        assert_eq!(err.to_string(), "退回原因：不能为空");
    }

    #[test]
    fn another_office_cannot_touch_the_form() {
        let w = world();
        let c = in_state(&w, S::Dispatched);
        let mut other = handler();
        other.unit = OFFICE2;
        let err = apply(&c, &Action::Accept { note: String::new() }, &other, t("2026-09-30 18:00"), &w.context())
            .unwrap_err();
        assert_eq!(err.to_string(), "该工单由汉川管理所办理，您所在单位不能「签收」");
    }

    #[test]
    fn submit_is_refused_with_what_is_missing_and_needs_the_heads_signature() {
        let w = world();
        let ctx = w.context();
        let mut c = in_state(&w, S::Investigating);
        c.checklist = Checklist::default();
        let submit = |c: &Complaint, head: Actor| {
            apply(c, &Action::SubmitResult { result: result(), head }, &handler(), t("2026-09-30 18:00"), &ctx)
        };
        let err = submit(&c, head()).unwrap_err();
        let ActionError::Incomplete(missing) = &err else { panic!("{err:?}") };
        assert!(missing.iter().any(|m| m.contains("核查结论")), "{missing:?}");
        assert!(err.to_string().starts_with("还不能提交，尚缺："));
        c.checklist = checklist();
        let err = submit(&c, handler()).unwrap_err();
        assert!(err.to_string().contains("不是管理所负责人"), "{err}");
        let mut foreign_head = head();
        foreign_head.unit = OFFICE2;
        assert!(submit(&c, foreign_head).unwrap_err().to_string().contains("不是汉川管理所的负责人"));
        let ok = submit(&c, head()).unwrap().complaint;
        assert_eq!(ok.head_signature.as_ref().unwrap().name, "管理所负责人13");
        assert_eq!(ok.head_signature.as_ref().unwrap().at, t("2026-09-30 18:00"));
    }

    #[test]
    fn return_keeps_the_round_and_restarts_the_office_clock() {
        let w = world();
        let ctx = w.context();
        let c = in_state(&w, S::AwaitingReview);
        let tr = apply(&c, &Action::Return { reason: "录像说明不清".into() }, &leader(), t("2026-10-02 10:00"), &ctx)
            .unwrap();
        let r = tr.complaint;
        assert_eq!(r.state, S::Investigating);
        assert_eq!(r.round, 2);
        assert_eq!(r.return_reason.as_deref(), Some("录像说明不清"));
        assert!(r.head_signature.is_none());
        let office = r.open_deadline(Step::OfficeHandling).unwrap();
        assert_eq!(office.started_at, t("2026-10-02 10:00"));
        assert_eq!(crate::domain::time::format_due(office.due_at), "2026-10-03 24:00");
        // The event records what changed.
        assert!(tr.event.changes.get("round").is_some());
        assert!(tr.event.changes.get("state").is_some());
    }

    #[test]
    fn revisit_rules_need_spaced_attempts_before_giving_up() {
        let w = world();
        let ctx = w.context();
        let mut c = in_state(&w, S::AwaitingRevisit);
        let busy = Action::RecordRevisit {
            at: None,
            unreached: Some(UnreachedReason::Busy),
            satisfaction: None,
            words: String::new(),
            reason: String::new(),
        };
        let close = Action::Close { reason: "三次未接通".into() };
        for at in ["2026-10-01 09:00", "2026-10-01 09:10", "2026-10-01 09:45"] {
            c = apply(&c, &busy, &operator(), t(at), &ctx).unwrap().complaint;
        }
        // 09:10 is too close to 09:00: only two attempts count.
        let err = apply(&c, &close, &operator(), t("2026-10-01 09:50"), &ctx).unwrap_err();
        assert!(err.to_string().contains("目前有效2次，下次可回访时间 2026-10-01 10:15"), "{err}");
        c = apply(&c, &busy, &operator(), t("2026-10-01 10:20"), &ctx).unwrap().complaint;
        let closed = apply(&c, &close, &operator(), t("2026-10-01 10:21"), &ctx).unwrap().complaint;
        assert_eq!(closed.state, S::Closed);
        assert_eq!(closed.close_kind, Some(CloseKind::Unreached));
    }

    #[test]
    fn a_revisit_records_the_time_it_was_made_within_the_round() {
        let w = world();
        let ctx = w.context();
        let c = in_state(&w, S::AwaitingRevisit);
        let at = |s: &str| Action::RecordRevisit {
            at: Some(t(s)),
            unreached: None,
            satisfaction: Some(Satisfaction::Satisfied),
            words: "满意".into(),
            reason: String::new(),
        };
        // Approved at 2026-09-30 17:00: a call before that belongs to no revisit of this round.
        let err = apply(&c, &at("2026-09-30 16:00"), &operator(), t("2026-10-01 10:00"), &ctx).unwrap_err();
        assert_eq!(err.to_string(), "回访时间：不能早于2026-09-30 17:00");
        let err = apply(&c, &at("2026-10-01 11:00"), &operator(), t("2026-10-01 10:00"), &ctx).unwrap_err();
        assert!(err.to_string().contains("不能晚于当前时间"), "{err}");
        let tr = apply(&c, &at("2026-10-01 09:30"), &operator(), t("2026-10-01 10:00"), &ctx).unwrap();
        assert_eq!(tr.complaint.revisits.last().unwrap().at, t("2026-10-01 09:30"));
        assert_eq!(tr.complaint.closed_at, Some(t("2026-10-01 09:30")), "closed when the driver said so");
        assert_eq!(tr.event.at, t("2026-10-01 10:00"), "the history says when it was recorded");
    }

    #[test]
    fn unsatisfied_goes_to_the_leader_who_may_reopen() {
        let w = world();
        let ctx = w.context();
        let c = in_state(&w, S::AwaitingRevisit);
        let unhappy = |reason: &str| Action::RecordRevisit {
            at: None,
            unreached: None,
            satisfaction: Some(Satisfaction::Unsatisfied),
            words: "没人管".into(),
            reason: reason.into(),
        };
        let err = apply(&c, &unhappy(""), &operator(), t("2026-10-01 10:00"), &ctx).unwrap_err();
        assert_eq!(err.to_string(), "原因：评价为「不满意」时须填写原因");
        let c = apply(&c, &unhappy("未退还多收费用"), &operator(), t("2026-10-01 10:00"), &ctx).unwrap().complaint;
        assert_eq!(c.state, S::AwaitingDecision);
        let err = apply(&c, &Action::Close { reason: "已解释".into() }, &operator(), t("2026-10-01 11:00"), &ctx)
            .unwrap_err();
        assert!(matches!(err, ActionError::Role { .. }), "{err:?}");
        let c = apply(&c, &Action::Reopen { reason: "退费".into() }, &leader(), t("2026-10-01 11:00"), &ctx)
            .unwrap()
            .complaint;
        assert_eq!((c.state, c.reopen_count, c.round), (S::Investigating, 1, 2));
        assert_eq!(c.revisits.len(), 1, "earlier rounds are kept");
    }

    #[test]
    fn history_records_only_the_elements_that_changed() {
        let w = world();
        let ctx = w.context();
        let c = in_state(&w, S::AwaitingRevisit);
        let busy = Action::RecordRevisit {
            at: None,
            unreached: Some(UnreachedReason::Busy),
            satisfaction: None,
            words: String::new(),
            reason: String::new(),
        };
        let c = apply(&c, &busy, &operator(), t("2026-10-01 09:00"), &ctx).unwrap().complaint;
        let ev = apply(&c, &busy, &operator(), t("2026-10-01 09:40"), &ctx).unwrap().event;
        let v = ev.changes.to_value();
        let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["revisits[1]"], "only the new attempt is recorded: {}", ev.changes.as_json());
        assert_eq!(v["revisits[1]"]["from"], serde_json::Value::Null);
        assert_eq!(v["revisits[1]"]["to"]["unreached"], "busy");
    }

    #[test]
    fn five_level_answers_are_refused_on_the_three_level_scale() {
        let w = world();
        let c = in_state(&w, S::AwaitingRevisit);
        let a = Action::RecordRevisit {
            at: None,
            unreached: None,
            satisfaction: Some(Satisfaction::VerySatisfied),
            words: String::new(),
            reason: String::new(),
        };
        assert!(
            apply(&c, &a, &operator(), t("2026-10-01 10:00"), &w.context())
                .unwrap_err()
                .to_string()
                .contains("三级评价")
        );
    }

    #[test]
    fn pause_moves_the_due_time_and_freezes_the_status() {
        let w = world();
        let ctx = w.context();
        let c = in_state(&w, S::Dispatched);
        let due = c.open_deadline(Step::OfficeHandling).unwrap().due_at;
        assert_eq!(crate::domain::time::format_due(due), "2026-10-01 24:00");
        let c =
            apply(&c, &Action::Pause { note: "司机要求明天再联系".into() }, &operator(), t("2026-10-01 10:00"), &ctx)
                .unwrap()
                .complaint;
        let st = c.open_deadline(Step::OfficeHandling).unwrap().status(t("2026-10-05 10:00"), 0.8, c.paused_since);
        assert_ne!(st.state, DeadlineState::Overdue, "time stands still while paused");
        let c = apply(&c, &Action::Resume { note: String::new() }, &operator(), t("2026-10-01 16:00"), &ctx)
            .unwrap()
            .complaint;
        let moved = c.open_deadline(Step::OfficeHandling).unwrap().due_at;
        assert_eq!(moved - due, chrono::Duration::hours(6));
        assert!(c.paused_since.is_none());
    }

    #[test]
    fn granted_extension_moves_the_office_due_time() {
        let w = world();
        let ctx = w.context();
        let c = in_state(&w, S::Investigating);
        let until = t("2026-10-03 18:00");
        let late = apply(
            &c,
            &Action::RequestExtension { until, reason: "外站录像".into() },
            &handler(),
            t("2026-10-02 01:00"),
            &ctx,
        )
        .unwrap_err();
        assert!(late.to_string().contains("已过，不能再申请延期"), "{late}");
        let c = apply(
            &c,
            &Action::RequestExtension { until, reason: "外站录像".into() },
            &handler(),
            t("2026-09-30 12:00"),
            &ctx,
        )
        .unwrap()
        .complaint;
        let again = apply(
            &c,
            &Action::RequestExtension { until, reason: "再延".into() },
            &handler(),
            t("2026-09-30 12:05"),
            &ctx,
        )
        .unwrap_err();
        assert!(again.to_string().contains("已有一份延期申请"));
        let c = apply(&c, &Action::GrantExtension { note: String::new() }, &leader(), t("2026-09-30 13:00"), &ctx)
            .unwrap()
            .complaint;
        assert_eq!(c.open_deadline(Step::OfficeHandling).unwrap().due_at, until);
        assert_eq!(c.extension.as_ref().unwrap().granted, Some(true));
    }

    #[test]
    fn suggestions_are_closed_on_registration_but_complaints_are_not() {
        let w = world();
        let ctx = w.context();
        let c = in_state(&w, S::Registered);
        assert!(apply(&c, &Action::Close { reason: String::new() }, &operator(), t("2026-09-30 10:00"), &ctx).is_err());
        let mut s = c.clone();
        s.kind = ItemKind::Suggestion;
        let closed = apply(&s, &Action::Close { reason: String::new() }, &operator(), t("2026-09-30 10:00"), &ctx)
            .unwrap()
            .complaint;
        assert_eq!(closed.close_kind, Some(CloseKind::Recorded));
        assert!(c.deadlines.iter().any(|d| d.step == Step::Whole));
        assert_eq!(c.category, Category::StaffAttitude);
    }

    #[test]
    fn major_complaints_get_tighter_limits() {
        let w = world();
        let mut d = draft(t("2026-09-30 09:05"));
        d.grade = crate::domain::work::Grade::Major;
        let c = register(d, &operator(), t("2026-09-30 09:05"), &w.context()).unwrap().complaint;
        let first = c.open_deadline(Step::FirstResponse).unwrap();
        assert_eq!(first.due_at, t("2026-09-30 11:00"));
        assert_eq!(c.open_deadline(Step::Whole).unwrap().due_at, t("2026-10-02 09:00"));
    }
}

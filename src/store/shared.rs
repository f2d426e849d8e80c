//! The behaviour of every store, written once: `impl<E: Engine> Store for E`. Both engines run
//! the same statements (`queries`), read rows through the same mapping (`columns`) and apply the
//! same rules around them; an engine supplies only its connection and what is its own (see
//! [`Engine`]).
//!
//! Invariants held here:
//! - a complaint changes only through `lifecycle::apply` (or `register`), inside one
//!   transaction that writes its row (version checked) and exactly one history event per
//!   complaint it changes, or nothing;
//! - every complaint query honours the connection's scope;
//! - the organisation and rules an action is checked against are loaded once and dropped
//!   whenever this connection writes one of them.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;

use super::api::Store;
use super::columns::{
    self, FACT_COLUMNS, H_EVENT_COLUMNS, ROW_COLUMNS, STORED_FACT_COLUMNS, USER_COLUMNS, event_from, facts_from,
    from_json, roles_to_text, row_from, stored_facts_agree, to_json, user_from,
};
use super::db::{Cells, Db, Value, vals};
use super::engine::Engine;
use super::error::{Result, StoreError};
use super::queries::{self, Existing, ListQuery, scope_value};
use super::snapshot::{AttachmentRecord, ComplaintRecord, HistoryDigest, Snapshot, Tally, UserRecord};
use super::sqlite::SqliteStore;
use super::types::{
    Attachment, ChangeWatch, CheckReport, ComplaintRow, ListFilter, NewUnit, Scope, check_signature_png,
};
use crate::domain::calendar::{CalendarDay, WorkCalendar};
use crate::domain::deadline::DeadlineRules;
use crate::domain::lifecycle::{self, Action, ContextData, HistoryEvent, RevisitPolicy, Transition};
use crate::domain::org::{Actor, Role, Station, StationId, Unit, UnitId, User, UserId};
use crate::domain::revisit::{self, RevisitInput};
use crate::domain::stats::{ComplaintFacts, StatsSettings, StoredFacts};
use crate::domain::time::{BizTime, start_of_day, to_epoch};
use crate::domain::validate::FieldError;
use crate::domain::work::{CallCategory, CallKind, CallRecord, Complaint, ComplaintState};

/// `Err(e)` for a duplicate named by `message` instead of the engine's words.
fn duplicate(e: StoreError, message: impl FnOnce() -> String) -> StoreError {
    match e {
        StoreError::Duplicate(_) => StoreError::Duplicate(message()),
        other => other,
    }
}

/// What the consistency check says about a complaint's history: `n` events, the highest sequence
/// number `max`, the last event's state `last`, for a complaint now in `state`.
fn history_problem(number: &str, state: &str, n: i64, max: Option<i64>, last: Option<&str>) -> Option<String> {
    if n == 0 {
        Some(format!("工单{number}：没有任何办理记录"))
    } else if max != Some(n) {
        Some(format!("工单{number}：办理记录序号不连续"))
    } else if last != Some(state) {
        Some(format!("工单{number}：最后一条办理记录的状态与工单状态不符"))
    } else {
        None
    }
}

/// Whether a stored call (its number, category code and JSON) may await a revisit, decided
/// without parsing it: every help request, the sampled consultations, and a call with attempts
/// (it stays in its revisit whatever the sample percentage is now). Only these are parsed.
fn may_await_revisit(number: &str, category: &str, data: &str, sample_percent: u32) -> bool {
    let help = CallCategory::parse(category).is_none_or(|c| c.kind() == CallKind::Help);
    help || revisit::consultation_sampled(number, sample_percent) || data.contains("\"revisits\":[{")
}

/// `[from, to]` business dates as Unix seconds `[lo, hi)`.
fn day_range(from: NaiveDate, to: NaiveDate) -> (i64, i64) {
    (to_epoch(start_of_day(from)), to_epoch(start_of_day(to.succ_opt().unwrap_or(to))))
}

/// What the store code needs of an engine besides the [`Store`] operations themselves.
trait Behaviour: Engine {
    fn scope(&self) -> Scope {
        self.common().scope
    }

    fn invalidate(&self) {
        self.common().invalidate();
    }

    /// Rules, calendar, revisit policy and organisation, loaded once per connection.
    fn load_ctx(&self) -> Result<Arc<ContextData>> {
        if let Some(c) = self.common().ctx.borrow().as_ref() {
            return Ok(Arc::clone(c));
        }
        let data = Arc::new(ContextData {
            rules: queries::setting(&mut self.db(), "deadline_rules")?,
            calendar: queries::calendar(&mut self.db())?,
            policy: queries::setting(&mut self.db(), "revisit_policy")?,
            units: queries::units(&mut self.db())?,
            stations: queries::stations(&mut self.db())?,
        });
        *self.common().ctx.borrow_mut() = Some(Arc::clone(&data));
        Ok(data)
    }

    /// The list query of `f` within this connection's scope, the engine's search included.
    fn list_query(&self, f: &ListFilter) -> ListQuery {
        let mut q = ListQuery::of(f, self.scope(), &Self::DIALECT);
        if let Some(words) = f.search.as_deref() {
            Self::search(&mut q, words);
        }
        q
    }

    /// Apply `action` to `number` in one transaction; with `seen`, only if the stored version
    /// is still the one the user saw.
    fn act_inner(
        &mut self,
        number: &str,
        seen: Option<i64>,
        action: &Action,
        actor: &Actor,
        now: BizTime,
    ) -> Result<Complaint> {
        let number = number.trim();
        let scope = self.scope();
        let ctx_data = self.load_ctx()?;
        let ctx = ctx_data.context();
        self.in_tx(|tx| {
            let target = match action {
                Action::LinkDuplicate { target } => Some(target.trim()),
                _ => None,
            };
            Self::lock_step(tx, number, target, scope)?;
            let (id, version, data) =
                queries::load(tx, number, scope)?.ok_or_else(|| StoreError::NotFound(number.to_owned()))?;
            if seen.is_some_and(|v| v != version) {
                return Err(queries::conflict(tx, id));
            }
            let current: Complaint = from_json(&data)?;
            let Transition { complaint, event } = lifecycle::apply(&current, action, actor, now, &ctx)?;
            if let Some(target) = target {
                let (tid, tversion, tdata) = queries::load(tx, target, scope)?.ok_or_else(|| {
                    StoreError::Invalid(vec![FieldError::new("原工单编号", format!("找不到工单 {target}"))])
                })?;
                let tc: Complaint = from_json(&tdata)?;
                let t = lifecycle::link_target(&tc, number, actor, now)?;
                let existing = Existing { id: tid, version: tversion, before: &tc };
                Self::write(tx, Some(existing), &t.complaint, &actor.name, now)?;
                queries::append_history(tx, tid, &t.event)?;
            }
            Self::write(tx, Some(Existing { id, version, before: &current }), &complaint, &actor.name, now)?;
            queries::append_history(tx, id, &event)?;
            Ok(complaint)
        })
    }

    /// Every complaint's consistency: its columns against its JSON, its history's numbering and
    /// last state.
    fn check_complaints(&self, report: &mut CheckReport) -> Result<()> {
        let facts = STORED_FACT_COLUMNS.map(|col| format!("c.{col}")).join(", ");
        let search = Self::SEARCH_COLUMN.map_or_else(String::new, |col| format!(", c.{col}"));
        let sql = format!(
            "SELECT c.number, c.state, c.data,
                (SELECT count(*) FROM history h WHERE h.complaint_id = c.id),
                (SELECT max(seq) FROM history h WHERE h.complaint_id = c.id),
                (SELECT to_state FROM history h WHERE h.complaint_id = c.id ORDER BY seq DESC LIMIT 1),
                {facts}{search}
             FROM complaints c ORDER BY c.id"
        );
        self.db().visit(&sql, &[], |r| {
            let (number, state) = (r.str(0)?, r.str(1)?);
            match serde_json::from_str::<Complaint>(r.str(2)?) {
                Err(e) => report.problems.push(format!("工单{number}：数据无法读取（{e}）")),
                Ok(c) if c.state.code() != state || c.number != number => {
                    report.problems.push(format!("工单{number}：索引列与工单数据不一致"));
                }
                Ok(c) if !stored_facts_agree(StoredFacts::of(&c), r, 6)? => {
                    report.problems.push(format!("工单{number}：统计列与工单数据不一致"));
                }
                Ok(c)
                    if Self::SEARCH_COLUMN.is_some()
                        && Self::search_text(&c) != r.str(6 + STORED_FACT_COLUMNS.len())? =>
                {
                    report.problems.push(format!("工单{number}：检索文字与工单数据不一致"));
                }
                Ok(_) => {}
            }
            report.problems.extend(history_problem(number, state, r.int(3)?, r.opt_int(4)?, r.opt_str(5)?));
            Ok(true)
        })
    }

    /// The counts per office and state against the rows.
    fn check_state_counts(&self, report: &mut CheckReport) -> Result<()> {
        let wrong = self.db().one(
            "SELECT (SELECT count(*) FROM (
                SELECT COALESCE(office_id, 0), state, count(*) FROM complaints GROUP BY 1, 2
                EXCEPT SELECT office_id, state, n FROM state_counts WHERE n > 0) a)
              + (SELECT count(*) FROM (
                SELECT office_id, state, n FROM state_counts WHERE n > 0
                EXCEPT SELECT COALESCE(office_id, 0), state, count(*) FROM complaints GROUP BY 1, 2) b)",
            &[],
            |r| r.int(0),
        )?;
        if wrong > 0 {
            report.problems.push("各状态工单数的汇总与工单本身不符".into());
        }
        Ok(())
    }

    /// Every attachment with its bytes and its complaint's id, in the order they were added.
    fn attachment_records(&self) -> Result<Vec<(i64, AttachmentRecord)>> {
        let dir = self.attachment_folder();
        let bytes = if Self::ATTACHMENT_BYTES_IN_DB { ", bytes" } else { "" };
        let sql = format!("SELECT {}{bytes} FROM attachments ORDER BY id", columns::ATTACHMENT_RECORD_COLUMNS);
        self.db().rows(&sql, &[], |r| {
            if Self::ATTACHMENT_BYTES_IN_DB {
                return columns::attachment_record(r, r.bytes(5)?);
            }
            let (file_name, sha256) = (r.str(1)?, r.str(2)?);
            let path = columns::attachment_path(&dir, file_name, sha256);
            let bytes = std::fs::read(&path)
                .map_err(|e| StoreError::Io(format!("附件“{file_name}”的文件无法读取：{}（{e}）", path.display())))?;
            columns::attachment_record(r, bytes)
        })
    }

    /// Every complaint with its history and attachments, in id order.
    fn complaint_records(&self) -> Result<Vec<ComplaintRecord>> {
        let mut db = self.db();
        let mut complaints: Vec<(i64, ComplaintRecord)> =
            db.rows("SELECT id, data, updated_by, updated_at FROM complaints ORDER BY id", &[], |r| {
                let record = ComplaintRecord {
                    complaint: from_json(r.str(1)?)?,
                    history: Vec::new(),
                    updated_by: r.text(2)?,
                    updated_at: r.time(3)?,
                    attachments: Vec::new(),
                };
                Ok((r.int(0)?, record))
            })?;
        let index: HashMap<i64, usize> = complaints.iter().enumerate().map(|(i, (id, _))| (*id, i)).collect();
        // One pass over the history, in complaint order.
        let sql = format!("SELECT complaint_id, {} FROM history ORDER BY complaint_id, seq", columns::EVENT_COLUMNS);
        db.visit(&sql, &[], |r| {
            if let Some(i) = index.get(&r.int(0)?) {
                complaints[*i].1.history.push(event_from(r, 1)?);
            }
            Ok(true)
        })?;
        drop(db);
        for (id, record) in self.attachment_records()? {
            if let Some(i) = index.get(&id) {
                complaints[*i].1.attachments.push(record);
            }
        }
        Ok(complaints.into_iter().map(|(_, c)| c).collect())
    }
}

impl<E: Engine> Behaviour for E {}

impl<E: Engine> Store for E {
    // --- organisation ---

    fn units(&self) -> Result<Vec<Unit>> {
        queries::units(&mut self.db())
    }

    fn stations(&self) -> Result<Vec<Station>> {
        queries::stations(&mut self.db())
    }

    fn users(&self) -> Result<Vec<User>> {
        queries::users(&mut self.db())
    }

    fn user_by_login(&self, login: &str) -> Result<Option<(User, String)>> {
        let sql = format!("SELECT {USER_COLUMNS}, password_hash FROM users WHERE login = ?1");
        self.db().first(&sql, &vals![login.trim()], |r| Ok((user_from(r)?, r.text(6)?)))
    }

    fn add_unit(&mut self, unit: &NewUnit) -> Result<UnitId> {
        let id = self
            .db()
            .insert(
                "INSERT INTO units(name, kind, parent_id, phone) VALUES (?1, ?2, ?3, ?4)",
                &vals![&unit.name, unit.kind.code(), unit.parent.map(|p| p.0), unit.phone.as_deref()],
            )
            .map_err(|e| duplicate(e, || format!("单位“{}”已存在", unit.name)))?;
        self.invalidate();
        Ok(UnitId(id))
    }

    fn add_station(&mut self, name: &str, office: UnitId) -> Result<StationId> {
        let id = self
            .db()
            .insert("INSERT INTO stations(name, office_id) VALUES (?1, ?2)", &vals![name, office.0])
            .map_err(|e| duplicate(e, || format!("收费站“{name}”已存在")))?;
        self.invalidate();
        Ok(StationId(id))
    }

    fn add_user(
        &mut self,
        login: &str,
        name: &str,
        unit: UnitId,
        roles: &[Role],
        password_hash: &str,
    ) -> Result<UserId> {
        let id = self
            .db()
            .insert(
                "INSERT INTO users(login, name, unit_id, roles, password_hash) VALUES (?1, ?2, ?3, ?4, ?5)",
                &vals![login, name, unit.0, roles_to_text(roles), password_hash],
            )
            .map_err(|e| duplicate(e, || format!("登录名“{login}”已存在")))?;
        Ok(UserId(id))
    }

    fn set_signature(&mut self, user: UserId, png: Option<&[u8]>) -> Result<()> {
        if let Some(png) = png {
            check_signature_png(png)?;
        }
        let n = self.db().execute("UPDATE users SET signature_png = ?1 WHERE id = ?2", &vals![png, user.0])?;
        if n == 0 {
            return Err(StoreError::Invalid(vec![FieldError::new("用户", format!("找不到编号为 {} 的用户", user.0))]));
        }
        Ok(())
    }

    fn signature(&self, user: UserId) -> Result<Option<Vec<u8>>> {
        let png = self.db().first("SELECT signature_png FROM users WHERE id = ?1", &vals![user.0], |r| {
            Ok(r.opt_bytes(0)?.map(<[u8]>::to_vec))
        })?;
        Ok(png.flatten())
    }

    // --- settings ---

    fn rules(&self) -> Result<DeadlineRules> {
        queries::setting(&mut self.db(), "deadline_rules")
    }

    fn set_rules(&mut self, rules: &DeadlineRules) -> Result<()> {
        queries::put_setting(&mut self.db(), "deadline_rules", rules)?;
        self.invalidate();
        Ok(())
    }

    fn revisit_policy(&self) -> Result<RevisitPolicy> {
        queries::setting(&mut self.db(), "revisit_policy")
    }

    fn set_revisit_policy(&mut self, policy: &RevisitPolicy) -> Result<()> {
        revisit::check_policy(policy).map_err(StoreError::Invalid)?;
        self.in_tx(|tx| queries::put_setting(tx, "revisit_policy", policy))?;
        self.invalidate();
        Ok(())
    }

    fn stats_settings(&self) -> Result<StatsSettings> {
        queries::setting(&mut self.db(), "stats_settings")
    }

    fn set_stats_settings(&mut self, settings: StatsSettings, actor: &Actor) -> Result<()> {
        if !crate::domain::stats::may_change_settings(&actor.roles) {
            return Err(StoreError::Action(lifecycle::ActionError::Refused(
                "只有值班领导或中心管理员可以修改统计口径".to_owned(),
            )));
        }
        self.in_tx(|tx| queries::put_setting(tx, "stats_settings", &settings))
    }

    fn calendar(&self) -> Result<WorkCalendar> {
        queries::calendar(&mut self.db())
    }

    fn import_calendar_year(&mut self, year: i32, days: &[CalendarDay]) -> Result<()> {
        let mut cal = self.calendar()?;
        cal.import_year(year, days.to_vec());
        self.in_tx(|tx| queries::write_calendar(tx, &cal))?;
        self.invalidate();
        Ok(())
    }

    fn context_data(&self) -> Result<ContextData> {
        Ok((*self.load_ctx()?).clone())
    }

    // --- complaints ---

    fn register(&mut self, draft: Complaint, actor: &Actor, now: BizTime) -> Result<Complaint> {
        let mut numbers = self.register_all(vec![draft], actor, now)?;
        let number = numbers.pop().expect("one registered");
        self.complaint(&number)?.ok_or(StoreError::NotFound(number))
    }

    fn register_all(&mut self, drafts: Vec<Complaint>, actor: &Actor, now: BizTime) -> Result<Vec<String>> {
        let ctx_data = self.load_ctx()?;
        let ctx = ctx_data.context();
        self.in_tx(|tx| {
            let mut numbers = Vec::with_capacity(drafts.len());
            for mut draft in drafts {
                E::lock_numbers(tx, "complaints")?;
                draft.number = queries::next_number(tx, "complaints", "TS", now)?;
                let Transition { complaint, event } = lifecycle::register(draft, actor, now, &ctx)?;
                let id = E::write(tx, None, &complaint, &actor.name, now)?;
                queries::append_history(tx, id, &event)?;
                numbers.push(complaint.number);
            }
            Ok(numbers)
        })
    }

    fn act(&mut self, number: &str, action: &Action, actor: &Actor, now: BizTime) -> Result<Complaint> {
        self.act_inner(number, None, action, actor, now)
    }

    fn complaint(&self, number: &str) -> Result<Option<Complaint>> {
        match queries::load(&mut self.db(), number.trim(), self.scope())? {
            Some((_, _, data)) => from_json(&data).map(Some),
            None => Ok(None),
        }
    }

    fn by_provincial_number(&self, provincial: &str) -> Result<Option<String>> {
        self.db().first(
            "SELECT number FROM complaints c WHERE provincial_number = ?1 AND (c.office_id = ?2 OR ?2 IS NULL) LIMIT 1",
            &[Value::from(provincial.trim()), scope_value(self.scope())],
            |r| r.text(0),
        )
    }

    fn history(&self, number: &str) -> Result<Vec<HistoryEvent>> {
        let sql = format!(
            "SELECT {H_EVENT_COLUMNS} FROM history h JOIN complaints c ON c.id = h.complaint_id
             WHERE c.number = ?1 AND (c.office_id = ?2 OR ?2 IS NULL) ORDER BY h.seq"
        );
        self.db().rows(&sql, &[Value::from(number.trim()), scope_value(self.scope())], |r| event_from(r, 0))
    }

    fn list(&self, f: &ListFilter) -> Result<Vec<ComplaintRow>> {
        let q = self.list_query(f);
        let limit = f.limit.map_or_else(|| E::DIALECT.no_limit.to_owned(), |l| l.to_string());
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM {} LEFT JOIN units u ON u.id = c.office_id
             LEFT JOIN stations s ON s.id = c.station_id{} ORDER BY {} LIMIT {limit} OFFSET {}",
            q.from,
            q.filter,
            E::order(q.search, f.sort),
            f.offset
        );
        self.db().rows(&sql, &q.params, |r| row_from(r))
    }

    fn count(&self, f: &ListFilter) -> Result<u64> {
        self.count_up_to(f, u64::MAX)
    }

    fn count_up_to(&self, f: &ListFilter, cap: u64) -> Result<u64> {
        let q = self.list_query(f);
        let limit = if cap >= i64::MAX.unsigned_abs() { String::new() } else { format!(" LIMIT {cap}") };
        let (sql, params) = E::count_sql(&q, &limit);
        Ok(self.db().one(&sql, params, |r| r.int(0))?.unsigned_abs())
    }

    fn state_counts(&self, office: Option<UnitId>) -> Result<Vec<(ComplaintState, u64)>> {
        // A scoped connection counts its own office only.
        let office = self.scope().office().or(office);
        let found = self.db().rows(
            "SELECT state, CAST(SUM(n) AS BIGINT) FROM state_counts WHERE office_id = ?1 OR ?1 IS NULL GROUP BY state",
            &vals![office.map(|o| o.0)],
            |r| Ok((r.text(0)?, r.int(1)?)),
        )?;
        Ok(ComplaintState::ALL
            .iter()
            .map(|s| {
                let n = found.iter().find(|(code, _)| code == s.code()).map_or(0, |(_, n)| *n);
                (*s, n.unsigned_abs())
            })
            .collect())
    }

    fn recent_similar(&self, plate: Option<&str>, phone: &str, since: BizTime) -> Result<Vec<ComplaintRow>> {
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM complaints c LEFT JOIN units u ON u.id = c.office_id
             LEFT JOIN stations s ON s.id = c.station_id
             WHERE c.accepted_at >= ?3 AND c.state <> 'duplicate' AND (c.phone = ?2 OR c.plate = ?1)
               AND (c.office_id = ?4 OR ?4 IS NULL)
             ORDER BY c.accepted_at DESC, c.id DESC LIMIT 20"
        );
        let params = [Value::from(plate), Value::from(phone), Value::from(since), scope_value(self.scope())];
        self.db().rows(&sql, &params, |r| row_from(r))
    }

    fn facts(&self, from: NaiveDate, to: NaiveDate, now: BizTime) -> Result<Vec<ComplaintFacts>> {
        let (lo, hi) = day_range(from, to);
        let sql = format!(
            "SELECT {FACT_COLUMNS} FROM complaints c
             WHERE accepted_at >= ?1 AND accepted_at < ?2 AND (c.office_id = ?3 OR ?3 IS NULL) ORDER BY accepted_at, id"
        );
        self.db().rows(&sql, &[Value::from(lo), Value::from(hi), scope_value(self.scope())], |r| facts_from(r, now))
    }

    fn closed_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Complaint>> {
        let (lo, hi) = day_range(from, to);
        self.db().rows(
            "SELECT data FROM complaints c WHERE closed_at >= ?1 AND closed_at < ?2 AND state = 'closed'
                AND (c.office_id = ?3 OR ?3 IS NULL) ORDER BY closed_at, id",
            &[Value::from(lo), Value::from(hi), scope_value(self.scope())],
            |r| from_json(r.str(0)?),
        )
    }

    fn insert_generated(&mut self, items: &[(Complaint, Vec<HistoryEvent>)]) -> Result<()> {
        Engine::insert_generated(self, items)
    }

    // --- calls ---

    fn register_call(&mut self, mut draft: CallRecord, actor: &Actor, now: BizTime) -> Result<CallRecord> {
        lifecycle::may_register(actor)?;
        self.in_tx(|tx| {
            E::lock_numbers(tx, "calls")?;
            draft.number = queries::next_number(tx, "calls", "LD", now)?;
            queries::insert_call(tx, &draft)
        })?;
        Ok(draft)
    }

    fn insert_calls(&mut self, calls: &[CallRecord]) -> Result<()> {
        self.in_tx(|tx| calls.iter().try_for_each(|c| queries::insert_call(tx, c)))
    }

    fn calls(&self, limit: u32) -> Result<Vec<CallRecord>> {
        self.db().rows("SELECT data FROM calls ORDER BY received_at DESC, id DESC LIMIT ?1", &vals![limit], |r| {
            from_json(r.str(0)?)
        })
    }

    fn call(&self, number: &str) -> Result<Option<CallRecord>> {
        self.db().first("SELECT data FROM calls WHERE number = ?1", &vals![number.trim()], |r| from_json(r.str(0)?))
    }

    fn calls_awaiting_revisit(&self, limit: u32) -> Result<Vec<CallRecord>> {
        let policy = self.revisit_policy()?;
        let limit = usize::try_from(limit).unwrap_or(usize::MAX);
        let mut out = Vec::new();
        // Which calls need a revisit follows from the number and category alone, so only
        // those rows are parsed; whether they are still open needs their attempts.
        self.db().visit("SELECT number, category, data FROM calls ORDER BY received_at, id", &[], |r| {
            let data = r.str(2)?;
            if !may_await_revisit(r.str(0)?, r.str(1)?, data, policy.consult_sample_percent) {
                return Ok(true);
            }
            let call: CallRecord = from_json(data)?;
            if matches!(revisit::call_revisit_state(&call, &policy), revisit::CallRevisitState::Open { .. }) {
                out.push(call);
                return Ok(out.len() < limit);
            }
            Ok(true)
        })?;
        Ok(out)
    }

    fn record_call_revisit(
        &mut self,
        number: &str,
        input: &RevisitInput,
        actor: &Actor,
        now: BizTime,
    ) -> Result<CallRecord> {
        let number = number.trim();
        let policy = self.load_ctx()?.policy;
        self.in_tx(|tx| {
            let sql = format!("SELECT data FROM calls WHERE number = ?1{}", E::DIALECT.lock_rows);
            let data = tx
                .first(&sql, &vals![number], |r| r.text(0))?
                .ok_or_else(|| StoreError::CallNotFound(number.to_owned()))?;
            let call: CallRecord = from_json(&data)?;
            let updated = revisit::revisit_call(&call, input, actor, now, &policy)?;
            let json = to_json(&updated)?;
            // The attempts are appended to the call's own record: earlier ones are kept as they were.
            if tx.execute("UPDATE calls SET data = ?2 WHERE number = ?1 AND data = ?3", &vals![number, json, data])?
                != 1
            {
                return Err(StoreError::Conflict { who: "其他用户".into(), at: "刚才".into() });
            }
            Ok(updated)
        })
    }

    // --- attachments, maintenance ---

    fn add_attachment(&mut self, number: &str, file: &Path, actor: &Actor, now: BizTime) -> Result<Attachment> {
        let number = number.trim();
        let scope = self.scope();
        if queries::load(&mut self.db(), number, scope)?.is_none() {
            return Err(StoreError::NotFound(number.to_owned()));
        }
        let record = columns::read_attachment(file, &actor.name, now)?;
        let path = columns::attachment_path(&self.attachment_folder(), &record.file_name, &record.sha256);
        if !E::ATTACHMENT_BYTES_IN_DB {
            self.keep_copy(&path, &record.bytes)?;
        }
        self.in_tx(|tx| {
            let (id, _, _) =
                queries::load(tx, number, scope)?.ok_or_else(|| StoreError::NotFound(number.to_owned()))?;
            queries::insert_attachment(tx, id, &record, E::ATTACHMENT_BYTES_IN_DB)
        })?;
        if E::ATTACHMENT_BYTES_IN_DB {
            self.keep_copy(&path, &record.bytes)?;
        }
        let size = u64::try_from(record.bytes.len()).unwrap_or(u64::MAX);
        let AttachmentRecord { file_name, sha256, added_by, .. } = record;
        Ok(Attachment { file_name, sha256, size, added_at: now, added_by, path })
    }

    fn attachments(&self, number: &str) -> Result<Vec<Attachment>> {
        let dir = self.attachment_folder();
        let found = self.db().rows(
            "SELECT a.id, a.file_name, a.sha256, a.size, a.added_at, a.added_by FROM attachments a
             JOIN complaints c ON c.id = a.complaint_id
             WHERE c.number = ?1 AND (c.office_id = ?2 OR ?2 IS NULL) ORDER BY a.id",
            &[Value::from(number.trim()), scope_value(self.scope())],
            |r| {
                let (file_name, sha256) = (r.text(1)?, r.text(2)?);
                let attachment = Attachment {
                    path: columns::attachment_path(&dir, &file_name, &sha256),
                    file_name,
                    sha256,
                    size: r.int(3)?.unsigned_abs(),
                    added_at: r.time(4)?,
                    added_by: r.text(5)?,
                };
                Ok((r.int(0)?, attachment))
            },
        )?;
        let mut out = Vec::with_capacity(found.len());
        for (id, a) in found {
            // From the database, the bytes are fetched only when this machine has no copy yet.
            if E::ATTACHMENT_BYTES_IN_DB && !std::fs::metadata(&a.path).is_ok_and(|m| m.len() == a.size) {
                let bytes = self.db().one("SELECT bytes FROM attachments WHERE id = ?1", &vals![id], |r| r.bytes(0))?;
                self.keep_copy(&a.path, &bytes)?;
            }
            out.push(a);
        }
        Ok(out)
    }

    fn backup(&self, dest: &Path) -> Result<()> {
        Engine::backup(self, dest)
    }

    fn check(&self) -> Result<CheckReport> {
        let mut report = CheckReport::default();
        let mut db = self.db();
        let mut count = |table: &str| -> Result<u64> {
            Ok(db.one(&format!("SELECT count(*) FROM {table}"), &[], |r| r.int(0))?.unsigned_abs())
        };
        report.complaints = count("complaints")?;
        report.history_events = count("history")?;
        report.calls = count("calls")?;
        report.attachments = count("attachments")?;
        report.schema_version = db.one(E::DIALECT.schema_version, &[], |r| r.int(0))?;
        drop(db);
        self.check_storage(&mut report)?;
        self.check_complaints(&mut report)?;
        self.check_state_counts(&mut report)?;
        self.check_attachments(&mut report)?;
        Ok(report)
    }

    fn is_empty(&self) -> Result<bool> {
        Ok(self.db().one("SELECT count(*) FROM users", &[], |r| r.int(0))? == 0)
    }

    // --- several desks at once ---

    fn set_scope(&mut self, scope: Scope) {
        self.common_mut().scope = scope;
    }

    fn complaint_versioned(&self, number: &str) -> Result<Option<(Complaint, i64)>> {
        match queries::load(&mut self.db(), number.trim(), self.scope())? {
            Some((_, version, data)) => Ok(Some((from_json(&data)?, version))),
            None => Ok(None),
        }
    }

    fn act_seen(&mut self, number: &str, seen: i64, action: &Action, actor: &Actor, now: BizTime) -> Result<Complaint> {
        self.act_inner(number, Some(seen), action, actor, now)
    }

    fn change_stamp(&self) -> Result<i64> {
        Engine::change_stamp(self)
    }

    fn watch(&self) -> Result<Box<dyn ChangeWatch>> {
        Engine::watch(self)
    }

    fn reconnect(&mut self) -> Result<()> {
        Engine::reconnect(self)
    }

    fn connection_lost(&self) -> bool {
        Engine::connection_lost(self)
    }

    fn snapshot(&self) -> Result<Snapshot> {
        let users = self.db().rows(
            &format!("SELECT {USER_COLUMNS}, password_hash, signature_png FROM users ORDER BY id"),
            &[],
            |r| {
                Ok(UserRecord {
                    user: user_from(r)?,
                    password_hash: r.text(6)?,
                    signature: r.opt_bytes(7)?.map(<[u8]>::to_vec),
                })
            },
        )?;
        let settings =
            self.db().rows("SELECT key, value FROM settings ORDER BY key", &[], |r| Ok((r.text(0)?, r.text(1)?)))?;
        let complaints = self.complaint_records()?;
        let calls = self.db().rows("SELECT data FROM calls ORDER BY id", &[], |r| from_json(r.str(0)?))?;
        Ok(Snapshot {
            units: self.units()?,
            stations: self.stations()?,
            users,
            settings,
            calendar: self.calendar()?,
            complaints,
            calls,
        })
    }

    fn restore(&mut self, snapshot: &Snapshot) -> Result<()> {
        Engine::restore(self, snapshot)
    }

    fn tally(&self) -> Result<Tally> {
        let mut db = self.db();
        let mut digest = HistoryDigest::default();
        let sql = format!(
            "SELECT c.number, h.seq, {H_EVENT_COLUMNS} FROM history h JOIN complaints c ON c.id = h.complaint_id
             ORDER BY c.number{}, h.seq",
            E::DIALECT.bytewise
        );
        db.visit(&sql, &[], |r| {
            digest.add(r.str(0)?, r.int(1)?, &event_from(r, 2)?);
            Ok(true)
        })?;
        let (history_events, history_sha256) = digest.finish();
        let mut count = |table: &str| -> Result<u64> {
            Ok(db.one(&format!("SELECT count(*) FROM {table}"), &[], |r| r.int(0))?.unsigned_abs())
        };
        Ok(Tally {
            units: count("units")?,
            stations: count("stations")?,
            users: count("users")?,
            complaints: count("complaints")?,
            history_events,
            calls: count("calls")?,
            attachments: count("attachments")?,
            history_sha256,
        })
    }

    /// The embedded store behind this one: the engine itself when it is `SQLite`'s.
    fn as_sqlite(&mut self) -> Option<&mut SqliteStore> {
        (self as &mut dyn std::any::Any).downcast_mut::<SqliteStore>()
    }
}

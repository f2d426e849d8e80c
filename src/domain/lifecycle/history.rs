//! The append-only history: one [`HistoryEvent`] per step, with the fields the step changed
//! ([`Changes`], from [`diff`]), and the [`Transition`] a step returns (the new complaint and its
//! event). The diff is on the hot path of every step (and of the demo fill), so it compares typed
//! fields and serializes only what changed.

use serde::{Deserialize, Serialize};

use crate::domain::checklist::Checklist;
use crate::domain::org::{Actor, UserId};
use crate::domain::rights::ActionKind;
use crate::domain::time::BizTime;
use crate::domain::work::{Complaint, ComplaintState};

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

/// Build the history event of a step: who, when, what, and the fields it changed.
pub(super) fn event(
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

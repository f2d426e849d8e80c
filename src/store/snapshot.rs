//! A whole database as plain data, for `roaddesk migrate --to postgres://…`: read from one store,
//! written into another in one transaction, then compared by counts and by a checksum of the
//! history (which both stores compute the same way, in the same order).

use sha2::{Digest, Sha256};

use crate::domain::calendar::WorkCalendar;
use crate::domain::lifecycle::HistoryEvent;
use crate::domain::org::{Station, Unit, User};
use crate::domain::time::{BizTime, to_epoch};
use crate::domain::work::{CallRecord, Complaint, ComplaintState};

/// A user with what only the store knows.
#[derive(Debug, Clone)]
pub struct UserRecord {
    pub user: User,
    pub password_hash: String,
    pub signature: Option<Vec<u8>>,
}

/// An attachment with its file's bytes.
#[derive(Debug, Clone)]
pub struct AttachmentRecord {
    pub file_name: String,
    pub sha256: String,
    pub added_at: BizTime,
    pub added_by: String,
    pub bytes: Vec<u8>,
}

/// A complaint with its history (in order) and attachments.
#[derive(Debug, Clone)]
pub struct ComplaintRecord {
    pub complaint: Complaint,
    pub history: Vec<HistoryEvent>,
    pub updated_by: String,
    pub updated_at: BizTime,
    pub attachments: Vec<AttachmentRecord>,
}

/// Everything a database holds.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub units: Vec<Unit>,
    pub stations: Vec<Station>,
    pub users: Vec<UserRecord>,
    /// Settings as stored (key, JSON).
    pub settings: Vec<(String, String)>,
    pub calendar: WorkCalendar,
    pub complaints: Vec<ComplaintRecord>,
    pub calls: Vec<CallRecord>,
}

/// What a store holds, counted, with the history's checksum.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Tally {
    pub units: u64,
    pub stations: u64,
    pub users: u64,
    pub complaints: u64,
    pub history_events: u64,
    pub calls: u64,
    pub attachments: u64,
    /// SHA-256 over every history event, by complaint number then sequence.
    pub history_sha256: String,
}

/// The history checksum, fed one event at a time in (complaint number, sequence) order.
#[derive(Default)]
pub struct HistoryDigest {
    hash: Sha256,
    count: u64,
}

impl HistoryDigest {
    /// Add the `seq`-th event of complaint `number`.
    pub fn add(&mut self, number: &str, seq: i64, e: &HistoryEvent) {
        let line = format!(
            "{number}\t{seq}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
            to_epoch(e.at),
            e.actor.0,
            e.actor_name,
            e.action.code(),
            e.from_state.map_or("", ComplaintState::code),
            e.to_state.code(),
            e.note,
            e.changes.as_json(),
        );
        self.hash.update(line.as_bytes());
        self.count += 1;
    }

    /// How many events, and the checksum in hex.
    #[must_use]
    pub fn finish(self) -> (u64, String) {
        let hex = self.hash.finalize().iter().fold(String::with_capacity(64), |mut s, b| {
            use std::fmt::Write as _;
            let _ = write!(s, "{b:02x}");
            s
        });
        (self.count, hex)
    }
}

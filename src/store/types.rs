//! What goes in and out of a store, shared by the [`Store`](super::Store) trait and both
//! engines: list filters and lines, attachments, the check's report, scopes, change watchers,
//! and the check every signature image passes before it is kept.

use std::path::PathBuf;

use chrono::NaiveDate;
use serde::Serialize;

use super::error::{Result, StoreError};
use crate::domain::deadline::Step;
use crate::domain::org::{StationId, UnitId, UnitKind};
use crate::domain::time::BizTime;
use crate::domain::validate::FieldError;
use crate::domain::work::{Category, ComplaintState, Grade, ItemKind, Source};

/// Which complaints a list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFilter {
    pub states: Vec<ComplaintState>,
    pub category: Option<Category>,
    pub source: Option<Source>,
    pub office: Option<UnitId>,
    /// The toll station complained about.
    pub station: Option<StationId>,
    pub kind: Option<ItemKind>,
    /// Accepted on or after this date (business date).
    pub from: Option<NaiveDate>,
    /// Accepted on or before this date (business date).
    pub to: Option<NaiveDate>,
    /// Only open complaints past their next due time at `now`.
    pub overdue_at: Option<BizTime>,
    /// Only complaints whose next due time falls in `[from, to)` (e.g. what falls due today).
    pub due_between: Option<(BizTime, BizTime)>,
    /// Only complaints with an extension request waiting for the duty leader.
    pub extension_pending: bool,
    /// Only complaints that missed some deadline as of this time: met late, or open and past
    /// due (what the statistics count as 超期, [`crate::domain::deadline::Deadline::missed`]).
    pub missed_at: Option<BizTime>,
    /// Only complaints re-handled at least once (重办).
    pub reopened: bool,
    /// Only complaints urged at least once (催办).
    pub urged: bool,
    /// Chinese substring(s), plate or phone fragment.
    pub search: Option<String>,
    pub sort: SortKey,
    pub limit: Option<u32>,
    pub offset: u32,
}

/// List order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SortKey {
    /// Newest accepted first.
    #[default]
    AcceptedDesc,
    AcceptedAsc,
    /// Most urgent first (open items by next due time).
    DueAsc,
    Number,
}

/// One line of a list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComplaintRow {
    pub number: String,
    pub kind: ItemKind,
    pub source: Source,
    pub category: Category,
    pub grade: Grade,
    pub state: ComplaintState,
    pub accepted_at: BizTime,
    pub complainant: String,
    pub phone: String,
    pub plate: Option<String>,
    pub office: Option<String>,
    pub station: Option<String>,
    pub provincial_number: Option<String>,
    pub due_step: Option<Step>,
    pub due_started_at: Option<BizTime>,
    pub due_at: Option<BizTime>,
    pub paused_since: Option<BizTime>,
    pub urge_count: u32,
    pub reopen_count: u32,
}

/// A stored attachment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attachment {
    pub file_name: String,
    pub sha256: String,
    pub size: u64,
    pub added_at: BizTime,
    pub added_by: String,
    /// Where the copy lives.
    pub path: PathBuf,
}

/// What `check` found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    pub complaints: u64,
    pub history_events: u64,
    pub calls: u64,
    pub attachments: u64,
    pub schema_version: i64,
    /// Problems found; empty when everything is in order.
    pub problems: Vec<String>,
}

/// A unit to create (no id yet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUnit {
    pub name: String,
    pub kind: UnitKind,
    pub parent: Option<UnitId>,
    pub phone: Option<String>,
}

/// Which complaints a store connection may see and touch. Set once after login, so an office
/// desk's queries never return another office's complaints, whatever the screen asks for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Scope {
    /// The segment center: everything.
    #[default]
    All,
    /// A management office: only complaints whose office is this unit.
    Office(UnitId),
}

impl Scope {
    /// The office this scope is limited to, if any.
    #[must_use]
    pub fn office(self) -> Option<UnitId> {
        match self {
            Self::All => None,
            Self::Office(u) => Some(u),
        }
    }
}

/// Waits for committed changes (this connection's or another's) on its own connection.
pub trait ChangeWatch: Send {
    /// Block up to `timeout` for a change after the last one seen: `Some(stamp)` when there was one.
    fn wait(&mut self, timeout: std::time::Duration) -> Result<Option<i64>>;
}

/// The largest signature image accepted (bytes, exclusive).
pub const SIGNATURE_MAX_BYTES: usize = 1024 * 1024;

/// The eight bytes every PNG file starts with.
const PNG_MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";

/// Check that `png` looks like a signature image we can keep: a PNG file under 1 MB.
pub fn check_signature_png(png: &[u8]) -> Result<()> {
    if png.is_empty() {
        return Err(StoreError::Invalid(vec![FieldError::new("签名图片", "文件是空的")]));
    }
    if !png.starts_with(PNG_MAGIC) {
        return Err(StoreError::Invalid(vec![FieldError::new("签名图片", "不是 PNG 图片，请选择 .png 文件")]));
    }
    if png.len() >= SIGNATURE_MAX_BYTES {
        let kb = png.len().div_ceil(1024);
        return Err(StoreError::Invalid(vec![FieldError::new(
            "签名图片",
            format!("文件过大（{kb} KB），须小于 1 MB，请裁剪或压缩后再上传"),
        )]));
    }
    Ok(())
}

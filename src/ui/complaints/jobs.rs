//! The complaints area's store work: a list page, one complaint with its history, a printed
//! form written to a file.

use std::path::{Path, PathBuf};

use crate::store::{ListFilter, Store, StoreError};
use crate::ui::jobs::form_data;

/// One page of the complaint list.
#[derive(Debug, Clone, Default)]
pub struct ListPage {
    pub rows: Vec<crate::store::ComplaintRow>,
    /// How many match (capped at 10000 with `more`).
    pub total: u64,
    pub more: bool,
}

/// Everything the detail view shows.
#[derive(Debug, Clone)]
pub struct DetailData {
    pub complaint: crate::domain::work::Complaint,
    pub history: Vec<crate::domain::lifecycle::HistoryEvent>,
    pub attachments: Vec<crate::store::Attachment>,
    /// The stored version shown (an action taken on it is refused if someone changed it since).
    pub version: i64,
}

pub fn list_job(store: &mut dyn Store, filter: &ListFilter) -> Result<ListPage, String> {
    let run = || -> Result<ListPage, StoreError> {
        let rows = store.list(filter)?;
        let total = store.count_up_to(&ListFilter { limit: None, offset: 0, ..filter.clone() }, 10_001)?;
        Ok(ListPage { rows, total: total.min(10_000), more: total > 10_000 })
    };
    run().map_err(|e| e.to_string())
}

pub fn detail_job(store: &mut dyn Store, number: &str) -> Result<DetailData, String> {
    let run = || -> Result<DetailData, StoreError> {
        let (complaint, version) =
            store.complaint_versioned(number)?.ok_or_else(|| StoreError::NotFound(number.to_owned()))?;
        Ok(DetailData { complaint, history: store.history(number)?, attachments: store.attachments(number)?, version })
    };
    run().map_err(|e| e.to_string())
}

/// Render `form` of complaint `number` and write it to `path` (on the store thread).
pub fn export_job(
    store: &mut dyn Store,
    number: &str,
    form: crate::export::Form,
    path: &Path,
) -> Result<PathBuf, String> {
    let data = form_data(store, number)?;
    let bytes = crate::export::render(form, &data).map_err(|e| e.to_string())?;
    std::fs::write(path, bytes).map_err(|e| format!("无法写入 {}：{e}", path.display()))?;
    Ok(path.to_owned())
}

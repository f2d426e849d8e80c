//! What the area's screens ask for (applied after the frame by the area).

use crate::domain::lifecycle::Action;
use crate::export::Form;
use crate::store::ListFilter;

/// What the list and the detail view ask for.
pub enum Cmd {
    /// Load a list page for this filter (the list screen keeps the filter).
    LoadList(ListFilter),
    /// Take a step; `head` is the office head's login and password for a submit, `seen` the
    /// version the user decided on.
    Act { number: String, action: Action, head: Option<(String, String)>, seen: Option<i64> },
    /// Ask where to save `form` of complaint `number`, then write it.
    ExportForm { number: String, form: Form },
}

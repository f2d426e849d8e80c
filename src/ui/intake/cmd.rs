//! What the area's screens ask for (applied after the frame by the area).

use crate::domain::intake::{CallInput, ComplaintInput};

/// What the intake form and the call log ask for.
pub enum Cmd {
    Register(ComplaintInput),
    /// Register the intake as a repeat call linked to `target` (registered, then linked).
    RegisterAsDuplicate {
        input: ComplaintInput,
        target: String,
    },
    /// Look for complaints with the same plate or phone in the last 7 days.
    CheckSimilar {
        plate: Option<String>,
        phone: String,
    },
    RegisterCall(CallInput),
    LoadCalls,
}

//! What the area's screens ask for (applied after the frame by the area).

use crate::domain::lifecycle::RevisitPolicy;

/// What the settings page asks for.
pub enum Cmd {
    /// Keep a new revisit policy (admin or duty leader).
    SaveRevisitPolicy(RevisitPolicy),
    /// Open the file dialog for a signature PNG, then upload the file chosen.
    PickSignature,
    RemoveSignature,
}

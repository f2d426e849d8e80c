//! What the area's screens ask for (applied after the frame by the area).

use crate::domain::lifecycle::Action;

/// What the dashboard asks for.
pub enum Cmd {
    Refresh,
    /// A step from a row: no version seen, the row's state decides.
    Act {
        number: String,
        action: Box<Action>,
    },
}

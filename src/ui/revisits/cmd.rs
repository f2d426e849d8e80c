//! What the area's screens ask for (applied after the frame by the area).

use crate::domain::lifecycle::Action;
use crate::domain::revisit::RevisitInput;

/// What the 回访 page asks for.
pub enum Cmd {
    Load,
    /// A step on a complaint from the page's dialog (no version seen: the queue's row decides).
    Act {
        number: String,
        action: Box<Action>,
        head: Option<(String, String)>,
    },
    /// Record one revisit attempt on a call from the call log.
    RecordCallRevisit {
        number: String,
        input: RevisitInput,
    },
}

//! What the area's screens ask for (applied after the frame by the area).

use super::setting::ServerForm;

/// What the connection screen asks for.
pub enum Cmd {
    /// Check that the server in the form answers.
    Test(ServerForm),
    /// Work on this server from now on (`None`: this desk's database file), and remember it.
    Connect(Option<ServerForm>),
    /// Back without changing anything.
    Close,
}

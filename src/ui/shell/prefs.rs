//! What the app remembers between runs in eframe's storage: never business data.

use crate::ui::theme::ThemeChoice;
use crate::ui::view::{Nav, SavedFilter};

/// What the app remembers between runs (never business data).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub theme: ThemeChoice,
    pub nav: Nav,
    /// The complaint list's filter, as the list screen saves it.
    pub list_filter: SavedFilter,
    pub last_login: String,
}

/// The key under which [`Prefs`] are stored.
pub const PREFS_KEY: &str = "roaddesk.prefs";

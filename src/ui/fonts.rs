//! The bundled Simplified Chinese font, installed ahead of egui's own fonts.

use std::sync::Arc;

use egui::{FontData, FontDefinitions, FontFamily};

pub use crate::fonts::NOTO_SANS_SC;

/// Font definitions with Noto Sans SC first in every family, so Chinese punctuation takes
/// Chinese shapes; egui's own fonts (and eframe's system-font fallback) follow for the rest.
#[must_use]
pub fn definitions() -> FontDefinitions {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert("noto_sans_sc".to_owned(), Arc::new(FontData::from_static(NOTO_SANS_SC)));
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        fonts.families.entry(family).or_default().insert(0, "noto_sans_sc".to_owned());
    }
    fonts
}

/// Install the fonts in `ctx`.
pub fn install(ctx: &egui::Context) {
    ctx.set_fonts(definitions());
}

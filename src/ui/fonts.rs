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

/// The widest font atlas the window asks egui for, in pixels.
///
/// egui makes its glyph atlas as wide as the GPU allows (up to 16 384 px) and doubles its
/// height as glyphs arrive; every row of that width costs 64 KB, held twice (egui's image and
/// the driver's texture) and copied once more on each growth. With hundreds of Chinese
/// characters at several sizes that was 20–30 MB on Mesa's software renderer. egui's own
/// portable default, 2 048, holds the same glyphs in a fraction of that (at most 16 MB when
/// full, when egui starts the atlas afresh), and is what the headless benchmark measures.
pub const ATLAS_SIDE: usize = 2048;

/// Keep the font atlas at [`ATLAS_SIDE`] whatever the GPU offers: called on every frame's
/// input before egui sees it.
pub fn cap_atlas(raw_input: &mut egui::RawInput) {
    let side = raw_input.max_texture_side.map_or(ATLAS_SIDE, |gpu| gpu.min(ATLAS_SIDE));
    raw_input.max_texture_side = Some(side);
}

/// Install the fonts in `ctx`.
pub fn install(ctx: &egui::Context) {
    ctx.set_fonts(definitions());
}

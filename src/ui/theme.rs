//! Design tokens: colours, spacing and the deadline status colours every screen uses.

use egui::{Color32, CornerRadius, Stroke, Visuals};

use crate::domain::deadline::DeadlineState;

/// Light or dark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, Default)]
pub enum ThemeChoice {
    #[default]
    Light,
    Dark,
}

/// Space between form rows.
pub const ROW_GAP: f32 = 6.0;
/// Space between sections.
pub const SECTION_GAP: f32 = 14.0;
/// Width of the label column in forms.
pub const LABEL_WIDTH: f32 = 96.0;
/// Width of the left navigation.
pub const NAV_WIDTH: f32 = 132.0;
/// Body text size.
pub const BODY_SIZE: f32 = 15.0;

/// 正常 / 临期 / 超期 colours.
#[must_use]
pub fn status_colour(state: DeadlineState, dark: bool) -> Color32 {
    match (state, dark) {
        (DeadlineState::Normal, false) => Color32::from_rgb(0x1e, 0x8e, 0x3e),
        (DeadlineState::Normal, true) => Color32::from_rgb(0x5c, 0xc9, 0x7b),
        (DeadlineState::DueSoon, false) => Color32::from_rgb(0xc7, 0x7c, 0x02),
        (DeadlineState::DueSoon, true) => Color32::from_rgb(0xf2, 0xb1, 0x3c),
        (DeadlineState::Overdue, false) => Color32::from_rgb(0xc6, 0x28, 0x28),
        (DeadlineState::Overdue, true) => Color32::from_rgb(0xff, 0x6b, 0x6b),
    }
}

/// Colour of error text (validation messages, refusals).
#[must_use]
pub fn error_colour(dark: bool) -> Color32 {
    if dark { Color32::from_rgb(0xff, 0x7b, 0x72) } else { Color32::from_rgb(0xb3, 0x26, 0x1e) }
}

/// Colour of warnings (forbidden words, repeat calls).
#[must_use]
pub fn warning_colour(dark: bool) -> Color32 {
    status_colour(DeadlineState::DueSoon, dark)
}

/// The brand accent (selected navigation, primary buttons).
#[must_use]
pub fn accent(dark: bool) -> Color32 {
    if dark { Color32::from_rgb(0x4d, 0x9c, 0xf0) } else { Color32::from_rgb(0x0b, 0x5c, 0xad) }
}

/// Apply the theme to the context.
pub fn apply(ctx: &egui::Context, choice: ThemeChoice) {
    let dark = choice == ThemeChoice::Dark;
    let mut visuals = if dark { Visuals::dark() } else { Visuals::light() };
    visuals.selection.bg_fill = accent(dark).gamma_multiply(if dark { 0.6 } else { 0.35 });
    visuals.selection.stroke = Stroke::new(1.0, accent(dark));
    visuals.hyperlink_color = accent(dark);
    visuals.widgets.noninteractive.corner_radius = CornerRadius::same(4);
    visuals.widgets.inactive.corner_radius = CornerRadius::same(4);
    visuals.widgets.hovered.corner_radius = CornerRadius::same(4);
    visuals.widgets.active.corner_radius = CornerRadius::same(4);
    ctx.set_visuals(visuals);
    ctx.global_style_mut(|style| {
        style.spacing.item_spacing = egui::vec2(8.0, ROW_GAP);
        style.spacing.button_padding = egui::vec2(10.0, 4.0);
        for (text_style, font) in &mut style.text_styles {
            font.size = match text_style {
                egui::TextStyle::Heading => 21.0,
                egui::TextStyle::Small => 12.0,
                egui::TextStyle::Monospace => 14.0,
                _ => BODY_SIZE,
            };
        }
    });
}

/// A deadline badge: `[临期] 剩余 3小时20分` in the status colour.
pub fn badge(ui: &mut egui::Ui, state: DeadlineState, text: &str) -> egui::Response {
    let dark = ui.visuals().dark_mode;
    let colour = status_colour(state, dark);
    ui.label(egui::RichText::new(format!("● {text}")).color(colour)).on_hover_text(state.label())
}

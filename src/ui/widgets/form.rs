//! Form rows with their checks: the messages a form shows beside each field once the user has
//! touched it (or tried to save), sections, dropdowns over labelled enums. Shared by every form
//! (新建投诉, 来电登记, the action dialogs).

use std::collections::BTreeSet;

use chrono::NaiveDate;
use egui::{Response, RichText, Ui};

use super::fields::{field_label, text_area_row};
use crate::domain::labels::Labeled;
use crate::domain::validate::FieldError;
use crate::ui::theme;

/// What a form knows about its messages: the last input checked and its errors, the fields the
/// user has touched, and whether saving was attempted (then every message shows).
/// Shared by the intake and the call log.
pub struct FieldChecks<I> {
    checked: Option<I>,
    errors: Vec<FieldError>,
    touched: BTreeSet<&'static str>,
    attempted: bool,
}

impl<I> Default for FieldChecks<I> {
    fn default() -> Self {
        Self { checked: None, errors: Vec::new(), touched: BTreeSet::new(), attempted: false }
    }
}

impl<I: PartialEq> FieldChecks<I> {
    /// Check `input` unless it is the one checked last; true when it was checked anew.
    pub fn update(&mut self, input: I, validate: impl FnOnce(&I) -> Vec<FieldError>) -> bool {
        if self.checked.as_ref() == Some(&input) {
            return false;
        }
        self.errors = validate(&input);
        self.checked = Some(input);
        true
    }

    /// The last input checked has no errors.
    pub fn valid(&self) -> bool {
        self.checked.is_some() && self.errors.is_empty()
    }

    /// The messages of `field`, once the user has touched it or tried to save.
    pub fn message(&self, field: &str) -> Option<String> {
        if !self.attempted && !self.touched.contains(field) {
            return None;
        }
        let messages: Vec<&str> = self.errors.iter().filter(|e| e.field == field).map(|e| e.message.as_str()).collect();
        (!messages.is_empty()).then(|| messages.join("；"))
    }

    /// Mark `field` as touched when `yes`.
    pub fn touch(&mut self, field: &'static str, yes: bool) {
        if yes {
            self.touched.insert(field);
        }
    }

    /// From now on show every message (a save was tried or refused).
    pub fn attempt(&mut self) {
        self.attempted = true;
    }

    /// Every error, one per line (the disabled save button's hover text).
    pub fn all_messages(&self) -> String {
        self.errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
    }

    /// A single-line text row for `field`, with its message.
    pub fn text_row(&mut self, ui: &mut Ui, field: &'static str, value: &mut String, width: f32, hint: &str) {
        let message = self.message(field);
        let r = hinted_row(ui, field, value, width, hint, message.as_deref());
        self.touch(field, r.changed() || r.lost_focus());
    }

    /// A multi-line text row for `field` with the phrase snippets and the forbidden-word warning.
    pub fn area_row(&mut self, ui: &mut Ui, field: &'static str, value: &mut String, rows: usize) {
        let message = self.message(field);
        let r = text_area_row(ui, field, value, rows, message.as_deref());
        self.touch(field, r.changed() || r.lost_focus());
    }

    /// A dropdown row for `field`; `none` labels the empty choice, if it may be left empty.
    pub fn choice_row<T: Labeled>(
        &mut self,
        ui: &mut Ui,
        field: &'static str,
        value: &mut Option<T>,
        none: Option<&str>,
    ) {
        let message = self.message(field);
        let before = *value;
        ui.horizontal(|ui| {
            let l = field_label(ui, field);
            enum_choice(ui, field, value, none).labelled_by(l.id);
            if let Some(m) = &message {
                wrapped_error(ui, m);
            }
        });
        self.touch(field, *value != before);
    }

    /// The save button's text: `ready` when valid, else what is still missing and what to fix.
    pub fn save_label(&self, ready: &str, is_blank: impl Fn(&str) -> bool) -> String {
        let (mut missing, mut fix): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
        for e in &self.errors {
            let list = if is_blank(&e.field) { &mut missing } else { &mut fix };
            if !list.contains(&e.field.as_str()) {
                list.push(&e.field);
            }
        }
        let mut parts = Vec::new();
        if !missing.is_empty() {
            parts.push(format!("还需填写：{}", missing.join("、")));
        }
        if !fix.is_empty() {
            parts.push(format!("请修改：{}", fix.join("、")));
        }
        if parts.is_empty() { ready.to_owned() } else { parts.join("；") }
    }
}

/// A single-line text row with a hint; the message beside it wraps.
fn hinted_row(ui: &mut Ui, label: &str, value: &mut String, width: f32, hint: &str, message: Option<&str>) -> Response {
    ui.horizontal(|ui| {
        let l = field_label(ui, label);
        let r = ui.add(egui::TextEdit::singleline(value).desired_width(width).hint_text(hint)).labelled_by(l.id);
        if let Some(m) = message {
            wrapped_error(ui, m);
        }
        r
    })
    .inner
}

/// Red message text that wraps in what is left of the row.
pub fn wrapped_error(ui: &mut Ui, text: &str) {
    let colour = theme::error_colour(ui.visuals().dark_mode);
    ui.add(egui::Label::new(RichText::new(text).color(colour)).wrap());
}

/// A bold section title with space above it.
pub fn section(ui: &mut Ui, title: &str) {
    ui.add_space(theme::SECTION_GAP);
    ui.label(RichText::new(title).strong().size(16.0));
    ui.separator();
}

/// Esc pressed while no field had focus and no dropdown was open in the last frame.
#[must_use]
pub fn escape_to_leave(ui: &Ui, focus_last_frame: bool) -> bool {
    !focus_last_frame
        && !egui::Popup::is_any_open(ui.ctx())
        && ui.input(|i| i.key_pressed(egui::Key::Escape) && !i.modifiers.any())
}

/// The trimmed text, `None` when blank.
#[must_use]
pub fn trimmed(s: &str) -> Option<String> {
    Some(s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// A dropdown over a labelled enum; with `none`, the empty choice comes first under that label.
pub fn enum_choice<T: Labeled>(ui: &mut Ui, id: &str, value: &mut Option<T>, none: Option<&str>) -> Response {
    let selected = value.map_or_else(|| none.unwrap_or("请选择").to_owned(), |v| v.text().to_owned());
    egui::ComboBox::from_id_salt(id)
        .width(180.0)
        .height(f32::INFINITY)
        .selected_text(selected)
        .show_ui(ui, |ui| {
            if let Some(none) = none {
                ui.selectable_value(value, None, none);
            }
            for v in T::all() {
                ui.selectable_value(value, Some(*v), v.text());
            }
        })
        .response
}

/// A typed date: none (empty), the date, or why it is not one.
pub type DateResult = Result<Option<NaiveDate>, &'static str>;

/// `2026-11-01` (also `2026/11/01`, `2026.11.1`); empty is no limit.
pub fn parse_date(text: &str) -> DateResult {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let norm = text.replace(['/', '.'], "-");
    NaiveDate::parse_from_str(&norm, "%Y-%m-%d").map(Some).map_err(|_| "日期格式应为 YYYY-MM-DD")
}

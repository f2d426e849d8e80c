//! Widgets below the screens: form rows with their checks, table cells and deadline badges,
//! the action dialogs and the revisit form that more than one area shows. They read domain
//! values and [`super::view`] types, and name no area and no screen.

pub mod action_dialog;
mod fields;
mod form;
pub mod revisit_form;
mod table;

pub use fields::{
    choice, choice_row, error_text, field_label, forbidden_warning, phrase_menu, phrase_menu_with, text_area_row,
    text_area_row_with, text_row, warning_text,
};
pub use form::{DateResult, FieldChecks, enum_choice, escape_to_leave, parse_date, section, trimmed, wrapped_error};
pub use table::{NUMBER_WIDTH, ROW_HEIGHT, deadline_badge, number_cell, place};

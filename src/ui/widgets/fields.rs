//! Reusable form pieces: labelled fields with their message beside them, dropdowns for the
//! labelled enums, standard-phrase snippets and the forbidden-word warning.

use egui::{Response, RichText, Ui};

use crate::domain::labels::Labeled;
use crate::domain::validate::forbidden_words;
use crate::ui::theme;

/// Standard phrases of the service norms (domain.md §7), insertable into replies and notes.
pub const PHRASES: &[(&str, &str)] = &[
    ("问候", "您好！很高兴为您服务，请问有什么可帮您？"),
    ("致歉", "非常抱歉给您带来不便，我们会尽快为您处理。"),
    ("查询", "请您稍等，我帮您查询。"),
    ("承诺", "我会尽力在24小时内给您一个合理的回复。"),
    ("预约", "请问您什么时候方便？我们届时再与您联系。"),
    ("致谢", "感谢您的来电和对我们工作的支持，再见！"),
];

/// A label of the fixed label width, so form rows line up.
pub fn field_label(ui: &mut Ui, text: &str) -> Response {
    ui.add_sized([theme::LABEL_WIDTH, 22.0], egui::Label::new(text).truncate())
}

/// Red message text (validation, refusals).
pub fn error_text(ui: &mut Ui, text: &str) -> Response {
    let colour = theme::error_colour(ui.visuals().dark_mode);
    ui.label(RichText::new(text).color(colour))
}

/// Amber message text.
pub fn warning_text(ui: &mut Ui, text: &str) -> Response {
    let colour = theme::warning_colour(ui.visuals().dark_mode);
    ui.label(RichText::new(text).color(colour))
}

/// One form row: label, a single-line text edit tied to it, and the message beside it.
pub fn text_row(ui: &mut Ui, label: &str, value: &mut String, width: f32, message: Option<&str>) -> Response {
    ui.horizontal(|ui| {
        let l = field_label(ui, label);
        let r = ui.add(egui::TextEdit::singleline(value).desired_width(width)).labelled_by(l.id);
        if let Some(m) = message {
            error_text(ui, m);
        }
        r
    })
    .inner
}

/// A multi-line text row with the phrase snippets and the forbidden-word warning.
pub fn text_area_row(ui: &mut Ui, label: &str, value: &mut String, rows: usize, message: Option<&str>) -> Response {
    text_area_row_with(ui, label, value, rows, message, &[])
}

/// [`text_area_row`] whose 常用语 menu offers `extra` (e.g. the revisit call's phrases) first.
pub fn text_area_row_with(
    ui: &mut Ui,
    label: &str,
    value: &mut String,
    rows: usize,
    message: Option<&str>,
    extra: &[(&str, &str)],
) -> Response {
    ui.horizontal_top(|ui| {
        let l = field_label(ui, label);
        ui.vertical(|ui| {
            let r = ui
                .add(egui::TextEdit::multiline(value).desired_rows(rows).desired_width(ui.available_width().min(560.0)))
                .labelled_by(l.id);
            ui.horizontal(|ui| {
                phrase_menu_with(ui, value, extra);
                forbidden_warning(ui, value);
                if let Some(m) = message {
                    error_text(ui, m);
                }
            });
            r
        })
        .inner
    })
    .inner
}

/// A dropdown over a labelled enum; `None` shows `none_label`.
pub fn choice<T: Labeled>(ui: &mut Ui, id: &str, value: &mut Option<T>, none_label: &str, width: f32) -> Response {
    let selected = value.map_or_else(|| none_label.to_owned(), |v| v.text().to_owned());
    egui::ComboBox::from_id_salt(id)
        .width(width)
        .selected_text(selected)
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, none_label);
            for v in T::all() {
                ui.selectable_value(value, Some(*v), v.text());
            }
        })
        .response
}

/// A labelled dropdown row.
pub fn choice_row<T: Labeled>(
    ui: &mut Ui,
    label: &str,
    value: &mut Option<T>,
    none_label: &str,
    message: Option<&str>,
) -> Response {
    ui.horizontal(|ui| {
        let l = field_label(ui, label);
        let r = choice(ui, label, value, none_label, 180.0).labelled_by(l.id);
        if let Some(m) = message {
            error_text(ui, m);
        }
        r
    })
    .inner
}

/// A “常用语” menu that appends a standard phrase to `text`.
pub fn phrase_menu(ui: &mut Ui, text: &mut String) {
    phrase_menu_with(ui, text, &[]);
}

/// A “常用语” menu with `extra` phrases before the standard ones.
pub fn phrase_menu_with(ui: &mut Ui, text: &mut String, extra: &[(&str, &str)]) {
    ui.menu_button("常用语", |ui| {
        for (name, phrase) in extra.iter().chain(PHRASES) {
            if ui.button(format!("{name}：{phrase}")).clicked() {
                if !text.is_empty() && !text.ends_with('\n') {
                    text.push(' ');
                }
                text.push_str(phrase);
                ui.close();
            }
        }
    });
}

/// Warn when `text` holds a forbidden word (服务禁语).
pub fn forbidden_warning(ui: &mut Ui, text: &str) {
    let words = forbidden_words(text);
    if !words.is_empty() {
        warning_text(ui, &format!("含服务禁语：{}", words.join("、")));
    }
}

//! The revisit attempt form (回访记录), shared by the detail view's 回访 dialog and the 回访
//! page's dialogs for complaints and calls: time, reached or not, why not, the satisfaction on
//! the configured scale, the driver's words (with the call's 常用语) and the reason below 满意.

use egui::{RichText, Ui};

use super::{error_text, field_label, text_area_row, text_area_row_with, text_row};
use crate::domain::labels::Labeled;
use crate::domain::lifecycle::RevisitPolicy;
use crate::domain::revisit::{RevisitInput, satisfaction_levels};
use crate::domain::time::{BizTime, format_biz, parse_biz_time};
use crate::domain::work::{Satisfaction, UnreachedReason};
use crate::ui::answers::REVISIT_PHRASES;

/// One revisit attempt as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevisitForm {
    /// 回访时间, prefilled with the time the dialog opened.
    pub time: String,
    pub reached: bool,
    pub satisfaction: Option<Satisfaction>,
    pub unreached: Option<UnreachedReason>,
    pub words: String,
    pub reason: String,
}

/// A dropdown over some values of a labelled enum, or none, tied to its row label.
fn option_row<T: Labeled>(
    ui: &mut Ui,
    label: &str,
    value: &mut Option<T>,
    options: &[T],
    message: Option<&str>,
) -> egui::Response {
    ui.horizontal(|ui| {
        let l = field_label(ui, label);
        let selected = value.map_or_else(|| "（请选择）".to_owned(), |v| v.text().to_owned());
        let r = egui::ComboBox::from_id_salt(("revisit_form", label))
            .width(180.0)
            .selected_text(selected)
            .show_ui(ui, |ui| {
                ui.selectable_value(value, None, "（请选择）");
                for v in options {
                    ui.selectable_value(value, Some(*v), v.text());
                }
            })
            .response
            .labelled_by(l.id);
        if let Some(m) = message {
            error_text(ui, m);
        }
        r
    })
    .inner
}

impl RevisitForm {
    /// An empty form whose time is `now`.
    #[must_use]
    pub fn new(now: BizTime) -> Self {
        Self {
            time: format_biz(now),
            reached: true,
            satisfaction: None,
            unreached: None,
            words: String::new(),
            reason: String::new(),
        }
    }

    fn parsed_time(&self) -> Result<BizTime, &'static str> {
        if self.time.trim().is_empty() {
            return Err("请填写回访时间");
        }
        parse_biz_time(&self.time).ok_or("格式应为 2026-11-21 10:00")
    }

    /// The fields; `tried` (确定 was pressed) shows what is still missing beside them.
    pub fn show(&mut self, ui: &mut Ui, policy: &RevisitPolicy, tried: bool) {
        let msg = self.parsed_time().err();
        text_row(ui, "回访时间", &mut self.time, 160.0, msg);
        ui.horizontal(|ui| {
            field_label(ui, "回访结果");
            ui.radio_value(&mut self.reached, true, "已联系上");
            ui.radio_value(&mut self.reached, false, "未接通");
        });
        if self.reached {
            let msg = (tried && self.satisfaction.is_none()).then_some("请选择满意度");
            option_row(ui, "满意度", &mut self.satisfaction, satisfaction_levels(policy), msg);
            text_area_row_with(ui, "司乘原话", &mut self.words, 2, None, REVISIT_PHRASES);
            let below = self.satisfaction.is_some_and(Satisfaction::below_satisfied);
            let msg = (tried && below && self.reason.trim().is_empty()).then_some("请填写原因");
            text_area_row(ui, "原因", &mut self.reason, 2, msg);
            let hint = if policy.five_level {
                "评价低于满意时须填写原因"
            } else {
                "评价为基本满意或不满意时须填写原因"
            };
            ui.label(RichText::new(hint).weak().small());
        } else {
            let msg = (tried && self.unreached.is_none()).then_some("请选择未接通原因");
            option_row(ui, "未接通原因", &mut self.unreached, UnreachedReason::ALL, msg);
        }
    }

    /// What was typed, or `None` while a field still needs the user (its message shows).
    #[must_use]
    pub fn input(&self) -> Option<RevisitInput> {
        let at = Some(self.parsed_time().ok()?);
        Some(if self.reached {
            let s = self.satisfaction?;
            if s.below_satisfied() && self.reason.trim().is_empty() {
                return None;
            }
            RevisitInput {
                at,
                unreached: None,
                satisfaction: Some(s),
                words: self.words.clone(),
                reason: self.reason.clone(),
            }
        } else {
            RevisitInput { at, unreached: Some(self.unreached?), ..RevisitInput::default() }
        })
    }
}

//! Table cells shared by the complaint list and the dashboard's queues.

use egui::Ui;

use super::fields::{error_text, warning_text};
use crate::domain::deadline::Deadline;
use crate::domain::time::BizTime;
use crate::domain::work::Grade;
use crate::store::ComplaintRow;
use crate::ui::theme;

/// Height of a table row.
pub const ROW_HEIGHT: f32 = 26.0;
/// The number column: room for a number and the 重大 mark.
pub const NUMBER_WIDTH: f32 = 176.0;

/// The number, with a red 重大 mark for a major complaint.
pub fn number_cell(ui: &mut Ui, r: &ComplaintRow) {
    ui.label(&r.number);
    if r.grade == Grade::Major {
        error_text(ui, Grade::Major.label());
    }
}

/// `汉川收费站 / 汉川管理所`: where the complaint is about.
#[must_use]
pub fn place(r: &ComplaintRow) -> String {
    match (&r.station, &r.office) {
        (Some(s), Some(o)) => format!("{s} / {o}"),
        (Some(x), None) | (None, Some(x)) => x.clone(),
        (None, None) => "—".to_owned(),
    }
}

/// The open step's deadline as a badge (`● 剩余 3小时20分` / `● 超期 1天2小时`), with the
/// urge count; `—` when nothing is running.
pub fn deadline_badge(ui: &mut Ui, r: &ComplaintRow, now: BizTime, share: f64) {
    let (Some(step), Some(started_at), Some(due_at)) = (r.due_step, r.due_started_at, r.due_at) else {
        ui.weak("—");
        return;
    };
    let deadline = Deadline {
        step,
        started_at,
        base_due_at: due_at,
        due_at,
        paused_secs: 0,
        extended_to: None,
        met_at: None,
        outside_calendar: false,
    };
    let status = deadline.status(now, share, r.paused_since);
    let mut text = status.text();
    if r.paused_since.is_some() {
        text.push_str("（暂停）");
    }
    theme::badge(ui, status.state, &text).on_hover_text(format!("{}时限", step.label()));
    if r.urge_count > 0 {
        warning_text(ui, &format!("催{}", r.urge_count));
    }
}

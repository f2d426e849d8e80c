//! 新建投诉: every field of the 客服投诉处理单, validated as the user types, with the repeat-call
//! check on the phone and plate.

use egui::{Response, RichText, Ui};

use super::Cmd;
use crate::domain::intake::{ComplaintInput, suggests_major, validate_complaint};
use crate::domain::labels::Labeled;
use crate::domain::org::{Station, UnitKind};
use crate::domain::time::{BizTime, format_biz};
use crate::domain::validate::{Phone, Plate};
use crate::domain::work::{Category, Grade, ItemKind, PlateColour, Source, VehicleClass};
use crate::store::ComplaintRow;
use crate::ui::command::{Asked, Command};
use crate::ui::theme;
use crate::ui::view::{RegisterError, View};
use crate::ui::widgets::{
    FieldChecks, enum_choice, error_text, escape_to_leave, field_label, section, trimmed, warning_text, wrapped_error,
};

/// The form as typed: text for text fields, the choice for dropdowns.
#[derive(Debug, Clone, Default, PartialEq)]
struct Form {
    kind: Option<ItemKind>,
    source: Option<Source>,
    provincial_number: String,
    forwarded_at: String,
    accepted_at: String,
    complainant: String,
    phone: String,
    plate: String,
    plate_colour: Option<PlateColour>,
    vehicle_class: Option<VehicleClass>,
    passage_at: String,
    entry_station: String,
    exit_station: String,
    place: String,
    kstake: String,
    category: Option<Category>,
    grade: Option<Grade>,
    content: String,
    request: String,
    /// Name of the management office complained about.
    office: Option<String>,
    /// Name of the toll station.
    station: Option<String>,
}

fn label_of<T: Labeled>(v: Option<T>) -> Option<String> {
    v.map(|v| v.text().to_owned())
}

impl Form {
    fn new(now: BizTime) -> Self {
        Self {
            kind: Some(ItemKind::Complaint),
            source: Some(Source::DirectCall),
            grade: Some(Grade::Ordinary),
            accepted_at: format_biz(now),
            ..Self::default()
        }
    }

    fn forwarded(&self) -> bool {
        self.source == Some(Source::Provincial)
    }

    /// What validation and the store take; the provincial fields only for 省中心转办.
    fn input(&self) -> ComplaintInput {
        let forwarded = self.forwarded();
        ComplaintInput {
            kind: label_of(self.kind),
            source: label_of(self.source),
            provincial_number: trimmed(&self.provincial_number).filter(|_| forwarded),
            forwarded_at: trimmed(&self.forwarded_at).filter(|_| forwarded),
            accepted_at: trimmed(&self.accepted_at),
            complainant: trimmed(&self.complainant),
            phone: trimmed(&self.phone),
            plate: trimmed(&self.plate),
            plate_colour: label_of(self.plate_colour),
            vehicle_class: label_of(self.vehicle_class),
            passage_at: trimmed(&self.passage_at),
            entry_station: trimmed(&self.entry_station),
            exit_station: trimmed(&self.exit_station),
            place: trimmed(&self.place),
            kstake: trimmed(&self.kstake),
            category: label_of(self.category),
            grade: label_of(self.grade),
            content: trimmed(&self.content),
            request: trimmed(&self.request),
            office: self.office.clone(),
            station: self.station.clone(),
        }
    }

    /// The normalised plate and phone when valid: what the repeat-call check looks for.
    fn similar_key(&self) -> (Option<String>, Option<String>) {
        let plate = Plate::parse(&self.plate).ok().map(String::from);
        let phone = Phone::parse(&self.phone).ok().map(String::from);
        (plate, phone)
    }
}

/// Whether the field labelled `field` is empty in `input`.
fn blank(input: &ComplaintInput, field: &str) -> bool {
    let value = match field {
        "类型" => &input.kind,
        "来源" => &input.source,
        "省中心工单号" => &input.provincial_number,
        "转办时间" => &input.forwarded_at,
        "受理时间" => &input.accepted_at,
        "投诉人" => &input.complainant,
        "联系电话" => &input.phone,
        "车牌号码" => &input.plate,
        "车牌颜色" => &input.plate_colour,
        "车型" => &input.vehicle_class,
        "通行时间" => &input.passage_at,
        "入口站" => &input.entry_station,
        "出口站" => &input.exit_station,
        "地点" => &input.place,
        "桩号" => &input.kstake,
        "投诉类别" => &input.category,
        "投诉等级" => &input.grade,
        "投诉内容" => &input.content,
        "诉求" => &input.request,
        "被投诉单位" => &input.office,
        "收费站" => &input.station,
        _ => return false,
    };
    value.is_none()
}

const TIME_HINT: &str = "如 2026-11-21 09:30";
const WIDE: f32 = 320.0;
const NARROW: f32 = 200.0;

/// The intake form.
#[derive(Default)]
pub struct IntakeScreen {
    form: Form,
    /// The form as it opened (set on the first frame, when the time is known).
    initial: Option<Form>,
    checks: FieldChecks<ComplaintInput>,
    /// Plate and phone of the last repeat-call check.
    similar_key: (Option<String>, Option<String>),
    /// Complaints with the same plate or phone in the last 7 days.
    pub similar: Vec<ComplaintRow>,
    refusal: Vec<String>,
    saving: bool,
    confirm_leave: bool,
    focus_last_frame: bool,
}

impl IntakeScreen {
    /// The store refused to save.
    pub fn refused(&mut self, e: RegisterError) {
        self.saving = false;
        self.checks.attempt();
        self.refusal = match e {
            RegisterError::Fields(f) => f.iter().map(ToString::to_string).collect(),
            RegisterError::Message(m) => vec![m],
        };
    }

    pub fn show(&mut self, ui: &mut Ui, view: &View<'_>, cmds: &mut Asked<Cmd>) {
        if self.initial.is_none() {
            self.form = Form::new(view.now);
            self.initial = Some(self.form.clone());
        }
        self.validate(view);
        if escape_to_leave(ui, self.focus_last_frame) {
            if self.confirm_leave {
                self.confirm_leave = false;
            } else {
                self.leave(cmds);
            }
        }
        egui::ScrollArea::vertical().auto_shrink([false; 2]).show(ui, |ui| {
            ui.heading("新建投诉");
            self.source_section(ui);
            self.caller_section(ui, cmds);
            self.passage_section(ui);
            self.matter_section(ui);
            self.unit_section(ui, view);
            if self.validate(view) {
                ui.ctx().request_repaint();
            }
            self.footer(ui, cmds);
        });
        self.check_similar(cmds);
        self.focus_last_frame = ui.memory(|m| m.focused().is_some());
    }

    /// Validate the form if it changed; true when it did.
    fn validate(&mut self, view: &View<'_>) -> bool {
        let (actor, now, data) = (&view.session.actor, view.now, view.data);
        self.checks.update(self.form.input(), |input| {
            validate_complaint(input, actor, now, &data.units, &data.stations).err().unwrap_or_default()
        })
    }

    fn source_section(&mut self, ui: &mut Ui) {
        section(ui, "一、来源与受理");
        self.checks.choice_row(ui, "类型", &mut self.form.kind, None);
        self.checks.choice_row(ui, "来源", &mut self.form.source, None);
        if self.form.forwarded() {
            self.checks.text_row(ui, "省中心工单号", &mut self.form.provincial_number, NARROW, "省客服中心的工单号");
            self.checks.text_row(ui, "转办时间", &mut self.form.forwarded_at, NARROW, TIME_HINT);
        }
        self.checks.text_row(ui, "受理时间", &mut self.form.accepted_at, NARROW, TIME_HINT);
    }

    fn caller_section(&mut self, ui: &mut Ui, cmds: &mut Asked<Cmd>) {
        section(ui, "二、投诉人与车辆");
        self.checks.text_row(ui, "投诉人", &mut self.form.complainant, NARROW, "姓名或称呼，如王先生");
        self.checks.text_row(ui, "联系电话", &mut self.form.phone, NARROW, "手机或固定电话");
        self.checks.text_row(ui, "车牌号码", &mut self.form.plate, NARROW, "如 鄂A12345");
        self.similar_box(ui, cmds);
        self.checks.choice_row(ui, "车牌颜色", &mut self.form.plate_colour, Some("未填"));
        self.checks.choice_row(ui, "车型", &mut self.form.vehicle_class, Some("未填"));
    }

    fn passage_section(&mut self, ui: &mut Ui) {
        section(ui, "三、通行与地点");
        self.checks.text_row(ui, "通行时间", &mut self.form.passage_at, NARROW, TIME_HINT);
        self.checks.text_row(ui, "入口站", &mut self.form.entry_station, NARROW, "如 武汉西收费站");
        self.checks.text_row(ui, "出口站", &mut self.form.exit_station, NARROW, "如 仙桃收费站");
        self.checks.text_row(ui, "地点", &mut self.form.place, WIDE, "道路、方向、车道或服务区");
        self.checks.text_row(ui, "桩号", &mut self.form.kstake, NARROW, "如 K123+456");
    }

    fn matter_section(&mut self, ui: &mut Ui) {
        section(ui, "四、投诉事项");
        self.checks.choice_row(ui, "投诉类别", &mut self.form.category, Some("请选择"));
        self.grade_row(ui);
        self.checks.area_row(ui, "投诉内容", &mut self.form.content, 4);
        self.checks.area_row(ui, "诉求", &mut self.form.request, 4);
    }

    /// 投诉等级, with the hint when the content reads like a major complaint.
    fn grade_row(&mut self, ui: &mut Ui) {
        let message = self.checks.message("投诉等级");
        let before = self.form.grade;
        ui.horizontal(|ui| {
            let l = field_label(ui, "投诉等级");
            enum_choice(ui, "投诉等级", &mut self.form.grade, None).labelled_by(l.id);
            if let Some(m) = &message {
                error_text(ui, m);
            }
            if suggests_major(&self.form.content) && self.form.grade != Some(Grade::Major) {
                warning_text(ui, "内容涉及事故、骚扰、威胁曝光等重大情形，建议定为重大");
                if ui.button("定为重大").clicked() {
                    self.form.grade = Some(Grade::Major);
                }
            }
        });
        self.checks.touch("投诉等级", self.form.grade != before);
    }

    fn unit_section(&mut self, ui: &mut Ui, view: &View<'_>) {
        section(ui, "五、被投诉单位与收费站");
        let offices: Vec<&str> =
            view.data.units.iter().filter(|u| u.kind == UnitKind::Office).map(|u| u.name.as_str()).collect();
        let message = self.checks.message("被投诉单位");
        let before = self.form.office.clone();
        ui.horizontal(|ui| {
            let l = field_label(ui, "被投诉单位");
            name_choice(ui, "被投诉单位", &mut self.form.office, &offices).labelled_by(l.id);
            if let Some(m) = &message {
                error_text(ui, m);
            }
        });
        if self.form.office != before {
            self.checks.touch("被投诉单位", true);
            self.form.station = None;
        }
        self.station_row(ui, view);
    }

    /// 收费站, listing the chosen office's stations (all when no office is chosen); choosing a
    /// station with no office chosen fills in its office.
    fn station_row(&mut self, ui: &mut Ui, view: &View<'_>) {
        let office_id = view
            .data
            .units
            .iter()
            .find(|u| u.kind == UnitKind::Office && Some(&u.name) == self.form.office.as_ref())
            .map(|u| u.id);
        let stations: Vec<&Station> =
            view.data.stations.iter().filter(|s| office_id.is_none_or(|o| s.office == o)).collect();
        let message = self.checks.message("收费站");
        let mut picked: Option<Option<&Station>> = None;
        ui.horizontal(|ui| {
            let l = field_label(ui, "收费站");
            let selected = self.form.station.clone().unwrap_or_else(|| "未指定".to_owned());
            egui::ComboBox::from_id_salt("收费站")
                .width(180.0)
                .selected_text(selected)
                .show_ui(ui, |ui| {
                    if ui.selectable_label(self.form.station.is_none(), "未指定").clicked() {
                        picked = Some(None);
                    }
                    for s in &stations {
                        let on = self.form.station.as_deref() == Some(s.name.as_str());
                        if ui.selectable_label(on, &s.name).clicked() {
                            picked = Some(Some(s));
                        }
                    }
                })
                .response
                .labelled_by(l.id);
            if let Some(m) = &message {
                error_text(ui, m);
            }
        });
        let Some(picked) = picked else { return };
        self.checks.touch("收费站", true);
        self.form.station = picked.map(|s| s.name.clone());
        if let (Some(s), None) = (picked, &self.form.office) {
            self.form.office = view.data.units.iter().find(|u| u.id == s.office).map(|u| u.name.clone());
        }
    }

    /// The repeat-call warning: complaints with the same phone or plate in the last 7 days.
    fn similar_box(&mut self, ui: &mut Ui, cmds: &mut Asked<Cmd>) {
        if self.similar.is_empty() {
            return;
        }
        let colour = theme::warning_colour(ui.visuals().dark_mode);
        let can_save = self.checks.valid() && !self.saving;
        let mut merge = None;
        let mut save = false;
        egui::Frame::group(ui.style()).stroke(egui::Stroke::new(1.5, colour)).inner_margin(10.0).show(ui, |ui| {
            ui.label(
                RichText::new(format!("可能是重复来电：该电话或车牌近7日已有{}条投诉", self.similar.len()))
                    .strong()
                    .color(colour),
            );
            ui.label("如是同一件事，请合并到原工单，不必另开新单。");
            for row in &self.similar {
                ui.horizontal(|ui| {
                    ui.label(RichText::new(&row.number).monospace());
                    ui.label(format!("{}　{}　受理于 {}", row.category, row.state, format_biz(row.accepted_at)));
                    let r = ui
                        .add_enabled(can_save, egui::Button::new("合并到此工单"))
                        .on_disabled_hover_text("请先填写完整，再合并");
                    if r.clicked() {
                        merge = Some(row.number.clone());
                    }
                });
            }
            if ui.add_enabled(can_save, egui::Button::new("仍作为新投诉保存")).clicked() {
                save = true;
            }
        });
        if let Some(target) = merge {
            self.saving = true;
            self.refusal.clear();
            cmds.push(Cmd::RegisterAsDuplicate { input: self.form.input(), target });
        } else if save {
            self.save(cmds);
        }
    }

    fn footer(&mut self, ui: &mut Ui, cmds: &mut Asked<Cmd>) {
        ui.add_space(theme::SECTION_GAP);
        let input = self.form.input();
        let text = if self.saving {
            "正在保存……".to_owned()
        } else {
            self.checks.save_label("保存", |field| blank(&input, field))
        };
        ui.horizontal(|ui| {
            ui.add_space(theme::LABEL_WIDTH + 8.0);
            let save = ui
                .add_enabled(self.checks.valid() && !self.saving, egui::Button::new(text))
                .on_disabled_hover_text(self.checks.all_messages());
            if save.clicked() {
                self.save(cmds);
            }
            if ui.button("取消").clicked() {
                self.leave(cmds);
            }
        });
        if !self.refusal.is_empty() {
            ui.add_space(theme::ROW_GAP);
            error_text(ui, "未能保存：");
            for m in &self.refusal {
                wrapped_error(ui, m);
            }
        }
        if self.confirm_leave {
            ui.horizontal(|ui| {
                ui.add_space(theme::LABEL_WIDTH + 8.0);
                warning_text(ui, "已填写的内容不会保存。");
                if ui.button("放弃并离开").clicked() {
                    cmds.ask(Command::ClosePage);
                }
                if ui.button("继续填写").clicked() {
                    self.confirm_leave = false;
                }
            });
        }
        ui.add_space(theme::SECTION_GAP);
    }

    fn save(&mut self, cmds: &mut Asked<Cmd>) {
        self.saving = true;
        self.refusal.clear();
        cmds.push(Cmd::Register(self.form.input()));
    }

    /// Leave at once when nothing was typed; otherwise ask first.
    fn leave(&mut self, cmds: &mut Asked<Cmd>) {
        if self.initial.as_ref() == Some(&self.form) || self.confirm_leave {
            cmds.ask(Command::ClosePage);
        } else {
            self.confirm_leave = true;
        }
    }

    /// Ask for complaints with the same plate or phone whenever a valid one changes.
    fn check_similar(&mut self, cmds: &mut Asked<Cmd>) {
        let key = self.form.similar_key();
        if key == self.similar_key {
            return;
        }
        self.similar_key = key.clone();
        match key {
            (None, None) => self.similar.clear(),
            (plate, phone) => cmds.push(Cmd::CheckSimilar { plate, phone: phone.unwrap_or_default() }),
        }
    }
}

/// A dropdown over names; `None` shows 未指定.
fn name_choice(ui: &mut Ui, id: &str, value: &mut Option<String>, names: &[&str]) -> Response {
    let selected = value.clone().unwrap_or_else(|| "未指定".to_owned());
    egui::ComboBox::from_id_salt(id)
        .width(180.0)
        .selected_text(selected)
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, "未指定");
            for name in names {
                ui.selectable_value(value, Some((*name).to_owned()), *name);
            }
        })
        .response
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::validate::FieldError;

    #[test]
    fn save_label_says_what_is_missing_and_what_to_fix() {
        let mut checks = FieldChecks::<ComplaintInput>::default();
        let form = Form { plate: "鄂I2345".into(), ..Form::new(crate::domain::time::now_from_system()) };
        let input = form.input();
        checks.update(input.clone(), |_| {
            vec![
                FieldError::new("联系电话", "不能为空"),
                FieldError::new("车牌号码", "车牌中不使用字母I和O"),
                FieldError::new("投诉内容", "不能为空"),
            ]
        });
        assert!(!checks.valid());
        assert_eq!(checks.save_label("保存", |f| blank(&input, f)), "还需填写：联系电话、投诉内容；请修改：车牌号码");
        assert_eq!(checks.message("车牌号码"), None, "untouched");
        checks.touch("车牌号码", true);
        assert_eq!(checks.message("车牌号码").as_deref(), Some("车牌中不使用字母I和O"));
    }

    #[test]
    fn provincial_fields_only_count_for_forwarded_complaints() {
        let mut form = Form { provincial_number: "SZ1".into(), ..Form::new(crate::domain::time::now_from_system()) };
        assert_eq!(form.input().provincial_number, None);
        form.source = Some(Source::Provincial);
        assert_eq!(form.input().provincial_number.as_deref(), Some("SZ1"));
        assert_eq!(form.input().source.as_deref(), Some("省中心转办"));
    }

    #[test]
    fn similar_key_is_normalised_and_only_for_valid_values() {
        let form = Form { plate: "鄂a·12345".into(), phone: "138 1234 5678".into(), ..Form::default() };
        assert_eq!(form.similar_key(), (Some("鄂A12345".into()), Some("13812345678".into())));
        let form = Form { plate: "鄂I2345".into(), phone: "1381234".into(), ..Form::default() };
        assert_eq!(form.similar_key(), (None, None));
    }
}

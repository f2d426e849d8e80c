//! What each of the three forms prints, field by field (domain.md §5).

use std::fmt::Write as _;

use super::pdf::{CONTENT_W, Cell, Heading, Image, LABEL_W, Sheet, Sign};
use super::{ExportError, Form, FormData};
use crate::domain::checklist::{Check, CheckOutcome, Checklist, Conclusion, Responsibility};
use crate::domain::deadline::Step;
use crate::domain::labels::Labeled;
use crate::domain::lifecycle::ActionKind;
use crate::domain::org::Signature;
use crate::domain::time::{BizTime, format_biz, format_due};
use crate::domain::work::Complaint;

/// Width of a value cell in a row of two label/value pairs.
const HALF_VALUE: f32 = CONTENT_W / 2.0 - LABEL_W;
/// Width of a value cell spanning the row.
const FULL_VALUE: f32 = CONTENT_W - LABEL_W;
/// Room left for writing by hand in an office field not filled in yet.
const BLANK_TALL: f32 = 30.0;
const BLANK_MID: f32 = 18.0;
const BLANK_LOW: f32 = 10.0;

const DASH: &str = "—";

fn or_dash(s: Option<&str>) -> String {
    match s.map(str::trim) {
        Some(s) if !s.is_empty() => s.to_owned(),
        _ => DASH.to_owned(),
    }
}

fn time_or_dash(t: Option<BizTime>) -> String {
    t.map_or_else(|| DASH.to_owned(), format_biz)
}

fn date_cn(t: BizTime) -> String {
    t.format("%Y年%m月%d日").to_string()
}

/// label | value | label | value.
fn pair(sheet: &mut Sheet, l1: &str, v1: &str, l2: &str, v2: &str) {
    sheet.row(
        &[Cell::label(l1, LABEL_W), Cell::value(v1, HALF_VALUE), Cell::label(l2, LABEL_W), Cell::value(v2, HALF_VALUE)],
        0.0,
    );
}

/// label | value across the row; an empty value leaves `blank_h` mm to write in by hand.
fn full(sheet: &mut Sheet, label: &str, value: &str, blank_h: f32) {
    let min_h = if value.trim().is_empty() { blank_h } else { 0.0 };
    sheet.row(&[Cell::label(label, LABEL_W), Cell::value(value, FULL_VALUE)], min_h);
}

fn plate(c: &Complaint) -> String {
    match (&c.plate, c.plate_colour) {
        (Some(p), Some(col)) => format!("{p}（{col}）"),
        (Some(p), None) => p.to_string(),
        _ => DASH.to_owned(),
    }
}

fn unit_complained(d: &FormData) -> String {
    let office = or_dash(d.office_name.as_deref());
    match d.station_name.as_deref() {
        Some(s) if !s.is_empty() => format!("{office}（{s}）"),
        _ => office,
    }
}

fn place(c: &Complaint) -> String {
    let parts: Vec<&str> =
        [c.place.as_deref(), c.kstake.as_deref()].into_iter().flatten().filter(|s| !s.trim().is_empty()).collect();
    if parts.is_empty() { DASH.to_owned() } else { parts.join(" ") }
}

fn stations(c: &Complaint) -> String {
    match (c.entry_station.as_deref(), c.exit_station.as_deref()) {
        (None, None) => DASH.to_owned(),
        (a, b) => format!("{} / {}", or_dash(a), or_dash(b)),
    }
}

fn responsibility(r: &[Responsibility]) -> String {
    r.iter().map(|r| r.label()).collect::<Vec<_>>().join("、")
}

/// `□属实 □部分属实 □不属实`: the choices, for a form filled in by hand.
fn boxes<T: Labeled>() -> String {
    T::all().iter().map(|v| format!("□{}", v.text())).collect::<Vec<_>>().join(" ")
}

/// One line about the video check for the investigation field.
fn video_summary(k: &Checklist) -> Option<String> {
    if k.videos.is_empty() && k.conclusion.is_none() {
        return None;
    }
    let mut parts = Vec::new();
    if !k.videos.is_empty() {
        let v: Vec<String> = k
            .videos
            .iter()
            .map(|v| {
                let at =
                    if v.location.trim().is_empty() { String::new() } else { format!("（{}）", v.location.trim()) };
                format!("{}{at}{}", v.source, v.retrieval)
            })
            .collect();
        parts.push(v.join("，"));
    }
    let checks: Vec<String> =
        [("通行流水", &k.transaction), ("车型/轴数", &k.vehicle_class), ("人员询问", &k.staff_interview)]
            .into_iter()
            .filter(|(_, c)| c.outcome != CheckOutcome::NotDone)
            .map(|(l, c)| format!("{l}{}", c.outcome))
            .collect();
    if !checks.is_empty() {
        parts.push(checks.join("，"));
    }
    if let Some(con) = k.conclusion {
        parts.push(format!("结论：{con}"));
    }
    if !k.responsibility.is_empty() {
        parts.push(format!("责任：{}", responsibility(&k.responsibility)));
    }
    Some(format!("录像核查：{}。", parts.join("；")))
}

/// The signature image of `sig`'s signer, when they signed and uploaded one.
fn image(
    sheet: &mut Sheet,
    sig: Option<&Signature>,
    png: Option<&Vec<u8>>,
    who: &str,
) -> Result<Option<Image>, ExportError> {
    match (sig, png) {
        (Some(_), Some(bytes)) => sheet.add_png(bytes, who).map(Some),
        _ => Ok(None),
    }
}

fn sign_row(sheet: &mut Sheet, label: &str, sig: Option<&Signature>, img: Option<&Image>) {
    sheet.signature(&Sign {
        label,
        name: sig.map(|s| s.name.as_str()),
        time: sig.map(|s| format_biz(s.at)),
        image: img,
    });
}

fn date_line(sheet: &mut Sheet, label: &str, at: Option<BizTime>) {
    let date = at.map_or_else(|| "　　　　年　　月　　日".to_owned(), date_cn);
    sheet.line_right(&format!("{label}：{date}"));
}

fn heading(form: Form, d: &FormData) -> Heading {
    Heading {
        issuer: d.issuer.clone(),
        title: form.label().to_owned(),
        number: format!("编号：{}", d.complaint.number),
    }
}

/// 客服投诉处理单: what the segment center sends to the office, and the office's part.
pub fn handling(d: &FormData) -> Result<Vec<u8>, ExportError> {
    let c = &d.complaint;
    let mut sheet = Sheet::new(heading(Form::Handling, d))?;
    let handler_img = image(&mut sheet, c.handler_signature.as_ref(), d.signatures.handler.as_ref(), "经办人")?;
    let head_img = image(&mut sheet, c.head_signature.as_ref(), d.signatures.head.as_ref(), "管理所负责人")?;

    pair(&mut sheet, "投诉来源", c.source.label(), "省中心工单号", &or_dash(c.provincial_number.as_deref()));
    pair(&mut sheet, "受理时间", &format_biz(c.accepted_at), "受理人", &or_dash(Some(&c.accepted_by_name)));
    pair(&mut sheet, "投诉人", &or_dash(Some(&c.complainant)), "联系电话", &c.phone.to_string());
    pair(
        &mut sheet,
        "车牌号码",
        &plate(c),
        "车型",
        &c.vehicle_class.map_or_else(|| DASH.to_owned(), |v| v.label().to_owned()),
    );
    pair(&mut sheet, "通行时间", &time_or_dash(c.passage_at), "入口/出口站", &stations(c));
    full(&mut sheet, "地点桩号", &place(c), 0.0);
    pair(&mut sheet, "投诉类别", c.category.label(), "投诉等级", c.grade.label());
    full(&mut sheet, "投诉内容", &c.content, 0.0);
    full(&mut sheet, "诉求", &or_dash(Some(&c.request)), 0.0);
    full(&mut sheet, "被投诉单位", &unit_complained(d), 0.0);
    let dispatched =
        d.history.iter().rev().find(|e| matches!(e.action, ActionKind::Dispatch | ActionKind::Transfer)).map(|e| e.at);
    let due = c.deadlines.iter().filter(|x| x.step == Step::OfficeHandling).max_by_key(|x| x.started_at);
    pair(
        &mut sheet,
        "转办时间",
        &time_or_dash(dispatched),
        "办理时限",
        &due.map_or_else(|| DASH.to_owned(), |x| format!("{}前", format_due(x.due_at))),
    );

    sheet.section("管理所办理情况（由被投诉单位填写）");
    let r = c.result.as_ref();
    let mut investigation = r.map(|r| r.investigation.trim().to_owned()).unwrap_or_default();
    if let Some(v) = video_summary(&c.checklist) {
        if !investigation.is_empty() {
            investigation.push('\n');
        }
        investigation.push_str(&v);
    }
    full(&mut sheet, "调查情况", &investigation, BLANK_TALL);
    full(&mut sheet, "处理结果", r.map_or("", |r| r.handling.trim()), BLANK_MID);
    full(&mut sheet, "对责任人的处理", r.map_or(String::new(), |r| or_dash(Some(&r.action_taken))).as_str(), BLANK_LOW);
    let contact = r.map_or_else(String::new, |r| {
        format!(
            "联系时间：{}\n解释内容：{}\n司乘反应：{}",
            time_or_dash(r.contacted_at),
            or_dash(Some(&r.explained)),
            or_dash(Some(&r.reaction))
        )
    });
    full(&mut sheet, "联系司乘", &contact, BLANK_MID);
    sign_row(&mut sheet, "经办人", c.handler_signature.as_ref(), handler_img.as_ref());
    sign_row(&mut sheet, "管理所负责人", c.head_signature.as_ref(), head_img.as_ref());
    date_line(&mut sheet, "填报日期", c.head_signature.as_ref().map(|s| s.at));
    sheet.finish()
}

/// 录像核查清单: one row per video source, the record checks, conclusion and responsibility.
pub fn checklist(d: &FormData) -> Result<Vec<u8>, ExportError> {
    let c = &d.complaint;
    let list = &c.checklist;
    let mut sheet = Sheet::new(heading(Form::Checklist, d))?;
    let handler_img = image(&mut sheet, c.handler_signature.as_ref(), d.signatures.handler.as_ref(), "经办人")?;
    let head_img = image(&mut sheet, c.head_signature.as_ref(), d.signatures.head.as_ref(), "管理所负责人")?;

    pair(&mut sheet, "被投诉单位", &or_dash(d.office_name.as_deref()), "收费站", &or_dash(d.station_name.as_deref()));
    pair(&mut sheet, "通行时间", &time_or_dash(c.passage_at), "车牌号码", &plate(c));
    pair(&mut sheet, "投诉人", &or_dash(Some(&c.complainant)), "投诉类别", c.category.label());
    full(&mut sheet, "投诉内容", &c.content, 0.0);

    sheet.section("录像核查");
    let widths = [26.0, 24.0, 36.0, 20.0, CONTENT_W - 106.0];
    sheet.table_header(
        ["来源", "位置", "时段", "调取情况", "核查情况"].iter().zip(widths).map(|(t, w)| Cell::head(*t, w)).collect(),
    );
    if list.videos.is_empty() {
        for _ in 0..3 {
            sheet.row(&widths.map(|w| Cell::value("", w)), BLANK_LOW);
        }
    }
    for video in &list.videos {
        let span = match (video.from, video.to) {
            (Some(a), Some(b)) if a.date_naive() == b.date_naive() => {
                format!("{}\n至 {}", format_biz(a), b.format("%H:%M"))
            }
            (Some(a), Some(b)) => format!("{}\n至 {}", format_biz(a), format_biz(b)),
            (Some(a), None) => format!("{} 起", format_biz(a)),
            (None, Some(b)) => format!("至 {}", format_biz(b)),
            (None, None) => DASH.to_owned(),
        };
        sheet.row(
            &[
                Cell::value(video.source.label(), widths[0]),
                Cell::value(or_dash(Some(&video.location)), widths[1]),
                Cell::value(span, widths[2]),
                Cell::value(video.retrieval.label(), widths[3]),
                Cell::value(or_dash(Some(&video.observation)), widths[4]),
            ],
            0.0,
        );
    }
    sheet.end_table();

    sheet.section("记录核查");
    let widths = [LABEL_W, 24.0, CONTENT_W - LABEL_W - 24.0];
    sheet.table_header(vec![
        Cell::head("核查项目", widths[0]),
        Cell::head("结果", widths[1]),
        Cell::head("说明", widths[2]),
    ]);
    let check_row = |sheet: &mut Sheet, label: &str, check: &Check| {
        sheet.row(
            &[
                Cell::label(label, widths[0]),
                // 未核查 prints as an empty cell, to be filled in by hand.
                Cell::value(if check.outcome == CheckOutcome::NotDone { "" } else { check.outcome.label() }, widths[1]),
                Cell::value(check.note.trim(), widths[2]),
            ],
            0.0,
        );
    };
    check_row(&mut sheet, "通行流水/ETC交易", &list.transaction);
    check_row(&mut sheet, "车型/轴数", &list.vehicle_class);
    check_row(&mut sheet, "当事人员询问", &list.staff_interview);
    sheet.end_table();

    if let Some(con) = list.conclusion {
        let resp = if list.responsibility.is_empty() { DASH.to_owned() } else { responsibility(&list.responsibility) };
        pair(&mut sheet, "核查结论", con.label(), "责任认定", &resp);
    } else {
        // Not concluded yet: the choices to tick by hand, each on a row of its own.
        full(&mut sheet, "核查结论", &boxes::<Conclusion>(), 0.0);
        full(&mut sheet, "责任认定", &boxes::<Responsibility>(), 0.0);
    }
    sign_row(&mut sheet, "经办人", c.handler_signature.as_ref(), handler_img.as_ref());
    sign_row(&mut sheet, "负责人", c.head_signature.as_ref(), head_img.as_ref());
    date_line(&mut sheet, "核查日期", c.handler_signature.as_ref().map(|s| s.at));
    sheet.finish()
}

/// 投诉处理反馈单: the segment center's report to the provincial center, signed by the duty leader.
pub fn feedback(d: &FormData) -> Result<Vec<u8>, ExportError> {
    let c = &d.complaint;
    let mut sheet = Sheet::new(heading(Form::Feedback, d))?;
    let leader_img = image(&mut sheet, c.approval.as_ref(), d.signatures.leader.as_ref(), "值班领导")?;
    let r = c.result.as_ref();

    pair(&mut sheet, "工单编号", &c.number, "省中心工单号", &or_dash(c.provincial_number.as_deref()));
    pair(&mut sheet, "投诉人", &or_dash(Some(&c.complainant)), "联系电话", &c.phone.to_string());
    pair(&mut sheet, "受理时间", &format_biz(c.accepted_at), "被投诉单位", &unit_complained(d));
    let mut summary = format!("【{}】{}", c.category, c.content.trim());
    if !c.request.trim().is_empty() {
        let _ = write!(summary, "\n诉求：{}", c.request.trim());
    }
    full(&mut sheet, "投诉摘要", &summary, 0.0);

    let mut investigation = r.map(|r| r.investigation.trim().to_owned()).unwrap_or_default();
    if let Some(con) = c.checklist.conclusion {
        let mut line = format!("核查结论：{con}");
        if !c.checklist.responsibility.is_empty() {
            let _ = write!(line, "；责任认定：{}", responsibility(&c.checklist.responsibility));
        }
        if !investigation.is_empty() {
            investigation.push('\n');
        }
        investigation.push_str(&line);
    }
    full(&mut sheet, "调查情况", &investigation, BLANK_MID);

    let mut handling = r.map(|r| r.handling.trim().to_owned()).unwrap_or_default();
    if let Some(a) = r.map(|r| r.action_taken.trim()).filter(|a| !a.is_empty()) {
        let _ = write!(handling, "\n对责任人的处理：{a}");
    }
    full(&mut sheet, "处理结果", &handling, BLANK_MID);

    let contact = r.map_or_else(String::new, |r| {
        let who = c.handler_signature.as_ref().map(|s| format!("{}（{}）", s.name, or_dash(d.office_name.as_deref())));
        let mut s = format!("{}联系司乘", time_or_dash(r.contacted_at));
        if let Some(who) = who {
            s = format!("{}，由{who}联系司乘", time_or_dash(r.contacted_at));
        }
        format!("{s}。\n解释内容：{}\n司乘反应：{}", or_dash(Some(&r.explained)), or_dash(Some(&r.reaction)))
    });
    full(&mut sheet, "联系司乘情况", &contact, BLANK_MID);

    if !c.revisits.is_empty() {
        let lines: Vec<String> = c
            .revisits
            .iter()
            .map(|v| {
                let what = match (v.unreached, v.satisfaction) {
                    (Some(u), _) => format!("未联系上（{u}）"),
                    (None, Some(s)) => s.label().to_owned(),
                    (None, None) => "已联系".to_owned(),
                };
                let mut s = format!("{} {}回访：{what}", format_biz(v.at), v.by_name);
                if !v.words.trim().is_empty() {
                    let _ = write!(s, "。司乘意见：{}", v.words.trim());
                }
                if !v.reason.trim().is_empty() {
                    let _ = write!(s, "。原因：{}", v.reason.trim());
                }
                s
            })
            .collect();
        full(&mut sheet, "回访情况", &lines.join("\n"), 0.0);
    }

    let opinion = if c.approval.is_some() {
        d.history
            .iter()
            .rev()
            .find(|e| e.action == ActionKind::Approve)
            .map(|e| e.note.trim().to_owned())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "同意。".to_owned())
    } else {
        String::new()
    };
    full(&mut sheet, "审核意见", &opinion, BLANK_LOW);
    sign_row(&mut sheet, "值班领导审核", c.approval.as_ref(), leader_img.as_ref());
    date_line(&mut sheet, "日期", c.approval.as_ref().map(|s| s.at));
    sheet.finish()
}

//! The printed forms: a realistic complaint, driven through the real lifecycle, rendered to PDF and
//! read back with lopdf's text extraction (through the font's `ToUnicode` map).

use std::fmt::Write as _;
use std::time::Instant;

use roaddesk::domain::calendar::WorkCalendar;
use roaddesk::domain::checklist::{
    Check, CheckOutcome, Checklist, Conclusion, OfficeResult, Responsibility, Retrieval, VideoRow, VideoSource,
};
use roaddesk::domain::deadline::DeadlineRules;
use roaddesk::domain::intake::{ComplaintInput, validate_complaint};
use roaddesk::domain::lifecycle::{Action, ContextData, HistoryEvent, RevisitPolicy, apply, register};
use roaddesk::domain::org::{Actor, Role, Station, StationId, Unit, UnitId, UnitKind, UserId};
use roaddesk::domain::time::{BizTime, parse_biz_time};
use roaddesk::domain::work::{Complaint, Satisfaction};
use roaddesk::export::{ExportError, Form, FormData, SignatureImages, render};

const CENTER: &str = "汉宜高速信息监控分中心";
const OFFICE: UnitId = UnitId(3);

fn t(s: &str) -> BizTime {
    parse_biz_time(s).unwrap()
}

fn world() -> ContextData {
    let unit = |id, name: &str, kind| Unit { id: UnitId(id), name: name.into(), kind, parent: None, phone: None };
    ContextData {
        rules: DeadlineRules::default(),
        calendar: WorkCalendar::builtin(),
        policy: RevisitPolicy::default(),
        units: vec![
            unit(1, "湖北省高速公路客服中心", UnitKind::Provincial),
            unit(2, CENTER, UnitKind::Segment),
            unit(3, "汉川管理所", UnitKind::Office),
        ],
        stations: vec![Station { id: StationId(1), name: "汉川收费站".into(), office: OFFICE }],
    }
}

fn person(id: i64, name: &str, role: Role) -> Actor {
    let unit = if matches!(role, Role::OfficeHandler | Role::OfficeHead) { OFFICE } else { UnitId(2) };
    Actor { id: UserId(id), name: name.into(), unit, roles: vec![role] }
}

/// A forwarded complaint about a toll collector, investigated, approved and revisited.
#[allow(clippy::too_many_lines, reason = "a whole complaint's life, step by step, as the fixture of every form")]
fn closed_complaint() -> (Complaint, Vec<HistoryEvent>) {
    let w = world();
    let ctx = w.context();
    let operator = person(10, "刘晓燕", Role::Operator);
    let leader = person(11, "张志堃", Role::DutyLeader);
    let handler = person(12, "王珺", Role::OfficeHandler);
    let head = person(13, "李国强", Role::OfficeHead);
    let input = ComplaintInput {
        source: Some("省中心转办".into()),
        provincial_number: Some("HB9502220261001001".into()),
        forwarded_at: Some("2026-09-30 08:50".into()),
        accepted_at: Some("2026-09-30 09:00".into()),
        complainant: Some("欧阳喆".into()),
        phone: Some("138 1234 5678".into()),
        plate: Some("鄂a·12345".into()),
        plate_colour: Some("蓝".into()),
        vehicle_class: Some("一类客车".into()),
        passage_at: Some("2026-09-29 18:20".into()),
        entry_station: Some("武汉西".into()),
        exit_station: Some("汉川".into()),
        place: Some("汉宜高速汉川收费站出口".into()),
        kstake: Some("K45+300".into()),
        category: Some("服务态度".into()),
        content: Some(
            "司机反映9月29日18时20分左右在汉川收费站出口3号车道缴费时，收费员态度恶劣，找零时将零钱扔出窗外，\
             并说“快走，别挡着后面的车”。司机要求收费员当面道歉。"
                .into(),
        ),
        request: Some("要求收费员道歉，并对其进行处理".into()),
        ..ComplaintInput::default()
    };
    let mut c = validate_complaint(&input, &operator, t("2026-09-30 09:05"), &w.units, &w.stations).unwrap();
    c.number = "TS2026093000001".into();
    let mut history = Vec::new();
    let first = register(c, &operator, t("2026-09-30 09:05"), &ctx).unwrap();
    history.push(first.event);
    let mut c = first.complaint;
    let mut step = |c: &Complaint, a: Action, who: &Actor, at: &str| {
        let tr = apply(c, &a, who, t(at), &ctx).unwrap();
        history.push(tr.event);
        tr.complaint
    };
    c = step(
        &c,
        Action::Dispatch { office: OFFICE, station: Some(StationId(1)), note: "请1日内核查反馈".into() },
        &operator,
        "2026-09-30 09:10",
    );
    c = step(&c, Action::Accept { note: String::new() }, &handler, "2026-09-30 09:30");
    let ok = |note: &str| Check { outcome: CheckOutcome::Consistent, note: note.into() };
    let checklist = Checklist {
        videos: vec![
            VideoRow {
                source: VideoSource::BoothCamera,
                location: "3号车道收费亭".into(),
                from: Some(t("2026-09-29 18:15")),
                to: Some(t("2026-09-29 18:25")),
                retrieval: Retrieval::Retrieved,
                observation: "18:20:35收费员将零钱从窗口递出时有抛掷动作，零钱落地；未见语言冲突画面（无录音）。"
                    .into(),
            },
            VideoRow {
                source: VideoSource::LaneCamera,
                location: "3号车道".into(),
                from: Some(t("2026-09-29 18:15")),
                to: Some(t("2026-09-29 18:25")),
                retrieval: Retrieval::Retrieved,
                observation: "车辆停留约40秒后驶离，司机下车拾取零钱。".into(),
            },
            VideoRow {
                source: VideoSource::PlazaCamera,
                location: "出口广场".into(),
                from: Some(t("2026-09-29 18:00")),
                to: Some(t("2026-09-29 18:30")),
                retrieval: Retrieval::Overwritten,
                observation: String::new(),
            },
        ],
        transaction: ok("流水显示18:20:31交易，现金35元，与司机所述一致"),
        vehicle_class: ok("一类客车，2轴"),
        staff_interview: ok("收费员承认递钱时动作不规范"),
        conclusion: Some(Conclusion::Founded),
        responsibility: vec![Responsibility::TollCollector],
    };
    c = step(&c, Action::SaveChecklist { checklist, result: None }, &handler, "2026-09-30 11:00");
    let result = OfficeResult {
        investigation: "经调取收费亭及车道录像，收费员在找零时确有抛掷零钱的不规范动作，投诉属实。".into(),
        handling: "已对当班收费员进行批评教育，责令其向司机道歉，并在全站开展文明服务培训。".into(),
        action_taken: "扣减当月绩效200元，通报批评".into(),
        contacted_at: Some(t("2026-09-30 15:00")),
        explained: "向司机说明核查结果和处理情况，代表管理所致歉".into(),
        reaction: "司机表示接受，不再追究".into(),
    };
    c = step(&c, Action::SubmitResult { result, head: head.clone() }, &handler, "2026-09-30 16:00");
    c = step(&c, Action::Approve { note: "同意，按此反馈省中心。".into() }, &leader, "2026-09-30 17:00");
    c = step(
        &c,
        Action::RecordRevisit {
            at: None,
            unreached: None,
            satisfaction: Some(Satisfaction::Satisfied),
            words: "处理得很及时".into(),
            reason: String::new(),
        },
        &operator,
        "2026-10-01 10:00",
    );
    (c, history)
}

fn data(c: Complaint, history: Vec<HistoryEvent>) -> FormData {
    FormData {
        issuer: CENTER.into(),
        complaint: c,
        history,
        office_name: Some("汉川管理所".into()),
        station_name: Some("汉川收费站".into()),
        signatures: SignatureImages::default(),
    }
}

/// Page count and each page's text, as a PDF reader gets it.
fn read_back(pdf: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(pdf).expect("a valid PDF");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    pages.iter().map(|p| doc.extract_text(&[*p]).expect("text extracts")).collect()
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn render_timed(form: Form, d: &FormData) -> Vec<u8> {
    let start = Instant::now();
    let pdf = render(form, d).unwrap_or_else(|e| panic!("{form} renders: {e}"));
    eprintln!("{form}: {} bytes in {} ms", pdf.len(), start.elapsed().as_millis());
    if let Ok(dir) = std::env::var("ROADDESK_FORMS_OUT") {
        std::fs::write(std::path::Path::new(&dir).join(form.file_name(&d.complaint.number)), &pdf).unwrap();
    }
    pdf
}

#[track_caller]
fn assert_has(text: &str, needles: &[&str]) {
    let text = squeeze(text);
    for n in needles {
        assert!(text.contains(&squeeze(n)), "“{n}” missing from the extracted text:\n{text}");
    }
}

#[test]
fn handling_form_prints_every_field_and_both_signatures() {
    let (c, h) = closed_complaint();
    let pdf = render_timed(Form::Handling, &data(c, h));
    assert!(pdf.starts_with(b"%PDF-"));
    let pages = read_back(&pdf);
    assert_eq!(pages.len(), 1, "{pages:?}");
    assert_has(
        &pages[0],
        &[
            CENTER,
            "客服投诉处理单",
            "编号：TS2026093000001",
            "投诉来源",
            "省中心转办",
            "省中心工单号",
            "HB9502220261001001",
            "受理时间",
            "2026-09-30 09:00",
            "受理人",
            "刘晓燕",
            "投诉人",
            "欧阳喆",
            "联系电话",
            "13812345678",
            "车牌号码",
            "鄂A12345（蓝）",
            "车型",
            "一类客车",
            "通行时间",
            "2026-09-29 18:20",
            "入口/出口站",
            "武汉西 / 汉川",
            "地点桩号",
            "K45+300",
            "投诉类别",
            "服务态度",
            "投诉等级",
            "投诉内容",
            "将零钱扔出窗外",
            "诉求",
            "要求收费员道歉",
            "被投诉单位",
            "汉川管理所（汉川收费站）",
            "办理时限",
            "调查情况",
            "抛掷零钱",
            "录像核查：收费亭摄像机（3号车道收费亭）已调取",
            "结论：属实",
            "处理结果",
            "对责任人的处理",
            "扣减当月绩效200元",
            "联系司乘",
            "2026-09-30 15:00",
            "司机表示接受",
            "经办人",
            "王珺",
            "管理所负责人",
            "李国强",
            "日期：2026-09-30 16:00",
            "第 1 页 共 1 页",
        ],
    );
}

#[test]
fn checklist_prints_one_row_per_source_and_the_checks() {
    let (c, h) = closed_complaint();
    let pdf = render_timed(Form::Checklist, &data(c, h));
    let pages = read_back(&pdf);
    assert_eq!(pages.len(), 1);
    assert_has(
        &pages[0],
        &[
            "录像核查清单",
            "TS2026093000001",
            "被投诉单位",
            "汉川管理所",
            "收费站",
            "汉川收费站",
            "通行时间",
            "来源",
            "位置",
            "时段",
            "调取情况",
            "核查情况",
            "收费亭摄像机",
            "车道摄像机",
            "广场摄像机",
            "已覆盖",
            "2026-09-29 18:15 至 18:25",
            "有抛掷动作",
            "通行流水/ETC交易",
            "现金35元",
            "车型/轴数",
            "当事人员询问",
            "核查结论",
            "属实",
            "责任认定",
            "收费员",
            "经办人",
            "王珺",
            "负责人",
            "李国强",
            "第 1 页 共 1 页",
        ],
    );
}

#[test]
fn feedback_sheet_prints_summary_result_and_the_leaders_approval() {
    let (c, h) = closed_complaint();
    let pdf = render_timed(Form::Feedback, &data(c, h));
    let pages = read_back(&pdf);
    assert_eq!(pages.len(), 1);
    assert_has(
        &pages[0],
        &[
            "投诉处理反馈单",
            "工单编号",
            "省中心工单号",
            "HB9502220261001001",
            "投诉人",
            "欧阳喆",
            "联系电话",
            "投诉摘要",
            "【服务态度】",
            "调查情况",
            "核查结论：属实；责任认定：收费员",
            "处理结果",
            "责令其向司机道歉",
            "联系司乘情况",
            "由王珺（汉川管理所）联系司乘",
            "回访情况",
            "满意",
            "审核意见",
            "同意，按此反馈省中心。",
            "值班领导审核",
            "张志堃",
            "日期：2026-09-30 17:00",
            "日期：2026年09月30日",
        ],
    );
}

/// A 1×1 red PNG … scaled, a 300×120 one: a signature image.
fn png(w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, w, h);
    enc.set_color(png::ColorType::Rgba);
    enc.set_depth(png::BitDepth::Eight);
    let mut writer = enc.write_header().unwrap();
    let mut px = Vec::with_capacity((w * h * 4) as usize);
    for y in 0..h {
        for x in 0..w {
            let ink = (x + 2 * y) % 17 < 3;
            px.extend_from_slice(if ink { &[20, 20, 120, 255] } else { &[255, 255, 255, 0] });
        }
    }
    writer.write_image_data(&px).unwrap();
    writer.finish().unwrap();
    out
}

/// A 90×30 PNG of the given colour type and depth: a dark stripe on white.
fn png_of(colour: png::ColorType, depth: png::BitDepth) -> Vec<u8> {
    let (w, h) = (90_usize, 30_usize);
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, 90, 30);
    enc.set_color(colour);
    enc.set_depth(depth);
    if colour == png::ColorType::Indexed {
        enc.set_palette(vec![255, 255, 255, 20, 20, 120]);
    }
    let mut writer = enc.write_header().unwrap();
    let ink = |y: usize| (10..20).contains(&y);
    let data: Vec<u8> = match (colour, depth) {
        (png::ColorType::Indexed, _) => (0..w * h).map(|i| u8::from(ink(i / w))).collect(),
        (png::ColorType::Grayscale, png::BitDepth::Sixteen) => {
            (0..w * h).flat_map(|i| if ink(i / w) { [0x10, 0x00] } else { [0xff, 0xff] }).collect()
        }
        _ => unreachable!("only the kinds the test uses"),
    };
    writer.write_image_data(&data).unwrap();
    writer.finish().unwrap();
    out
}

#[test]
fn signature_images_are_embedded_and_a_bad_one_is_reported() {
    let (c, h) = closed_complaint();
    let mut d = data(c, h);
    d.signatures =
        SignatureImages { handler: Some(png(300, 120)), head: Some(png(2400, 800)), leader: Some(png(200, 80)) };
    for form in Form::ALL {
        let pdf = render_timed(*form, &d);
        // Each image has a soft mask (its alpha) too.
        let expected = if *form == Form::Feedback { 2 } else { 4 };
        assert_eq!(image_count(&pdf), expected, "{form}");
    }
    // Palette and 16-bit grey PNGs are read too.
    d.signatures.handler = Some(png_of(png::ColorType::Indexed, png::BitDepth::Eight));
    d.signatures.head = Some(png_of(png::ColorType::Grayscale, png::BitDepth::Sixteen));
    assert_eq!(image_count(&render(Form::Handling, &d).unwrap()), 2, "two opaque images, no soft masks");
    d.signatures.leader = Some(b"not a png".to_vec());
    match render(Form::Feedback, &d) {
        Err(ExportError::BadSignature { who, .. }) => assert_eq!(who, "值班领导"),
        other => panic!("expected BadSignature, got {other:?}"),
    }
}

#[test]
fn long_content_flows_onto_more_pages_without_losing_a_character() {
    let (mut complaint, history) = closed_complaint();
    let sentence = "司机反映收费员态度恶劣，找零时将零钱扔出窗外（并称“快走”）；要求道歉、赔偿并公开说明情况！";
    let mut content = String::new();
    let mut paragraph = 0;
    while content.chars().count() < 6000 {
        paragraph += 1;
        let _ = write!(content, "第{paragraph}段：{sentence}");
        if paragraph % 7 == 0 {
            content.push('\n');
        }
    }
    complaint.content = content.clone();
    complaint.result.as_mut().unwrap().investigation = content.clone();
    let d = data(complaint, history);
    for form in [Form::Handling, Form::Feedback] {
        let pdf = render_timed(form, &d);
        let pages = read_back(&pdf);
        let n = pages.len();
        assert!(n >= 4, "{form}: two 6000-character fields fill more than three pages, got {n}");
        for (i, page) in pages.iter().enumerate() {
            assert_has(page, &[&format!("第 {} 页 共 {n} 页", i + 1), form.label(), "TS2026093000001"]);
        }
        assert_has(&pages[1], &["（续）"]);
        // Every character of the content, in order and contiguous once the page furniture (footer,
        // heading, the continued label) is taken out: the field is split over pages, never cut.
        let mut all = squeeze(&pages.concat());
        for i in 1..=n {
            all = all.replace(&squeeze(&format!("第 {i} 页 共 {n} 页")), "");
        }
        for chrome in
            [CENTER, form.label(), "编号：TS2026093000001", "投诉内容（续）", "调查情况（续）", "投诉摘要（续）"]
        {
            all = all.replace(chrome, "");
        }
        assert!(all.contains(&squeeze(&content)), "{form}: the content is not complete:\n{all}");
    }
}

#[test]
fn long_video_table_repeats_its_header_on_the_next_page() {
    let (mut c, h) = closed_complaint();
    let row = c.checklist.videos[0].clone();
    c.checklist.videos = (0..40).map(|i| VideoRow { location: format!("{}号车道", i + 1), ..row.clone() }).collect();
    // One observation longer than a page: the row splits, the header row comes back above it.
    let mut long = String::new();
    for i in 1..=300 {
        let _ = write!(long, "第{i}秒画面正常，");
    }
    c.checklist.videos[5].observation.clone_from(&long);
    let pdf = render_timed(Form::Checklist, &data(c, h));
    let pages = read_back(&pdf);
    let n = pages.len();
    assert!(n >= 4, "{n} pages");
    for page in &pages[1..] {
        assert_has(page, &["来源", "调取情况", "核查情况", "录像核查清单"]);
    }
    assert_has(&pages[1], &["收费亭摄像机（续）"]);
    let mut all = squeeze(&pages.concat());
    assert_has(&all, &["40号车道", "当事人员询问", "李国强", &format!("第 {n} 页 共 {n} 页")]);
    // Without the page furniture (footer, heading, the repeated header row, the continued row's
    // first cell) the text is whole.
    for i in 1..=n {
        all = all.replace(&squeeze(&format!("第 {i} 页 共 {n} 页")), "");
    }
    for chrome in
        [CENTER, "录像核查清单", "编号：TS2026093000001", "来源位置时段调取情况核查情况", "收费亭摄像机（续）"]
    {
        all = all.replace(chrome, "");
    }
    assert!(all.contains(&long), "the long observation is not complete:\n{all}");
}

#[test]
fn a_one_page_form_without_images_is_small() {
    let (c, h) = closed_complaint();
    let d = data(c, h);
    for form in Form::ALL {
        let pdf = render_timed(*form, &d);
        assert!(pdf.len() < 100_000, "{form}: {} bytes", pdf.len());
        // The font is subset: the tag prefix (ABCDEF+) marks it.
        let doc = lopdf::Document::load_mem(&pdf).unwrap();
        let subset = doc.objects.values().any(|o| {
            o.as_dict()
                .is_ok_and(|d| d.get(b"BaseFont").is_ok_and(|b| b.as_name().is_ok_and(|n| n.len() > 7 && n[6] == b'+')))
        });
        assert!(subset, "{form}: font not subset");
    }
}

#[test]
fn a_character_missing_from_the_font_is_refused() {
    let (mut c, h) = closed_complaint();
    c.complainant = "吉𠮷".into();
    c.content.push('😀');
    for form in Form::ALL {
        match render(*form, &data(c.clone(), h.clone())) {
            Err(ExportError::MissingGlyphs(chars)) => {
                assert!(chars.contains('😀') || *form == Form::Checklist, "{form}: {chars}");
                assert!(chars.contains('𠮷'), "{form}: {chars}");
            }
            other => panic!("{form}: expected MissingGlyphs, got {:?}", other.map(|b| b.len())),
        }
    }
}

#[test]
fn an_unfilled_complaint_prints_blank_office_fields() {
    let (mut c, h) = closed_complaint();
    c.result = None;
    c.checklist = Checklist::default();
    c.handler_signature = None;
    c.head_signature = None;
    c.approval = None;
    c.revisits.clear();
    let d = data(c, h);
    for form in Form::ALL {
        let pages = read_back(&render_timed(*form, &d));
        assert_eq!(pages.len(), 1, "{form}");
        assert_has(&pages[0], &["年月日"]);
    }
    let pages = read_back(&render(Form::Checklist, &d).unwrap());
    assert_has(&pages[0], &["□属实□部分属实□不属实", "□收费员"]);
}

#[test]
#[ignore = "timing figures for the report"]
fn timing() {
    let (c, h) = closed_complaint();
    let d = data(c, h);
    for round in 0..3 {
        for form in Form::ALL {
            let start = Instant::now();
            let pdf = render(*form, &d).unwrap();
            eprintln!("round {round} {form}: {} bytes in {:.1} ms", pdf.len(), start.elapsed().as_secs_f64() * 1000.0);
        }
    }
}

/// A hand-signature-like PNG: a few looping strokes in dark blue ink on a transparent ground.
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_precision_loss,
    clippy::many_single_char_names,
    reason = "pixel arithmetic on a small drawing"
)]
fn drawn_signature(seed: f32) -> Vec<u8> {
    let (w, h) = (360_u32, 144_u32);
    let mut alpha = vec![0_u8; (w * h) as usize];
    let mut dot = |x: f32, y: f32| {
        for dy in -3..=3 {
            for dx in -3..=3 {
                let (px, py) = (x + dx as f32, y + dy as f32);
                let d = ((dx * dx + dy * dy) as f32).sqrt();
                if px >= 0.0 && py >= 0.0 && (px as u32) < w && (py as u32) < h && d <= 3.0 {
                    let i = (py as u32 * w + px as u32) as usize;
                    alpha[i] = alpha[i].max((255.0 * (1.0 - d / 3.5)) as u8);
                }
            }
        }
    };
    for s in 0..3000 {
        let t = s as f32 / 3000.0;
        let x = 20.0 + 320.0 * t + 18.0 * (t * 40.0 + seed).sin();
        let y = 72.0 + 34.0 * (t * 13.0 + seed).sin() * (1.0 - t * 0.5) + 14.0 * (t * 40.0 + seed).cos();
        dot(x, y);
    }
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, w, h);
    enc.set_color(png::ColorType::Rgba);
    enc.set_depth(png::BitDepth::Eight);
    let mut writer = enc.write_header().unwrap();
    let px: Vec<u8> = alpha.iter().flat_map(|&a| [25, 35, 110, a]).collect();
    writer.write_image_data(&px).unwrap();
    writer.finish().unwrap();
    out
}

/// The PDFs behind `assets/screenshots/form-*.png` (see `assets/screenshots/forms.sh`).
#[test]
#[ignore = "writes the screenshot PDFs into $ROADDESK_FORMS_OUT"]
fn screenshot_pdfs() {
    let dir = std::env::var("ROADDESK_FORMS_OUT").expect("ROADDESK_FORMS_OUT names a folder");
    let (c, h) = closed_complaint();
    let mut d = data(c, h);
    d.signatures = SignatureImages {
        handler: Some(drawn_signature(0.0)),
        head: Some(drawn_signature(1.7)),
        leader: Some(drawn_signature(3.1)),
    };
    for (form, name) in [(Form::Handling, "handling"), (Form::Checklist, "checklist"), (Form::Feedback, "feedback")] {
        let pdf = render(form, &d).unwrap();
        std::fs::write(std::path::Path::new(&dir).join(format!("form-{name}.pdf")), pdf).unwrap();
    }
}

/// Every form of every demo complaint renders: the generator's names, places and texts are all in
/// the font, and half-done, returned, withdrawn or reopened complaints print too.
#[test]
fn every_form_of_every_demo_complaint_renders() {
    use roaddesk::store::{ListFilter, SqliteStore, Store, form_data};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    drop(SqliteStore::create(&path).unwrap());
    let mut store = SqliteStore::open(&path).unwrap();
    roaddesk::setup::install_demo(&mut store, 80, 11, t("2026-11-21 10:00"), |_| {}).unwrap();
    let rows = store.list(&ListFilter::default()).unwrap();
    assert!(rows.len() >= 60, "{} demo complaints", rows.len());
    let mut closed_with_result = 0;
    for row in &rows {
        let d = form_data(&store, &row.number).unwrap();
        assert!(d.issuer.ends_with("中心"), "{}", d.issuer);
        closed_with_result += usize::from(d.complaint.result.is_some() && d.complaint.approval.is_some());
        for form in Form::ALL {
            let pdf = render(*form, &d).unwrap_or_else(|e| panic!("{} {form}: {e}", row.number));
            let pages = read_back(&pdf);
            assert_has(&pages[0], &[form.label(), &row.number, &format!("第 1 页 共 {} 页", pages.len())]);
        }
    }
    assert!(closed_with_result > 10, "{closed_with_result} complaints with an approved result");

    // A signer's uploaded signature comes with the form data and is drawn on the form.
    let approved = rows
        .iter()
        .map(|r| store.complaint(&r.number).unwrap().unwrap())
        .find(|c| c.approval.is_some())
        .expect("an approved complaint");
    let leader = approved.approval.as_ref().unwrap().user;
    store.set_signature(leader, Some(&drawn_signature(0.5))).unwrap();
    let d = form_data(&store, &approved.number).unwrap();
    assert!(d.signatures.leader.is_some());
    let pdf = render(Form::Feedback, &d).unwrap();
    assert_eq!(image_count(&pdf), 2, "the signature and its soft mask");
}

/// Image objects in a PDF (a signature with transparency counts twice: colour and soft mask).
fn image_count(pdf: &[u8]) -> usize {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    doc.objects
        .values()
        .filter(|o| {
            o.as_stream().is_ok_and(|s| s.dict.get(b"Subtype").is_ok_and(|v| v.as_name().is_ok_and(|n| n == b"Image")))
        })
        .count()
}

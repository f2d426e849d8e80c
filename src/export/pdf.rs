//! A small page composer over printpdf's ops API: A4 sheets with a repeated heading, a bordered
//! label/value grid whose cells wrap Chinese text by measured glyph advances, tables with a
//! repeated header row, signature rows with images, and “第 1 页 共 N 页” footers.
//!
//! Lengths are millimetres measured from the top-left corner of the page; they are turned into
//! PDF points (origin bottom-left) only where ops are made.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use printpdf::{
    Color, FontId, Greyscale, Line, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, RawImage, RawImageData, RawImageFormat, Rect, Rgb, TextItem, TextRenderingMode,
    XObjectId, XObjectTransform,
};

use super::ExportError;

/// A4 portrait.
pub const PAGE_W: f32 = 210.0;
pub const PAGE_H: f32 = 297.0;
/// Left and right margins.
pub const MARGIN_X: f32 = 18.0;
const MARGIN_TOP: f32 = 15.0;
/// Nothing of the grid goes below this line (the footer sits under it).
const CONTENT_BOTTOM: f32 = PAGE_H - 18.0;
/// Baseline of the page number.
const FOOTER_BASELINE: f32 = PAGE_H - 10.0;
/// The width of the grid.
pub const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN_X;
/// The label column of the grid.
pub const LABEL_W: f32 = 30.0;

/// Body text: 五号 (10.5 pt).
const BODY_PT: f32 = 10.5;
/// Line pitch inside cells.
const LINE_H: f32 = BODY_PT * 1.5 * MM_PER_PT;
const PAD_X: f32 = 1.8;
const PAD_Y: f32 = 1.5;
/// Height of a signature row (room for a 12 mm image or a hand signature).
const SIGN_H: f32 = 15.0;
/// A signature image is scaled to fit this box.
const SIGN_IMG_W: f32 = 30.0;
const SIGN_IMG_H: f32 = 12.0;
/// Signature images wider or taller than this (pixels) are reduced before embedding.
const SIGN_MAX_PX: u32 = 600;

const MM_PER_PT: f32 = 25.4 / 72.0;
/// Noto Sans SC's ideographic em box: ascent 0.88 em above the baseline.
const ASCENT: f32 = 0.88;
const LABEL_GREY: f32 = 0.9;
const RULE_PT: f32 = 0.6;

/// Characters that never start a line (行首禁则).
const NO_LINE_START: &str = "，。、；：？！）》」』】〕〉］｝〗”’…—·～％,.;:?!)]}%、ー々ゝ";
/// Characters that never end a line (行尾禁则).
const NO_LINE_END: &str = "（《「『【〔〈［｛〖“‘([{";

/// The bundled font, parsed once per process (parsing the GBK subset takes most of a render).
fn font() -> Result<&'static ParsedFont, ExportError> {
    static FONT: OnceLock<Option<ParsedFont>> = OnceLock::new();
    FONT.get_or_init(|| ParsedFont::from_bytes(crate::fonts::NOTO_SANS_SC, 0, &mut Vec::new()))
        .as_ref()
        .ok_or_else(|| ExportError::Pdf("内置字体无法读取".to_owned()))
}

/// Normalise text for printing: line breaks to `\n`, tabs to spaces, other control characters out.
fn clean(s: &str) -> String {
    s.replace("\r\n", "\n")
        .chars()
        .filter_map(|c| match c {
            '\r' | '\n' => Some('\n'),
            '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// Measures text with the font's advances and remembers every character it has no glyph for.
pub struct Measure {
    font: &'static ParsedFont,
    units_per_em: f32,
    missing: BTreeSet<char>,
}

impl Measure {
    pub fn new() -> Result<Self, ExportError> {
        let font = font()?;
        let units_per_em = f32::from(font.pdf_font_metrics.units_per_em.max(1));
        Ok(Self { font, units_per_em, missing: BTreeSet::new() })
    }

    /// Advance of `c` in millimetres at `size` points; 0 (and noted) when the font lacks it.
    fn advance(&mut self, c: char, size: f32) -> f32 {
        match self.font.lookup_glyph_index(u32::from(c)) {
            Some(gid) if gid != 0 => {
                f32::from(self.font.get_horizontal_advance(gid)) / self.units_per_em * size * MM_PER_PT
            }
            _ => {
                if !c.is_whitespace() || c == '\u{3000}' {
                    self.missing.insert(c);
                }
                0.0
            }
        }
    }

    /// Width of `s` in millimetres at `size` points.
    pub fn width(&mut self, s: &str, size: f32) -> f32 {
        s.chars().map(|c| self.advance(c, size)).sum()
    }

    /// The characters seen so far that the font cannot draw.
    #[must_use]
    pub fn missing(&self) -> &BTreeSet<char> {
        &self.missing
    }

    /// Break `text` into lines no wider than `width` mm at `size` pt.
    ///
    /// Breaks anywhere between Chinese characters; keeps runs of Latin letters and digits
    /// (plates, stakes, numbers) together when they fit on a line; never starts a line with
    /// closing punctuation (，。、；：？！）》」…) nor ends one with opening punctuation (（《「…),
    /// pulling the previous character down instead. `\n` forces a break; a space at a break is
    /// dropped. Every other character of `text` appears in the lines, in order.
    pub fn wrap(&mut self, text: &str, width: f32, size: f32) -> Vec<String> {
        let text = clean(text);
        let mut out = Vec::new();
        for para in text.split('\n') {
            let mut line: Vec<char> = Vec::new();
            let mut line_w = 0.0_f32;
            for c in para.chars() {
                let w = self.advance(c, size);
                if line_w + w > width + 0.01 && !line.is_empty() {
                    if c == ' ' {
                        out.push(line.drain(..).collect());
                        line_w = 0.0;
                        continue;
                    }
                    let carry = Self::carry_len(&line, c);
                    let next: Vec<char> = line.split_off(line.len() - carry);
                    while line.last() == Some(&' ') {
                        line.pop();
                    }
                    out.push(line.into_iter().collect());
                    line = next;
                    line_w = line.iter().map(|&ch| self.advance(ch, size)).sum();
                }
                line.push(c);
                line_w += w;
            }
            out.push(line.into_iter().collect());
        }
        out
    }

    /// How many characters at the end of a full `line` move down with `next`.
    fn carry_len(line: &[char], next: char) -> usize {
        let n = line.len();
        let alnum = |c: char| c.is_ascii_alphanumeric();
        // A Latin/digit run split in the middle moves down whole, if it is not the whole line.
        if alnum(next) && line.last().is_some_and(|&c| alnum(c)) {
            let run = line.iter().rev().take_while(|&&c| alnum(c) || c == '+' || c == '-' || c == '.').count();
            if run < n && run <= 24 {
                return run;
            }
            return 0;
        }
        let mut carry = 0;
        // Closing punctuation may not start the line: take the character before it along
        // (and the one before that too, for pairs such as “。”）.
        if NO_LINE_START.contains(next) {
            carry = 1;
            while carry < n.saturating_sub(1) && carry < 3 && NO_LINE_START.contains(line[n - carry]) {
                carry += 1;
            }
        }
        // … and if that character ends a Latin/digit run (“12345，”), the whole run.
        if carry > 0 && alnum(line[n - carry]) {
            let run = line[..n - carry].iter().rev().take_while(|&&c| alnum(c)).count();
            if carry + run < n && run <= 24 {
                carry += run;
            }
        }
        // Opening punctuation may not end the line.
        while carry < n.saturating_sub(1) && NO_LINE_END.contains(line[n - 1 - carry]) {
            carry += 1;
        }
        if carry >= n { 0 } else { carry }
    }

    /// Like [`Measure::wrap`], but lines of a multi-line label are balanced (对责任 / 人的处理
    /// rather than 对责任人的处 / 理).
    fn wrap_balanced(&mut self, text: &str, width: f32, size: f32) -> Vec<String> {
        let lines = self.wrap(text, width, size);
        if lines.len() < 2 || text.contains('\n') {
            return lines;
        }
        let total = self.width(text, size);
        #[allow(clippy::cast_precision_loss, reason = "a handful of lines")]
        let target = total / lines.len() as f32 + size * MM_PER_PT * 0.5;
        let balanced = self.wrap(text, target.min(width), size);
        if balanced.len() == lines.len() { balanced } else { lines }
    }
}

/// How a grid cell looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Grey, centred, vertically centred: a field name.
    Label,
    /// White, left-aligned, from the top: a value.
    Value,
    /// Grey, centred: a table's column header or a section title.
    Head,
}

/// One cell of a grid row.
#[derive(Debug, Clone)]
pub struct Cell {
    pub text: String,
    pub width: f32,
    pub style: Style,
}

impl Cell {
    pub fn label(text: impl Into<String>, width: f32) -> Self {
        Self { text: text.into(), width, style: Style::Label }
    }
    pub fn value(text: impl Into<String>, width: f32) -> Self {
        Self { text: text.into(), width, style: Style::Value }
    }
    pub fn head(text: impl Into<String>, width: f32) -> Self {
        Self { text: text.into(), width, style: Style::Head }
    }
}

/// What every page repeats on top.
#[derive(Debug, Clone)]
pub struct Heading {
    pub issuer: String,
    pub title: String,
    /// The line under the title, e.g. `编号：TS…`.
    pub number: String,
}

/// An embedded image and its size in pixels.
#[derive(Debug, Clone)]
pub struct Image {
    id: XObjectId,
    width_px: usize,
    height_px: usize,
}

/// A signature row: who signed, when, and their image.
pub struct Sign<'a> {
    pub label: &'a str,
    pub name: Option<&'a str>,
    pub time: Option<String>,
    pub image: Option<&'a Image>,
}

/// Lays out a form page by page.
pub struct Sheet {
    doc: PdfDocument,
    font: FontId,
    measure: Measure,
    heading: Heading,
    pages: Vec<Vec<Op>>,
    /// Next free position, mm from the top.
    y: f32,
    /// Where rows start on this page: below the heading and any repeated table header.
    body_top: f32,
    /// A table header row to repeat after a page break.
    repeat: Option<Vec<Cell>>,
}

/// Horizontal alignment of free text on its x.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Centre,
    Right,
}

fn colour([r, g, b]: [f32; 3]) -> Color {
    Color::Rgb(Rgb { r, g, b, icc_profile: None })
}

fn pt(mm: f32) -> Pt {
    Pt(mm / MM_PER_PT)
}

fn grey(level: f32) -> Color {
    Color::Greyscale(Greyscale { percent: level, icc_profile: None })
}

impl Sheet {
    pub fn new(heading: Heading) -> Result<Self, ExportError> {
        let measure = Measure::new()?;
        let mut doc = PdfDocument::new(&format!("{}{}", heading.title, heading.number.replace("编号：", " ")));
        "RoadDesk 路段客服台".clone_into(&mut doc.metadata.info.creator);
        "RoadDesk 路段客服台 (printpdf)".clone_into(&mut doc.metadata.info.producer);
        let font = doc.add_font(measure.font);
        let mut sheet =
            Self { doc, font, measure, heading, pages: Vec::new(), y: MARGIN_TOP, body_top: MARGIN_TOP, repeat: None };
        sheet.new_page();
        Ok(sheet)
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        self.pages.last_mut().expect("a sheet always has a page")
    }

    /// Text with its baseline `baseline` mm from the top.
    fn text(&mut self, x: f32, baseline: f32, size: f32, s: &str) {
        if s.is_empty() {
            return;
        }
        self.measure.width(s, size); // records missing glyphs
        let font = self.font.clone();
        self.ops().extend([
            Op::StartTextSection,
            Op::SetFont { font: PdfFontHandle::External(font), size: Pt(size) },
            Op::SetTextCursor { pos: Point::new(Mm(x), Mm(PAGE_H - baseline)) },
            Op::ShowText { items: vec![TextItem::Text(s.to_owned())] },
            Op::EndTextSection,
        ]);
    }

    fn text_centered(&mut self, centre: f32, baseline: f32, size: f32, s: &str) {
        let w = self.measure.width(s, size);
        self.text(centre - w / 2.0, baseline, size, s);
    }

    fn text_right(&mut self, right: f32, baseline: f32, size: f32, s: &str) {
        let w = self.measure.width(s, size);
        self.text(right - w, baseline, size, s);
    }

    /// A rectangle with its top-left corner at (`x`, `y`).
    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, mode: PaintMode) {
        self.ops().push(Op::DrawRectangle {
            rectangle: Rect {
                x: pt(x),
                y: pt(PAGE_H - y - h),
                width: pt(w),
                height: pt(h),
                mode: Some(mode),
                winding_order: None,
            },
        });
    }

    fn fill_rect(&mut self, x: f32, y: f32, w: f32, h: f32, level: f32) {
        self.ops().push(Op::SetFillColor { col: grey(level) });
        self.rect(x, y, w, h, PaintMode::Fill);
        self.ops().push(Op::SetFillColor { col: grey(0.0) });
    }

    /// Start a page: the heading, and the repeated table header if a table is running.
    fn new_page(&mut self) {
        self.pages.push(vec![
            Op::SetOutlineColor { col: grey(0.0) },
            Op::SetOutlineThickness { pt: Pt(RULE_PT) },
            Op::SetFillColor { col: grey(0.0) },
        ]);
        let h = self.heading.clone();
        let centre = PAGE_W / 2.0;
        let mut y = MARGIN_TOP;
        let size = self.fit(&h.issuer, 12.0);
        y += size * MM_PER_PT * ASCENT;
        self.text_centered(centre, y, size, &h.issuer);
        y += 10.0;
        // The title in a heavier stroke: the bundled font has one weight.
        self.ops().extend([
            Op::SetTextRenderingMode { mode: TextRenderingMode::FillStroke },
            Op::SetOutlineThickness { pt: Pt(0.45) },
        ]);
        let size = self.fit(&h.title, 18.0);
        self.text_centered(centre, y, size, &h.title);
        self.ops().extend([
            Op::SetTextRenderingMode { mode: TextRenderingMode::Fill },
            Op::SetOutlineThickness { pt: Pt(RULE_PT) },
        ]);
        y += 8.0;
        let size = self.fit(&h.number, BODY_PT);
        self.text(MARGIN_X, y, size, &h.number);
        y += 2.5;
        self.y = y;
        if let Some(head) = self.repeat.clone() {
            let lines = self.layout_cells(&head);
            let n = lines.iter().map(Vec::len).max().unwrap_or(1);
            let h = Self::row_height(n);
            self.draw_row(&head, &lines, 0, n, h, false);
            self.y += h;
        }
        self.body_top = self.y;
    }

    /// `size`, or smaller if `s` would not fit across the page at `size` (a very long unit name).
    fn fit(&mut self, s: &str, size: f32) -> f32 {
        let w = self.measure.width(s, size);
        if w > CONTENT_W { size * CONTENT_W / w } else { size }
    }

    fn at_page_top(&self) -> bool {
        (self.y - self.body_top).abs() < 0.01
    }

    fn row_height(lines: usize) -> f32 {
        #[allow(clippy::cast_precision_loss, reason = "a few dozen lines")]
        let n = lines.max(1) as f32;
        n * LINE_H + 2.0 * PAD_Y
    }

    fn layout_cells(&mut self, cells: &[Cell]) -> Vec<Vec<String>> {
        cells
            .iter()
            .map(|c| {
                let w = c.width - 2.0 * PAD_X;
                match c.style {
                    Style::Value => self.measure.wrap(&c.text, w, BODY_PT),
                    Style::Label | Style::Head => self.measure.wrap_balanced(&c.text, w, BODY_PT),
                }
            })
            .collect()
    }

    /// Make sure `h` mm are free on this page, starting a new one if not.
    pub fn need(&mut self, h: f32) {
        if self.y + h > CONTENT_BOTTOM + 0.01 {
            self.new_page();
        }
    }

    /// A grid row. It is at least `min_h` mm tall (room to write by hand); a row that does not
    /// fit goes to the next page, and a long one is split there, its label marked （续）.
    pub fn row(&mut self, cells: &[Cell], min_h: f32) {
        let lines = self.layout_cells(cells);
        let n = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let mut start = 0;
        loop {
            let rest = n - start;
            let h = Self::row_height(rest).max(if start == 0 { min_h } else { 0.0 });
            let avail = CONTENT_BOTTOM - self.y;
            if h <= avail + 0.01 {
                self.draw_row(cells, &lines, start, rest, h, start > 0);
                self.y += h;
                return;
            }
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "small positive count")]
            let fit = ((avail - 2.0 * PAD_Y) / LINE_H + 0.001).floor().max(0.0) as usize;
            let fresh = self.at_page_top();
            if (rest > 3 && fit >= 2) || (fresh && fit >= 1) {
                let fit = fit.min(rest);
                let h = Self::row_height(fit);
                self.draw_row(cells, &lines, start, fit, h, start > 0);
                self.y += h;
                start += fit;
                if start >= n {
                    return;
                }
            }
            self.new_page();
        }
    }

    /// Draw lines `start..start + count` of each cell in a row `h` mm tall at the current y.
    fn draw_row(&mut self, cells: &[Cell], lines: &[Vec<String>], start: usize, count: usize, h: f32, continued: bool) {
        let top = self.y;
        let mut x = MARGIN_X;
        for (i, (cell, cell_lines)) in cells.iter().zip(lines).enumerate() {
            if cell.style != Style::Value {
                self.fill_rect(x, top, cell.width, h, LABEL_GREY);
            }
            let shown: Vec<String> = match cell.style {
                // A table row continued on a new page: its first cell says whose row it is.
                Style::Value if continued && i == 0 && cell_lines.len() <= start && !cell.text.trim().is_empty() => {
                    let w = cell.width - 2.0 * PAD_X;
                    let first = cell_lines.first().cloned().unwrap_or_default();
                    self.measure.wrap(&format!("{first}（续）"), w, BODY_PT)
                }
                Style::Value => cell_lines.iter().skip(start).take(count).cloned().collect(),
                Style::Label | Style::Head if continued => {
                    let w = cell.width - 2.0 * PAD_X;
                    self.measure.wrap_balanced(&format!("{}（续）", cell.text), w, BODY_PT)
                }
                Style::Label | Style::Head => cell_lines.clone(),
            };
            #[allow(clippy::cast_precision_loss, reason = "a few lines")]
            let block = shown.len() as f32 * LINE_H;
            let first_top = match cell.style {
                Style::Value => top + PAD_Y,
                Style::Label | Style::Head => top + ((h - block) / 2.0).max(PAD_Y),
            };
            let size_mm = BODY_PT * MM_PER_PT;
            for (i, line) in shown.iter().enumerate() {
                #[allow(clippy::cast_precision_loss, reason = "a few lines")]
                let line_top = first_top + i as f32 * LINE_H;
                if line_top + LINE_H > top + h + 0.01 {
                    break;
                }
                let baseline = line_top + (LINE_H - size_mm) / 2.0 + ASCENT * size_mm;
                match cell.style {
                    Style::Value => self.text(x + PAD_X, baseline, BODY_PT, line),
                    Style::Label | Style::Head => self.text_centered(x + cell.width / 2.0, baseline, BODY_PT, line),
                }
            }
            self.rect(x, top, cell.width, h, PaintMode::Stroke);
            x += cell.width;
        }
    }

    /// A section title across the grid, kept with at least one row after it.
    pub fn section(&mut self, title: &str) {
        self.need(Self::row_height(1) * 2.0);
        self.row(&[Cell::head(title, CONTENT_W)], 0.0);
    }

    /// Start a table: its header row is drawn now and again on top of every following page
    /// until [`Sheet::end_table`].
    pub fn table_header(&mut self, head: Vec<Cell>) {
        self.need(Self::row_height(1) * 2.0);
        self.row(&head, 0.0);
        self.repeat = Some(head);
    }

    pub fn end_table(&mut self) {
        self.repeat = None;
    }

    /// A signature row: label | name, signature image, date.
    pub fn signature(&mut self, sign: &Sign<'_>) {
        self.need(SIGN_H);
        let top = self.y;
        let label = [Cell::label(sign.label, LABEL_W)];
        let lines = self.layout_cells(&label);
        self.draw_row(&label, &lines, 0, lines.len(), SIGN_H, false);
        let x = MARGIN_X + LABEL_W;
        let w = CONTENT_W - LABEL_W;
        let size_mm = BODY_PT * MM_PER_PT;
        let baseline = top + SIGN_H / 2.0 - size_mm / 2.0 + ASCENT * size_mm;
        if let Some(name) = sign.name {
            self.text(x + PAD_X, baseline, BODY_PT, name);
        }
        if let Some(img) = sign.image {
            #[allow(clippy::cast_precision_loss, reason = "image sizes are small")]
            let (iw, ih) = (img.width_px as f32, img.height_px as f32);
            let scale = (SIGN_IMG_W / iw).min(SIGN_IMG_H / ih);
            let (dw, dh) = (iw * scale, ih * scale);
            let ix = x + 30.0 + (SIGN_IMG_W - dw) / 2.0;
            let iy = top + (SIGN_H - dh) / 2.0;
            // At 72 dpi one pixel is one point; then scale to the box.
            let px_to_box = pt(dw).0 / iw;
            self.ops().push(Op::UseXobject {
                id: img.id.clone(),
                transform: XObjectTransform {
                    translate_x: Some(pt(ix)),
                    translate_y: Some(pt(PAGE_H - iy - dh)),
                    scale_x: Some(px_to_box),
                    scale_y: Some(px_to_box),
                    dpi: Some(72.0),
                    ..XObjectTransform::default()
                },
            });
        }
        let date = sign.time.clone().unwrap_or_else(|| "　　　　年　　月　　日".to_owned());
        self.text_right(x + w - PAD_X, baseline, BODY_PT, &format!("日期：{date}"));
        self.rect(x, top, w, SIGN_H, PaintMode::Stroke);
        self.y += SIGN_H;
    }

    /// A line of text under the grid, right-aligned (e.g. the date of the form).
    pub fn line_right(&mut self, s: &str) {
        self.need(LINE_H + 3.0);
        let size_mm = BODY_PT * MM_PER_PT;
        let baseline = self.y + 3.0 + ASCENT * size_mm;
        self.text_right(MARGIN_X + CONTENT_W, baseline, BODY_PT, s);
        self.y += LINE_H + 3.0;
    }

    /// Leave `h` mm of blank space (nothing if the page is full: the next row starts a page anyway).
    pub fn space(&mut self, h: f32) {
        self.y = (self.y + h).min(CONTENT_BOTTOM);
    }

    /// Reserve `h` mm across the grid for a drawing, on a new page if they are not free on this
    /// one, and return the block's top (mm from the top of the page).
    pub fn reserve(&mut self, h: f32) -> f32 {
        self.need(h);
        let top = self.y;
        self.y += h;
        top
    }

    /// Width of `s` in millimetres at `size` points.
    pub fn text_width(&mut self, s: &str, size: f32) -> f32 {
        self.measure.width(s, size)
    }

    /// Free text with its baseline `baseline` mm from the top, aligned on `x`.
    pub fn put_text(&mut self, x: f32, baseline: f32, size: f32, s: &str, align: Align) {
        match align {
            Align::Left => self.text(x, baseline, size, s),
            Align::Centre => self.text_centered(x, baseline, size, s),
            Align::Right => self.text_right(x, baseline, size, s),
        }
    }

    /// A filled rectangle in colour `rgb` (0–1 each), top-left corner at (`x`, `y`).
    pub fn put_box(&mut self, x: f32, y: f32, w: f32, h: f32, rgb: [f32; 3]) {
        self.ops().push(Op::SetFillColor { col: colour(rgb) });
        self.rect(x, y, w, h, PaintMode::Fill);
        self.ops().push(Op::SetFillColor { col: grey(0.0) });
    }

    /// A polyline through `points` (mm from the top-left), `width` points thick, in colour `rgb`.
    pub fn put_line(&mut self, points: &[(f32, f32)], width: f32, rgb: [f32; 3]) {
        if points.len() < 2 {
            return;
        }
        let points =
            points.iter().map(|&(x, y)| LinePoint { p: Point::new(Mm(x), Mm(PAGE_H - y)), bezier: false }).collect();
        self.ops().extend([
            Op::SetOutlineColor { col: colour(rgb) },
            Op::SetOutlineThickness { pt: Pt(width) },
            Op::DrawLine { line: Line { points, is_closed: false } },
            Op::SetOutlineColor { col: grey(0.0) },
            Op::SetOutlineThickness { pt: Pt(RULE_PT) },
        ]);
    }

    /// Embed a PNG signature; `who` names the signer in errors.
    pub fn add_png(&mut self, png: &[u8], who: &str) -> Result<Image, ExportError> {
        let raw = decode_png(png).map_err(|reason| ExportError::BadSignature { who: who.to_owned(), reason })?;
        let (width_px, height_px) = (raw.width, raw.height);
        let id = self.doc.add_image(&raw);
        Ok(Image { id, width_px, height_px })
    }

    /// Number the pages and write the PDF; fails if any character had no glyph.
    pub fn finish(mut self) -> Result<Vec<u8>, ExportError> {
        let total = self.pages.len();
        for i in 0..total {
            let s = format!("第 {} 页 共 {total} 页", i + 1);
            self.measure.width(&s, 9.0);
            let w = self.measure.width(&s, 9.0);
            let font = self.font.clone();
            self.pages[i].extend([
                Op::StartTextSection,
                Op::SetFont { font: PdfFontHandle::External(font), size: Pt(9.0) },
                Op::SetTextCursor { pos: Point::new(Mm((PAGE_W - w) / 2.0), Mm(PAGE_H - FOOTER_BASELINE)) },
                Op::ShowText { items: vec![TextItem::Text(s)] },
                Op::EndTextSection,
            ]);
        }
        if !self.measure.missing().is_empty() {
            let chars: String = self
                .measure
                .missing()
                .iter()
                .map(|c| format!("“{c}”（U+{:04X}）", u32::from(*c)))
                .collect::<Vec<_>>()
                .join("、");
            return Err(ExportError::MissingGlyphs(chars));
        }
        let pages = self.pages.into_iter().map(|ops| PdfPage::new(Mm(PAGE_W), Mm(PAGE_H), ops)).collect();
        let opts = PdfSaveOptions { optimize: true, subset_fonts: true, secure: true, image_optimization: None };
        let mut warnings = Vec::new();
        let bytes = self.doc.with_pages(pages).save(&opts, &mut warnings);
        if bytes.is_empty() {
            return Err(ExportError::Pdf("printpdf 未生成任何内容".to_owned()));
        }
        Ok(bytes)
    }
}

/// Decode a PNG into 8-bit pixels, reduced to at most [`SIGN_MAX_PX`] on its longer side.
fn decode_png(bytes: &[u8]) -> Result<RawImage, String> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(|e| format!("不是有效的 PNG 图片（{e}）"))?;
    let size = reader.output_buffer_size().ok_or_else(|| "图片过大".to_owned())?;
    if size > 64 * 1024 * 1024 {
        return Err("图片过大".to_owned());
    }
    let mut buf = vec![0; size];
    let info = reader.next_frame(&mut buf).map_err(|e| format!("PNG 图片数据损坏（{e}）"))?;
    buf.truncate(info.buffer_size());
    let (format, channels) = match info.color_type {
        png::ColorType::Grayscale => (RawImageFormat::R8, 1),
        png::ColorType::GrayscaleAlpha => (RawImageFormat::RG8, 2),
        png::ColorType::Rgb => (RawImageFormat::RGB8, 3),
        png::ColorType::Rgba => (RawImageFormat::RGBA8, 4),
        png::ColorType::Indexed => return Err("不支持的 PNG 颜色类型".to_owned()),
    };
    let (w, h) = (info.width, info.height);
    if w == 0 || h == 0 {
        return Err("图片为空".to_owned());
    }
    let factor = w.max(h).div_ceil(SIGN_MAX_PX).max(1);
    let (pixels, w, h) = if factor > 1 { shrink(&buf, w, h, channels, factor) } else { (buf, w, h) };
    Ok(RawImage {
        pixels: RawImageData::U8(pixels),
        width: w as usize,
        height: h as usize,
        data_format: format,
        tag: Vec::new(),
    })
}

/// Reduce an image by an integer `factor`, averaging each block of pixels. With an alpha channel
/// (the last one) colours are weighted by it, so transparent pixels do not pale the ink.
fn shrink(buf: &[u8], width: u32, height: u32, channels: usize, factor: u32) -> (Vec<u8>, u32, u32) {
    let (nw, nh) = (width.div_ceil(factor), height.div_ceil(factor));
    let (w, rows, step) = (width as usize, height as usize, factor as usize);
    let alpha = channels == 2 || channels == 4;
    let colours = if alpha { channels - 1 } else { channels };
    let mut out = Vec::with_capacity(nw as usize * nh as usize * channels);
    for by in 0..nh as usize {
        for bx in 0..nw as usize {
            let mut sum = [0_u64; 4];
            let mut weight = 0_u64;
            let mut n = 0_u64;
            for y in by * step..((by + 1) * step).min(rows) {
                for x in bx * step..((bx + 1) * step).min(w) {
                    let p = &buf[(y * w + x) * channels..(y * w + x + 1) * channels];
                    let a = if alpha { u64::from(p[channels - 1]) } else { 1 };
                    for (s, &v) in sum.iter_mut().zip(&p[..colours]) {
                        *s += u64::from(v) * a;
                    }
                    if alpha {
                        sum[colours] += a;
                    }
                    weight += a;
                    n += 1;
                }
            }
            #[allow(clippy::cast_possible_truncation, reason = "an average of bytes is a byte")]
            {
                out.extend(sum[..colours].iter().map(|s| s.checked_div(weight).map_or(255, |v| v as u8)));
                if alpha {
                    out.push((sum[colours] / n.max(1)) as u8);
                }
            }
        }
    }
    (out, nw, nh)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrap(text: &str, chars: f32) -> Vec<String> {
        let mut m = Measure::new().unwrap();
        // Width of `chars` full-width characters at 10 pt.
        m.wrap(text, chars * 10.0 * MM_PER_PT + 0.001, 10.0)
    }

    #[test]
    fn chinese_wraps_per_character_and_keeps_every_character() {
        let lines = wrap("收费员态度恶劣扔卡", 4.0);
        assert_eq!(lines, ["收费员态", "度恶劣扔", "卡"]);
    }

    #[test]
    fn closing_punctuation_never_starts_a_line() {
        let lines = wrap("收费员态度，恶劣", 5.0);
        assert_eq!(lines, ["收费员态", "度，恶劣"]);
        let lines = wrap("司机说：“扔卡。”后来", 5.0);
        assert!(lines.iter().all(|l| !l.starts_with(|c| NO_LINE_START.contains(c))), "{lines:?}");
        assert_eq!(lines.concat(), "司机说：“扔卡。”后来");
    }

    #[test]
    fn opening_punctuation_never_ends_a_line() {
        let lines = wrap("一二三（四五）", 4.0);
        assert_eq!(lines, ["一二三", "（四五）"]);
    }

    #[test]
    fn latin_runs_stay_together_and_breaks_drop_spaces() {
        let lines = wrap("金额是一千二百元共12345，", 10.0);
        assert_eq!(lines, ["金额是一千二百元共", "12345，"]);
        let lines = wrap("车牌鄂A12345通行", 5.0);
        assert_eq!(lines[0], "车牌鄂");
        assert!(lines[1].starts_with("A12345"), "{lines:?}");
        assert_eq!(wrap("第一行\n\n第三行", 10.0), ["第一行", "", "第三行"]);
    }

    #[test]
    fn missing_glyphs_are_noted() {
        let mut m = Measure::new().unwrap();
        m.wrap("正常😀文字𠮷", 100.0, 10.0);
        assert_eq!(m.missing().iter().collect::<String>(), "😀𠮷");
    }

    #[test]
    fn big_png_is_reduced() {
        let (out, w, h) = shrink(&[10, 20, 30, 40, 50, 60], 3, 2, 1, 2);
        assert_eq!((w, h), (2, 1));
        assert_eq!(out, [30, 45]);
        // Grey + alpha: a transparent white pixel does not pale an opaque black one.
        let (out, _, _) = shrink(&[0, 255, 255, 0], 2, 1, 2, 2);
        assert_eq!(out, [0, 127]);
    }
}

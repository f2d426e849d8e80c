//! Validation of what people type (domain.md §8): raw input becomes validated types once, here.

use serde::{Deserialize, Serialize};

use crate::domain::time::{BizTime, format_biz};

/// A refused value: which field, and what is wrong, in Chinese.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{field}：{message}")]
pub struct FieldError {
    /// The field's Chinese label, e.g. `联系电话`.
    pub field: String,
    pub message: String,
}

impl FieldError {
    #[must_use]
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        Self { field: field.to_owned(), message: message.into() }
    }
}

/// A checked, normalised phone number: `13812345678`, `027-87654321`, `0710-3456789-808`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

impl Phone {
    /// Check and normalise; the error is the Chinese message (without the field name).
    pub fn parse(raw: &str) -> Result<Self, String> {
        parse_phone(raw).map(Self)
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A mobile number (11 digits, 1[3-9]…).
    #[must_use]
    pub fn is_mobile(&self) -> bool {
        self.0.len() == 11 && !self.0.contains('-')
    }
}

impl TryFrom<String> for Phone {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Self::parse(&s)
    }
}

impl From<Phone> for String {
    fn from(p: Phone) -> String {
        p.0
    }
}

impl std::fmt::Display for Phone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What kind of plate a [`Plate`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlateKind {
    Ordinary,
    NewEnergy,
    Special,
}

/// A checked, normalised plate number: `鄂A12345`, `鄂AD12345`, `粤Z1234港`, `WJ鄂12345`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Plate(String);

impl Plate {
    /// Check and normalise (`鄂a·12345` → `鄂A12345`); the error is the Chinese message.
    pub fn parse(raw: &str) -> Result<Self, String> {
        parse_plate(raw).map(Self)
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    #[must_use]
    pub fn kind(&self) -> PlateKind {
        let s = self.0.as_str();
        let last = s.chars().next_back();
        if s.starts_with('使')
            || s.ends_with('使')
            || s.starts_with("WJ")
            || last.is_some_and(|c| SPECIAL_SUFFIXES.contains(c))
        {
            PlateKind::Special
        } else if s.chars().count() == 8 {
            PlateKind::NewEnergy
        } else {
            PlateKind::Ordinary
        }
    }
}

impl TryFrom<String> for Plate {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Self::parse(&s)
    }
}

impl From<Plate> for String {
    fn from(p: Plate) -> String {
        p.0
    }
}

impl std::fmt::Display for Plate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Check and normalise a K-stake (`k123 + 456` → `K123+456`); the error is the Chinese message.
pub fn parse_kstake(raw: &str) -> Result<String, String> {
    parse_kstake_impl(raw)
}

/// How far ahead of `now` a typed time may be (clocks of different desks drift).
pub const FUTURE_TOLERANCE_SECS: i64 = 300;

/// A time must not be in the future.
pub fn check_not_future(field: &str, t: BizTime, now: BizTime) -> Result<(), FieldError> {
    if (t - now).num_seconds() > FUTURE_TOLERANCE_SECS {
        let (typed, current) = two_times(t, now);
        return Err(FieldError::new(field, format!("时间不能晚于当前时间（{current}），填写的是{typed}")));
    }
    Ok(())
}

/// `later` must not be before `earlier` (passage before the call; a step not before the one it follows).
pub fn check_order(earlier_field: &str, earlier: BizTime, later_field: &str, later: BizTime) -> Result<(), FieldError> {
    if later < earlier {
        let (l, e) = two_times(later, earlier);
        return Err(FieldError::new(
            later_field,
            format!("{later_field}不能早于{earlier_field}（{earlier_field}为{e}，{later_field}为{l}）"),
        ));
    }
    Ok(())
}

/// Forbidden words (服务禁语) found in `text`, in order of appearance.
#[must_use]
pub fn forbidden_words(text: &str) -> Vec<&'static str> {
    let mut found: Vec<&'static str> = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        if let Some(word) = FORBIDDEN_WORDS.iter().copied().find(|w| rest.starts_with(w)) {
            if !is_standard_phrase(text, i, word) && !found.contains(&word) {
                found.push(word);
            }
            // Consume the whole word so its characters are never read as part of another.
            i += word.len();
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    found
}

// ---------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------

/// Full-width forms (`０`–`９`, `Ａ`–`Ｚ`, `ａ`–`ｚ`, `＋`, `－`, `（`, `）`, `＃`, the ideographic
/// space…) folded to their ASCII look-alikes; anything else is returned unchanged.
fn fold_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        // The full-width ASCII block: U+FF01..=U+FF5E maps to U+0021..=U+007E.
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFF01 + 0x21).unwrap_or(c),
        // Dashes people type in place of '-'.
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        _ => c,
    }
}

/// Two instants as people read them; with seconds when minutes alone would look equal.
fn two_times(a: BizTime, b: BizTime) -> (String, String) {
    let (fa, fb) = (format_biz(a), format_biz(b));
    if fa == fb {
        let fmt = "%Y-%m-%d %H:%M:%S";
        (a.format(fmt).to_string(), b.format(fmt).to_string())
    } else {
        (fa, fb)
    }
}

// ---------------------------------------------------------------------------
// Phone numbers
// ---------------------------------------------------------------------------

const PHONE_EXAMPLES: &str = "手机号码如13812345678，固定电话如027-87654321";

fn parse_phone(raw: &str) -> Result<String, String> {
    let folded: String = raw.chars().map(fold_width).collect::<String>().to_ascii_lowercase();
    let folded = folded.trim();
    if folded.is_empty() {
        return Err(format!("不能为空，请填写手机号码或带区号的固定电话（{PHONE_EXAMPLES}）"));
    }
    if let Some(c) = folded.chars().find(|c| matches!(c, '/' | '、' | ',' | '，' | ';' | '；' | '|')) {
        return Err(format!("只能填写一个号码（发现分隔符「{c}」），{PHONE_EXAMPLES}"));
    }

    let (main, ext) = split_extension(folded)?;

    for c in main.chars() {
        if c.is_ascii_alphabetic() {
            return Err(format!(
                "电话号码中不能有字母（发现「{c}」），请只填数字，{PHONE_EXAMPLES}；分机号写在“转”或“-”之后"
            ));
        }
        if !(c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')' | '+')) {
            return Err(format!("电话号码中有无法识别的字符「{c}」，只能包含数字、空格和“-”，{PHONE_EXAMPLES}"));
        }
    }
    let main = main.trim();
    let (plus, main) = match main.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, main),
    };
    if main.contains('+') {
        return Err(format!("“+”只能出现在开头的+86之前，{PHONE_EXAMPLES}"));
    }
    let groups: Vec<&str> = main.split([' ', '-', '(', ')']).filter(|g| !g.is_empty()).collect();
    let digits: String = groups.concat();
    if digits.is_empty() {
        return Err(format!("没有填写号码数字，{PHONE_EXAMPLES}"));
    }

    if plus {
        return match digits.strip_prefix("86") {
            Some(mobile) if !mobile.is_empty() => check_mobile(mobile, ext.as_deref(), true),
            _ => Err("只受理中国大陆号码：“+”后应为86再接11位手机号码，如+86 13812345678".to_owned()),
        };
    }
    if digits.len() <= 6 && !digits.starts_with('0') {
        return Err(format!(
            "「{digits}」是{}位的服务号码或短号，不能用作联系电话，请填写能回拨的手机号码或带区号的固定电话（{PHONE_EXAMPLES}）",
            digits.len()
        ));
    }
    if digits.starts_with('1') {
        return check_mobile(&digits, ext.as_deref(), false);
    }
    if digits.len() == 13 && digits.starts_with("861") {
        return check_mobile(&digits[2..], ext.as_deref(), true);
    }
    if digits.len() == 15 && digits.starts_with("00861") {
        return check_mobile(&digits[4..], ext.as_deref(), true);
    }
    if digits.starts_with('0') {
        return check_landline(&groups, &digits, ext);
    }
    if matches!(digits.len(), 7 | 8) {
        return Err(format!("固定电话缺少区号，请在号码前加区号，如027-{digits}"));
    }
    Err(format!("号码应以1（手机）或0（固定电话区号）开头，{PHONE_EXAMPLES}"))
}

/// Split off an extension written after `转`, `ext` or `#` (the `-` form is found later, by length).
fn split_extension(s: &str) -> Result<(&str, Option<String>), String> {
    let pos = ['转', '#']
        .iter()
        .filter_map(|c| s.find(*c).map(|p| (p, c.len_utf8())))
        .chain(s.find("ext").map(|p| (p, 3)))
        .min_by_key(|&(p, _)| p);
    let Some((p, len)) = pos else {
        return Ok((s, None));
    };
    let ext: String = s[p + len..].chars().filter(|c| !matches!(c, ' ' | '-' | '.' | ':' | '：')).collect();
    if ext.is_empty() {
        return Err("分机号为空：“转”或“-”之后应为1–6位数字，如0710-3456789-808".to_owned());
    }
    if !ext.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("分机号「{ext}」只能是1–6位数字，如0710-3456789-808"));
    }
    check_extension_len(&ext)?;
    Ok((&s[..p], Some(ext)))
}

fn check_extension_len(ext: &str) -> Result<(), String> {
    if (1..=6).contains(&ext.len()) {
        Ok(())
    } else {
        Err(format!("分机号应为1–6位数字，填写的「{ext}」有{}位", ext.len()))
    }
}

fn check_mobile(d: &str, ext: Option<&str>, after_country_code: bool) -> Result<String, String> {
    if ext.is_some() {
        return Err("手机号码不能带分机号，请只填11位手机号码，如13812345678".to_owned());
    }
    if !d.starts_with('1') {
        return Err("+86后应为11位手机号码（以1开头），如+86 13812345678；固定电话请直接填写区号和号码".to_owned());
    }
    let prefix = if after_country_code { "去掉+86后，" } else { "" };
    if d.len() != 11 {
        return Err(format!("{prefix}手机号码应为11位数字（如13812345678），填写的有{}位", d.len()));
    }
    if !matches!(d.as_bytes()[1], b'3'..=b'9') {
        return Err(format!("手机号码第二位应为3–9（如13812345678），没有以「{}」开头的手机号码", &d[..2]));
    }
    Ok(d.to_owned())
}

/// The length of the area code that starts `digits` (which starts with '0'): 010 and 02x
/// have three digits, every other 0xxx four.
fn area_code_len(digits: &str) -> Result<usize, String> {
    let b = digits.as_bytes();
    match (b.get(1), b.get(2)) {
        (Some(b'0'), _) => Err(format!("只受理国内号码：区号不能以00开头，{PHONE_EXAMPLES}")),
        (Some(b'1'), Some(b'0')) | (Some(b'2'), _) => Ok(3),
        _ => Ok(4),
    }
}

fn check_landline(groups: &[&str], digits: &str, ext: Option<String>) -> Result<String, String> {
    let area_len = area_code_len(digits)?;
    if digits.len() <= area_len {
        return Err(format!("固定电话只有区号「{digits}」，区号后还应有7–8位号码，如027-87654321"));
    }
    let first = groups[0];
    let mut rest: Vec<&str> = Vec::with_capacity(groups.len());
    if first.len() < area_len {
        let hint = if area_len == 4 { "除010和02X外，区号为4位，如0710" } else { "区号如010、027" };
        return Err(format!("区号「{first}」不完整：{hint}，固定电话如0710-3456789"));
    }
    let area = &first[..area_len];
    if first.len() > area_len {
        rest.push(&first[area_len..]);
    }
    rest.extend_from_slice(&groups[1..]);

    // The local number is the whole rest, or, when that is too long and no other extension
    // separator was typed, the longest leading run of groups that is 7–8 digits long; what
    // follows it is the extension (`0710-3456789-808`).
    let whole: String = rest.concat();
    let (local, ext) = if ext.is_some() || (7..=8).contains(&whole.len()) {
        (whole, ext)
    } else {
        let split = (1..rest.len()).rev().find(|&k| (7..=8).contains(&rest[..k].concat().len()));
        match split {
            Some(k) => (rest[..k].concat(), Some(rest[k..].concat())),
            None => (whole, None),
        }
    };
    if !(7..=8).contains(&local.len()) {
        let more = if local.len() > 8 {
            "；如有分机号，请用“-”或“转”隔开，如0710-3456789-808"
        } else {
            ""
        };
        return Err(format!(
            "区号{area}后的号码应为7–8位数字（如{area}-87654321），填写的「{local}」有{}位{more}",
            local.len()
        ));
    }
    if matches!(local.as_bytes()[0], b'0' | b'1') {
        return Err(format!("区号后的号码不能以0或1开头（如{area}-87654321），填写的是「{local}」；手机号码前不要加0"));
    }
    match ext {
        Some(ext) => {
            check_extension_len(&ext)?;
            Ok(format!("{area}-{local}-{ext}"))
        }
        None => Ok(format!("{area}-{local}")),
    }
}

// ---------------------------------------------------------------------------
// Plates
// ---------------------------------------------------------------------------

const PROVINCES: &str = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";
const SPECIAL_SUFFIXES: &str = "警学挂港澳领";
const NO_I_O: &str = "车牌中不使用字母I和O，请确认是否为数字1或0";
const PLATE_EXAMPLES: &str = "如鄂A12345，新能源车如鄂AD12345";

/// A serial character: a digit, or a capital letter other than I and O.
fn is_serial(c: char) -> bool {
    c.is_ascii_digit() || (c.is_ascii_uppercase() && c != 'I' && c != 'O')
}

fn parse_plate(raw: &str) -> Result<String, String> {
    let chars: Vec<char> = raw
        .chars()
        .map(fold_width)
        .filter(|c| !matches!(c, '·' | '•' | '・' | '‧' | '.' | '-' | '_') && !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if chars.is_empty() {
        return Err(format!("不能为空，请填写车牌号码（{PLATE_EXAMPLES}）"));
    }
    if let Some(c) = chars.iter().find(|c| !c.is_ascii_alphanumeric() && (**c as u32) < 0x2E80) {
        return Err(format!("车牌号码中有无法识别的字符「{c}」，{PLATE_EXAMPLES}"));
    }
    let normalised: String = chars.iter().collect();

    if chars[0] == '使' || chars[chars.len() - 1] == '使' {
        check_embassy(&chars)?;
    } else if chars.len() >= 2 && chars[0] == 'W' && chars[1] == 'J' {
        check_armed_police(&chars[2..])?;
    } else {
        check_province_plate(&chars)?;
    }
    Ok(normalised)
}

fn check_embassy(chars: &[char]) -> Result<(), String> {
    let digits: Vec<char> = chars.iter().copied().filter(|&c| c != '使').collect();
    let shape_ok = chars.len() == 7 && digits.len() == 6 && (chars[0] == '使') != (chars[6] == '使');
    if shape_ok && digits.iter().all(char::is_ascii_digit) {
        Ok(())
    } else {
        Err("使馆车牌应为“使”加6位数字（如使123456）或6位数字加“使”（如123456使）".to_owned())
    }
}

fn check_armed_police(rest: &[char]) -> Result<(), String> {
    const FORM: &str = "武警车牌应为WJ加5位号码，可带省份简称，如WJ鄂12345或WJ12345";
    let serial = match rest.first() {
        Some(c) if PROVINCES.contains(*c) => &rest[1..],
        _ => rest,
    };
    if serial.len() != 5 {
        return Err(format!("{FORM}；WJ后的号码有{}位", serial.len()));
    }
    if serial.iter().any(|c| matches!(c, 'I' | 'O')) {
        return Err(NO_I_O.to_owned());
    }
    if let Some(c) = serial.iter().find(|c| !is_serial(**c)) {
        return Err(format!("{FORM}；「{c}」不能出现在号码中"));
    }
    Ok(())
}

fn check_province_plate(chars: &[char]) -> Result<(), String> {
    let first = chars[0];
    if !PROVINCES.contains(first) {
        return Err(if first.is_ascii_alphanumeric() {
            format!("车牌应以省份简称开头（{PLATE_EXAMPLES}）")
        } else {
            format!("「{first}」不是省份简称，车牌应以京、沪、鄂、粤等省份简称开头（{PLATE_EXAMPLES}）")
        });
    }
    let Some(&letter) = chars.get(1) else {
        return Err(format!("只有省份简称，后面还应有发牌机关字母和号码（{PLATE_EXAMPLES}）"));
    };
    if matches!(letter, 'I' | 'O') {
        return Err(NO_I_O.to_owned());
    }
    if !letter.is_ascii_uppercase() {
        return Err(format!("省份简称后应为一个字母（发牌机关代号，如鄂A），填写的是「{letter}」"));
    }
    let serial = &chars[2..];
    match serial.len() {
        5 => check_five(serial),
        6 => check_new_energy(serial),
        n => Err(format!(
            "车牌号码位数不对：{first}{letter}之后应为5位（{first}{letter}12345）或新能源车的6位（{first}{letter}D12345），填写的有{n}位"
        )),
    }
}

/// The five characters after province and letter: ordinary, or four plus a special suffix.
fn check_five(serial: &[char]) -> Result<(), String> {
    if serial.iter().any(|c| matches!(c, 'I' | 'O')) {
        return Err(NO_I_O.to_owned());
    }
    let last = serial[4];
    let body = if SPECIAL_SUFFIXES.contains(last) { &serial[..4] } else { serial };
    if let Some(c) = body.iter().find(|c| !is_serial(**c)) {
        return Err(if c.is_ascii() {
            format!("「{c}」不能出现在车牌号码中，号码只含数字和字母（{PLATE_EXAMPLES}）")
        } else if *c == last {
            format!("「{c}」不是车牌用字：特种车牌末位只能是警、学、挂、港、澳、领之一（如粤Z1234港、鄂A1234学）")
        } else {
            format!("「{c}」不能出现在车牌号码中间，号码只含数字和字母（{PLATE_EXAMPLES}）")
        });
    }
    Ok(())
}

/// The six characters of a new-energy plate: `D`/`F` + 1 + 4 digits (small), or 5 digits + `D`/`F` (large).
fn check_new_energy(serial: &[char]) -> Result<(), String> {
    if serial.iter().any(|c| matches!(c, 'I' | 'O')) {
        return Err(NO_I_O.to_owned());
    }
    let df = |c: char| matches!(c, 'D' | 'F');
    let digits = |s: &[char]| s.iter().all(char::is_ascii_digit);
    let small = df(serial[0]) && is_serial(serial[1]) && digits(&serial[2..]);
    let large = digits(&serial[..5]) && df(serial[5]);
    if small || large {
        Ok(())
    } else {
        Err("新能源车牌号码位数为6位，格式不对：小型车为D或F开头，第二位为字母或数字，后4位为数字（如鄂AD12345、鄂AFA1234）；大型车为5位数字加D或F（如鄂A12345D）".to_owned())
    }
}

// ---------------------------------------------------------------------------
// K-stakes
// ---------------------------------------------------------------------------

fn parse_kstake_impl(raw: &str) -> Result<String, String> {
    const FORM: &str = "桩号格式为K公里数+米数，如K123+456";
    let s: String = raw.chars().map(fold_width).filter(|c| !c.is_whitespace()).collect();
    if s.is_empty() {
        return Err(format!("不能为空，{FORM}"));
    }
    let Some(body) = s.strip_prefix(['K', 'k']) else {
        return Err(format!("桩号应以字母K开头，{FORM}"));
    };
    let Some((km, m)) = body.split_once('+') else {
        return Err(format!("桩号缺少“+”，{FORM}"));
    };
    if km.is_empty() || !km.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("K与“+”之间应为公里数（1–4位数字），填写的是「{km}」，{FORM}"));
    }
    if km.len() > 4 {
        return Err(format!("公里数应为1–4位数字，填写的「{km}」有{}位，{FORM}", km.len()));
    }
    if m.len() != 3 || !m.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("“+”之后应为3位数字的米数（不足3位前面补0，如K12+045），填写的是「{m}」"));
    }
    Ok(format!("K{km}+{m}"))
}

// ---------------------------------------------------------------------------
// Forbidden words
// ---------------------------------------------------------------------------

/// 服务禁语 (domain.md §7). None is part of another, so a match is consumed whole.
const FORBIDDEN_WORDS: [&str; 6] = ["喂", "什么", "不知道", "应该", "好像", "不可能"];

/// Whether the forbidden `word` found at byte `at` belongs to one of the prescribed standard
/// phrases, which themselves contain 什么: "请问有什么可（以）帮您" and "请问您什么时候方便".
fn is_standard_phrase(text: &str, at: usize, word: &str) -> bool {
    if word != "什么" {
        return false;
    }
    let after = &text[at + word.len()..];
    (text[..at].ends_with('有') && (after.starts_with("可帮") || after.starts_with("可以帮")))
        || after.starts_with("时候方便")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::parse_biz_time;

    fn phone(s: &str) -> String {
        Phone::parse(s).unwrap_or_else(|e| panic!("{s:?} refused: {e}")).0
    }

    fn phone_err(s: &str) -> String {
        match Phone::parse(s) {
            Ok(p) => panic!("{s:?} accepted as {p}"),
            Err(e) => e,
        }
    }

    fn plate(s: &str) -> Plate {
        Plate::parse(s).unwrap_or_else(|e| panic!("{s:?} refused: {e}"))
    }

    fn plate_err(s: &str) -> String {
        match Plate::parse(s) {
            Ok(p) => panic!("{s:?} accepted as {p}"),
            Err(e) => e,
        }
    }

    fn kstake_err(s: &str) -> String {
        match parse_kstake(s) {
            Ok(k) => panic!("{s:?} accepted as {k}"),
            Err(e) => e,
        }
    }

    #[test]
    fn mobiles_are_normalised_to_eleven_digits() {
        for (raw, want) in [
            ("13812345678", "13812345678"),
            (" 138 1234 5678 ", "13812345678"),
            ("138-1234-5678", "13812345678"),
            ("１３８１２３４５６７８", "13812345678"),
            ("+86 138 1234 5678", "13812345678"),
            ("+86-13812345678", "13812345678"),
            ("８６13812345678", "13812345678"),
            ("0086 13812345678", "13812345678"),
            ("19912345678", "19912345678"),
        ] {
            assert_eq!(phone(raw), want, "{raw}");
            assert!(Phone::parse(raw).unwrap().is_mobile());
        }
    }

    #[test]
    fn landlines_are_normalised_with_dashes() {
        for (raw, want) in [
            ("027-87654321", "027-87654321"),
            ("02787654321", "027-87654321"),
            ("027 8765 4321", "027-87654321"),
            ("(027)87654321", "027-87654321"),
            ("（０２７）８７６５４３２１", "027-87654321"),
            ("010-62345678", "010-62345678"),
            ("0710-3456789", "0710-3456789"),
            ("07103456789", "0710-3456789"),
            ("0710-3456789-808", "0710-3456789-808"),
            ("0710-3456789转808", "0710-3456789-808"),
            ("0710 3456789 ext 808", "0710-3456789-808"),
            ("0710-3456789 EXT.808", "0710-3456789-808"),
            ("0710-3456789#808", "0710-3456789-808"),
            ("02787654321-1", "027-87654321-1"),
            ("027-8765-4321-808", "027-87654321-808"),
            ("0719－8765432", "0719-8765432"),
        ] {
            assert_eq!(phone(raw), want, "{raw}");
            assert!(!Phone::parse(raw).unwrap().is_mobile());
        }
    }

    #[test]
    fn bad_phones_are_refused_with_the_reason() {
        assert!(phone_err("").contains("不能为空"));
        assert!(phone_err("   ").contains("不能为空"));
        assert!(phone_err("1381234567").contains("11位"));
        assert!(phone_err("138123456789").contains("有12位"));
        assert!(phone_err("12812345678").contains("第二位应为3–9"));
        assert!(phone_err("11012345678").contains("第二位应为3–9"));
        assert!(phone_err("138abc45678").contains("字母"));
        assert!(phone_err("138一二三45678").contains("无法识别的字符「一」"));
        assert!(phone_err("12328").contains("服务号码"));
        assert!(phone_err("95588").contains("5位的服务号码"));
        assert!(phone_err("10086").contains("5位的服务号码"));
        assert!(phone_err("110").contains("服务号码"));
        assert!(phone_err("87654321").contains("缺少区号"));
        assert!(phone_err("027-0765432").contains("不能以0或1开头"));
        assert!(phone_err("027-12345678").contains("不能以0或1开头"));
        assert!(phone_err("013812345678").contains("不能以0或1开头"));
        assert!(phone_err("027-876543").contains("7–8位"));
        assert!(phone_err("027-876543219999").contains("7–8位"));
        assert!(phone_err("071-3456789").contains("区号「071」不完整"));
        assert!(phone_err("027").contains("只有区号"));
        assert!(phone_err("0710-3456789-1234567").contains("分机号应为1–6位"));
        assert!(phone_err("0710-3456789转").contains("分机号为空"));
        assert!(phone_err("0710-3456789转8a8").contains("分机号"));
        assert!(phone_err("13812345678转808").contains("不能带分机号"));
        assert!(phone_err("+1 4155552671").contains("中国大陆"));
        assert!(phone_err("+86 27 87654321").contains("+86后应为11位手机号码"));
        assert!(phone_err("+86 1381234567").contains("去掉+86后"));
        assert!(phone_err("001 4155552671").contains("00开头"));
        assert!(phone_err("13812345678/13912345678").contains("只能填写一个号码"));
        assert!(phone_err("4008123123").contains("开头"));
    }

    #[test]
    fn phones_round_trip_through_serde() {
        let p: Phone = serde_json::from_str("\"027 8765 4321\"").unwrap();
        assert_eq!(serde_json::to_string(&p).unwrap(), "\"027-87654321\"");
        assert!(serde_json::from_str::<Phone>("\"12345\"").is_err());
    }

    #[test]
    fn plates_are_normalised_and_classified() {
        for (raw, want, kind) in [
            ("鄂A12345", "鄂A12345", PlateKind::Ordinary),
            ("鄂a·12345", "鄂A12345", PlateKind::Ordinary),
            (" 鄂 A 1234x ", "鄂A1234X", PlateKind::Ordinary),
            ("京B-AB123", "京BAB123", PlateKind::Ordinary),
            ("粤ｂ•１２３ｚ５", "粤B123Z5", PlateKind::Ordinary),
            ("沪C.9999H", "沪C9999H", PlateKind::Ordinary),
            ("鄂AD12345", "鄂AD12345", PlateKind::NewEnergy),
            ("鄂Af1234", "鄂AF1234", PlateKind::Ordinary),
            ("苏Ed·A1234", "苏EDA1234", PlateKind::NewEnergy),
            ("鄂AFA1234", "鄂AFA1234", PlateKind::NewEnergy),
            ("浙A12345D", "浙A12345D", PlateKind::NewEnergy),
            ("川A12345f", "川A12345F", PlateKind::NewEnergy),
            ("粤Z1234港", "粤Z1234港", PlateKind::Special),
            ("粤Z·1234澳", "粤Z1234澳", PlateKind::Special),
            ("鄂A1234学", "鄂A1234学", PlateKind::Special),
            ("京A1234警", "京A1234警", PlateKind::Special),
            ("鄂A1234挂", "鄂A1234挂", PlateKind::Special),
            ("沪AB123领", "沪AB123领", PlateKind::Special),
            ("使123456", "使123456", PlateKind::Special),
            ("123456使", "123456使", PlateKind::Special),
            ("WJ鄂12345", "WJ鄂12345", PlateKind::Special),
            ("wj 12345", "WJ12345", PlateKind::Special),
            ("WJ·川1234X", "WJ川1234X", PlateKind::Special),
        ] {
            let p = plate(raw);
            assert_eq!(p.as_str(), want, "{raw}");
            assert_eq!(p.kind(), kind, "{raw}");
        }
    }

    #[test]
    fn bad_plates_are_refused_with_the_reason() {
        assert!(plate_err("").contains("不能为空"));
        assert!(plate_err(" · ").contains("不能为空"));
        assert!(plate_err("A12345").contains("省份简称开头"));
        assert!(plate_err("港A12345").contains("「港」不是省份简称"));
        assert!(plate_err("鄂").contains("只有省份简称"));
        assert!(plate_err("鄂112345").contains("字母"));
        assert_eq!(plate_err("鄂A1234O"), NO_I_O);
        assert_eq!(plate_err("鄂AI2345"), NO_I_O);
        assert_eq!(plate_err("鄂I12345"), NO_I_O);
        assert_eq!(plate_err("鄂AD1234O"), NO_I_O);
        assert_eq!(plate_err("WJ鄂1234O"), NO_I_O);
        assert!(plate_err("鄂A1234").contains("有4位"));
        assert!(plate_err("鄂A1234567").contains("有7位"));
        assert!(plate_err("鄂AA12345").contains("新能源"));
        assert!(plate_err("鄂AD1234A").contains("新能源"));
        assert!(plate_err("鄂A1234D5").contains("新能源"));
        assert!(plate_err("鄂A1234军").contains("「军」不是车牌用字"));
        assert!(plate_err("鄂A12港34").contains("「港」不能出现在车牌号码中间"));
        assert!(plate_err("鄂A1234!").contains("无法识别的字符「!」"));
        assert!(plate_err("使12345").contains("使馆车牌"));
        assert!(plate_err("使12345A").contains("使馆车牌"));
        assert!(plate_err("WJ鄂1234").contains("武警车牌"));
        assert!(plate_err("WJ鄂12警45").contains("武警车牌"));
    }

    #[test]
    fn plates_round_trip_through_serde() {
        let p: Plate = serde_json::from_str("\"鄂a·12345\"").unwrap();
        assert_eq!(serde_json::to_string(&p).unwrap(), "\"鄂A12345\"");
        assert!(serde_json::from_str::<Plate>("\"鄂A1234O\"").is_err());
    }

    #[test]
    fn kstakes_are_normalised() {
        for (raw, want) in [
            ("K123+456", "K123+456"),
            ("k123 + 456", "K123+456"),
            ("K0+000", "K0+000"),
            ("K0012+045", "K0012+045"),
            ("Ｋ１２３＋４５６", "K123+456"),
            ("  k1234＋999 ", "K1234+999"),
        ] {
            assert_eq!(parse_kstake(raw).as_deref(), Ok(want), "{raw}");
        }
    }

    #[test]
    fn bad_kstakes_are_refused_with_the_reason() {
        assert!(kstake_err("").contains("不能为空"));
        assert!(kstake_err("123+456").contains("K开头"));
        assert!(kstake_err("G123+456").contains("K开头"));
        assert!(kstake_err("K123456").contains("缺少“+”"));
        assert!(kstake_err("K+456").contains("公里数"));
        assert!(kstake_err("Ka1+456").contains("公里数"));
        assert!(kstake_err("K12345+456").contains("1–4位"));
        assert!(kstake_err("K123+45").contains("3位数字的米数"));
        assert!(kstake_err("K123+4567").contains("3位数字的米数"));
        assert!(kstake_err("K123+4.5").contains("3位数字的米数"));
        assert!(kstake_err("K123+456+1").contains("3位数字的米数"));
    }

    #[test]
    fn times_in_the_future_are_refused_beyond_the_tolerance() {
        let now = parse_biz_time("2026-11-21 10:00").unwrap();
        let within = now + chrono::Duration::seconds(FUTURE_TOLERANCE_SECS);
        assert_eq!(check_not_future("来电时间", now, now), Ok(()));
        assert_eq!(check_not_future("来电时间", within, now), Ok(()));
        assert_eq!(check_not_future("来电时间", now - chrono::Duration::days(3), now), Ok(()));
        let err = check_not_future("来电时间", parse_biz_time("2026-11-22 09:00").unwrap(), now).unwrap_err();
        assert_eq!(err.field, "来电时间");
        assert_eq!(err.message, "时间不能晚于当前时间（2026-11-21 10:00），填写的是2026-11-22 09:00");
        assert_eq!(err.to_string(), "来电时间：时间不能晚于当前时间（2026-11-21 10:00），填写的是2026-11-22 09:00");
        let err = check_not_future("来电时间", within + chrono::Duration::seconds(1), now).unwrap_err();
        assert!(err.message.contains("时间不能晚于当前时间"));
    }

    #[test]
    fn a_later_step_may_not_come_before_the_earlier_one() {
        let passage = parse_biz_time("2026-11-21 08:30").unwrap();
        let call = parse_biz_time("2026-11-21 10:00").unwrap();
        assert_eq!(check_order("通行时间", passage, "来电时间", call), Ok(()));
        assert_eq!(check_order("通行时间", call, "来电时间", call), Ok(()));
        let err = check_order("来电时间", call, "通行时间", passage).unwrap_err();
        assert_eq!(err.field, "通行时间");
        assert_eq!(err.message, "通行时间不能早于来电时间（来电时间为2026-11-21 10:00，通行时间为2026-11-21 08:30）");
        // Within one minute the seconds tell the two apart.
        let err = check_order("来电时间", call + chrono::Duration::seconds(40), "处理时间", call).unwrap_err();
        assert!(err.message.contains("10:00:40"), "{}", err.message);
    }

    #[test]
    fn forbidden_words_in_order_of_first_appearance() {
        assert_eq!(
            forbidden_words("喂，你说什么？我不知道，应该是好像不可能"),
            ["喂", "什么", "不知道", "应该", "好像", "不可能"]
        );
        assert_eq!(forbidden_words("不可能！不可能的，喂喂喂"), ["不可能", "喂"]);
        assert_eq!(forbidden_words("好像应该不知道"), ["好像", "应该", "不知道"]);
        assert_eq!(forbidden_words("什么事？什么时候到？"), ["什么"]);
        assert!(forbidden_words("").is_empty());
        assert!(forbidden_words("请您稍等，我帮您查询。我会尽力在24小时内给您一个合理的回复。").is_empty());
        assert!(forbidden_words("知道了，可能是收费站的问题").is_empty());
    }

    #[test]
    fn standard_phrases_are_not_forbidden() {
        assert!(forbidden_words("您好！很高兴为您服务，请问有什么可帮您？").is_empty());
        assert!(forbidden_words("新年好，很高兴为您服务，请问有什么可以帮您？").is_empty());
        assert!(forbidden_words("请问您什么时候方便，我们再与您联系？").is_empty());
        assert_eq!(forbidden_words("请问有什么可帮您？什么？"), ["什么"]);
        assert_eq!(forbidden_words("你还有什么可说的"), ["什么"]);
    }
}

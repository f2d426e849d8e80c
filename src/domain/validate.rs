//! Validation of what people type (domain.md §8): raw input becomes validated types once, here.
//!
//! INTERFACE STUB — bodies to be implemented.

use serde::{Deserialize, Serialize};

use crate::domain::time::BizTime;

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
        let _ = raw;
        todo!()
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
        let _ = raw;
        todo!()
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    #[must_use]
    pub fn kind(&self) -> PlateKind {
        todo!()
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
    let _ = raw;
    todo!()
}

/// How far ahead of `now` a typed time may be (clocks of different desks drift).
pub const FUTURE_TOLERANCE_SECS: i64 = 300;

/// A time must not be in the future.
pub fn check_not_future(field: &str, t: BizTime, now: BizTime) -> Result<(), FieldError> {
    let _ = (field, t, now);
    todo!()
}

/// `later` must not be before `earlier` (passage before the call; a step not before the one it follows).
pub fn check_order(earlier_field: &str, earlier: BizTime, later_field: &str, later: BizTime) -> Result<(), FieldError> {
    let _ = (earlier_field, earlier, later_field, later);
    todo!()
}

/// Forbidden words (服务禁语) found in `text`, in order of appearance.
#[must_use]
pub fn forbidden_words(text: &str) -> Vec<&'static str> {
    let _ = text;
    todo!()
}

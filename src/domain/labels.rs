//! Enums with a stable English code (for storage and JSON) and a Chinese label (for people).

/// An enum with Chinese labels: what dropdowns and filters need.
pub trait Labeled: Copy + PartialEq + 'static {
    /// Every variant, in declaration order.
    fn all() -> &'static [Self];
    /// The Chinese label.
    fn text(self) -> &'static str;
}

/// Declare an enum whose variants each carry a stable `code` and a Chinese `label`.
///
/// The enum gets `ALL`, `code()`, `label()`, `parse()` (accepting the code or the label),
/// `Display` (the label) and serde as the code.
#[macro_export]
macro_rules! labeled_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = ($code:literal, $label:literal)),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code used in storage and JSON.
            #[must_use]
            pub const fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The Chinese label shown to people.
            #[must_use]
            pub const fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// Parse the code or the Chinese label (surrounding spaces ignored).
            #[must_use]
            pub fn parse(s: &str) -> Option<Self> {
                let s = s.trim();
                Self::ALL.iter().copied().find(|v| v.code().eq_ignore_ascii_case(s) || v.label() == s)
            }

            /// The labels joined with `/`, for messages that list the choices.
            #[must_use]
            pub fn choices() -> String {
                Self::ALL.iter().map(|v| v.label()).collect::<Vec<_>>().join("/")
            }
        }

        impl $crate::domain::labels::Labeled for $name {
            fn all() -> &'static [Self] {
                Self::ALL
            }
            fn text(self) -> &'static str {
                self.label()
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.label())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                $name::parse(&s).ok_or_else(|| {
                    ::serde::de::Error::custom(format!("“{}”不是有效的取值（可选：{}）", s, $name::choices()))
                })
            }
        }
    };
}

#[cfg(test)]
mod tests {
    crate::labeled_enum! {
        /// Test enum.
        pub enum Fruit { Apple = ("apple", "苹果"), Pear = ("pear", "梨") }
    }

    #[test]
    fn parses_code_or_label_and_serialises_code() {
        assert_eq!(Fruit::parse("苹果"), Some(Fruit::Apple));
        assert_eq!(Fruit::parse(" PEAR "), Some(Fruit::Pear));
        assert_eq!(Fruit::parse("桃"), None);
        assert_eq!(serde_json::to_string(&Fruit::Pear).unwrap(), "\"pear\"");
        let err = serde_json::from_str::<Fruit>("\"桃\"").unwrap_err().to_string();
        assert!(err.contains("苹果/梨"), "{err}");
    }
}

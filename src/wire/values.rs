//! The typed values of request bodies. Each is a JSON string, never a number or a
//! boolean read as text, and meets its rule once parsed: the pattern and length the
//! spec publishes come from the domain, and parsing calls the domain's check, so a value
//! of these types is known to be good and the use cases take them instead of strings.
//! A well-formed body whose value breaks its rule is answered 422 `invalid_input`.

use std::borrow::Cow;

use poem_openapi::registry::{MetaSchema, MetaSchemaRef};
use poem_openapi::types::{ParseError, ParseFromJSON, ParseFromParameter, ParseResult, ToJSON, Type};
use serde_json::Value;

use crate::domain::{self, EmailAddress, HttpUrl, email, people, text, url};

/// Opens the reason of a value that is a string but breaks its rule, so that the edge
/// answers 422 rather than 400 (a body that is not what the schema says).
pub const RULE_BROKEN: &str = "the value breaks its rule: ";

/// Implements the `poem-openapi` traits of a string newtype whose schema is `$schema`
/// and whose values meet `$rule` (a `fn(&str) -> Result<(), domain::Error>`); a `secret`
/// one (a password, a token) prints as redacted in `Debug`.
macro_rules! string_value {
    ($(#[$meta:meta])* $name:ident $(<const $max:ident: usize>)?, $schema:expr, $rule:expr) => {
        string_value!(@value $(#[$meta])* $name $(<const $max: usize>)?, $schema, $rule);

        impl$(<const $max: usize>)? std::fmt::Debug for $name$(<$max>)? {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_tuple(stringify!($name)).field(&self.0).finish()
            }
        }
    };
    ($(#[$meta:meta])* secret $name:ident $(<const $max:ident: usize>)?, $schema:expr, $rule:expr) => {
        string_value!(@value $(#[$meta])* $name $(<const $max: usize>)?, $schema, $rule);

        impl$(<const $max: usize>)? std::fmt::Debug for $name$(<$max>)? {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(concat!(stringify!($name), "([redacted])"))
            }
        }
    };
    (@value $(#[$meta:meta])* $name:ident $(<const $max:ident: usize>)?, $schema:expr, $rule:expr) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq)]
        pub struct $name$(<const $max: usize>)?(String);

        impl$(<const $max: usize>)? $name$(<$max>)? {
            /// The value, once it meets its rule.
            pub fn new(value: impl Into<String>) -> Result<Self, domain::Error> {
                let rule: fn(&str) -> Result<(), domain::Error> = $rule;
                let value = value.into();
                rule(&value)?;
                Ok(Self(value))
            }

            /// A value the server holds already (a stored row), which met its rule when
            /// it came in.
            pub fn stored(value: String) -> Self {
                Self(value)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_inner(self) -> String {
                self.0
            }
        }

        /// A literal in the server's own code (an example); it must meet the rule.
        impl$(<const $max: usize>)? From<&'static str> for $name$(<$max>)? {
            fn from(value: &'static str) -> Self {
                debug_assert!(Self::new(value).is_ok(), "{value:?} breaks the rule of {}", stringify!($name));
                Self(value.to_owned())
            }
        }

        impl$(<const $max: usize>)? Type for $name$(<$max>)? {
            const IS_REQUIRED: bool = true;
            type RawValueType = Self;
            type RawElementValueType = Self;

            fn name() -> Cow<'static, str> {
                "string".into()
            }

            fn schema_ref() -> MetaSchemaRef {
                MetaSchemaRef::Inline(Box::new($schema))
            }

            fn as_raw_value(&self) -> Option<&Self::RawValueType> {
                Some(self)
            }

            fn raw_element_iter<'a>(&'a self) -> Box<dyn Iterator<Item = &'a Self::RawElementValueType> + 'a> {
                Box::new(self.as_raw_value().into_iter())
            }
        }

        impl$(<const $max: usize>)? ParseFromJSON for $name$(<$max>)? {
            fn parse_from_json(value: Option<Value>) -> ParseResult<Self> {
                match value {
                    Some(Value::String(text)) => {
                        Self::new(text).map_err(|broken| ParseError::custom(format!("{RULE_BROKEN}{broken}")))
                    }
                    other => Err(ParseError::custom(format!(
                        "expected a string, found {}",
                        other.unwrap_or_default()
                    ))),
                }
            }
        }

        impl$(<const $max: usize>)? ToJSON for $name$(<$max>)? {
            fn to_json(&self) -> Option<Value> {
                Some(Value::String(self.0.clone()))
            }
        }

        impl$(<const $max: usize>)? ParseFromParameter for $name$(<$max>)? {
            fn parse_from_parameter(text: &str) -> ParseResult<Self> {
                Self::new(text).map_err(|broken| ParseError::custom(format!("{RULE_BROKEN}{broken}")))
            }
        }
    };
}

/// The rule of a value the operation checks itself, or that the server hands out.
fn any(_: &str) -> Result<(), domain::Error> {
    Ok(())
}

fn string(pattern: Option<&str>, min_length: usize, max_length: usize) -> MetaSchema {
    MetaSchema {
        pattern: pattern.map(str::to_owned),
        min_length: Some(min_length),
        max_length: Some(max_length),
        ..MetaSchema::new("string")
    }
}

string_value!(
    /// Text of several lines (a message, a summary): not blank, at most `MAX` characters,
    /// no control characters but tab, CR and LF.
    Text<const MAX: usize>,
    string(Some(text::TEXT_PATTERN), 1, MAX),
    |value| text::text("text", value, MAX)
);

string_value!(
    /// One line of text (a name, an id, a title): not blank, at most `MAX` characters, no
    /// control characters at all.
    Line<const MAX: usize>,
    string(Some(text::LINE_PATTERN), 1, MAX),
    |value| text::line("a single line", value, MAX)
);

string_value!(
    /// An email address; see `domain::email` for the rule the pattern spells out.
    Email,
    string(Some(email::PATTERN), 6, email::MAX_LEN),
    |value| EmailAddress::parse(value).map(drop)
);

string_value!(
    /// An absolute http(s) URL, as the pattern spells it out: a DNS name (punycode for
    /// letters beyond ASCII) or an IPv4 address.
    WebUrl,
    string(Some(url::PATTERN), 8, url::MAX_LEN),
    |value| HttpUrl::parse("a URL", value).map(drop)
);

/// An RFC 3339 timestamp with a zone (`2026-11-29T10:15:30Z`). The pattern spells out
/// the shape; a date the calendar does not have (30 February) is 422, and so is a leap
/// second (`:60`), which JSON Schema's `date-time` allows only at the end of a UTC day.
pub const TIMESTAMP_PATTERN: &str = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[Tt]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$";
/// A calendar date (`2026-12-24`); a date the calendar does not have is 422.
pub const DAY_PATTERN: &str = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$";

string_value!(
    /// A point in time, RFC 3339 with a zone.
    Timestamp,
    MetaSchema { format: Some("date-time"), ..string(Some(TIMESTAMP_PATTERN), 20, 40) },
    any
);

impl<const MAX: usize> Line<MAX> {
    /// The line without the spaces around it, as the server stores it.
    pub fn trimmed(&self) -> String {
        self.0.trim().to_owned()
    }
}

impl Timestamp {
    pub fn parse(&self, field: &str) -> Result<chrono::DateTime<chrono::Utc>, crate::domain::Error> {
        let refused = || crate::domain::Error::invalid(format!("{field} must be an RFC 3339 time that exists"));
        let time = chrono::DateTime::parse_from_rfc3339(&self.0).map_err(|_| refused())?;
        // chrono reads a leap second as a nanosecond past 1e9.
        if chrono::Timelike::nanosecond(&time) >= 1_000_000_000 {
            return Err(refused());
        }
        Ok(time.with_timezone(&chrono::Utc))
    }
}

string_value!(
    /// A calendar date, `YYYY-MM-DD`.
    CalendarDay,
    MetaSchema { format: Some("date"), ..string(Some(DAY_PATTERN), 10, 10) },
    any
);

impl CalendarDay {
    pub fn parse(&self, field: &str) -> Result<chrono::NaiveDate, crate::domain::Error> {
        chrono::NaiveDate::parse_from_str(&self.0, "%Y-%m-%d")
            .map_err(|_| crate::domain::Error::invalid(format!("{field} must be a date that exists (YYYY-MM-DD)")))
    }
}

string_value!(
    /// A new password: 10 to 256 characters.
    secret Password,
    MetaSchema { format: Some("password"), ..string(None, people::MIN_PASSWORD_LEN, people::MAX_PASSWORD_LEN) },
    people::password
);

string_value!(
    /// A string checked by the operation itself, at most `MAX` characters (a login's
    /// email or password: every wrong one gets the same 401).
    Opaque<const MAX: usize>,
    MetaSchema { max_length: Some(MAX), ..MetaSchema::new("string") },
    any
);

string_value!(
    /// A password checked by the operation itself, at most `MAX` characters (a login's:
    /// every wrong one gets the same 401).
    secret SecretOpaque<const MAX: usize>,
    MetaSchema { max_length: Some(MAX), ..MetaSchema::new("string") },
    any
);

string_value!(
    /// A credential the server hands out (an agent or customer token, an API key).
    secret Token,
    MetaSchema {
        example: Some(Value::from("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJleGFtcGxlIn0.c2lnbmF0dXJl")),
        ..MetaSchema::new("string")
    },
    any
);

string_value!(
    /// Where the next page of a list starts: pass it back as `cursor`, as it is.
    PageCursor,
    MetaSchema { example: Some(Value::from("MDE5M2E0ZTItN2MxZC03YjNl")), ..MetaSchema::new("string") },
    any
);

#[cfg(test)]
mod tests {
    use poem_openapi::types::ParseFromJSON;
    use serde_json::json;

    use super::*;

    #[test]
    fn only_json_strings_are_text() {
        assert!(Line::<10>::parse_from_json(Some(json!("Ada"))).is_ok());
        for not_text in [json!(false), json!(1), json!(null), json!(["Ada"]), json!({"name": "Ada"})] {
            assert!(Line::<10>::parse_from_json(Some(not_text.clone())).is_err(), "{not_text}");
            assert!(Email::parse_from_json(Some(not_text)).is_err());
        }
        assert!(Text::<10>::parse_from_json(None).is_err());
    }

    #[test]
    fn secrets_print_redacted() {
        assert_eq!(format!("{:?}", Password::from("hunter2-hunter2")), "Password([redacted])");
        assert_eq!(format!("{:?}", SecretOpaque::<256>::from("hunter2")), "SecretOpaque([redacted])");
        assert_eq!(format!("{:?}", Token::from("eyJ.secret")), "Token([redacted])");
        assert_eq!(format!("{:?}", Line::<10>::from("Ada")), "Line(\"Ada\")");
    }
}

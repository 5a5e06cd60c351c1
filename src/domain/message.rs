//! Message authors and the typed bodies of each message kind.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::conversation::{ExitTarget, string_enum};
use super::{Error, bounded_text};

string_enum!(
    /// Who wrote a message.
    AuthorKind { Customer => "customer", Agent => "agent", Bot => "bot", System => "system" }
);

string_enum!(
    /// Who wrote a line of the history the bot platform hands over.
    HistoryAuthor { Customer => "customer", Bot => "bot", Agent => "agent" }
);

pub const MAX_TEXT_LEN: usize = 4000;
pub const MAX_TITLE_LEN: usize = 300;
pub const MAX_URL_LEN: usize = 2000;
pub const MAX_NAME_LEN: usize = 100;
pub const MAX_PARAMS_BYTES: usize = 4096;
const PREVIEW_LEN: usize = 140;

/// The content of a message; the tag is the message's `kind`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MessageBody {
    Text { text: String },
    Article { title: String, url: String, summary: Option<String>, image_url: Option<String> },
    Animation { name: String, params: Option<serde_json::Value> },
    Jump { target: ExitTarget },
    EmailRequest { text: String },
    System { text: String },
    History { author: HistoryAuthor, text: String, sent_at: Option<DateTime<Utc>> },
}

impl MessageBody {
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Text { .. } => "text",
            Self::Article { .. } => "article",
            Self::Animation { .. } => "animation",
            Self::Jump { .. } => "jump",
            Self::EmailRequest { .. } => "email_request",
            Self::System { .. } => "system",
            Self::History { .. } => "history",
        }
    }

    pub fn text(text: &str) -> Result<Self, Error> {
        bounded_text("text", text, MAX_TEXT_LEN)?;
        Ok(Self::Text { text: text.to_owned() })
    }

    pub fn article(title: &str, url: &str, summary: Option<&str>, image_url: Option<&str>) -> Result<Self, Error> {
        bounded_text("title", title, MAX_TITLE_LEN)?;
        let url = web_url("url", url)?;
        if let Some(summary) = summary {
            bounded_text("summary", summary, MAX_TEXT_LEN)?;
        }
        let image_url = image_url.map(|image| web_url("image_url", image)).transpose()?;
        Ok(Self::Article { title: title.to_owned(), url, summary: summary.map(str::to_owned), image_url })
    }

    pub fn animation(name: &str, params: Option<serde_json::Value>) -> Result<Self, Error> {
        bounded_text("name", name, MAX_NAME_LEN)?;
        if let Some(params) = &params {
            if !params.is_object() {
                return Err(Error::invalid("params must be a JSON object"));
            }
            if params.to_string().contains("\\u0000") {
                return Err(Error::invalid("params must not contain NUL characters"));
            }
            if params.to_string().len() > MAX_PARAMS_BYTES {
                return Err(Error::invalid(format!("params must be at most {MAX_PARAMS_BYTES} bytes of JSON")));
            }
        }
        Ok(Self::Animation { name: name.to_owned(), params })
    }

    pub fn history(author: HistoryAuthor, text: &str, sent_at: Option<DateTime<Utc>>) -> Result<Self, Error> {
        bounded_text("history text", text, MAX_TEXT_LEN)?;
        Ok(Self::History { author, text: text.to_owned(), sent_at })
    }

    /// A short line for lists: the Live list's "last message".
    pub fn preview(&self) -> String {
        let full = match self {
            Self::Text { text } | Self::EmailRequest { text } | Self::System { text } => text.clone(),
            Self::History { text, .. } => text.clone(),
            Self::Article { title, .. } => format!("Article: {title}"),
            Self::Animation { name, .. } => format!("Animation: {name}"),
            Self::Jump { target } => format!("Jump to {} {}", target.kind, target.id),
        };
        let mut preview: String = full.chars().take(PREVIEW_LEN).collect();
        if full.chars().count() > PREVIEW_LEN {
            preview.push('…');
        }
        preview
    }
}

fn web_url(field: &str, url: &str) -> Result<String, Error> {
    let url = url.trim();
    bounded_text(field, url, MAX_URL_LEN)?;
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(rest) if !rest.is_empty() && !rest.starts_with('/') && !url.chars().any(char::is_whitespace) => {
            Ok(url.to_owned())
        }
        _ => Err(Error::invalid(format!("{field} must be an http(s) URL"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_carry_their_kind_in_json() {
        let body = MessageBody::text("hi").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(serde_json::to_value(&body).ok(), Some(serde_json::json!({"kind": "text", "text": "hi"})));
    }

    #[test]
    fn articles_need_web_urls() {
        assert!(MessageBody::article("Guide", "https://example.com/a", None, None).is_ok());
        assert!(MessageBody::article("Guide", "javascript:alert(1)", None, None).is_err());
        assert!(MessageBody::article("Guide", "https://example.com", None, Some("ftp://x")).is_err());
    }

    #[test]
    fn blank_or_oversized_text_is_refused() {
        assert!(MessageBody::text("   ").is_err());
        assert!(MessageBody::text(&"x".repeat(MAX_TEXT_LEN + 1)).is_err());
        assert!(MessageBody::text(&"x".repeat(MAX_TEXT_LEN)).is_ok());
    }

    #[test]
    fn control_characters_are_refused() {
        assert!(MessageBody::text("hi\u{0}").is_err());
        assert!(MessageBody::text("line one\nline two\ttabbed").is_ok());
        assert!(MessageBody::animation("spin", Some(serde_json::json!({"x": "\u{0}"}))).is_err());
    }

    #[test]
    fn animation_params_must_be_a_small_object() {
        assert!(MessageBody::animation("confetti", Some(serde_json::json!({"colour": "red"}))).is_ok());
        assert!(MessageBody::animation("confetti", Some(serde_json::json!([1, 2]))).is_err());
    }

    #[test]
    fn previews_are_short() {
        let body = MessageBody::text(&"é".repeat(500)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(body.preview().chars().count(), PREVIEW_LEN + 1);
    }
}

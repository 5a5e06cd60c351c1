//! Message authors and the typed bodies of each message kind.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::attachment::FileRef;
use super::conversation::ExitTarget;
use super::{Error, HttpUrl, string_enum, text};

/// The longest `client_message_id` a client may give a message.
pub const MAX_CLIENT_MESSAGE_ID_LEN: usize = 100;

string_enum!(
    /// Who wrote a message.
    AuthorKind { Customer => "customer", Agent => "agent", Bot => "bot", System => "system" }
);

string_enum!(
    /// Who wrote a line of the history the bot platform hands over.
    HistoryAuthor { Customer => "customer", Bot => "bot", Agent => "agent" }
);

string_enum!(
    /// What a message is; each kind has its own body.
    MessageKind {
        Text => "text",
        Article => "article",
        Animation => "animation",
        Jump => "jump",
        EmailRequest => "email_request",
        System => "system",
        History => "history",
        File => "file",
    }
);

pub const MAX_TEXT_LEN: usize = 4000;
pub const MAX_TITLE_LEN: usize = 300;
pub const MAX_NAME_LEN: usize = 100;
pub const MAX_PARAMS_BYTES: usize = 4096;
const PREVIEW_LEN: usize = 140;

/// The content of a message; the tag is the message's `kind`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MessageBody {
    Text {
        text: String,
    },
    Article {
        title: String,
        url: String,
        summary: Option<String>,
        image_url: Option<String>,
    },
    Animation {
        name: String,
        params: Option<serde_json::Value>,
    },
    Jump {
        target: ExitTarget,
    },
    EmailRequest {
        text: String,
    },
    System {
        text: String,
    },
    History {
        author: HistoryAuthor,
        text: String,
        sent_at: Option<DateTime<Utc>>,
    },
    /// Files with an optional text.
    File {
        text: Option<String>,
        attachments: Vec<FileRef>,
    },
}

impl MessageBody {
    pub fn kind(&self) -> MessageKind {
        match self {
            Self::Text { .. } => MessageKind::Text,
            Self::Article { .. } => MessageKind::Article,
            Self::Animation { .. } => MessageKind::Animation,
            Self::Jump { .. } => MessageKind::Jump,
            Self::EmailRequest { .. } => MessageKind::EmailRequest,
            Self::System { .. } => MessageKind::System,
            Self::History { .. } => MessageKind::History,
            Self::File { .. } => MessageKind::File,
        }
    }

    pub fn text(body: &str) -> Result<Self, Error> {
        text::text("text", body, MAX_TEXT_LEN)?;
        Ok(Self::Text { text: body.to_owned() })
    }

    pub fn article(title: &str, url: &str, summary: Option<&str>, image_url: Option<&str>) -> Result<Self, Error> {
        text::line("title", title, MAX_TITLE_LEN)?;
        let url = HttpUrl::parse("url", url)?.into_string();
        if let Some(summary) = summary {
            text::text("summary", summary, MAX_TEXT_LEN)?;
        }
        let image_url =
            image_url.map(|image| HttpUrl::parse("image_url", image).map(HttpUrl::into_string)).transpose()?;
        Ok(Self::Article { title: title.to_owned(), url, summary: summary.map(str::to_owned), image_url })
    }

    pub fn animation(name: &str, params: Option<serde_json::Value>) -> Result<Self, Error> {
        text::line("name", name, MAX_NAME_LEN)?;
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

    /// Files with an optional text; the files are checked by whoever lists them.
    pub fn files(text: Option<&str>, attachments: Vec<FileRef>) -> Result<Self, Error> {
        if let Some(text) = text {
            text::text("text", text, MAX_TEXT_LEN)?;
        }
        if attachments.is_empty() {
            return Err(Error::invalid("a message needs a text or at least one attachment"));
        }
        Ok(Self::File { text: text.map(str::to_owned), attachments })
    }

    pub fn history(author: HistoryAuthor, line: &str, sent_at: Option<DateTime<Utc>>) -> Result<Self, Error> {
        text::text("history text", line, MAX_TEXT_LEN)?;
        Ok(Self::History { author, text: line.to_owned(), sent_at })
    }

    /// A short line for lists: the Live list's "last message".
    pub fn preview(&self) -> String {
        let full = match self {
            Self::Text { text } | Self::EmailRequest { text } | Self::System { text } => text.clone(),
            Self::History { text, .. } => text.clone(),
            Self::Article { title, .. } => format!("Article: {title}"),
            Self::Animation { name, .. } => format!("Animation: {name}"),
            Self::Jump { target } => format!("Jump to {} {}", target.kind, target.id),
            Self::File { text: Some(text), .. } => text.clone(),
            Self::File { text: None, attachments } => {
                let names: Vec<&str> = attachments.iter().map(|file| file.name.as_str()).collect();
                format!("File: {}", names.join(", "))
            }
        };
        let mut preview: String = full.chars().take(PREVIEW_LEN).collect();
        if full.chars().count() > PREVIEW_LEN {
            preview.push('…');
        }
        preview
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

//! The administration resources: agent accounts, groups, API keys, webhook endpoints
//! and the outbox's deliveries, as REST shows them.

use chrono::{DateTime, Utc};
use poem_openapi::{Enum, Object};
use uuid::Uuid;

use super::mirror_enum;
use super::values::{CalendarDay, Email};
use super::{Presence, QuickReply, Routing, Target};
use crate::domain::event::with_event_types;
use crate::domain::{self, EventType, Subscription};

mirror_enum!(
    /// `agent` sees the conversations of no group, of their groups and those they serve;
    /// `supervisor` sees every group's; `admin` sees every group's and may also use the
    /// administration operations.
    Role = domain::Role { Agent, Supervisor, Admin }
);

mirror_enum!(
    /// How customers rate a chat: `good_bad` (score 0 bad, 1 good) or `five_point` (1 to 5).
    CsatScale = domain::CsatScale { GoodBad, FivePoint }
);

/// Asking the customer to rate a chat an agent served, when it ends.
#[derive(Debug, Clone, Copy, Object)]
pub struct CsatConfig {
    pub scale: CsatScale,
    /// After their first rating, the customer may change it for this long (0 to 604800
    /// seconds; default 300); nothing after.
    #[oai(default = "default_change_window", validator(minimum(value = "0"), maximum(value = "604800")))]
    pub change_window_secs: u32,
}

fn default_change_window() -> u32 {
    300
}

impl From<domain::Csat> for CsatConfig {
    fn from(csat: domain::Csat) -> Self {
        Self { scale: csat.scale.into(), change_window_secs: csat.change_window_secs }
    }
}

impl From<CsatConfig> for domain::Csat {
    fn from(csat: CsatConfig) -> Self {
        Self { scale: csat.scale.into(), change_window_secs: csat.change_window_secs }
    }
}

/// An agent account.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct Agent {
    pub id: Uuid,
    pub email: Email,
    pub name: String,
    pub role: Role,
    /// Deactivated agents cannot log in; their tokens stop working.
    pub active: bool,
    pub presence: Presence,
    pub presence_changed_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    /// Active chats the agent takes at most, when they have a limit of their own (else
    /// the module's, else the server's `agent_max_active_chats`).
    pub max_active_chats: Option<u32>,
    /// The groups the agent serves.
    pub group_ids: Vec<Uuid>,
}

/// A group of agents.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct Group {
    pub id: Uuid,
    pub name: String,
    /// Its members; set an agent's groups with `PATCH /v1/agents/{agent_id}`.
    pub agent_ids: Vec<Uuid>,
    pub created_at: DateTime<Utc>,
}

/// An API key's record; the key itself is only shown when created.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct ApiKeyRecord {
    pub id: Uuid,
    pub name: String,
    /// The first characters of the key, to recognise it.
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    /// Set once revoked; a revoked key is refused.
    pub revoked_at: Option<DateTime<Utc>>,
}

/// Declares `WebhookEventType`: `*` and every event type, as webhooks name them.
macro_rules! webhook_event_types {
    ($($variant:ident => $text:literal,)+) => {
        /// An event type an endpoint subscribes to; `*` subscribes to every type.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
        pub enum WebhookEventType {
            #[oai(rename = "*")]
            All,
            $(#[oai(rename = $text)] $variant,)+
        }

        impl From<WebhookEventType> for Subscription {
            fn from(wanted: WebhookEventType) -> Self {
                match wanted {
                    WebhookEventType::All => Subscription::All,
                    $(WebhookEventType::$variant => Subscription::One(EventType::$variant),)+
                }
            }
        }

        impl From<Subscription> for WebhookEventType {
            fn from(wanted: Subscription) -> Self {
                match wanted {
                    Subscription::All => WebhookEventType::All,
                    $(Subscription::One(EventType::$variant) => WebhookEventType::$variant,)+
                }
            }
        }
    };
}

with_event_types!(webhook_event_types);

/// A webhook endpoint. Every exit (`conversation.ended`) is delivered to every enabled
/// endpoint; other event types to those that subscribed (`*` for all).
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct WebhookEndpoint {
    pub id: Uuid,
    pub url: String,
    pub event_types: Vec<WebhookEventType>,
    /// `false` once disabled by an admin, or by the server after failing for too long.
    pub enabled: bool,
    /// Why the server disabled it.
    pub disabled_reason: Option<String>,
    /// Since when deliveries fail, while they do.
    pub failing_since: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

mirror_enum!(
    /// What a delivery is: an `email` or a `webhook`.
    DeliveryKind = domain::DeliveryKind { Email, Webhook }
);

mirror_enum!(
    /// Where an outbox row stands: `pending`, `delivered`, `failed` (gave up) or `cancelled`.
    DeliveryStatus = domain::DeliveryStatus { Pending, Delivered, Failed, Cancelled }
);

/// An email or webhook in the outbox.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct Delivery {
    pub id: Uuid,
    pub kind: DeliveryKind,
    /// The event type of a webhook, or what an email is about.
    pub topic: String,
    pub status: DeliveryStatus,
    pub attempts: i32,
    /// The error of the last failed attempt.
    pub last_error: Option<String>,
    pub conversation_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub next_attempt_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
}

mirror_enum!(
    /// A day of the week.
    Day = domain::hours::Day { Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday }
);

/// Open on `day` from `opens` until `closes`, local times.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct OpenPeriod {
    pub day: Day,
    /// `HH:MM`, from `00:00`.
    #[oai(validator(pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"))]
    pub opens: String,
    /// `HH:MM`, after `opens`; `24:00` for midnight.
    #[oai(validator(pattern = r"^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$"))]
    pub closes: String,
}

/// When the chat is open. Outside these hours the module acts as when nobody is online:
/// with `async_enabled` the customer leaves a message (and `auto` routing assigns none);
/// without, the module exits at once to `fallback_target` with reason
/// `outside_business_hours`.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct BusinessHours {
    /// An IANA time zone, e.g. `Europe/Berlin`.
    #[oai(validator(max_length = 64))]
    pub time_zone: String,
    /// The weekly schedule; a day with no period is closed.
    #[oai(validator(max_items = 50))]
    pub weekly: Vec<OpenPeriod>,
    /// Local dates the chat stays closed all day (holidays).
    #[oai(default, validator(max_items = 400))]
    pub closed_dates: Vec<CalendarDay>,
}

impl TryFrom<BusinessHours> for domain::hours::BusinessHours {
    type Error = domain::Error;

    fn try_from(hours: BusinessHours) -> Result<Self, domain::Error> {
        Ok(Self {
            time_zone: hours.time_zone,
            weekly: hours
                .weekly
                .into_iter()
                .map(|period| domain::hours::OpenPeriod {
                    day: period.day.into(),
                    opens: period.opens,
                    closes: period.closes,
                })
                .collect(),
            closed_dates: hours
                .closed_dates
                .iter()
                .map(|day| day.parse("business_hours.closed_dates"))
                .collect::<Result<_, _>>()?,
        })
    }
}

impl From<domain::hours::BusinessHours> for BusinessHours {
    fn from(hours: domain::hours::BusinessHours) -> Self {
        Self {
            time_zone: hours.time_zone,
            weekly: hours
                .weekly
                .into_iter()
                .map(|period| OpenPeriod { day: period.day.into(), opens: period.opens, closes: period.closes })
                .collect(),
            closed_dates: hours.closed_dates.iter().map(|day| CalendarDay::stored(day.to_string())).collect(),
        }
    }
}

/// The texts in force.
#[derive(Debug, Object)]
#[oai(example)]
pub struct ModuleTexts {
    pub waiting: String,
    pub offline: String,
    pub email_request: String,
}

/// What files a module's customers and agents may send.
#[derive(Debug, Clone, Object)]
pub struct AttachmentRules {
    /// Media types by content, as the server finds them in the file's bytes, whatever
    /// its name or the client's `Content-Type`: `image/png`, `image/jpeg`, `image/gif`,
    /// `image/webp`, `application/pdf`, `text/plain` (UTF-8 without control
    /// characters), `application/zip`, the Office formats… Absent: the first six and
    /// Word and Excel documents.
    #[oai(validator(max_items = 50))]
    pub allowed_types: Option<Vec<String>>,
    /// The largest file, in bytes (default 10 MiB); the server's `attachment_max_bytes`
    /// caps it.
    #[oai(validator(minimum(value = "1"), maximum(value = "1073741824")))]
    pub max_bytes: Option<u64>,
    /// Files one message carries at most (default 10).
    #[oai(validator(minimum(value = "1"), maximum(value = "20")))]
    pub max_per_message: Option<u32>,
}

impl From<AttachmentRules> for domain::attachment::AttachmentRules {
    fn from(given: AttachmentRules) -> Self {
        let defaults = Self::default();
        Self {
            allowed_types: given.allowed_types.unwrap_or(defaults.allowed_types),
            max_bytes: given.max_bytes.unwrap_or(defaults.max_bytes),
            max_per_message: given.max_per_message.unwrap_or(defaults.max_per_message),
        }
    }
}

impl From<domain::attachment::AttachmentRules> for AttachmentRules {
    fn from(rules: domain::attachment::AttachmentRules) -> Self {
        Self {
            allowed_types: Some(rules.allowed_types),
            max_bytes: Some(rules.max_bytes),
            max_per_message: Some(rules.max_per_message),
        }
    }
}

/// A module configuration in its current version.
#[derive(Debug, Object)]
#[oai(example)]
pub struct Module {
    pub id: Uuid,
    pub name: String,
    /// Increases with every update; conversations keep the version they entered with.
    pub version: i32,
    pub async_enabled: bool,
    pub request_email: bool,
    pub fallback_target: Option<Target>,
    pub quick_replies: Vec<QuickReply>,
    pub texts: ModuleTexts,
    pub group_id: Option<Uuid>,
    pub routing: Routing,
    pub max_active_chats: Option<u32>,
    pub keep_chats_when_agent_offline: bool,
    pub business_hours: Option<BusinessHours>,
    pub csat: Option<CsatConfig>,
    pub send_transcript: bool,
    /// What files may be sent (the defaults when the module sets none).
    pub attachments: AttachmentRules,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

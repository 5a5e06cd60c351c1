//! The examples the spec shows for the central resources, written as values of their
//! types so that they tell one consistent story (an active conversation has an agent and
//! no exit) and cannot name a field the type does not have.

use chrono::{DateTime, TimeZone, Utc};
use poem_openapi::types::Example;
use uuid::{Uuid, uuid};

use super::values::{CalendarDay, Email};
use super::{
    Agent, AgentSummary, ApiKeyRecord, Attachment, AuthorKind, Availability, BusinessHours, CannedResponse,
    CannedScope, Conversation, ConversationStatus, Customer, Day, Delivery, DeliveryKind, DeliveryStatus, Group,
    Mention, Message, MessageContent, Module, ModuleTexts, Note, OpenPeriod, Presence, ProcessVariables, QueueSummary,
    QuickReply, Role, Routing, Tag, Target, TargetKind, TextContent, WebhookEndpoint, WebhookEventType,
};
use crate::domain;

const CUSTOMER_ID: Uuid = uuid!("0193a4e2-6b0c-7d1e-8f2a-3b4c5d6e7f80");
const AGENT_ID: Uuid = uuid!("0193a4e2-8f10-7a2b-9c3d-4e5f60718293");
const CONVERSATION_ID: Uuid = uuid!("0193a4e2-7c1d-7b3e-9f4a-2c8e5d6f7a10");
const GROUP_ID: Uuid = uuid!("0193a4e2-2b3c-7d4e-8f50-6a7b8c9d0e1f");
const ENDPOINT_ID: Uuid = uuid!("0193a4e2-1a2b-7c3d-8e4f-5a6b7c8d9e0f");

/// 29 November 2026 at 10:mm:ss UTC.
fn at(minute: u32, second: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 29, 10, minute, second).single().unwrap_or_default()
}

impl Example for Customer {
    fn example() -> Self {
        Self {
            id: CUSTOMER_ID,
            external_id: "crm-4711".into(),
            display_name: "Grace".into(),
            email: Some(Email::from("grace@example.com")),
            blocked: false,
            online: true,
        }
    }
}

impl Example for AgentSummary {
    fn example() -> Self {
        Self { id: AGENT_ID, name: "Ada Lovelace".into() }
    }
}

impl Example for ProcessVariables {
    fn example() -> Self {
        Self {
            live_status: ConversationStatus::Active,
            live_exit_reason: None,
            live_exit_target: None,
            live_exit_target_kind: None,
            live_agent_id: Some(AGENT_ID),
            live_agent_name: Some("Ada Lovelace".into()),
            live_email: Some(Email::from("grace@example.com")),
            live_async: false,
            live_waited_seconds: 35,
            live_duration_seconds: 102,
            live_customer_messages: 2,
            live_agent_messages: 2,
            live_group: None,
            live_queue_position_at_entry: Some(1),
            live_rating: None,
        }
    }
}

impl Example for Conversation {
    fn example() -> Self {
        Self {
            id: CONVERSATION_ID,
            customer: Customer::example(),
            module_id: uuid!("0193a4e2-5a9b-7c0d-8e1f-2a3b4c5d6e7f"),
            module_version: 3,
            process_ref: "order-support".into(),
            status: ConversationStatus::Active,
            agent: Some(AgentSummary::example()),
            left_message: false,
            email: Some(Email::from("grace@example.com")),
            email_requested: false,
            exit: None,
            quick_replies: Vec::new(),
            unanswered: 0,
            last_message_preview: Some("We found your parcel.".into()),
            last_message_at: Some(at(17, 12)),
            entered_at: at(15, 30),
            claimed_at: Some(at(16, 5)),
            ended_at: None,
            customer_seen_seq: 4,
            agent_seen_seq: 5,
            waited_seconds: 35,
            group_id: None,
            routing: Routing::Auto,
            queue_position: None,
            estimated_wait_seconds: None,
            variables: ProcessVariables::example(),
            tags: vec![Tag::example()],
            rating: None,
        }
    }
}

impl Example for Tag {
    fn example() -> Self {
        Self { id: uuid!("0193a4e2-bb1c-7d2e-8f30-4a5b6c7d8e9f"), name: "refund".into() }
    }
}

impl Example for Attachment {
    fn example() -> Self {
        Self {
            id: uuid!("0193a4e2-c4d5-7e6f-8a9b-0c1d2e3f4a5b"),
            name: "screenshot.png".into(),
            content_type: "image/png".into(),
            size: 48213,
            sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into(),
            width: Some(1280),
            height: Some(720),
        }
    }
}

impl Example for Message {
    fn example() -> Self {
        Self {
            id: uuid!("0193a4e2-9a8b-7c6d-8e5f-4a3b2c1d0e9f"),
            conversation_id: CONVERSATION_ID,
            seq: 5,
            author_kind: AuthorKind::Agent,
            author: Some(AgentSummary::example()),
            content: MessageContent::Text(TextContent { text: "We found your parcel.".into() }),
            client_message_id: Some("console-5f2c".into()),
            created_at: at(17, 12),
        }
    }
}

impl Example for QuickReply {
    fn example() -> Self {
        Self { id: "track".into(), label: "Track my parcel".into(), experience_id: "parcel-tracking".into() }
    }
}

impl Example for Target {
    fn example() -> Self {
        Self { kind: TargetKind::Subprocess, id: "contact-form".into() }
    }
}

impl Example for Agent {
    fn example() -> Self {
        Self {
            id: AGENT_ID,
            email: Email::from("ada@example.com"),
            name: "Ada Lovelace".into(),
            role: Role::Agent,
            active: true,
            presence: Presence::Online,
            presence_changed_at: at(2, 0),
            created_at: Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).single().unwrap_or_default(),
            max_active_chats: Some(3),
            group_ids: vec![GROUP_ID],
        }
    }
}

impl Example for Group {
    fn example() -> Self {
        Self {
            id: GROUP_ID,
            name: "Billing".into(),
            agent_ids: vec![AGENT_ID],
            created_at: Utc.with_ymd_and_hms(2026, 11, 2, 8, 30, 0).single().unwrap_or_default(),
        }
    }
}

impl Example for ApiKeyRecord {
    fn example() -> Self {
        Self {
            id: uuid!("0193a4e2-3c4d-7e5f-8a6b-7c8d9e0f1a2b"),
            name: "bot platform (production)".into(),
            prefix: "lc_3kTqXZ9".into(),
            created_at: Utc.with_ymd_and_hms(2026, 11, 2, 8, 0, 0).single().unwrap_or_default(),
            revoked_at: None,
        }
    }
}

impl Example for WebhookEndpoint {
    fn example() -> Self {
        Self {
            id: ENDPOINT_ID,
            url: "https://bots.example.com/livechat/webhook".into(),
            event_types: vec![WebhookEventType::MessageCreated],
            enabled: true,
            disabled_reason: None,
            failing_since: None,
            created_at: Utc.with_ymd_and_hms(2026, 11, 2, 8, 5, 0).single().unwrap_or_default(),
        }
    }
}

impl Example for Delivery {
    fn example() -> Self {
        Self {
            id: uuid!("0193a4e2-4d5e-7f60-8b7c-8d9e0f1a2b3c"),
            kind: DeliveryKind::Webhook,
            topic: "message.created".into(),
            status: DeliveryStatus::Pending,
            attempts: 2,
            last_error: Some("the endpoint answered 503".into()),
            conversation_id: Some(CONVERSATION_ID),
            created_at: at(17, 12),
            next_attempt_at: at(17, 42),
            delivered_at: None,
        }
    }
}

impl Example for OpenPeriod {
    fn example() -> Self {
        Self { day: Day::Monday, opens: "09:00".into(), closes: "17:30".into() }
    }
}

impl Example for BusinessHours {
    fn example() -> Self {
        Self {
            time_zone: "Europe/Berlin".into(),
            weekly: vec![OpenPeriod::example()],
            closed_dates: vec![CalendarDay::from("2026-12-24")],
        }
    }
}

impl Example for ModuleTexts {
    fn example() -> Self {
        let texts = domain::module::CustomerTexts::default();
        Self { waiting: texts.waiting, offline: texts.offline, email_request: texts.email_request }
    }
}

impl Example for Module {
    fn example() -> Self {
        Self {
            id: uuid!("0193a4e2-5a9b-7c0d-8e1f-2a3b4c5d6e7f"),
            name: "Support live chat".into(),
            version: 3,
            async_enabled: true,
            request_email: true,
            fallback_target: Some(Target::example()),
            quick_replies: vec![QuickReply::example()],
            texts: ModuleTexts::example(),
            group_id: Some(GROUP_ID),
            routing: Routing::Auto,
            max_active_chats: Some(3),
            keep_chats_when_agent_offline: false,
            business_hours: Some(BusinessHours::example()),
            csat: Some(super::CsatConfig { scale: super::CsatScale::FivePoint, change_window_secs: 300 }),
            send_transcript: true,
            attachments: domain::attachment::AttachmentRules::default().into(),
            created_at: Utc.with_ymd_and_hms(2026, 11, 2, 8, 10, 0).single().unwrap_or_default(),
            updated_at: Utc.with_ymd_and_hms(2026, 11, 20, 14, 0, 0).single().unwrap_or_default(),
        }
    }
}

impl Example for Availability {
    fn example() -> Self {
        Self {
            module_id: uuid!("0193a4e2-3c4d-7e5f-8a61-7b8c9d0e1f20"),
            group_id: Some(GROUP_ID),
            open: true,
            next_opening_at: None,
            agents_available: true,
            async_enabled: true,
            waiting: 4,
            estimated_wait_seconds: Some(180),
        }
    }
}

impl Example for QueueSummary {
    fn example() -> Self {
        Self {
            group_id: Some(GROUP_ID),
            name: Some("Billing".into()),
            waiting: 4,
            active: 7,
            agents_online: 3,
            estimated_wait_seconds: Some(180),
        }
    }
}

const NOTE_ID: Uuid = uuid!("0193a4e2-9a1b-7c2d-8e3f-4a5b6c7d8e9f");
const MENTIONED_ID: Uuid = uuid!("0193a4e2-8f10-7a2b-9c3d-4e5f60718294");

impl Example for Note {
    fn example() -> Self {
        Self {
            id: NOTE_ID,
            conversation_id: CONVERSATION_ID,
            author: AgentSummary::example(),
            text: "Refund approved by billing; tell her it takes 3 days.".into(),
            mentions: vec![AgentSummary { id: MENTIONED_ID, name: "Grace Hopper".into() }],
            created_at: at(12, 5),
        }
    }
}

impl Example for Mention {
    fn example() -> Self {
        Self { agent_id: MENTIONED_ID, note: Note::example() }
    }
}

impl Example for CannedResponse {
    fn example() -> Self {
        Self {
            id: uuid!("0193a4e2-aa1b-7c2d-8e3f-4a5b6c7d8e90"),
            short_code: "refund".into(),
            title: "Refund on its way".into(),
            body: "Hi {{customer.name}}, your refund for order {{variables.order_id}} is on its way.".into(),
            scope: CannedScope::Global,
            agent_id: None,
            group_id: None,
            created_at: at(1, 0),
            updated_at: at(1, 0),
        }
    }
}

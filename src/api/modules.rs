//! Module configurations.

use std::sync::Arc;

use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::types::Example;
use poem_openapi::{ApiResponse, Object, OpenApi, payload::Json};
use uuid::Uuid;

use super::idempotency::IdempotencyKey;
use super::models::{FallbackTarget, FallbackTargetKind, QuickReplyIn, Routing};
use super::problem::{Problems, status::*};
use super::rate_limit::PublicCall;
use super::security::AgentToken;
use super::{AppState, Tag};
use crate::domain;
use crate::domain::module::{CustomerTexts as DomainTexts, MAX_CUSTOMER_TEXT_LEN};
use crate::service::modules::{self, MAX_NAME_LEN};
use crate::service::{self, Page};
use crate::wire::values::PageCursor;
use crate::wire::values::{Line, Text};
use crate::wire::{AttachmentRules, Availability, BusinessHours, CsatConfig, CsatScale, Day, Module, OpenPeriod};

type CustomerText = Text<MAX_CUSTOMER_TEXT_LEN>;

/// The texts the customer sees; absent ones take the defaults.
#[derive(Debug, Clone, Object)]
pub struct CustomerTexts {
    /// Shown when the customer enters and an agent is online.
    pub waiting: Option<CustomerText>,
    /// Shown when the customer enters and nobody is online (async chatting).
    pub offline: Option<CustomerText>,
    /// The question asking for an email address.
    pub email_request: Option<CustomerText>,
}

/// A module configuration as written by an admin.
#[derive(Debug, Object)]
#[oai(example)]
pub struct ModuleConfig {
    pub name: Line<MAX_NAME_LEN>,
    /// Customers can leave messages while no agent is online.
    pub async_enabled: bool,
    /// Ask the customer for an email address when none is known.
    pub request_email: bool,
    /// Where the module exits to when async is off and nobody is online: a
    /// `subprocess` or an `experience`.
    pub fallback_target: Option<FallbackTarget>,
    /// Persistent quick replies, at most 20, each with its own `id`.
    #[oai(default, validator(max_items = 20))]
    pub quick_replies: Vec<QuickReplyIn>,
    pub texts: Option<CustomerTexts>,
    /// The group that serves this module: its agents see, claim and are assigned its
    /// conversations, and "nobody online" means nobody of the group. Absent: every agent.
    pub group_id: Option<Uuid>,
    /// `manual` (the default) or `auto`.
    pub routing: Option<Routing>,
    /// Active chats an agent takes at most (1 to 1000), unless the agent has a limit of
    /// their own; absent: the server's `agent_max_active_chats`.
    #[oai(validator(minimum(value = "1"), maximum(value = "1000")))]
    pub max_active_chats: Option<u32>,
    /// With `auto` routing: an agent who goes offline keeps their chats. By default they
    /// go back to the head of the queue and are assigned again.
    #[oai(default)]
    pub keep_chats_when_agent_offline: bool,
    /// Absent: always open.
    pub business_hours: Option<BusinessHours>,
    /// Ask the customer to rate a chat an agent served, when it ends
    /// (`conversation.rating_requested`); absent: no rating.
    pub csat: Option<CsatConfig>,
    /// Email the customer the chat's transcript (without internal notes) when it ends,
    /// if an email is known.
    #[oai(default)]
    pub send_transcript: bool,
    /// What files customers and agents may send; absent: the defaults.
    pub attachments: Option<AttachmentRules>,
}

impl Example for ModuleConfig {
    fn example() -> Self {
        ModuleConfig {
            name: "Support live chat".into(),
            async_enabled: true,
            request_email: true,
            fallback_target: Some(FallbackTarget { kind: FallbackTargetKind::Subprocess, id: "contact-form".into() }),
            quick_replies: vec![QuickReplyIn {
                id: "faq".into(),
                label: "Browse the FAQ".into(),
                experience_id: "faq-experience".into(),
            }],
            texts: None,
            group_id: None,
            routing: Some(Routing::Auto),
            max_active_chats: Some(3),
            keep_chats_when_agent_offline: false,
            business_hours: Some(BusinessHours {
                time_zone: "Europe/Berlin".into(),
                weekly: vec![OpenPeriod { day: Day::Monday, opens: "09:00".into(), closes: "17:30".into() }],
                closed_dates: vec![],
            }),
            csat: Some(CsatConfig { scale: CsatScale::GoodBad, change_window_secs: 300 }),
            send_transcript: true,
            attachments: None,
        }
    }
}

impl ModuleConfig {
    fn into_settings(self) -> Result<(Line<MAX_NAME_LEN>, domain::ModuleSettings), domain::Error> {
        let defaults = DomainTexts::default();
        let texts = self.texts.unwrap_or(CustomerTexts { waiting: None, offline: None, email_request: None });
        let text = |given: Option<CustomerText>, default: String| given.map_or(default, Text::into_inner);
        let settings = domain::ModuleSettings {
            async_enabled: self.async_enabled,
            request_email: self.request_email,
            fallback_target: self.fallback_target.map(FallbackTarget::parse).transpose()?,
            quick_replies: self.quick_replies.into_iter().map(Into::into).collect(),
            texts: DomainTexts {
                waiting: text(texts.waiting, defaults.waiting),
                offline: text(texts.offline, defaults.offline),
                email_request: text(texts.email_request, defaults.email_request),
            },
            group_id: self.group_id,
            routing: self.routing.map_or(domain::Routing::Manual, Into::into),
            max_active_chats: self.max_active_chats,
            keep_chats_when_agent_offline: self.keep_chats_when_agent_offline,
            business_hours: self.business_hours.map(TryInto::try_into).transpose()?,
            csat: self.csat.map(Into::into),
            send_transcript: self.send_transcript,
            attachments: self.attachments.map(Into::into),
        };
        Ok((self.name, settings))
    }
}

/// A page of module configurations.
#[derive(Debug, Object)]
pub struct ModulePage {
    pub items: Vec<Module>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<PageCursor>,
}

#[derive(ApiResponse)]
pub enum ModuleCreated {
    /// The module configuration was created, as version 1.
    #[oai(status = 201)]
    Created(
        Json<Module>,
        /// The new module configuration: `/v1/modules/{module_id}`.
        #[oai(header = "Location")]
        String,
    ),
}

pub struct ModuleApi;

#[OpenApi(tag = "Tag::Modules")]
impl ModuleApi {
    /// List module configurations
    #[oai(path = "/v1/modules", method = "get", operation_id = "list_modules")]
    async fn list(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
        /// The `next_cursor` of the previous page.
        cursor: Query<Option<String>>,
        /// Page size, 1 to 200 (default 50).
        #[oai(validator(minimum(value = "1"), maximum(value = "200")))]
        limit: Query<Option<u64>>,
    ) -> Result<Json<ModulePage>, Problems<{ PARAMS | UNAUTHORIZED | UNPROCESSABLE }>> {
        let page: Page<Module> = modules::list(&state.services, &auth.0, cursor.0.as_deref(), limit.0).await?;
        Ok(Json(ModulePage { items: page.items, next_cursor: page.next_cursor }))
    }

    /// Create a module configuration (admin)
    ///
    /// Creates version 1; the bot platform passes its `id` as `module_id` to
    /// `POST /v1/entries`. Absent `texts` take the defaults; quick reply `id`s must be
    /// unique (422).
    #[oai(path = "/v1/modules", method = "post", operation_id = "create_module")]
    async fn create(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
        body: Json<ModuleConfig>,
        #[oai(name = "Idempotency-Key")] _key: IdempotencyKey,
    ) -> Result<ModuleCreated, Problems<{ BODY | UNAUTHORIZED | FORBIDDEN | UNPROCESSABLE }>> {
        let (name, settings) = body.0.into_settings().map_err(service::Error::from)?;
        let module = modules::create(&state.services, &auth.0, &name, settings).await?;
        let location = format!("/v1/modules/{}", module.id);
        Ok(ModuleCreated::Created(Json(module), location))
    }

    /// Get a module configuration
    #[oai(path = "/v1/modules/:module_id", method = "get", operation_id = "get_module")]
    async fn get(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
        /// The module's id.
        module_id: Path<Uuid>,
    ) -> Result<Json<Module>, Problems<{ PARAMS | UNAUTHORIZED | NOT_FOUND }>> {
        Ok(Json(modules::get(&state.services, &auth.0, module_id.0).await?))
    }

    /// Whether a module's chat can be served now (public)
    ///
    /// For a widget before the customer enters, without a credential: whether the module
    /// is inside its business hours (and when it opens next if not), whether an agent who
    /// could serve its conversations (of its group) is online, how many wait in its
    /// queue, and the wait a customer entering now may expect. An entry follows the same
    /// rule. Limited per client address (`rate_limit_public_per_min`).
    #[oai(path = "/v1/modules/:module_id/availability", method = "get", operation_id = "get_module_availability")]
    async fn availability(
        &self,
        _limit: PublicCall,
        state: Data<&Arc<AppState>>,
        /// The module's id.
        module_id: Path<Uuid>,
    ) -> Result<Json<Availability>, Problems<{ PARAMS | NOT_FOUND | TOO_MANY_REQUESTS }>> {
        Ok(Json(modules::availability(&state.services, module_id.0, chrono::Utc::now()).await?))
    }

    /// Replace a module configuration with a new version (admin)
    ///
    /// Conversations already in the module keep the version they entered with.
    #[oai(path = "/v1/modules/:module_id", method = "put", operation_id = "update_module")]
    async fn update(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
        /// The module's id.
        module_id: Path<Uuid>,
        body: Json<ModuleConfig>,
    ) -> Result<Json<Module>, Problems<{ BODY | UNAUTHORIZED | FORBIDDEN | NOT_FOUND | UNPROCESSABLE }>> {
        let (name, settings) = body.0.into_settings().map_err(service::Error::from)?;
        Ok(Json(modules::update(&state.services, &auth.0, module_id.0, &name, settings).await?))
    }
}

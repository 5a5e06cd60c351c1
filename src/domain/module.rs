//! A module configuration: one live-chat step of a process, versioned.

use serde::{Deserialize, Serialize};

use uuid::Uuid;

use super::conversation::{ExitTarget, TargetKind};
use super::hours::BusinessHours;
use super::{Error, string_enum, text};

string_enum!(
    /// How waiting conversations reach agents: `manual`, the Live list and claims; `auto`,
    /// assigned at once to an online agent of the group with room, else queued first in,
    /// first out.
    Routing { Manual => "manual", Auto => "auto" }
);

string_enum!(
    /// How customers rate a chat: `good_bad` (0 bad, 1 good) or `five_point` (1 to 5).
    CsatScale { GoodBad => "good_bad", FivePoint => "five_point" }
);

impl CsatScale {
    /// Whether `score` is on this scale.
    pub fn accepts(self, score: i32) -> bool {
        match self {
            Self::GoodBad => (0..=1).contains(&score),
            Self::FivePoint => (1..=5).contains(&score),
        }
    }

    /// Whether `score` counts as good: 1 of `good_bad`, 4 or 5 of `five_point`.
    pub fn is_good(self, score: i32) -> bool {
        match self {
            Self::GoodBad => score == 1,
            Self::FivePoint => score >= 4,
        }
    }
}

/// The longest a customer may keep changing a rating, in seconds (a week).
pub const MAX_RATING_CHANGE_WINDOW_SECS: u32 = 7 * 24 * 3600;

/// Asking customers to rate the chat when it ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Csat {
    pub scale: CsatScale,
    /// After the first rating, the customer may change it for this long.
    pub change_window_secs: u32,
}

/// The most active chats a limit may allow.
pub const MAX_ACTIVE_CHATS: u32 = 1000;

pub const MAX_QUICK_REPLIES: usize = 20;
pub const MAX_LABEL_LEN: usize = 100;
pub const MAX_CUSTOMER_TEXT_LEN: usize = 1000;

/// A persistent quick reply: a button the customer sees that leads to an experience.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuickReply {
    pub id: String,
    pub label: String,
    pub experience_id: String,
}

/// The texts the customer sees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerTexts {
    pub waiting: String,
    pub offline: String,
    pub email_request: String,
}

impl Default for CustomerTexts {
    fn default() -> Self {
        Self {
            waiting: "Thanks for waiting, an agent will be with you shortly.".into(),
            offline: "Nobody is online right now. Leave a message and we will get back to you.".into(),
            email_request: "Which email address can we reach you at?".into(),
        }
    }
}

/// Everything one version of a module configuration says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleSettings {
    pub async_enabled: bool,
    pub request_email: bool,
    pub fallback_target: Option<ExitTarget>,
    pub quick_replies: Vec<QuickReply>,
    pub texts: CustomerTexts,
    /// The group that serves this module; none: every agent.
    #[serde(default)]
    pub group_id: Option<Uuid>,
    #[serde(default = "manual")]
    pub routing: Routing,
    /// Active chats an agent takes at most, unless the agent has a limit of their own.
    #[serde(default)]
    pub max_active_chats: Option<u32>,
    /// With `auto` routing: an agent who goes offline keeps their chats (else they go
    /// back to the head of the queue).
    #[serde(default)]
    pub keep_chats_when_agent_offline: bool,
    #[serde(default)]
    pub business_hours: Option<BusinessHours>,
    /// Ask the customer for a rating when a chat an agent served ends.
    #[serde(default)]
    pub csat: Option<Csat>,
    /// Email the customer the transcript when the chat ends, if an email is known.
    #[serde(default)]
    pub send_transcript: bool,
    /// What files customers and agents may send; absent: the defaults.
    #[serde(default)]
    pub attachments: Option<super::attachment::AttachmentRules>,
}

fn manual() -> Routing {
    Routing::Manual
}

impl ModuleSettings {
    /// Checks the bounds and rules a configuration must meet.
    pub fn validate(&self) -> Result<(), Error> {
        if let Some(target) = &self.fallback_target {
            if target.kind == TargetKind::ProcessModule {
                return Err(Error::invalid("fallback_target must be a subprocess or an experience"));
            }
            ExitTarget::parse(target.kind, &target.id)?;
        }
        if self.quick_replies.len() > MAX_QUICK_REPLIES {
            return Err(Error::invalid(format!("at most {MAX_QUICK_REPLIES} quick replies")));
        }
        for (index, reply) in self.quick_replies.iter().enumerate() {
            text::line("quick reply id", &reply.id, MAX_LABEL_LEN)?;
            text::line("quick reply label", &reply.label, MAX_LABEL_LEN)?;
            text::line("quick reply experience_id", &reply.experience_id, ExitTarget::MAX_ID_LEN)?;
            if self.quick_replies[..index].iter().any(|earlier| earlier.id == reply.id) {
                return Err(Error::invalid(format!("quick reply id {:?} is used twice", reply.id)));
            }
        }
        text::text("texts.waiting", &self.texts.waiting, MAX_CUSTOMER_TEXT_LEN)?;
        text::text("texts.offline", &self.texts.offline, MAX_CUSTOMER_TEXT_LEN)?;
        text::text("texts.email_request", &self.texts.email_request, MAX_CUSTOMER_TEXT_LEN)?;
        if self.max_active_chats.is_some_and(|max| !(1..=MAX_ACTIVE_CHATS).contains(&max)) {
            return Err(Error::invalid(format!("max_active_chats is 1 to {MAX_ACTIVE_CHATS}")));
        }
        if let Some(hours) = &self.business_hours {
            hours.validate()?;
        }
        if let Some(rules) = &self.attachments {
            rules.validate()?;
        }
        if self.csat.is_some_and(|csat| csat.change_window_secs > MAX_RATING_CHANGE_WINDOW_SECS) {
            return Err(Error::invalid(format!(
                "csat.change_window_secs is at most {MAX_RATING_CHANGE_WINDOW_SECS} (a week)"
            )));
        }
        Ok(())
    }

    pub fn quick_reply(&self, id: &str) -> Option<&QuickReply> {
        self.quick_replies.iter().find(|reply| reply.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> ModuleSettings {
        ModuleSettings {
            async_enabled: true,
            request_email: false,
            fallback_target: None,
            quick_replies: vec![QuickReply { id: "faq".into(), label: "FAQ".into(), experience_id: "exp-1".into() }],
            texts: CustomerTexts::default(),
            group_id: None,
            routing: Routing::Manual,
            max_active_chats: None,
            keep_chats_when_agent_offline: false,
            business_hours: None,
            csat: None,
            send_transcript: false,
            attachments: None,
        }
    }

    #[test]
    fn a_plain_configuration_is_valid() {
        assert_eq!(settings().validate(), Ok(()));
    }

    #[test]
    fn quick_reply_ids_are_unique() {
        let mut settings = settings();
        settings.quick_replies.push(settings.quick_replies[0].clone());
        assert!(settings.validate().is_err());
    }

    #[test]
    fn the_fallback_is_never_a_process_module() {
        let mut settings = settings();
        settings.fallback_target = Some(ExitTarget { kind: TargetKind::ProcessModule, id: "m".into() });
        assert!(settings.validate().is_err());
    }
}

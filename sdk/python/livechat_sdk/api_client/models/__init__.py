"""Contains all the data models used in inputs/outputs"""

from .add_note import AddNote
from .agent import Agent
from .agent_figures import AgentFigures
from .agent_mentioned_webhook import AgentMentionedWebhook
from .agent_mentioned_webhook_type import AgentMentionedWebhookType
from .agent_page import AgentPage
from .agent_presence_change import AgentPresenceChange
from .agent_presence_changed_webhook import AgentPresenceChangedWebhook
from .agent_presence_changed_webhook_type import AgentPresenceChangedWebhookType
from .agent_stream_scope import AgentStreamScope
from .agent_summary import AgentSummary
from .api_key_page import ApiKeyPage
from .api_key_record import ApiKeyRecord
from .attachment import Attachment
from .attachment_rules import AttachmentRules
from .author_kind import AuthorKind
from .availability import Availability
from .business_hours import BusinessHours
from .canned_response import CannedResponse
from .canned_response_list import CannedResponseList
from .canned_scope import CannedScope
from .chat_figures import ChatFigures
from .chat_report import ChatReport
from .conversation import Conversation
from .conversation_assigned_webhook import ConversationAssignedWebhook
from .conversation_assigned_webhook_type import ConversationAssignedWebhookType
from .conversation_claimed_webhook import ConversationClaimedWebhook
from .conversation_claimed_webhook_type import ConversationClaimedWebhookType
from .conversation_email_given_webhook import ConversationEmailGivenWebhook
from .conversation_email_given_webhook_type import ConversationEmailGivenWebhookType
from .conversation_ended_webhook import ConversationEndedWebhook
from .conversation_ended_webhook_type import ConversationEndedWebhookType
from .conversation_note_added_webhook import ConversationNoteAddedWebhook
from .conversation_note_added_webhook_type import ConversationNoteAddedWebhookType
from .conversation_page import ConversationPage
from .conversation_queue_position_webhook import ConversationQueuePositionWebhook
from .conversation_queue_position_webhook_type import ConversationQueuePositionWebhookType
from .conversation_rated_webhook import ConversationRatedWebhook
from .conversation_rated_webhook_type import ConversationRatedWebhookType
from .conversation_rating_requested_webhook import ConversationRatingRequestedWebhook
from .conversation_rating_requested_webhook_type import ConversationRatingRequestedWebhookType
from .conversation_released_webhook import ConversationReleasedWebhook
from .conversation_released_webhook_type import ConversationReleasedWebhookType
from .conversation_seen_webhook import ConversationSeenWebhook
from .conversation_seen_webhook_type import ConversationSeenWebhookType
from .conversation_status import ConversationStatus
from .conversation_tagged_webhook import ConversationTaggedWebhook
from .conversation_tagged_webhook_type import ConversationTaggedWebhookType
from .conversation_transferred_webhook import ConversationTransferredWebhook
from .conversation_transferred_webhook_type import ConversationTransferredWebhookType
from .conversation_untagged_webhook import ConversationUntaggedWebhook
from .conversation_untagged_webhook_type import ConversationUntaggedWebhookType
from .conversation_waiting_webhook import ConversationWaitingWebhook
from .conversation_waiting_webhook_type import ConversationWaitingWebhookType
from .create_agent import CreateAgent
from .create_api_key import CreateApiKey
from .create_canned_response import CreateCannedResponse
from .create_group import CreateGroup
from .create_tag import CreateTag
from .create_webhook_endpoint import CreateWebhookEndpoint
from .created_api_key import CreatedApiKey
from .csat_config import CsatConfig
from .csat_figures import CsatFigures
from .csat_scale import CsatScale
from .customer import Customer
from .customer_block_change import CustomerBlockChange
from .customer_blocked_webhook import CustomerBlockedWebhook
from .customer_blocked_webhook_type import CustomerBlockedWebhookType
from .customer_export import CustomerExport
from .customer_page import CustomerPage
from .customer_presence_change import CustomerPresenceChange
from .customer_presence_changed_webhook import CustomerPresenceChangedWebhook
from .customer_presence_changed_webhook_type import CustomerPresenceChangedWebhookType
from .customer_texts import CustomerTexts
from .customer_token_grant import CustomerTokenGrant
from .customer_unblocked_webhook import CustomerUnblockedWebhook
from .customer_unblocked_webhook_type import CustomerUnblockedWebhookType
from .day import Day
from .delivery import Delivery
from .delivery_kind import DeliveryKind
from .delivery_page import DeliveryPage
from .delivery_status import DeliveryStatus
from .enter_live_chat import EnterLiveChat
from .entry_customer_in import EntryCustomerIn
from .entry_outcome_kind import EntryOutcomeKind
from .entry_result import EntryResult
from .exit_ import Exit
from .exit_reason import ExitReason
from .exported_conversation import ExportedConversation
from .fallback_target import FallbackTarget
from .fallback_target_kind import FallbackTargetKind
from .give_email import GiveEmail
from .group import Group
from .group_figures import GroupFigures
from .group_list import GroupList
from .health_status import HealthStatus
from .history_author import HistoryAuthor
from .history_line_in import HistoryLineIn
from .history_page import HistoryPage
from .history_scope import HistoryScope
from .input_variables import InputVariables
from .issue_customer_token import IssueCustomerToken
from .issued_customer_token import IssuedCustomerToken
from .jump import Jump
from .jump_target import JumpTarget
from .jump_target_kind import JumpTargetKind
from .login import Login
from .mark_seen import MarkSeen
from .mention import Mention
from .message import Message
from .message_content_animation_content import MessageContentAnimationContent
from .message_content_animation_content_kind import MessageContentAnimationContentKind
from .message_content_article_content import MessageContentArticleContent
from .message_content_article_content_kind import MessageContentArticleContentKind
from .message_content_email_request_content import MessageContentEmailRequestContent
from .message_content_email_request_content_kind import MessageContentEmailRequestContentKind
from .message_content_file_content import MessageContentFileContent
from .message_content_file_content_kind import MessageContentFileContentKind
from .message_content_history_content import MessageContentHistoryContent
from .message_content_history_content_kind import MessageContentHistoryContentKind
from .message_content_jump_content import MessageContentJumpContent
from .message_content_jump_content_kind import MessageContentJumpContentKind
from .message_content_system_content import MessageContentSystemContent
from .message_content_system_content_kind import MessageContentSystemContentKind
from .message_content_text_content import MessageContentTextContent
from .message_content_text_content_kind import MessageContentTextContentKind
from .message_created_webhook import MessageCreatedWebhook
from .message_created_webhook_type import MessageCreatedWebhookType
from .message_page import MessagePage
from .module import Module
from .module_config import ModuleConfig
from .module_page import ModulePage
from .module_texts import ModuleTexts
from .note import Note
from .note_page import NotePage
from .open_period import OpenPeriod
from .outcome import Outcome
from .percentiles import Percentiles
from .pick_quick_reply import PickQuickReply
from .presence import Presence
from .presence_change_reason import PresenceChangeReason
from .problem import Problem
from .problem_code import ProblemCode
from .process_variables import ProcessVariables
from .queue_position import QueuePosition
from .queue_summary import QueueSummary
from .quick_reply import QuickReply
from .quick_reply_in import QuickReplyIn
from .rate_conversation import RateConversation
from .rating import Rating
from .readiness import Readiness
from .report_bucket import ReportBucket
from .report_bucket_figures import ReportBucketFigures
from .request_transcript import RequestTranscript
from .role import Role
from .routing import Routing
from .send_article import SendArticle
from .send_canned_response import SendCannedResponse
from .send_message import SendMessage
from .session import Session
from .set_presence import SetPresence
from .stream_event_agent_mentioned_event import StreamEventAgentMentionedEvent
from .stream_event_agent_mentioned_event_type import StreamEventAgentMentionedEventType
from .stream_event_agent_presence_changed_event import StreamEventAgentPresenceChangedEvent
from .stream_event_agent_presence_changed_event_type import StreamEventAgentPresenceChangedEventType
from .stream_event_conversation_assigned_event import StreamEventConversationAssignedEvent
from .stream_event_conversation_assigned_event_type import StreamEventConversationAssignedEventType
from .stream_event_conversation_claimed_event import StreamEventConversationClaimedEvent
from .stream_event_conversation_claimed_event_type import StreamEventConversationClaimedEventType
from .stream_event_conversation_email_given_event import StreamEventConversationEmailGivenEvent
from .stream_event_conversation_email_given_event_type import StreamEventConversationEmailGivenEventType
from .stream_event_conversation_ended_event import StreamEventConversationEndedEvent
from .stream_event_conversation_ended_event_type import StreamEventConversationEndedEventType
from .stream_event_conversation_note_added_event import StreamEventConversationNoteAddedEvent
from .stream_event_conversation_note_added_event_type import StreamEventConversationNoteAddedEventType
from .stream_event_conversation_queue_position_event import StreamEventConversationQueuePositionEvent
from .stream_event_conversation_queue_position_event_type import StreamEventConversationQueuePositionEventType
from .stream_event_conversation_rated_event import StreamEventConversationRatedEvent
from .stream_event_conversation_rated_event_type import StreamEventConversationRatedEventType
from .stream_event_conversation_rating_requested_event import StreamEventConversationRatingRequestedEvent
from .stream_event_conversation_rating_requested_event_type import StreamEventConversationRatingRequestedEventType
from .stream_event_conversation_released_event import StreamEventConversationReleasedEvent
from .stream_event_conversation_released_event_type import StreamEventConversationReleasedEventType
from .stream_event_conversation_seen_event import StreamEventConversationSeenEvent
from .stream_event_conversation_seen_event_type import StreamEventConversationSeenEventType
from .stream_event_conversation_tagged_event import StreamEventConversationTaggedEvent
from .stream_event_conversation_tagged_event_type import StreamEventConversationTaggedEventType
from .stream_event_conversation_transferred_event import StreamEventConversationTransferredEvent
from .stream_event_conversation_transferred_event_type import StreamEventConversationTransferredEventType
from .stream_event_conversation_untagged_event import StreamEventConversationUntaggedEvent
from .stream_event_conversation_untagged_event_type import StreamEventConversationUntaggedEventType
from .stream_event_conversation_waiting_event import StreamEventConversationWaitingEvent
from .stream_event_conversation_waiting_event_type import StreamEventConversationWaitingEventType
from .stream_event_customer_blocked_event import StreamEventCustomerBlockedEvent
from .stream_event_customer_blocked_event_type import StreamEventCustomerBlockedEventType
from .stream_event_customer_presence_changed_event import StreamEventCustomerPresenceChangedEvent
from .stream_event_customer_presence_changed_event_type import StreamEventCustomerPresenceChangedEventType
from .stream_event_customer_unblocked_event import StreamEventCustomerUnblockedEvent
from .stream_event_customer_unblocked_event_type import StreamEventCustomerUnblockedEventType
from .stream_event_message_created_event import StreamEventMessageCreatedEvent
from .stream_event_message_created_event_type import StreamEventMessageCreatedEventType
from .stream_event_stream_ready_event import StreamEventStreamReadyEvent
from .stream_event_stream_ready_event_type import StreamEventStreamReadyEventType
from .stream_event_stream_reconnect_event import StreamEventStreamReconnectEvent
from .stream_event_stream_reconnect_event_type import StreamEventStreamReconnectEventType
from .stream_event_stream_reset_event import StreamEventStreamResetEvent
from .stream_event_stream_reset_event_type import StreamEventStreamResetEventType
from .stream_event_typing_event import StreamEventTypingEvent
from .stream_event_typing_event_type import StreamEventTypingEventType
from .stream_ready import StreamReady
from .stream_reconnect import StreamReconnect
from .stream_reset import StreamReset
from .tag import Tag
from .tag_list import TagList
from .target import Target
from .target_kind import TargetKind
from .transcript_queued import TranscriptQueued
from .transfer import Transfer
from .trigger_animation import TriggerAnimation
from .trigger_animation_params_type_0 import TriggerAnimationParamsType0
from .typing import Typing
from .typing_accepted import TypingAccepted
from .typing_side import TypingSide
from .update_agent import UpdateAgent
from .update_canned_response import UpdateCannedResponse
from .update_webhook_endpoint import UpdateWebhookEndpoint
from .webhook_endpoint import WebhookEndpoint
from .webhook_endpoint_list import WebhookEndpointList
from .webhook_endpoint_with_secret import WebhookEndpointWithSecret
from .webhook_event_type import WebhookEventType
from .worker_condition import WorkerCondition
from .worker_health import WorkerHealth

__all__ = (
    "AddNote",
    "Agent",
    "AgentFigures",
    "AgentMentionedWebhook",
    "AgentMentionedWebhookType",
    "AgentPage",
    "AgentPresenceChange",
    "AgentPresenceChangedWebhook",
    "AgentPresenceChangedWebhookType",
    "AgentStreamScope",
    "AgentSummary",
    "ApiKeyPage",
    "ApiKeyRecord",
    "Attachment",
    "AttachmentRules",
    "AuthorKind",
    "Availability",
    "BusinessHours",
    "CannedResponse",
    "CannedResponseList",
    "CannedScope",
    "ChatFigures",
    "ChatReport",
    "Conversation",
    "ConversationAssignedWebhook",
    "ConversationAssignedWebhookType",
    "ConversationClaimedWebhook",
    "ConversationClaimedWebhookType",
    "ConversationEmailGivenWebhook",
    "ConversationEmailGivenWebhookType",
    "ConversationEndedWebhook",
    "ConversationEndedWebhookType",
    "ConversationNoteAddedWebhook",
    "ConversationNoteAddedWebhookType",
    "ConversationPage",
    "ConversationQueuePositionWebhook",
    "ConversationQueuePositionWebhookType",
    "ConversationRatedWebhook",
    "ConversationRatedWebhookType",
    "ConversationRatingRequestedWebhook",
    "ConversationRatingRequestedWebhookType",
    "ConversationReleasedWebhook",
    "ConversationReleasedWebhookType",
    "ConversationSeenWebhook",
    "ConversationSeenWebhookType",
    "ConversationStatus",
    "ConversationTaggedWebhook",
    "ConversationTaggedWebhookType",
    "ConversationTransferredWebhook",
    "ConversationTransferredWebhookType",
    "ConversationUntaggedWebhook",
    "ConversationUntaggedWebhookType",
    "ConversationWaitingWebhook",
    "ConversationWaitingWebhookType",
    "CreateAgent",
    "CreateApiKey",
    "CreateCannedResponse",
    "CreatedApiKey",
    "CreateGroup",
    "CreateTag",
    "CreateWebhookEndpoint",
    "CsatConfig",
    "CsatFigures",
    "CsatScale",
    "Customer",
    "CustomerBlockChange",
    "CustomerBlockedWebhook",
    "CustomerBlockedWebhookType",
    "CustomerExport",
    "CustomerPage",
    "CustomerPresenceChange",
    "CustomerPresenceChangedWebhook",
    "CustomerPresenceChangedWebhookType",
    "CustomerTexts",
    "CustomerTokenGrant",
    "CustomerUnblockedWebhook",
    "CustomerUnblockedWebhookType",
    "Day",
    "Delivery",
    "DeliveryKind",
    "DeliveryPage",
    "DeliveryStatus",
    "EnterLiveChat",
    "EntryCustomerIn",
    "EntryOutcomeKind",
    "EntryResult",
    "Exit",
    "ExitReason",
    "ExportedConversation",
    "FallbackTarget",
    "FallbackTargetKind",
    "GiveEmail",
    "Group",
    "GroupFigures",
    "GroupList",
    "HealthStatus",
    "HistoryAuthor",
    "HistoryLineIn",
    "HistoryPage",
    "HistoryScope",
    "InputVariables",
    "IssueCustomerToken",
    "IssuedCustomerToken",
    "Jump",
    "JumpTarget",
    "JumpTargetKind",
    "Login",
    "MarkSeen",
    "Mention",
    "Message",
    "MessageContentAnimationContent",
    "MessageContentAnimationContentKind",
    "MessageContentArticleContent",
    "MessageContentArticleContentKind",
    "MessageContentEmailRequestContent",
    "MessageContentEmailRequestContentKind",
    "MessageContentFileContent",
    "MessageContentFileContentKind",
    "MessageContentHistoryContent",
    "MessageContentHistoryContentKind",
    "MessageContentJumpContent",
    "MessageContentJumpContentKind",
    "MessageContentSystemContent",
    "MessageContentSystemContentKind",
    "MessageContentTextContent",
    "MessageContentTextContentKind",
    "MessageCreatedWebhook",
    "MessageCreatedWebhookType",
    "MessagePage",
    "Module",
    "ModuleConfig",
    "ModulePage",
    "ModuleTexts",
    "Note",
    "NotePage",
    "OpenPeriod",
    "Outcome",
    "Percentiles",
    "PickQuickReply",
    "Presence",
    "PresenceChangeReason",
    "Problem",
    "ProblemCode",
    "ProcessVariables",
    "QueuePosition",
    "QueueSummary",
    "QuickReply",
    "QuickReplyIn",
    "RateConversation",
    "Rating",
    "Readiness",
    "ReportBucket",
    "ReportBucketFigures",
    "RequestTranscript",
    "Role",
    "Routing",
    "SendArticle",
    "SendCannedResponse",
    "SendMessage",
    "Session",
    "SetPresence",
    "StreamEventAgentMentionedEvent",
    "StreamEventAgentMentionedEventType",
    "StreamEventAgentPresenceChangedEvent",
    "StreamEventAgentPresenceChangedEventType",
    "StreamEventConversationAssignedEvent",
    "StreamEventConversationAssignedEventType",
    "StreamEventConversationClaimedEvent",
    "StreamEventConversationClaimedEventType",
    "StreamEventConversationEmailGivenEvent",
    "StreamEventConversationEmailGivenEventType",
    "StreamEventConversationEndedEvent",
    "StreamEventConversationEndedEventType",
    "StreamEventConversationNoteAddedEvent",
    "StreamEventConversationNoteAddedEventType",
    "StreamEventConversationQueuePositionEvent",
    "StreamEventConversationQueuePositionEventType",
    "StreamEventConversationRatedEvent",
    "StreamEventConversationRatedEventType",
    "StreamEventConversationRatingRequestedEvent",
    "StreamEventConversationRatingRequestedEventType",
    "StreamEventConversationReleasedEvent",
    "StreamEventConversationReleasedEventType",
    "StreamEventConversationSeenEvent",
    "StreamEventConversationSeenEventType",
    "StreamEventConversationTaggedEvent",
    "StreamEventConversationTaggedEventType",
    "StreamEventConversationTransferredEvent",
    "StreamEventConversationTransferredEventType",
    "StreamEventConversationUntaggedEvent",
    "StreamEventConversationUntaggedEventType",
    "StreamEventConversationWaitingEvent",
    "StreamEventConversationWaitingEventType",
    "StreamEventCustomerBlockedEvent",
    "StreamEventCustomerBlockedEventType",
    "StreamEventCustomerPresenceChangedEvent",
    "StreamEventCustomerPresenceChangedEventType",
    "StreamEventCustomerUnblockedEvent",
    "StreamEventCustomerUnblockedEventType",
    "StreamEventMessageCreatedEvent",
    "StreamEventMessageCreatedEventType",
    "StreamEventStreamReadyEvent",
    "StreamEventStreamReadyEventType",
    "StreamEventStreamReconnectEvent",
    "StreamEventStreamReconnectEventType",
    "StreamEventStreamResetEvent",
    "StreamEventStreamResetEventType",
    "StreamEventTypingEvent",
    "StreamEventTypingEventType",
    "StreamReady",
    "StreamReconnect",
    "StreamReset",
    "Tag",
    "TagList",
    "Target",
    "TargetKind",
    "TranscriptQueued",
    "Transfer",
    "TriggerAnimation",
    "TriggerAnimationParamsType0",
    "Typing",
    "TypingAccepted",
    "TypingSide",
    "UpdateAgent",
    "UpdateCannedResponse",
    "UpdateWebhookEndpoint",
    "WebhookEndpoint",
    "WebhookEndpointList",
    "WebhookEndpointWithSecret",
    "WebhookEventType",
    "WorkerCondition",
    "WorkerHealth",
)

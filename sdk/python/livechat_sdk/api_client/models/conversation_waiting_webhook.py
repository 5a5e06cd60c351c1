from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.conversation_waiting_webhook_type import ConversationWaitingWebhookType

if TYPE_CHECKING:
    from ..models.conversation import Conversation


T = TypeVar("T", bound="ConversationWaitingWebhook")


@_attrs_define
class ConversationWaitingWebhook:
    """The `conversation.waiting` webhook's body. A customer entered and waits in the Live list.

    Attributes:
        data (Conversation): One pass of a customer through the live-chat module. Example: {'agent': {'id':
            '0193a4e2-8f10-7a2b-9c3d-4e5f60718293', 'name': 'Ada Lovelace'}, 'agent_seen_seq': 5, 'claimed_at':
            '2026-11-29T10:16:05+00:00', 'customer': {'blocked': False, 'display_name': 'Grace', 'email':
            'grace@example.com', 'external_id': 'crm-4711', 'id': '0193a4e2-6b0c-7d1e-8f2a-3b4c5d6e7f80', 'online': True},
            'customer_seen_seq': 4, 'email': 'grace@example.com', 'email_requested': False, 'entered_at':
            '2026-11-29T10:15:30+00:00', 'id': '0193a4e2-7c1d-7b3e-9f4a-2c8e5d6f7a10', 'last_message_at':
            '2026-11-29T10:17:12+00:00', 'last_message_preview': 'We found your parcel.', 'left_message': False,
            'module_id': '0193a4e2-5a9b-7c0d-8e1f-2a3b4c5d6e7f', 'module_version': 3, 'process_ref': 'order-support',
            'quick_replies': [], 'routing': 'auto', 'status': 'active', 'tags': [{'id':
            '0193a4e2-bb1c-7d2e-8f30-4a5b6c7d8e9f', 'name': 'refund'}], 'unanswered': 0, 'variables': {'live_agent_id':
            '0193a4e2-8f10-7a2b-9c3d-4e5f60718293', 'live_agent_messages': 2, 'live_agent_name': 'Ada Lovelace',
            'live_async': False, 'live_customer_messages': 2, 'live_duration_seconds': 102, 'live_email':
            'grace@example.com', 'live_exit_reason': None, 'live_exit_target': None, 'live_exit_target_kind': None,
            'live_group': None, 'live_queue_position_at_entry': 1, 'live_rating': None, 'live_status': 'active',
            'live_waited_seconds': 35}, 'waited_seconds': 35}.
        event_id (int): The event's id, as on the streams.
        timestamp (datetime.datetime): When the webhook was queued.
        type_ (ConversationWaitingWebhookType):
    """

    data: Conversation
    event_id: int
    timestamp: datetime.datetime
    type_: ConversationWaitingWebhookType
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = self.data.to_dict()

        event_id = self.event_id

        timestamp = self.timestamp.isoformat()

        type_ = self.type_.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
                "event_id": event_id,
                "timestamp": timestamp,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.conversation import Conversation  # noqa: PLC0415

        d = dict(src_dict)
        data = Conversation.from_dict(d.pop("data"))

        event_id = d.pop("event_id")

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        type_ = ConversationWaitingWebhookType(d.pop("type"))

        conversation_waiting_webhook = cls(
            data=data,
            event_id=event_id,
            timestamp=timestamp,
            type_=type_,
        )

        conversation_waiting_webhook.additional_properties = d
        return conversation_waiting_webhook

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties

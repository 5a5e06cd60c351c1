from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.conversation_note_added_webhook_type import ConversationNoteAddedWebhookType

if TYPE_CHECKING:
    from ..models.note import Note


T = TypeVar("T", bound="ConversationNoteAddedWebhook")


@_attrs_define
class ConversationNoteAddedWebhook:
    """The `conversation.note_added` webhook's body. An agent added an internal note (agent streams only).

    Attributes:
        data (Note): An internal note on a conversation: agents see it, the customer never does (not on
            their stream, not in messages, emails or transcripts). Example: {'author': {'id':
            '0193a4e2-8f10-7a2b-9c3d-4e5f60718293', 'name': 'Ada Lovelace'}, 'conversation_id':
            '0193a4e2-7c1d-7b3e-9f4a-2c8e5d6f7a10', 'created_at': '2026-11-29T10:12:05+00:00', 'id':
            '0193a4e2-9a1b-7c2d-8e3f-4a5b6c7d8e9f', 'mentions': [{'id': '0193a4e2-8f10-7a2b-9c3d-4e5f60718294', 'name':
            'Grace Hopper'}], 'text': 'Refund approved by billing; tell her it takes 3 days.'}.
        event_id (int): The event's id, as on the streams.
        timestamp (datetime.datetime): When the webhook was queued.
        type_ (ConversationNoteAddedWebhookType):
    """

    data: Note
    event_id: int
    timestamp: datetime.datetime
    type_: ConversationNoteAddedWebhookType
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
        from ..models.note import Note  # noqa: PLC0415

        d = dict(src_dict)
        data = Note.from_dict(d.pop("data"))

        event_id = d.pop("event_id")

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        type_ = ConversationNoteAddedWebhookType(d.pop("type"))

        conversation_note_added_webhook = cls(
            data=data,
            event_id=event_id,
            timestamp=timestamp,
            type_=type_,
        )

        conversation_note_added_webhook.additional_properties = d
        return conversation_note_added_webhook

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

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.message_created_webhook_type import MessageCreatedWebhookType

if TYPE_CHECKING:
    from ..models.message import Message


T = TypeVar("T", bound="MessageCreatedWebhook")


@_attrs_define
class MessageCreatedWebhook:
    """The `message.created` webhook's body. A message was written.

    Attributes:
        data (Message): A message of a conversation. Example: {'author': {'id': '0193a4e2-8f10-7a2b-9c3d-4e5f60718293',
            'name': 'Ada Lovelace'}, 'author_kind': 'agent', 'client_message_id': 'console-5f2c', 'content': {'kind':
            'text', 'text': 'We found your parcel.'}, 'conversation_id': '0193a4e2-7c1d-7b3e-9f4a-2c8e5d6f7a10',
            'created_at': '2026-11-29T10:17:12+00:00', 'id': '0193a4e2-9a8b-7c6d-8e5f-4a3b2c1d0e9f', 'seq': 5}.
        event_id (int): The event's id, as on the streams.
        timestamp (datetime.datetime): When the webhook was queued.
        type_ (MessageCreatedWebhookType):
    """

    data: Message
    event_id: int
    timestamp: datetime.datetime
    type_: MessageCreatedWebhookType
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
        from ..models.message import Message  # noqa: PLC0415

        d = dict(src_dict)
        data = Message.from_dict(d.pop("data"))

        event_id = d.pop("event_id")

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        type_ = MessageCreatedWebhookType(d.pop("type"))

        message_created_webhook = cls(
            data=data,
            event_id=event_id,
            timestamp=timestamp,
            type_=type_,
        )

        message_created_webhook.additional_properties = d
        return message_created_webhook

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

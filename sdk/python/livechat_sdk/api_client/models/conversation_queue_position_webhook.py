from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.conversation_queue_position_webhook_type import ConversationQueuePositionWebhookType

if TYPE_CHECKING:
    from ..models.queue_position import QueuePosition


T = TypeVar("T", bound="ConversationQueuePositionWebhook")


@_attrs_define
class ConversationQueuePositionWebhook:
    """The `conversation.queue_position` webhook's body. A waiting conversation's place in its group's queue changed.

    Attributes:
        data (QueuePosition): Data of `conversation.queue_position`.
        event_id (int): The event's id, as on the streams.
        timestamp (datetime.datetime): When the webhook was queued.
        type_ (ConversationQueuePositionWebhookType):
    """

    data: QueuePosition
    event_id: int
    timestamp: datetime.datetime
    type_: ConversationQueuePositionWebhookType
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
        from ..models.queue_position import QueuePosition  # noqa: PLC0415

        d = dict(src_dict)
        data = QueuePosition.from_dict(d.pop("data"))

        event_id = d.pop("event_id")

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        type_ = ConversationQueuePositionWebhookType(d.pop("type"))

        conversation_queue_position_webhook = cls(
            data=data,
            event_id=event_id,
            timestamp=timestamp,
            type_=type_,
        )

        conversation_queue_position_webhook.additional_properties = d
        return conversation_queue_position_webhook

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

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.stream_event_conversation_queue_position_event_type import StreamEventConversationQueuePositionEventType

if TYPE_CHECKING:
    from ..models.queue_position import QueuePosition


T = TypeVar("T", bound="StreamEventConversationQueuePositionEvent")


@_attrs_define
class StreamEventConversationQueuePositionEvent:
    """A waiting conversation's place in its group's queue changed.

    Attributes:
        data (QueuePosition): Data of `conversation.queue_position`.
        id (int): The event id (SSE `id:`); resume after it with `Last-Event-ID`.
        type_ (StreamEventConversationQueuePositionEventType):  Example: conversation.queue_position.
    """

    data: QueuePosition
    id: int
    type_: StreamEventConversationQueuePositionEventType
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = self.data.to_dict()

        id = self.id

        type_ = self.type_.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
                "id": id,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.queue_position import QueuePosition  # noqa: PLC0415

        d = dict(src_dict)
        data = QueuePosition.from_dict(d.pop("data"))

        id = d.pop("id")

        type_ = StreamEventConversationQueuePositionEventType(d.pop("type"))

        stream_event_conversation_queue_position_event = cls(
            data=data,
            id=id,
            type_=type_,
        )

        stream_event_conversation_queue_position_event.additional_properties = d
        return stream_event_conversation_queue_position_event

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

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.stream_event_stream_reconnect_event_type import StreamEventStreamReconnectEventType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.stream_reconnect import StreamReconnect


T = TypeVar("T", bound="StreamEventStreamReconnectEvent")


@_attrs_define
class StreamEventStreamReconnectEvent:
    """The stream ends (the server is shutting down, the stream is an hour old, or what
    the agent sees changed): reconnect with `Last-Event-ID`.

        Attributes:
            data (StreamReconnect): Data of `stream.reconnect`: the server is shutting down, the stream reached its
                maximum duration, or what the agent sees changed (their groups or role).
            type_ (StreamEventStreamReconnectEventType):  Example: stream.reconnect.
            id (int | None | Unset): The event id (SSE `id:`); resume after it with `Last-Event-ID`.
    """

    data: StreamReconnect
    type_: StreamEventStreamReconnectEventType
    id: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = self.data.to_dict()

        type_ = self.type_.value

        id: int | None | Unset
        if isinstance(self.id, Unset):
            id = UNSET
        else:
            id = self.id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
                "type": type_,
            }
        )
        if id is not UNSET:
            field_dict["id"] = id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.stream_reconnect import StreamReconnect  # noqa: PLC0415

        d = dict(src_dict)
        data = StreamReconnect.from_dict(d.pop("data"))

        type_ = StreamEventStreamReconnectEventType(d.pop("type"))

        def _parse_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        id = _parse_id(d.pop("id", UNSET))

        stream_event_stream_reconnect_event = cls(
            data=data,
            type_=type_,
            id=id,
        )

        stream_event_stream_reconnect_event.additional_properties = d
        return stream_event_stream_reconnect_event

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

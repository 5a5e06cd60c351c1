from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.stream_event_typing_event_type import StreamEventTypingEventType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.typing import Typing


T = TypeVar("T", bound="StreamEventTypingEvent")


@_attrs_define
class StreamEventTypingEvent:
    """Someone is typing; not stored, so it has no id.

    Attributes:
        data (Typing): Data of `typing`.
        type_ (StreamEventTypingEventType):  Example: typing.
        id (int | None | Unset): The event id (SSE `id:`); resume after it with `Last-Event-ID`.
    """

    data: Typing
    type_: StreamEventTypingEventType
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
        from ..models.typing import Typing  # noqa: PLC0415

        d = dict(src_dict)
        data = Typing.from_dict(d.pop("data"))

        type_ = StreamEventTypingEventType(d.pop("type"))

        def _parse_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        id = _parse_id(d.pop("id", UNSET))

        stream_event_typing_event = cls(
            data=data,
            type_=type_,
            id=id,
        )

        stream_event_typing_event.additional_properties = d
        return stream_event_typing_event

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="QueuePosition")


@_attrs_define
class QueuePosition:
    """Data of `conversation.queue_position`.

    Attributes:
        conversation_id (UUID):
        queue_position (int): 1 is next. Exact up to 200; further back rounded up to two significant digits,
            so a place that far back is announced when it changes by that much.
        estimated_wait_seconds (int | None | Unset): The expected wait in seconds, from the recent waits in the group;
            absent until
            some conversation of the group was taken over.
        group_id (None | Unset | UUID): The group whose queue it is; absent: the queue of conversations of no group.
    """

    conversation_id: UUID
    queue_position: int
    estimated_wait_seconds: int | None | Unset = UNSET
    group_id: None | Unset | UUID = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        conversation_id = str(self.conversation_id)

        queue_position = self.queue_position

        estimated_wait_seconds: int | None | Unset
        if isinstance(self.estimated_wait_seconds, Unset):
            estimated_wait_seconds = UNSET
        else:
            estimated_wait_seconds = self.estimated_wait_seconds

        group_id: None | str | Unset
        if isinstance(self.group_id, Unset):
            group_id = UNSET
        elif isinstance(self.group_id, UUID):
            group_id = str(self.group_id)
        else:
            group_id = self.group_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "conversation_id": conversation_id,
                "queue_position": queue_position,
            }
        )
        if estimated_wait_seconds is not UNSET:
            field_dict["estimated_wait_seconds"] = estimated_wait_seconds
        if group_id is not UNSET:
            field_dict["group_id"] = group_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        conversation_id = UUID(d.pop("conversation_id"))

        queue_position = d.pop("queue_position")

        def _parse_estimated_wait_seconds(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        estimated_wait_seconds = _parse_estimated_wait_seconds(d.pop("estimated_wait_seconds", UNSET))

        def _parse_group_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                group_id_type_0 = UUID(data)

                return group_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        group_id = _parse_group_id(d.pop("group_id", UNSET))

        queue_position = cls(
            conversation_id=conversation_id,
            queue_position=queue_position,
            estimated_wait_seconds=estimated_wait_seconds,
            group_id=group_id,
        )

        queue_position.additional_properties = d
        return queue_position

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

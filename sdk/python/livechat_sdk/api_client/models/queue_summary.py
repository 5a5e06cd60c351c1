from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="QueueSummary")


@_attrs_define
class QueueSummary:
    """One queue of the Live list, as a department console shows it: a group's (or that
    of conversations of no group).

        Example:
            {'active': 7, 'agents_online': 3, 'estimated_wait_seconds': 180, 'group_id':
                '0193a4e2-2b3c-7d4e-8f50-6a7b8c9d0e1f', 'name': 'Billing', 'waiting': 4}

        Attributes:
            active (int): Conversations of the group agents are serving.
            agents_online (int): Agents of the group online now (every online agent for no group).
            waiting (int): Conversations waiting in the queue.
            estimated_wait_seconds (int | None | Unset): The wait a conversation entering now may expect, from the group's
                recent waits.
            group_id (None | Unset | UUID): The group; absent for the conversations of no group.
            name (None | str | Unset): The group's name; absent for no group.
    """

    active: int
    agents_online: int
    waiting: int
    estimated_wait_seconds: int | None | Unset = UNSET
    group_id: None | Unset | UUID = UNSET
    name: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        active = self.active

        agents_online = self.agents_online

        waiting = self.waiting

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

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "active": active,
                "agents_online": agents_online,
                "waiting": waiting,
            }
        )
        if estimated_wait_seconds is not UNSET:
            field_dict["estimated_wait_seconds"] = estimated_wait_seconds
        if group_id is not UNSET:
            field_dict["group_id"] = group_id
        if name is not UNSET:
            field_dict["name"] = name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        active = d.pop("active")

        agents_online = d.pop("agents_online")

        waiting = d.pop("waiting")

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

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        queue_summary = cls(
            active=active,
            agents_online=agents_online,
            waiting=waiting,
            estimated_wait_seconds=estimated_wait_seconds,
            group_id=group_id,
            name=name,
        )

        queue_summary.additional_properties = d
        return queue_summary

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

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Availability")


@_attrs_define
class Availability:
    """Whether a module's chat can be served now, for a widget to show before the customer
    writes: "we're closed, back at 9:00" or "about 3 minutes".

        Example:
            {'agents_available': True, 'async_enabled': True, 'estimated_wait_seconds': 180, 'group_id':
                '0193a4e2-2b3c-7d4e-8f50-6a7b8c9d0e1f', 'module_id': '0193a4e2-3c4d-7e5f-8a61-7b8c9d0e1f20', 'open': True,
                'waiting': 4}

        Attributes:
            agents_available (bool): Open, and an agent who could serve (of the group) is online: an entry now is
                answered by a person. Otherwise the customer leaves a message (`async_enabled`)
                or the entry exits to the fallback.
            async_enabled (bool): Whether a customer may leave a message while nobody is available.
            module_id (UUID):
            open_ (bool): Inside the module's business hours (always, when it has none).
            waiting (int): Conversations waiting in the group's queue now (rounded up like places beyond
                200).
            estimated_wait_seconds (int | None | Unset): The wait a customer entering now may expect, from the group's
                recent waits;
                absent while nobody is available or before any wait was measured.
            group_id (None | Unset | UUID): The group that serves the module's conversations, if any.
            next_opening_at (datetime.datetime | None | Unset): When it opens next, while closed (absent when open, or when
                it never opens
                again within a year).
    """

    agents_available: bool
    async_enabled: bool
    module_id: UUID
    open_: bool
    waiting: int
    estimated_wait_seconds: int | None | Unset = UNSET
    group_id: None | Unset | UUID = UNSET
    next_opening_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        agents_available = self.agents_available

        async_enabled = self.async_enabled

        module_id = str(self.module_id)

        open_ = self.open_

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

        next_opening_at: None | str | Unset
        if isinstance(self.next_opening_at, Unset):
            next_opening_at = UNSET
        elif isinstance(self.next_opening_at, datetime.datetime):
            next_opening_at = self.next_opening_at.isoformat()
        else:
            next_opening_at = self.next_opening_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "agents_available": agents_available,
                "async_enabled": async_enabled,
                "module_id": module_id,
                "open": open_,
                "waiting": waiting,
            }
        )
        if estimated_wait_seconds is not UNSET:
            field_dict["estimated_wait_seconds"] = estimated_wait_seconds
        if group_id is not UNSET:
            field_dict["group_id"] = group_id
        if next_opening_at is not UNSET:
            field_dict["next_opening_at"] = next_opening_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        agents_available = d.pop("agents_available")

        async_enabled = d.pop("async_enabled")

        module_id = UUID(d.pop("module_id"))

        open_ = d.pop("open")

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

        def _parse_next_opening_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_opening_at_type_0 = datetime.datetime.fromisoformat(data)

                return next_opening_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        next_opening_at = _parse_next_opening_at(d.pop("next_opening_at", UNSET))

        availability = cls(
            agents_available=agents_available,
            async_enabled=async_enabled,
            module_id=module_id,
            open_=open_,
            waiting=waiting,
            estimated_wait_seconds=estimated_wait_seconds,
            group_id=group_id,
            next_opening_at=next_opening_at,
        )

        availability.additional_properties = d
        return availability

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

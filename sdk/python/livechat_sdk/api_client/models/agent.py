from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.presence import Presence
from ..models.role import Role
from ..types import UNSET, Unset

T = TypeVar("T", bound="Agent")


@_attrs_define
class Agent:
    """An agent account.

    Example:
        {'active': True, 'created_at': '2026-11-02T09:00:00+00:00', 'email': 'ada@example.com', 'group_ids':
            ['0193a4e2-2b3c-7d4e-8f50-6a7b8c9d0e1f'], 'id': '0193a4e2-8f10-7a2b-9c3d-4e5f60718293', 'max_active_chats': 3,
            'name': 'Ada Lovelace', 'presence': 'online', 'presence_changed_at': '2026-11-29T10:02:00+00:00', 'role':
            'agent'}

    Attributes:
        active (bool): Deactivated agents cannot log in; their tokens stop working.
        created_at (datetime.datetime):
        email (str):
        group_ids (list[UUID]): The groups the agent serves.
        id (UUID):
        name (str):
        presence (Presence | str):
        presence_changed_at (datetime.datetime):
        role (Role | str):
        max_active_chats (int | None | Unset): Active chats the agent takes at most, when they have a limit of their own
            (else
            the module's, else the server's `agent_max_active_chats`).
    """

    active: bool
    created_at: datetime.datetime
    email: str
    group_ids: list[UUID]
    id: UUID
    name: str
    presence: Presence | str
    presence_changed_at: datetime.datetime
    role: Role | str
    max_active_chats: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        active = self.active

        created_at = self.created_at.isoformat()

        email = self.email

        group_ids = []
        for group_ids_item_data in self.group_ids:
            group_ids_item = str(group_ids_item_data)
            group_ids.append(group_ids_item)

        id = str(self.id)

        name = self.name

        presence: str
        if isinstance(self.presence, Presence):
            presence = self.presence.value
        else:
            presence = self.presence

        presence_changed_at = self.presence_changed_at.isoformat()

        role: str
        if isinstance(self.role, Role):
            role = self.role.value
        else:
            role = self.role

        max_active_chats: int | None | Unset
        if isinstance(self.max_active_chats, Unset):
            max_active_chats = UNSET
        else:
            max_active_chats = self.max_active_chats

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "active": active,
                "created_at": created_at,
                "email": email,
                "group_ids": group_ids,
                "id": id,
                "name": name,
                "presence": presence,
                "presence_changed_at": presence_changed_at,
                "role": role,
            }
        )
        if max_active_chats is not UNSET:
            field_dict["max_active_chats"] = max_active_chats

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        active = d.pop("active")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        email = d.pop("email")

        group_ids = []
        _group_ids = d.pop("group_ids")
        for group_ids_item_data in _group_ids:
            group_ids_item = UUID(group_ids_item_data)

            group_ids.append(group_ids_item)

        id = UUID(d.pop("id"))

        name = d.pop("name")

        def _parse_presence(data: object) -> Presence | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                presence_type_0 = Presence(data)

                return presence_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Presence | str, data)

        presence = _parse_presence(d.pop("presence"))

        presence_changed_at = datetime.datetime.fromisoformat(d.pop("presence_changed_at"))

        def _parse_role(data: object) -> Role | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                role_type_0 = Role(data)

                return role_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Role | str, data)

        role = _parse_role(d.pop("role"))

        def _parse_max_active_chats(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_active_chats = _parse_max_active_chats(d.pop("max_active_chats", UNSET))

        agent = cls(
            active=active,
            created_at=created_at,
            email=email,
            group_ids=group_ids,
            id=id,
            name=name,
            presence=presence,
            presence_changed_at=presence_changed_at,
            role=role,
            max_active_chats=max_active_chats,
        )

        agent.additional_properties = d
        return agent

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

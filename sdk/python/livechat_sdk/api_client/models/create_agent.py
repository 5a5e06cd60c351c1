from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.role import Role
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateAgent")


@_attrs_define
class CreateAgent:
    """A new agent account.

    Example:
        {'email': 'ada@example.com', 'group_ids': [], 'max_active_chats': 3, 'name': 'Ada', 'password': 'correct horse
            battery', 'role': 'agent'}

    Attributes:
        email (str):
        name (str):
        password (str): 10 to 256 characters.
        group_ids (list[UUID] | None | Unset): The groups the agent serves (at most 50).
        max_active_chats (int | None | Unset): The agent's own limit of active chats (1 to 1000); absent: the module's
            or the
            server's.
        role (None | Role | Unset): Defaults to `agent`.
    """

    email: str
    name: str
    password: str
    group_ids: list[UUID] | None | Unset = UNSET
    max_active_chats: int | None | Unset = UNSET
    role: None | Role | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        name = self.name

        password = self.password

        group_ids: list[str] | None | Unset
        if isinstance(self.group_ids, Unset):
            group_ids = UNSET
        elif isinstance(self.group_ids, list):
            group_ids = []
            for group_ids_type_0_item_data in self.group_ids:
                group_ids_type_0_item = str(group_ids_type_0_item_data)
                group_ids.append(group_ids_type_0_item)

        else:
            group_ids = self.group_ids

        max_active_chats: int | None | Unset
        if isinstance(self.max_active_chats, Unset):
            max_active_chats = UNSET
        else:
            max_active_chats = self.max_active_chats

        role: None | str | Unset
        if isinstance(self.role, Unset):
            role = UNSET
        elif isinstance(self.role, Role):
            role = self.role.value
        else:
            role = self.role

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "email": email,
                "name": name,
                "password": password,
            }
        )
        if group_ids is not UNSET:
            field_dict["group_ids"] = group_ids
        if max_active_chats is not UNSET:
            field_dict["max_active_chats"] = max_active_chats
        if role is not UNSET:
            field_dict["role"] = role

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        email = d.pop("email")

        name = d.pop("name")

        password = d.pop("password")

        def _parse_group_ids(data: object) -> list[UUID] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                group_ids_type_0 = []
                _group_ids_type_0 = data
                for group_ids_type_0_item_data in _group_ids_type_0:
                    group_ids_type_0_item = UUID(group_ids_type_0_item_data)

                    group_ids_type_0.append(group_ids_type_0_item)

                return group_ids_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[UUID] | None | Unset, data)

        group_ids = _parse_group_ids(d.pop("group_ids", UNSET))

        def _parse_max_active_chats(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_active_chats = _parse_max_active_chats(d.pop("max_active_chats", UNSET))

        def _parse_role(data: object) -> None | Role | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                role_type_0 = Role(data)

                return role_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Role | Unset, data)

        role = _parse_role(d.pop("role", UNSET))

        create_agent = cls(
            email=email,
            name=name,
            password=password,
            group_ids=group_ids,
            max_active_chats=max_active_chats,
            role=role,
        )

        create_agent.additional_properties = d
        return create_agent

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

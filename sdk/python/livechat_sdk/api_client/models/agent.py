from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.presence import Presence
from ..models.role import Role

T = TypeVar("T", bound="Agent")


@_attrs_define
class Agent:
    """An agent account.

    Attributes:
        active (bool): Deactivated agents cannot log in; their tokens stop working.
        created_at (datetime.datetime):
        email (str):
        id (UUID):
        name (str):
        presence (Presence): Whether an agent takes conversations now. Only `online` agents take conversations over.
        presence_changed_at (datetime.datetime):
        role (Role): `admin` may also use the administration operations.
    """

    active: bool
    created_at: datetime.datetime
    email: str
    id: UUID
    name: str
    presence: Presence
    presence_changed_at: datetime.datetime
    role: Role
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        active = self.active

        created_at = self.created_at.isoformat()

        email = self.email

        id = str(self.id)

        name = self.name

        presence = self.presence.value

        presence_changed_at = self.presence_changed_at.isoformat()

        role = self.role.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "active": active,
                "created_at": created_at,
                "email": email,
                "id": id,
                "name": name,
                "presence": presence,
                "presence_changed_at": presence_changed_at,
                "role": role,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        active = d.pop("active")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        email = d.pop("email")

        id = UUID(d.pop("id"))

        name = d.pop("name")

        presence = Presence(d.pop("presence"))

        presence_changed_at = datetime.datetime.fromisoformat(d.pop("presence_changed_at"))

        role = Role(d.pop("role"))

        agent = cls(
            active=active,
            created_at=created_at,
            email=email,
            id=id,
            name=name,
            presence=presence,
            presence_changed_at=presence_changed_at,
            role=role,
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

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Group")


@_attrs_define
class Group:
    """A group of agents.

    Example:
        {'agent_ids': ['0193a4e2-8f10-7a2b-9c3d-4e5f60718293'], 'created_at': '2026-11-02T08:30:00+00:00', 'id':
            '0193a4e2-2b3c-7d4e-8f50-6a7b8c9d0e1f', 'name': 'Billing'}

    Attributes:
        agent_ids (list[UUID]): Its members; set an agent's groups with `PATCH /v1/agents/{agent_id}`.
        created_at (datetime.datetime):
        id (UUID):
        name (str):
    """

    agent_ids: list[UUID]
    created_at: datetime.datetime
    id: UUID
    name: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        agent_ids = []
        for agent_ids_item_data in self.agent_ids:
            agent_ids_item = str(agent_ids_item_data)
            agent_ids.append(agent_ids_item)

        created_at = self.created_at.isoformat()

        id = str(self.id)

        name = self.name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "agent_ids": agent_ids,
                "created_at": created_at,
                "id": id,
                "name": name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        agent_ids = []
        _agent_ids = d.pop("agent_ids")
        for agent_ids_item_data in _agent_ids:
            agent_ids_item = UUID(agent_ids_item_data)

            agent_ids.append(agent_ids_item)

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = UUID(d.pop("id"))

        name = d.pop("name")

        group = cls(
            agent_ids=agent_ids,
            created_at=created_at,
            id=id,
            name=name,
        )

        group.additional_properties = d
        return group

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

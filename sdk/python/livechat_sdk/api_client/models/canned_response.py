from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.canned_scope import CannedScope
from ..types import UNSET, Unset

T = TypeVar("T", bound="CannedResponse")


@_attrs_define
class CannedResponse:
    """A canned response: a saved reply an agent sends by its short code.

    Example:
        {'body': 'Hi {{customer.name}}, your refund for order {{variables.order_id}} is on its way.', 'created_at':
            '2026-11-29T10:01:00+00:00', 'id': '0193a4e2-aa1b-7c2d-8e3f-4a5b6c7d8e90', 'scope': 'global', 'short_code':
            'refund', 'title': 'Refund on its way', 'updated_at': '2026-11-29T10:01:00+00:00'}

    Attributes:
        body (str): The text with placeholders: `{{customer.name}}`, `{{customer.email}}`,
            `{{agent.name}}`, `{{variables.<name>}}` (the process variables).
        created_at (datetime.datetime):
        id (UUID):
        scope (CannedScope | str):
        short_code (str): What the agent types after `/`, lowercase: unique within its scope (and owner).
        title (str):
        updated_at (datetime.datetime):
        agent_id (None | Unset | UUID): The agent whose it is (`personal`).
        group_id (None | Unset | UUID): The group whose it is (`group`).
    """

    body: str
    created_at: datetime.datetime
    id: UUID
    scope: CannedScope | str
    short_code: str
    title: str
    updated_at: datetime.datetime
    agent_id: None | Unset | UUID = UNSET
    group_id: None | Unset | UUID = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        body = self.body

        created_at = self.created_at.isoformat()

        id = str(self.id)

        scope: str
        if isinstance(self.scope, CannedScope):
            scope = self.scope.value
        else:
            scope = self.scope

        short_code = self.short_code

        title = self.title

        updated_at = self.updated_at.isoformat()

        agent_id: None | str | Unset
        if isinstance(self.agent_id, Unset):
            agent_id = UNSET
        elif isinstance(self.agent_id, UUID):
            agent_id = str(self.agent_id)
        else:
            agent_id = self.agent_id

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
                "body": body,
                "created_at": created_at,
                "id": id,
                "scope": scope,
                "short_code": short_code,
                "title": title,
                "updated_at": updated_at,
            }
        )
        if agent_id is not UNSET:
            field_dict["agent_id"] = agent_id
        if group_id is not UNSET:
            field_dict["group_id"] = group_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        body = d.pop("body")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = UUID(d.pop("id"))

        def _parse_scope(data: object) -> CannedScope | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                scope_type_0 = CannedScope(data)

                return scope_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CannedScope | str, data)

        scope = _parse_scope(d.pop("scope"))

        short_code = d.pop("short_code")

        title = d.pop("title")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_agent_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                agent_id_type_0 = UUID(data)

                return agent_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        agent_id = _parse_agent_id(d.pop("agent_id", UNSET))

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

        canned_response = cls(
            body=body,
            created_at=created_at,
            id=id,
            scope=scope,
            short_code=short_code,
            title=title,
            updated_at=updated_at,
            agent_id=agent_id,
            group_id=group_id,
        )

        canned_response.additional_properties = d
        return canned_response

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

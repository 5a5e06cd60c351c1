from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.canned_scope import CannedScope
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateCannedResponse")


@_attrs_define
class CreateCannedResponse:
    """A new canned response.

    Example:
        {'body': 'Hi {{customer.name}}, your refund for order {{variables.order_id}} is on its way.', 'scope': 'global',
            'short_code': '/refund', 'title': 'Refund on its way'}

    Attributes:
        body (str): Up to 4000 characters, with placeholders `{{customer.name}}`,
            `{{customer.email}}`, `{{agent.name}}` and `{{variables.<name>}}`; any other is 422.
        short_code (str): 1 to 32 lowercase letters, digits, `-` and `_`, starting with a letter or digit;
            a leading `/` is dropped. Unique within its scope (and agent or group): 409
            `short_code_taken`.
        title (str):
        group_id (None | Unset | UUID): The group whose agents use it (scope `group`).
        scope (CannedScope | None | Unset): `personal` (default; the calling agent's own), `group` (admins; needs
            `group_id`) or `global` (admins).
    """

    body: str
    short_code: str
    title: str
    group_id: None | Unset | UUID = UNSET
    scope: CannedScope | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        body = self.body

        short_code = self.short_code

        title = self.title

        group_id: None | str | Unset
        if isinstance(self.group_id, Unset):
            group_id = UNSET
        elif isinstance(self.group_id, UUID):
            group_id = str(self.group_id)
        else:
            group_id = self.group_id

        scope: None | str | Unset
        if isinstance(self.scope, Unset):
            scope = UNSET
        elif isinstance(self.scope, CannedScope):
            scope = self.scope.value
        else:
            scope = self.scope

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "body": body,
                "short_code": short_code,
                "title": title,
            }
        )
        if group_id is not UNSET:
            field_dict["group_id"] = group_id
        if scope is not UNSET:
            field_dict["scope"] = scope

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        body = d.pop("body")

        short_code = d.pop("short_code")

        title = d.pop("title")

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

        def _parse_scope(data: object) -> CannedScope | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                scope_type_0 = CannedScope(data)

                return scope_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CannedScope | None | Unset, data)

        scope = _parse_scope(d.pop("scope", UNSET))

        create_canned_response = cls(
            body=body,
            short_code=short_code,
            title=title,
            group_id=group_id,
            scope=scope,
        )

        create_canned_response.additional_properties = d
        return create_canned_response

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

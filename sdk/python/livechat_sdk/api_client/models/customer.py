from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Customer")


@_attrs_define
class Customer:
    """A customer as the bot platform knows them.

    Example:
        {'blocked': False, 'display_name': 'Grace', 'email': 'grace@example.com', 'external_id': 'crm-4711', 'id':
            '0193a4e2-6b0c-7d1e-8f2a-3b4c5d6e7f80', 'online': True}

    Attributes:
        blocked (bool): A blocked customer cannot enter live chat until an admin unblocks them.
        display_name (str):
        external_id (str): The bot platform's id of the customer.
        id (UUID):
        online (bool): Whether the customer has a stream open now (with a short grace after it closes).
        email (None | str | Unset): The customer's email, when known.
    """

    blocked: bool
    display_name: str
    external_id: str
    id: UUID
    online: bool
    email: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        blocked = self.blocked

        display_name = self.display_name

        external_id = self.external_id

        id = str(self.id)

        online = self.online

        email: None | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "blocked": blocked,
                "display_name": display_name,
                "external_id": external_id,
                "id": id,
                "online": online,
            }
        )
        if email is not UNSET:
            field_dict["email"] = email

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        blocked = d.pop("blocked")

        display_name = d.pop("display_name")

        external_id = d.pop("external_id")

        id = UUID(d.pop("id"))

        online = d.pop("online")

        def _parse_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))

        customer = cls(
            blocked=blocked,
            display_name=display_name,
            external_id=external_id,
            id=id,
            online=online,
            email=email,
        )

        customer.additional_properties = d
        return customer

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

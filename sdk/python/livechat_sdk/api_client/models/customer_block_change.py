from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CustomerBlockChange")


@_attrs_define
class CustomerBlockChange:
    """Data of `customer.blocked` and `customer.unblocked`.

    Attributes:
        by_agent_id (UUID): The agent who blocked or unblocked the customer.
        customer_id (UUID):
    """

    by_agent_id: UUID
    customer_id: UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        by_agent_id = str(self.by_agent_id)

        customer_id = str(self.customer_id)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "by_agent_id": by_agent_id,
                "customer_id": customer_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        by_agent_id = UUID(d.pop("by_agent_id"))

        customer_id = UUID(d.pop("customer_id"))

        customer_block_change = cls(
            by_agent_id=by_agent_id,
            customer_id=customer_id,
        )

        customer_block_change.additional_properties = d
        return customer_block_change

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

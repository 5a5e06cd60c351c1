from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.customer import Customer
    from ..models.customer_token_grant import CustomerTokenGrant


T = TypeVar("T", bound="IssuedCustomerToken")


@_attrs_define
class IssuedCustomerToken:
    """A new customer token and where the customer stands.

    Attributes:
        customer (Customer): A customer as the bot platform knows them. Example: {'blocked': False, 'display_name':
            'Grace', 'email': 'grace@example.com', 'external_id': 'crm-4711', 'id': '0193a4e2-6b0c-7d1e-8f2a-3b4c5d6e7f80',
            'online': True}.
        customer_token (CustomerTokenGrant): A token for a customer's chat UI.
        open_conversation_id (None | Unset | UUID): The customer's open (waiting or active) conversation, if any.
    """

    customer: Customer
    customer_token: CustomerTokenGrant
    open_conversation_id: None | Unset | UUID = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        customer = self.customer.to_dict()

        customer_token = self.customer_token.to_dict()

        open_conversation_id: None | str | Unset
        if isinstance(self.open_conversation_id, Unset):
            open_conversation_id = UNSET
        elif isinstance(self.open_conversation_id, UUID):
            open_conversation_id = str(self.open_conversation_id)
        else:
            open_conversation_id = self.open_conversation_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "customer": customer,
                "customer_token": customer_token,
            }
        )
        if open_conversation_id is not UNSET:
            field_dict["open_conversation_id"] = open_conversation_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.customer import Customer  # noqa: PLC0415
        from ..models.customer_token_grant import CustomerTokenGrant  # noqa: PLC0415

        d = dict(src_dict)
        customer = Customer.from_dict(d.pop("customer"))

        customer_token = CustomerTokenGrant.from_dict(d.pop("customer_token"))

        def _parse_open_conversation_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                open_conversation_id_type_0 = UUID(data)

                return open_conversation_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        open_conversation_id = _parse_open_conversation_id(d.pop("open_conversation_id", UNSET))

        issued_customer_token = cls(
            customer=customer,
            customer_token=customer_token,
            open_conversation_id=open_conversation_id,
        )

        issued_customer_token.additional_properties = d
        return issued_customer_token

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

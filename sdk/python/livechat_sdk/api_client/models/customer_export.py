from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.customer import Customer
    from ..models.exported_conversation import ExportedConversation


T = TypeVar("T", bound="CustomerExport")


@_attrs_define
class CustomerExport:
    """A customer with their conversations and messages.

    Attributes:
        conversations (list[ExportedConversation]):
        customer (Customer): A customer as the bot platform knows them. Example: {'blocked': False, 'display_name':
            'Grace', 'email': 'grace@example.com', 'external_id': 'crm-4711', 'id': '0193a4e2-6b0c-7d1e-8f2a-3b4c5d6e7f80',
            'online': True}.
    """

    conversations: list[ExportedConversation]
    customer: Customer
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        conversations = []
        for conversations_item_data in self.conversations:
            conversations_item = conversations_item_data.to_dict()
            conversations.append(conversations_item)

        customer = self.customer.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "conversations": conversations,
                "customer": customer,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.customer import Customer  # noqa: PLC0415
        from ..models.exported_conversation import ExportedConversation  # noqa: PLC0415

        d = dict(src_dict)
        conversations = []
        _conversations = d.pop("conversations")
        for conversations_item_data in _conversations:
            conversations_item = ExportedConversation.from_dict(conversations_item_data)

            conversations.append(conversations_item)

        customer = Customer.from_dict(d.pop("customer"))

        customer_export = cls(
            conversations=conversations,
            customer=customer,
        )

        customer_export.additional_properties = d
        return customer_export

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

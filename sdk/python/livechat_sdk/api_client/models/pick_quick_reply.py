from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PickQuickReply")


@_attrs_define
class PickQuickReply:
    """The quick reply the customer picked.

    Example:
        {'quick_reply_id': 'faq'}

    Attributes:
        quick_reply_id (str): The `id` of one of the conversation's `quick_replies` (422 for any other).
    """

    quick_reply_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        quick_reply_id = self.quick_reply_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "quick_reply_id": quick_reply_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        quick_reply_id = d.pop("quick_reply_id")

        pick_quick_reply = cls(
            quick_reply_id=quick_reply_id,
        )

        pick_quick_reply.additional_properties = d
        return pick_quick_reply

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="QuickReply")


@_attrs_define
class QuickReply:
    """A persistent quick reply: a button that leads the customer to an experience.

    Example:
        {'experience_id': 'parcel-tracking', 'id': 'track', 'label': 'Track my parcel'}

    Attributes:
        experience_id (str): The experience the customer goes to when picking it.
        id (str): Unique within the module configuration.
        label (str):
    """

    experience_id: str
    id: str
    label: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        experience_id = self.experience_id

        id = self.id

        label = self.label

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "experience_id": experience_id,
                "id": id,
                "label": label,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        experience_id = d.pop("experience_id")

        id = d.pop("id")

        label = d.pop("label")

        quick_reply = cls(
            experience_id=experience_id,
            id=id,
            label=label,
        )

        quick_reply.additional_properties = d
        return quick_reply

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

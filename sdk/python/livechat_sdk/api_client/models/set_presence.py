from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.presence import Presence

T = TypeVar("T", bound="SetPresence")


@_attrs_define
class SetPresence:
    """The calling agent's new presence.

    Example:
        {'presence': 'online'}

    Attributes:
        presence (Presence): Whether an agent takes conversations now. Only `online` agents take conversations over.
    """

    presence: Presence
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        presence = self.presence.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "presence": presence,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        presence = Presence(d.pop("presence"))

        set_presence = cls(
            presence=presence,
        )

        set_presence.additional_properties = d
        return set_presence

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

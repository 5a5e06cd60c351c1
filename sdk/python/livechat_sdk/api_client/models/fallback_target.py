from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.fallback_target_kind import FallbackTargetKind

T = TypeVar("T", bound="FallbackTarget")


@_attrs_define
class FallbackTarget:
    """Where a module sends the customer when nobody can chat: a subprocess or an experience.

    Attributes:
        id (str): The id of the place in the bot platform.
        kind (FallbackTargetKind): The kinds this target can have.
    """

    id: str
    kind: FallbackTargetKind
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        kind = self.kind.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "kind": kind,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        kind = FallbackTargetKind(d.pop("kind"))

        fallback_target = cls(
            id=id,
            kind=kind,
        )

        fallback_target.additional_properties = d
        return fallback_target

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.jump_target_kind import JumpTargetKind

T = TypeVar("T", bound="JumpTarget")


@_attrs_define
class JumpTarget:
    """Where a jump sends the customer: a process module or an experience.

    Attributes:
        id (str): The id of the place in the bot platform.
        kind (JumpTargetKind): The kinds this target can have.
    """

    id: str
    kind: JumpTargetKind
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

        kind = JumpTargetKind(d.pop("kind"))

        jump_target = cls(
            id=id,
            kind=kind,
        )

        jump_target.additional_properties = d
        return jump_target

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

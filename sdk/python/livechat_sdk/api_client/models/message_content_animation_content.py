from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.message_content_animation_content_kind import MessageContentAnimationContentKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="MessageContentAnimationContent")


@_attrs_define
class MessageContentAnimationContent:
    """An animation the customer's chat UI plays.

    Attributes:
        kind (MessageContentAnimationContentKind):  Example: animation.
        name (str):
        params (Any | Unset): Free-form parameters for the animation.
    """

    kind: MessageContentAnimationContentKind
    name: str
    params: Any | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        name = self.name

        params = self.params

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "kind": kind,
                "name": name,
            }
        )
        if params is not UNSET:
            field_dict["params"] = params

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = MessageContentAnimationContentKind(d.pop("kind"))

        name = d.pop("name")

        params = d.pop("params", UNSET)

        message_content_animation_content = cls(
            kind=kind,
            name=name,
            params=params,
        )

        message_content_animation_content.additional_properties = d
        return message_content_animation_content

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

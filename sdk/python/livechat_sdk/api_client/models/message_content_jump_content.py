from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.message_content_jump_content_kind import MessageContentJumpContentKind

if TYPE_CHECKING:
    from ..models.target import Target


T = TypeVar("T", bound="MessageContentJumpContent")


@_attrs_define
class MessageContentJumpContent:
    """The agent sent the customer to another part of the process; the chat ended with it.

    Attributes:
        kind (MessageContentJumpContentKind):  Example: jump.
        target (Target): Where the customer goes next. Example: {'id': 'contact-form', 'kind': 'subprocess'}.
    """

    kind: MessageContentJumpContentKind
    target: Target
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        target = self.target.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "kind": kind,
                "target": target,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.target import Target  # noqa: PLC0415

        d = dict(src_dict)
        kind = MessageContentJumpContentKind(d.pop("kind"))

        target = Target.from_dict(d.pop("target"))

        message_content_jump_content = cls(
            kind=kind,
            target=target,
        )

        message_content_jump_content.additional_properties = d
        return message_content_jump_content

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

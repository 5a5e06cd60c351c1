from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.message_content_text_content_kind import MessageContentTextContentKind

T = TypeVar("T", bound="MessageContentTextContent")


@_attrs_define
class MessageContentTextContent:
    """A text message.

    Attributes:
        kind (MessageContentTextContentKind):  Example: text.
        text (str):
    """

    kind: MessageContentTextContentKind
    text: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        text = self.text

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "kind": kind,
                "text": text,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = MessageContentTextContentKind(d.pop("kind"))

        text = d.pop("text")

        message_content_text_content = cls(
            kind=kind,
            text=text,
        )

        message_content_text_content.additional_properties = d
        return message_content_text_content

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

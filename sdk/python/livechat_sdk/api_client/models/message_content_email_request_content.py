from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.message_content_email_request_content_kind import MessageContentEmailRequestContentKind

T = TypeVar("T", bound="MessageContentEmailRequestContent")


@_attrs_define
class MessageContentEmailRequestContent:
    """The customer is asked for an email address (answer with `give_email`).

    Attributes:
        kind (MessageContentEmailRequestContentKind):  Example: email_request.
        text (str):
    """

    kind: MessageContentEmailRequestContentKind
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
        kind = MessageContentEmailRequestContentKind(d.pop("kind"))

        text = d.pop("text")

        message_content_email_request_content = cls(
            kind=kind,
            text=text,
        )

        message_content_email_request_content.additional_properties = d
        return message_content_email_request_content

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

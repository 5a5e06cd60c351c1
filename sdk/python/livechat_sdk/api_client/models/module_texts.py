from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ModuleTexts")


@_attrs_define
class ModuleTexts:
    """The texts in force.

    Example:
        {'email_request': 'Which email address can we reach you at?', 'offline': 'Nobody is online right now. Leave a
            message and we will get back to you.', 'waiting': 'Thanks for waiting, an agent will be with you shortly.'}

    Attributes:
        email_request (str):
        offline (str):
        waiting (str):
    """

    email_request: str
    offline: str
    waiting: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        email_request = self.email_request

        offline = self.offline

        waiting = self.waiting

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "email_request": email_request,
                "offline": offline,
                "waiting": waiting,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        email_request = d.pop("email_request")

        offline = d.pop("offline")

        waiting = d.pop("waiting")

        module_texts = cls(
            email_request=email_request,
            offline=offline,
            waiting=waiting,
        )

        module_texts.additional_properties = d
        return module_texts

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

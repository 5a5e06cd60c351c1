from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CustomerTexts")


@_attrs_define
class CustomerTexts:
    """The texts the customer sees; absent ones take the defaults.

    Attributes:
        email_request (None | str | Unset): The question asking for an email address.
        offline (None | str | Unset): Shown when the customer enters and nobody is online (async chatting).
        waiting (None | str | Unset): Shown when the customer enters and an agent is online.
    """

    email_request: None | str | Unset = UNSET
    offline: None | str | Unset = UNSET
    waiting: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        email_request: None | str | Unset
        if isinstance(self.email_request, Unset):
            email_request = UNSET
        else:
            email_request = self.email_request

        offline: None | str | Unset
        if isinstance(self.offline, Unset):
            offline = UNSET
        else:
            offline = self.offline

        waiting: None | str | Unset
        if isinstance(self.waiting, Unset):
            waiting = UNSET
        else:
            waiting = self.waiting

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if email_request is not UNSET:
            field_dict["email_request"] = email_request
        if offline is not UNSET:
            field_dict["offline"] = offline
        if waiting is not UNSET:
            field_dict["waiting"] = waiting

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_email_request(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email_request = _parse_email_request(d.pop("email_request", UNSET))

        def _parse_offline(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        offline = _parse_offline(d.pop("offline", UNSET))

        def _parse_waiting(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        waiting = _parse_waiting(d.pop("waiting", UNSET))

        customer_texts = cls(
            email_request=email_request,
            offline=offline,
            waiting=waiting,
        )

        customer_texts.additional_properties = d
        return customer_texts

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

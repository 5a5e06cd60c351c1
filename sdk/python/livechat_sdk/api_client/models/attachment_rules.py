from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AttachmentRules")


@_attrs_define
class AttachmentRules:
    """What files a module's customers and agents may send.

    Attributes:
        allowed_types (list[str] | None | Unset): Media types by content, as the server finds them in the file's bytes,
            whatever
            its name or the client's `Content-Type`: `image/png`, `image/jpeg`, `image/gif`,
            `image/webp`, `application/pdf`, `text/plain` (UTF-8 without control
            characters), `application/zip`, the Office formats… Absent: the first six and
            Word and Excel documents.
        max_bytes (int | None | Unset): The largest file, in bytes (default 10 MiB); the server's `attachment_max_bytes`
            caps it.
        max_per_message (int | None | Unset): Files one message carries at most (default 10).
    """

    allowed_types: list[str] | None | Unset = UNSET
    max_bytes: int | None | Unset = UNSET
    max_per_message: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        allowed_types: list[str] | None | Unset
        if isinstance(self.allowed_types, Unset):
            allowed_types = UNSET
        elif isinstance(self.allowed_types, list):
            allowed_types = self.allowed_types

        else:
            allowed_types = self.allowed_types

        max_bytes: int | None | Unset
        if isinstance(self.max_bytes, Unset):
            max_bytes = UNSET
        else:
            max_bytes = self.max_bytes

        max_per_message: int | None | Unset
        if isinstance(self.max_per_message, Unset):
            max_per_message = UNSET
        else:
            max_per_message = self.max_per_message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if allowed_types is not UNSET:
            field_dict["allowed_types"] = allowed_types
        if max_bytes is not UNSET:
            field_dict["max_bytes"] = max_bytes
        if max_per_message is not UNSET:
            field_dict["max_per_message"] = max_per_message

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_allowed_types(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                allowed_types_type_0 = cast(list[str], data)

                return allowed_types_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        allowed_types = _parse_allowed_types(d.pop("allowed_types", UNSET))

        def _parse_max_bytes(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_bytes = _parse_max_bytes(d.pop("max_bytes", UNSET))

        def _parse_max_per_message(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_per_message = _parse_max_per_message(d.pop("max_per_message", UNSET))

        attachment_rules = cls(
            allowed_types=allowed_types,
            max_bytes=max_bytes,
            max_per_message=max_per_message,
        )

        attachment_rules.additional_properties = d
        return attachment_rules

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

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.api_key_record import ApiKeyRecord


T = TypeVar("T", bound="CreatedApiKey")


@_attrs_define
class CreatedApiKey:
    """A created API key with its secret, shown this once.

    Example:
        {'key': 'lc_3kTqXZ9vJ2mN8pR4sW7yB1cD5fG6hL0', 'record': {'created_at': '2026-11-02T08:00:00+00:00', 'id':
            '0193a4e2-3c4d-7e5f-8a6b-7c8d9e0f1a2b', 'name': 'bot platform (production)', 'prefix': 'lc_3kTqXZ9',
            'revoked_at': None}}

    Attributes:
        key (str): Send as `Authorization: Bearer <key>`. It is stored hashed and cannot be shown again. Example:
            eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJleGFtcGxlIn0.c2lnbmF0dXJl.
        record (ApiKeyRecord): An API key's record; the key itself is only shown when created. Example: {'created_at':
            '2026-11-02T08:00:00+00:00', 'id': '0193a4e2-3c4d-7e5f-8a6b-7c8d9e0f1a2b', 'name': 'bot platform (production)',
            'prefix': 'lc_3kTqXZ9'}.
    """

    key: str
    record: ApiKeyRecord
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        key = self.key

        record = self.record.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "key": key,
                "record": record,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.api_key_record import ApiKeyRecord  # noqa: PLC0415

        d = dict(src_dict)
        key = d.pop("key")

        record = ApiKeyRecord.from_dict(d.pop("record"))

        created_api_key = cls(
            key=key,
            record=record,
        )

        created_api_key.additional_properties = d
        return created_api_key

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

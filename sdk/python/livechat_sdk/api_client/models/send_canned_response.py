from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="SendCannedResponse")


@_attrs_define
class SendCannedResponse:
    """Which canned response to send.

    Example:
        {'canned_response_id': '0193a4e2-aa1b-7c2d-8e3f-4a5b6c7d8e90', 'client_message_id': 'c0a8012e-2'}

    Attributes:
        canned_response_id (UUID):
        client_message_id (None | str | Unset): Idempotency key, as for text messages.
    """

    canned_response_id: UUID
    client_message_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        canned_response_id = str(self.canned_response_id)

        client_message_id: None | str | Unset
        if isinstance(self.client_message_id, Unset):
            client_message_id = UNSET
        else:
            client_message_id = self.client_message_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "canned_response_id": canned_response_id,
            }
        )
        if client_message_id is not UNSET:
            field_dict["client_message_id"] = client_message_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        canned_response_id = UUID(d.pop("canned_response_id"))

        def _parse_client_message_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        client_message_id = _parse_client_message_id(d.pop("client_message_id", UNSET))

        send_canned_response = cls(
            canned_response_id=canned_response_id,
            client_message_id=client_message_id,
        )

        send_canned_response.additional_properties = d
        return send_canned_response

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

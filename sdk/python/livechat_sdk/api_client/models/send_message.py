from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="SendMessage")


@_attrs_define
class SendMessage:
    """A text message, or files with an optional text.

    Example:
        {'client_message_id': 'c0a8012e-1', 'text': 'Hello, how can I help?'}

    Attributes:
        attachment_ids (list[UUID] | None | Unset): Files uploaded into this conversation by the sender and not sent yet
            (`upload_attachment`): the message is of kind `file`. Another conversation's or
            another sender's upload is 404; one in a message already is 409 `attachment_sent`;
            at most the module's `attachments.max_per_message` (422).
        client_message_id (None | str | Unset): An idempotency key chosen by the sender: a retry with the same key
            returns the
            first message (200) instead of writing another.
        text (None | str | Unset): Required unless the message carries `attachment_ids`.
    """

    attachment_ids: list[UUID] | None | Unset = UNSET
    client_message_id: None | str | Unset = UNSET
    text: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        attachment_ids: list[str] | None | Unset
        if isinstance(self.attachment_ids, Unset):
            attachment_ids = UNSET
        elif isinstance(self.attachment_ids, list):
            attachment_ids = []
            for attachment_ids_type_0_item_data in self.attachment_ids:
                attachment_ids_type_0_item = str(attachment_ids_type_0_item_data)
                attachment_ids.append(attachment_ids_type_0_item)

        else:
            attachment_ids = self.attachment_ids

        client_message_id: None | str | Unset
        if isinstance(self.client_message_id, Unset):
            client_message_id = UNSET
        else:
            client_message_id = self.client_message_id

        text: None | str | Unset
        if isinstance(self.text, Unset):
            text = UNSET
        else:
            text = self.text

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if attachment_ids is not UNSET:
            field_dict["attachment_ids"] = attachment_ids
        if client_message_id is not UNSET:
            field_dict["client_message_id"] = client_message_id
        if text is not UNSET:
            field_dict["text"] = text

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_attachment_ids(data: object) -> list[UUID] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                attachment_ids_type_0 = []
                _attachment_ids_type_0 = data
                for attachment_ids_type_0_item_data in _attachment_ids_type_0:
                    attachment_ids_type_0_item = UUID(attachment_ids_type_0_item_data)

                    attachment_ids_type_0.append(attachment_ids_type_0_item)

                return attachment_ids_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[UUID] | None | Unset, data)

        attachment_ids = _parse_attachment_ids(d.pop("attachment_ids", UNSET))

        def _parse_client_message_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        client_message_id = _parse_client_message_id(d.pop("client_message_id", UNSET))

        def _parse_text(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        text = _parse_text(d.pop("text", UNSET))

        send_message = cls(
            attachment_ids=attachment_ids,
            client_message_id=client_message_id,
            text=text,
        )

        send_message.additional_properties = d
        return send_message

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

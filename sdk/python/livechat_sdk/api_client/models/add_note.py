from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AddNote")


@_attrs_define
class AddNote:
    """A new note.

    Example:
        {'mentions': ['0193a4e2-8f10-7a2b-9c3d-4e5f60718294'], 'text': 'Refund approved by billing; tell her it takes 3
            days.'}

    Attributes:
        text (str): Up to 4000 characters; line breaks allowed.
        mentions (list[UUID] | None | Unset): Agents to notify (`agent.mentioned` on their streams), by id, at most 20.
            Each
            must be active and see the conversation.
    """

    text: str
    mentions: list[UUID] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        text = self.text

        mentions: list[str] | None | Unset
        if isinstance(self.mentions, Unset):
            mentions = UNSET
        elif isinstance(self.mentions, list):
            mentions = []
            for mentions_type_0_item_data in self.mentions:
                mentions_type_0_item = str(mentions_type_0_item_data)
                mentions.append(mentions_type_0_item)

        else:
            mentions = self.mentions

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "text": text,
            }
        )
        if mentions is not UNSET:
            field_dict["mentions"] = mentions

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        text = d.pop("text")

        def _parse_mentions(data: object) -> list[UUID] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                mentions_type_0 = []
                _mentions_type_0 = data
                for mentions_type_0_item_data in _mentions_type_0:
                    mentions_type_0_item = UUID(mentions_type_0_item_data)

                    mentions_type_0.append(mentions_type_0_item)

                return mentions_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[UUID] | None | Unset, data)

        mentions = _parse_mentions(d.pop("mentions", UNSET))

        add_note = cls(
            text=text,
            mentions=mentions,
        )

        add_note.additional_properties = d
        return add_note

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

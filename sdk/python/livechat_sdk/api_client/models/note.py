from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.agent_summary import AgentSummary


T = TypeVar("T", bound="Note")


@_attrs_define
class Note:
    """An internal note on a conversation: agents see it, the customer never does (not on
    their stream, not in messages, emails or transcripts).

        Example:
            {'author': {'id': '0193a4e2-8f10-7a2b-9c3d-4e5f60718293', 'name': 'Ada Lovelace'}, 'conversation_id':
                '0193a4e2-7c1d-7b3e-9f4a-2c8e5d6f7a10', 'created_at': '2026-11-29T10:12:05+00:00', 'id':
                '0193a4e2-9a1b-7c2d-8e3f-4a5b6c7d8e9f', 'mentions': [{'id': '0193a4e2-8f10-7a2b-9c3d-4e5f60718294', 'name':
                'Grace Hopper'}], 'text': 'Refund approved by billing; tell her it takes 3 days.'}

        Attributes:
            author (AgentSummary): An agent, as others see them. Example: {'id': '0193a4e2-8f10-7a2b-9c3d-4e5f60718293',
                'name': 'Ada Lovelace'}.
            conversation_id (UUID):
            created_at (datetime.datetime):
            id (UUID):
            mentions (list[AgentSummary]): The agents it mentions; each got `agent.mentioned` on their streams.
            text (str):
    """

    author: AgentSummary
    conversation_id: UUID
    created_at: datetime.datetime
    id: UUID
    mentions: list[AgentSummary]
    text: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        author = self.author.to_dict()

        conversation_id = str(self.conversation_id)

        created_at = self.created_at.isoformat()

        id = str(self.id)

        mentions = []
        for mentions_item_data in self.mentions:
            mentions_item = mentions_item_data.to_dict()
            mentions.append(mentions_item)

        text = self.text

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "author": author,
                "conversation_id": conversation_id,
                "created_at": created_at,
                "id": id,
                "mentions": mentions,
                "text": text,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.agent_summary import AgentSummary  # noqa: PLC0415

        d = dict(src_dict)
        author = AgentSummary.from_dict(d.pop("author"))

        conversation_id = UUID(d.pop("conversation_id"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = UUID(d.pop("id"))

        mentions = []
        _mentions = d.pop("mentions")
        for mentions_item_data in _mentions:
            mentions_item = AgentSummary.from_dict(mentions_item_data)

            mentions.append(mentions_item)

        text = d.pop("text")

        note = cls(
            author=author,
            conversation_id=conversation_id,
            created_at=created_at,
            id=id,
            mentions=mentions,
            text=text,
        )

        note.additional_properties = d
        return note

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

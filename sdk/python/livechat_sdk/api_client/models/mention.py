from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.note import Note


T = TypeVar("T", bound="Mention")


@_attrs_define
class Mention:
    """Data of `agent.mentioned`: a note mentions the agent; only that agent's streams carry
    it, whether or not the conversation is theirs.

        Example:
            {'agent_id': '0193a4e2-8f10-7a2b-9c3d-4e5f60718294', 'note': {'author': {'id':
                '0193a4e2-8f10-7a2b-9c3d-4e5f60718293', 'name': 'Ada Lovelace'}, 'conversation_id':
                '0193a4e2-7c1d-7b3e-9f4a-2c8e5d6f7a10', 'created_at': '2026-11-29T10:12:05+00:00', 'id':
                '0193a4e2-9a1b-7c2d-8e3f-4a5b6c7d8e9f', 'mentions': [{'id': '0193a4e2-8f10-7a2b-9c3d-4e5f60718294', 'name':
                'Grace Hopper'}], 'text': 'Refund approved by billing; tell her it takes 3 days.'}}

        Attributes:
            agent_id (UUID): The agent mentioned.
            note (Note): An internal note on a conversation: agents see it, the customer never does (not on
                their stream, not in messages, emails or transcripts). Example: {'author': {'id':
                '0193a4e2-8f10-7a2b-9c3d-4e5f60718293', 'name': 'Ada Lovelace'}, 'conversation_id':
                '0193a4e2-7c1d-7b3e-9f4a-2c8e5d6f7a10', 'created_at': '2026-11-29T10:12:05+00:00', 'id':
                '0193a4e2-9a1b-7c2d-8e3f-4a5b6c7d8e9f', 'mentions': [{'id': '0193a4e2-8f10-7a2b-9c3d-4e5f60718294', 'name':
                'Grace Hopper'}], 'text': 'Refund approved by billing; tell her it takes 3 days.'}.
    """

    agent_id: UUID
    note: Note
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        agent_id = str(self.agent_id)

        note = self.note.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "agent_id": agent_id,
                "note": note,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.note import Note  # noqa: PLC0415

        d = dict(src_dict)
        agent_id = UUID(d.pop("agent_id"))

        note = Note.from_dict(d.pop("note"))

        mention = cls(
            agent_id=agent_id,
            note=note,
        )

        mention.additional_properties = d
        return mention

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

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.agent_mentioned_webhook_type import AgentMentionedWebhookType

if TYPE_CHECKING:
    from ..models.mention import Mention


T = TypeVar("T", bound="AgentMentionedWebhook")


@_attrs_define
class AgentMentionedWebhook:
    """The `agent.mentioned` webhook's body. A note mentions this stream's agent (their streams only, whoever serves the
    conversation).

        Attributes:
            data (Mention): Data of `agent.mentioned`: a note mentions the agent; only that agent's streams carry
                it, whether or not the conversation is theirs. Example: {'agent_id': '0193a4e2-8f10-7a2b-9c3d-4e5f60718294',
                'note': {'author': {'id': '0193a4e2-8f10-7a2b-9c3d-4e5f60718293', 'name': 'Ada Lovelace'}, 'conversation_id':
                '0193a4e2-7c1d-7b3e-9f4a-2c8e5d6f7a10', 'created_at': '2026-11-29T10:12:05+00:00', 'id':
                '0193a4e2-9a1b-7c2d-8e3f-4a5b6c7d8e9f', 'mentions': [{'id': '0193a4e2-8f10-7a2b-9c3d-4e5f60718294', 'name':
                'Grace Hopper'}], 'text': 'Refund approved by billing; tell her it takes 3 days.'}}.
            event_id (int): The event's id, as on the streams.
            timestamp (datetime.datetime): When the webhook was queued.
            type_ (AgentMentionedWebhookType):
    """

    data: Mention
    event_id: int
    timestamp: datetime.datetime
    type_: AgentMentionedWebhookType
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = self.data.to_dict()

        event_id = self.event_id

        timestamp = self.timestamp.isoformat()

        type_ = self.type_.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
                "event_id": event_id,
                "timestamp": timestamp,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.mention import Mention  # noqa: PLC0415

        d = dict(src_dict)
        data = Mention.from_dict(d.pop("data"))

        event_id = d.pop("event_id")

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        type_ = AgentMentionedWebhookType(d.pop("type"))

        agent_mentioned_webhook = cls(
            data=data,
            event_id=event_id,
            timestamp=timestamp,
            type_=type_,
        )

        agent_mentioned_webhook.additional_properties = d
        return agent_mentioned_webhook

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

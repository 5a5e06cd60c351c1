from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.typing_side import TypingSide
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.agent_summary import AgentSummary


T = TypeVar("T", bound="Typing")


@_attrs_define
class Typing:
    """Data of `typing`.

    Attributes:
        conversation_id (UUID):
        side (str | TypingSide):
        agent (AgentSummary | None | Unset): The agent, when the agent is typing.
    """

    conversation_id: UUID
    side: str | TypingSide
    agent: AgentSummary | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.agent_summary import AgentSummary  # noqa: PLC0415

        conversation_id = str(self.conversation_id)

        side: str
        if isinstance(self.side, TypingSide):
            side = self.side.value
        else:
            side = self.side

        agent: dict[str, Any] | None | Unset
        if isinstance(self.agent, Unset):
            agent = UNSET
        elif isinstance(self.agent, AgentSummary):
            agent = self.agent.to_dict()
        else:
            agent = self.agent

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "conversation_id": conversation_id,
                "side": side,
            }
        )
        if agent is not UNSET:
            field_dict["agent"] = agent

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.agent_summary import AgentSummary  # noqa: PLC0415

        d = dict(src_dict)
        conversation_id = UUID(d.pop("conversation_id"))

        def _parse_side(data: object) -> str | TypingSide:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                side_type_0 = TypingSide(data)

                return side_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(str | TypingSide, data)

        side = _parse_side(d.pop("side"))

        def _parse_agent(data: object) -> AgentSummary | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                agent_type_0 = AgentSummary.from_dict(data)

                return agent_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AgentSummary | None | Unset, data)

        agent = _parse_agent(d.pop("agent", UNSET))

        typing = cls(
            conversation_id=conversation_id,
            side=side,
            agent=agent,
        )

        typing.additional_properties = d
        return typing

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

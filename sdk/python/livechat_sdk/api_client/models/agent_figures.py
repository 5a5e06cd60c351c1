from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.chat_figures import ChatFigures


T = TypeVar("T", bound="AgentFigures")


@_attrs_define
class AgentFigures:
    """The figures of the chats one agent served (the last agent of a chat counts it).

    Attributes:
        agent_id (UUID):
        chat_seconds (int): Seconds of active chats served within the range (each chat from take-over to end).
        figures (ChatFigures): What happened to the chats that entered in a span of time.
        name (str):
        occupancy (float | None | Unset): Active chats over capacity while online: `chat_seconds / (online_seconds ×
            max_active_chats)`; absent without a capacity or online time.
        online_seconds (int | None | Unset): Seconds the agent was online within the range, from the presence changes in
            the
            event log; absent when the log no longer reaches back to the range's start.
    """

    agent_id: UUID
    chat_seconds: int
    figures: ChatFigures
    name: str
    occupancy: float | None | Unset = UNSET
    online_seconds: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        agent_id = str(self.agent_id)

        chat_seconds = self.chat_seconds

        figures = self.figures.to_dict()

        name = self.name

        occupancy: float | None | Unset
        if isinstance(self.occupancy, Unset):
            occupancy = UNSET
        else:
            occupancy = self.occupancy

        online_seconds: int | None | Unset
        if isinstance(self.online_seconds, Unset):
            online_seconds = UNSET
        else:
            online_seconds = self.online_seconds

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "agent_id": agent_id,
                "chat_seconds": chat_seconds,
                "figures": figures,
                "name": name,
            }
        )
        if occupancy is not UNSET:
            field_dict["occupancy"] = occupancy
        if online_seconds is not UNSET:
            field_dict["online_seconds"] = online_seconds

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.chat_figures import ChatFigures  # noqa: PLC0415

        d = dict(src_dict)
        agent_id = UUID(d.pop("agent_id"))

        chat_seconds = d.pop("chat_seconds")

        figures = ChatFigures.from_dict(d.pop("figures"))

        name = d.pop("name")

        def _parse_occupancy(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        occupancy = _parse_occupancy(d.pop("occupancy", UNSET))

        def _parse_online_seconds(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        online_seconds = _parse_online_seconds(d.pop("online_seconds", UNSET))

        agent_figures = cls(
            agent_id=agent_id,
            chat_seconds=chat_seconds,
            figures=figures,
            name=name,
            occupancy=occupancy,
            online_seconds=online_seconds,
        )

        agent_figures.additional_properties = d
        return agent_figures

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

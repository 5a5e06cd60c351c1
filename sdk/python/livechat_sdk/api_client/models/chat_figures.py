from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.csat_figures import CsatFigures
    from ..models.percentiles import Percentiles


T = TypeVar("T", bound="ChatFigures")


@_attrs_define
class ChatFigures:
    """What happened to the chats that entered in a span of time.

    Attributes:
        abandoned (int): Chats the customer left (or left by a quick reply) while waiting.
        csat (CsatFigures): Ratings given (CSAT).
        duration_seconds (Percentiles): The 50th and 90th percentiles of a duration, in seconds (nearest rank, exact);
            absent when nothing was measured.
        entered (int): Chats that entered the module (those that exited at once included).
        first_response_seconds (Percentiles): The 50th and 90th percentiles of a duration, in seconds (nearest rank,
            exact);
            absent when nothing was measured.
        missed (int): Chats that ended waiting, nobody having served them, and not by the customer
            (no agent available, outside business hours, timeout, blocked).
        served (int): Chats an agent took over.
        wait_seconds (Percentiles): The 50th and 90th percentiles of a duration, in seconds (nearest rank, exact);
            absent when nothing was measured.
        messages_per_chat (float | None | Unset): Messages of the customer and agents per served chat, on average.
    """

    abandoned: int
    csat: CsatFigures
    duration_seconds: Percentiles
    entered: int
    first_response_seconds: Percentiles
    missed: int
    served: int
    wait_seconds: Percentiles
    messages_per_chat: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        abandoned = self.abandoned

        csat = self.csat.to_dict()

        duration_seconds = self.duration_seconds.to_dict()

        entered = self.entered

        first_response_seconds = self.first_response_seconds.to_dict()

        missed = self.missed

        served = self.served

        wait_seconds = self.wait_seconds.to_dict()

        messages_per_chat: float | None | Unset
        if isinstance(self.messages_per_chat, Unset):
            messages_per_chat = UNSET
        else:
            messages_per_chat = self.messages_per_chat

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "abandoned": abandoned,
                "csat": csat,
                "duration_seconds": duration_seconds,
                "entered": entered,
                "first_response_seconds": first_response_seconds,
                "missed": missed,
                "served": served,
                "wait_seconds": wait_seconds,
            }
        )
        if messages_per_chat is not UNSET:
            field_dict["messages_per_chat"] = messages_per_chat

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.csat_figures import CsatFigures  # noqa: PLC0415
        from ..models.percentiles import Percentiles  # noqa: PLC0415

        d = dict(src_dict)
        abandoned = d.pop("abandoned")

        csat = CsatFigures.from_dict(d.pop("csat"))

        duration_seconds = Percentiles.from_dict(d.pop("duration_seconds"))

        entered = d.pop("entered")

        first_response_seconds = Percentiles.from_dict(d.pop("first_response_seconds"))

        missed = d.pop("missed")

        served = d.pop("served")

        wait_seconds = Percentiles.from_dict(d.pop("wait_seconds"))

        def _parse_messages_per_chat(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        messages_per_chat = _parse_messages_per_chat(d.pop("messages_per_chat", UNSET))

        chat_figures = cls(
            abandoned=abandoned,
            csat=csat,
            duration_seconds=duration_seconds,
            entered=entered,
            first_response_seconds=first_response_seconds,
            missed=missed,
            served=served,
            wait_seconds=wait_seconds,
            messages_per_chat=messages_per_chat,
        )

        chat_figures.additional_properties = d
        return chat_figures

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

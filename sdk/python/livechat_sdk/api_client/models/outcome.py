from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.conversation_status import ConversationStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.exit_ import Exit
    from ..models.process_variables import ProcessVariables
    from ..models.rating import Rating


T = TypeVar("T", bound="Outcome")


@_attrs_define
class Outcome:
    """The outcome of a conversation for the bot platform.

    Attributes:
        conversation_id (UUID):
        status (ConversationStatus | str):
        variables (ProcessVariables): The process-specific variables the module hands back to the process, computed for
            every conversation at any time. Once it has ended they no longer change, except
            `live_agent_name` (the agent's current name) and `live_email` (gone after an erase). Example: {'live_agent_id':
            '0193a4e2-8f10-7a2b-9c3d-4e5f60718293', 'live_agent_messages': 2, 'live_agent_name': 'Ada Lovelace',
            'live_async': False, 'live_customer_messages': 2, 'live_duration_seconds': 102, 'live_email':
            'grace@example.com', 'live_queue_position_at_entry': 1, 'live_status': 'active', 'live_waited_seconds': 35}.
        exit_ (Exit | None | Unset): Set once ended: where the process continues.
        rating (None | Rating | Unset): The customer's rating, when the module asks for one: present (unrated) once the
            chat ended, with its score from when the customer rates.
    """

    conversation_id: UUID
    status: ConversationStatus | str
    variables: ProcessVariables
    exit_: Exit | None | Unset = UNSET
    rating: None | Rating | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.exit_ import Exit  # noqa: PLC0415
        from ..models.rating import Rating  # noqa: PLC0415

        conversation_id = str(self.conversation_id)

        status: str
        if isinstance(self.status, ConversationStatus):
            status = self.status.value
        else:
            status = self.status

        variables = self.variables.to_dict()

        exit_: dict[str, Any] | None | Unset
        if isinstance(self.exit_, Unset):
            exit_ = UNSET
        elif isinstance(self.exit_, Exit):
            exit_ = self.exit_.to_dict()
        else:
            exit_ = self.exit_

        rating: dict[str, Any] | None | Unset
        if isinstance(self.rating, Unset):
            rating = UNSET
        elif isinstance(self.rating, Rating):
            rating = self.rating.to_dict()
        else:
            rating = self.rating

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "conversation_id": conversation_id,
                "status": status,
                "variables": variables,
            }
        )
        if exit_ is not UNSET:
            field_dict["exit"] = exit_
        if rating is not UNSET:
            field_dict["rating"] = rating

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.exit_ import Exit  # noqa: PLC0415
        from ..models.process_variables import ProcessVariables  # noqa: PLC0415
        from ..models.rating import Rating  # noqa: PLC0415

        d = dict(src_dict)
        conversation_id = UUID(d.pop("conversation_id"))

        def _parse_status(data: object) -> ConversationStatus | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = ConversationStatus(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ConversationStatus | str, data)

        status = _parse_status(d.pop("status"))

        variables = ProcessVariables.from_dict(d.pop("variables"))

        def _parse_exit_(data: object) -> Exit | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                exit_type_0 = Exit.from_dict(data)

                return exit_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Exit | None | Unset, data)

        exit_ = _parse_exit_(d.pop("exit", UNSET))

        def _parse_rating(data: object) -> None | Rating | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                rating_type_0 = Rating.from_dict(data)

                return rating_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Rating | Unset, data)

        rating = _parse_rating(d.pop("rating", UNSET))

        outcome = cls(
            conversation_id=conversation_id,
            status=status,
            variables=variables,
            exit_=exit_,
            rating=rating,
        )

        outcome.additional_properties = d
        return outcome

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

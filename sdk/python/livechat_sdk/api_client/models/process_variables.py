from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.conversation_status import ConversationStatus
from ..models.exit_reason import ExitReason
from ..models.target_kind import TargetKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="ProcessVariables")


@_attrs_define
class ProcessVariables:
    """The process-specific variables the module hands back to the process, computed for
    every conversation at any time. Once it has ended they no longer change, except
    `live_agent_name` (the agent's current name) and `live_email` (gone after an erase).

        Example:
            {'live_agent_id': '0193a4e2-8f10-7a2b-9c3d-4e5f60718293', 'live_agent_messages': 2, 'live_agent_name': 'Ada
                Lovelace', 'live_async': False, 'live_customer_messages': 2, 'live_duration_seconds': 102, 'live_email':
                'grace@example.com', 'live_queue_position_at_entry': 1, 'live_status': 'active', 'live_waited_seconds': 35}

        Attributes:
            live_agent_messages (int): Messages agents wrote.
            live_async (bool): Whether the customer left a message while no agent was online.
            live_customer_messages (int): Messages the customer wrote.
            live_duration_seconds (int): Seconds from entering to the end (or to now).
            live_status (ConversationStatus | str): `waiting`, `active` or `ended`.
            live_waited_seconds (int): Seconds from entering to the first take-over (or to the end, or to now).
            live_agent_id (None | Unset | UUID): The agent serving the conversation now, or who served it when it ended.
            live_agent_name (None | str | Unset): That agent's name.
            live_email (None | str | Unset): The customer's email, given or known.
            live_exit_reason (ExitReason | None | str | Unset): Why the chat ended: `agent_ended`, `customer_left`,
                `no_agent_available`, `jump`,
                `quick_reply`, `blocked` or `timeout`; absent while open.
            live_exit_target (None | str | Unset): The id of the exit's target (fallback, jump target or quick reply
                experience).
            live_exit_target_kind (None | str | TargetKind | Unset): The kind of the exit's target: `process_module`,
                `experience` or `subprocess`.
            live_group (None | str | Unset): The name of the group that serves the conversation, if any.
            live_queue_position_at_entry (int | None | Unset): The customer's place in the queue on entering (1: next).
            live_rating (int | None | Unset): The customer's rating (CSAT), once given: 0 or 1 (`good_bad`), 1 to 5
                (`five_point`).
    """

    live_agent_messages: int
    live_async: bool
    live_customer_messages: int
    live_duration_seconds: int
    live_status: ConversationStatus | str
    live_waited_seconds: int
    live_agent_id: None | Unset | UUID = UNSET
    live_agent_name: None | str | Unset = UNSET
    live_email: None | str | Unset = UNSET
    live_exit_reason: ExitReason | None | str | Unset = UNSET
    live_exit_target: None | str | Unset = UNSET
    live_exit_target_kind: None | str | TargetKind | Unset = UNSET
    live_group: None | str | Unset = UNSET
    live_queue_position_at_entry: int | None | Unset = UNSET
    live_rating: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        live_agent_messages = self.live_agent_messages

        live_async = self.live_async

        live_customer_messages = self.live_customer_messages

        live_duration_seconds = self.live_duration_seconds

        live_status: str
        if isinstance(self.live_status, ConversationStatus):
            live_status = self.live_status.value
        else:
            live_status = self.live_status

        live_waited_seconds = self.live_waited_seconds

        live_agent_id: None | str | Unset
        if isinstance(self.live_agent_id, Unset):
            live_agent_id = UNSET
        elif isinstance(self.live_agent_id, UUID):
            live_agent_id = str(self.live_agent_id)
        else:
            live_agent_id = self.live_agent_id

        live_agent_name: None | str | Unset
        if isinstance(self.live_agent_name, Unset):
            live_agent_name = UNSET
        else:
            live_agent_name = self.live_agent_name

        live_email: None | str | Unset
        if isinstance(self.live_email, Unset):
            live_email = UNSET
        else:
            live_email = self.live_email

        live_exit_reason: None | str | Unset
        if isinstance(self.live_exit_reason, Unset):
            live_exit_reason = UNSET
        elif isinstance(self.live_exit_reason, ExitReason):
            live_exit_reason = self.live_exit_reason.value
        else:
            live_exit_reason = self.live_exit_reason

        live_exit_target: None | str | Unset
        if isinstance(self.live_exit_target, Unset):
            live_exit_target = UNSET
        else:
            live_exit_target = self.live_exit_target

        live_exit_target_kind: None | str | Unset
        if isinstance(self.live_exit_target_kind, Unset):
            live_exit_target_kind = UNSET
        elif isinstance(self.live_exit_target_kind, TargetKind):
            live_exit_target_kind = self.live_exit_target_kind.value
        else:
            live_exit_target_kind = self.live_exit_target_kind

        live_group: None | str | Unset
        if isinstance(self.live_group, Unset):
            live_group = UNSET
        else:
            live_group = self.live_group

        live_queue_position_at_entry: int | None | Unset
        if isinstance(self.live_queue_position_at_entry, Unset):
            live_queue_position_at_entry = UNSET
        else:
            live_queue_position_at_entry = self.live_queue_position_at_entry

        live_rating: int | None | Unset
        if isinstance(self.live_rating, Unset):
            live_rating = UNSET
        else:
            live_rating = self.live_rating

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "live_agent_messages": live_agent_messages,
                "live_async": live_async,
                "live_customer_messages": live_customer_messages,
                "live_duration_seconds": live_duration_seconds,
                "live_status": live_status,
                "live_waited_seconds": live_waited_seconds,
            }
        )
        if live_agent_id is not UNSET:
            field_dict["live_agent_id"] = live_agent_id
        if live_agent_name is not UNSET:
            field_dict["live_agent_name"] = live_agent_name
        if live_email is not UNSET:
            field_dict["live_email"] = live_email
        if live_exit_reason is not UNSET:
            field_dict["live_exit_reason"] = live_exit_reason
        if live_exit_target is not UNSET:
            field_dict["live_exit_target"] = live_exit_target
        if live_exit_target_kind is not UNSET:
            field_dict["live_exit_target_kind"] = live_exit_target_kind
        if live_group is not UNSET:
            field_dict["live_group"] = live_group
        if live_queue_position_at_entry is not UNSET:
            field_dict["live_queue_position_at_entry"] = live_queue_position_at_entry
        if live_rating is not UNSET:
            field_dict["live_rating"] = live_rating

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        live_agent_messages = d.pop("live_agent_messages")

        live_async = d.pop("live_async")

        live_customer_messages = d.pop("live_customer_messages")

        live_duration_seconds = d.pop("live_duration_seconds")

        def _parse_live_status(data: object) -> ConversationStatus | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                live_status_type_0 = ConversationStatus(data)

                return live_status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ConversationStatus | str, data)

        live_status = _parse_live_status(d.pop("live_status"))

        live_waited_seconds = d.pop("live_waited_seconds")

        def _parse_live_agent_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                live_agent_id_type_0 = UUID(data)

                return live_agent_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        live_agent_id = _parse_live_agent_id(d.pop("live_agent_id", UNSET))

        def _parse_live_agent_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        live_agent_name = _parse_live_agent_name(d.pop("live_agent_name", UNSET))

        def _parse_live_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        live_email = _parse_live_email(d.pop("live_email", UNSET))

        def _parse_live_exit_reason(data: object) -> ExitReason | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                live_exit_reason_type_0 = ExitReason(data)

                return live_exit_reason_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ExitReason | None | str | Unset, data)

        live_exit_reason = _parse_live_exit_reason(d.pop("live_exit_reason", UNSET))

        def _parse_live_exit_target(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        live_exit_target = _parse_live_exit_target(d.pop("live_exit_target", UNSET))

        def _parse_live_exit_target_kind(data: object) -> None | str | TargetKind | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                live_exit_target_kind_type_0 = TargetKind(data)

                return live_exit_target_kind_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | str | TargetKind | Unset, data)

        live_exit_target_kind = _parse_live_exit_target_kind(d.pop("live_exit_target_kind", UNSET))

        def _parse_live_group(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        live_group = _parse_live_group(d.pop("live_group", UNSET))

        def _parse_live_queue_position_at_entry(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        live_queue_position_at_entry = _parse_live_queue_position_at_entry(d.pop("live_queue_position_at_entry", UNSET))

        def _parse_live_rating(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        live_rating = _parse_live_rating(d.pop("live_rating", UNSET))

        process_variables = cls(
            live_agent_messages=live_agent_messages,
            live_async=live_async,
            live_customer_messages=live_customer_messages,
            live_duration_seconds=live_duration_seconds,
            live_status=live_status,
            live_waited_seconds=live_waited_seconds,
            live_agent_id=live_agent_id,
            live_agent_name=live_agent_name,
            live_email=live_email,
            live_exit_reason=live_exit_reason,
            live_exit_target=live_exit_target,
            live_exit_target_kind=live_exit_target_kind,
            live_group=live_group,
            live_queue_position_at_entry=live_queue_position_at_entry,
            live_rating=live_rating,
        )

        process_variables.additional_properties = d
        return process_variables

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

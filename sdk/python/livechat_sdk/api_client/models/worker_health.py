from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.worker_condition import WorkerCondition
from ..types import UNSET, Unset

T = TypeVar("T", bound="WorkerHealth")


@_attrs_define
class WorkerHealth:
    """A background worker of this process.

    Attributes:
        name (str): `event-tailer`, `message-writer`, `memory`, `event-listener` (PostgreSQL),
            `outbox`, `housekeeping`, `presence`, `event-retention`.
        state (str | WorkerCondition):
        reason (None | str | Unset): Why it is down, while it is.
    """

    name: str
    state: str | WorkerCondition
    reason: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        state: str
        if isinstance(self.state, WorkerCondition):
            state = self.state.value
        else:
            state = self.state

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "state": state,
            }
        )
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        def _parse_state(data: object) -> str | WorkerCondition:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                state_type_0 = WorkerCondition(data)

                return state_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(str | WorkerCondition, data)

        state = _parse_state(d.pop("state"))

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        worker_health = cls(
            name=name,
            state=state,
            reason=reason,
        )

        worker_health.additional_properties = d
        return worker_health

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

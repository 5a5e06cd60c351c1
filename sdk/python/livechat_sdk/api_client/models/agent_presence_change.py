from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.presence import Presence
from ..models.presence_change_reason import PresenceChangeReason
from ..types import UNSET, Unset

T = TypeVar("T", bound="AgentPresenceChange")


@_attrs_define
class AgentPresenceChange:
    """Data of `agent.presence_changed`.

    Attributes:
        agent_id (UUID):
        name (str):
        presence (Presence | str):
        reason (None | PresenceChangeReason | str | Unset): Why the server changed it, when it did.
    """

    agent_id: UUID
    name: str
    presence: Presence | str
    reason: None | PresenceChangeReason | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        agent_id = str(self.agent_id)

        name = self.name

        presence: str
        if isinstance(self.presence, Presence):
            presence = self.presence.value
        else:
            presence = self.presence

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        elif isinstance(self.reason, PresenceChangeReason):
            reason = self.reason.value
        else:
            reason = self.reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "agent_id": agent_id,
                "name": name,
                "presence": presence,
            }
        )
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        agent_id = UUID(d.pop("agent_id"))

        name = d.pop("name")

        def _parse_presence(data: object) -> Presence | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                presence_type_0 = Presence(data)

                return presence_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Presence | str, data)

        presence = _parse_presence(d.pop("presence"))

        def _parse_reason(data: object) -> None | PresenceChangeReason | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                reason_type_0 = PresenceChangeReason(data)

                return reason_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PresenceChangeReason | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        agent_presence_change = cls(
            agent_id=agent_id,
            name=name,
            presence=presence,
            reason=reason,
        )

        agent_presence_change.additional_properties = d
        return agent_presence_change

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

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.agent import Agent


T = TypeVar("T", bound="Session")


@_attrs_define
class Session:
    """An agent token and the agent it belongs to.

    Example:
        {'agent': {'active': True, 'created_at': '2026-11-02T09:00:00+00:00', 'email': 'ada@example.com', 'group_ids':
            ['0193a4e2-2b3c-7d4e-8f50-6a7b8c9d0e1f'], 'id': '0193a4e2-8f10-7a2b-9c3d-4e5f60718293', 'max_active_chats': 3,
            'name': 'Ada Lovelace', 'presence': 'online', 'presence_changed_at': '2026-11-29T10:02:00+00:00', 'role':
            'agent'}, 'expires_at': '2026-11-29T22:00:00+00:00', 'token':
            'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJl'}

    Attributes:
        agent (Agent): An agent account. Example: {'active': True, 'created_at': '2026-11-02T09:00:00+00:00', 'email':
            'ada@example.com', 'group_ids': ['0193a4e2-2b3c-7d4e-8f50-6a7b8c9d0e1f'], 'id':
            '0193a4e2-8f10-7a2b-9c3d-4e5f60718293', 'max_active_chats': 3, 'name': 'Ada Lovelace', 'presence': 'online',
            'presence_changed_at': '2026-11-29T10:02:00+00:00', 'role': 'agent'}.
        expires_at (datetime.datetime):
        token (str): Send as `Authorization: Bearer <token>`. Example:
            eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJleGFtcGxlIn0.c2lnbmF0dXJl.
    """

    agent: Agent
    expires_at: datetime.datetime
    token: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        agent = self.agent.to_dict()

        expires_at = self.expires_at.isoformat()

        token = self.token

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "agent": agent,
                "expires_at": expires_at,
                "token": token,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.agent import Agent  # noqa: PLC0415

        d = dict(src_dict)
        agent = Agent.from_dict(d.pop("agent"))

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        token = d.pop("token")

        session = cls(
            agent=agent,
            expires_at=expires_at,
            token=token,
        )

        session.additional_properties = d
        return session

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

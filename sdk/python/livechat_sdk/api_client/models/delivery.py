from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.delivery_kind import DeliveryKind
from ..models.delivery_status import DeliveryStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="Delivery")


@_attrs_define
class Delivery:
    """An email or webhook in the outbox.

    Example:
        {'attempts': 2, 'conversation_id': '0193a4e2-7c1d-7b3e-9f4a-2c8e5d6f7a10', 'created_at':
            '2026-11-29T10:17:12+00:00', 'id': '0193a4e2-4d5e-7f60-8b7c-8d9e0f1a2b3c', 'kind': 'webhook', 'last_error': 'the
            endpoint answered 503', 'next_attempt_at': '2026-11-29T10:17:42+00:00', 'status': 'pending', 'topic':
            'message.created'}

    Attributes:
        attempts (int):
        created_at (datetime.datetime):
        id (UUID):
        kind (DeliveryKind | str):
        next_attempt_at (datetime.datetime):
        status (DeliveryStatus | str):
        topic (str): The event type of a webhook, or what an email is about.
        conversation_id (None | Unset | UUID):
        delivered_at (datetime.datetime | None | Unset):
        last_error (None | str | Unset): The error of the last failed attempt.
    """

    attempts: int
    created_at: datetime.datetime
    id: UUID
    kind: DeliveryKind | str
    next_attempt_at: datetime.datetime
    status: DeliveryStatus | str
    topic: str
    conversation_id: None | Unset | UUID = UNSET
    delivered_at: datetime.datetime | None | Unset = UNSET
    last_error: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        attempts = self.attempts

        created_at = self.created_at.isoformat()

        id = str(self.id)

        kind: str
        if isinstance(self.kind, DeliveryKind):
            kind = self.kind.value
        else:
            kind = self.kind

        next_attempt_at = self.next_attempt_at.isoformat()

        status: str
        if isinstance(self.status, DeliveryStatus):
            status = self.status.value
        else:
            status = self.status

        topic = self.topic

        conversation_id: None | str | Unset
        if isinstance(self.conversation_id, Unset):
            conversation_id = UNSET
        elif isinstance(self.conversation_id, UUID):
            conversation_id = str(self.conversation_id)
        else:
            conversation_id = self.conversation_id

        delivered_at: None | str | Unset
        if isinstance(self.delivered_at, Unset):
            delivered_at = UNSET
        elif isinstance(self.delivered_at, datetime.datetime):
            delivered_at = self.delivered_at.isoformat()
        else:
            delivered_at = self.delivered_at

        last_error: None | str | Unset
        if isinstance(self.last_error, Unset):
            last_error = UNSET
        else:
            last_error = self.last_error

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "attempts": attempts,
                "created_at": created_at,
                "id": id,
                "kind": kind,
                "next_attempt_at": next_attempt_at,
                "status": status,
                "topic": topic,
            }
        )
        if conversation_id is not UNSET:
            field_dict["conversation_id"] = conversation_id
        if delivered_at is not UNSET:
            field_dict["delivered_at"] = delivered_at
        if last_error is not UNSET:
            field_dict["last_error"] = last_error

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        attempts = d.pop("attempts")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = UUID(d.pop("id"))

        def _parse_kind(data: object) -> DeliveryKind | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                kind_type_0 = DeliveryKind(data)

                return kind_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DeliveryKind | str, data)

        kind = _parse_kind(d.pop("kind"))

        next_attempt_at = datetime.datetime.fromisoformat(d.pop("next_attempt_at"))

        def _parse_status(data: object) -> DeliveryStatus | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = DeliveryStatus(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DeliveryStatus | str, data)

        status = _parse_status(d.pop("status"))

        topic = d.pop("topic")

        def _parse_conversation_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                conversation_id_type_0 = UUID(data)

                return conversation_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        conversation_id = _parse_conversation_id(d.pop("conversation_id", UNSET))

        def _parse_delivered_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                delivered_at_type_0 = datetime.datetime.fromisoformat(data)

                return delivered_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        delivered_at = _parse_delivered_at(d.pop("delivered_at", UNSET))

        def _parse_last_error(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        last_error = _parse_last_error(d.pop("last_error", UNSET))

        delivery = cls(
            attempts=attempts,
            created_at=created_at,
            id=id,
            kind=kind,
            next_attempt_at=next_attempt_at,
            status=status,
            topic=topic,
            conversation_id=conversation_id,
            delivered_at=delivered_at,
            last_error=last_error,
        )

        delivery.additional_properties = d
        return delivery

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

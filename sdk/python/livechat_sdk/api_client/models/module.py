from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.routing import Routing
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.attachment_rules import AttachmentRules
    from ..models.business_hours import BusinessHours
    from ..models.csat_config import CsatConfig
    from ..models.module_texts import ModuleTexts
    from ..models.quick_reply import QuickReply
    from ..models.target import Target


T = TypeVar("T", bound="Module")


@_attrs_define
class Module:
    """A module configuration in its current version.

    Example:
        {'async_enabled': True, 'attachments': {'allowed_types': ['image/png', 'image/jpeg', 'image/gif', 'image/webp',
            'application/pdf', 'text/plain', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'], 'max_bytes': 10485760, 'max_per_message':
            10}, 'business_hours': {'closed_dates': ['2026-12-24'], 'time_zone': 'Europe/Berlin', 'weekly': [{'closes':
            '17:30', 'day': 'monday', 'opens': '09:00'}]}, 'created_at': '2026-11-02T08:10:00+00:00', 'csat':
            {'change_window_secs': 300, 'scale': 'five_point'}, 'fallback_target': {'id': 'contact-form', 'kind':
            'subprocess'}, 'group_id': '0193a4e2-2b3c-7d4e-8f50-6a7b8c9d0e1f', 'id': '0193a4e2-5a9b-7c0d-8e1f-2a3b4c5d6e7f',
            'keep_chats_when_agent_offline': False, 'max_active_chats': 3, 'name': 'Support live chat', 'quick_replies':
            [{'experience_id': 'parcel-tracking', 'id': 'track', 'label': 'Track my parcel'}], 'request_email': True,
            'routing': 'auto', 'send_transcript': True, 'texts': {'email_request': 'Which email address can we reach you
            at?', 'offline': 'Nobody is online right now. Leave a message and we will get back to you.', 'waiting': 'Thanks
            for waiting, an agent will be with you shortly.'}, 'updated_at': '2026-11-20T14:00:00+00:00', 'version': 3}

    Attributes:
        async_enabled (bool):
        attachments (AttachmentRules): What files a module's customers and agents may send.
        created_at (datetime.datetime):
        id (UUID):
        keep_chats_when_agent_offline (bool):
        name (str):
        quick_replies (list[QuickReply]):
        request_email (bool):
        routing (Routing | str):
        send_transcript (bool):
        texts (ModuleTexts): The texts in force. Example: {'email_request': 'Which email address can we reach you at?',
            'offline': 'Nobody is online right now. Leave a message and we will get back to you.', 'waiting': 'Thanks for
            waiting, an agent will be with you shortly.'}.
        updated_at (datetime.datetime):
        version (int): Increases with every update; conversations keep the version they entered with.
        business_hours (BusinessHours | None | Unset):
        csat (CsatConfig | None | Unset):
        fallback_target (None | Target | Unset):
        group_id (None | Unset | UUID):
        max_active_chats (int | None | Unset):
    """

    async_enabled: bool
    attachments: AttachmentRules
    created_at: datetime.datetime
    id: UUID
    keep_chats_when_agent_offline: bool
    name: str
    quick_replies: list[QuickReply]
    request_email: bool
    routing: Routing | str
    send_transcript: bool
    texts: ModuleTexts
    updated_at: datetime.datetime
    version: int
    business_hours: BusinessHours | None | Unset = UNSET
    csat: CsatConfig | None | Unset = UNSET
    fallback_target: None | Target | Unset = UNSET
    group_id: None | Unset | UUID = UNSET
    max_active_chats: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.business_hours import BusinessHours  # noqa: PLC0415
        from ..models.csat_config import CsatConfig  # noqa: PLC0415
        from ..models.target import Target  # noqa: PLC0415

        async_enabled = self.async_enabled

        attachments = self.attachments.to_dict()

        created_at = self.created_at.isoformat()

        id = str(self.id)

        keep_chats_when_agent_offline = self.keep_chats_when_agent_offline

        name = self.name

        quick_replies = []
        for quick_replies_item_data in self.quick_replies:
            quick_replies_item = quick_replies_item_data.to_dict()
            quick_replies.append(quick_replies_item)

        request_email = self.request_email

        routing: str
        if isinstance(self.routing, Routing):
            routing = self.routing.value
        else:
            routing = self.routing

        send_transcript = self.send_transcript

        texts = self.texts.to_dict()

        updated_at = self.updated_at.isoformat()

        version = self.version

        business_hours: dict[str, Any] | None | Unset
        if isinstance(self.business_hours, Unset):
            business_hours = UNSET
        elif isinstance(self.business_hours, BusinessHours):
            business_hours = self.business_hours.to_dict()
        else:
            business_hours = self.business_hours

        csat: dict[str, Any] | None | Unset
        if isinstance(self.csat, Unset):
            csat = UNSET
        elif isinstance(self.csat, CsatConfig):
            csat = self.csat.to_dict()
        else:
            csat = self.csat

        fallback_target: dict[str, Any] | None | Unset
        if isinstance(self.fallback_target, Unset):
            fallback_target = UNSET
        elif isinstance(self.fallback_target, Target):
            fallback_target = self.fallback_target.to_dict()
        else:
            fallback_target = self.fallback_target

        group_id: None | str | Unset
        if isinstance(self.group_id, Unset):
            group_id = UNSET
        elif isinstance(self.group_id, UUID):
            group_id = str(self.group_id)
        else:
            group_id = self.group_id

        max_active_chats: int | None | Unset
        if isinstance(self.max_active_chats, Unset):
            max_active_chats = UNSET
        else:
            max_active_chats = self.max_active_chats

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "async_enabled": async_enabled,
                "attachments": attachments,
                "created_at": created_at,
                "id": id,
                "keep_chats_when_agent_offline": keep_chats_when_agent_offline,
                "name": name,
                "quick_replies": quick_replies,
                "request_email": request_email,
                "routing": routing,
                "send_transcript": send_transcript,
                "texts": texts,
                "updated_at": updated_at,
                "version": version,
            }
        )
        if business_hours is not UNSET:
            field_dict["business_hours"] = business_hours
        if csat is not UNSET:
            field_dict["csat"] = csat
        if fallback_target is not UNSET:
            field_dict["fallback_target"] = fallback_target
        if group_id is not UNSET:
            field_dict["group_id"] = group_id
        if max_active_chats is not UNSET:
            field_dict["max_active_chats"] = max_active_chats

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.attachment_rules import AttachmentRules  # noqa: PLC0415
        from ..models.business_hours import BusinessHours  # noqa: PLC0415
        from ..models.csat_config import CsatConfig  # noqa: PLC0415
        from ..models.module_texts import ModuleTexts  # noqa: PLC0415
        from ..models.quick_reply import QuickReply  # noqa: PLC0415
        from ..models.target import Target  # noqa: PLC0415

        d = dict(src_dict)
        async_enabled = d.pop("async_enabled")

        attachments = AttachmentRules.from_dict(d.pop("attachments"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = UUID(d.pop("id"))

        keep_chats_when_agent_offline = d.pop("keep_chats_when_agent_offline")

        name = d.pop("name")

        quick_replies = []
        _quick_replies = d.pop("quick_replies")
        for quick_replies_item_data in _quick_replies:
            quick_replies_item = QuickReply.from_dict(quick_replies_item_data)

            quick_replies.append(quick_replies_item)

        request_email = d.pop("request_email")

        def _parse_routing(data: object) -> Routing | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                routing_type_0 = Routing(data)

                return routing_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Routing | str, data)

        routing = _parse_routing(d.pop("routing"))

        send_transcript = d.pop("send_transcript")

        texts = ModuleTexts.from_dict(d.pop("texts"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        version = d.pop("version")

        def _parse_business_hours(data: object) -> BusinessHours | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                business_hours_type_0 = BusinessHours.from_dict(data)

                return business_hours_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BusinessHours | None | Unset, data)

        business_hours = _parse_business_hours(d.pop("business_hours", UNSET))

        def _parse_csat(data: object) -> CsatConfig | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                csat_type_0 = CsatConfig.from_dict(data)

                return csat_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CsatConfig | None | Unset, data)

        csat = _parse_csat(d.pop("csat", UNSET))

        def _parse_fallback_target(data: object) -> None | Target | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                fallback_target_type_0 = Target.from_dict(data)

                return fallback_target_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Target | Unset, data)

        fallback_target = _parse_fallback_target(d.pop("fallback_target", UNSET))

        def _parse_group_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                group_id_type_0 = UUID(data)

                return group_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        group_id = _parse_group_id(d.pop("group_id", UNSET))

        def _parse_max_active_chats(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_active_chats = _parse_max_active_chats(d.pop("max_active_chats", UNSET))

        module = cls(
            async_enabled=async_enabled,
            attachments=attachments,
            created_at=created_at,
            id=id,
            keep_chats_when_agent_offline=keep_chats_when_agent_offline,
            name=name,
            quick_replies=quick_replies,
            request_email=request_email,
            routing=routing,
            send_transcript=send_transcript,
            texts=texts,
            updated_at=updated_at,
            version=version,
            business_hours=business_hours,
            csat=csat,
            fallback_target=fallback_target,
            group_id=group_id,
            max_active_chats=max_active_chats,
        )

        module.additional_properties = d
        return module

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

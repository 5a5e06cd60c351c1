from __future__ import annotations

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
    from ..models.customer_texts import CustomerTexts
    from ..models.fallback_target import FallbackTarget
    from ..models.quick_reply_in import QuickReplyIn


T = TypeVar("T", bound="ModuleConfig")


@_attrs_define
class ModuleConfig:
    """A module configuration as written by an admin.

    Example:
        {'async_enabled': True, 'business_hours': {'closed_dates': [], 'time_zone': 'Europe/Berlin', 'weekly':
            [{'closes': '17:30', 'day': 'monday', 'opens': '09:00'}]}, 'csat': {'change_window_secs': 300, 'scale':
            'good_bad'}, 'fallback_target': {'id': 'contact-form', 'kind': 'subprocess'}, 'keep_chats_when_agent_offline':
            False, 'max_active_chats': 3, 'name': 'Support live chat', 'quick_replies': [{'experience_id': 'faq-experience',
            'id': 'faq', 'label': 'Browse the FAQ'}], 'request_email': True, 'routing': 'auto', 'send_transcript': True}

    Attributes:
        async_enabled (bool): Customers can leave messages while no agent is online.
        name (str):
        request_email (bool): Ask the customer for an email address when none is known.
        attachments (AttachmentRules | None | Unset): What files customers and agents may send; absent: the defaults.
        business_hours (BusinessHours | None | Unset): Absent: always open.
        csat (CsatConfig | None | Unset): Ask the customer to rate a chat an agent served, when it ends
            (`conversation.rating_requested`); absent: no rating.
        fallback_target (FallbackTarget | None | Unset): Where the module exits to when async is off and nobody is
            online: a
            `subprocess` or an `experience`.
        group_id (None | Unset | UUID): The group that serves this module: its agents see, claim and are assigned its
            conversations, and "nobody online" means nobody of the group. Absent: every agent.
        keep_chats_when_agent_offline (bool | None | Unset): With `auto` routing: an agent who goes offline keeps their
            chats. By default they
            go back to the head of the queue and are assigned again. Default: False.
        max_active_chats (int | None | Unset): Active chats an agent takes at most (1 to 1000), unless the agent has a
            limit of
            their own; absent: the server's `agent_max_active_chats`.
        quick_replies (list[QuickReplyIn] | None | Unset): Persistent quick replies, at most 20, each with its own `id`.
        routing (None | Routing | Unset): `manual` (the default) or `auto`.
        send_transcript (bool | None | Unset): Email the customer the chat's transcript (without internal notes) when it
            ends,
            if an email is known. Default: False.
        texts (CustomerTexts | None | Unset):
    """

    async_enabled: bool
    name: str
    request_email: bool
    attachments: AttachmentRules | None | Unset = UNSET
    business_hours: BusinessHours | None | Unset = UNSET
    csat: CsatConfig | None | Unset = UNSET
    fallback_target: FallbackTarget | None | Unset = UNSET
    group_id: None | Unset | UUID = UNSET
    keep_chats_when_agent_offline: bool | None | Unset = False
    max_active_chats: int | None | Unset = UNSET
    quick_replies: list[QuickReplyIn] | None | Unset = UNSET
    routing: None | Routing | Unset = UNSET
    send_transcript: bool | None | Unset = False
    texts: CustomerTexts | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.attachment_rules import AttachmentRules  # noqa: PLC0415
        from ..models.business_hours import BusinessHours  # noqa: PLC0415
        from ..models.csat_config import CsatConfig  # noqa: PLC0415
        from ..models.customer_texts import CustomerTexts  # noqa: PLC0415
        from ..models.fallback_target import FallbackTarget  # noqa: PLC0415

        async_enabled = self.async_enabled

        name = self.name

        request_email = self.request_email

        attachments: dict[str, Any] | None | Unset
        if isinstance(self.attachments, Unset):
            attachments = UNSET
        elif isinstance(self.attachments, AttachmentRules):
            attachments = self.attachments.to_dict()
        else:
            attachments = self.attachments

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
        elif isinstance(self.fallback_target, FallbackTarget):
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

        keep_chats_when_agent_offline: bool | None | Unset
        if isinstance(self.keep_chats_when_agent_offline, Unset):
            keep_chats_when_agent_offline = UNSET
        else:
            keep_chats_when_agent_offline = self.keep_chats_when_agent_offline

        max_active_chats: int | None | Unset
        if isinstance(self.max_active_chats, Unset):
            max_active_chats = UNSET
        else:
            max_active_chats = self.max_active_chats

        quick_replies: list[dict[str, Any]] | None | Unset
        if isinstance(self.quick_replies, Unset):
            quick_replies = UNSET
        elif isinstance(self.quick_replies, list):
            quick_replies = []
            for quick_replies_type_0_item_data in self.quick_replies:
                quick_replies_type_0_item = quick_replies_type_0_item_data.to_dict()
                quick_replies.append(quick_replies_type_0_item)

        else:
            quick_replies = self.quick_replies

        routing: None | str | Unset
        if isinstance(self.routing, Unset):
            routing = UNSET
        elif isinstance(self.routing, Routing):
            routing = self.routing.value
        else:
            routing = self.routing

        send_transcript: bool | None | Unset
        if isinstance(self.send_transcript, Unset):
            send_transcript = UNSET
        else:
            send_transcript = self.send_transcript

        texts: dict[str, Any] | None | Unset
        if isinstance(self.texts, Unset):
            texts = UNSET
        elif isinstance(self.texts, CustomerTexts):
            texts = self.texts.to_dict()
        else:
            texts = self.texts

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "async_enabled": async_enabled,
                "name": name,
                "request_email": request_email,
            }
        )
        if attachments is not UNSET:
            field_dict["attachments"] = attachments
        if business_hours is not UNSET:
            field_dict["business_hours"] = business_hours
        if csat is not UNSET:
            field_dict["csat"] = csat
        if fallback_target is not UNSET:
            field_dict["fallback_target"] = fallback_target
        if group_id is not UNSET:
            field_dict["group_id"] = group_id
        if keep_chats_when_agent_offline is not UNSET:
            field_dict["keep_chats_when_agent_offline"] = keep_chats_when_agent_offline
        if max_active_chats is not UNSET:
            field_dict["max_active_chats"] = max_active_chats
        if quick_replies is not UNSET:
            field_dict["quick_replies"] = quick_replies
        if routing is not UNSET:
            field_dict["routing"] = routing
        if send_transcript is not UNSET:
            field_dict["send_transcript"] = send_transcript
        if texts is not UNSET:
            field_dict["texts"] = texts

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.attachment_rules import AttachmentRules  # noqa: PLC0415
        from ..models.business_hours import BusinessHours  # noqa: PLC0415
        from ..models.csat_config import CsatConfig  # noqa: PLC0415
        from ..models.customer_texts import CustomerTexts  # noqa: PLC0415
        from ..models.fallback_target import FallbackTarget  # noqa: PLC0415
        from ..models.quick_reply_in import QuickReplyIn  # noqa: PLC0415

        d = dict(src_dict)
        async_enabled = d.pop("async_enabled")

        name = d.pop("name")

        request_email = d.pop("request_email")

        def _parse_attachments(data: object) -> AttachmentRules | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                attachments_type_0 = AttachmentRules.from_dict(data)

                return attachments_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AttachmentRules | None | Unset, data)

        attachments = _parse_attachments(d.pop("attachments", UNSET))

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

        def _parse_fallback_target(data: object) -> FallbackTarget | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                fallback_target_type_0 = FallbackTarget.from_dict(data)

                return fallback_target_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FallbackTarget | None | Unset, data)

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

        def _parse_keep_chats_when_agent_offline(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        keep_chats_when_agent_offline = _parse_keep_chats_when_agent_offline(
            d.pop("keep_chats_when_agent_offline", UNSET)
        )

        def _parse_max_active_chats(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_active_chats = _parse_max_active_chats(d.pop("max_active_chats", UNSET))

        def _parse_quick_replies(data: object) -> list[QuickReplyIn] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                quick_replies_type_0 = []
                _quick_replies_type_0 = data
                for quick_replies_type_0_item_data in _quick_replies_type_0:
                    quick_replies_type_0_item = QuickReplyIn.from_dict(quick_replies_type_0_item_data)

                    quick_replies_type_0.append(quick_replies_type_0_item)

                return quick_replies_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[QuickReplyIn] | None | Unset, data)

        quick_replies = _parse_quick_replies(d.pop("quick_replies", UNSET))

        def _parse_routing(data: object) -> None | Routing | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                routing_type_0 = Routing(data)

                return routing_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Routing | Unset, data)

        routing = _parse_routing(d.pop("routing", UNSET))

        def _parse_send_transcript(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        send_transcript = _parse_send_transcript(d.pop("send_transcript", UNSET))

        def _parse_texts(data: object) -> CustomerTexts | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                texts_type_0 = CustomerTexts.from_dict(data)

                return texts_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CustomerTexts | None | Unset, data)

        texts = _parse_texts(d.pop("texts", UNSET))

        module_config = cls(
            async_enabled=async_enabled,
            name=name,
            request_email=request_email,
            attachments=attachments,
            business_hours=business_hours,
            csat=csat,
            fallback_target=fallback_target,
            group_id=group_id,
            keep_chats_when_agent_offline=keep_chats_when_agent_offline,
            max_active_chats=max_active_chats,
            quick_replies=quick_replies,
            routing=routing,
            send_transcript=send_transcript,
            texts=texts,
        )

        module_config.additional_properties = d
        return module_config

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

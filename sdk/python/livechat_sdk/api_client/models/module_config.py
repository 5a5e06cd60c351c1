from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.customer_texts import CustomerTexts
    from ..models.fallback_target import FallbackTarget
    from ..models.quick_reply_in import QuickReplyIn


T = TypeVar("T", bound="ModuleConfig")


@_attrs_define
class ModuleConfig:
    """A module configuration as written by an admin.

    Example:
        {'async_enabled': True, 'fallback_target': {'id': 'contact-form', 'kind': 'subprocess'}, 'name': 'Support live
            chat', 'quick_replies': [{'experience_id': 'faq-experience', 'id': 'faq', 'label': 'Browse the FAQ'}],
            'request_email': True}

    Attributes:
        async_enabled (bool): Customers can leave messages while no agent is online.
        name (str):
        request_email (bool): Ask the customer for an email address when none is known.
        fallback_target (FallbackTarget | None | Unset): Where the module exits to when async is off and nobody is
            online: a
            `subprocess` or an `experience`.
        quick_replies (list[QuickReplyIn] | None | Unset): Persistent quick replies, at most 20, each with its own `id`.
        texts (CustomerTexts | None | Unset):
    """

    async_enabled: bool
    name: str
    request_email: bool
    fallback_target: FallbackTarget | None | Unset = UNSET
    quick_replies: list[QuickReplyIn] | None | Unset = UNSET
    texts: CustomerTexts | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.customer_texts import CustomerTexts  # noqa: PLC0415
        from ..models.fallback_target import FallbackTarget  # noqa: PLC0415

        async_enabled = self.async_enabled

        name = self.name

        request_email = self.request_email

        fallback_target: dict[str, Any] | None | Unset
        if isinstance(self.fallback_target, Unset):
            fallback_target = UNSET
        elif isinstance(self.fallback_target, FallbackTarget):
            fallback_target = self.fallback_target.to_dict()
        else:
            fallback_target = self.fallback_target

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
        if fallback_target is not UNSET:
            field_dict["fallback_target"] = fallback_target
        if quick_replies is not UNSET:
            field_dict["quick_replies"] = quick_replies
        if texts is not UNSET:
            field_dict["texts"] = texts

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.customer_texts import CustomerTexts  # noqa: PLC0415
        from ..models.fallback_target import FallbackTarget  # noqa: PLC0415
        from ..models.quick_reply_in import QuickReplyIn  # noqa: PLC0415

        d = dict(src_dict)
        async_enabled = d.pop("async_enabled")

        name = d.pop("name")

        request_email = d.pop("request_email")

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
            fallback_target=fallback_target,
            quick_replies=quick_replies,
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

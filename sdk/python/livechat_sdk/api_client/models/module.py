from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.module_texts import ModuleTexts
    from ..models.quick_reply import QuickReply
    from ..models.target import Target


T = TypeVar("T", bound="Module")


@_attrs_define
class Module:
    """A module configuration in its current version.

    Attributes:
        async_enabled (bool):
        created_at (datetime.datetime):
        id (UUID):
        name (str):
        quick_replies (list[QuickReply]):
        request_email (bool):
        texts (ModuleTexts): The texts in force.
        updated_at (datetime.datetime):
        version (int): Increases with every update; conversations keep the version they entered with.
        fallback_target (None | Target | Unset):
    """

    async_enabled: bool
    created_at: datetime.datetime
    id: UUID
    name: str
    quick_replies: list[QuickReply]
    request_email: bool
    texts: ModuleTexts
    updated_at: datetime.datetime
    version: int
    fallback_target: None | Target | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.target import Target  # noqa: PLC0415

        async_enabled = self.async_enabled

        created_at = self.created_at.isoformat()

        id = str(self.id)

        name = self.name

        quick_replies = []
        for quick_replies_item_data in self.quick_replies:
            quick_replies_item = quick_replies_item_data.to_dict()
            quick_replies.append(quick_replies_item)

        request_email = self.request_email

        texts = self.texts.to_dict()

        updated_at = self.updated_at.isoformat()

        version = self.version

        fallback_target: dict[str, Any] | None | Unset
        if isinstance(self.fallback_target, Unset):
            fallback_target = UNSET
        elif isinstance(self.fallback_target, Target):
            fallback_target = self.fallback_target.to_dict()
        else:
            fallback_target = self.fallback_target

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "async_enabled": async_enabled,
                "created_at": created_at,
                "id": id,
                "name": name,
                "quick_replies": quick_replies,
                "request_email": request_email,
                "texts": texts,
                "updated_at": updated_at,
                "version": version,
            }
        )
        if fallback_target is not UNSET:
            field_dict["fallback_target"] = fallback_target

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.module_texts import ModuleTexts  # noqa: PLC0415
        from ..models.quick_reply import QuickReply  # noqa: PLC0415
        from ..models.target import Target  # noqa: PLC0415

        d = dict(src_dict)
        async_enabled = d.pop("async_enabled")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = UUID(d.pop("id"))

        name = d.pop("name")

        quick_replies = []
        _quick_replies = d.pop("quick_replies")
        for quick_replies_item_data in _quick_replies:
            quick_replies_item = QuickReply.from_dict(quick_replies_item_data)

            quick_replies.append(quick_replies_item)

        request_email = d.pop("request_email")

        texts = ModuleTexts.from_dict(d.pop("texts"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        version = d.pop("version")

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

        module = cls(
            async_enabled=async_enabled,
            created_at=created_at,
            id=id,
            name=name,
            quick_replies=quick_replies,
            request_email=request_email,
            texts=texts,
            updated_at=updated_at,
            version=version,
            fallback_target=fallback_target,
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

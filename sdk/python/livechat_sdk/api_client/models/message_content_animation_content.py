from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.message_content_animation_content_kind import MessageContentAnimationContentKind
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.animation_content_params_type_0 import AnimationContentParamsType0


T = TypeVar("T", bound="MessageContentAnimationContent")


@_attrs_define
class MessageContentAnimationContent:
    """The content of a message; `kind` tells which.

    Attributes:
        name (str):
        kind (MessageContentAnimationContentKind):  Example: animation.
        params (AnimationContentParamsType0 | None | Unset): Free-form parameters for the animation.
    """

    name: str
    kind: MessageContentAnimationContentKind
    params: AnimationContentParamsType0 | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.animation_content_params_type_0 import AnimationContentParamsType0  # noqa: PLC0415

        name = self.name

        kind = self.kind.value

        params: dict[str, Any] | None | Unset
        if isinstance(self.params, Unset):
            params = UNSET
        elif isinstance(self.params, AnimationContentParamsType0):
            params = self.params.to_dict()
        else:
            params = self.params

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "kind": kind,
            }
        )
        if params is not UNSET:
            field_dict["params"] = params

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.animation_content_params_type_0 import AnimationContentParamsType0  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        kind = MessageContentAnimationContentKind(d.pop("kind"))

        def _parse_params(data: object) -> AnimationContentParamsType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                params_type_0 = AnimationContentParamsType0.from_dict(data)

                return params_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AnimationContentParamsType0 | None | Unset, data)

        params = _parse_params(d.pop("params", UNSET))

        message_content_animation_content = cls(
            name=name,
            kind=kind,
            params=params,
        )

        message_content_animation_content.additional_properties = d
        return message_content_animation_content

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

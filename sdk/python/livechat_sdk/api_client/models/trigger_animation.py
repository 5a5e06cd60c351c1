from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.trigger_animation_params_type_0 import TriggerAnimationParamsType0


T = TypeVar("T", bound="TriggerAnimation")


@_attrs_define
class TriggerAnimation:
    """An animation for the customer's chat UI to play.

    Example:
        {'name': 'confetti', 'params': {'duration_ms': 1500}}

    Attributes:
        name (str):
        client_message_id (None | str | Unset): Idempotency key, as for text messages.
        params (None | TriggerAnimationParamsType0 | Unset): A JSON object of parameters, at most 4 KiB.
    """

    name: str
    client_message_id: None | str | Unset = UNSET
    params: None | TriggerAnimationParamsType0 | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.trigger_animation_params_type_0 import TriggerAnimationParamsType0  # noqa: PLC0415

        name = self.name

        client_message_id: None | str | Unset
        if isinstance(self.client_message_id, Unset):
            client_message_id = UNSET
        else:
            client_message_id = self.client_message_id

        params: dict[str, Any] | None | Unset
        if isinstance(self.params, Unset):
            params = UNSET
        elif isinstance(self.params, TriggerAnimationParamsType0):
            params = self.params.to_dict()
        else:
            params = self.params

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
            }
        )
        if client_message_id is not UNSET:
            field_dict["client_message_id"] = client_message_id
        if params is not UNSET:
            field_dict["params"] = params

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.trigger_animation_params_type_0 import TriggerAnimationParamsType0  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        def _parse_client_message_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        client_message_id = _parse_client_message_id(d.pop("client_message_id", UNSET))

        def _parse_params(data: object) -> None | TriggerAnimationParamsType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                params_type_0 = TriggerAnimationParamsType0.from_dict(data)

                return params_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TriggerAnimationParamsType0 | Unset, data)

        params = _parse_params(d.pop("params", UNSET))

        trigger_animation = cls(
            name=name,
            client_message_id=client_message_id,
            params=params,
        )

        trigger_animation.additional_properties = d
        return trigger_animation

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="InputVariables")


@_attrs_define
class InputVariables:
    """The input variables of the module.

    Attributes:
        live_in_force_start (bool | None | Unset): Start the chat even when no agent is online (async off).
    """

    live_in_force_start: bool | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        live_in_force_start: bool | None | Unset
        if isinstance(self.live_in_force_start, Unset):
            live_in_force_start = UNSET
        else:
            live_in_force_start = self.live_in_force_start

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if live_in_force_start is not UNSET:
            field_dict["live_in_force_start"] = live_in_force_start

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_live_in_force_start(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        live_in_force_start = _parse_live_in_force_start(d.pop("live_in_force_start", UNSET))

        input_variables = cls(
            live_in_force_start=live_in_force_start,
        )

        input_variables.additional_properties = d
        return input_variables

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

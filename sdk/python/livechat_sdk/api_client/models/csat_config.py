from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.csat_scale import CsatScale
from ..types import UNSET, Unset

T = TypeVar("T", bound="CsatConfig")


@_attrs_define
class CsatConfig:
    """Asking the customer to rate a chat an agent served, when it ends.

    Attributes:
        scale (CsatScale): How customers rate a chat: `good_bad` (score 0 bad, 1 good) or `five_point` (1 to 5).
        change_window_secs (int | None | Unset): After their first rating, the customer may change it for this long (0
            to 604800
            seconds; default 300); nothing after. Default: 300.
    """

    scale: CsatScale
    change_window_secs: int | None | Unset = 300
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        scale = self.scale.value

        change_window_secs: int | None | Unset
        if isinstance(self.change_window_secs, Unset):
            change_window_secs = UNSET
        else:
            change_window_secs = self.change_window_secs

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "scale": scale,
            }
        )
        if change_window_secs is not UNSET:
            field_dict["change_window_secs"] = change_window_secs

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        scale = CsatScale(d.pop("scale"))

        def _parse_change_window_secs(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        change_window_secs = _parse_change_window_secs(d.pop("change_window_secs", UNSET))

        csat_config = cls(
            scale=scale,
            change_window_secs=change_window_secs,
        )

        csat_config.additional_properties = d
        return csat_config

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.day import Day

T = TypeVar("T", bound="OpenPeriod")


@_attrs_define
class OpenPeriod:
    """Open on `day` from `opens` until `closes`, local times.

    Example:
        {'closes': '17:30', 'day': 'monday', 'opens': '09:00'}

    Attributes:
        closes (str): `HH:MM`, after `opens`; `24:00` for midnight.
        day (Day): A day of the week.
        opens (str): `HH:MM`, from `00:00`.
    """

    closes: str
    day: Day
    opens: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        closes = self.closes

        day = self.day.value

        opens = self.opens

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "closes": closes,
                "day": day,
                "opens": opens,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        closes = d.pop("closes")

        day = Day(d.pop("day"))

        opens = d.pop("opens")

        open_period = cls(
            closes=closes,
            day=day,
            opens=opens,
        )

        open_period.additional_properties = d
        return open_period

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

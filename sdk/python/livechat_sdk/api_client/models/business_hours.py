from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.open_period import OpenPeriod


T = TypeVar("T", bound="BusinessHours")


@_attrs_define
class BusinessHours:
    """When the chat is open. Outside these hours the module acts as when nobody is online:
    with `async_enabled` the customer leaves a message (and `auto` routing assigns none);
    without, the module exits at once to `fallback_target` with reason
    `outside_business_hours`.

        Example:
            {'closed_dates': ['2026-12-24'], 'time_zone': 'Europe/Berlin', 'weekly': [{'closes': '17:30', 'day': 'monday',
                'opens': '09:00'}]}

        Attributes:
            time_zone (str): An IANA time zone, e.g. `Europe/Berlin`.
            weekly (list[OpenPeriod]): The weekly schedule; a day with no period is closed.
            closed_dates (list[datetime.date] | None | Unset): Local dates the chat stays closed all day (holidays).
    """

    time_zone: str
    weekly: list[OpenPeriod]
    closed_dates: list[datetime.date] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        time_zone = self.time_zone

        weekly = []
        for weekly_item_data in self.weekly:
            weekly_item = weekly_item_data.to_dict()
            weekly.append(weekly_item)

        closed_dates: list[str] | None | Unset
        if isinstance(self.closed_dates, Unset):
            closed_dates = UNSET
        elif isinstance(self.closed_dates, list):
            closed_dates = []
            for closed_dates_type_0_item_data in self.closed_dates:
                closed_dates_type_0_item = closed_dates_type_0_item_data.isoformat()
                closed_dates.append(closed_dates_type_0_item)

        else:
            closed_dates = self.closed_dates

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "time_zone": time_zone,
                "weekly": weekly,
            }
        )
        if closed_dates is not UNSET:
            field_dict["closed_dates"] = closed_dates

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.open_period import OpenPeriod  # noqa: PLC0415

        d = dict(src_dict)
        time_zone = d.pop("time_zone")

        weekly = []
        _weekly = d.pop("weekly")
        for weekly_item_data in _weekly:
            weekly_item = OpenPeriod.from_dict(weekly_item_data)

            weekly.append(weekly_item)

        def _parse_closed_dates(data: object) -> list[datetime.date] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                closed_dates_type_0 = []
                _closed_dates_type_0 = data
                for closed_dates_type_0_item_data in _closed_dates_type_0:
                    closed_dates_type_0_item = datetime.date.fromisoformat(closed_dates_type_0_item_data)

                    closed_dates_type_0.append(closed_dates_type_0_item)

                return closed_dates_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[datetime.date] | None | Unset, data)

        closed_dates = _parse_closed_dates(d.pop("closed_dates", UNSET))

        business_hours = cls(
            time_zone=time_zone,
            weekly=weekly,
            closed_dates=closed_dates,
        )

        business_hours.additional_properties = d
        return business_hours

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

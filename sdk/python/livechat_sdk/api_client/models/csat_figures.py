from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CsatFigures")


@_attrs_define
class CsatFigures:
    """Ratings given (CSAT).

    Attributes:
        count (int): Chats rated.
        average (float | None | Unset): The average score of `five_point` ratings; absent without any.
        good_share (float | None | Unset): The share of ratings that are good (1 of `good_bad`; 4 or 5 of `five_point`),
            0 to 1; absent without ratings.
    """

    count: int
    average: float | None | Unset = UNSET
    good_share: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        count = self.count

        average: float | None | Unset
        if isinstance(self.average, Unset):
            average = UNSET
        else:
            average = self.average

        good_share: float | None | Unset
        if isinstance(self.good_share, Unset):
            good_share = UNSET
        else:
            good_share = self.good_share

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "count": count,
            }
        )
        if average is not UNSET:
            field_dict["average"] = average
        if good_share is not UNSET:
            field_dict["good_share"] = good_share

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        count = d.pop("count")

        def _parse_average(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        average = _parse_average(d.pop("average", UNSET))

        def _parse_good_share(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        good_share = _parse_good_share(d.pop("good_share", UNSET))

        csat_figures = cls(
            count=count,
            average=average,
            good_share=good_share,
        )

        csat_figures.additional_properties = d
        return csat_figures

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

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.csat_scale import CsatScale
from ..types import UNSET, Unset

T = TypeVar("T", bound="Rating")


@_attrs_define
class Rating:
    """A customer's rating of a chat (CSAT).

    Attributes:
        scale (CsatScale | str):
        changeable_until (datetime.datetime | None | Unset): Until when the customer may change their rating; absent
            before they rate.
        comment (None | str | Unset):
        rated_at (datetime.datetime | None | Unset):
        score (int | None | Unset): `good_bad`: 0 bad, 1 good; `five_point`: 1 to 5. Absent until the customer rates.
    """

    scale: CsatScale | str
    changeable_until: datetime.datetime | None | Unset = UNSET
    comment: None | str | Unset = UNSET
    rated_at: datetime.datetime | None | Unset = UNSET
    score: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        scale: str
        if isinstance(self.scale, CsatScale):
            scale = self.scale.value
        else:
            scale = self.scale

        changeable_until: None | str | Unset
        if isinstance(self.changeable_until, Unset):
            changeable_until = UNSET
        elif isinstance(self.changeable_until, datetime.datetime):
            changeable_until = self.changeable_until.isoformat()
        else:
            changeable_until = self.changeable_until

        comment: None | str | Unset
        if isinstance(self.comment, Unset):
            comment = UNSET
        else:
            comment = self.comment

        rated_at: None | str | Unset
        if isinstance(self.rated_at, Unset):
            rated_at = UNSET
        elif isinstance(self.rated_at, datetime.datetime):
            rated_at = self.rated_at.isoformat()
        else:
            rated_at = self.rated_at

        score: int | None | Unset
        if isinstance(self.score, Unset):
            score = UNSET
        else:
            score = self.score

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "scale": scale,
            }
        )
        if changeable_until is not UNSET:
            field_dict["changeable_until"] = changeable_until
        if comment is not UNSET:
            field_dict["comment"] = comment
        if rated_at is not UNSET:
            field_dict["rated_at"] = rated_at
        if score is not UNSET:
            field_dict["score"] = score

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_scale(data: object) -> CsatScale | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                scale_type_0 = CsatScale(data)

                return scale_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CsatScale | str, data)

        scale = _parse_scale(d.pop("scale"))

        def _parse_changeable_until(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                changeable_until_type_0 = datetime.datetime.fromisoformat(data)

                return changeable_until_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        changeable_until = _parse_changeable_until(d.pop("changeable_until", UNSET))

        def _parse_comment(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        comment = _parse_comment(d.pop("comment", UNSET))

        def _parse_rated_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                rated_at_type_0 = datetime.datetime.fromisoformat(data)

                return rated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        rated_at = _parse_rated_at(d.pop("rated_at", UNSET))

        def _parse_score(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        score = _parse_score(d.pop("score", UNSET))

        rating = cls(
            scale=scale,
            changeable_until=changeable_until,
            comment=comment,
            rated_at=rated_at,
            score=score,
        )

        rating.additional_properties = d
        return rating

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

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.chat_figures import ChatFigures


T = TypeVar("T", bound="ReportBucketFigures")


@_attrs_define
class ReportBucketFigures:
    """One bucket of a report.

    Attributes:
        figures (ChatFigures): What happened to the chats that entered in a span of time.
        start (datetime.datetime): Where the bucket starts (its local start in the report's time zone, as UTC).
    """

    figures: ChatFigures
    start: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        figures = self.figures.to_dict()

        start = self.start.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "figures": figures,
                "start": start,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.chat_figures import ChatFigures  # noqa: PLC0415

        d = dict(src_dict)
        figures = ChatFigures.from_dict(d.pop("figures"))

        start = datetime.datetime.fromisoformat(d.pop("start"))

        report_bucket_figures = cls(
            figures=figures,
            start=start,
        )

        report_bucket_figures.additional_properties = d
        return report_bucket_figures

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

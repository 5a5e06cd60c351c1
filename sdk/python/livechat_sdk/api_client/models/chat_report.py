from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.report_bucket import ReportBucket
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.agent_figures import AgentFigures
    from ..models.chat_figures import ChatFigures
    from ..models.group_figures import GroupFigures
    from ..models.report_bucket_figures import ReportBucketFigures


T = TypeVar("T", bound="ChatReport")


@_attrs_define
class ChatReport:
    """The figures of the chats that entered from `from` to `to`.

    Attributes:
        agents (list[AgentFigures]):
        bucket (ReportBucket | str):
        buckets (list[ReportBucketFigures]): Every bucket of the range, oldest first, empty ones included.
        from_ (datetime.datetime):
        groups (list[GroupFigures]):
        time_zone (str):
        to (datetime.datetime):
        totals (ChatFigures): What happened to the chats that entered in a span of time.
        group_id (None | Unset | UUID): Only this group's chats, if given.
    """

    agents: list[AgentFigures]
    bucket: ReportBucket | str
    buckets: list[ReportBucketFigures]
    from_: datetime.datetime
    groups: list[GroupFigures]
    time_zone: str
    to: datetime.datetime
    totals: ChatFigures
    group_id: None | Unset | UUID = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        agents = []
        for agents_item_data in self.agents:
            agents_item = agents_item_data.to_dict()
            agents.append(agents_item)

        bucket: str
        if isinstance(self.bucket, ReportBucket):
            bucket = self.bucket.value
        else:
            bucket = self.bucket

        buckets = []
        for buckets_item_data in self.buckets:
            buckets_item = buckets_item_data.to_dict()
            buckets.append(buckets_item)

        from_ = self.from_.isoformat()

        groups = []
        for groups_item_data in self.groups:
            groups_item = groups_item_data.to_dict()
            groups.append(groups_item)

        time_zone = self.time_zone

        to = self.to.isoformat()

        totals = self.totals.to_dict()

        group_id: None | str | Unset
        if isinstance(self.group_id, Unset):
            group_id = UNSET
        elif isinstance(self.group_id, UUID):
            group_id = str(self.group_id)
        else:
            group_id = self.group_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "agents": agents,
                "bucket": bucket,
                "buckets": buckets,
                "from": from_,
                "groups": groups,
                "time_zone": time_zone,
                "to": to,
                "totals": totals,
            }
        )
        if group_id is not UNSET:
            field_dict["group_id"] = group_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.agent_figures import AgentFigures  # noqa: PLC0415
        from ..models.chat_figures import ChatFigures  # noqa: PLC0415
        from ..models.group_figures import GroupFigures  # noqa: PLC0415
        from ..models.report_bucket_figures import ReportBucketFigures  # noqa: PLC0415

        d = dict(src_dict)
        agents = []
        _agents = d.pop("agents")
        for agents_item_data in _agents:
            agents_item = AgentFigures.from_dict(agents_item_data)

            agents.append(agents_item)

        def _parse_bucket(data: object) -> ReportBucket | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                bucket_type_0 = ReportBucket(data)

                return bucket_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ReportBucket | str, data)

        bucket = _parse_bucket(d.pop("bucket"))

        buckets = []
        _buckets = d.pop("buckets")
        for buckets_item_data in _buckets:
            buckets_item = ReportBucketFigures.from_dict(buckets_item_data)

            buckets.append(buckets_item)

        from_ = datetime.datetime.fromisoformat(d.pop("from"))

        groups = []
        _groups = d.pop("groups")
        for groups_item_data in _groups:
            groups_item = GroupFigures.from_dict(groups_item_data)

            groups.append(groups_item)

        time_zone = d.pop("time_zone")

        to = datetime.datetime.fromisoformat(d.pop("to"))

        totals = ChatFigures.from_dict(d.pop("totals"))

        def _parse_group_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                group_id_type_0 = UUID(data)

                return group_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        group_id = _parse_group_id(d.pop("group_id", UNSET))

        chat_report = cls(
            agents=agents,
            bucket=bucket,
            buckets=buckets,
            from_=from_,
            groups=groups,
            time_zone=time_zone,
            to=to,
            totals=totals,
            group_id=group_id,
        )

        chat_report.additional_properties = d
        return chat_report

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

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.worker_health import WorkerHealth


T = TypeVar("T", bound="Readiness")


@_attrs_define
class Readiness:
    """Readiness: the database and every worker.

    Example:
        {'status': 'ok', 'workers': [{'name': 'event-tailer', 'reason': None, 'state': 'running'}, {'name': 'outbox',
            'reason': None, 'state': 'running'}]}

    Attributes:
        status (str): `ok`, or what is wrong: the database, or the names of the workers that are down.
        workers (list[WorkerHealth]):
    """

    status: str
    workers: list[WorkerHealth]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        workers = []
        for workers_item_data in self.workers:
            workers_item = workers_item_data.to_dict()
            workers.append(workers_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "workers": workers,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.worker_health import WorkerHealth  # noqa: PLC0415

        d = dict(src_dict)
        status = d.pop("status")

        workers = []
        _workers = d.pop("workers")
        for workers_item_data in _workers:
            workers_item = WorkerHealth.from_dict(workers_item_data)

            workers.append(workers_item)

        readiness = cls(
            status=status,
            workers=workers,
        )

        readiness.additional_properties = d
        return readiness

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

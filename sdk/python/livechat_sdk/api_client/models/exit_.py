from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.exit_reason import ExitReason
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.target import Target


T = TypeVar("T", bound="Exit")


@_attrs_define
class Exit:
    """How a conversation ended.

    Attributes:
        reason (ExitReason | str):
        target (None | Target | Unset): Where the bot platform should continue; absent when the module's own next step
            applies.
    """

    reason: ExitReason | str
    target: None | Target | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.target import Target  # noqa: PLC0415

        reason: str
        if isinstance(self.reason, ExitReason):
            reason = self.reason.value
        else:
            reason = self.reason

        target: dict[str, Any] | None | Unset
        if isinstance(self.target, Unset):
            target = UNSET
        elif isinstance(self.target, Target):
            target = self.target.to_dict()
        else:
            target = self.target

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "reason": reason,
            }
        )
        if target is not UNSET:
            field_dict["target"] = target

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.target import Target  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_reason(data: object) -> ExitReason | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                reason_type_0 = ExitReason(data)

                return reason_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ExitReason | str, data)

        reason = _parse_reason(d.pop("reason"))

        def _parse_target(data: object) -> None | Target | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                target_type_0 = Target.from_dict(data)

                return target_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Target | Unset, data)

        target = _parse_target(d.pop("target", UNSET))

        exit_ = cls(
            reason=reason,
            target=target,
        )

        exit_.additional_properties = d
        return exit_

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

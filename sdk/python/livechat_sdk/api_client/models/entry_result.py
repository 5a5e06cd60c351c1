from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.entry_outcome_kind import EntryOutcomeKind
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.conversation import Conversation
    from ..models.customer_token_grant import CustomerTokenGrant


T = TypeVar("T", bound="EntryResult")


@_attrs_define
class EntryResult:
    """The result of entering.

    Attributes:
        conversation (Conversation): One pass of a customer through the live-chat module. Example: {'agent': {'id':
            '0193a4e2-8f10-7a2b-9c3d-4e5f60718293', 'name': 'Ada Lovelace'}, 'agent_seen_seq': 5, 'claimed_at':
            '2026-11-29T10:16:05+00:00', 'customer': {'blocked': False, 'display_name': 'Grace', 'email':
            'grace@example.com', 'external_id': 'crm-4711', 'id': '0193a4e2-6b0c-7d1e-8f2a-3b4c5d6e7f80', 'online': True},
            'customer_seen_seq': 4, 'email': 'grace@example.com', 'email_requested': False, 'entered_at':
            '2026-11-29T10:15:30+00:00', 'id': '0193a4e2-7c1d-7b3e-9f4a-2c8e5d6f7a10', 'last_message_at':
            '2026-11-29T10:17:12+00:00', 'last_message_preview': 'We found your parcel.', 'left_message': False,
            'module_id': '0193a4e2-5a9b-7c0d-8e1f-2a3b4c5d6e7f', 'module_version': 3, 'process_ref': 'order-support',
            'quick_replies': [], 'routing': 'auto', 'status': 'active', 'tags': [{'id':
            '0193a4e2-bb1c-7d2e-8f30-4a5b6c7d8e9f', 'name': 'refund'}], 'unanswered': 0, 'variables': {'live_agent_id':
            '0193a4e2-8f10-7a2b-9c3d-4e5f60718293', 'live_agent_messages': 2, 'live_agent_name': 'Ada Lovelace',
            'live_async': False, 'live_customer_messages': 2, 'live_duration_seconds': 102, 'live_email':
            'grace@example.com', 'live_exit_reason': None, 'live_exit_target': None, 'live_exit_target_kind': None,
            'live_group': None, 'live_queue_position_at_entry': 1, 'live_rating': None, 'live_status': 'active',
            'live_waited_seconds': 35}, 'waited_seconds': 35}.
        outcome (EntryOutcomeKind | str):
        reentered (bool): The customer already had an open conversation, which is returned.
        customer_token (CustomerTokenGrant | None | Unset): For the customer's chat UI; absent when the module exited at
            once.
    """

    conversation: Conversation
    outcome: EntryOutcomeKind | str
    reentered: bool
    customer_token: CustomerTokenGrant | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.customer_token_grant import CustomerTokenGrant  # noqa: PLC0415

        conversation = self.conversation.to_dict()

        outcome: str
        if isinstance(self.outcome, EntryOutcomeKind):
            outcome = self.outcome.value
        else:
            outcome = self.outcome

        reentered = self.reentered

        customer_token: dict[str, Any] | None | Unset
        if isinstance(self.customer_token, Unset):
            customer_token = UNSET
        elif isinstance(self.customer_token, CustomerTokenGrant):
            customer_token = self.customer_token.to_dict()
        else:
            customer_token = self.customer_token

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "conversation": conversation,
                "outcome": outcome,
                "reentered": reentered,
            }
        )
        if customer_token is not UNSET:
            field_dict["customer_token"] = customer_token

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.conversation import Conversation  # noqa: PLC0415
        from ..models.customer_token_grant import CustomerTokenGrant  # noqa: PLC0415

        d = dict(src_dict)
        conversation = Conversation.from_dict(d.pop("conversation"))

        def _parse_outcome(data: object) -> EntryOutcomeKind | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                outcome_type_0 = EntryOutcomeKind(data)

                return outcome_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EntryOutcomeKind | str, data)

        outcome = _parse_outcome(d.pop("outcome"))

        reentered = d.pop("reentered")

        def _parse_customer_token(data: object) -> CustomerTokenGrant | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                customer_token_type_0 = CustomerTokenGrant.from_dict(data)

                return customer_token_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CustomerTokenGrant | None | Unset, data)

        customer_token = _parse_customer_token(d.pop("customer_token", UNSET))

        entry_result = cls(
            conversation=conversation,
            outcome=outcome,
            reentered=reentered,
            customer_token=customer_token,
        )

        entry_result.additional_properties = d
        return entry_result

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

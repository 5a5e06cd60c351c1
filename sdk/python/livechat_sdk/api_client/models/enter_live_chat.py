from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.entry_customer_in import EntryCustomerIn
    from ..models.history_line_in import HistoryLineIn
    from ..models.input_variables import InputVariables


T = TypeVar("T", bound="EnterLiveChat")


@_attrs_define
class EnterLiveChat:
    """A customer entering the live-chat module.

    Example:
        {'customer': {'display_name': 'Grace', 'email': None, 'external_id': 'customer-42'}, 'history': [{'author':
            'customer', 'sent_at': None, 'text': 'I need a human, please'}], 'module_id':
            '00000000-0000-0000-0000-000000000000', 'process_ref': 'process-run-7', 'tags': ['vip'], 'variables':
            {'live_in_force_start': False}}

    Attributes:
        customer (EntryCustomerIn): The customer as the bot platform knows them.
        module_id (UUID): The module configuration of this live-chat step.
        process_ref (str): The bot platform's reference of the process (session, flow run…).
        history (list[HistoryLineIn] | None | Unset): The chat so far, at most 200 lines, oldest first. Customer lines
            are searched
            for an email address (the most recent valid one wins).
        tags (list[str] | None | Unset): Names of tags (which admins keep) to put on the conversation, at most 20; a
            name
            that is no tag is 422 and nothing is stored. Agents see them; the customer does not.
        variables (InputVariables | None | Unset):
    """

    customer: EntryCustomerIn
    module_id: UUID
    process_ref: str
    history: list[HistoryLineIn] | None | Unset = UNSET
    tags: list[str] | None | Unset = UNSET
    variables: InputVariables | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.input_variables import InputVariables  # noqa: PLC0415

        customer = self.customer.to_dict()

        module_id = str(self.module_id)

        process_ref = self.process_ref

        history: list[dict[str, Any]] | None | Unset
        if isinstance(self.history, Unset):
            history = UNSET
        elif isinstance(self.history, list):
            history = []
            for history_type_0_item_data in self.history:
                history_type_0_item = history_type_0_item_data.to_dict()
                history.append(history_type_0_item)

        else:
            history = self.history

        tags: list[str] | None | Unset
        if isinstance(self.tags, Unset):
            tags = UNSET
        elif isinstance(self.tags, list):
            tags = self.tags

        else:
            tags = self.tags

        variables: dict[str, Any] | None | Unset
        if isinstance(self.variables, Unset):
            variables = UNSET
        elif isinstance(self.variables, InputVariables):
            variables = self.variables.to_dict()
        else:
            variables = self.variables

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "customer": customer,
                "module_id": module_id,
                "process_ref": process_ref,
            }
        )
        if history is not UNSET:
            field_dict["history"] = history
        if tags is not UNSET:
            field_dict["tags"] = tags
        if variables is not UNSET:
            field_dict["variables"] = variables

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.entry_customer_in import EntryCustomerIn  # noqa: PLC0415
        from ..models.history_line_in import HistoryLineIn  # noqa: PLC0415
        from ..models.input_variables import InputVariables  # noqa: PLC0415

        d = dict(src_dict)
        customer = EntryCustomerIn.from_dict(d.pop("customer"))

        module_id = UUID(d.pop("module_id"))

        process_ref = d.pop("process_ref")

        def _parse_history(data: object) -> list[HistoryLineIn] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                history_type_0 = []
                _history_type_0 = data
                for history_type_0_item_data in _history_type_0:
                    history_type_0_item = HistoryLineIn.from_dict(history_type_0_item_data)

                    history_type_0.append(history_type_0_item)

                return history_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[HistoryLineIn] | None | Unset, data)

        history = _parse_history(d.pop("history", UNSET))

        def _parse_tags(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                tags_type_0 = cast(list[str], data)

                return tags_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        tags = _parse_tags(d.pop("tags", UNSET))

        def _parse_variables(data: object) -> InputVariables | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                variables_type_0 = InputVariables.from_dict(data)

                return variables_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(InputVariables | None | Unset, data)

        variables = _parse_variables(d.pop("variables", UNSET))

        enter_live_chat = cls(
            customer=customer,
            module_id=module_id,
            process_ref=process_ref,
            history=history,
            tags=tags,
            variables=variables,
        )

        enter_live_chat.additional_properties = d
        return enter_live_chat

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

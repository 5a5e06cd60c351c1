from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.conversation_status import ConversationStatus
from ..models.routing import Routing
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.agent_summary import AgentSummary
    from ..models.customer import Customer
    from ..models.exit_ import Exit
    from ..models.process_variables import ProcessVariables
    from ..models.quick_reply import QuickReply
    from ..models.rating import Rating
    from ..models.tag import Tag


T = TypeVar("T", bound="Conversation")


@_attrs_define
class Conversation:
    """One pass of a customer through the live-chat module.

    Example:
        {'agent': {'id': '0193a4e2-8f10-7a2b-9c3d-4e5f60718293', 'name': 'Ada Lovelace'}, 'agent_seen_seq': 5,
            'claimed_at': '2026-11-29T10:16:05+00:00', 'customer': {'blocked': False, 'display_name': 'Grace', 'email':
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
            'live_waited_seconds': 35}, 'waited_seconds': 35}

    Attributes:
        agent_seen_seq (int): The serving agent has seen the messages up to this `seq`.
        customer (Customer): A customer as the bot platform knows them. Example: {'blocked': False, 'display_name':
            'Grace', 'email': 'grace@example.com', 'external_id': 'crm-4711', 'id': '0193a4e2-6b0c-7d1e-8f2a-3b4c5d6e7f80',
            'online': True}.
        customer_seen_seq (int): The customer has seen the messages up to this `seq`.
        email_requested (bool): Whether the customer was asked for an email.
        entered_at (datetime.datetime):
        id (UUID):
        left_message (bool): Whether the customer left a message while nobody was online.
        module_id (UUID):
        module_version (int): The module configuration version the conversation entered with.
        process_ref (str): The bot platform's reference of the process the customer came from.
        quick_replies (list[QuickReply]): The persistent quick replies the customer sees.
        routing (Routing | str):
        status (ConversationStatus | str):
        tags (list[Tag]): Agents' labels on the conversation, by name. Internal: always empty for the
            customer, on REST and on their stream.
        unanswered (int): Customer messages since the last agent message.
        variables (ProcessVariables): The process-specific variables the module hands back to the process, computed for
            every conversation at any time. Once it has ended they no longer change, except
            `live_agent_name` (the agent's current name) and `live_email` (gone after an erase). Example: {'live_agent_id':
            '0193a4e2-8f10-7a2b-9c3d-4e5f60718293', 'live_agent_messages': 2, 'live_agent_name': 'Ada Lovelace',
            'live_async': False, 'live_customer_messages': 2, 'live_duration_seconds': 102, 'live_email':
            'grace@example.com', 'live_queue_position_at_entry': 1, 'live_status': 'active', 'live_waited_seconds': 35}.
        waited_seconds (int): Seconds the customer waited (until the first take-over, or until now).
        agent (AgentSummary | None | Unset): The agent serving the conversation (or who served it last, once ended).
        claimed_at (datetime.datetime | None | Unset): When an agent first took the conversation over.
        email (None | str | Unset): The customer's email for this conversation, when known.
        ended_at (datetime.datetime | None | Unset):
        estimated_wait_seconds (int | None | Unset): While waiting: the expected wait in seconds, from the recent waits
            in its group
            (absent until some conversation of the group was taken over).
        exit_ (Exit | None | Unset): Set once the conversation has ended.
        group_id (None | Unset | UUID): The group that serves it (its module's); absent: every agent.
        last_message_at (datetime.datetime | None | Unset):
        last_message_preview (None | str | Unset): A short preview of the last message.
        queue_position (int | None | Unset): While waiting: its place in its group's queue, 1 being next. Exact up to
            200;
            further back rounded up to two significant digits (4,873 is shown as 4,900).
        rating (None | Rating | Unset): The customer's rating, once the chat ended and the module asked for one.
    """

    agent_seen_seq: int
    customer: Customer
    customer_seen_seq: int
    email_requested: bool
    entered_at: datetime.datetime
    id: UUID
    left_message: bool
    module_id: UUID
    module_version: int
    process_ref: str
    quick_replies: list[QuickReply]
    routing: Routing | str
    status: ConversationStatus | str
    tags: list[Tag]
    unanswered: int
    variables: ProcessVariables
    waited_seconds: int
    agent: AgentSummary | None | Unset = UNSET
    claimed_at: datetime.datetime | None | Unset = UNSET
    email: None | str | Unset = UNSET
    ended_at: datetime.datetime | None | Unset = UNSET
    estimated_wait_seconds: int | None | Unset = UNSET
    exit_: Exit | None | Unset = UNSET
    group_id: None | Unset | UUID = UNSET
    last_message_at: datetime.datetime | None | Unset = UNSET
    last_message_preview: None | str | Unset = UNSET
    queue_position: int | None | Unset = UNSET
    rating: None | Rating | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.agent_summary import AgentSummary  # noqa: PLC0415
        from ..models.exit_ import Exit  # noqa: PLC0415
        from ..models.rating import Rating  # noqa: PLC0415

        agent_seen_seq = self.agent_seen_seq

        customer = self.customer.to_dict()

        customer_seen_seq = self.customer_seen_seq

        email_requested = self.email_requested

        entered_at = self.entered_at.isoformat()

        id = str(self.id)

        left_message = self.left_message

        module_id = str(self.module_id)

        module_version = self.module_version

        process_ref = self.process_ref

        quick_replies = []
        for quick_replies_item_data in self.quick_replies:
            quick_replies_item = quick_replies_item_data.to_dict()
            quick_replies.append(quick_replies_item)

        routing: str
        if isinstance(self.routing, Routing):
            routing = self.routing.value
        else:
            routing = self.routing

        status: str
        if isinstance(self.status, ConversationStatus):
            status = self.status.value
        else:
            status = self.status

        tags = []
        for tags_item_data in self.tags:
            tags_item = tags_item_data.to_dict()
            tags.append(tags_item)

        unanswered = self.unanswered

        variables = self.variables.to_dict()

        waited_seconds = self.waited_seconds

        agent: dict[str, Any] | None | Unset
        if isinstance(self.agent, Unset):
            agent = UNSET
        elif isinstance(self.agent, AgentSummary):
            agent = self.agent.to_dict()
        else:
            agent = self.agent

        claimed_at: None | str | Unset
        if isinstance(self.claimed_at, Unset):
            claimed_at = UNSET
        elif isinstance(self.claimed_at, datetime.datetime):
            claimed_at = self.claimed_at.isoformat()
        else:
            claimed_at = self.claimed_at

        email: None | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        ended_at: None | str | Unset
        if isinstance(self.ended_at, Unset):
            ended_at = UNSET
        elif isinstance(self.ended_at, datetime.datetime):
            ended_at = self.ended_at.isoformat()
        else:
            ended_at = self.ended_at

        estimated_wait_seconds: int | None | Unset
        if isinstance(self.estimated_wait_seconds, Unset):
            estimated_wait_seconds = UNSET
        else:
            estimated_wait_seconds = self.estimated_wait_seconds

        exit_: dict[str, Any] | None | Unset
        if isinstance(self.exit_, Unset):
            exit_ = UNSET
        elif isinstance(self.exit_, Exit):
            exit_ = self.exit_.to_dict()
        else:
            exit_ = self.exit_

        group_id: None | str | Unset
        if isinstance(self.group_id, Unset):
            group_id = UNSET
        elif isinstance(self.group_id, UUID):
            group_id = str(self.group_id)
        else:
            group_id = self.group_id

        last_message_at: None | str | Unset
        if isinstance(self.last_message_at, Unset):
            last_message_at = UNSET
        elif isinstance(self.last_message_at, datetime.datetime):
            last_message_at = self.last_message_at.isoformat()
        else:
            last_message_at = self.last_message_at

        last_message_preview: None | str | Unset
        if isinstance(self.last_message_preview, Unset):
            last_message_preview = UNSET
        else:
            last_message_preview = self.last_message_preview

        queue_position: int | None | Unset
        if isinstance(self.queue_position, Unset):
            queue_position = UNSET
        else:
            queue_position = self.queue_position

        rating: dict[str, Any] | None | Unset
        if isinstance(self.rating, Unset):
            rating = UNSET
        elif isinstance(self.rating, Rating):
            rating = self.rating.to_dict()
        else:
            rating = self.rating

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "agent_seen_seq": agent_seen_seq,
                "customer": customer,
                "customer_seen_seq": customer_seen_seq,
                "email_requested": email_requested,
                "entered_at": entered_at,
                "id": id,
                "left_message": left_message,
                "module_id": module_id,
                "module_version": module_version,
                "process_ref": process_ref,
                "quick_replies": quick_replies,
                "routing": routing,
                "status": status,
                "tags": tags,
                "unanswered": unanswered,
                "variables": variables,
                "waited_seconds": waited_seconds,
            }
        )
        if agent is not UNSET:
            field_dict["agent"] = agent
        if claimed_at is not UNSET:
            field_dict["claimed_at"] = claimed_at
        if email is not UNSET:
            field_dict["email"] = email
        if ended_at is not UNSET:
            field_dict["ended_at"] = ended_at
        if estimated_wait_seconds is not UNSET:
            field_dict["estimated_wait_seconds"] = estimated_wait_seconds
        if exit_ is not UNSET:
            field_dict["exit"] = exit_
        if group_id is not UNSET:
            field_dict["group_id"] = group_id
        if last_message_at is not UNSET:
            field_dict["last_message_at"] = last_message_at
        if last_message_preview is not UNSET:
            field_dict["last_message_preview"] = last_message_preview
        if queue_position is not UNSET:
            field_dict["queue_position"] = queue_position
        if rating is not UNSET:
            field_dict["rating"] = rating

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.agent_summary import AgentSummary  # noqa: PLC0415
        from ..models.customer import Customer  # noqa: PLC0415
        from ..models.exit_ import Exit  # noqa: PLC0415
        from ..models.process_variables import ProcessVariables  # noqa: PLC0415
        from ..models.quick_reply import QuickReply  # noqa: PLC0415
        from ..models.rating import Rating  # noqa: PLC0415
        from ..models.tag import Tag  # noqa: PLC0415

        d = dict(src_dict)
        agent_seen_seq = d.pop("agent_seen_seq")

        customer = Customer.from_dict(d.pop("customer"))

        customer_seen_seq = d.pop("customer_seen_seq")

        email_requested = d.pop("email_requested")

        entered_at = datetime.datetime.fromisoformat(d.pop("entered_at"))

        id = UUID(d.pop("id"))

        left_message = d.pop("left_message")

        module_id = UUID(d.pop("module_id"))

        module_version = d.pop("module_version")

        process_ref = d.pop("process_ref")

        quick_replies = []
        _quick_replies = d.pop("quick_replies")
        for quick_replies_item_data in _quick_replies:
            quick_replies_item = QuickReply.from_dict(quick_replies_item_data)

            quick_replies.append(quick_replies_item)

        def _parse_routing(data: object) -> Routing | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                routing_type_0 = Routing(data)

                return routing_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Routing | str, data)

        routing = _parse_routing(d.pop("routing"))

        def _parse_status(data: object) -> ConversationStatus | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = ConversationStatus(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ConversationStatus | str, data)

        status = _parse_status(d.pop("status"))

        tags = []
        _tags = d.pop("tags")
        for tags_item_data in _tags:
            tags_item = Tag.from_dict(tags_item_data)

            tags.append(tags_item)

        unanswered = d.pop("unanswered")

        variables = ProcessVariables.from_dict(d.pop("variables"))

        waited_seconds = d.pop("waited_seconds")

        def _parse_agent(data: object) -> AgentSummary | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                agent_type_0 = AgentSummary.from_dict(data)

                return agent_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AgentSummary | None | Unset, data)

        agent = _parse_agent(d.pop("agent", UNSET))

        def _parse_claimed_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                claimed_at_type_0 = datetime.datetime.fromisoformat(data)

                return claimed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        claimed_at = _parse_claimed_at(d.pop("claimed_at", UNSET))

        def _parse_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))

        def _parse_ended_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ended_at_type_0 = datetime.datetime.fromisoformat(data)

                return ended_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        ended_at = _parse_ended_at(d.pop("ended_at", UNSET))

        def _parse_estimated_wait_seconds(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        estimated_wait_seconds = _parse_estimated_wait_seconds(d.pop("estimated_wait_seconds", UNSET))

        def _parse_exit_(data: object) -> Exit | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                exit_type_0 = Exit.from_dict(data)

                return exit_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Exit | None | Unset, data)

        exit_ = _parse_exit_(d.pop("exit", UNSET))

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

        def _parse_last_message_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_message_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_message_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        last_message_at = _parse_last_message_at(d.pop("last_message_at", UNSET))

        def _parse_last_message_preview(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        last_message_preview = _parse_last_message_preview(d.pop("last_message_preview", UNSET))

        def _parse_queue_position(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        queue_position = _parse_queue_position(d.pop("queue_position", UNSET))

        def _parse_rating(data: object) -> None | Rating | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                rating_type_0 = Rating.from_dict(data)

                return rating_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Rating | Unset, data)

        rating = _parse_rating(d.pop("rating", UNSET))

        conversation = cls(
            agent_seen_seq=agent_seen_seq,
            customer=customer,
            customer_seen_seq=customer_seen_seq,
            email_requested=email_requested,
            entered_at=entered_at,
            id=id,
            left_message=left_message,
            module_id=module_id,
            module_version=module_version,
            process_ref=process_ref,
            quick_replies=quick_replies,
            routing=routing,
            status=status,
            tags=tags,
            unanswered=unanswered,
            variables=variables,
            waited_seconds=waited_seconds,
            agent=agent,
            claimed_at=claimed_at,
            email=email,
            ended_at=ended_at,
            estimated_wait_seconds=estimated_wait_seconds,
            exit_=exit_,
            group_id=group_id,
            last_message_at=last_message_at,
            last_message_preview=last_message_preview,
            queue_position=queue_position,
            rating=rating,
        )

        conversation.additional_properties = d
        return conversation

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

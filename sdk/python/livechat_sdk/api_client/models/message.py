from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.author_kind import AuthorKind
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.agent_summary import AgentSummary
    from ..models.message_content_animation_content import MessageContentAnimationContent
    from ..models.message_content_article_content import MessageContentArticleContent
    from ..models.message_content_email_request_content import MessageContentEmailRequestContent
    from ..models.message_content_file_content import MessageContentFileContent
    from ..models.message_content_history_content import MessageContentHistoryContent
    from ..models.message_content_jump_content import MessageContentJumpContent
    from ..models.message_content_system_content import MessageContentSystemContent
    from ..models.message_content_text_content import MessageContentTextContent


T = TypeVar("T", bound="Message")


@_attrs_define
class Message:
    """A message of a conversation.

    Example:
        {'author': {'id': '0193a4e2-8f10-7a2b-9c3d-4e5f60718293', 'name': 'Ada Lovelace'}, 'author_kind': 'agent',
            'client_message_id': 'console-5f2c', 'content': {'kind': 'text', 'text': 'We found your parcel.'},
            'conversation_id': '0193a4e2-7c1d-7b3e-9f4a-2c8e5d6f7a10', 'created_at': '2026-11-29T10:17:12+00:00', 'id':
            '0193a4e2-9a8b-7c6d-8e5f-4a3b2c1d0e9f', 'seq': 5}

    Attributes:
        author_kind (AuthorKind | str):
        content (MessageContentAnimationContent | MessageContentArticleContent | MessageContentEmailRequestContent |
            MessageContentFileContent | MessageContentHistoryContent | MessageContentJumpContent |
            MessageContentSystemContent | MessageContentTextContent): The content of a message; `kind` tells which.
        conversation_id (UUID):
        created_at (datetime.datetime):
        id (UUID):
        seq (int): Position in the conversation: 1, 2, 3… without gaps.
        author (AgentSummary | None | Unset): The agent who wrote it, for agent messages.
        client_message_id (None | str | Unset): The sender's idempotency key, when given.
    """

    author_kind: AuthorKind | str
    content: (
        MessageContentAnimationContent
        | MessageContentArticleContent
        | MessageContentEmailRequestContent
        | MessageContentFileContent
        | MessageContentHistoryContent
        | MessageContentJumpContent
        | MessageContentSystemContent
        | MessageContentTextContent
    )
    conversation_id: UUID
    created_at: datetime.datetime
    id: UUID
    seq: int
    author: AgentSummary | None | Unset = UNSET
    client_message_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.agent_summary import AgentSummary  # noqa: PLC0415
        from ..models.message_content_animation_content import MessageContentAnimationContent  # noqa: PLC0415
        from ..models.message_content_article_content import MessageContentArticleContent  # noqa: PLC0415
        from ..models.message_content_email_request_content import MessageContentEmailRequestContent  # noqa: PLC0415
        from ..models.message_content_history_content import MessageContentHistoryContent  # noqa: PLC0415
        from ..models.message_content_jump_content import MessageContentJumpContent  # noqa: PLC0415
        from ..models.message_content_system_content import MessageContentSystemContent  # noqa: PLC0415
        from ..models.message_content_text_content import MessageContentTextContent  # noqa: PLC0415

        author_kind: str
        if isinstance(self.author_kind, AuthorKind):
            author_kind = self.author_kind.value
        else:
            author_kind = self.author_kind

        content: dict[str, Any]
        if isinstance(self.content, MessageContentTextContent):
            content = self.content.to_dict()
        elif isinstance(self.content, MessageContentArticleContent):
            content = self.content.to_dict()
        elif isinstance(self.content, MessageContentAnimationContent):
            content = self.content.to_dict()
        elif isinstance(self.content, MessageContentJumpContent):
            content = self.content.to_dict()
        elif isinstance(self.content, MessageContentEmailRequestContent):
            content = self.content.to_dict()
        elif isinstance(self.content, MessageContentSystemContent):
            content = self.content.to_dict()
        elif isinstance(self.content, MessageContentHistoryContent):
            content = self.content.to_dict()
        else:
            content = self.content.to_dict()

        conversation_id = str(self.conversation_id)

        created_at = self.created_at.isoformat()

        id = str(self.id)

        seq = self.seq

        author: dict[str, Any] | None | Unset
        if isinstance(self.author, Unset):
            author = UNSET
        elif isinstance(self.author, AgentSummary):
            author = self.author.to_dict()
        else:
            author = self.author

        client_message_id: None | str | Unset
        if isinstance(self.client_message_id, Unset):
            client_message_id = UNSET
        else:
            client_message_id = self.client_message_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "author_kind": author_kind,
                "content": content,
                "conversation_id": conversation_id,
                "created_at": created_at,
                "id": id,
                "seq": seq,
            }
        )
        if author is not UNSET:
            field_dict["author"] = author
        if client_message_id is not UNSET:
            field_dict["client_message_id"] = client_message_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.agent_summary import AgentSummary  # noqa: PLC0415
        from ..models.message_content_animation_content import MessageContentAnimationContent  # noqa: PLC0415
        from ..models.message_content_article_content import MessageContentArticleContent  # noqa: PLC0415
        from ..models.message_content_email_request_content import MessageContentEmailRequestContent  # noqa: PLC0415
        from ..models.message_content_file_content import MessageContentFileContent  # noqa: PLC0415
        from ..models.message_content_history_content import MessageContentHistoryContent  # noqa: PLC0415
        from ..models.message_content_jump_content import MessageContentJumpContent  # noqa: PLC0415
        from ..models.message_content_system_content import MessageContentSystemContent  # noqa: PLC0415
        from ..models.message_content_text_content import MessageContentTextContent  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_author_kind(data: object) -> AuthorKind | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                author_kind_type_0 = AuthorKind(data)

                return author_kind_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AuthorKind | str, data)

        author_kind = _parse_author_kind(d.pop("author_kind"))

        def _parse_content(
            data: object,
        ) -> (
            MessageContentAnimationContent
            | MessageContentArticleContent
            | MessageContentEmailRequestContent
            | MessageContentFileContent
            | MessageContentHistoryContent
            | MessageContentJumpContent
            | MessageContentSystemContent
            | MessageContentTextContent
        ):
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_message_content_type_0 = MessageContentTextContent.from_dict(data)

                return componentsschemas_message_content_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_message_content_type_1 = MessageContentArticleContent.from_dict(data)

                return componentsschemas_message_content_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_message_content_type_2 = MessageContentAnimationContent.from_dict(data)

                return componentsschemas_message_content_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_message_content_type_3 = MessageContentJumpContent.from_dict(data)

                return componentsschemas_message_content_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_message_content_type_4 = MessageContentEmailRequestContent.from_dict(data)

                return componentsschemas_message_content_type_4
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_message_content_type_5 = MessageContentSystemContent.from_dict(data)

                return componentsschemas_message_content_type_5
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_message_content_type_6 = MessageContentHistoryContent.from_dict(data)

                return componentsschemas_message_content_type_6
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_message_content_type_7 = MessageContentFileContent.from_dict(data)

            return componentsschemas_message_content_type_7

        content = _parse_content(d.pop("content"))

        conversation_id = UUID(d.pop("conversation_id"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = UUID(d.pop("id"))

        seq = d.pop("seq")

        def _parse_author(data: object) -> AgentSummary | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                author_type_0 = AgentSummary.from_dict(data)

                return author_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AgentSummary | None | Unset, data)

        author = _parse_author(d.pop("author", UNSET))

        def _parse_client_message_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        client_message_id = _parse_client_message_id(d.pop("client_message_id", UNSET))

        message = cls(
            author_kind=author_kind,
            content=content,
            conversation_id=conversation_id,
            created_at=created_at,
            id=id,
            seq=seq,
            author=author,
            client_message_id=client_message_id,
        )

        message.additional_properties = d
        return message

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

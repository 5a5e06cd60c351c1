from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.message_content_article_content_kind import MessageContentArticleContentKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="MessageContentArticleContent")


@_attrs_define
class MessageContentArticleContent:
    """An article the agent sends: a card with title, link, summary and image.

    Attributes:
        kind (MessageContentArticleContentKind):  Example: article.
        title (str):
        url (str):
        image_url (None | str | Unset):
        summary (None | str | Unset):
    """

    kind: MessageContentArticleContentKind
    title: str
    url: str
    image_url: None | str | Unset = UNSET
    summary: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        title = self.title

        url = self.url

        image_url: None | str | Unset
        if isinstance(self.image_url, Unset):
            image_url = UNSET
        else:
            image_url = self.image_url

        summary: None | str | Unset
        if isinstance(self.summary, Unset):
            summary = UNSET
        else:
            summary = self.summary

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "kind": kind,
                "title": title,
                "url": url,
            }
        )
        if image_url is not UNSET:
            field_dict["image_url"] = image_url
        if summary is not UNSET:
            field_dict["summary"] = summary

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = MessageContentArticleContentKind(d.pop("kind"))

        title = d.pop("title")

        url = d.pop("url")

        def _parse_image_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        image_url = _parse_image_url(d.pop("image_url", UNSET))

        def _parse_summary(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        summary = _parse_summary(d.pop("summary", UNSET))

        message_content_article_content = cls(
            kind=kind,
            title=title,
            url=url,
            image_url=image_url,
            summary=summary,
        )

        message_content_article_content.additional_properties = d
        return message_content_article_content

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Attachment")


@_attrs_define
class Attachment:
    """A file in a conversation. Fetch it with `GET /v1/attachments/{id}` (and images'
    thumbnails with `GET /v1/attachments/{id}/thumbnail`) as a party of the conversation.

        Example:
            {'content_type': 'image/png', 'height': 720, 'id': '0193a4e2-c4d5-7e6f-8a9b-0c1d2e3f4a5b', 'name':
                'screenshot.png', 'sha256': '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', 'size': 48213,
                'width': 1280}

        Attributes:
            content_type (str): The type the server found in the file's bytes (not the one the client named).
            id (UUID):
            name (str): The file name as uploaded, without paths, control or direction characters.
            sha256 (str): SHA-256 of the bytes, in hex; also the download's `ETag`.
            size (int): Size in bytes.
            height (int | None | Unset):
            width (int | None | Unset): Images only: width and height in pixels.
    """

    content_type: str
    id: UUID
    name: str
    sha256: str
    size: int
    height: int | None | Unset = UNSET
    width: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        content_type = self.content_type

        id = str(self.id)

        name = self.name

        sha256 = self.sha256

        size = self.size

        height: int | None | Unset
        if isinstance(self.height, Unset):
            height = UNSET
        else:
            height = self.height

        width: int | None | Unset
        if isinstance(self.width, Unset):
            width = UNSET
        else:
            width = self.width

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "content_type": content_type,
                "id": id,
                "name": name,
                "sha256": sha256,
                "size": size,
            }
        )
        if height is not UNSET:
            field_dict["height"] = height
        if width is not UNSET:
            field_dict["width"] = width

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        content_type = d.pop("content_type")

        id = UUID(d.pop("id"))

        name = d.pop("name")

        sha256 = d.pop("sha256")

        size = d.pop("size")

        def _parse_height(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        height = _parse_height(d.pop("height", UNSET))

        def _parse_width(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        width = _parse_width(d.pop("width", UNSET))

        attachment = cls(
            content_type=content_type,
            id=id,
            name=name,
            sha256=sha256,
            size=size,
            height=height,
            width=width,
        )

        attachment.additional_properties = d
        return attachment

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

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.webhook_endpoint import WebhookEndpoint


T = TypeVar("T", bound="WebhookEndpointWithSecret")


@_attrs_define
class WebhookEndpointWithSecret:
    """An endpoint with its signing secret.

    Example:
        {'endpoint': {'created_at': '2026-11-02T08:05:00+00:00', 'disabled_reason': None, 'enabled': True,
            'event_types': ['message.created'], 'failing_since': None, 'id': '0193a4e2-1a2b-7c3d-8e4f-5a6b7c8d9e0f', 'url':
            'https://bots.example.com/livechat/webhook'}, 'secret': 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'}

    Attributes:
        endpoint (WebhookEndpoint): A webhook endpoint. Every exit (`conversation.ended`) is delivered to every enabled
            endpoint; other event types to those that subscribed (`*` for all). Example: {'created_at':
            '2026-11-02T08:05:00+00:00', 'enabled': True, 'event_types': ['message.created'], 'id':
            '0193a4e2-1a2b-7c3d-8e4f-5a6b7c8d9e0f', 'url': 'https://bots.example.com/livechat/webhook'}.
        secret (str): The Standard Webhooks secret (`whsec_…`) that signs deliveries.
    """

    endpoint: WebhookEndpoint
    secret: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        endpoint = self.endpoint.to_dict()

        secret = self.secret

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "endpoint": endpoint,
                "secret": secret,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.webhook_endpoint import WebhookEndpoint  # noqa: PLC0415

        d = dict(src_dict)
        endpoint = WebhookEndpoint.from_dict(d.pop("endpoint"))

        secret = d.pop("secret")

        webhook_endpoint_with_secret = cls(
            endpoint=endpoint,
            secret=secret,
        )

        webhook_endpoint_with_secret.additional_properties = d
        return webhook_endpoint_with_secret

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

"""What an email provider is: one async ``send`` that either returns the provider's message id or
raises :class:`ProviderError` saying whether trying again may help.

Providers are registered by name (:mod:`mimic.providers.registry`); SMS and push providers will
get their own small base class next to this one, and integrations (chat platforms, webhooks)
their own registry.
"""

from __future__ import annotations

import uuid
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import ClassVar


@dataclass(frozen=True)
class OutboundEmail:
    notification_id: uuid.UUID
    sender: str
    to: list[str]
    subject: str
    text: str | None
    html: str | None
    reply_to: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SendResult:
    provider_message_id: str | None
    details: dict[str, object] = field(default_factory=dict)


class ProviderError(Exception):
    """A send that did not go through; ``transient`` failures are worth retrying."""

    def __init__(
        self,
        reason: str,
        *,
        transient: bool,
        code: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.transient = transient
        self.code = code
        self.retry_after = retry_after

    def as_data(self) -> dict[str, object]:
        data: dict[str, object] = {"transient": self.transient}
        if self.code is not None:
            data["code"] = self.code
        if self.retry_after is not None:
            data["retry_after"] = self.retry_after
        return data


def transient_status(status: int) -> bool:
    """HTTP statuses worth retrying: throttling, timeouts and server errors."""
    return status in (408, 425, 429) or status >= 500


class EmailProvider(ABC):
    name: ClassVar[str]

    @property
    def default_sender(self) -> str:
        return self._sender

    def __init__(self, *, sender: str) -> None:
        self._sender = sender

    @abstractmethod
    async def send(self, email: OutboundEmail) -> SendResult:
        """Hand the email to the provider (raise :class:`ProviderError` when it fails)."""

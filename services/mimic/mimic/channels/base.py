"""A channel is how a notification reaches people: email now; SMS and push fit the same shape.

A channel validates recipients and content when a notification is accepted, and sends it through
the provider that serves the organization when the worker delivers it.
"""

from __future__ import annotations

import uuid
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.errors import FluxError
from mimic.providers.base import SendResult
from mimic.settings import MimicSettings


class InvalidRecipient(FluxError):
    status_code = 422


class InvalidContent(FluxError):
    status_code = 422


@dataclass(frozen=True)
class Content:
    subject: str
    text: str | None
    html: str | None


@dataclass(frozen=True)
class Delivery:
    """What the worker sends (a snapshot taken when the attempt starts)."""

    notification_id: uuid.UUID
    organization_id: uuid.UUID
    recipients: list[str]
    content: Content
    reply_to: str | None


@dataclass(frozen=True)
class Sender:
    """A ready provider for one delivery attempt."""

    provider_name: str
    provider_config_id: uuid.UUID | None
    channel: Channel

    async def send(self, delivery: Delivery) -> SendResult:
        return await self.channel.send(self, delivery)


class Channel(ABC):
    kind: ClassVar[str]

    @abstractmethod
    def normalize_recipients(self, recipients: Sequence[str], *, limit: int) -> list[str]:
        """Validated, de-duplicated recipients (raise :class:`InvalidRecipient`)."""

    @abstractmethod
    def prepare_content(self, content: Content) -> Content:
        """Checked content, completed where the channel needs it (raise :class:`InvalidContent`)."""

    @abstractmethod
    async def sender_for(
        self, session: AsyncSession, organization_id: uuid.UUID, settings: MimicSettings
    ) -> Sender:
        """The provider that serves this organization on this channel."""

    @abstractmethod
    async def send(self, sender: Sender, delivery: Delivery) -> SendResult:
        """Send (raise :class:`mimic.providers.base.ProviderError` on failure)."""

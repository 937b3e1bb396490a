"""Integrations, the inbound events they received, rejected requests, and outbound actions."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from fluxkit.db import RecordMixin, utcnow
from mimic.db import Base


class Integration(RecordMixin, Base):
    """A connected Discord application, Slack app, GitHub hook, Stripe endpoint or webhook."""

    __tablename__ = "integrations"
    __table_args__ = (Index("ix_integrations_org_created", "organization_id", "created_at"),)

    organization_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    provider: Mapped[str] = mapped_column(String(16), nullable=False)
    name: Mapped[str] = mapped_column(String(100), nullable=False)
    enabled: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    config: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, default=dict)
    """Settings that are not secret (application id, signature header, outbound URL)."""
    credentials_ciphertext: Mapped[str] = mapped_column(Text, nullable=False)
    credential_hints: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, default=dict)
    """Per stored secret: its last characters (or null when too short to show any)."""
    created_by: Mapped[str] = mapped_column(String(120), nullable=False)
    created_by_user_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    """The person inbound events are relayed for (Tentacle decides on their permissions)."""


class InboundEvent(RecordMixin, Base):
    """A verified delivery, written before it is acknowledged, relayed to Tentacle after."""

    __tablename__ = "integration_events"
    __table_args__ = (
        UniqueConstraint("integration_id", "delivery_key"),
        Index("ix_integration_events_relay_due", "relay_status", "next_relay_at"),
        Index("ix_integration_events_integration_received", "integration_id", "received_at"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    integration_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("integrations.id", ondelete="CASCADE"), nullable=False
    )
    provider: Mapped[str] = mapped_column(String(16), nullable=False)
    type: Mapped[str] = mapped_column(String(200), nullable=False)
    delivery_key: Mapped[str] = mapped_column(String(255), nullable=False)
    data: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, default=dict)
    reply: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, default=dict)
    received_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utcnow
    )
    relay_status: Mapped[str] = mapped_column(String(16), nullable=False, default="pending")
    """pending, relayed or failed."""
    relay_attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    next_relay_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    relayed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    relay_error: Mapped[str | None] = mapped_column(Text)


class InboundRejection(RecordMixin, Base):
    """Audit of a refused inbound request: why, from where, when; never its body."""

    __tablename__ = "integration_rejections"
    __table_args__ = (
        Index("ix_integration_rejections_integration", "integration_id", "created_at"),
    )

    organization_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    integration_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    """Not a foreign key: requests for unknown integrations are audited too."""
    provider: Mapped[str | None] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(300), nullable=False)
    ip: Mapped[str | None] = mapped_column(String(64))


class OutboundAction(RecordMixin, Base):
    """A message, issue, comment or webhook to send through an integration."""

    __tablename__ = "integration_actions"
    __table_args__ = (
        UniqueConstraint("integration_id", "idempotency_key"),
        Index("ix_integration_actions_due", "status", "next_attempt_at"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    integration_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("integrations.id", ondelete="CASCADE"), nullable=False
    )
    action: Mapped[str] = mapped_column(String(32), nullable=False)
    params: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, default=dict)
    idempotency_key: Mapped[str | None] = mapped_column(String(255))
    request_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="queued")
    """queued, sending, sent or failed."""
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sending_started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    response: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, default=dict)
    error: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(120), nullable=False)

"""Provider events already processed (the same event twice changes nothing)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import String, UniqueConstraint, Uuid
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from fluxkit.db import RecordMixin
from mimic.db import Base


class ProviderEvent(RecordMixin, Base):
    __tablename__ = "provider_events"
    __table_args__ = (UniqueConstraint("provider", "webhook_id", "event_key"),)

    provider: Mapped[str] = mapped_column(String(16), nullable=False)
    webhook_id: Mapped[str] = mapped_column(String(64), nullable=False)
    event_key: Mapped[str] = mapped_column(String(255), nullable=False)
    event_type: Mapped[str] = mapped_column(String(64), nullable=False)
    organization_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    notification_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    outcome: Mapped[str] = mapped_column(String(32), nullable=False)
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, default=dict)

"""The event outbox: one row per state change, written in the transaction that made it."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, Index, String, Uuid, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from fluxkit.db import RecordMixin
from tentacle.db import Base


class TaskEvent(RecordMixin, Base):
    __tablename__ = "task_events"
    __table_args__ = (
        Index("ix_task_events_task_sequence", "task_id", "sequence"),
        Index("ix_task_events_user_sequence", "user_id", "sequence"),
        Index(
            "ix_task_events_unpublished",
            "created_at",
            postgresql_where=text("sequence IS NULL"),
        ),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    task_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    conversation_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    event_type: Mapped[str] = mapped_column(String(60), nullable=False)
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, default=dict)
    sequence: Mapped[int | None] = mapped_column(BigInteger, nullable=True, unique=True)
    """Assigned by the relay in publication order; the SSE event id."""
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    def message(self) -> dict[str, Any]:
        """What subscribers receive (pub/sub, stream, SSE data)."""
        return {
            "sequence": self.sequence,
            "type": self.event_type,
            "organization_id": str(self.organization_id),
            "user_id": str(self.user_id),
            "task_id": str(self.task_id) if self.task_id else None,
            "conversation_id": str(self.conversation_id) if self.conversation_id else None,
            "payload": self.payload,
            "created_at": self.created_at.isoformat() if self.created_at else None,
        }

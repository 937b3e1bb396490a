"""A checkpoint: one decision a person owes a paused step (approve, answer, modify, select)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, DateTime, Index, String, Text, Uuid, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from fluxkit.db import RecordMixin
from tentacle.db import Base


class Checkpoint(RecordMixin, Base):
    __tablename__ = "checkpoints"
    __table_args__ = (
        Index("ix_checkpoints_user_pending", "organization_id", "user_id", "status"),
        Index(
            "ix_checkpoints_expiring",
            "expires_at",
            postgresql_where=text("status = 'pending'"),
        ),
        # One open decision per step at a time: a second gate call finds the first one.
        Index(
            "uq_checkpoints_open_step",
            "step_id",
            unique=True,
            postgresql_where=text("status = 'pending'"),
        ),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    """The person who owns the task and must decide."""
    task_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False, index=True)
    step_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True, index=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="pending")
    risk_kind: Mapped[str] = mapped_column(String(40), nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    explicit: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    agent_type: Mapped[str | None] = mapped_column(String(63), nullable=True)
    pattern: Mapped[str | None] = mapped_column(String(120), nullable=True)
    features: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, default=dict)
    preview: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, default=dict)
    questions: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, nullable=False, default=list)
    alternatives: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, nullable=False, default=list)
    input_schema: Mapped[dict[str, Any] | None] = mapped_column(JSONB, nullable=True)
    """For modify checkpoints: the agent's input schema (edited inputs must fit; UIs render it)."""
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    expiry_outcome: Mapped[str] = mapped_column(String(20), nullable=False, default="reject")
    resolution: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, default=dict)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    resolved_by_user_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    resolved_via: Mapped[str | None] = mapped_column(String(20), nullable=True)
    """``user``, ``preference`` (auto-approved) or ``expiry``."""
    preference_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)

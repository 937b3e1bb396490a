"""Learned preferences: one row per person and decision pattern, plus the decisions behind it."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Integer, String, UniqueConstraint, Uuid
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from fluxkit.db import RecordMixin
from tentacle.db import Base


class Preference(RecordMixin, Base):
    __tablename__ = "preferences"
    __table_args__ = (UniqueConstraint("organization_id", "user_id", "pattern"),)

    organization_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    pattern: Mapped[str] = mapped_column(String(120), nullable=False)
    agent_type: Mapped[str] = mapped_column(String(63), nullable=False)
    risk_kind: Mapped[str] = mapped_column(String(40), nullable=False)
    features: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, default=dict)
    approvals: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    rejections: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    auto_approvals: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    last_decision_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), nullable=True
    )
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    """Decisions up to this instant no longer count (the person revoked what was learned)."""


class PreferenceDecision(RecordMixin, Base):
    __tablename__ = "preference_decisions"

    preference_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("preferences.id", ondelete="CASCADE"), nullable=False, index=True
    )
    organization_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    checkpoint_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    decision: Mapped[str] = mapped_column(String(20), nullable=False)
    """``approved``, ``rejected`` (a person's) or ``auto_approved`` (does not count)."""
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)

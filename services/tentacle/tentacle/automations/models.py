"""Automations: a goal run on a schedule (cron in a time zone, or once), one row per run."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Index, String, Text, UniqueConstraint, Uuid, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from fluxkit.db import RecordMixin
from tentacle.db import Base


class AutomationStatus:
    ACTIVE = "active"
    PAUSED = "paused"
    FINISHED = "finished"
    """A one-off automation that ran."""


class Automation(RecordMixin, Base):
    __tablename__ = "automations"
    __table_args__ = (
        UniqueConstraint("organization_id", "name"),
        Index("ix_automations_due", "next_run_at", postgresql_where=text("status = 'active'")),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    cron: Mapped[str | None] = mapped_column(String(120), nullable=True)
    timezone: Mapped[str] = mapped_column(String(64), nullable=False, default="UTC")
    run_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    """Set for a one-off automation (instead of ``cron``)."""
    goal: Mapped[str] = mapped_column(Text, nullable=False)
    planning_mode: Mapped[str] = mapped_column(String(20), nullable=False, default="planner")
    plan: Mapped[dict[str, Any] | None] = mapped_column(JSONB, nullable=True)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default=AutomationStatus.ACTIVE)
    next_run_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_run_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    conversation_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)


class AutomationRun(RecordMixin, Base):
    __tablename__ = "automation_runs"
    __table_args__ = (
        UniqueConstraint("automation_id", "scheduled_for"),
        Index("ix_automation_runs_automation_created", "automation_id", "created_at"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    automation_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("automations.id", ondelete="CASCADE"), nullable=False
    )
    scheduled_for: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False, default="schedule")
    """``schedule`` (the scheduler started it) or ``manual`` (run now)."""
    missed: Mapped[int] = mapped_column(default=0, nullable=False)
    """Earlier ticks this run stands in for (the scheduler was down): they do not run again."""
    task_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True, index=True)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="started")
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)

"""Triggers: a rule that starts a task when a matching event arrives; events; one run per
(trigger, event) recording whether it matched, the task it started and how the answer went."""

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
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from fluxkit.db import RecordMixin
from tentacle.db import Base


class ResponseType:
    DISCORD_FOLLOWUP = "discord_followup"
    SLACK_MESSAGE = "slack_message"
    WEBHOOK = "webhook"
    NONE = "none"


class RunStatus:
    NOT_MATCHED = "not_matched"
    STARTED = "started"
    """The task is running."""
    COMPLETED = "completed"
    FAILED = "failed"
    """The task failed, or could not be started (the reason says which)."""


class ResponseStatus:
    NOT_NEEDED = "not_needed"
    WAITING = "waiting"
    """The task has not finished yet."""
    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"


class Trigger(RecordMixin, Base):
    __tablename__ = "triggers"
    __table_args__ = (
        UniqueConstraint("organization_id", "name"),
        Index("ix_triggers_org_source", "organization_id", "integration_id", "enabled"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    """The owner: tasks run, and answers are sent, as this person."""
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    enabled: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    integration_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    """Events of this integration only; None: events of any source without an integration."""
    provider: Mapped[str | None] = mapped_column(String(40), nullable=True)
    event_pattern: Mapped[str] = mapped_column(String(200), nullable=False)
    """A glob over the event type: ``github.issues.*``, ``discord.command.ping``."""
    filter: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, default=dict)
    """Mongo-style operators over the event document (``data.action``, ``provider``...)."""
    goal_template: Mapped[str] = mapped_column(Text, nullable=False)
    planning_mode: Mapped[str] = mapped_column(String(20), nullable=False, default="planner")
    """``planner``: the planner plans each task; ``fixed``: ``plan`` is used as it is."""
    plan: Mapped[dict[str, Any] | None] = mapped_column(JSONB, nullable=True)
    response_type: Mapped[str] = mapped_column(String(30), nullable=False, default="none")
    response_config: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, default=dict)
    conversation_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    """The inbox conversation its tasks post to (created on the first run)."""
    # No counters here: a busy trigger would serialise its events on this row's lock; how
    # often it fired is counted from its runs.


class TriggerEvent(RecordMixin, Base):
    """An event as received; its id is the sender's (a replay finds the row already there)."""

    __tablename__ = "trigger_events"
    __table_args__ = (Index("ix_trigger_events_org_received", "organization_id", "received_at"),)

    organization_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    """Who the sender acted for (an integration's creator, or the caller)."""
    source: Mapped[str] = mapped_column(String(40), nullable=False)
    """``mimic`` (an inbound webhook) or the service / ``api`` that posted it."""
    integration_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    provider: Mapped[str | None] = mapped_column(String(40), nullable=True)
    type: Mapped[str] = mapped_column(String(200), nullable=False)
    delivery_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    data: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, default=dict)
    reply: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, default=dict)
    matched: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class TriggerRun(RecordMixin, Base):
    __tablename__ = "trigger_runs"
    __table_args__ = (
        UniqueConstraint("trigger_id", "event_id"),
        Index("ix_trigger_runs_trigger_created", "trigger_id", "created_at"),
        Index("ix_trigger_runs_started", "task_id", postgresql_where=text("status = 'started'")),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    trigger_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("triggers.id", ondelete="CASCADE"), nullable=False
    )
    event_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("trigger_events.id", ondelete="CASCADE"), nullable=False, index=True
    )
    matched: Mapped[bool] = mapped_column(Boolean, nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    """Why it did not match, or why the task could not start."""
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    task_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True, index=True)
    goal: Mapped[str | None] = mapped_column(Text, nullable=True)
    outcome: Mapped[str | None] = mapped_column(Text, nullable=True)
    """The task's answer (what was sent back), or its failure reason."""
    response_status: Mapped[str] = mapped_column(String(20), nullable=False)
    response_attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    response_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    responded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

"""The plan document: a task, its plan versions, and one row per step of each version."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
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


class TaskStatus:
    PLANNING = "planning"
    READY = "ready"
    EXECUTING = "executing"
    COMPLETED = "completed"
    FAILED = "failed"
    CHECKPOINT = "checkpoint"
    PAUSED = "paused"
    CANCELLED = "cancelled"
    SUPERSEDED = "superseded"


class StepStatus:
    PENDING = "pending"
    """Waiting for its dependencies, its group's turn or a retry time."""
    QUEUED = "queued"
    """Sent to a worker; not yet claimed."""
    RUNNING = "running"
    """Claimed by a worker holding a lease."""
    WAITING = "waiting"
    """Paused at a checkpoint (or a budget checkpoint) until a person decides."""
    COMPLETED = "completed"
    FAILED = "failed"
    SKIPPED = "skipped"
    """A non-critical step given up on (tactical recovery); its outputs resolve to null."""
    CANCELLED = "cancelled"


class PlanStatus:
    ACTIVE = "active"
    SUPERSEDED = "superseded"


class FailurePolicy:
    ALL_OR_NOTHING = "all_or_nothing"
    BEST_EFFORT = "best_effort"
    FAIL_FAST = "fail_fast"


class Task(RecordMixin, Base):
    __tablename__ = "tasks"
    __table_args__ = (
        Index("ix_tasks_org_user_created", "organization_id", "user_id", "created_at"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    conversation_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True, index=True)
    goal: Mapped[str] = mapped_column(Text, nullable=False)
    constraints: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, default=dict)
    budget: Mapped[dict[str, Any]] = mapped_column(
        JSONB, nullable=False, default=dict, doc="Per-task limits: max_cost_usd, max_tokens."
    )
    status: Mapped[str] = mapped_column(String(20), nullable=False, default=TaskStatus.PLANNING)
    status_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    paused_from: Mapped[str | None] = mapped_column(String(20), nullable=True)
    """The status a paused task resumes to."""
    current_version: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    replan_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    max_parallel: Mapped[int | None] = mapped_column(Integer, nullable=True)
    fast_path: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSONB, nullable=True)
    cost_usd: Mapped[float] = mapped_column(Float, nullable=False, default=0.0)
    prompt_tokens: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    completion_tokens: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class PlanVersion(RecordMixin, Base):
    __tablename__ = "plan_versions"
    __table_args__ = (UniqueConstraint("task_id", "version"),)

    task_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("tasks.id", ondelete="CASCADE"), nullable=False, index=True
    )
    organization_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default=PlanStatus.ACTIVE)
    summary: Mapped[str] = mapped_column(Text, nullable=False, default="")
    diagnosis: Mapped[str | None] = mapped_column(Text, nullable=True)
    """Why this version replaced the previous one (strategic replanning)."""
    document: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, default=dict)
    """The accepted plan as the planner returned it (for audit and replanning)."""
    model: Mapped[str | None] = mapped_column(String(200), nullable=True)
    cost_usd: Mapped[float] = mapped_column(Float, nullable=False, default=0.0)
    prompt_tokens: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    completion_tokens: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class Step(RecordMixin, Base):
    __tablename__ = "steps"
    __table_args__ = (
        UniqueConstraint("plan_version_id", "key"),
        Index("ix_steps_task_status", "task_id", "status"),
        Index(
            "ix_steps_running_lease",
            "lease_expires_at",
            postgresql_where=text("status IN ('running', 'queued')"),
        ),
    )

    task_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("tasks.id", ondelete="CASCADE"), nullable=False
    )
    plan_version_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("plan_versions.id", ondelete="CASCADE"), nullable=False, index=True
    )
    organization_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    key: Mapped[str] = mapped_column(String(64), nullable=False)
    """The plan's id for the step, used in references: {{steps.<key>.outputs.<field>}}."""
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    title: Mapped[str] = mapped_column(Text, nullable=False, default="")
    agent_type: Mapped[str] = mapped_column(String(63), nullable=False)
    inputs: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, default=dict)
    """Input template; may hold references to earlier steps' outputs."""
    resolved_inputs: Mapped[dict[str, Any] | None] = mapped_column(JSONB, nullable=True)
    declared_outputs: Mapped[list[str]] = mapped_column(JSONB, nullable=False, default=list)
    depends_on: Mapped[list[str]] = mapped_column(JSONB, nullable=False, default=list)
    parallel_group: Mapped[str | None] = mapped_column(String(64), nullable=True)
    failure_policy: Mapped[str] = mapped_column(
        String(20), nullable=False, default=FailurePolicy.ALL_OR_NOTHING
    )
    checkpoint: Mapped[dict[str, Any] | None] = mapped_column(JSONB, nullable=True)
    """Checkpoint the planner asked for (kind, reason, questions, alternatives), if any."""
    approved: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    """A checkpoint for this step was approved: the gate lets it run."""
    critical: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    max_retries: Mapped[int] = mapped_column(Integer, nullable=False, default=2)
    retry_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    attempt: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    """Incremented on every claim; a worker's commit must match the attempt it claimed."""
    not_before: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    """A retry waits until then."""
    status: Mapped[str] = mapped_column(String(20), nullable=False, default=StepStatus.PENDING)
    output: Mapped[dict[str, Any] | None] = mapped_column(JSONB, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")
    carried_from_step_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    """Set when a replan kept this completed step's output from an earlier version."""
    lease_owner: Mapped[str | None] = mapped_column(String(200), nullable=True)
    lease_expires_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), nullable=True
    )
    queued_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    cost_usd: Mapped[float] = mapped_column(Float, nullable=False, default=0.0)
    prompt_tokens: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    completion_tokens: Mapped[int] = mapped_column(Integer, nullable=False, default=0)

    @property
    def idempotency_key(self) -> str:
        """Stable per step and plan version: side effects carry it, redeliveries reuse it."""
        return f"tentacle:{self.plan_version_id}:{self.key}"

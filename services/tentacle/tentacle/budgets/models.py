"""Budget limits (money and tokens) and the ledger of reservations every LLM call goes through."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Boolean, Date, Float, Index, Integer, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from fluxkit.db import RecordMixin
from tentacle.db import Base


class BudgetScope:
    ORGANIZATION_DAY = "organization_day"
    """Everything the organisation spends in one UTC day."""
    TASK = "task"
    """Each task (a task's own ``budget`` may be stricter)."""
    AGENT_TYPE = "agent_type"
    """Each step of one agent type (``agent_type`` names it; ``planner`` for planning calls)."""


SCOPES = (BudgetScope.ORGANIZATION_DAY, BudgetScope.TASK, BudgetScope.AGENT_TYPE)


class LedgerStatus:
    RESERVED = "reserved"
    SETTLED = "settled"
    RELEASED = "released"


class BudgetLimit(RecordMixin, Base):
    __tablename__ = "budget_limits"
    __table_args__ = (UniqueConstraint("organization_id", "scope", "agent_type"),)

    organization_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False, index=True)
    scope: Mapped[str] = mapped_column(String(20), nullable=False)
    agent_type: Mapped[str] = mapped_column(String(63), nullable=False, default="")
    """Empty unless the scope is ``agent_type``."""
    max_cost_usd: Mapped[float | None] = mapped_column(Float, nullable=True)
    max_tokens: Mapped[int | None] = mapped_column(Integer, nullable=True)


class BudgetEntry(RecordMixin, Base):
    """One LLM call's reservation, then what it really used (or nothing when released)."""

    __tablename__ = "budget_ledger"
    __table_args__ = (
        Index("ix_budget_ledger_org_day", "organization_id", "day"),
        Index("ix_budget_ledger_task", "task_id"),
        Index("ix_budget_ledger_step", "step_id"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    task_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    step_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    agent_type: Mapped[str] = mapped_column(String(63), nullable=False)
    day: Mapped[date] = mapped_column(Date, nullable=False)
    status: Mapped[str] = mapped_column(String(12), nullable=False, default=LedgerStatus.RESERVED)
    reserved_cost_usd: Mapped[float] = mapped_column(Float, nullable=False, default=0.0)
    reserved_tokens: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    cost_usd: Mapped[float] = mapped_column(Float, nullable=False, default=0.0)
    tokens: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    usage_known: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)

"""BudgetGuard: reserve before an LLM call, settle with what it used, release when it failed.

A reservation is the call's ceiling (prompt tokens plus the whole completion allowance, priced
on the dearest model it may fall back to). It is checked against every limit that applies —
the organisation's day, the task (its own ``budget`` and the organisation's per-task limit),
and the step's agent type — under a per-organisation advisory lock, so concurrent steps cannot
all squeeze under the same limit. A call whose usage the provider did not report is settled at
no less than its reservation. Each operation commits on its own: other workers see it at once.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import case, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from fluxkit.db import unit_of_work
from tentacle.budgets.models import BudgetEntry, BudgetLimit, BudgetScope, LedgerStatus
from tentacle.tasks.models import Task


class BudgetExceeded(Exception):
    """A call would go past a limit: the task pauses at a budget checkpoint instead."""

    def __init__(
        self, *, scope: str, unit: str, limit: float, used: float, requested: float, label: str
    ) -> None:
        self.scope = scope
        self.unit = unit
        self.limit = limit
        self.used = used
        self.requested = requested
        self.label = label
        super().__init__(
            f"{label} budget exceeded: {_amount(unit, used)} used + "
            f"{_amount(unit, requested)} requested > limit {_amount(unit, limit)}"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "scope": self.scope,
            "unit": self.unit,
            "limit": self.limit,
            "used": self.used,
            "requested": self.requested,
            "message": str(self),
        }


def _amount(unit: str, value: float) -> str:
    return f"${value:.4f}" if unit == "usd" else f"{int(value)} tokens"


@dataclass(frozen=True)
class Reservation:
    id: uuid.UUID
    organization_id: uuid.UUID
    task_id: uuid.UUID | None
    cost_usd: float
    tokens: int


def today() -> date:
    return datetime.now(UTC).date()


def _lock_key(organization_id: uuid.UUID) -> int:
    # Signed 64-bit key from the organisation id, in a namespace of its own.
    return int.from_bytes(organization_id.bytes[:8], "big", signed=True) ^ 0x6275646765


def _used_cost() -> Any:
    return func.coalesce(
        func.sum(
            case(
                (BudgetEntry.status == LedgerStatus.RESERVED, BudgetEntry.reserved_cost_usd),
                (BudgetEntry.status == LedgerStatus.SETTLED, BudgetEntry.cost_usd),
                else_=0.0,
            )
        ),
        0.0,
    )


def _used_tokens() -> Any:
    return func.coalesce(
        func.sum(
            case(
                (BudgetEntry.status == LedgerStatus.RESERVED, BudgetEntry.reserved_tokens),
                (BudgetEntry.status == LedgerStatus.SETTLED, BudgetEntry.tokens),
                else_=0,
            )
        ),
        0,
    )


async def usage(session: AsyncSession, *conditions: Any) -> tuple[float, int]:
    """(USD, tokens) used by the ledger rows matching ``conditions`` (reservations count)."""
    row = (await session.execute(select(_used_cost(), _used_tokens()).where(*conditions))).one()
    return float(row[0]), int(row[1])


class BudgetGuard:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self.session_factory = session_factory

    async def reserve(
        self,
        *,
        organization_id: uuid.UUID,
        task_id: uuid.UUID | None,
        step_id: uuid.UUID | None,
        agent_type: str,
        cost_usd: float,
        tokens: int,
    ) -> Reservation:
        """Record the call's ceiling, or raise :class:`BudgetExceeded` without recording."""
        day = today()
        async with unit_of_work(self.session_factory) as session:
            await session.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": _lock_key(organization_id)}
            )
            limits = list(
                await session.scalars(
                    select(BudgetLimit).where(BudgetLimit.organization_id == organization_id)
                )
            )
            checks: list[tuple[str, str, float | None, int | None, list[Any]]] = []
            for limit in limits:
                if limit.scope == BudgetScope.ORGANIZATION_DAY:
                    checks.append(
                        (
                            limit.scope,
                            "organization daily",
                            limit.max_cost_usd,
                            limit.max_tokens,
                            [
                                BudgetEntry.organization_id == organization_id,
                                BudgetEntry.day == day,
                            ],
                        )
                    )
                elif limit.scope == BudgetScope.TASK and task_id is not None:
                    checks.append(
                        (
                            limit.scope,
                            "task",
                            limit.max_cost_usd,
                            limit.max_tokens,
                            [BudgetEntry.task_id == task_id],
                        )
                    )
                elif limit.scope == BudgetScope.AGENT_TYPE and limit.agent_type == agent_type:
                    scope_rows = (
                        [BudgetEntry.step_id == step_id]
                        if step_id is not None
                        else [BudgetEntry.task_id == task_id, BudgetEntry.agent_type == agent_type]
                    )
                    checks.append(
                        (
                            limit.scope,
                            f"{agent_type} step",
                            limit.max_cost_usd,
                            limit.max_tokens,
                            scope_rows,
                        )
                    )
            if task_id is not None:
                task_budget = await session.scalar(select(Task.budget).where(Task.id == task_id))
                if task_budget:
                    checks.append(
                        (
                            BudgetScope.TASK,
                            "task",
                            _number(task_budget.get("max_cost_usd")),
                            _int(task_budget.get("max_tokens")),
                            [BudgetEntry.task_id == task_id],
                        )
                    )
            if checks and step_id is not None and await _override_approved(session, step_id):
                # A person approved this step's budget checkpoint: it may spend past the limit
                # that paused it (still recorded, so the totals stay true).
                checks = []
            for scope, label, max_cost, max_tokens, conditions in checks:
                if max_cost is None and max_tokens is None:
                    continue
                used_cost, used_tokens = await usage(session, *conditions)
                if max_cost is not None and used_cost + cost_usd > max_cost + 1e-12:
                    raise BudgetExceeded(
                        scope=scope,
                        unit="usd",
                        limit=max_cost,
                        used=used_cost,
                        requested=cost_usd,
                        label=label,
                    )
                if max_tokens is not None and used_tokens + tokens > max_tokens:
                    raise BudgetExceeded(
                        scope=scope,
                        unit="tokens",
                        limit=max_tokens,
                        used=used_tokens,
                        requested=tokens,
                        label=label,
                    )
            entry = BudgetEntry(
                id=uuid.uuid4(),
                organization_id=organization_id,
                task_id=task_id,
                step_id=step_id,
                agent_type=agent_type,
                day=day,
                status=LedgerStatus.RESERVED,
                reserved_cost_usd=cost_usd,
                reserved_tokens=tokens,
            )
            session.add(entry)
        return Reservation(entry.id, organization_id, task_id, cost_usd, tokens)

    async def settle(
        self, reservation: Reservation, *, cost_usd: float, tokens: int, usage_known: bool = True
    ) -> None:
        """Replace the reservation by what the call used; unknown usage counts the ceiling."""
        if not usage_known:
            cost_usd = max(cost_usd, reservation.cost_usd)
            tokens = max(tokens, reservation.tokens)
        async with unit_of_work(self.session_factory) as session:
            await session.execute(
                update(BudgetEntry)
                .where(BudgetEntry.id == reservation.id)
                .values(
                    status=LedgerStatus.SETTLED,
                    cost_usd=cost_usd,
                    tokens=tokens,
                    usage_known=usage_known,
                )
            )

    async def release(self, reservation: Reservation) -> None:
        """The call did not happen (or failed before using anything): free the reservation."""
        async with unit_of_work(self.session_factory) as session:
            await session.execute(
                update(BudgetEntry)
                .where(
                    BudgetEntry.id == reservation.id, BudgetEntry.status == LedgerStatus.RESERVED
                )
                .values(status=LedgerStatus.RELEASED)
            )


async def _override_approved(session: AsyncSession, step_id: uuid.UUID) -> bool:
    from tentacle.checkpoints.service import budget_override_approved

    return await budget_override_approved(session, step_id)


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _int(value: Any) -> int | None:
    return int(value) if isinstance(value, int) and not isinstance(value, bool) else None

"""Budget limits (CRUD, per organisation) and usage read from the ledger."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.auth import Principal
from fluxkit.errors import Conflict, Forbidden, NotFound
from tentacle.budgets.guard import today, usage
from tentacle.budgets.models import BudgetEntry, BudgetLimit, BudgetScope
from tentacle.budgets.schemas import (
    BudgetLimitCreate,
    BudgetLimitUpdate,
    BudgetUsage,
    UsageAmount,
)
from tentacle.tasks.models import Task

MANAGERS = frozenset({"owner", "admin"})


class BudgetLimitExists(Conflict):
    """The organisation already has a limit for this scope (update it instead)."""


def require_manager(principal: Principal) -> None:
    if principal.kind == "user" and not (principal.roles & MANAGERS):
        raise Forbidden("only owners and admins change budgets")


async def list_limits(session: AsyncSession, organization_id: uuid.UUID) -> list[BudgetLimit]:
    rows = await session.scalars(
        select(BudgetLimit)
        .where(BudgetLimit.organization_id == organization_id)
        .order_by(BudgetLimit.scope, BudgetLimit.agent_type)
    )
    return list(rows)


async def get_limit(
    session: AsyncSession, organization_id: uuid.UUID, limit_id: uuid.UUID
) -> BudgetLimit:
    limit = await session.scalar(
        select(BudgetLimit).where(
            BudgetLimit.id == limit_id, BudgetLimit.organization_id == organization_id
        )
    )
    if limit is None:
        raise NotFound("budget limit not found")
    return limit


async def create_limit(
    session: AsyncSession, organization_id: uuid.UUID, data: BudgetLimitCreate
) -> BudgetLimit:
    limit = BudgetLimit(
        organization_id=organization_id,
        scope=data.scope,
        agent_type=data.agent_type or "",
        max_cost_usd=data.max_cost_usd,
        max_tokens=data.max_tokens,
    )
    try:
        async with session.begin_nested():
            session.add(limit)
            await session.flush()
    except IntegrityError as exc:
        raise BudgetLimitExists("a limit for this scope exists; update it instead") from exc
    return limit


async def update_limit(
    session: AsyncSession, organization_id: uuid.UUID, limit_id: uuid.UUID, data: BudgetLimitUpdate
) -> BudgetLimit:
    limit = await get_limit(session, organization_id, limit_id)
    changes = data.model_dump(exclude_unset=True)
    for field, value in changes.items():
        setattr(limit, field, value)
    await session.flush()
    return limit


async def delete_limit(
    session: AsyncSession, organization_id: uuid.UUID, limit_id: uuid.UUID
) -> None:
    limit = await get_limit(session, organization_id, limit_id)
    await session.delete(limit)
    await session.flush()


async def read_usage(
    session: AsyncSession, organization_id: uuid.UUID, task_id: uuid.UUID | None = None
) -> BudgetUsage:
    day = today()
    limits = {
        (item.scope, item.agent_type): item for item in await list_limits(session, organization_id)
    }
    org_limit = limits.get((BudgetScope.ORGANIZATION_DAY, ""))
    cost, tokens = await usage(
        session, BudgetEntry.organization_id == organization_id, BudgetEntry.day == day
    )
    result = BudgetUsage(
        day=day,
        organization_day=UsageAmount(
            cost_usd=cost,
            tokens=tokens,
            max_cost_usd=org_limit.max_cost_usd if org_limit else None,
            max_tokens=org_limit.max_tokens if org_limit else None,
        ),
    )
    if task_id is not None:
        task = await session.scalar(
            select(Task).where(Task.id == task_id, Task.organization_id == organization_id)
        )
        if task is None:
            raise NotFound("task not found")
        task_cost, task_tokens = await usage(
            session,
            BudgetEntry.organization_id == organization_id,
            BudgetEntry.task_id == task_id,
        )
        task_limit = limits.get((BudgetScope.TASK, ""))
        own = task.budget or {}
        result.task = UsageAmount(
            cost_usd=task_cost,
            tokens=task_tokens,
            max_cost_usd=own.get("max_cost_usd", task_limit.max_cost_usd if task_limit else None),
            max_tokens=own.get("max_tokens", task_limit.max_tokens if task_limit else None),
        )
    return result

"""/api/v1/budgets: the organisation's limits (money and tokens) and what it has used."""

from __future__ import annotations

import uuid

from fluxkit.app import flux_router
from fluxkit.auth import CurrentPrincipal, OrgScope
from fluxkit.db import SessionDep
from tentacle.budgets import service
from tentacle.budgets.schemas import (
    BudgetLimitCreate,
    BudgetLimitPage,
    BudgetLimitRead,
    BudgetLimitUpdate,
    BudgetUsage,
)

router = flux_router("/api/v1/budgets", tags=["budgets"])


def _read(limit: object) -> BudgetLimitRead:
    read = BudgetLimitRead.model_validate(limit)
    return read.model_copy(update={"agent_type": read.agent_type or None})


@router.get("", response_model=BudgetLimitPage)
async def list_budget_limits(organization_id: OrgScope, session: SessionDep) -> BudgetLimitPage:
    """The organisation's budget limits."""
    limits = await service.list_limits(session, organization_id)
    return BudgetLimitPage(items=[_read(limit) for limit in limits])


@router.post("", response_model=BudgetLimitRead, status_code=201)
async def create_budget_limit(
    body: BudgetLimitCreate,
    principal: CurrentPrincipal,
    organization_id: OrgScope,
    session: SessionDep,
) -> BudgetLimitRead:
    """Add a limit for a scope (organisation per day, per task, or per agent-type step)."""
    service.require_manager(principal)
    return _read(await service.create_limit(session, organization_id, body))


@router.get("/usage", response_model=BudgetUsage)
async def budget_usage(
    organization_id: OrgScope, session: SessionDep, task_id: uuid.UUID | None = None
) -> BudgetUsage:
    """Today's spending of the organisation (and of one task) against its limits."""
    return await service.read_usage(session, organization_id, task_id)


@router.get("/{limit_id}", response_model=BudgetLimitRead)
async def get_budget_limit(
    limit_id: uuid.UUID, organization_id: OrgScope, session: SessionDep
) -> BudgetLimitRead:
    """One budget limit."""
    return _read(await service.get_limit(session, organization_id, limit_id))


@router.patch("/{limit_id}", response_model=BudgetLimitRead)
async def update_budget_limit(
    limit_id: uuid.UUID,
    body: BudgetLimitUpdate,
    principal: CurrentPrincipal,
    organization_id: OrgScope,
    session: SessionDep,
) -> BudgetLimitRead:
    """Change a limit's amounts."""
    service.require_manager(principal)
    return _read(await service.update_limit(session, organization_id, limit_id, body))


@router.delete("/{limit_id}", status_code=204)
async def delete_budget_limit(
    limit_id: uuid.UUID, principal: CurrentPrincipal, organization_id: OrgScope, session: SessionDep
) -> None:
    """Remove a limit."""
    service.require_manager(principal)
    await service.delete_limit(session, organization_id, limit_id)

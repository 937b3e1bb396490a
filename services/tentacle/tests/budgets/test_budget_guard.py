"""BudgetGuard on real Postgres: reserve before a call, settle or release after, never overspend."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from fastapi import FastAPI

from fluxkit.db import unit_of_work
from tentacle.budgets import BudgetExceeded, BudgetGuard, BudgetLimit, BudgetScope
from tentacle.budgets.guard import usage
from tentacle.budgets.models import BudgetEntry
from tentacle.tasks.models import Task


@pytest.fixture
def guard(tentacle_app: FastAPI) -> BudgetGuard:
    return BudgetGuard(tentacle_app.state.session_factory)


async def add_limit(app: FastAPI, organization_id: uuid.UUID, **fields: object) -> None:
    async with unit_of_work(app.state.session_factory) as session:
        session.add(BudgetLimit(organization_id=organization_id, agent_type="", **fields))


async def spent(app: FastAPI, organization_id: uuid.UUID) -> tuple[float, int]:
    async with app.state.session_factory() as session:
        return await usage(session, BudgetEntry.organization_id == organization_id)


def call(organization_id: uuid.UUID, cost: float = 0.4, tokens: int = 100, **extra: object) -> dict:
    return {
        "organization_id": organization_id,
        "task_id": extra.get("task_id"),
        "step_id": extra.get("step_id"),
        "agent_type": extra.get("agent_type", "summarize"),
        "cost_usd": cost,
        "tokens": tokens,
    }


async def test_daily_limit_refuses_the_call_that_would_overspend(
    tentacle_app: FastAPI, guard: BudgetGuard
) -> None:
    org = uuid.uuid4()
    await add_limit(tentacle_app, org, scope=BudgetScope.ORGANIZATION_DAY, max_cost_usd=1.0)
    first = await guard.reserve(**call(org))
    await guard.reserve(**call(org))
    with pytest.raises(BudgetExceeded) as refused:
        await guard.reserve(**call(org))
    assert refused.value.scope == "organization_day" and refused.value.unit == "usd"
    assert "organization daily budget exceeded" in str(refused.value)
    assert await spent(tentacle_app, org) == (pytest.approx(0.8), 200)
    # A released reservation frees its share.
    await guard.release(first)
    await guard.reserve(**call(org))


async def test_settling_replaces_the_reservation_and_unknown_usage_counts_the_ceiling(
    tentacle_app: FastAPI, guard: BudgetGuard
) -> None:
    org = uuid.uuid4()
    known = await guard.reserve(**call(org, cost=0.5, tokens=1000))
    await guard.settle(known, cost_usd=0.1, tokens=120, usage_known=True)
    assert await spent(tentacle_app, org) == (pytest.approx(0.1), 120)
    unknown = await guard.reserve(**call(org, cost=0.5, tokens=1000))
    await guard.settle(unknown, cost_usd=0.0, tokens=0, usage_known=False)
    assert await spent(tentacle_app, org) == (pytest.approx(0.6), 1120)


async def test_task_budget_in_tokens_and_agent_type_per_step(
    tentacle_app: FastAPI, guard: BudgetGuard
) -> None:
    org = uuid.uuid4()
    task_id = uuid.uuid4()
    async with unit_of_work(tentacle_app.state.session_factory) as session:
        session.add(
            Task(
                id=task_id,
                organization_id=org,
                user_id=uuid.uuid4(),
                goal="g",
                constraints={},
                budget={"max_tokens": 250},
                status="executing",
            )
        )
    await guard.reserve(**call(org, tokens=200, task_id=task_id))
    with pytest.raises(BudgetExceeded) as refused:
        await guard.reserve(**call(org, tokens=100, task_id=task_id))
    assert (refused.value.scope, refused.value.unit, refused.value.limit) == ("task", "tokens", 250)
    # Another task of the organisation is not affected.
    await guard.reserve(**call(org, tokens=100, task_id=uuid.uuid4()))

    async with unit_of_work(tentacle_app.state.session_factory) as session:
        session.add(
            BudgetLimit(
                organization_id=org,
                scope=BudgetScope.AGENT_TYPE,
                agent_type="analyze",
                max_cost_usd=0.05,
            )
        )
    step = uuid.uuid4()
    await guard.reserve(**call(org, cost=0.03, agent_type="analyze", step_id=step))
    with pytest.raises(BudgetExceeded, match="analyze step budget exceeded"):
        await guard.reserve(**call(org, cost=0.03, agent_type="analyze", step_id=step))
    await guard.reserve(**call(org, cost=0.03, agent_type="analyze", step_id=uuid.uuid4()))
    await guard.reserve(**call(org, cost=0.03, agent_type="summarize", step_id=step))


async def test_concurrent_reservations_never_pass_the_limit_together(
    tentacle_app: FastAPI, guard: BudgetGuard
) -> None:
    org = uuid.uuid4()
    await add_limit(tentacle_app, org, scope=BudgetScope.ORGANIZATION_DAY, max_cost_usd=1.0)
    results = await asyncio.gather(
        *(guard.reserve(**call(org, cost=0.3)) for _ in range(8)), return_exceptions=True
    )
    granted = [r for r in results if not isinstance(r, BaseException)]
    refused = [r for r in results if isinstance(r, BudgetExceeded)]
    assert (len(granted), len(refused)) == (3, 5)
    assert (await spent(tentacle_app, org))[0] == pytest.approx(0.9)


async def test_an_approved_budget_checkpoint_lets_that_step_spend_past_the_limit(
    tentacle_app: FastAPI, guard: BudgetGuard
) -> None:
    from tentacle.checkpoints.models import Checkpoint

    org = uuid.uuid4()
    step = uuid.uuid4()
    await add_limit(tentacle_app, org, scope=BudgetScope.ORGANIZATION_DAY, max_cost_usd=0.5)
    await guard.reserve(**call(org, cost=0.4, step_id=step))
    with pytest.raises(BudgetExceeded):
        await guard.reserve(**call(org, cost=0.4, step_id=step))
    async with unit_of_work(tentacle_app.state.session_factory) as session:
        session.add(
            Checkpoint(
                organization_id=org,
                user_id=uuid.uuid4(),
                task_id=uuid.uuid4(),
                step_id=step,
                kind="budget",
                status="approved",
                risk_kind="budget",
                reason="budget limit reached",
            )
        )
    await guard.reserve(**call(org, cost=0.4, step_id=step))
    assert (await spent(tentacle_app, org))[0] == pytest.approx(0.8)
    # Other steps still meet the limit.
    with pytest.raises(BudgetExceeded):
        await guard.reserve(**call(org, cost=0.1, step_id=uuid.uuid4()))

"""A budget stops a task on a real worker: the step's LLM call is refused before it is made
and the task waits at a budget checkpoint instead of overspending."""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy import select
from tentacle_testkit import Tokens, plan_step, start_plan, wait_for_status

from fluxkit.db import unit_of_work
from tentacle.budgets import BudgetLimit, BudgetScope
from tentacle.budgets.models import BudgetEntry
from tentacle.checkpoints.models import Checkpoint


async def test_token_limit_pauses_the_task_at_a_budget_checkpoint(
    tentacle_app: FastAPI, worker: None, tokens: Tokens
) -> None:
    factory = tentacle_app.state.session_factory
    caller = tokens.caller()
    async with unit_of_work(factory) as session:
        session.add(
            BudgetLimit(
                organization_id=caller.organization_id,
                scope=BudgetScope.ORGANIZATION_DAY,
                agent_type="",
                max_tokens=50,
            )
        )
    task_id = await start_plan(
        factory,
        caller,
        [plan_step("digest", agent="summarize", inputs={"text": "A long report. " * 20})],
    )
    task, steps = await wait_for_status(factory, task_id, "checkpoint", "failed", "completed")

    assert task.status == "checkpoint", (task.status, task.status_reason)
    assert steps["digest"].status == "waiting"
    async with factory() as session:
        checkpoint = await session.scalar(select(Checkpoint).where(Checkpoint.task_id == task_id))
        spent = (
            await session.scalars(
                select(BudgetEntry).where(BudgetEntry.organization_id == caller.organization_id)
            )
        ).all()
    assert checkpoint is not None and checkpoint.kind == "budget"
    assert "organization daily budget exceeded" in checkpoint.reason
    # Nothing was reserved, so nothing was spent: the call never went out.
    assert spent == []

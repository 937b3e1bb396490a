"""LLM agents reserve against the budget before calling the model and settle what it cost."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from executor_kit import context
from fastapi import FastAPI
from scripted_llm import ScriptedLLM
from sqlalchemy import select

from fluxkit.db import unit_of_work
from fluxkit.llm import LLMClient
from tentacle.budgets import BudgetEntry, BudgetExceeded, BudgetGuard, BudgetLimit
from tentacle.executors import TransientStepError, get_executor


async def add_limit(app: FastAPI, organization_id: uuid.UUID, **fields: object) -> None:
    async with unit_of_work(app.state.session_factory) as session:
        session.add(BudgetLimit(organization_id=organization_id, **fields))


async def ledger(app: FastAPI, organization_id: uuid.UUID) -> list[BudgetEntry]:
    async with unit_of_work(app.state.session_factory) as session:
        rows = await session.scalars(
            select(BudgetEntry).where(BudgetEntry.organization_id == organization_id)
        )
        return list(rows)


async def test_a_call_is_reserved_then_settled_at_its_real_cost(
    tentacle_app: FastAPI, tmp_path: Path, scripted: ScriptedLLM, llm: LLMClient
) -> None:
    org = uuid.uuid4()
    await add_limit(tentacle_app, org, scope="organization_day", max_cost_usd=5.0)
    scripted.reply(json={"summary": "Short."})
    ctx = context("summarize", {"text": "Long text."}, tmp_path, llm=llm, organization_id=org)
    ctx.budget = BudgetGuard(tentacle_app.state.session_factory)
    result = await get_executor(ctx.agent).run(ctx)

    [entry] = await ledger(tentacle_app, org)
    assert entry.status == "settled" and entry.step_id == ctx.step_id
    assert entry.agent_type == "summarize"
    assert entry.tokens == result.prompt_tokens + result.completion_tokens
    assert entry.cost_usd == pytest.approx(result.cost_usd)
    assert entry.reserved_tokens >= ctx.agent.cost.max_output_tokens  # the ceiling was reserved


async def test_a_call_over_the_limit_never_reaches_the_model(
    tentacle_app: FastAPI, tmp_path: Path, scripted: ScriptedLLM, llm: LLMClient
) -> None:
    org = uuid.uuid4()
    await add_limit(tentacle_app, org, scope="agent_type", agent_type="summarize", max_tokens=100)
    scripted.reply(json={"summary": "Short."})
    ctx = context("summarize", {"text": "Long text."}, tmp_path, llm=llm, organization_id=org)
    ctx.budget = BudgetGuard(tentacle_app.state.session_factory)
    with pytest.raises(BudgetExceeded) as exceeded:
        await get_executor(ctx.agent).run(ctx)

    assert exceeded.value.unit == "tokens" and exceeded.value.limit == 100
    assert scripted.chat_requests() == []
    assert await ledger(tentacle_app, org) == []


async def test_a_failed_call_releases_its_reservation(
    tentacle_app: FastAPI, tmp_path: Path, scripted: ScriptedLLM, llm: LLMClient
) -> None:
    org = uuid.uuid4()
    await add_limit(tentacle_app, org, scope="organization_day", max_cost_usd=5.0)
    scripted.fail(500)
    ctx = context("summarize", {"text": "Long text."}, tmp_path, llm=llm, organization_id=org)
    ctx.budget = BudgetGuard(tentacle_app.state.session_factory)
    with pytest.raises(TransientStepError):
        await get_executor(ctx.agent).run(ctx)
    assert [entry.status for entry in await ledger(tentacle_app, org)] == ["released"]

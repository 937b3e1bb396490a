"""The scheduler with a frozen clock: due runs start once, missed ticks coalesce into one run,
two racing schedulers start one run, one-off automations finish, run-now leaves the schedule."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from automation_kit import FrozenClock
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import select
from tentacle_testkit import Caller, Tokens, wait_for_status

from fluxkit.db import unit_of_work
from tentacle.automations.models import AutomationRun
from tentacle.automations.scheduled import run_due
from tentacle.automations.service import tick
from tentacle.tasks.models import Task

NOOP_PLAN = {
    "summary": "digest",
    "steps": [
        {
            "id": "digest",
            "title": "Digest",
            "agent_type": "noop",
            "inputs": {"value": "digest for {{ scheduled_for }}"},
            "depends_on": [],
        }
    ],
}


async def _create(client: AsyncClient, owner: Caller, **body: Any) -> dict[str, Any]:
    # Fixed plans: the tasks these runs start need no planner call when a worker picks them up.
    payload = {
        "name": f"auto-{uuid.uuid4().hex[:8]}",
        "goal": "Digest up to {{ scheduled_for }}",
        "planning_mode": "fixed",
        "plan": NOOP_PLAN,
    }
    created = await client.post(
        "/api/v1/automations", json={**payload, **body}, headers=owner.headers
    )
    assert created.status_code == 201, created.text
    return created.json()  # type: ignore[no-any-return]


async def _runs(app: FastAPI, automation_id: str) -> list[AutomationRun]:
    async with app.state.session_factory() as session:
        rows = await session.scalars(
            select(AutomationRun)
            .where(AutomationRun.automation_id == uuid.UUID(automation_id))
            .order_by(AutomationRun.scheduled_for)
        )
        return list(rows.all())


async def test_due_runs_start_once_and_missed_ticks_coalesce(
    tentacle_app: FastAPI, live_client: AsyncClient, tokens: Tokens, clock: FrozenClock
) -> None:
    owner = tokens.caller()
    clock.set(2030, 1, 7, 10, 2)
    automation = await _create(live_client, owner, cron="*/5 * * * *", timezone="UTC")
    assert automation["next_run_at"].startswith("2030-01-07T10:05:00")
    factory = tentacle_app.state.session_factory

    clock.set(2030, 1, 7, 10, 4, 59)
    await run_due(factory)
    assert await _runs(tentacle_app, automation["id"]) == []

    clock.set(2030, 1, 7, 10, 5)
    await run_due(factory)
    await run_due(factory)
    (first,) = await _runs(tentacle_app, automation["id"])
    assert first.scheduled_for.isoformat() == "2030-01-07T10:05:00+00:00"
    assert first.missed == 0 and first.task_id is not None
    async with factory() as session:
        task = await session.get(Task, first.task_id)
        assert task is not None
        assert task.goal == "Digest up to 2030-01-07T10:05:00+00:00"
        assert task.user_id == owner.user_id

    # Workers down for 26 minutes: one run on recovery, standing in for the ticks it missed.
    clock.set(2030, 1, 7, 10, 31)
    await run_due(factory)
    await run_due(factory)
    runs = await _runs(tentacle_app, automation["id"])
    assert len(runs) == 2
    assert runs[1].scheduled_for.isoformat() == "2030-01-07T10:10:00+00:00"
    assert runs[1].missed == 4  # 10:15, 10:20, 10:25, 10:30
    shown = (
        await live_client.get(f"/api/v1/automations/{automation['id']}", headers=owner.headers)
    ).json()
    assert shown["next_run_at"].startswith("2030-01-07T10:35:00")
    assert shown["last_run_at"].startswith("2030-01-07T10:31:00")


async def test_two_schedulers_racing_start_one_run(
    tentacle_app: FastAPI, live_client: AsyncClient, tokens: Tokens, clock: FrozenClock
) -> None:
    owner = tokens.caller()
    clock.set(2030, 1, 7, 10, 2)
    automation = await _create(live_client, owner, cron="*/5 * * * *", timezone="UTC")
    clock.set(2030, 1, 7, 10, 5)
    factory = tentacle_app.state.session_factory

    async def scheduler() -> int:
        async with unit_of_work(factory) as session:
            return await tick(session)

    for _ in range(3):
        await asyncio.gather(*(scheduler() for _ in range(4)))
    runs = await _runs(tentacle_app, automation["id"])
    assert [run.scheduled_for.isoformat() for run in runs] == ["2030-01-07T10:05:00+00:00"]
    async with factory() as session:
        tasks = await session.scalars(
            select(Task).where(Task.organization_id == owner.organization_id)
        )
        assert len(tasks.all()) == 1


async def test_one_off_runs_once_and_finishes(
    tentacle_app: FastAPI, live_client: AsyncClient, tokens: Tokens, clock: FrozenClock
) -> None:
    owner = tokens.caller()
    clock.set(2030, 1, 7, 10, 2)
    automation = await _create(live_client, owner, run_at="2030-01-07T11:30:00+01:00")
    assert automation["next_run_at"].startswith("2030-01-07T10:30:00")
    factory = tentacle_app.state.session_factory
    await run_due(factory)
    assert await _runs(tentacle_app, automation["id"]) == []
    clock.set(2030, 1, 7, 10, 30)
    await run_due(factory)
    clock.advance(days=3)
    await run_due(factory)
    runs = await _runs(tentacle_app, automation["id"])
    assert len(runs) == 1
    shown = (
        await live_client.get(f"/api/v1/automations/{automation['id']}", headers=owner.headers)
    ).json()
    assert shown["status"] == "finished" and shown["next_run_at"] is None


async def test_run_now_runs_the_fixed_plan_on_a_worker(
    tentacle_app: FastAPI,
    live_client: AsyncClient,
    tokens: Tokens,
    clock: FrozenClock,
    worker: None,
) -> None:
    owner = tokens.caller()
    clock.set(2030, 1, 7, 10, 2)
    automation = await _create(live_client, owner, cron="0 9 * * mon", timezone="Europe/Paris")
    started = await live_client.post(
        f"/api/v1/automations/{automation['id']}/run", headers=owner.headers
    )
    assert started.status_code == 202, started.text
    run = started.json()
    assert run["kind"] == "manual" and run["task_id"]
    _, steps = await wait_for_status(
        tentacle_app.state.session_factory, uuid.UUID(run["task_id"]), "completed"
    )
    assert steps["digest"].output["echo"] == "digest for 2030-01-07T10:02:00+00:00"
    shown = (
        await live_client.get(f"/api/v1/automations/{automation['id']}", headers=owner.headers)
    ).json()
    assert shown["next_run_at"] == automation["next_run_at"]
    history = (
        await live_client.get(f"/api/v1/automations/{automation['id']}/runs", headers=owner.headers)
    ).json()["items"]
    assert [item["id"] for item in history] == [run["id"]]

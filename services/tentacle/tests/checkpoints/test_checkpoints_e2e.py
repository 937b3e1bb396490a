"""End to end on a real Celery worker: a checkpoint pauses the task, its approval resumes the
plan, and a rejection fails the step (and so the task) with the person's reason."""

from __future__ import annotations

import uuid

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from tentacle_testkit import (
    Caller,
    Tokens,
    eventually,
    plan_step,
    start_plan,
    task_events,
    task_state,
    wait_for_status,
)

from fluxkit.db import unit_of_work
from tentacle.checkpoints.models import Checkpoint
from tentacle.events.models import TaskEvent
from tentacle.preferences.models import Preference


@pytest.fixture
def factory(tentacle_app: FastAPI, worker: None) -> async_sessionmaker[AsyncSession]:
    return tentacle_app.state.session_factory  # type: ignore[no-any-return]


@pytest.fixture
async def forget_checkpoints(tentacle_app: FastAPI):  # type: ignore[no-untyped-def]
    organizations: list[uuid.UUID] = []
    yield organizations
    async with unit_of_work(tentacle_app.state.session_factory) as session:
        await session.execute(
            delete(Checkpoint).where(Checkpoint.organization_id.in_(organizations))
        )
        await session.execute(
            delete(Preference).where(Preference.organization_id.in_(organizations))
        )


async def _pending(client: AsyncClient, caller: Caller) -> list[dict]:
    async def probe() -> list[dict] | None:
        response = await client.get("/api/v1/checkpoints", headers=caller.headers)
        assert response.status_code == 200
        return response.json()["items"] or None

    return await eventually(probe)


def _plan() -> list[dict]:
    return [
        plan_step("draft", inputs={"value": "Launch on Monday"}),
        plan_step(
            "send",
            inputs={"value": "{{steps.draft.outputs.echo}}", "to": "team@acme.test"},
            depends_on=["draft"],
            checkpoint={"required": True, "reason": "this goes to the whole team"},
        ),
        plan_step("log", inputs={"value": "{{steps.send.outputs.echo}}"}, depends_on=["send"]),
    ]


async def test_a_checkpoint_pauses_the_task_and_its_approval_resumes_it(
    factory: async_sessionmaker[AsyncSession],
    live_client: AsyncClient,
    tokens: Tokens,
    forget_checkpoints: list[uuid.UUID],
) -> None:
    caller = tokens.caller()
    forget_checkpoints.append(caller.organization_id)
    task_id = await start_plan(factory, caller, _plan())

    task, steps = await wait_for_status(factory, task_id, "checkpoint", "failed", "completed")
    assert task.status == "checkpoint", task.status_reason
    (pending,) = await _pending(live_client, caller)
    assert pending["task_id"] == str(task_id)
    assert pending["reason"] == "this goes to the whole team"
    # The preview shows the inputs as they will run: the reference is already resolved.
    assert pending["preview"]["inputs"] == {"value": "Launch on Monday", "to": "team@acme.test"}
    _, steps = await task_state(factory, task_id)
    assert steps["draft"].status == "completed"
    assert steps["send"].status == "waiting" and steps["send"].started_at is None
    assert steps["log"].status == "pending"

    approved = await live_client.post(
        f"/api/v1/checkpoints/{pending['id']}/approve", headers=caller.headers
    )
    assert approved.status_code == 200, approved.text

    task, steps = await wait_for_status(factory, task_id, "completed", "failed")
    assert task.status == "completed", task.status_reason
    assert steps["send"].output["echo"] == "Launch on Monday"
    assert steps["log"].output["echo"] == "Launch on Monday"
    types = [event.event_type for event in await task_events(factory, task_id)]
    assert types.index("checkpoint.created") < types.index("checkpoint.resolved")
    statuses = [
        event.payload["to"]
        for event in await task_events(factory, task_id)
        if event.event_type == "task.status"
    ]
    assert "checkpoint" in statuses and statuses[-1] == "completed"


async def test_a_rejection_fails_the_step_with_the_reason(
    factory: async_sessionmaker[AsyncSession],
    live_client: AsyncClient,
    tokens: Tokens,
    forget_checkpoints: list[uuid.UUID],
) -> None:
    caller = tokens.caller()
    forget_checkpoints.append(caller.organization_id)
    # Replans are allowed: the person's "no" must still end the task, not be routed around.
    task_id = await start_plan(factory, caller, _plan(), replans_left=True)
    (pending,) = await _pending(live_client, caller)

    rejected = await live_client.post(
        f"/api/v1/checkpoints/{pending['id']}/reject",
        json={"reason": "not before the board meets"},
        headers=caller.headers,
    )
    assert rejected.status_code == 200, rejected.text

    task, steps = await wait_for_status(factory, task_id, "failed", "completed")
    assert task.status == "failed"
    assert steps["send"].status == "failed"
    assert "not before the board meets" in (steps["send"].error or "")
    assert steps["send"].started_at is None  # it never ran
    assert steps["log"].status == "cancelled"
    assert "send" in (task.status_reason or "")
    async with factory() as session:
        event_types = set(
            await session.scalars(select(TaskEvent.event_type).where(TaskEvent.task_id == task_id))
        )
    assert "recovery.replan" not in event_types
    assert "planning" not in (task.status_reason or "")


@pytest.fixture
def everything_costs_approval(tentacle_app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    """A threshold below zero: every step (even a free noop) needs a non-explicit approval."""
    from tentacle.runtime import current_settings

    monkeypatch.setattr(current_settings(), "checkpoint_cost_threshold_usd", -1.0)


async def test_consistent_approvals_let_the_worker_auto_approve_until_revoked(
    factory: async_sessionmaker[AsyncSession],
    live_client: AsyncClient,
    tokens: Tokens,
    forget_checkpoints: list[uuid.UUID],
    everything_costs_approval: None,
) -> None:
    caller = tokens.caller()
    forget_checkpoints.append(caller.organization_id)
    plan = [plan_step("mail", inputs={"to": "ops@acme.test", "value": 1})]
    for _ in range(3):
        task_id = await start_plan(factory, caller, plan)
        (pending,) = await _pending(live_client, caller)
        assert pending["risk_kind"] == "cost" and pending["explicit"] is False
        response = await live_client.post(
            f"/api/v1/checkpoints/{pending['id']}/approve", headers=caller.headers
        )
        assert response.status_code == 200
        task, _ = await wait_for_status(factory, task_id, "completed", "failed")
        assert task.status == "completed"

    task_id = await start_plan(factory, caller, plan)
    task, _ = await wait_for_status(factory, task_id, "completed", "failed", "checkpoint")
    assert task.status == "completed"  # no one was asked
    resolved = [
        event.payload
        for event in await task_events(factory, task_id)
        if event.event_type == "checkpoint.resolved"
    ]
    assert [payload["status"] for payload in resolved] == ["auto_approved"]
    assert resolved[0]["resolved_via"] == "preference"

    (preference,) = (await live_client.get("/api/v1/preferences", headers=caller.headers)).json()[
        "items"
    ]
    assert preference["auto_approves"] and preference["auto_approvals"] == 1
    revoked = await live_client.delete(
        f"/api/v1/preferences/{preference['id']}", headers=caller.headers
    )
    assert revoked.status_code == 204

    task_id = await start_plan(factory, caller, plan)
    task, _ = await wait_for_status(factory, task_id, "checkpoint", "completed", "failed")
    assert task.status == "checkpoint"


async def test_a_sending_agent_pauses_without_being_asked_and_rejection_sends_nothing(
    factory: async_sessionmaker[AsyncSession],
    live_client: AsyncClient,
    tokens: Tokens,
    forget_checkpoints: list[uuid.UUID],
) -> None:
    caller = tokens.caller()
    forget_checkpoints.append(caller.organization_id)
    task_id = await start_plan(
        factory,
        caller,
        [
            plan_step(
                "mail",
                agent="notify",
                inputs={"to": ["board@acme.test"], "subject": "Q3", "text": "numbers"},
            )
        ],
    )
    (pending,) = await _pending(live_client, caller)
    # The risk policy, not the plan, asked: the notify agent sends on the person's behalf.
    assert pending["risk_kind"] == "send" and pending["explicit"] is False
    assert pending["preview"]["inputs"]["to"] == ["board@acme.test"]
    assert "sends a message" in pending["reason"]

    rejected = await live_client.post(
        f"/api/v1/checkpoints/{pending['id']}/reject",
        json={"reason": "the board gets this from me"},
        headers=caller.headers,
    )
    assert rejected.status_code == 200
    task, steps = await wait_for_status(factory, task_id, "failed", "completed")
    assert task.status == "failed"
    assert steps["mail"].status == "failed" and steps["mail"].attempt == 0  # never ran
    assert "the board gets this from me" in (steps["mail"].error or "")

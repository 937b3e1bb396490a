"""Exactly-once decisions under real concurrency (separate requests, separate transactions) and
the expiry timer applying each configured outcome, also through a real Celery worker."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from checkpoint_testkit import agent, make_task
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from tentacle_testkit import Caller, Tokens, eventually

from fluxkit.db import unit_of_work, utcnow
from tentacle.checkpoints.decisions import expire_due
from tentacle.checkpoints.models import Checkpoint
from tentacle.checkpoints.service import gate_step
from tentacle.checkpoints.tasks import EXPIRE_TASK
from tentacle.tasks.models import Step, StepStatus, Task, TaskStatus


@pytest.fixture
async def committed(tentacle_app: FastAPI) -> AsyncIterator[list[uuid.UUID]]:
    """Task ids whose rows were committed for real; deleted after the test."""
    task_ids: list[uuid.UUID] = []
    yield task_ids
    async with unit_of_work(tentacle_app.state.session_factory) as session:
        await session.execute(delete(Checkpoint).where(Checkpoint.task_id.in_(task_ids)))
        await session.execute(delete(Task).where(Task.id.in_(task_ids)))


async def _committed_checkpoint(
    factory: async_sessionmaker[AsyncSession],
    caller: Caller,
    task_ids: list[uuid.UUID],
    *,
    checkpoint: dict[str, object] | None = None,
) -> tuple[uuid.UUID, uuid.UUID]:
    async with unit_of_work(factory) as session:
        task, (step,) = await make_task(
            session,
            organization_id=caller.organization_id,
            user_id=caller.user_id,
            steps=[{"inputs": {"to": "a@acme.test"}, "checkpoint": checkpoint}],
        )
        task_ids.append(task.id)
        pending = await gate_step(session, task=task, step=step, agent=agent())
        assert pending is not None
        return pending.id, step.id


async def test_concurrent_decisions_one_wins_the_others_get_409(
    tentacle_app: FastAPI, live_client: AsyncClient, tokens: Tokens, committed: list[uuid.UUID]
) -> None:
    caller = tokens.caller()
    admin = tokens.caller(caller.organization_id, roles=("admin",))
    checkpoint_id, step_id = await _committed_checkpoint(
        tentacle_app.state.session_factory, caller, committed
    )
    url = f"/api/v1/checkpoints/{checkpoint_id}"
    requests = [live_client.post(f"{url}/approve", headers=caller.headers) for _ in range(6)]
    requests += [
        live_client.post(f"{url}/reject", json={"reason": "stop"}, headers=admin.headers)
        for _ in range(6)
    ]
    responses = await asyncio.gather(*requests)
    codes = sorted(response.status_code for response in responses)
    assert codes == [200] + [409] * 11, codes

    winner = next(response for response in responses if response.status_code == 200).json()
    async with unit_of_work(tentacle_app.state.session_factory) as session:
        stored = await session.get(Checkpoint, checkpoint_id)
        step = await session.get(Step, step_id)
        assert stored is not None and step is not None
        assert stored.status == winner["status"]
        expected = StepStatus.PENDING if winner["status"] == "approved" else StepStatus.FAILED
        assert step.status == expected


async def _expire_now(session: AsyncSession, checkpoint_id: uuid.UUID) -> None:
    await session.execute(
        update(Checkpoint)
        .where(Checkpoint.id == checkpoint_id)
        .values(expires_at=utcnow() - timedelta(seconds=1))
    )


@pytest.mark.parametrize(
    ("on_expiry", "step_status", "task_status"),
    [
        ("reject", StepStatus.FAILED, TaskStatus.EXECUTING),
        ("approve", StepStatus.PENDING, TaskStatus.EXECUTING),
        ("cancel", StepStatus.CANCELLED, TaskStatus.CANCELLED),
    ],
)
async def test_expiry_applies_the_configured_outcome(
    db: AsyncSession,
    client: AsyncClient,
    tokens: Tokens,
    on_expiry: str,
    step_status: str,
    task_status: str,
) -> None:
    caller = tokens.caller()
    task, (step, later) = await make_task(
        db,
        organization_id=caller.organization_id,
        user_id=caller.user_id,
        steps=[{"checkpoint": {"on_expiry": on_expiry, "expires_in_seconds": 3600}}, {}],
    )
    checkpoint = await gate_step(db, task=task, step=step, agent=agent())
    assert checkpoint is not None
    checkpoint_id = checkpoint.id
    not_yet = await gate_step(db, task=task, step=later, agent=agent())
    assert not_yet is not None
    await db.commit()
    assert await expire_due(db) == 0  # nothing is due yet

    await _expire_now(db, checkpoint_id)
    assert await expire_due(db) == 1
    await db.commit()
    assert await expire_due(db) == 0  # expired once
    await db.refresh(checkpoint)
    await db.refresh(step)
    await db.refresh(task)
    assert checkpoint.status == "expired" and checkpoint.resolved_via == "expiry"
    assert checkpoint.resolution["outcome"] == on_expiry
    assert step.status == step_status
    if on_expiry == "cancel":
        assert task.status == task_status
    else:
        assert task.status == TaskStatus.CHECKPOINT  # the other checkpoint still waits
    late = await client.post(f"/api/v1/checkpoints/{checkpoint_id}/approve", headers=caller.headers)
    assert late.status_code == 409


async def test_unanswered_questions_expire_as_a_rejection_even_if_approval_is_configured(
    db: AsyncSession, tokens: Tokens
) -> None:
    caller = tokens.caller()
    task, (step,) = await make_task(
        db,
        organization_id=caller.organization_id,
        user_id=caller.user_id,
        steps=[
            {
                "checkpoint": {
                    "kind": "input",
                    "questions": [{"id": "q", "prompt": "Which?"}],
                    "on_expiry": "approve",
                }
            }
        ],
    )
    checkpoint = await gate_step(db, task=task, step=step, agent=agent())
    assert checkpoint is not None
    await _expire_now(db, checkpoint.id)
    assert await expire_due(db) == 1
    assert step.status == StepStatus.FAILED


async def test_the_expiry_timer_runs_on_a_real_worker(
    tentacle_app: FastAPI, worker: None, tokens: Tokens, committed: list[uuid.UUID]
) -> None:
    from tentacle.worker import celery_app

    factory = tentacle_app.state.session_factory
    caller = tokens.caller()
    checkpoint_id, step_id = await _committed_checkpoint(factory, caller, committed)
    async with unit_of_work(factory) as session:
        await _expire_now(session, checkpoint_id)

    celery_app.send_task(EXPIRE_TASK, queue="tentacle.timers")

    async def expired() -> str | None:
        async with factory() as session:
            status = (
                await session.execute(
                    select(Checkpoint.status).where(Checkpoint.id == checkpoint_id)
                )
            ).scalar_one()
            return status if status == "expired" else None

    assert await eventually(expired) == "expired"
    async with factory() as session:
        step = await session.get(Step, step_id)
        assert step is not None and step.status == StepStatus.FAILED
        assert "expired" in (step.error or "")


async def test_cancelling_the_task_while_people_decide_never_deadlocks(
    tentacle_app: FastAPI, live_client: AsyncClient, tokens: Tokens, committed: list[uuid.UUID]
) -> None:
    caller = tokens.caller()
    checkpoint_id, step_id = await _committed_checkpoint(
        tentacle_app.state.session_factory, caller, committed
    )
    task_id = committed[-1]
    responses = await asyncio.gather(
        live_client.post(f"/api/v1/checkpoints/{checkpoint_id}/approve", headers=caller.headers),
        live_client.post(f"/api/v1/tasks/{task_id}/cancel", headers=caller.headers),
        live_client.post(
            f"/api/v1/checkpoints/{checkpoint_id}/reject",
            json={"reason": "no"},
            headers=caller.headers,
        ),
    )
    approve, cancel, reject = (response.status_code for response in responses)
    assert {approve, cancel, reject} <= {200, 409}, (approve, cancel, reject)
    assert sorted([approve, reject]) in ([200, 409], [409, 409])
    async with unit_of_work(tentacle_app.state.session_factory) as session:
        stored = await session.get(Checkpoint, checkpoint_id)
        task = await session.get(Task, task_id)
        step = await session.get(Step, step_id)
        assert stored is not None and task is not None and step is not None
        if cancel == 200:
            assert task.status == TaskStatus.CANCELLED
            assert stored.status in ("approved", "rejected", "cancelled")
            assert step.status in (StepStatus.CANCELLED, StepStatus.FAILED)
        else:
            # A decision landed first and a worker (alive in this module) already ran the
            # plan to its end, so there was nothing left to cancel.
            assert 200 in (approve, reject)
            assert stored.status in ("approved", "rejected")
            assert task.status in (TaskStatus.COMPLETED, TaskStatus.FAILED)

"""Test support for Tentacle: signed access tokens and polling helpers."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from fluxkit.errors import Unauthorized
from fluxkit.testing import TokenMinter

ISSUER = "fluxos-inkpass"
AUDIENCE = "fluxos"

T = TypeVar("T")


class NoApiKeys:
    """API keys are InkPass's business; these tests authenticate with access tokens."""

    async def verify_api_key(self, key: str) -> Any:
        raise Unauthorized("API keys are not accepted in these tests")


@dataclass(frozen=True)
class Caller:
    user_id: uuid.UUID
    organization_id: uuid.UUID
    headers: dict[str, str]


class Tokens(TokenMinter):
    """The kit's token minter plus callers (user, organization and their headers)."""

    def caller(
        self,
        organization_id: uuid.UUID | None = None,
        roles: Iterable[str] = ("owner",),
        user_id: uuid.UUID | None = None,
    ) -> Caller:
        organization_id = organization_id or uuid.uuid4()
        user_id = user_id or uuid.uuid4()
        token = self.token(organization_id, roles, user_id)
        return Caller(user_id, organization_id, {"Authorization": f"Bearer {token}"})


async def eventually(
    probe: Callable[[], Awaitable[T | None]], *, timeout: float = 20.0, interval: float = 0.05
) -> T:
    """Poll ``probe`` until it returns something truthy (or fail after ``timeout`` seconds)."""
    deadline = time.monotonic() + timeout
    last: T | None = None
    while time.monotonic() < deadline:
        last = await probe()
        if last:
            return last
        await asyncio.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s (last: {last!r})")


# -- plans written straight to the database (the planner is exercised by its own tests) -------


def plan_step(
    key: str,
    *,
    agent: str = "noop",
    inputs: dict[str, Any] | None = None,
    depends_on: Iterable[str] = (),
    group: str | None = None,
    policy: str = "all_or_nothing",
    critical: bool = True,
    max_retries: int = 2,
    checkpoint: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "key": key,
        "agent_type": agent,
        "inputs": inputs or {},
        "depends_on": list(depends_on),
        "parallel_group": group,
        "failure_policy": policy,
        "critical": critical,
        "max_retries": max_retries,
        "checkpoint": checkpoint,
    }


async def start_plan(
    session_factory: Any,
    caller: Caller,
    steps: list[dict[str, Any]],
    *,
    goal: str = "a planned test task",
    max_parallel: int | None = None,
    replans_left: bool = False,
    enqueue: bool = True,
) -> uuid.UUID:
    """A READY task with plan version 1 made of ``steps``; its first cycle is enqueued."""
    from fluxkit.db import unit_of_work
    from tentacle.orchestrator import enqueue_cycle
    from tentacle.tasks.models import PlanVersion, Step, Task

    task_id = uuid.uuid4()
    async with unit_of_work(session_factory) as session:
        task = Task(
            id=task_id,
            organization_id=caller.organization_id,
            user_id=caller.user_id,
            goal=goal,
            constraints={},
            budget={},
            status="ready",
            current_version=1,
            replan_count=0 if replans_left else 1000,
            max_parallel=max_parallel,
        )
        session.add(task)
        await session.flush()
        version = PlanVersion(
            id=uuid.uuid4(),
            task_id=task_id,
            organization_id=caller.organization_id,
            version=1,
            summary="test plan",
            document={"steps": steps},
        )
        session.add(version)
        await session.flush()
        for position, spec in enumerate(steps):
            session.add(
                Step(
                    id=uuid.uuid4(),
                    task_id=task_id,
                    plan_version_id=version.id,
                    organization_id=caller.organization_id,
                    position=position,
                    title=spec["key"],
                    declared_outputs=["echo", "inputs"],
                    **spec,
                )
            )
        if enqueue:
            await enqueue_cycle(session, task_id)
    return task_id


async def task_state(session_factory: Any, task_id: uuid.UUID) -> tuple[Any, dict[str, Any]]:
    """(task row, {step key: step row}) read fresh."""
    from sqlalchemy import select

    from tentacle.tasks.models import Step, Task

    async with session_factory() as session:
        task = await session.get(Task, task_id)
        steps = (await session.scalars(select(Step).where(Step.task_id == task_id))).all()
        return task, {step.key: step for step in steps}


async def wait_for_status(
    session_factory: Any, task_id: uuid.UUID, *statuses: str, timeout: float = 30.0
) -> tuple[Any, dict[str, Any]]:
    async def probe() -> tuple[Any, dict[str, Any]] | None:
        task, steps = await task_state(session_factory, task_id)
        return (task, steps) if task is not None and task.status in statuses else None

    try:
        return await eventually(probe, timeout=timeout)
    except AssertionError:
        task, steps = await task_state(session_factory, task_id)
        summary = {key: (step.status, step.error) for key, step in steps.items()}
        raise AssertionError(
            f"task {task.status if task else None} ({task.status_reason if task else ''}); "
            f"steps {summary}"
        ) from None


async def task_events(session_factory: Any, task_id: uuid.UUID) -> list[Any]:
    from sqlalchemy import select

    from tentacle.events.models import TaskEvent

    async with session_factory() as session:
        rows = await session.scalars(
            select(TaskEvent).where(TaskEvent.task_id == task_id).order_by(TaskEvent.created_at)
        )
        return list(rows.all())

"""Tentacle's Celery tasks: orchestrator cycle, step run, planning, reaper."""

from __future__ import annotations

import logging
import uuid

from sqlalchemy.exc import DBAPIError, OperationalError

from fluxkit.celery import flux_task, run_async
from fluxkit.db import unit_of_work
from tentacle.orchestrator import planning, runner
from tentacle.orchestrator.enqueue import (
    CYCLE_TASK,
    PLAN_TASK,
    REAP_TASK,
    REPLAN_TASK,
    STEP_TASK,
    clear_cycle_mark,
    collect_continuations,
    request_cycle,
    send,
)
from tentacle.orchestrator.service import CycleOutcome, CycleSettings, run_cycle
from tentacle.runtime import worker_runtime
from tentacle.worker import celery_app

logger = logging.getLogger(__name__)

INFRASTRUCTURE_ERRORS = (OperationalError, DBAPIError, ConnectionError, OSError)


async def _cycle(task_id: uuid.UUID) -> CycleOutcome:
    runtime = await worker_runtime()
    settings = runtime.settings
    config = CycleSettings(
        max_parallel=settings.max_parallel_steps,
        lease_seconds=settings.step_lease_seconds,
        max_replans=settings.max_replans,
    )
    async with unit_of_work(runtime.session_factory) as session:
        return await run_cycle(session, task_id, config)


@flux_task(
    celery_app,
    name=CYCLE_TASK,
    queue="tentacle.orchestrator",
    max_retries=10,
    autoretry_for=INFRASTRUCTURE_ERRORS,
    retry_backoff=1,
)
def orchestrator_cycle(task_id: str) -> str:
    """One orchestrator cycle for the task; re-enqueued shortly when another holds the lock."""
    clear_cycle_mark(task_id)
    outcome = run_async(_cycle(uuid.UUID(task_id)))
    if outcome is CycleOutcome.BUSY:
        runtime_settings = run_async(worker_runtime()).settings
        send(CYCLE_TASK, task_id, countdown=runtime_settings.cycle_lock_retry_seconds)
    return outcome.value


async def _run_step(step_id: uuid.UUID) -> tuple[str, set[uuid.UUID]]:
    wanted = collect_continuations()
    return await runner.run_step(await worker_runtime(), step_id), wanted


def _continue(task_id: uuid.UUID) -> None:
    """Run the cycle a finished step asked for here and now; when another cycle holds the
    task's lock (it may have loaded the plan before this step committed), queue one."""
    try:
        outcome = run_async(_cycle(task_id))
    except INFRASTRUCTURE_ERRORS:
        logger.warning("inline cycle for %s failed; queueing it", task_id, exc_info=True)
        outcome = CycleOutcome.BUSY
    if outcome is CycleOutcome.BUSY:
        request_cycle(task_id)


@flux_task(
    celery_app,
    name=STEP_TASK,
    queue="tentacle.steps",
    max_retries=10,
    autoretry_for=INFRASTRUCTURE_ERRORS,
    retry_backoff=1,
)
def run_step(step_id: str) -> str:
    """Run one plan step (idempotent: a step that already committed is not run again), then
    the task's next cycle."""
    outcome, wanted = run_async(_run_step(uuid.UUID(step_id)))
    for task_id in wanted:
        _continue(task_id)
    return outcome


async def _reap() -> int:
    return await runner.reap_expired(await worker_runtime())


@flux_task(celery_app, name=REAP_TASK, queue="tentacle.timers", max_retries=0)
def reap_steps() -> int:
    """Requeue steps whose lease expired (their worker died or their message was lost)."""
    return run_async(_reap())


async def _plan(task_id: uuid.UUID) -> str:
    return await planning.plan(await worker_runtime(), task_id)


@flux_task(
    celery_app,
    name=PLAN_TASK,
    queue="tentacle.planning",
    max_retries=5,
    autoretry_for=INFRASTRUCTURE_ERRORS,
)
def plan_task(task_id: str) -> str:
    """Plan a new task (the planner's LLM call), then start the orchestrator."""
    return run_async(_plan(uuid.UUID(task_id)))


async def _replan(task_id: uuid.UUID, diagnosis: str) -> str:
    return await planning.replan(await worker_runtime(), task_id, diagnosis)


@flux_task(
    celery_app,
    name=REPLAN_TASK,
    queue="tentacle.planning",
    max_retries=5,
    autoretry_for=INFRASTRUCTURE_ERRORS,
)
def replan_task(task_id: str, diagnosis: str) -> str:
    """Write a new plan version after tactical recovery is exhausted."""
    return run_async(_replan(uuid.UUID(task_id), diagnosis))

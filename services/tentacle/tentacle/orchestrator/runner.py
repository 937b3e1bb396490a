"""Running one step: claim it under a lease, run its executor, commit output and cost at once.

Redelivery-safe: the claim only takes a QUEUED step (or a RUNNING one whose lease expired, its
worker presumed dead), so a step that already committed its output is never run again; the
commit is fenced on the claimed attempt, so a worker that lost its lease cannot overwrite the
one that took over. While the executor runs, the lease is renewed; a killed worker stops
renewing and the reaper hands the step to another worker once the lease runs out.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import random
import shutil
import socket
import tempfile
import threading
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.db import unit_of_work, utcnow
from tentacle.events.outbox import emit
from tentacle.orchestrator.agents import agent_spec_for
from tentacle.orchestrator.enqueue import STEP_TASK, enqueue_after_commit, enqueue_cycle
from tentacle.runtime import WorkerRuntime
from tentacle.steps.lifecycle import transition_step
from tentacle.tasks.models import Step, Task, TaskStatus
from tentacle.tasks.models import StepStatus as S

logger = logging.getLogger(__name__)

RUNNABLE_TASK = (TaskStatus.EXECUTING, TaskStatus.CHECKPOINT)


def worker_identity() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


@dataclass(frozen=True)
class Claim:
    step_id: uuid.UUID
    task_id: uuid.UUID
    attempt: int
    owner: str


def backoff_seconds(retry: int, base: float, ceiling: float) -> float:
    """Exponential backoff with full jitter: uniform in [base, base * 2^retry], capped."""
    top = min(ceiling, base * (2**retry))
    return random.uniform(min(base, top), top)


async def claim_step(
    session: AsyncSession, step_id: uuid.UUID, owner: str, lease_seconds: float
) -> Step | None:
    """Take the step for this worker, or None (already done, running elsewhere, task halted)."""
    now = utcnow()
    runnable_task = (
        select(Task.id).where(Task.id == Step.task_id, Task.status.in_(RUNNABLE_TASK)).exists()
    )
    claimed = await session.scalar(
        update(Step)
        .where(
            Step.id == step_id,
            or_(
                Step.status == S.QUEUED,
                (Step.status == S.RUNNING) & (Step.lease_expires_at < now),
            ),
            runnable_task,
        )
        .values(
            status=S.RUNNING,
            lease_owner=owner,
            lease_expires_at=now + timedelta(seconds=lease_seconds),
            attempt=Step.attempt + 1,
            started_at=now,
            updated_at=now,
        )
        .returning(Step)
        .execution_options(synchronize_session=False)
    )
    if claimed is None:
        return None
    task = await session.get(Task, claimed.task_id)
    if task is not None:
        await emit(
            session,
            "step.status",
            organization_id=claimed.organization_id,
            user_id=task.user_id,
            task_id=claimed.task_id,
            conversation_id=task.conversation_id,
            payload={
                "step_id": str(claimed.id),
                "key": claimed.key,
                "agent_type": claimed.agent_type,
                "from": S.QUEUED,
                "to": S.RUNNING,
                "attempt": claimed.attempt,
            },
        )
    return claimed


async def _fenced(session: AsyncSession, claim: Claim) -> tuple[Step, Task] | None:
    """The step, locked, if this worker still owns the attempt it claimed.

    Locks the task row first, then the step, the order every writer follows (the cycle, the
    task endpoints), so finishing a step never deadlocks with a cycle."""
    task = await session.scalar(
        select(Task)
        .where(Task.id == claim.task_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if task is None:
        return None
    step = await session.scalar(
        select(Step)
        .where(Step.id == claim.step_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if (
        step is None
        or step.status != S.RUNNING
        or step.attempt != claim.attempt
        or step.lease_owner != claim.owner
    ):
        return None
    return step, task


async def _renew_lease(runtime: WorkerRuntime, claim: Claim, lease_seconds: float) -> None:
    interval = max(lease_seconds / 3, 0.2)
    while True:
        await asyncio.sleep(interval)
        async with unit_of_work(runtime.session_factory) as session:
            await session.execute(
                update(Step)
                .where(
                    Step.id == claim.step_id,
                    Step.status == S.RUNNING,
                    Step.attempt == claim.attempt,
                    Step.lease_owner == claim.owner,
                )
                .values(lease_expires_at=utcnow() + timedelta(seconds=lease_seconds))
                .execution_options(synchronize_session=False)
            )


async def run_step(runtime: WorkerRuntime, step_id: uuid.UUID) -> str:
    """Run the step if it is this worker's to run; returns what happened (for logs and tests)."""
    from tentacle.executors import StepContext, get_executor

    settings = runtime.settings
    owner = worker_identity()
    lease = settings.step_lease_seconds
    async with unit_of_work(runtime.session_factory) as session:
        step = await claim_step(session, step_id, owner, lease)
        if step is None:
            current = await session.get(Step, step_id)
            return "gone" if current is None else f"not claimed ({current.status})"
        claim = Claim(step.id, step.task_id, step.attempt, owner)
        task = await session.get(Task, step.task_id)
        assert task is not None
        agent = await agent_spec_for(session, step.organization_id, step.agent_type)
        inputs: dict[str, Any] = dict(step.resolved_inputs or step.inputs)
        retries_before = step.retry_count
        idempotency_key = step.idempotency_key
        user_id, organization_id = task.user_id, task.organization_id
    if agent is None:
        return await _finish_failure(
            runtime, claim, f"unknown agent {step.agent_type!r}", transient=False
        )

    # Created by the executor when it needs one (most steps never touch the disk; making and
    # removing an empty directory per step costs milliseconds on overlay filesystems).
    work_dir = _work_root() / f"{step_id.hex}-{claim.attempt}"
    renewal = asyncio.create_task(_renew_lease(runtime, claim, lease))
    try:
        context = StepContext(
            task_id=claim.task_id,
            step_id=claim.step_id,
            organization_id=organization_id,
            user_id=user_id,
            inputs=inputs,
            agent=agent,
            llm=runtime.llm,
            budget=_budget_guard(runtime),
            services=runtime.services.for_user(user_id, organization_id),
            idempotency_key=idempotency_key,
            deadline=time.time() + agent.timeout_seconds,
            work_dir=work_dir,
            attempt=retries_before,
            resources=runtime.resources,
        )
        executor = get_executor(agent)
        result = await asyncio.wait_for(executor.run(context), timeout=agent.timeout_seconds)
    except Exception as exc:
        return await _handle_error(runtime, claim, exc)
    finally:
        renewal.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await renewal
        if work_dir.exists():
            await asyncio.to_thread(shutil.rmtree, work_dir, True)
    return await _finish_success(runtime, claim, result)


_WORK_ROOT: Path | None = None


def _work_root() -> Path:
    """This process's private folder of step work directories (mode 0700)."""
    global _WORK_ROOT
    if _WORK_ROOT is None or not _WORK_ROOT.exists():
        _WORK_ROOT = Path(tempfile.mkdtemp(prefix=f"tentacle-steps-{os.getpid()}-"))
    return _WORK_ROOT


def _budget_guard(runtime: WorkerRuntime) -> Any:
    factory = runtime.extras.get("budget_guard")
    return factory() if callable(factory) else None


def _add_cost_to_task(task: Task, result: Any) -> None:
    """Add the step's usage to the task (its row is locked by the fence: no lost update)."""
    if result.cost_usd or result.prompt_tokens or result.completion_tokens:
        task.cost_usd += float(result.cost_usd)
        task.prompt_tokens += int(result.prompt_tokens)
        task.completion_tokens += int(result.completion_tokens)


async def _finish_success(runtime: WorkerRuntime, claim: Claim, result: Any) -> str:
    return await _persist(lambda: _commit_success(runtime, claim, result))


async def _persist(write: Callable[[], Awaitable[str]], attempts: int = 5) -> str:
    """Commit a step's outcome, retrying database conflicts (deadlock victims, serialization):
    once claimed, a step's result must not be lost to a transient database error."""
    for attempt in range(attempts):
        try:
            return await write()
        except DBAPIError:
            if attempt == attempts - 1:
                raise
            logger.warning("committing a step outcome failed; retrying", exc_info=True)
            await asyncio.sleep(0.05 * (2**attempt))
    raise AssertionError("unreachable")


def _charge(step: Step, task: Task, usage: Any) -> None:
    """Add what a step spent to the step and its task (both rows are locked by the fence)."""
    if usage is None:
        return
    step.cost_usd += float(usage.cost_usd)
    step.prompt_tokens += int(usage.prompt_tokens)
    step.completion_tokens += int(usage.completion_tokens)
    _add_cost_to_task(task, usage)


async def _commit_success(runtime: WorkerRuntime, claim: Claim, result: Any) -> str:
    async with unit_of_work(runtime.session_factory) as session:
        owned = await _fenced(session, claim)
        if owned is None:
            return "discarded (lease lost or step cancelled)"
        step, task = owned
        _charge(step, task, result)
        step.notes = result.notes or ""
        step.error = None
        await transition_step(session, step, S.COMPLETED, task=task, output=dict(result.outputs))
        await enqueue_cycle(session, claim.task_id)
    return "completed"


async def _handle_error(runtime: WorkerRuntime, claim: Claim, exc: Exception) -> str:
    from tentacle.executors import PermanentStepError, StepError

    budget_exceeded = _budget_exceeded_type()
    if budget_exceeded is not None and isinstance(exc, budget_exceeded):
        return await _pause_for_budget(runtime, claim, exc)
    if isinstance(exc, TimeoutError):
        return await _finish_failure(runtime, claim, "the step ran out of time", transient=True)
    if isinstance(exc, PermanentStepError):
        return await _finish_failure(runtime, claim, exc.message, transient=False, usage=exc.usage)
    if isinstance(exc, StepError):
        retry_after = getattr(exc, "retry_after", None)
        return await _finish_failure(
            runtime, claim, exc.message, transient=True, retry_after=retry_after, usage=exc.usage
        )
    logger.exception("step %s crashed", claim.step_id)
    return await _finish_failure(runtime, claim, f"{type(exc).__name__}: {exc}", transient=True)


def _budget_exceeded_type() -> type[BaseException] | None:
    try:
        from tentacle.budgets import BudgetExceeded
    except ImportError:
        return None
    return BudgetExceeded


async def _pause_for_budget(runtime: WorkerRuntime, claim: Claim, exc: BaseException) -> str:
    from tentacle.checkpoints.service import create_checkpoint

    async with unit_of_work(runtime.session_factory) as session:
        owned = await _fenced(session, claim)
        if owned is None:
            return "discarded (lease lost or step cancelled)"
        step, task = owned
        await emit(
            session,
            "budget.exceeded",
            organization_id=task.organization_id,
            user_id=task.user_id,
            task_id=task.id,
            conversation_id=task.conversation_id,
            payload={"step_id": str(step.id), "key": step.key, "detail": str(exc)},
        )
        await create_checkpoint(
            session,
            task=task,
            step=step,
            kind="budget",
            preview={"agent_type": step.agent_type, "detail": str(exc)},
            reason=f"budget limit reached: {exc}",
            explicit=True,
            expires_in=None,
        )
    return "budget checkpoint"


async def _finish_failure(
    runtime: WorkerRuntime,
    claim: Claim,
    error: str,
    *,
    transient: bool,
    retry_after: float | None = None,
    usage: Any = None,
) -> str:
    return await _persist(
        lambda: _commit_failure(
            runtime, claim, error, transient=transient, retry_after=retry_after, usage=usage
        )
    )


async def _commit_failure(
    runtime: WorkerRuntime,
    claim: Claim,
    error: str,
    *,
    transient: bool,
    retry_after: float | None = None,
    usage: Any = None,
) -> str:
    """Tactical recovery: retry transient failures with backoff, skip non-critical steps;
    otherwise the step fails and the cycle decides (group policy, replanning)."""
    settings = runtime.settings
    async with unit_of_work(runtime.session_factory) as session:
        owned = await _fenced(session, claim)
        if owned is None:
            return "discarded (lease lost or step cancelled)"
        step, task = owned
        _charge(step, task, usage)  # paid-for model calls count even when the step fails
        event: dict[str, Any] = dict(
            organization_id=task.organization_id,
            user_id=task.user_id,
            task_id=task.id,
            conversation_id=task.conversation_id,
        )
        if transient and step.retry_count < step.max_retries:
            delay = backoff_seconds(
                step.retry_count, settings.retry_base_seconds, settings.retry_max_seconds
            )
            if retry_after:
                delay = max(delay, min(retry_after, settings.retry_max_seconds))
            step.retry_count += 1
            step.not_before = utcnow() + timedelta(seconds=delay)
            await transition_step(session, step, S.PENDING, task=task, error=error)
            await emit(
                session,
                "recovery.retry",
                **event,
                payload={
                    "step_id": str(step.id),
                    "key": step.key,
                    "retry": step.retry_count,
                    "delay_seconds": round(delay, 3),
                    "error": error,
                },
            )
            await enqueue_cycle(session, claim.task_id, countdown=delay)
            return "retry scheduled"
        if not step.critical:
            await transition_step(session, step, S.SKIPPED, task=task, error=error)
            await emit(
                session,
                "recovery.skip",
                **event,
                payload={"step_id": str(step.id), "key": step.key, "error": error},
            )
            await enqueue_cycle(session, claim.task_id)
            return "skipped"
        await transition_step(session, step, S.FAILED, task=task, error=error)
        await enqueue_cycle(session, claim.task_id)
    return "failed"


async def reap_expired(runtime: WorkerRuntime, *, limit: int = 200) -> int:
    """Hand steps whose lease ran out (worker died, message lost) to a worker again."""
    now = utcnow()
    lease = runtime.settings.step_lease_seconds
    async with unit_of_work(runtime.session_factory) as session:
        steps = list(
            (
                await session.scalars(
                    select(Step)
                    .join(Task, Task.id == Step.task_id)
                    .where(
                        Step.status.in_((S.QUEUED, S.RUNNING)),
                        Step.lease_expires_at < now,
                        Task.status.in_(RUNNABLE_TASK),
                    )
                    .order_by(Step.lease_expires_at)
                    .limit(limit)
                    .with_for_update(of=Step, skip_locked=True)
                )
            ).all()
        )
        for step in steps:
            if step.status == S.RUNNING:
                await transition_step(
                    session, step, S.QUEUED, reason="lease expired; worker presumed dead"
                )
            step.lease_expires_at = now + timedelta(seconds=lease)
            step.queued_at = now
            enqueue_after_commit(session, STEP_TASK, step.id)
        await _kick_stalled(session, now - timedelta(seconds=STALL_SECONDS))
    return len(steps)


STALL_SECONDS = 30.0
"""An active task with nothing queued or running, unchanged this long, gets a cycle (its cycle
message may have been lost with a killed worker)."""


async def _kick_stalled(session: AsyncSession, before: Any, limit: int = 200) -> None:
    in_flight = (
        select(Step.id)
        .where(Step.task_id == Task.id, Step.status.in_((S.QUEUED, S.RUNNING)))
        .exists()
    )
    stalled = await session.scalars(
        select(Task.id)
        .where(
            Task.status.in_((TaskStatus.READY, TaskStatus.EXECUTING)),
            Task.updated_at < before,
            ~in_flight,
        )
        .limit(limit)
    )
    for task_id in stalled.all():
        await enqueue_cycle(session, task_id)

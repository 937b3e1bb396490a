"""The orchestrator cycle: load the plan fresh, settle what is decided, dispatch what is ready.

One cycle runs per task at a time (a transaction-scoped advisory lock); no state lives in memory
between cycles. The cycle is enqueued whenever something changes (a task starts or resumes, a
step ends, a checkpoint is decided) and re-enqueues itself when the lock is busy.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.db import utcnow
from tentacle.events.outbox import emit
from tentacle.orchestrator.agents import agent_spec_for
from tentacle.orchestrator.enqueue import (
    REPLAN_TASK,
    STEP_TASK,
    enqueue_after_commit,
    enqueue_cycle,
)
from tentacle.orchestrator.references import UnresolvedReference, resolve_inputs
from tentacle.steps.lifecycle import SETTLED, transition_step
from tentacle.tasks.lifecycle import transition_task
from tentacle.tasks.models import FailurePolicy, PlanVersion, Step, Task, TaskStatus
from tentacle.tasks.models import StepStatus as S

__all__ = ["CycleOutcome", "enqueue_cycle", "lock_key", "run_cycle"]

IN_FLIGHT = frozenset({S.QUEUED, S.RUNNING})
ACTIVE_TASK = frozenset({TaskStatus.READY, TaskStatus.EXECUTING, TaskStatus.CHECKPOINT})


class CycleOutcome(enum.Enum):
    BUSY = "busy"
    """Another cycle holds the task's lock; try again shortly."""
    IDLE = "idle"
    """Nothing to do (task gone, paused, finished)."""
    DISPATCHED = "dispatched"
    WAITING = "waiting"
    FINISHED = "finished"
    REPLANNING = "replanning"


def lock_key(task_id: uuid.UUID) -> int:
    """A signed 64-bit advisory-lock key for the task."""
    return int.from_bytes(task_id.bytes[:8], "big", signed=True)


@dataclass
class CycleSettings:
    max_parallel: int = 8
    lease_seconds: float = 300.0
    max_replans: int = 2


@dataclass
class _Plan:
    task: Task
    steps: list[Step]
    by_key: dict[str, Step] = field(init=False)

    def __post_init__(self) -> None:
        self.by_key = {step.key: step for step in self.steps}

    def group(self, step: Step) -> list[Step]:
        if not step.parallel_group:
            return [step]
        return [s for s in self.steps if s.parallel_group == step.parallel_group]


def _tolerated(step: Step) -> bool:
    """A settled step dependents may proceed past (its outputs resolve to null if none)."""
    if step.status in (S.COMPLETED, S.SKIPPED):
        return True
    return step.status == S.FAILED and step.failure_policy == FailurePolicy.BEST_EFFORT


def _blocking_failures(plan: _Plan) -> list[Step]:
    return [s for s in plan.steps if s.status == S.FAILED and not _tolerated(s)]


def completed_outputs(steps: list[Step]) -> dict[str, dict[str, Any] | None]:
    """Outputs by step key for resolution: completed steps' outputs, None for tolerated ones."""
    outputs: dict[str, dict[str, Any] | None] = {}
    for step in steps:
        if step.status == S.COMPLETED:
            outputs[step.key] = step.output or {}
        elif _tolerated(step):
            outputs[step.key] = None
    return outputs


async def _load(session: AsyncSession, task_id: uuid.UUID) -> _Plan | None:
    """The task (row-locked: finishing steps, decisions and endpoints lock it first too, so the
    cycle sees a settled picture) and its current plan's steps."""
    task = await session.scalar(select(Task).where(Task.id == task_id).with_for_update())
    if task is None:
        return None
    steps = list(
        (
            await session.scalars(
                select(Step)
                .join(PlanVersion, PlanVersion.id == Step.plan_version_id)
                .where(PlanVersion.task_id == task_id, PlanVersion.version == task.current_version)
                .order_by(Step.position, Step.key)
            )
        ).all()
    )
    return _Plan(task, steps)


async def _fail_group(session: AsyncSession, plan: _Plan, failed: Step) -> None:
    """Apply the failed step's group policy to its siblings."""
    if failed.failure_policy == FailurePolicy.BEST_EFFORT:
        return
    for sibling in plan.group(failed):
        if sibling is failed:
            continue
        # all-or-nothing: nothing new starts; fail-fast: running siblings are cancelled too.
        stop = {S.PENDING, S.WAITING}
        if failed.failure_policy == FailurePolicy.FAIL_FAST:
            stop |= IN_FLIGHT
        if sibling.status in stop:
            await transition_step(
                session,
                sibling,
                S.CANCELLED,
                task=plan.task,
                reason=f"step {failed.key} of group {failed.parallel_group} failed",
            )


def _result(plan: _Plan) -> dict[str, Any]:
    """The outputs of the plan's last steps (those no other step depends on)."""
    depended = {dep for step in plan.steps for dep in step.depends_on}
    return {
        step.key: step.output
        for step in plan.steps
        if step.key not in depended and step.status == S.COMPLETED
    }


async def _dispatch(
    session: AsyncSession, plan: _Plan, ready: list[Step], config: CycleSettings
) -> int:
    from tentacle.checkpoints.service import gate_step

    task = plan.task
    limit = task.max_parallel or config.max_parallel
    in_flight = sum(1 for s in plan.steps if s.status in IN_FLIGHT)
    outputs = completed_outputs(plan.steps)
    dispatched = 0
    now = utcnow()
    for step in ready:
        if in_flight >= limit:
            break
        try:
            inputs = resolve_inputs(step.inputs, outputs)
        except UnresolvedReference as exc:
            await transition_step(
                session, step, S.FAILED, task=task, error=f"input reference: {exc}"
            )
            continue
        agent = await agent_spec_for(session, task.organization_id, step.agent_type)
        if agent is None:
            await transition_step(
                session, step, S.FAILED, task=task, error=f"unknown agent {step.agent_type!r}"
            )
            continue
        checkpoint = await gate_step(session, task=task, step=step, agent=agent, inputs=inputs)
        if checkpoint is not None:
            continue
        step.resolved_inputs = inputs
        step.queued_at = now
        # A queued message that is lost (broker flushed, worker killed before claiming) is
        # found by the reaper once this lease runs out.
        step.lease_expires_at = now + timedelta(seconds=config.lease_seconds)
        await transition_step(session, step, S.QUEUED, task=task)
        step.lease_expires_at = now + timedelta(seconds=config.lease_seconds)
        enqueue_after_commit(session, STEP_TASK, step.id)
        in_flight += 1
        dispatched += 1
    return dispatched


async def _advance(session: AsyncSession, plan: _Plan, config: CycleSettings) -> CycleOutcome:
    task = plan.task
    if task.status == TaskStatus.READY:
        await transition_task(session, task, TaskStatus.EXECUTING)
    now = utcnow()

    # Failures first: a failed step's group policy stops its siblings.
    for step in list(plan.steps):
        if step.status == S.FAILED and not _tolerated(step):
            await _fail_group(session, plan, step)

    # Steps that can never run: a dependency failed blockingly or was cancelled.
    changed = True
    while changed:
        changed = False
        for step in plan.steps:
            if step.status != S.PENDING:
                continue
            for dep_key in step.depends_on:
                dep = plan.by_key.get(dep_key)
                if (
                    dep is not None
                    and dep.status in (S.FAILED, S.CANCELLED)
                    and not _tolerated(dep)
                ):
                    await transition_step(
                        session,
                        step,
                        S.CANCELLED,
                        task=task,
                        reason=f"dependency {dep_key} did not complete",
                    )
                    changed = True
                    break

    in_flight = [s for s in plan.steps if s.status in IN_FLIGHT]
    failures = _blocking_failures(plan)
    if failures:
        if in_flight:
            return CycleOutcome.WAITING
        return await _recover(session, plan, failures, config)

    ready: list[Step] = []
    retry_at = None
    for step in plan.steps:
        if step.status != S.PENDING:
            continue
        deps = [plan.by_key.get(k) for k in step.depends_on]
        if not all(d is not None and _tolerated(d) for d in deps):
            continue
        if step.not_before is not None and step.not_before > now:
            retry_at = min(retry_at or step.not_before, step.not_before)
            continue
        ready.append(step)

    dispatched = await _dispatch(session, plan, ready, config) if ready else 0
    if retry_at is not None:
        await enqueue_cycle(session, task.id, countdown=(retry_at - now).total_seconds())

    if plan.steps and all(s.status in SETTLED for s in plan.steps):
        if _blocking_failures(plan):
            return await _recover(session, plan, _blocking_failures(plan), config)
        task.result = _result(plan)
        await transition_task(session, task, TaskStatus.COMPLETED)
        return CycleOutcome.FINISHED
    if not plan.steps:
        await transition_task(session, task, TaskStatus.FAILED, reason="the plan has no steps")
        return CycleOutcome.FINISHED

    waiting = any(s.status == S.WAITING for s in plan.steps)
    if waiting and task.status == TaskStatus.EXECUTING:
        await transition_task(session, task, TaskStatus.CHECKPOINT, reason="waiting for approval")
    elif not waiting and task.status == TaskStatus.CHECKPOINT:
        await transition_task(session, task, TaskStatus.EXECUTING)
    await _progress(session, plan)
    return CycleOutcome.DISPATCHED if dispatched else CycleOutcome.WAITING


async def _progress(session: AsyncSession, plan: _Plan) -> None:
    task = plan.task
    done = sum(1 for s in plan.steps if s.status in SETTLED)
    await emit(
        session,
        "task.progress",
        organization_id=task.organization_id,
        user_id=task.user_id,
        task_id=task.id,
        conversation_id=task.conversation_id,
        payload={"settled": done, "total": len(plan.steps), "status": task.status},
    )


async def _recover(
    session: AsyncSession, plan: _Plan, failures: list[Step], config: CycleSettings
) -> CycleOutcome:
    """Tactical recovery is exhausted for ``failures``: replan (bounded) or fail the task."""
    task = plan.task
    diagnosis = "; ".join(f"step {s.key} ({s.agent_type}) failed: {s.error}" for s in failures)
    # A person said no (or let the question lapse into a no): replanning would route around
    # their decision, so the task ends here with their reason.
    declined = await _declined_by_a_person(session, [step.id for step in failures])
    if not declined and task.replan_count < config.max_replans and _replanner_available():
        await transition_task(session, task, TaskStatus.PLANNING, reason="replanning")
        await emit(
            session,
            "recovery.replan",
            organization_id=task.organization_id,
            user_id=task.user_id,
            task_id=task.id,
            conversation_id=task.conversation_id,
            payload={"diagnosis": diagnosis, "replan": task.replan_count + 1},
        )
        enqueue_after_commit(session, REPLAN_TASK, task.id, diagnosis)
        return CycleOutcome.REPLANNING
    await transition_task(session, task, TaskStatus.FAILED, reason=diagnosis)
    return CycleOutcome.FINISHED


async def _declined_by_a_person(session: AsyncSession, step_ids: list[uuid.UUID]) -> bool:
    from tentacle.checkpoints.models import Checkpoint

    found = await session.scalar(
        select(Checkpoint.id)
        .where(Checkpoint.step_id.in_(step_ids), Checkpoint.status.in_(("rejected", "expired")))
        .limit(1)
    )
    return found is not None


def _replanner_available() -> bool:
    try:
        from tentacle.planner import replan_task  # noqa: F401
    except ImportError:
        return False
    return True


async def run_cycle(
    session: AsyncSession, task_id: uuid.UUID, config: CycleSettings
) -> CycleOutcome:
    """One cycle inside the caller's transaction (commit it to dispatch)."""
    locked = await session.scalar(
        text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": lock_key(task_id)}
    )
    if not locked:
        return CycleOutcome.BUSY
    plan = await _load(session, task_id)
    if plan is None or plan.task.status not in ACTIVE_TASK:
        return CycleOutcome.IDLE
    return await _advance(session, plan, config)

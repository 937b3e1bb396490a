"""Planning and replanning on a worker: the planner's LLM call never runs in the API process."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from sqlalchemy import select

from fluxkit.db import unit_of_work
from tentacle.budgets.guard import BudgetExceeded
from tentacle.events.outbox import emit
from tentacle.orchestrator.enqueue import enqueue_cycle
from tentacle.runtime import WorkerRuntime
from tentacle.tasks.lifecycle import transition_task
from tentacle.tasks.models import Task, TaskStatus

logger = logging.getLogger(__name__)


def _event(task: Task) -> dict[str, Any]:
    return {
        "organization_id": task.organization_id,
        "user_id": task.user_id,
        "task_id": task.id,
        "conversation_id": task.conversation_id,
    }


async def plan(runtime: WorkerRuntime, task_id: uuid.UUID) -> str:
    """Plan a PLANNING task (fast path first), then hand it to the orchestrator."""
    # Announced in a transaction of its own: the announcement refreshes the progress card of
    # the task's conversation, and the thread's row must not stay locked through the planner's
    # model call (everything written into the conversation, Flux's reply first, would wait).
    async with unit_of_work(runtime.session_factory) as session:
        task = await session.scalar(select(Task).where(Task.id == task_id).with_for_update())
        if task is None or task.status != TaskStatus.PLANNING or task.current_version > 0:
            return "nothing to plan"
        await emit(session, "planning.started", **_event(task), payload={"version": 1})
    async with unit_of_work(runtime.session_factory) as session:
        task = await session.scalar(select(Task).where(Task.id == task_id).with_for_update())
        if task is None or task.status != TaskStatus.PLANNING or task.current_version > 0:
            return "nothing to plan"
        try:
            version = await _plan_or_fast_path(session, task)
        except BudgetExceeded as exc:
            # There is no step to hang a budget checkpoint on yet: the task waits, paused,
            # until someone raises the limit and resumes it (resume plans it again).
            await emit(
                session,
                "budget.exceeded",
                **_event(task),
                payload={"stage": "planning", "detail": str(exc)},
            )
            await transition_task(session, task, TaskStatus.PAUSED, reason=f"budget: {exc}")
            return "paused"
        except Exception as exc:
            logger.warning("planning task %s failed: %s", task_id, exc)
            await emit(session, "planning.failed", **_event(task), payload={"error": str(exc)})
            await transition_task(session, task, TaskStatus.FAILED, reason=f"planning: {exc}")
            return "failed"
        task.current_version = version.version
        await emit(
            session,
            "planning.completed",
            **_event(task),
            payload={"version": version.version, "fast_path": task.fast_path},
        )
        await transition_task(session, task, TaskStatus.READY)
        await enqueue_cycle(session, task.id)
    return "planned"


async def _plan_or_fast_path(session: Any, task: Task) -> Any:
    from tentacle import fast_path, planner

    intent = await fast_path.classify_intent(task.goal)
    if intent is not None:
        task.fast_path = True
        return await fast_path.plan_fast_path(session, task, intent)
    return await planner.plan_task(session, task)


async def replan(runtime: WorkerRuntime, task_id: uuid.UUID, diagnosis: str) -> str:
    """Write plan version n+1 from the goal, what completed and the diagnosis."""
    from tentacle.planner import replan_task

    async with unit_of_work(runtime.session_factory) as session:
        task = await session.scalar(select(Task).where(Task.id == task_id).with_for_update())
        if task is None or task.status != TaskStatus.PLANNING:
            return "nothing to replan"
        try:
            version = await replan_task(session, task, diagnosis)
        except Exception as exc:
            logger.warning("replanning task %s failed: %s", task_id, exc)
            await emit(session, "planning.failed", **_event(task), payload={"error": str(exc)})
            await transition_task(
                session, task, TaskStatus.FAILED, reason=f"{diagnosis}; replanning: {exc}"
            )
            return "failed"
        task.current_version = version.version
        await emit(
            session,
            "planning.completed",
            **_event(task),
            payload={"version": version.version, "diagnosis": diagnosis},
        )
        await transition_task(session, task, TaskStatus.READY)
        await enqueue_cycle(session, task.id)
    return "replanned"

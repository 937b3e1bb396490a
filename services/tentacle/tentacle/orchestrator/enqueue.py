"""Sending orchestrator work to Celery, only once the caller's transaction has committed."""

from __future__ import annotations

import contextvars
import logging
import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.celery import call_after_run
from fluxkit.db import after_commit

logger = logging.getLogger(__name__)

CYCLE_TASK = "tentacle.orchestrator.cycle"
STEP_TASK = "tentacle.step.run"
PLAN_TASK = "tentacle.task.plan"
REPLAN_TASK = "tentacle.task.replan"
REAP_TASK = "tentacle.steps.reap"

QUEUE_FOR = {
    CYCLE_TASK: "tentacle.orchestrator",
    STEP_TASK: "tentacle.steps",
    PLAN_TASK: "tentacle.planning",
    REPLAN_TASK: "tentacle.planning",
    REAP_TASK: "tentacle.timers",
}


def send(name: str, *args: Any, countdown: float | None = None) -> None:
    """Send a Tentacle task by name now (callers inside a transaction use ``after_commit``)."""
    from tentacle.worker import celery_app

    celery_app.send_task(
        name,
        args=[str(arg) for arg in args],
        queue=QUEUE_FOR.get(name),
        countdown=countdown if countdown and countdown > 0 else None,
    )


CYCLE_MARK_SECONDS = 10
"""How long a "cycle already queued" mark lives: a lost message delays the task this long."""

_marks: Any = None


def _mark_client() -> Any:
    """A small synchronous Redis client on the broker (marks sit beside the queues)."""
    global _marks
    if _marks is None:
        import redis

        from tentacle.worker import celery_app

        _marks = redis.Redis.from_url(str(celery_app.conf.broker_url))
    return _marks


def cycle_mark(task_id: uuid.UUID | str) -> str:
    return f"tentacle:cycle-queued:{task_id}"


def request_cycle(task_id: uuid.UUID | str, *, countdown: float | None = None) -> None:
    """Send a cycle unless one is already queued and not yet started (coalescing: ten steps
    ending together need one cycle, not ten). Delayed cycles (retry times) are always sent."""
    if not countdown:
        try:
            if not _mark_client().set(cycle_mark(task_id), b"1", nx=True, ex=CYCLE_MARK_SECONDS):
                return
        except Exception:
            logger.warning("cycle mark unavailable; sending the cycle", exc_info=True)
    send(CYCLE_TASK, task_id, countdown=countdown)


def clear_cycle_mark(task_id: uuid.UUID | str) -> None:
    """Called when a cycle starts: changes after this point need (and get) a new cycle."""
    try:
        _mark_client().delete(cycle_mark(task_id))
    except Exception:
        logger.warning("cycle mark unavailable", exc_info=True)


def reset_mark_client() -> None:
    """Forget the mark client (the broker URL changed, e.g. in tests)."""
    global _marks
    _marks = None


_continuations: contextvars.ContextVar[set[uuid.UUID] | None] = contextvars.ContextVar(
    "tentacle_cycle_continuations", default=None
)


def collect_continuations() -> set[uuid.UUID]:
    """From now on (in this context), cycles requested without delay are collected here for
    the caller to run itself right after, instead of being sent through the broker. The step
    runner uses it: the worker that finished a step runs the next cycle at once, saving a
    queue hop per step of a chain."""
    wanted: set[uuid.UUID] = set()
    _continuations.set(wanted)
    return wanted


def _cycle_after_commit(task_id: uuid.UUID, countdown: float | None) -> None:
    wanted = _continuations.get()
    if wanted is not None and not countdown:
        wanted.add(task_id)
        return
    call_after_run(lambda: request_cycle(task_id, countdown=countdown))


async def enqueue_cycle(
    session: AsyncSession, task_id: uuid.UUID, *, countdown: float | None = None
) -> None:
    """Run the task's orchestrator cycle once the session's transaction commits."""
    after_commit(session, lambda: _cycle_after_commit(task_id, countdown))


def enqueue_after_commit(
    session: AsyncSession, name: str, *args: Any, countdown: float | None = None
) -> None:
    """Send the named task once the session's transaction commits."""
    after_commit(session, lambda: call_after_run(lambda: send(name, *args, countdown=countdown)))

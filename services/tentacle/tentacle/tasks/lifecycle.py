"""The one task state machine: every status change goes through :func:`transition_task`.

PLANNING → READY → EXECUTING → COMPLETED / FAILED / CHECKPOINT / PAUSED / CANCELLED /
SUPERSEDED; a replan returns EXECUTING (or FAILED, by retry) to PLANNING; a resumed task
returns to where it was paused.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.db import utcnow
from fluxkit.errors import Conflict
from tentacle.events.outbox import emit
from tentacle.tasks.models import Task
from tentacle.tasks.models import TaskStatus as S

TERMINAL = frozenset({S.COMPLETED, S.CANCELLED, S.SUPERSEDED})
"""No way out (a FAILED task may still be retried)."""

FINISHED = TERMINAL | {S.FAILED}

TRANSITIONS: dict[str, frozenset[str]] = {
    S.PLANNING: frozenset({S.READY, S.EXECUTING, S.FAILED, S.PAUSED, S.CANCELLED, S.SUPERSEDED}),
    S.READY: frozenset({S.EXECUTING, S.PAUSED, S.CANCELLED, S.FAILED, S.SUPERSEDED}),
    S.EXECUTING: frozenset(
        {S.COMPLETED, S.FAILED, S.CHECKPOINT, S.PAUSED, S.CANCELLED, S.SUPERSEDED, S.PLANNING}
    ),
    S.CHECKPOINT: frozenset({S.EXECUTING, S.FAILED, S.PAUSED, S.CANCELLED, S.SUPERSEDED}),
    S.PAUSED: frozenset(
        {S.PLANNING, S.READY, S.EXECUTING, S.CHECKPOINT, S.CANCELLED, S.SUPERSEDED}
    ),
    S.FAILED: frozenset({S.PLANNING, S.EXECUTING, S.SUPERSEDED}),
    S.COMPLETED: frozenset(),
    S.CANCELLED: frozenset(),
    S.SUPERSEDED: frozenset(),
}


class InvalidTaskTransition(Conflict):
    """The task's current status does not allow the requested change."""


def can_transition(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, frozenset())


async def transition_task(
    session: AsyncSession, task: Task, to_status: str, *, reason: str | None = None
) -> None:
    """Move ``task`` to ``to_status`` (or raise 409) and emit ``task.status`` in the same
    transaction. The caller holds the row (``SELECT ... FOR UPDATE`` or the cycle lock)."""
    from_status = task.status
    if from_status == to_status:
        return
    if not can_transition(from_status, to_status):
        raise InvalidTaskTransition(f"a {from_status} task cannot become {to_status}")
    now = utcnow()
    task.status = to_status
    task.status_reason = reason
    if to_status == S.PAUSED:
        task.paused_from = from_status
    elif from_status == S.PAUSED:
        task.paused_from = None
    if to_status == S.EXECUTING and task.started_at is None:
        task.started_at = now
    if to_status in FINISHED:
        task.finished_at = now
    elif from_status == S.FAILED:
        task.finished_at = None
    task.updated_at = now
    await emit(
        session,
        "task.status",
        organization_id=task.organization_id,
        user_id=task.user_id,
        task_id=task.id,
        conversation_id=task.conversation_id,
        payload={"from": from_status, "to": to_status, "reason": reason},
    )

"""The one step state machine: every status change goes through :func:`transition_step`."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.db import utcnow
from fluxkit.errors import Conflict
from tentacle.events.outbox import emit
from tentacle.tasks.models import Step, Task
from tentacle.tasks.models import StepStatus as S

SETTLED = frozenset({S.COMPLETED, S.FAILED, S.SKIPPED, S.CANCELLED})
"""A settled step will not run again in this plan version."""

TRANSITIONS: dict[str, frozenset[str]] = {
    S.PENDING: frozenset({S.QUEUED, S.WAITING, S.SKIPPED, S.CANCELLED, S.FAILED, S.COMPLETED}),
    S.QUEUED: frozenset({S.RUNNING, S.PENDING, S.WAITING, S.CANCELLED, S.FAILED, S.SKIPPED}),
    S.RUNNING: frozenset(
        {S.COMPLETED, S.FAILED, S.PENDING, S.SKIPPED, S.CANCELLED, S.WAITING, S.QUEUED}
    ),
    S.WAITING: frozenset({S.PENDING, S.FAILED, S.CANCELLED, S.SKIPPED}),
    S.FAILED: frozenset({S.PENDING}),
    S.CANCELLED: frozenset({S.PENDING}),
    S.SKIPPED: frozenset(),
    S.COMPLETED: frozenset(),
}
"""FAILED and CANCELLED steps go back to PENDING only when a person retries the task."""


class InvalidStepTransition(Conflict):
    """The step's current status does not allow the requested change."""


async def transition_step(
    session: AsyncSession,
    step: Step,
    to_status: str,
    *,
    task: Task | None = None,
    reason: str | None = None,
    output: dict[str, Any] | None = None,
    error: str | None = None,
    user_id: Any = None,
) -> None:
    """Move ``step`` to ``to_status`` (or raise 409) and emit ``step.status`` in the same
    transaction. ``task`` (or ``user_id``) names who the event is for."""
    from_status = step.status
    if from_status == to_status and output is None and error is None:
        return
    if from_status != to_status and to_status not in TRANSITIONS.get(from_status, frozenset()):
        raise InvalidStepTransition(f"a {from_status} step cannot become {to_status}")
    now = utcnow()
    step.status = to_status
    if output is not None:
        step.output = output
    if error is not None:
        step.error = error
    if to_status in SETTLED:
        step.finished_at = now
        step.lease_owner = None
        step.lease_expires_at = None
    elif to_status in (S.PENDING, S.WAITING):
        step.lease_owner = None
        step.lease_expires_at = None
        step.finished_at = None
    step.updated_at = now
    if task is None and user_id is None:
        task = await session.get(Task, step.task_id)
    await emit(
        session,
        "step.status",
        organization_id=step.organization_id,
        user_id=task.user_id if task is not None else user_id,
        task_id=step.task_id,
        conversation_id=task.conversation_id if task is not None else None,
        payload={
            "step_id": str(step.id),
            "key": step.key,
            "agent_type": step.agent_type,
            "from": from_status,
            "to": to_status,
            "reason": reason,
            "error": error,
        },
    )

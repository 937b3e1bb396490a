"""``emit``: write an event in the caller's transaction; the relay publishes it once committed."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.db import utcnow
from tentacle.events.models import TaskEvent

EVENT_TYPES = frozenset(
    {
        "task.created",
        "task.status",
        "task.progress",
        "step.status",
        "step.retry",
        "checkpoint.created",
        "checkpoint.resolved",
        "planning.started",
        "planning.completed",
        "planning.failed",
        "recovery.retry",
        "recovery.skip",
        "recovery.replan",
        "budget.reserved",
        "budget.exceeded",
        "message.created",
        "message.updated",
        "conversation.updated",
    }
)
"""Known types; others may be added by the domains that emit them (``<area>.<change>``)."""

NOTIFY_CHANNEL = "fluxos_events"
"""Postgres delivers a NOTIFY on this channel when an emitting transaction commits: the relay
listens and publishes at once instead of at its next poll. A statement trigger on
``task_events`` sends it (migration ``20261121_0009``), so emitting costs no extra round trip
and Postgres folds a transaction's notifications into one."""


async def emit(
    session: AsyncSession,
    event_type: str,
    *,
    organization_id: uuid.UUID,
    user_id: uuid.UUID,
    task_id: uuid.UUID | None = None,
    conversation_id: uuid.UUID | None = None,
    payload: dict[str, Any],
) -> None:
    """Record an event in the caller's transaction; the relay publishes it after commit."""
    if "." not in event_type:
        raise ValueError(f"event types are '<area>.<change>', not {event_type!r}")
    session.add(
        TaskEvent(
            id=uuid.uuid4(),
            organization_id=organization_id,
            user_id=user_id,
            task_id=task_id,
            conversation_id=conversation_id,
            event_type=event_type,
            payload=payload,
            created_at=utcnow(),
        )
    )
    if (
        conversation_id is not None
        and task_id is not None
        and not event_type.startswith(("message.", "conversation."))
    ):
        # A task reporting into a conversation: its thread changes in this same transaction.
        from tentacle.inbox.projection import project

        await project(
            session,
            event_type,
            organization_id=organization_id,
            user_id=user_id,
            task_id=task_id,
            conversation_id=conversation_id,
            payload=payload,
        )

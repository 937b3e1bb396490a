"""Tentacle's own events as trigger events: a task that completes or fails becomes a
``task.completed`` / ``task.failed`` event for the triggers without an integration source.

Read from the outbox in publication order (``sequence``) after a cursor kept in Redis: losing it
loses nothing that matters, the forwarder starts again from the newest event, and each event's
id is derived from its outbox row, so reading a row twice starts nothing twice. A task started
by such an event does not produce one in turn (no trigger can feed itself forever).
"""

from __future__ import annotations

import uuid
from typing import Any

from redis.asyncio import Redis
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from fluxkit.db import unit_of_work
from tentacle.events.models import TaskEvent
from tentacle.tasks.models import Task
from tentacle.triggers.launch import owner_principal
from tentacle.triggers.models import Trigger
from tentacle.triggers.schemas import EventIn
from tentacle.triggers.service import INTERNAL_MARK, ingest_event

CURSOR_KEY = "tentacle:triggers:task-events-cursor"
EVENT_NAMESPACE = uuid.UUID("5f1d8a8e-3c0b-4d55-9a57-7a3f0e2b9c41")
FORWARDED = ("completed", "failed")


def event_id_for(outbox_id: uuid.UUID) -> uuid.UUID:
    return uuid.uuid5(EVENT_NAMESPACE, str(outbox_id))


def _data(task: Task, status: str) -> dict[str, Any]:
    return {
        "task_id": str(task.id),
        "goal": task.goal,
        "status": status,
        "reason": task.status_reason,
        "result": task.result or {},
        "conversation_id": str(task.conversation_id) if task.conversation_id else None,
    }


async def forward_task_events(
    session_factory: async_sessionmaker[AsyncSession], redis: Redis, *, limit: int = 500
) -> int:
    """Hand finished tasks' events to the triggers; returns how many were handed on."""
    cursor_text = await redis.get(CURSOR_KEY)
    async with session_factory() as session:
        if cursor_text is None:
            newest = await session.scalar(select(func.coalesce(func.max(TaskEvent.sequence), 0)))
            await redis.set(CURSOR_KEY, int(newest or 0))
            return 0
        cursor = int(cursor_text)
        listening = set(
            (
                await session.scalars(
                    select(Trigger.organization_id)
                    .where(Trigger.integration_id.is_(None), Trigger.enabled.is_(True))
                    .distinct()
                )
            ).all()
        )
        rows = (
            await session.execute(
                select(TaskEvent, Task)
                .join(Task, Task.id == TaskEvent.task_id)
                .where(
                    TaskEvent.sequence > cursor,
                    TaskEvent.event_type == "task.status",
                    TaskEvent.payload["to"].astext.in_(FORWARDED),
                )
                .order_by(TaskEvent.sequence)
                .limit(limit)
            )
        ).all()
        # The cursor moves past rows without a match too, but never past a gap the relay has
        # not numbered yet: sequences are assigned in order, committed rows only.
        last = (
            await session.scalar(
                select(func.max(TaskEvent.sequence)).where(TaskEvent.sequence > cursor)
            )
            if len(rows) < limit
            else None
        )
    forwarded = 0
    for outbox, task in rows:
        cursor = max(cursor, outbox.sequence or cursor)
        if task.organization_id not in listening or (task.constraints or {}).get(INTERNAL_MARK):
            continue
        status = str(outbox.payload.get("to"))
        async with unit_of_work(session_factory) as session:
            await ingest_event(
                session,
                owner_principal(task.organization_id, task.user_id),
                EventIn(
                    id=event_id_for(outbox.id),
                    type=f"task.{status}",
                    received_at=outbox.created_at,
                    data=_data(task, status),
                ),
            )
        forwarded += 1
    if last is not None:
        cursor = max(cursor, int(last))
    await redis.set(CURSOR_KEY, cursor)
    return forwarded

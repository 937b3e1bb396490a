"""Server-sent events for one task: subscribe first, replay from Postgres, then live.

Subscribing before the replay query means nothing published in between is missed; events seen
both ways are sent once (by sequence). The stream ends after the task reaches a final status
(clients reconnect with ``Last-Event-ID`` to follow a retry).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

from redis.asyncio import Redis
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tentacle.events.models import TaskEvent
from tentacle.events.relay import task_channel
from tentacle.tasks.lifecycle import FINISHED

REPLAY_BATCH = 500


def _final(message: dict[str, Any]) -> bool:
    return message.get("type") == "task.status" and message["payload"].get("to") in FINISHED


def _sse(message: dict[str, Any]) -> dict[str, str]:
    return {
        "id": str(message["sequence"]),
        "event": str(message["type"]),
        "data": json.dumps(message, separators=(",", ":")),
    }


async def task_event_stream(
    session_factory: async_sessionmaker[AsyncSession],
    redis: Redis,
    task_id: uuid.UUID,
    last_event_id: int,
    *,
    poll_seconds: float = 1.0,
) -> AsyncIterator[dict[str, str]]:
    pubsub = redis.pubsub()
    await pubsub.subscribe(task_channel(redis, task_id))
    last = last_event_id
    try:
        # Replay what was published before (or while) we subscribed.
        while True:
            async with session_factory() as session:
                rows = list(
                    (
                        await session.scalars(
                            select(TaskEvent)
                            .where(TaskEvent.task_id == task_id, TaskEvent.sequence > last)
                            .order_by(TaskEvent.sequence)
                            .limit(REPLAY_BATCH)
                        )
                    ).all()
                )
            for row in rows:
                message = row.message()
                last = int(message["sequence"])
                yield _sse(message)
                if _final(message):
                    return
            if len(rows) < REPLAY_BATCH:
                break
        # Live, de-duplicated by sequence.
        while True:
            received = await pubsub.get_message(
                ignore_subscribe_messages=True, timeout=poll_seconds
            )
            if received is None:
                continue
            message = json.loads(received["data"])
            sequence = int(message.get("sequence") or 0)
            if sequence <= last:
                continue
            last = sequence
            yield _sse(message)
            if _final(message):
                return
    finally:
        await pubsub.unsubscribe()
        await pubsub.aclose()  # type: ignore[no-untyped-call]

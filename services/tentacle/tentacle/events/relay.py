"""EventRelay: publishes committed outbox rows to Redis, in order, exactly one relay at a time.

Every ``poll_seconds`` (100 ms by default) the active relay takes the committed rows that have no
``sequence`` yet, numbers them after the highest sequence so far, and publishes each to the
pub/sub channels ``fluxos:{db}:events:user:{user_id}`` and ``fluxos:{db}:events:task:{task_id}``
(live) and to the capped stream ``fluxos:events`` (replay). A Postgres advisory lock held on a dedicated
connection keeps a single relay active across processes; the others wait as standbys.

Rows are numbered and marked in one transaction before publishing: a crash between the commit
and the publish loses the live message, never the row, which SSE replays from Postgres by sequence.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from redis.asyncio import Redis
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from fluxkit.db import utcnow
from tentacle.events.models import TaskEvent
from tentacle.events.outbox import NOTIFY_CHANNEL

logger = logging.getLogger(__name__)

RELAY_LOCK_KEY = 0x54454E5452454C41  # "TENTRELA": the event relay, nothing else
STREAM_KEY = "fluxos:events"
BATCH = 500


NUMBER_PENDING = text(
    """
    WITH picked AS (
        SELECT id, created_at FROM task_events
        WHERE sequence IS NULL
        ORDER BY created_at, id
        LIMIT :batch
        FOR UPDATE SKIP LOCKED
    ), numbered AS (
        SELECT id, row_number() OVER (ORDER BY created_at, id) AS position FROM picked
    )
    UPDATE task_events AS event
    SET sequence = (SELECT coalesce(max(sequence), 0) FROM task_events) + numbered.position,
        published_at = :now
    FROM numbered
    WHERE event.id = numbered.id
    RETURNING event.*
    """
)


async def _nothing() -> None:
    return None


def _channel_prefix(redis: Redis) -> str:
    """Pub/sub channels belong to the whole server, not to a database index: naming the index
    keeps deployments (or test runs) that share one server from hearing each other's events."""
    database = redis.connection_pool.connection_kwargs.get("db", 0)
    return f"fluxos:{database}:events"


def user_channel(redis: Redis, user_id: object) -> str:
    return f"{_channel_prefix(redis)}:user:{user_id}"


def task_channel(redis: Redis, task_id: object) -> str:
    return f"{_channel_prefix(redis)}:task:{task_id}"


class EventRelay:
    """Start with ``await relay.start()``; ``await relay.stop()`` on shutdown."""

    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        redis: Redis,
        *,
        poll_seconds: float = 0.1,
        stream_maxlen: int = 10_000,
    ) -> None:
        self.session_factory = session_factory
        self.redis = redis
        self.poll_seconds = poll_seconds
        self.stream_maxlen = stream_maxlen
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self.active = False
        self.local_subscribers: list[Callable[[list[dict[str, Any]]], None]] = []
        """Called with each committed batch before it goes to Redis: a consumer in this process
        (the inbox hub) skips the Redis round trip and de-duplicates by sequence."""

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="tentacle-event-relay")

    async def stop(self) -> None:
        if self._task is None:
            return
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None
        self.active = False

    def wake(self) -> None:
        """Publish now instead of at the next poll (same process, after a commit)."""
        self._wake.set()

    async def _run(self) -> None:
        engine: AsyncEngine = self.session_factory.kw["bind"]
        while True:
            try:
                async with engine.connect() as lock_connection:
                    if not await self._try_lock(lock_connection):
                        await asyncio.sleep(max(self.poll_seconds * 10, 1.0))
                        continue
                    self.active = True
                    try:
                        await self._serve(lock_connection)
                    finally:
                        self.active = False
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("event relay failed; restarting")
                await asyncio.sleep(1.0)

    @staticmethod
    async def _try_lock(connection: AsyncConnection) -> bool:
        locked = await connection.scalar(
            text("SELECT pg_try_advisory_lock(:key)"), {"key": RELAY_LOCK_KEY}
        )
        # Leave no transaction open on the lock connection; the session-level lock stays held.
        await connection.commit()
        return bool(locked)

    async def _listen(self, connection: AsyncConnection) -> Callable[[], Awaitable[None]]:
        """Wake on every committed emit (``NOTIFY``); returns how to stop listening."""
        driver: Any = (await connection.get_raw_connection()).driver_connection
        if not hasattr(driver, "add_listener"):
            return _nothing

        def wake(*_: object) -> None:
            self._wake.set()

        await driver.add_listener(NOTIFY_CHANNEL, wake)

        async def stop() -> None:
            with contextlib.suppress(Exception):
                await driver.remove_listener(NOTIFY_CHANNEL, wake)

        return stop

    async def _serve(self, lock_connection: AsyncConnection) -> None:
        unlisten = await self._listen(lock_connection)
        try:
            await self._serve_listening(lock_connection)
        finally:
            await unlisten()

    async def _serve_listening(self, lock_connection: AsyncConnection) -> None:
        while True:
            # Cleared before reading, so a commit that lands while publishing wakes the next turn.
            self._wake.clear()
            # On the lock connection: no pool checkout (and its ping) per batch, and every turn
            # also proves the connection holding the lock is alive.
            published = await self.publish_pending(lock_connection)
            if published >= BATCH or self._wake.is_set():
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.poll_seconds)

    async def publish_pending(self, connection: AsyncConnection | None = None) -> int:
        """Number and publish the committed rows not yet published; returns how many.

        One statement picks the oldest unnumbered rows, numbers them after the highest sequence
        so far and returns them; its commit comes before any publication."""
        session = (
            AsyncSession(bind=connection, expire_on_commit=False)
            if connection is not None
            else self.session_factory()
        )
        async with session:
            rows = sorted(
                (
                    await session.scalars(
                        select(TaskEvent)
                        .from_statement(NUMBER_PENDING)
                        .params(batch=BATCH, now=utcnow())
                    )
                ).all(),
                key=lambda row: int(row.sequence or 0),
            )
            if not rows:
                await session.rollback()
                return 0
            await session.commit()
            messages = [row.message() for row in rows]
        for subscriber in self.local_subscribers:
            try:
                subscriber(messages)
            except Exception:
                logger.exception("a local event subscriber failed")
        await self._publish(messages)
        return len(messages)

    async def _publish(self, messages: list[dict[str, Any]]) -> None:
        pipe = self.redis.pipeline(transaction=False)
        for message in messages:
            data = json.dumps(message, separators=(",", ":"))
            pipe.publish(user_channel(self.redis, message["user_id"]), data)
            if message["task_id"]:
                pipe.publish(task_channel(self.redis, message["task_id"]), data)
            pipe.xadd(
                STREAM_KEY,
                {"sequence": str(message["sequence"]), "data": data},
                maxlen=self.stream_maxlen,
                approximate=True,
            )
        await pipe.execute()

"""The inbox event stream: one SSE connection per open inbox, fed by one hub per process.

:class:`InboxHub` holds a single Redis pattern subscription (``fluxos:{db}:events:user:*``) for the
whole API process and fans each event out to the connections of its user, encoded once. It
sees every event the relay publishes, in sequence order, and sequences are contiguous, so a
hole in what it receives is a lost publication (Redis restarted, the subscription's connection
was killed, a relay died between commit and publish): the hub reads the missing rows from
Postgres and dispatches them before going on. After a (re)subscription, and whenever Redis is
quiet for ``catch_up_seconds``, it also reads whatever was committed past the last sequence it
saw. Postgres stays the source of truth; Redis only makes delivery fast.

A connection subscribes (attaches to the hub) before it replays from Postgres what came after
its ``Last-Event-ID``, then follows the live queue, skipping sequences already sent: nothing
is lost between replay and live, nothing is sent twice. A connection that falls too far behind
drops its queue and replays from Postgres instead of holding memory.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from redis.asyncio import Redis
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.types import Message, Send

from tentacle.events.models import TaskEvent
from tentacle.events.relay import user_channel

logger = logging.getLogger(__name__)

REPLAY_BATCH = 500


@dataclass(frozen=True, slots=True)
class Frame:
    """One event, encoded once for every connection that receives it."""

    sequence: int
    organization_id: str
    encoded: bytes


def encode(sequence: int, event_type: str, data: str) -> bytes:
    return ServerSentEvent(id=str(sequence), event=event_type, data=data).encode()


def frame_of(message: dict[str, Any], data: str | None = None) -> Frame:
    sequence = int(message["sequence"])
    return Frame(
        sequence=sequence,
        organization_id=str(message["organization_id"]),
        encoded=encode(
            sequence,
            str(message["type"]),
            data if data is not None else json.dumps(message, separators=(",", ":")),
        ),
    )


def for_inbox(message: dict[str, Any]) -> bool:
    """The inbox carries what happens in conversations (tasks linked to one included)."""
    return message.get("conversation_id") is not None


class InboxEventSource(EventSourceResponse):
    """An SSE response that hands each chunk straight to the server when no per-send timeout
    is set (a cancel scope per write is most of the fan-out's CPU time otherwise)."""

    async def _send_with_timeout(self, send: Send, message: Message) -> None:
        if self.send_timeout is None:
            await send(message)
            return
        await super()._send_with_timeout(send, message)


RESYNC = object()
"""Queued for a connection that must re-read Postgres (its queue overflowed)."""


@dataclass(eq=False)
class Listener:
    user_id: str
    organization_id: str
    queue: asyncio.Queue[Any] = field(default_factory=asyncio.Queue)
    limit: int = 1000

    def push(self, frame: Frame) -> None:
        if frame.organization_id != self.organization_id:
            return
        if self.queue.qsize() >= self.limit:
            # Too far behind: forget the backlog, replay it from Postgres when it catches up.
            while not self.queue.empty():
                self.queue.get_nowait()
            self.queue.put_nowait(RESYNC)
            return
        self.queue.put_nowait(frame)


class InboxHub:
    """Start with ``await hub.start()``; ``await hub.stop()`` on shutdown."""

    def __init__(
        self,
        redis: Redis,
        session_factory: async_sessionmaker[AsyncSession],
        *,
        catch_up_seconds: float = 2.0,
        reconnect_seconds: float = 0.5,
        queue_limit: int = 1000,
    ) -> None:
        self.redis = redis
        self.session_factory = session_factory
        self.catch_up_seconds = catch_up_seconds
        self.reconnect_seconds = reconnect_seconds
        self.queue_limit = queue_limit
        self.listeners: dict[str, set[Listener]] = {}
        self.last_sequence: int | None = None
        self.subscribed = asyncio.Event()
        self.subscriptions = 0
        """How many times the pattern subscription was (re)established (tests watch it)."""
        self.recovered = 0
        """Events dispatched from Postgres because Redis never delivered them."""
        self.pubsub: Any = None
        """The current subscription (its connection is what a Redis outage cuts)."""
        self._task: asyncio.Task[None] | None = None

    # -- connections ------------------------------------------------------------------------

    def attach(self, user_id: uuid.UUID, organization_id: uuid.UUID) -> Listener:
        listener = Listener(str(user_id), str(organization_id), limit=self.queue_limit)
        self.listeners.setdefault(listener.user_id, set()).add(listener)
        return listener

    def detach(self, listener: Listener) -> None:
        group = self.listeners.get(listener.user_id)
        if group is not None:
            group.discard(listener)
            if not group:
                del self.listeners[listener.user_id]

    @property
    def connections(self) -> int:
        return sum(len(group) for group in self.listeners.values())

    async def wait_subscribed(self, timeout: float) -> bool:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.subscribed.wait(), timeout)
        return self.subscribed.is_set()

    # -- lifecycle --------------------------------------------------------------------------

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="tentacle-inbox-hub")

    async def stop(self) -> None:
        if self._task is None:
            return
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None
        self.subscribed.clear()

    async def _run(self) -> None:
        while True:
            pubsub = self.redis.pubsub()
            self.pubsub = pubsub
            try:
                await pubsub.psubscribe(user_channel(self.redis, "*"))
                await self._serve(pubsub)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("inbox hub lost its Redis subscription; reconnecting", exc_info=True)
                self.subscribed.clear()
                await asyncio.sleep(self.reconnect_seconds)
            finally:
                with contextlib.suppress(Exception):
                    await pubsub.aclose()  # type: ignore[no-untyped-call]

    async def _serve(self, pubsub: Any) -> None:
        while True:
            received = await pubsub.get_message(timeout=self.catch_up_seconds)
            if received is None:
                await self._catch_up()
                continue
            kind = received["type"]
            if kind == "psubscribe":
                # Also after the client library re-subscribed by itself on a new connection:
                # whatever was published in between is only in Postgres now.
                self.subscriptions += 1
                self.subscribed.set()
                await self._catch_up()
            elif kind == "pmessage":
                await self._receive(received["data"])

    # -- delivery ---------------------------------------------------------------------------

    async def _receive(self, data: bytes) -> None:
        text = data.decode() if isinstance(data, bytes) else str(data)
        message = json.loads(text)
        sequence = int(message.get("sequence") or 0)
        last = self.last_sequence
        if last is not None and sequence > last + 1:
            await self._fill(last, sequence)
        self._deliver(message, text)

    def deliver_local(self, messages: list[dict[str, Any]]) -> None:
        """A batch from the relay of this process, straight after its commit (no Redis hop).

        Only a batch that follows on from what was delivered is taken; anything else is left
        to the Redis path, which fills holes from Postgres."""
        if not messages or self.last_sequence is None:
            return
        if int(messages[0]["sequence"]) > self.last_sequence + 1:
            return
        for message in messages:
            self._deliver(message)

    def _deliver(self, message: dict[str, Any], data: str | None = None) -> None:
        """Dispatch ``message`` unless it was already (every path ends here, in order)."""
        sequence = int(message.get("sequence") or 0)
        if self.last_sequence is not None and sequence <= self.last_sequence:
            return
        self.last_sequence = sequence
        self._dispatch(message, data)

    def _dispatch(self, message: dict[str, Any], data: str | None = None) -> None:
        group = self.listeners.get(str(message.get("user_id")))
        if not group or not for_inbox(message):
            return
        frame = frame_of(message, data)
        for listener in tuple(group):
            listener.push(frame)

    async def _fill(self, after: int, before: int | None) -> None:
        """Deliver the committed events numbered in (after, before) from Postgres."""
        async with self.session_factory() as session:
            while True:
                query = select(TaskEvent).where(TaskEvent.sequence > after)
                if before is not None:
                    query = query.where(TaskEvent.sequence < before)
                rows = list(
                    (
                        await session.scalars(
                            query.order_by(TaskEvent.sequence).limit(REPLAY_BATCH)
                        )
                    ).all()
                )
                for row in rows:
                    before_delivery = self.last_sequence
                    self._deliver(row.message())
                    if self.last_sequence != before_delivery:
                        self.recovered += 1
                    after = int(row.sequence or after)
                if len(rows) < REPLAY_BATCH:
                    return

    async def _catch_up(self) -> None:
        if self.last_sequence is None or not self.listeners:
            # Nobody to deliver to: only remember where the stream is.
            async with self.session_factory() as session:
                latest = await session.scalar(select(func.max(TaskEvent.sequence)))
            self.last_sequence = max(int(latest or 0), self.last_sequence or 0)
            return
        await self._fill(self.last_sequence, None)


async def replay(
    session_factory: async_sessionmaker[AsyncSession],
    user_id: uuid.UUID,
    organization_id: uuid.UUID,
    after: int,
) -> AsyncIterator[Frame]:
    """The caller's inbox events numbered after ``after``, from Postgres, in order."""
    while True:
        async with session_factory() as session:
            rows = list(
                (
                    await session.scalars(
                        select(TaskEvent)
                        .where(
                            TaskEvent.user_id == user_id,
                            TaskEvent.organization_id == organization_id,
                            TaskEvent.conversation_id.is_not(None),
                            TaskEvent.sequence > after,
                        )
                        .order_by(TaskEvent.sequence)
                        .limit(REPLAY_BATCH)
                    )
                ).all()
            )
        for row in rows:
            frame = frame_of(row.message())
            after = frame.sequence
            yield frame
        if len(rows) < REPLAY_BATCH:
            return


async def inbox_event_stream(
    hub: InboxHub,
    session_factory: async_sessionmaker[AsyncSession],
    user_id: uuid.UUID,
    organization_id: uuid.UUID,
    last_event_id: int | None,
    *,
    subscribe_timeout: float = 5.0,
) -> AsyncIterator[bytes]:
    """Subscribe, replay what came after ``last_event_id``, then follow live (de-duplicated)."""
    listener = hub.attach(user_id, organization_id)
    # Read in the same step as attaching (no await in between): every frame queued from here
    # on is newer, so a stream without Last-Event-ID starts exactly now.
    start = hub.last_sequence
    try:
        # When Redis is down the stream still starts from Postgres; the hub fills the gap once
        # it is subscribed again.
        await hub.wait_subscribed(subscribe_timeout)
        if last_event_id is None and start is None:
            async with session_factory() as session:
                start = int(await session.scalar(select(func.max(TaskEvent.sequence))) or 0)
        last = last_event_id if last_event_id is not None else (start or 0)
        if last_event_id is not None:
            async for frame in replay(session_factory, user_id, organization_id, last):
                last = frame.sequence
                yield frame.encoded
        ready = json.dumps({"last_event_id": last})
        yield ServerSentEvent(event="ready", data=ready).encode()
        while True:
            items = [await listener.queue.get()]
            while not listener.queue.empty():
                items.append(listener.queue.get_nowait())
            if RESYNC in items:
                async for frame in replay(session_factory, user_id, organization_id, last):
                    last = frame.sequence
                    yield frame.encoded
                continue
            # Whatever queued up meanwhile goes out in one write.
            chunk = []
            for item in items:
                if item.sequence > last:
                    last = item.sequence
                    chunk.append(item.encoded)
            if chunk:
                yield b"".join(chunk)
    finally:
        hub.detach(listener)


async def start_inbox_hub(app: Any, stack: contextlib.AsyncExitStack) -> None:
    """Lifespan hook: the process's hub, on ``app.state.inbox_hub``."""
    hub = InboxHub(app.state.redis, app.state.session_factory)
    await hub.start()
    relay = getattr(app.state, "event_relay", None)
    if relay is not None:
        relay.local_subscribers.append(hub.deliver_local)
    stack.push_async_callback(hub.stop)
    app.state.inbox_hub = hub

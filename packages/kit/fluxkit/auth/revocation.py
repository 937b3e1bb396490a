"""Revoked sessions and API keys, known to every process within milliseconds.

Each revocation is written to a Redis sorted set scored by its expiry (so a starting or
reconnecting process rebuilds the set) and published on a channel that every process listens
to. Lookups are in memory, so checking a token costs nothing. Postgres stays the source of truth:
InkPass re-publishes the revocations still within token lifetime when it starts.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Callable
from typing import Any

from redis.asyncio import Redis
from redis.asyncio.client import PubSub

logger = logging.getLogger(__name__)

Listener = Callable[[str, str], None]


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes | bytearray) else str(value)


class RevocationCache:
    def __init__(
        self,
        redis: Redis,
        channel: str = "fluxos:auth:revocations",
        *,
        reconnect_delay: float = 1.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.redis = redis
        self.channel = channel
        self.index_key = f"{channel}:index"
        self.reconnect_delay = reconnect_delay
        self._clock = clock
        self._revoked: dict[tuple[str, str], float] = {}
        self._listeners: list[Listener] = []
        self._pubsub: PubSub | None = None
        self._task: asyncio.Task[None] | None = None
        self._connected = asyncio.Event()

    # -- lookups -------------------------------------------------------------------------------

    def is_revoked(self, kind: str, id: str) -> bool:
        expires_at = self._revoked.get((kind, id))
        if expires_at is None:
            return False
        if expires_at <= self._clock():
            self._revoked.pop((kind, id), None)
            return False
        return True

    def add_listener(self, callback: Listener) -> None:
        """Call ``callback(kind, id)`` whenever this process learns of a new revocation."""
        self._listeners.append(callback)

    @property
    def connected(self) -> bool:
        """Whether the listener is subscribed (revocations from other processes arrive)."""
        return self._connected.is_set()

    # -- writes --------------------------------------------------------------------------------

    async def revoke(self, kind: str, id: str, ttl_seconds: int) -> None:
        """Revoke ``kind``/``id`` for ``ttl_seconds`` (how long its credentials could live)."""
        if ":" in kind or not kind:
            raise ValueError("a revocation kind is a non-empty word without ':'")
        expires_at = self._clock() + max(1, ttl_seconds)
        self._apply(kind, id, expires_at)
        member = f"{kind}:{id}"
        payload = json.dumps({"kind": kind, "id": id, "expires_at": expires_at})
        async with self.redis.pipeline(transaction=True) as pipe:
            # GT keeps the longest expiry when the same credential is revoked twice.
            pipe.zadd(self.index_key, {member: expires_at}, gt=True)
            pipe.zremrangebyscore(self.index_key, "-inf", self._clock())
            pipe.publish(self.channel, payload)
            await pipe.execute()

    # -- lifecycle -----------------------------------------------------------------------------

    async def start(self) -> None:
        """Subscribe, load what is already revoked, and keep listening in the background."""
        if self._task is not None:
            return
        await self._connect()
        self._task = asyncio.create_task(self._listen(), name=f"revocations:{self.channel}")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self._disconnect()

    async def reload(self) -> None:
        """Rebuild the in-memory set from Redis (missed messages are recovered here)."""
        now = self._clock()
        entries: list[Any] = await self.redis.zrangebyscore(
            self.index_key, now, "+inf", withscores=True
        )
        for raw_member, score in entries:
            kind, _, id = _text(raw_member).partition(":")
            if id:
                self._apply(kind, id, float(score))

    # -- internals -----------------------------------------------------------------------------

    def _apply(self, kind: str, id: str, expires_at: float) -> None:
        if expires_at <= self._clock():
            return
        key = (kind, id)
        known = self._revoked.get(key)
        if known is not None and known >= expires_at:
            return
        self._revoked[key] = expires_at
        if known is not None:
            return
        for listener in self._listeners:
            try:
                listener(kind, id)
            except Exception:
                logger.exception("revocation listener failed")

    def _prune(self) -> None:
        now = self._clock()
        for key in [key for key, expires in self._revoked.items() if expires <= now]:
            self._revoked.pop(key, None)

    async def _connect(self) -> None:
        # Subscribe before loading so nothing published in between is lost.
        pubsub = self.redis.pubsub()
        try:
            await pubsub.subscribe(self.channel)
            await self.reload()
        except BaseException:
            await pubsub.aclose()  # type: ignore[no-untyped-call]
            raise
        self._pubsub = pubsub
        self._connected.set()

    async def _disconnect(self) -> None:
        self._connected.clear()
        pubsub, self._pubsub = self._pubsub, None
        if pubsub is not None:
            with contextlib.suppress(Exception):
                await pubsub.aclose()  # type: ignore[no-untyped-call]

    def _on_message(self, data: Any) -> None:
        try:
            message = json.loads(_text(data))
            self._apply(str(message["kind"]), str(message["id"]), float(message["expires_at"]))
        except (ValueError, KeyError, TypeError):
            logger.warning("ignoring malformed revocation message %r", data)

    async def _listen(self) -> None:
        last_prune = self._clock()
        while True:
            try:
                if self._pubsub is None:
                    await self._connect()
                    logger.info("revocation listener reconnected to %s", self.channel)
                pubsub = self._pubsub
                assert pubsub is not None
                message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0)
                if message is not None and message.get("type") == "message":
                    self._on_message(message.get("data"))
                if self._clock() - last_prune > 60:
                    self._prune()
                    last_prune = self._clock()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                logger.warning("revocation listener lost Redis (%s); retrying", exc)
                await self._disconnect()
                await asyncio.sleep(self.reconnect_delay)

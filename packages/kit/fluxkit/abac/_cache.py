"""Per-organization compiled policies, invalidated over Redis pub/sub and a version key."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time as monotonic_time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from redis.asyncio import Redis

from fluxkit.abac._evaluator import CompiledPolicySet
from fluxkit.abac._models import AccessRequest, Decision, Policy

logger = logging.getLogger(__name__)

INVALIDATION_CHANNEL = "fluxos:abac:invalidate"
VERSION_KEY = "fluxos:abac:version:{}"
ALL_ORGANIZATIONS = "*"

PolicyLoader = Callable[[uuid.UUID], Awaitable[Sequence[Policy]]]


async def publish_policy_change(
    redis: Redis, organization_id: uuid.UUID | None, *, channel: str = INVALIDATION_CHANNEL
) -> None:
    """Bump the organization's policy version and tell every cache (call after commit)."""
    target = ALL_ORGANIZATIONS if organization_id is None else str(organization_id)
    if organization_id is not None:
        await redis.incr(VERSION_KEY.format(organization_id))
    await redis.publish(channel, target)


@dataclass(slots=True)
class _Entry:
    policies: CompiledPolicySet
    version: bytes | None
    checked_at: float


class PolicyCache:
    """Compiled policies per organization, dropped on a pub/sub message or a version change.

    While the listener is subscribed, the Redis version is re-checked every
    ``recheck_seconds`` (a safety net for a lost message); while it is not, on every lookup.
    """

    def __init__(
        self,
        loader: PolicyLoader,
        redis: Redis,
        *,
        channel: str = INVALIDATION_CHANNEL,
        recheck_seconds: float = 5.0,
        include_templates: bool = True,
    ) -> None:
        self._loader = loader
        self._redis = redis
        self._channel = channel
        self._recheck = recheck_seconds
        self._include_templates = include_templates
        self._entries: dict[uuid.UUID, _Entry] = {}
        self._generations: dict[uuid.UUID, int] = {}
        self._locks: dict[uuid.UUID, asyncio.Lock] = {}
        self._task: asyncio.Task[None] | None = None
        self._subscribed = asyncio.Event()
        self.loads = 0

    @property
    def listening(self) -> bool:
        return self._subscribed.is_set()

    async def _version(self, organization_id: uuid.UUID) -> bytes | None:
        value = await self._redis.get(VERSION_KEY.format(organization_id))
        if value is None or isinstance(value, bytes):
            return value
        return str(value).encode()

    async def get(self, organization_id: uuid.UUID) -> CompiledPolicySet:
        entry = self._entries.get(organization_id)
        now = monotonic_time.monotonic()
        if entry is not None and self.listening and now - entry.checked_at < self._recheck:
            return entry.policies
        lock = self._locks.setdefault(organization_id, asyncio.Lock())
        async with lock:
            version = await self._version(organization_id)
            entry = self._entries.get(organization_id)
            if entry is not None and entry.version == version:
                entry.checked_at = monotonic_time.monotonic()
                return entry.policies
            generation = self._generations.get(organization_id, 0)
            policies = CompiledPolicySet(
                await self._loader(organization_id), include_templates=self._include_templates
            )
            self.loads += 1
            # An invalidation that arrived while loading means this result may be stale already.
            if self._generations.get(organization_id, 0) == generation:
                self._entries[organization_id] = _Entry(
                    policies, version, monotonic_time.monotonic()
                )
            return policies

    async def evaluate(self, request: AccessRequest) -> Decision:
        organization_id = request.principal.organization_id
        if organization_id is None:
            return Decision(
                allowed=False, effect=None, reason="the caller is not bound to an organization"
            )
        return (await self.get(organization_id)).evaluate(request)

    def invalidate(self, organization_id: uuid.UUID | None = None) -> None:
        """Drop one organization's entry, or every entry when ``None``."""
        targets = list(self._entries) if organization_id is None else [organization_id]
        if organization_id is None:
            targets += list(self._generations)
        for target in set(targets):
            self._entries.pop(target, None)
            self._generations[target] = self._generations.get(target, 0) + 1

    def _on_message(self, data: bytes | str) -> None:
        text = data.decode() if isinstance(data, bytes) else data
        if text == ALL_ORGANIZATIONS:
            self.invalidate(None)
            return
        try:
            self.invalidate(uuid.UUID(text))
        except ValueError:
            logger.warning("ignoring malformed policy invalidation %r", text)

    async def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._listen(), name="abac-policy-invalidations")

    async def stop(self) -> None:
        task, self._task = self._task, None
        self._subscribed.clear()
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def wait_listening(self, timeout: float = 5.0) -> None:
        await asyncio.wait_for(self._subscribed.wait(), timeout)

    async def _listen(self) -> None:
        delay = 0.2
        while True:
            pubsub = self._redis.pubsub()
            try:
                await pubsub.subscribe(self._channel)
                while True:
                    message = await pubsub.get_message(timeout=1.0)
                    if message is None:
                        continue
                    if message["type"] == "subscribe":
                        # Whatever was published before this point may have been missed.
                        self.invalidate(None)
                        self._subscribed.set()
                        delay = 0.2
                    elif message["type"] == "message":
                        self._on_message(message["data"])
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("policy invalidation listener lost Redis; retrying", exc_info=True)
                self._subscribed.clear()
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)
            finally:
                with contextlib.suppress(Exception):
                    await pubsub.aclose()  # type: ignore[no-untyped-call]

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence

import pytest
from redis.asyncio import Redis

from fluxkit.abac import AccessPrincipal, AccessRequest, Policy, PolicyCache, publish_policy_change

ORG = uuid.uuid4()
OTHER_ORG = uuid.uuid4()


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_url)
    await client.flushdb()
    yield client
    await client.flushdb()
    await client.aclose()


class Store:
    """Stands in for InkPass's policy table: what the loader reads."""

    def __init__(self) -> None:
        self.policies: dict[uuid.UUID, list[Policy]] = {ORG: [], OTHER_ORG: []}
        self.loads: list[uuid.UUID] = []
        self.gate: asyncio.Event | None = None

    async def load(self, organization_id: uuid.UUID) -> Sequence[Policy]:
        self.loads.append(organization_id)
        snapshot = list(self.policies[organization_id])
        if self.gate is not None:
            await self.gate.wait()
        return snapshot

    def forbid_reads(self, organization_id: uuid.UUID) -> None:
        self.policies[organization_id] = [
            Policy(id="p1", name="no reads", effect="forbid", actions=["tasks:read"])
        ]


def reading(organization_id: uuid.UUID = ORG) -> AccessRequest:
    principal = AccessPrincipal(organization_id=organization_id, roles=frozenset({"viewer"}))
    return AccessRequest(principal=principal, action="read", resource_type="tasks")


async def eventually(condition: Callable[[], Awaitable[bool]], timeout: float = 3.0) -> None:
    for _ in range(int(timeout / 0.02)):
        if await condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("condition never became true")


async def test_published_change_invalidates_listening_caches(redis: Redis) -> None:
    store = Store()
    caches = [PolicyCache(store.load, redis, recheck_seconds=3600) for _ in range(2)]
    for cache in caches:
        await cache.start()
        await cache.wait_listening()
    try:
        for cache in caches:
            assert (await cache.evaluate(reading())).allowed is True
            assert (await cache.evaluate(reading())).allowed is True
            assert (await cache.evaluate(reading(OTHER_ORG))).allowed is True
        assert len(store.loads) == 4  # once per organization per process, then from memory

        store.forbid_reads(ORG)
        await publish_policy_change(redis, ORG)
        for cache in caches:

            async def denied(cache: PolicyCache = cache) -> bool:
                return not (await cache.evaluate(reading())).allowed

            await eventually(denied)
        # The other organization's entry survived the invalidation.
        loads_before = len(store.loads)
        for cache in caches:
            assert (await cache.evaluate(reading(OTHER_ORG))).allowed is True
        assert len(store.loads) == loads_before
    finally:
        for cache in caches:
            await cache.stop()
    assert not caches[0].listening


async def test_without_listener_every_lookup_checks_the_version(redis: Redis) -> None:
    store = Store()
    cache = PolicyCache(store.load, redis, recheck_seconds=3600)
    assert (await cache.evaluate(reading())).allowed is True
    assert (await cache.evaluate(reading())).allowed is True
    assert store.loads == [ORG]
    store.forbid_reads(ORG)
    # Only the version moves (as if the pub/sub message were lost): the cache still notices.
    await redis.incr(f"fluxos:abac:version:{ORG}")
    assert (await cache.evaluate(reading())).allowed is False
    assert store.loads == [ORG, ORG]


async def test_lost_message_is_caught_by_the_periodic_version_check(redis: Redis) -> None:
    store = Store()
    cache = PolicyCache(store.load, redis, recheck_seconds=0.2)
    await cache.start()
    await cache.wait_listening()
    try:
        assert (await cache.evaluate(reading())).allowed is True
        store.forbid_reads(ORG)
        await redis.incr(f"fluxos:abac:version:{ORG}")
        assert (await cache.evaluate(reading())).allowed is True  # within the recheck period
        await asyncio.sleep(0.25)
        assert (await cache.evaluate(reading())).allowed is False
    finally:
        await cache.stop()


async def test_invalidation_during_a_load_is_not_lost(redis: Redis) -> None:
    store = Store()
    cache = PolicyCache(store.load, redis, recheck_seconds=3600)
    await cache.start()
    await cache.wait_listening()
    try:
        store.gate = asyncio.Event()
        first = asyncio.create_task(cache.evaluate(reading()))
        await eventually(lambda: _true_when(bool(store.loads)))
        # The policy changes after the loader took its snapshot but before it returned.
        store.forbid_reads(ORG)
        await publish_policy_change(redis, ORG)
        await asyncio.sleep(0.2)
        store.gate.set()
        assert (await first).allowed is True  # the answer of the moment it was asked
        assert (await cache.evaluate(reading())).allowed is False
    finally:
        await cache.stop()


async def test_organization_less_principal_is_denied(redis: Redis) -> None:
    store = Store()
    cache = PolicyCache(store.load, redis)
    request = AccessRequest(
        principal=AccessPrincipal(roles=frozenset({"owner"})), action="read", resource_type="tasks"
    )
    decision = await cache.evaluate(request)
    assert decision.allowed is False
    assert store.loads == []


async def _true_when(value: bool) -> bool:
    return value

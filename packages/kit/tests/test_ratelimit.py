import asyncio
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from fluxkit.errors import RateLimited
from fluxkit.ratelimit import SlidingWindow


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_url)
    await client.flushdb()
    yield client
    await client.flushdb()
    await client.aclose()


async def test_parallel_hits_never_exceed_the_limit(redis: Redis) -> None:
    window = SlidingWindow(redis, "login", limit=5, window_seconds=60)
    decisions = await asyncio.gather(*(window.hit("alice") for _ in range(100)))
    assert sum(d.allowed for d in decisions) == 5
    assert await window.peek("alice") == 5
    assert all(d.retry_after > 0 for d in decisions if not d.allowed)


async def test_subjects_are_independent_and_reset_works(redis: Redis) -> None:
    window = SlidingWindow(redis, "otp", limit=1, window_seconds=60)
    await window.check("a")
    await window.check("b")
    with pytest.raises(RateLimited) as caught:
        await window.check("a")
    assert caught.value.status_code == 429
    assert int(caught.value.headers["Retry-After"]) >= 1
    await window.reset("a")
    await window.check("a")


async def test_window_slides(redis: Redis) -> None:
    window = SlidingWindow(redis, "short", limit=2, window_seconds=0.3)
    assert (await window.hit("x")).allowed
    assert (await window.hit("x")).allowed
    assert not (await window.hit("x")).allowed
    await asyncio.sleep(0.35)
    assert (await window.hit("x")).allowed

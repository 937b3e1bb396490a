"""Revocations reach every process at once and survive a restart of the listener."""

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from redis.asyncio import Redis

from fluxkit.auth.keys import SigningKey
from fluxkit.auth.revocation import RevocationCache
from fluxkit.auth.tokens import (
    InvalidToken,
    JwtVerifier,
    StaticKeySource,
    access_claims,
    sign_token,
)


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_url)
    await client.flushdb()
    yield client
    await client.flushdb()
    await client.aclose()


async def eventually(condition: object, timeout: float = 3.0) -> bool:
    deadline = asyncio.get_running_loop().time() + timeout
    while asyncio.get_running_loop().time() < deadline:
        if condition():  # type: ignore[operator]
            return True
        await asyncio.sleep(0.02)
    return False


async def test_revocation_is_seen_by_another_process(redis: Redis) -> None:
    first, second = RevocationCache(redis), RevocationCache(redis)
    await first.start()
    await second.start()
    seen: list[tuple[str, str]] = []
    second.add_listener(lambda kind, id: seen.append((kind, id)))
    try:
        session_id = str(uuid.uuid4())
        await first.revoke("session", session_id, ttl_seconds=60)
        assert first.is_revoked("session", session_id)  # at once, locally
        assert await eventually(lambda: second.is_revoked("session", session_id))
        assert seen == [("session", session_id)]
        assert not second.is_revoked("api_key", session_id)
    finally:
        await first.stop()
        await second.stop()


async def test_a_starting_process_loads_earlier_revocations(redis: Redis) -> None:
    writer = RevocationCache(redis)
    await writer.revoke("api_key", "k1", ttl_seconds=60)
    await writer.revoke("session", "gone", ttl_seconds=1)
    late = RevocationCache(redis)
    await late.start()
    try:
        assert late.is_revoked("api_key", "k1")
        await asyncio.sleep(1.1)
        assert not late.is_revoked("session", "gone")
    finally:
        await late.stop()


async def test_listener_recovers_after_losing_its_connection(redis: Redis) -> None:
    cache = RevocationCache(redis, reconnect_delay=0.05)
    await cache.start()
    try:
        # Kill the subscriber's connection; revocations made meanwhile are recovered on reload.
        for client in await redis.client_list():
            if int(client.get("sub", 0)) > 0:
                await redis.client_kill_filter(_id=client["id"])
        await RevocationCache(redis).revoke("session", "during-outage", ttl_seconds=60)
        assert await eventually(lambda: cache.is_revoked("session", "during-outage"))
        assert await eventually(lambda: cache.connected)
        await RevocationCache(redis).revoke("session", "after", ttl_seconds=60)
        assert await eventually(lambda: cache.is_revoked("session", "after"))
    finally:
        await cache.stop()


async def test_revoked_session_token_is_rejected_by_the_verifier(redis: Redis) -> None:
    key = SigningKey.generate()
    revocations = RevocationCache(redis)
    await revocations.start()
    verifier = JwtVerifier(
        StaticKeySource([key.verification_key()]),
        issuer="i",
        audience="a",
        revocations=revocations,
    )
    session_id = uuid.uuid4()
    token = sign_token(
        access_claims(
            issuer="i",
            audience="a",
            user_id=uuid.uuid4(),
            organization_id=None,
            roles=[],
            session_id=session_id,
            lifetime=timedelta(minutes=5),
        ),
        key,
    )
    try:
        assert (await verifier.verify_access_token(token)).session_id == session_id
        await revocations.revoke("session", str(session_id), ttl_seconds=300)
        with pytest.raises(InvalidToken, match="signed out"):
            await verifier.verify_access_token(token)
    finally:
        await revocations.stop()

"""The 2FA sign-in challenge: opaque, five minutes, single use, stored only as a hash."""

import asyncio
import uuid

import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from inkpass.auth import mfa


async def test_challenge_is_spent_on_first_use(inkpass_app: FastAPI, db: AsyncSession) -> None:
    redis = inkpass_app.state.redis
    user_id, org_id = uuid.uuid4(), uuid.uuid4()
    token = await mfa.create_mfa_challenge(redis, user_id=user_id, organization_id=org_id)
    assert len(token) >= 40
    assert await mfa.peek_mfa_challenge(redis, token) == (user_id, org_id)
    assert await mfa.consume_mfa_challenge(redis, token) == (user_id, org_id)
    with pytest.raises(mfa.InvalidMfaChallenge):
        await mfa.consume_mfa_challenge(redis, token)
    # Nothing in Redis holds the token itself.
    keys = [key.decode() for key in await redis.keys("inkpass:mfa-challenge:*")]
    assert all(token not in key for key in keys)


async def test_parallel_uses_of_one_challenge_succeed_once(
    inkpass_app: FastAPI, db: AsyncSession
) -> None:
    redis = inkpass_app.state.redis
    token = await mfa.create_mfa_challenge(redis, user_id=uuid.uuid4(), organization_id=None)
    results = await asyncio.gather(
        *(mfa.consume_mfa_challenge(redis, token) for _ in range(20)), return_exceptions=True
    )
    assert sum(not isinstance(result, Exception) for result in results) == 1
    assert all(
        isinstance(result, mfa.InvalidMfaChallenge)
        for result in results
        if isinstance(result, Exception)
    )
    winner = next(result for result in results if not isinstance(result, Exception))
    assert winner[1] is None


async def test_challenge_expires_after_five_minutes(inkpass_app: FastAPI, db: AsyncSession) -> None:
    redis = inkpass_app.state.redis
    token = await mfa.create_mfa_challenge(redis, user_id=uuid.uuid4(), organization_id=None)
    keys = await redis.keys("inkpass:mfa-challenge:*")
    assert len(keys) == 1
    assert 290 <= await redis.ttl(keys[0]) <= 300
    await redis.pexpire(keys[0], 1)
    await asyncio.sleep(0.01)
    with pytest.raises(mfa.InvalidMfaChallenge):
        await mfa.consume_mfa_challenge(redis, token)


@pytest.mark.parametrize("token", ["", "x" * 500, "not-a-challenge"])
async def test_unknown_challenges_are_refused(
    inkpass_app: FastAPI, db: AsyncSession, token: str
) -> None:
    with pytest.raises(mfa.InvalidMfaChallenge):
        await mfa.consume_mfa_challenge(inkpass_app.state.redis, token)

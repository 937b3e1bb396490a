"""TOTP acceptance against the database: the ±1 step window and single use, even when racing."""

import asyncio
import time
import uuid

import pytest
from factories import make_user
from fastapi import FastAPI
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.crypto import Keyring, KeyringError
from fluxkit.db import unit_of_work, utcnow
from inkpass.totp import codes, service
from inkpass.totp.models import TotpCredential
from inkpass.users.models import User

KEYRING = Keyring.from_spec("test1:" + "A" * 43)
NOW = 1_700_000_015.0


async def enrolled_credential(db: AsyncSession, user_id: uuid.UUID) -> tuple[TotpCredential, str]:
    secret = codes.new_secret()
    credential = TotpCredential(
        user_id=user_id,
        secret_encrypted=KEYRING.encrypt(secret, f"totp:{user_id}".encode()),
        confirmed_at=utcnow(),
    )
    db.add(credential)
    await db.flush()
    return credential, secret


async def test_window_is_one_step_and_each_step_is_accepted_once(db: AsyncSession) -> None:
    user, _, _ = await make_user(db, totp_enabled=True)
    credential, secret = await enrolled_credential(db, user.id)

    def code(steps: int) -> str:
        return codes.totp_code(secret, at=NOW + 30 * steps)

    async def accept(value: str) -> bool:
        return await service.accept_totp(db, credential, value, KEYRING, at=NOW)

    assert not await accept(code(-2))
    assert not await accept(code(2))
    assert await accept(code(-1))
    assert await accept(code(0))
    assert await accept(code(1))
    # Replays, and codes of steps before the last accepted one, are refused.
    assert not await accept(code(1))
    assert not await accept(code(0))
    await db.refresh(credential)
    assert credential.last_used_step == int(NOW // 30) + 1


async def test_a_secret_does_not_decrypt_for_another_user(db: AsyncSession) -> None:
    alice, _, _ = await make_user(db, totp_enabled=True)
    bob, _, _ = await make_user(db, totp_enabled=True)
    alice_credential, secret = await enrolled_credential(db, alice.id)
    stolen = TotpCredential(
        user_id=bob.id, secret_encrypted=alice_credential.secret_encrypted, confirmed_at=utcnow()
    )
    db.add(stolen)
    await db.flush()
    with pytest.raises(KeyringError):
        await service.accept_totp(db, stolen, codes.totp_code(secret), KEYRING)


async def test_racing_requests_with_one_code_accept_it_once(inkpass_app: FastAPI) -> None:
    # Separate connections and real commits: the guarantee comes from the database.
    factory = inkpass_app.state.session_factory
    async with unit_of_work(factory) as session:
        user = User(email=f"race-{uuid.uuid4().hex[:8]}@example.com", totp_enabled=True)
        session.add(user)
        await session.flush()
        credential, secret = await enrolled_credential(session, user.id)
    user_id, credential_id = user.id, credential.id
    code = codes.totp_code(secret, at=time.time())
    try:

        async def attempt() -> bool:
            async with unit_of_work(factory) as session:
                row = await session.get(TotpCredential, credential_id)
                assert row is not None
                return await service.accept_totp(session, row, code, KEYRING)

        results = await asyncio.gather(*(attempt() for _ in range(8)))
        assert sorted(results) == [False] * 7 + [True]
    finally:
        async with unit_of_work(factory) as session:
            await session.execute(delete(User).where(User.id == user_id))

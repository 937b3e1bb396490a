"""Committing events wakes the relay through Postgres NOTIFY: one notification per transaction,
none for a rolled-back one, without the emitting code paying a round trip for it."""

from __future__ import annotations

import asyncio
import uuid

import asyncpg
from fastapi import FastAPI

from fluxkit.db import unit_of_work
from tentacle.events.outbox import NOTIFY_CHANNEL, emit
from tentacle.settings import TentacleSettings


async def test_a_committed_transaction_of_events_notifies_once_and_a_rollback_not_at_all(
    tentacle_app: FastAPI, tentacle_settings: TentacleSettings
) -> None:
    url = tentacle_settings.database_url.replace("postgresql+asyncpg://", "postgresql://")
    listener = await asyncpg.connect(url)
    received: asyncio.Queue[str] = asyncio.Queue()
    await listener.add_listener(NOTIFY_CHANNEL, lambda *args: received.put_nowait(args[2]))
    factory = tentacle_app.state.session_factory
    ids = {"organization_id": uuid.uuid4(), "user_id": uuid.uuid4()}
    try:
        async with unit_of_work(factory) as session:
            for number in range(3):
                await emit(session, "task.progress", **ids, payload={"n": number})
        await asyncio.wait_for(received.get(), timeout=5)
        await asyncio.sleep(0.3)
        assert received.empty()  # three events, one transaction: one wake-up

        async with factory() as session:
            await emit(session, "task.progress", **ids, payload={"n": "never"})
            await session.flush()
            await session.rollback()
        await asyncio.sleep(0.3)
        assert received.empty()
    finally:
        await listener.close()

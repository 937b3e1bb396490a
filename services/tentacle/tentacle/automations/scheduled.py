"""The automation scheduler's tick, run by beat every ``automation_tick_seconds``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from fluxkit.db import unit_of_work
from tentacle.automations.service import tick

BATCH = 100


async def run_due(
    session_factory: async_sessionmaker[AsyncSession], *, current: datetime | None = None
) -> int:
    """Start everything due, a batch per transaction; returns the runs started."""
    total = 0
    while True:
        async with unit_of_work(session_factory) as session:
            started = await tick(session, current=current, limit=BATCH)
        total += started
        if started < BATCH:
            return total

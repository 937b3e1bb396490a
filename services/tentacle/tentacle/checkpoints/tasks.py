"""Timer: "tentacle.checkpoints.expire" applies the configured outcome to expired checkpoints."""

from __future__ import annotations

from fluxkit.celery import flux_task, run_async
from fluxkit.db import unit_of_work
from tentacle.checkpoints.decisions import expire_due
from tentacle.runtime import worker_runtime
from tentacle.worker import celery_app

EXPIRE_TASK = "tentacle.checkpoints.expire"
BATCH = 100


async def expire_checkpoints() -> int:
    """Expire due checkpoints in batches (each batch its own transaction); returns the count."""
    runtime = await worker_runtime()
    total = 0
    while True:
        async with unit_of_work(runtime.session_factory) as session:
            expired = await expire_due(session, limit=BATCH)
        total += expired
        if expired < BATCH:
            return total


@flux_task(celery_app, name=EXPIRE_TASK, queue="tentacle.timers", max_retries=0)
def expire() -> int:
    """Beat runs this every ``checkpoint_expiry_interval_seconds``; overlapping runs skip the
    rows another holds (``FOR UPDATE SKIP LOCKED``) and each checkpoint expires once."""
    return run_async(expire_checkpoints())

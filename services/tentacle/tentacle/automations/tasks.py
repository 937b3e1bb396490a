"""Timer: "tentacle.automations.tick" starts the runs that are due."""

from __future__ import annotations

from fluxkit.celery import flux_task, run_async
from tentacle.automations.scheduled import run_due
from tentacle.runtime import worker_runtime
from tentacle.worker import celery_app

TICK_TASK = "tentacle.automations.tick"


async def _tick() -> int:
    runtime = await worker_runtime()
    return await run_due(runtime.session_factory)


@flux_task(celery_app, name=TICK_TASK, queue="tentacle.timers", max_retries=0)
def tick() -> int:
    """Beat sends this every few seconds; overlapping ticks never start the same run."""
    return run_async(_tick())

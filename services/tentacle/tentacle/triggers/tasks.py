"""Celery tasks of the triggers: the sweep timer and one answer delivery per run."""

from __future__ import annotations

import uuid
from typing import Any

from fluxkit.celery import flux_task, run_async
from tentacle.runtime import worker_runtime
from tentacle.triggers.internal import forward_task_events
from tentacle.triggers.responses import QUEUE, RESPOND_TASK, SWEEP_TASK, RetryLater, deliver, sweep
from tentacle.worker import celery_app

RESPOND_RETRIES = 6


async def _sweep() -> int:
    runtime = await worker_runtime()
    await forward_task_events(runtime.session_factory, runtime.redis)
    total = 0
    while True:
        settled = await sweep(runtime.session_factory)
        total += settled
        if settled < 200:
            return total


@flux_task(celery_app, name=SWEEP_TASK, queue=QUEUE, max_retries=0)
def sweep_runs() -> int:
    """Beat runs this every ``trigger_sweep_interval_seconds``: finished tasks become events
    for the triggers listening to Tentacle itself, finished runs get answered."""
    return run_async(_sweep())


async def _respond(run_id: uuid.UUID, final: bool) -> str:
    runtime = await worker_runtime()
    return await deliver(runtime.session_factory, run_id, final=final)


@flux_task(celery_app, name=RESPOND_TASK, queue=QUEUE, max_retries=RESPOND_RETRIES, bind=True)
def respond(self: Any, run_id: str) -> str:
    """Send a run's answer through Mimic (idempotency key: the run id); retried with backoff
    while Mimic cannot take it, then recorded as failed."""
    final = self.request.retries >= RESPOND_RETRIES
    try:
        return run_async(_respond(uuid.UUID(run_id), final))
    except RetryLater as exc:
        countdown = min(2**self.request.retries, 60)
        raise self.retry(exc=exc, countdown=countdown) from exc

"""Worker side of the workspace: "tentacle.workspace.build_indexes" builds declared field indexes."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError

from fluxkit.celery import flux_task, run_async
from tentacle.runtime import worker_runtime
from tentacle.worker import celery_app
from tentacle.workspace.indexes import BUILD_QUEUE, BUILD_TASK, build_indexes


async def _build() -> dict[str, list[str]]:
    runtime = await worker_runtime()
    return await build_indexes(runtime.engine)


@flux_task(
    celery_app,
    name=BUILD_TASK,
    queue=BUILD_QUEUE,
    autoretry_for=(DBAPIError,),
    max_retries=5,
    retry_backoff=5,
)
def build() -> dict[str, list[str]]:
    """Idempotent: builds only what is declared and missing (or invalid)."""
    return run_async(_build())

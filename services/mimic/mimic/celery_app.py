"""Mimic's Celery app and the per-process runtime its tasks use.

The worker runs ``celery -A mimic.worker worker -Q mimic.deliveries,mimic.integrations`` (any
pool: solo, threads or prefork); beat runs ``mimic.notification.sweep`` every minute to re-enqueue
deliveries whose message was lost, and ``mimic.integration.sweep`` every 30 seconds for relays
and outbound actions.
"""

from __future__ import annotations

from dataclasses import dataclass

import anyio
from sqlalchemy.ext.asyncio import AsyncEngine

from fluxkit.celery import create_celery_app
from fluxkit.db import create_engine, create_session_factory
from mimic.notifications.delivery import DeliveryRuntime
from mimic.settings import MimicSettings, get_settings

DELIVERY_QUEUE = "mimic.deliveries"
INTEGRATIONS_QUEUE = "mimic.integrations"
QUEUES = (DELIVERY_QUEUE, INTEGRATIONS_QUEUE)

celery_app = create_celery_app("mimic", get_settings().broker_url, queues=QUEUES)
celery_app.conf.include = ["mimic.notifications.tasks", "mimic.integrations.tasks"]
celery_app.conf.beat_schedule = {
    "mimic-sweep-lost-deliveries": {"task": "mimic.notification.sweep", "schedule": 60.0},
    "mimic-sweep-integrations": {"task": "mimic.integration.sweep", "schedule": 30.0},
}

_settings: MimicSettings | None = None


def configure(settings: MimicSettings) -> None:
    """Point the Celery app and the worker runtime at ``settings`` (before first use)."""
    global _settings
    _settings = settings
    celery_app.conf.broker_url = settings.broker_url


@dataclass
class WorkerRuntime:
    engine: AsyncEngine
    delivery: DeliveryRuntime


_runtime: WorkerRuntime | None = None


async def _schedule_retry(notification_id: object, delay: float) -> None:
    from mimic.notifications.tasks import deliver_notification

    await anyio.to_thread.run_sync(
        lambda: deliver_notification.apply_async(args=[str(notification_id)], countdown=delay)
    )


async def worker_runtime() -> WorkerRuntime:
    """The process's engine and delivery runtime (built on first use, on the task loop)."""
    global _runtime
    if _runtime is None:
        settings = _settings or get_settings()
        engine = create_engine(settings.database_url, pool_size=settings.database_pool_size)
        _runtime = WorkerRuntime(
            engine=engine,
            delivery=DeliveryRuntime(
                settings=settings,
                session_factory=create_session_factory(engine),
                schedule_retry=_schedule_retry,
            ),
        )
    return _runtime


async def close_worker_runtime() -> None:
    global _runtime
    runtime, _runtime = _runtime, None
    if runtime is not None:
        await runtime.engine.dispose()

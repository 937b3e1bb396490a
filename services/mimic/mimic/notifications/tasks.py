"""Celery tasks: deliver one notification; re-enqueue lost deliveries."""

from __future__ import annotations

import logging
import uuid

from sqlalchemy.exc import DBAPIError, OperationalError

from fluxkit.celery import flux_task, run_async
from mimic.celery_app import DELIVERY_QUEUE, celery_app, worker_runtime
from mimic.notifications import delivery

logger = logging.getLogger(__name__)


async def _deliver(notification_id: uuid.UUID) -> str:
    runtime = await worker_runtime()
    return await delivery.deliver(runtime.delivery, notification_id)


@flux_task(
    celery_app,
    name="mimic.notification.deliver",
    queue=DELIVERY_QUEUE,
    max_retries=8,
    autoretry_for=(OperationalError, DBAPIError, ConnectionError, TimeoutError),
)
def deliver_notification(notification_id: str) -> str:
    """One delivery attempt; provider failures are handled inside (retry with backoff or fail)."""
    outcome = run_async(_deliver(uuid.UUID(notification_id)))
    logger.info("delivery %s: %s", notification_id, outcome)
    return outcome


async def _sweep() -> list[uuid.UUID]:
    runtime = await worker_runtime()
    return await delivery.sweep(runtime.delivery)


@flux_task(celery_app, name="mimic.notification.sweep", queue=DELIVERY_QUEUE, max_retries=0)
def sweep_lost_deliveries() -> int:
    """Re-enqueue deliveries whose message was lost (queued and overdue, or stuck sending)."""
    identifiers = run_async(_sweep())
    for identifier in identifiers:
        deliver_notification.apply_async(args=[str(identifier)])
    if identifiers:
        logger.warning("re-enqueued %d overdue deliveries", len(identifiers))
    return len(identifiers)


def enqueue_delivery(notification_id: uuid.UUID) -> None:
    deliver_notification.apply_async(args=[str(notification_id)])

"""Celery tasks: relay an inbound event, perform an outbound action, sweep for lost messages."""

from __future__ import annotations

import logging
import uuid

from sqlalchemy.exc import DBAPIError, OperationalError

from fluxkit.celery import flux_task, run_async
from fluxkit.http import ServiceClient
from mimic.celery_app import INTEGRATIONS_QUEUE, celery_app, worker_runtime
from mimic.integrations import relay
from mimic.integrations.service import guarded_client

logger = logging.getLogger(__name__)

_runtime: relay.IntegrationRuntime | None = None


async def integration_runtime() -> relay.IntegrationRuntime:
    """The process's clients for integrations (built on first use, on the task loop)."""
    global _runtime
    if _runtime is None:
        shared = await worker_runtime()
        settings = shared.delivery.settings
        _runtime = relay.IntegrationRuntime(
            settings=settings,
            session_factory=shared.delivery.session_factory,
            http=guarded_client(settings),
            tentacle=ServiceClient(
                settings.tentacle_url,
                settings.service_token.get_secret_value(),
                timeout=settings.integrations_timeout_seconds,
            ),
        )
    return _runtime


async def close_integration_runtime() -> None:
    global _runtime
    runtime, _runtime = _runtime, None
    if runtime is not None:
        await runtime.aclose()


INFRASTRUCTURE_ERRORS = (OperationalError, DBAPIError, ConnectionError, TimeoutError)


async def _relay(event_id: uuid.UUID) -> relay.Outcome:
    return await relay.relay_event(await integration_runtime(), event_id)


@flux_task(
    celery_app,
    name="mimic.integration.relay",
    queue=INTEGRATIONS_QUEUE,
    max_retries=8,
    autoretry_for=INFRASTRUCTURE_ERRORS,
)
def relay_event(event_id: str) -> str:
    """Hand one inbound event to Tentacle's triggers; a refusal to retry is scheduled again."""
    outcome = run_async(_relay(uuid.UUID(event_id)))
    if outcome.retry_in is not None:
        relay_event.apply_async(args=[event_id], countdown=outcome.retry_in)
    return outcome.status


async def _perform(action_id: uuid.UUID) -> relay.Outcome:
    return await relay.perform_action(await integration_runtime(), action_id)


@flux_task(
    celery_app,
    name="mimic.integration.action",
    queue=INTEGRATIONS_QUEUE,
    max_retries=8,
    autoretry_for=INFRASTRUCTURE_ERRORS,
)
def perform_action(action_id: str) -> str:
    """One attempt at an outbound action; transient failures are scheduled again."""
    outcome = run_async(_perform(uuid.UUID(action_id)))
    if outcome.retry_in is not None:
        perform_action.apply_async(args=[action_id], countdown=outcome.retry_in)
    logger.info("integration action %s: %s", action_id, outcome.status)
    return outcome.status


async def _sweep() -> tuple[list[uuid.UUID], list[uuid.UUID]]:
    return await relay.sweep(await integration_runtime())


@flux_task(celery_app, name="mimic.integration.sweep", queue=INTEGRATIONS_QUEUE, max_retries=0)
def sweep_integrations() -> int:
    """Enqueue again the relays and actions whose messages were lost (worker killed, broker)."""
    events, actions = run_async(_sweep())
    for event_id in events:
        relay_event.apply_async(args=[str(event_id)])
    for action_id in actions:
        perform_action.apply_async(args=[str(action_id)])
    if events or actions:
        logger.warning("re-enqueued %d relays and %d actions", len(events), len(actions))
    return len(events) + len(actions)


def enqueue_relay(event_id: uuid.UUID) -> None:
    relay_event.apply_async(args=[str(event_id)])


def enqueue_action(action_id: uuid.UUID) -> None:
    perform_action.apply_async(args=[str(action_id)])

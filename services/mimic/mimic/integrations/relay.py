"""Background work of integrations: relay inbound events to Tentacle, perform outbound actions,
and find what a lost message or a dead worker left behind.

Both keep their state in the row (pending/relayed/failed, queued/sending/sent/failed), so a
message delivered twice, or a sweep racing a retry, changes nothing: the row is locked
(``FOR UPDATE SKIP LOCKED``) and its status says whether there is anything left to do.
"""

from __future__ import annotations

import logging
import random
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from fluxkit.db import unit_of_work, utcnow
from fluxkit.http import GuardedClient, ServiceCallError, ServiceClient
from mimic.integrations import repository
from mimic.integrations.models import InboundEvent, Integration, OutboundAction
from mimic.integrations.providers.base import ActionFailed, IntegrationContext
from mimic.integrations.providers.registry import provider
from mimic.integrations.service import context
from mimic.secrets import keyring_for
from mimic.settings import MimicSettings

logger = logging.getLogger(__name__)

TRIGGER_EVENTS_PATH = "/api/v1/triggers/events"
SWEEP_GRACE = timedelta(seconds=30)
SWEEP_BATCH = 500


@dataclass
class IntegrationRuntime:
    settings: MimicSettings
    session_factory: async_sessionmaker[AsyncSession]
    http: GuardedClient
    tentacle: ServiceClient

    async def aclose(self) -> None:
        await self.http.aclose()
        await self.tentacle.aclose()


@dataclass(frozen=True)
class Outcome:
    status: str
    retry_in: float | None = None
    """Seconds until the next attempt, when one is due."""


def backoff(attempts: int, base: float, cap: float, retry_after: float | None = None) -> float:
    """Exponential backoff with jitter (half fixed, half random), never below Retry-After."""
    ceiling = min(cap, base * 2 ** max(0, attempts - 1))
    delay = ceiling / 2 + random.uniform(0, ceiling / 2)
    return float(max(delay, retry_after or 0.0))


def event_document(event: InboundEvent) -> dict[str, Any]:
    return {
        "id": str(event.id),
        "integration_id": str(event.integration_id),
        "provider": event.provider,
        "type": event.type,
        "delivery_id": event.delivery_key[:200],
        "received_at": event.received_at.isoformat(),
        "data": event.data,
        "reply": event.reply,
    }


def _permanent(status: int) -> bool:
    # 401 is our own credential refused (a deployment problem) and 409/429 mean "later":
    # those are tried again; any other 4xx says the event itself is unwanted.
    return 400 <= status < 500 and status not in (401, 409, 429)


async def relay_event(runtime: IntegrationRuntime, event_id: uuid.UUID) -> Outcome:
    settings = runtime.settings
    async with unit_of_work(runtime.session_factory) as session:
        event = await session.scalar(
            select(InboundEvent)
            .where(InboundEvent.id == event_id)
            .with_for_update(skip_locked=True)
        )
        if event is None:
            return Outcome("gone-or-busy")
        if event.relay_status != "pending":
            return Outcome(event.relay_status)
        integration = await session.get(Integration, event.integration_id)
        if integration is None:
            return Outcome("gone")
        client = runtime.tentacle.as_user(
            integration.created_by_user_id, integration.organization_id
        )
        event.relay_attempts += 1
        try:
            await client.post(TRIGGER_EVENTS_PATH, json=event_document(event))
        except ServiceCallError as exc:
            event.relay_error = exc.message[:1000]
            if _permanent(exc.status) or event.relay_attempts >= settings.relay_max_attempts:
                event.relay_status = "failed"
                event.next_relay_at = None
                logger.warning("relay of event %s failed for good: %s", event.id, exc.message)
                return Outcome("failed")
            delay = backoff(
                event.relay_attempts,
                settings.relay_retry_base_seconds,
                settings.relay_retry_max_seconds,
                exc.retry_after,
            )
            event.next_relay_at = utcnow() + timedelta(seconds=delay)
            return Outcome("pending", retry_in=delay)
        event.relay_status = "relayed"
        event.relayed_at = utcnow()
        event.next_relay_at = None
        event.relay_error = None
        return Outcome("relayed")


@dataclass(frozen=True)
class Claimed:
    action: str
    params: dict[str, Any]
    provider: str
    integration: IntegrationContext


async def _claim(runtime: IntegrationRuntime, action_id: uuid.UUID) -> Claimed | None:
    """Mark the action as being sent (attempts + 1); ``None`` when there is nothing to do."""
    settings = runtime.settings
    now = utcnow()
    async with unit_of_work(runtime.session_factory) as session:
        action = await session.scalar(
            select(OutboundAction)
            .where(OutboundAction.id == action_id)
            .with_for_update(skip_locked=True)
        )
        if action is None or action.status in ("sent", "failed"):
            return None
        if action.status == "sending":
            lease = timedelta(seconds=settings.action_lease_seconds)
            if action.sending_started_at and action.sending_started_at > now - lease:
                return None  # another worker is sending it right now
        elif action.next_attempt_at and action.next_attempt_at > now + timedelta(seconds=1):
            return None  # an early duplicate of a delayed retry
        integration = await session.get(Integration, action.integration_id)
        if integration is None or not integration.enabled:
            action.status = "failed"
            action.error = "the integration was disabled or deleted"
            return None
        action.status = "sending"
        action.attempts += 1
        action.sending_started_at = now
        action.next_attempt_at = None
        return Claimed(
            action=action.action,
            params=dict(action.params),
            provider=integration.provider,
            integration=context(integration, keyring_for(settings)),
        )


async def perform_action(runtime: IntegrationRuntime, action_id: uuid.UUID) -> Outcome:
    settings = runtime.settings
    claimed = await _claim(runtime, action_id)
    if claimed is None:
        return Outcome("skipped")
    failure: ActionFailed | None = None
    response: dict[str, Any] = {}
    try:
        result = await provider(claimed.provider).perform(
            runtime.http,
            claimed.integration,
            claimed.action,
            claimed.params,
            settings,
            action_id=str(action_id),
        )
        response = result.response
    except ActionFailed as exc:
        failure = exc
    except Exception as exc:  # a bug must not leave the action "sending" forever
        logger.exception("action %s raised", action_id)
        failure = ActionFailed(f"internal error: {type(exc).__name__}", transient=False)
    async with unit_of_work(runtime.session_factory) as session:
        action = await session.get(OutboundAction, action_id, with_for_update=True)
        if action is None:
            return Outcome("gone")
        action.sending_started_at = None
        if failure is None:
            action.status = "sent"
            action.sent_at = utcnow()
            action.response = response
            action.error = None
            return Outcome("sent")
        action.error = failure.reason[:1000]
        action.response = failure.response
        if not failure.transient or action.attempts >= settings.action_max_attempts:
            action.status = "failed"
            return Outcome("failed")
        delay = backoff(
            action.attempts,
            settings.action_retry_base_seconds,
            settings.action_retry_max_seconds,
            failure.retry_after,
        )
        action.status = "queued"
        action.next_attempt_at = utcnow() + timedelta(seconds=delay)
        return Outcome("queued", retry_in=delay)


async def sweep(runtime: IntegrationRuntime) -> tuple[list[uuid.UUID], list[uuid.UUID]]:
    """Events and actions whose messages were lost: (event ids, action ids) to enqueue again."""
    now = utcnow()
    lease = timedelta(seconds=runtime.settings.action_lease_seconds)
    async with runtime.session_factory() as session:
        events = await repository.due_event_ids(session, now, SWEEP_GRACE, SWEEP_BATCH)
        actions = await repository.due_action_ids(session, now, SWEEP_GRACE, lease, SWEEP_BATCH)
    return events, actions

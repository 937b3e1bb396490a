"""Inbound webhooks: verify on the raw body, store the event in the answering transaction,
relay it after commit; a refused request leaves only an audit entry."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from redis.asyncio import Redis
from redis.exceptions import RedisError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from fluxkit.db import after_commit, unit_of_work, utcnow
from fluxkit.errors import NotFound
from fluxkit.ratelimit import SlidingWindow
from mimic.integrations import repository
from mimic.integrations.models import InboundRejection
from mimic.integrations.providers.base import HookRejected, InboundOutcome, InboundRequest
from mimic.integrations.providers.registry import provider
from mimic.integrations.repository import HookTarget
from mimic.integrations.service import context
from mimic.integrations.tasks import enqueue_relay
from mimic.secrets import keyring_for
from mimic.settings import MimicSettings

logger = logging.getLogger(__name__)


class UnknownIntegration(NotFound):
    pass


@dataclass(frozen=True)
class Received:
    outcome: InboundOutcome
    event_id: uuid.UUID | None
    duplicate: bool


_pending_enqueues: set[asyncio.Future[None]] = set()


def _enqueue_soon(event_id: uuid.UUID) -> None:
    """Hand the event to the relay without making the provider wait for the broker.

    A lost hand-off is picked up by the periodic sweep, so nothing depends on this succeeding.
    """
    future = asyncio.get_running_loop().run_in_executor(None, enqueue_relay, event_id)
    _pending_enqueues.add(future)

    def settled(done: asyncio.Future[None]) -> None:
        _pending_enqueues.discard(done)
        if not done.cancelled() and done.exception() is not None:
            logger.warning(
                "event %s not handed to the relay (the sweep will): %s", event_id, done.exception()
            )

    future.add_done_callback(settled)


@dataclass(frozen=True)
class Auditor:
    """Records refusals in their own transaction (the request's own one is rolled back),
    at most ``limit`` a minute per client address so a flood of junk cannot fill the table."""

    factory: async_sessionmaker[AsyncSession]
    redis: Redis
    limit: int

    async def __call__(
        self,
        *,
        reason: str,
        ip: str | None,
        integration_id: uuid.UUID | None,
        integration: HookTarget | None,
    ) -> None:
        window = SlidingWindow(self.redis, "mimic:hook-refusals", self.limit, 60)
        try:
            allowed = (await window.hit(ip or "unknown")).allowed
        except RedisError:
            allowed = True  # without Redis the audit still happens, just unlimited
        if not allowed:
            return
        await _write_audit(self.factory, reason, ip, integration_id, integration)


async def _write_audit(
    factory: async_sessionmaker[AsyncSession],
    reason: str,
    ip: str | None,
    integration_id: uuid.UUID | None,
    integration: HookTarget | None,
) -> None:
    async with unit_of_work(factory) as session:
        session.add(
            InboundRejection(
                organization_id=integration.organization_id if integration else None,
                integration_id=integration_id,
                provider=integration.provider if integration else None,
                reason=reason[:300],
                ip=(ip or "")[:64] or None,
            )
        )


def _parse_id(raw: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(raw)
    except ValueError:
        return None


async def refuse_oversized(
    session: AsyncSession,
    audit: Auditor,
    raw_integration_id: str,
    ip: str | None,
) -> None:
    """Audit a body over the limit (read no further than the limit)."""
    integration_id = _parse_id(raw_integration_id)
    integration = await repository.hook_target(session, integration_id) if integration_id else None
    await audit(
        reason="the request body is too large",
        ip=ip,
        integration_id=integration_id,
        integration=integration,
    )


async def receive(
    session: AsyncSession,
    audit: Auditor,
    settings: MimicSettings,
    raw_integration_id: str,
    body: bytes,
    headers: Mapping[str, str],
    ip: str | None,
) -> Received:
    integration_id = _parse_id(raw_integration_id)
    integration = await repository.hook_target(session, integration_id) if integration_id else None
    if integration is None or not integration.enabled:
        reason = "unknown integration" if integration is None else "integration disabled"
        await audit(reason=reason, ip=ip, integration_id=integration_id, integration=integration)
        raise UnknownIntegration("no enabled integration has this address")
    request = InboundRequest(body=body, headers=headers, received_at=utcnow())
    try:
        outcome = provider(integration.provider).receive(
            request, context(integration, keyring_for(settings))
        )
    except HookRejected as exc:
        await audit(
            reason=exc.message,
            ip=ip,
            integration_id=integration.id,
            integration=integration,
        )
        raise
    draft = outcome.event
    if draft is None:
        return Received(outcome, None, duplicate=False)
    delivery_key = draft.delivery_key[:255]
    event_id = await repository.insert_event(
        session,
        {
            "id": uuid.uuid4(),
            "organization_id": integration.organization_id,
            "integration_id": integration.id,
            "provider": integration.provider,
            "type": draft.type[:200],
            "delivery_key": delivery_key,
            "data": draft.data,
            "reply": draft.reply,
            "received_at": request.received_at,
            "relay_status": "pending",
            "relay_attempts": 0,
        },
    )
    if event_id is None:
        earlier = await repository.event_for_delivery(session, integration.id, delivery_key)
        return Received(outcome, earlier.id if earlier else None, duplicate=True)

    identifier = event_id

    def relay_after_commit() -> None:
        _enqueue_soon(identifier)

    after_commit(session, relay_after_commit)
    return Received(outcome, event_id, duplicate=False)

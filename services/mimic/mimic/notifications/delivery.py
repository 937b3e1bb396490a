"""One delivery attempt, as the worker runs it.

1. Claim: lock the row; skip it unless it is queued (or stuck in sending past its lease); fail it
   at once when a recipient has been suppressed meanwhile; mark it sending. Commit.
2. Send through the organization's provider, outside any transaction.
3. Record: sent; or failed with the provider's reason (permanent); or queued again with a
   retry scheduled after an exponential backoff with jitter (transient), until attempts run out.
"""

from __future__ import annotations

import logging
import random
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from fluxkit.crypto import KeyringError
from fluxkit.db import after_commit, unit_of_work, utcnow
from fluxkit.errors import FluxError
from mimic.channels.base import Content, Delivery, Sender
from mimic.channels.registry import channel as channel_for
from mimic.notifications import lifecycle
from mimic.notifications.lifecycle import Status
from mimic.notifications.models import Notification
from mimic.providers.base import ProviderError, SendResult
from mimic.settings import MimicSettings
from mimic.suppressions.service import suppressed_among

logger = logging.getLogger(__name__)

ScheduleRetry = Callable[[uuid.UUID, float], Awaitable[None]]


@dataclass
class DeliveryRuntime:
    settings: MimicSettings
    session_factory: async_sessionmaker[AsyncSession]
    schedule_retry: ScheduleRetry
    random: random.Random = field(default_factory=random.Random)


def backoff_seconds(
    attempt: int, settings: MimicSettings, rng: random.Random, retry_after: float | None = None
) -> float:
    """Exponential backoff with jitter: a random point in the upper half of base * 2^(n-1)."""
    ceiling = min(settings.retry_max_seconds, settings.retry_base_seconds * 2 ** (attempt - 1))
    delay = rng.uniform(ceiling / 2, ceiling)
    if retry_after is not None:
        delay = max(delay, min(retry_after, settings.retry_max_seconds))
    return delay


async def _locked(session: AsyncSession, notification_id: uuid.UUID) -> Notification | None:
    return await session.scalar(
        select(Notification).where(Notification.id == notification_id).with_for_update()
    )


@dataclass(frozen=True)
class _Claim:
    delivery: Delivery
    sender: Sender | None
    setup_error: str | None


async def _claim(runtime: DeliveryRuntime, notification_id: uuid.UUID) -> _Claim | str:
    settings = runtime.settings
    async with unit_of_work(runtime.session_factory) as session:
        notification = await _locked(session, notification_id)
        if notification is None:
            return "missing"
        now = utcnow()
        lease = timedelta(seconds=settings.delivery_lease_seconds)
        if notification.status == Status.SENDING:
            started = notification.sending_started_at
            if started is not None and started + lease > now:
                return "in-progress"
            lifecycle.schedule_retry(
                session,
                notification,
                next_attempt_at=now,
                detail="the previous attempt was interrupted before it finished",
            )
        if notification.status != Status.QUEUED:
            return "done"
        if notification.next_attempt_at and notification.next_attempt_at > now + timedelta(
            seconds=1
        ):
            # An early duplicate: the scheduled retry message comes later.
            return "not-yet"
        blocked = await suppressed_among(
            session, notification.organization_id, notification.recipients
        )
        if blocked:
            listed = ", ".join(f"{row.address} ({row.reason})" for row in blocked)
            lifecycle.transition(
                session,
                notification,
                Status.FAILED,
                detail=f"recipients are on the suppression list: {listed}",
                data={"suppressed": [row.address for row in blocked]},
            )
            return "suppressed"
        channel = channel_for(notification.channel)
        sender: Sender | None = None
        setup_error: str | None = None
        try:
            sender = await channel.sender_for(session, notification.organization_id, settings)
        except (ProviderError, KeyringError, FluxError, LookupError) as exc:
            setup_error = f"the email provider is not usable: {exc}"
        lifecycle.transition(
            session,
            notification,
            Status.SENDING,
            data={"attempt": notification.attempts + 1}
            | ({"provider": sender.provider_name} if sender else {}),
        )
        if sender is not None:
            notification.provider = sender.provider_name
            notification.provider_config_id = sender.provider_config_id
        return _Claim(
            Delivery(
                notification_id=notification.id,
                organization_id=notification.organization_id,
                recipients=list(notification.recipients),
                content=Content(
                    notification.subject, notification.text_body, notification.html_body
                ),
                reply_to=notification.reply_to,
            ),
            sender,
            setup_error,
        )


async def _record(
    runtime: DeliveryRuntime,
    notification_id: uuid.UUID,
    result: SendResult | None,
    error: ProviderError | None,
) -> str:
    settings = runtime.settings
    async with unit_of_work(runtime.session_factory) as session:
        notification = await _locked(session, notification_id)
        if notification is None:
            return "missing"
        if result is not None:
            notification.provider_message_id = result.provider_message_id
            data: dict[str, object] = {
                "provider": notification.provider,
                "provider_message_id": result.provider_message_id,
            }
            if result.details:
                data["details"] = result.details
            if notification.status == Status.SENDING:
                lifecycle.transition(session, notification, Status.SENT, data=data)
            else:
                # The provider's own report overtook this commit; keep the fact on the timeline.
                lifecycle.record(session, notification, "sent", data=data)
            return "sent"
        assert error is not None
        if notification.status != Status.SENDING:
            lifecycle.record(session, notification, "send_failed", detail=error.reason)
            return "done"
        if not error.transient:
            lifecycle.transition(
                session, notification, Status.FAILED, detail=error.reason, data=error.as_data()
            )
            return "failed"
        if notification.attempts >= settings.delivery_max_attempts:
            lifecycle.transition(
                session,
                notification,
                Status.FAILED,
                detail=f"gave up after {notification.attempts} attempts: {error.reason}",
                data=error.as_data(),
            )
            return "failed"
        delay = backoff_seconds(notification.attempts, settings, runtime.random, error.retry_after)
        lifecycle.schedule_retry(
            session,
            notification,
            next_attempt_at=utcnow() + timedelta(seconds=delay),
            detail=error.reason,
            data={**error.as_data(), "attempt": notification.attempts, "delay_seconds": delay},
        )
        identifier = notification.id

        async def enqueue() -> None:
            await runtime.schedule_retry(identifier, delay)

        after_commit(session, enqueue)
        return "retry"


async def deliver(runtime: DeliveryRuntime, notification_id: uuid.UUID) -> str:
    """Run one attempt; returns what happened (for logs and tests)."""
    claim = await _claim(runtime, notification_id)
    if isinstance(claim, str):
        return claim
    result: SendResult | None = None
    error: ProviderError | None = None
    if claim.sender is None:
        error = ProviderError(claim.setup_error or "no provider", transient=False)
    else:
        try:
            result = await claim.sender.send(claim.delivery)
        except ProviderError as exc:
            error = exc
        except Exception as exc:
            logger.exception("unexpected error while sending notification %s", notification_id)
            error = ProviderError(f"unexpected error: {type(exc).__name__}: {exc}", transient=True)
    return await _record(runtime, notification_id, result, error)


async def sweep(runtime: DeliveryRuntime, *, older_than_seconds: float = 120) -> list[uuid.UUID]:
    """Ids of notifications whose delivery message was lost: queued and due for a while, or
    stuck in sending past the lease. The caller enqueues them again."""
    now = utcnow()
    stale = now - timedelta(seconds=older_than_seconds)
    lease_over = now - timedelta(seconds=runtime.settings.delivery_lease_seconds)
    async with unit_of_work(runtime.session_factory) as session:
        rows = await session.scalars(
            select(Notification.id)
            .where(
                or_(
                    (Notification.status == Status.QUEUED)
                    & (
                        (Notification.next_attempt_at.is_(None) & (Notification.updated_at < stale))
                        | (Notification.next_attempt_at < stale)
                    ),
                    (Notification.status == Status.SENDING)
                    & (Notification.sending_started_at < lease_over),
                )
            )
            .limit(1000)
        )
        return list(rows)

"""Delivery attempts run directly (no worker): backoff, suppression at send time, lost messages."""

from __future__ import annotations

import random
import uuid
from datetime import timedelta

from fastapi import FastAPI
from sqlalchemy import update

from fluxkit.db import unit_of_work, utcnow
from mimic.devmail.catcher import MailCatcher
from mimic.notifications import delivery, lifecycle
from mimic.notifications.delivery import DeliveryRuntime, backoff_seconds
from mimic.notifications.models import Notification
from mimic.settings import MimicSettings
from mimic.suppressions.service import suppress


def test_backoff_grows_exponentially_with_jitter_and_a_cap() -> None:
    settings = MimicSettings(retry_base_seconds=2, retry_max_seconds=60)
    rng = random.Random(7)
    delays = [[backoff_seconds(n, settings, rng) for _ in range(50)] for n in range(1, 8)]
    for attempt, samples in enumerate(delays, start=1):
        ceiling = min(60, 2 * 2 ** (attempt - 1))
        assert all(ceiling / 2 <= delay <= ceiling for delay in samples)
        assert len({round(delay, 6) for delay in samples}) > 40  # jittered, not fixed
    assert backoff_seconds(1, settings, rng, retry_after=30) == 30


def _runtime(app: FastAPI, scheduled: list[tuple[uuid.UUID, float]]) -> DeliveryRuntime:
    async def schedule(notification_id: uuid.UUID, delay: float) -> None:
        scheduled.append((notification_id, delay))

    return DeliveryRuntime(app.state.settings, app.state.session_factory, schedule)


async def _committed_notification(app: FastAPI, to: str) -> uuid.UUID:
    async with unit_of_work(app.state.session_factory) as session:
        notification = Notification(
            id=uuid.uuid4(),
            organization_id=uuid.uuid4(),
            channel="email",
            recipients=[to],
            subject="Direct",
            text_body="Sent without the API",
            meta={},
            created_by="test",
            attempts=0,
        )
        await lifecycle.open_notification(session, notification)
        return notification.id


async def test_a_recipient_suppressed_after_acceptance_fails_at_send_time(
    mimic_app: FastAPI,
) -> None:
    to = f"later-{uuid.uuid4().hex[:8]}@example.com"
    notification_id = await _committed_notification(mimic_app, to)
    async with unit_of_work(mimic_app.state.session_factory) as session:
        notification = await session.get(Notification, notification_id)
        assert notification is not None
        await suppress(session, notification.organization_id, to, reason="complained")
    outcome = await delivery.deliver(_runtime(mimic_app, []), notification_id)
    assert outcome == "suppressed"
    async with unit_of_work(mimic_app.state.session_factory) as session:
        notification = await session.get(Notification, notification_id)
        assert notification is not None
        assert notification.status == "failed"
        assert (
            notification.last_error == f"recipients are on the suppression list: {to} (complained)"
        )


async def test_a_redelivered_message_sends_once(mimic_app: FastAPI, sink: MailCatcher) -> None:
    to = f"once-{uuid.uuid4().hex[:8]}@example.com"
    notification_id = await _committed_notification(mimic_app, to)
    runtime = _runtime(mimic_app, [])
    assert await delivery.deliver(runtime, notification_id) == "sent"
    assert await delivery.deliver(runtime, notification_id) == "done"
    assert await delivery.deliver(runtime, uuid.uuid4()) == "missing"
    await sink.wait_for(lambda message: to in message.recipients)
    assert len([m for m in sink.messages() if to in m.recipients]) == 1


async def test_lost_deliveries_are_found_by_the_sweep(
    mimic_app: FastAPI, sink: MailCatcher
) -> None:
    queued = await _committed_notification(mimic_app, f"lost-{uuid.uuid4().hex[:8]}@example.com")
    stuck_to = f"stuck-{uuid.uuid4().hex[:8]}@example.com"
    stuck = await _committed_notification(mimic_app, stuck_to)
    long_ago = utcnow() - timedelta(hours=1)
    async with unit_of_work(mimic_app.state.session_factory) as session:
        await session.execute(
            update(Notification).where(Notification.id == queued).values(updated_at=long_ago)
        )
        notification = await session.get(Notification, stuck)
        assert notification is not None
        lifecycle.transition(session, notification, lifecycle.Status.SENDING)
        notification.sending_started_at = long_ago
    runtime = _runtime(mimic_app, [])
    found = await delivery.sweep(runtime)
    assert {queued, stuck} <= set(found)
    # The interrupted attempt is retried and completes.
    assert await delivery.deliver(runtime, stuck) == "sent"
    await sink.wait_for(lambda message: stuck_to in message.recipients)

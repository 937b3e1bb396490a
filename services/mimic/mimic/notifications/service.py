"""Accepting notifications (validation, idempotency, suppression, rate limits) and reading them."""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from redis.asyncio import Redis
from sqlalchemy import and_, delete, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.db import utcnow
from fluxkit.errors import BadRequest, Conflict, NotFound
from fluxkit.ratelimit import SlidingWindow
from mimic.auth import Caller
from mimic.channels.base import Content
from mimic.channels.registry import channel as channel_for
from mimic.notifications import lifecycle
from mimic.notifications.models import IdempotencyKey, Notification, NotificationEvent
from mimic.notifications.schemas import NotificationCreate, NotificationEventRead, NotificationRead
from mimic.settings import MimicSettings
from mimic.suppressions.service import ensure_not_suppressed
from mimic.templates import rendering
from mimic.templates.service import resolve_for_send


class IdempotencyKeyReused(Conflict):
    """The same Idempotency-Key came with a different request."""


class NotificationNotFound(NotFound):
    pass


@dataclass(frozen=True)
class Accepted:
    notification: Notification
    replayed: bool


def request_fingerprint(payload: NotificationCreate) -> str:
    canonical = json.dumps(payload.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _lock_id(organization_id: uuid.UUID, key: str) -> int:
    digest = hashlib.sha256(f"{organization_id}:{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


async def _replay(
    session: AsyncSession,
    organization_id: uuid.UUID,
    key: str,
    fingerprint: str,
) -> Notification | None:
    """The notification an earlier request with this key created (within its lifetime)."""
    # Serializes requests that share a key, so exactly one of them creates the notification.
    await session.execute(
        text("SELECT pg_advisory_xact_lock(:id)"), {"id": _lock_id(organization_id, key)}
    )
    record = await session.scalar(
        select(IdempotencyKey).where(
            IdempotencyKey.organization_id == organization_id, IdempotencyKey.key == key
        )
    )
    if record is None:
        return None
    if record.expires_at <= utcnow():
        await session.execute(delete(IdempotencyKey).where(IdempotencyKey.id == record.id))
        return None
    if record.request_hash != fingerprint:
        raise IdempotencyKeyReused(
            "this Idempotency-Key was used with a different request; use a new key"
        )
    return await session.get(Notification, record.notification_id)


async def _check_rate_limits(
    redis: Redis, settings: MimicSettings, organization_id: uuid.UUID, recipients: list[str]
) -> None:
    await SlidingWindow(
        redis,
        "mimic:organization",
        settings.organization_rate_limit,
        settings.organization_rate_window_seconds,
    ).check(str(organization_id), "too many notifications from this organization; slow down")
    per_recipient = SlidingWindow(
        redis,
        "mimic:recipient",
        settings.recipient_rate_limit,
        settings.recipient_rate_window_seconds,
    )
    for address in recipients:
        await per_recipient.check(
            f"{organization_id}:{address}", f"too many notifications to {address}; slow down"
        )


async def accept(
    session: AsyncSession,
    redis: Redis,
    settings: MimicSettings,
    caller: Caller,
    payload: NotificationCreate,
    idempotency_key: str | None,
) -> Accepted:
    organization_id = caller.organization_id
    fingerprint = request_fingerprint(payload)
    if idempotency_key is not None:
        if not 0 < len(idempotency_key) <= 255:
            raise BadRequest("Idempotency-Key must be 1 to 255 characters")
        earlier = await _replay(session, organization_id, idempotency_key, fingerprint)
        if earlier is not None:
            return Accepted(earlier, replayed=True)

    channel = channel_for(payload.channel)
    recipients = channel.normalize_recipients(payload.to, limit=settings.max_recipients)
    template_key: str | None = None
    template_version: int | None = None
    if payload.template:
        resolved = await resolve_for_send(
            session, organization_id, payload.template, payload.template_version
        )
        rendered = rendering.render(resolved.source, payload.variables)
        content = Content(rendered.subject, rendered.text_body, rendered.html_body)
        template_key, template_version = resolved.key, resolved.version
    else:
        content = Content(payload.subject or "", payload.text, payload.html)
    content = channel.prepare_content(content)
    await ensure_not_suppressed(session, organization_id, recipients)
    await _check_rate_limits(redis, settings, organization_id, recipients)

    notification = Notification(
        id=uuid.uuid4(),
        organization_id=organization_id,
        channel=channel.kind,
        recipients=recipients,
        subject=content.subject,
        text_body=content.text,
        html_body=content.html,
        reply_to=str(payload.reply_to) if payload.reply_to else None,
        template_key=template_key,
        template_version=template_version,
        meta=dict(payload.metadata),
        created_by=caller.actor,
        attempts=0,
    )
    await lifecycle.open_notification(session, notification)
    if idempotency_key is not None:
        session.add(
            IdempotencyKey(
                organization_id=organization_id,
                key=idempotency_key,
                request_hash=fingerprint,
                notification_id=notification.id,
                expires_at=utcnow() + timedelta(hours=settings.idempotency_hours),
            )
        )
    await session.flush()
    return Accepted(notification, replayed=False)


def to_read(
    notification: Notification, events: list[NotificationEvent] | None = None
) -> NotificationRead:
    return NotificationRead(
        id=notification.id,
        channel=notification.channel,
        status=notification.status,
        to=list(notification.recipients),
        subject=notification.subject,
        text=notification.text_body,
        html=notification.html_body,
        template=notification.template_key,
        template_version=notification.template_version,
        reply_to=notification.reply_to,
        metadata=dict(notification.meta),
        provider=notification.provider,
        provider_message_id=notification.provider_message_id,
        attempts=notification.attempts,
        last_error=notification.last_error,
        next_attempt_at=notification.next_attempt_at,
        created_by=notification.created_by,
        created_at=notification.created_at,
        updated_at=notification.updated_at,
        events=None
        if events is None
        else [NotificationEventRead.model_validate(event) for event in events],
    )


async def get_with_events(
    session: AsyncSession, organization_id: uuid.UUID, notification_id: uuid.UUID
) -> tuple[Notification, list[NotificationEvent]]:
    notification = await session.scalar(
        select(Notification).where(
            Notification.id == notification_id, Notification.organization_id == organization_id
        )
    )
    if notification is None:
        raise NotificationNotFound("notification not found")
    events = await session.scalars(
        select(NotificationEvent)
        .where(NotificationEvent.notification_id == notification.id)
        .order_by(NotificationEvent.created_at, NotificationEvent.id)
    )
    return notification, list(events)


def encode_cursor(notification: Notification) -> str:
    raw = f"{notification.created_at.isoformat()}|{notification.id}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        created, _, identifier = raw.partition("|")
        return datetime.fromisoformat(created), uuid.UUID(identifier)
    except ValueError as exc:
        raise BadRequest("invalid cursor") from exc


@dataclass(frozen=True)
class NotificationFilters:
    status: list[str] | None = None
    recipient: str | None = None
    template: str | None = None
    created_after: datetime | None = None
    created_before: datetime | None = None


async def list_notifications(
    session: AsyncSession,
    organization_id: uuid.UUID,
    filters: NotificationFilters,
    *,
    limit: int,
    cursor: str | None,
) -> tuple[list[Notification], str | None]:
    query = select(Notification).where(Notification.organization_id == organization_id)
    if filters.status:
        query = query.where(Notification.status.in_(filters.status))
    if filters.recipient:
        address = filters.recipient.strip().lower()
        query = query.where(Notification.recipients.contains([address]))
    if filters.template:
        query = query.where(Notification.template_key == filters.template)
    if filters.created_after:
        query = query.where(Notification.created_at >= filters.created_after)
    if filters.created_before:
        query = query.where(Notification.created_at < filters.created_before)
    if cursor:
        created, identifier = decode_cursor(cursor)
        query = query.where(
            or_(
                Notification.created_at < created,
                and_(Notification.created_at == created, Notification.id < identifier),
            )
        )
    rows = list(
        await session.scalars(
            query.order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit + 1)
        )
    )
    next_cursor = encode_cursor(rows[limit - 1]) if len(rows) > limit else None
    return rows[:limit], next_cursor

"""The notification lifecycle: the one place that writes ``Notification.status``.

queued -> sending -> sent -> delivered, and from sent/delivered to bounced or complained when the
provider reports it; a transient failure sends ``sending`` back to ``queued`` (a retry), a
permanent one ends in ``failed``. Every change appends an event to the notification's timeline.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.db import utcnow
from fluxkit.errors import Conflict
from mimic.notifications.models import Notification, NotificationEvent


class Status(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    DELIVERED = "delivered"
    BOUNCED = "bounced"
    COMPLAINED = "complained"
    FAILED = "failed"


TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.QUEUED: frozenset({Status.SENDING, Status.FAILED}),
    # A provider's report can overtake the worker's own "sent" commit, hence sending -> delivered.
    Status.SENDING: frozenset(
        {
            Status.SENT,
            Status.QUEUED,
            Status.FAILED,
            Status.DELIVERED,
            Status.BOUNCED,
            Status.COMPLAINED,
        }
    ),
    Status.SENT: frozenset({Status.DELIVERED, Status.BOUNCED, Status.COMPLAINED, Status.FAILED}),
    Status.DELIVERED: frozenset({Status.BOUNCED, Status.COMPLAINED}),
    Status.BOUNCED: frozenset({Status.COMPLAINED}),
    Status.COMPLAINED: frozenset(),
    Status.FAILED: frozenset(),
}

FINAL = frozenset({Status.COMPLAINED, Status.FAILED})

_writing: ContextVar[bool] = ContextVar("mimic_lifecycle_writing", default=False)


class InvalidTransition(Conflict):
    pass


def assert_lifecycle_is_writing() -> None:
    if not _writing.get():
        raise RuntimeError("Notification.status is written only by mimic.notifications.lifecycle")


@contextmanager
def _writer() -> Iterator[None]:
    token = _writing.set(True)
    try:
        yield
    finally:
        _writing.reset(token)


def can_transition(current: str, target: Status) -> bool:
    return target in TRANSITIONS[Status(current)]


def _event(
    session: AsyncSession,
    notification: Notification,
    event_type: str,
    *,
    detail: str | None,
    data: dict[str, Any] | None,
    occurred_at: datetime | None,
) -> NotificationEvent:
    event = NotificationEvent(
        notification_id=notification.id,
        organization_id=notification.organization_id,
        type=event_type,
        status=notification.status,
        detail=detail,
        data=data or {},
        occurred_at=occurred_at or utcnow(),
    )
    session.add(event)
    return event


async def open_notification(session: AsyncSession, notification: Notification) -> NotificationEvent:
    """Give a new notification its first status (queued) and timeline entry."""
    with _writer():
        notification.status = Status.QUEUED
    session.add(notification)
    # Rows referring to the notification (events, idempotency keys) are inserted after it.
    await session.flush()
    return _event(session, notification, "queued", detail=None, data=None, occurred_at=None)


def transition(
    session: AsyncSession,
    notification: Notification,
    target: Status,
    *,
    event_type: str | None = None,
    detail: str | None = None,
    data: dict[str, Any] | None = None,
    occurred_at: datetime | None = None,
) -> NotificationEvent:
    """Move to ``target`` (raising :class:`InvalidTransition` when the lifecycle forbids it)."""
    if not can_transition(notification.status, target):
        raise InvalidTransition(
            f"a {notification.status} notification cannot become {target.value}"
        )
    now = utcnow()
    with _writer():
        notification.status = target
    if target is Status.SENDING:
        notification.sending_started_at = now
        notification.attempts += 1
        notification.next_attempt_at = None
    elif target is Status.FAILED:
        notification.last_error = detail
    return _event(
        session,
        notification,
        event_type or target.value,
        detail=detail,
        data=data,
        occurred_at=occurred_at,
    )


def transition_if_allowed(
    session: AsyncSession,
    notification: Notification,
    target: Status,
    *,
    event_type: str | None = None,
    detail: str | None = None,
    data: dict[str, Any] | None = None,
    occurred_at: datetime | None = None,
) -> bool:
    """For provider reports, which may arrive late or out of order: a report that cannot move
    the status is still kept on the timeline, marked ``ignored``."""
    if can_transition(notification.status, target):
        transition(
            session,
            notification,
            target,
            event_type=event_type,
            detail=detail,
            data=data,
            occurred_at=occurred_at,
        )
        return True
    record(
        session,
        notification,
        event_type or target.value,
        detail=detail,
        data={**(data or {}), "ignored": True},
        occurred_at=occurred_at,
    )
    return False


def schedule_retry(
    session: AsyncSession,
    notification: Notification,
    *,
    next_attempt_at: datetime,
    detail: str,
    data: dict[str, Any] | None = None,
) -> NotificationEvent:
    """A transient failure: back to queued until ``next_attempt_at``."""
    event = transition(
        session,
        notification,
        Status.QUEUED,
        event_type="retry_scheduled",
        detail=detail,
        data={**(data or {}), "next_attempt_at": next_attempt_at.isoformat()},
    )
    notification.last_error = detail
    notification.next_attempt_at = next_attempt_at
    return event


def record(
    session: AsyncSession,
    notification: Notification,
    event_type: str,
    *,
    detail: str | None = None,
    data: dict[str, Any] | None = None,
    occurred_at: datetime | None = None,
) -> NotificationEvent:
    """A timeline entry that leaves the status as it is (opened, clicked, soft bounce...)."""
    return _event(
        session, notification, event_type, detail=detail, data=data, occurred_at=occurred_at
    )

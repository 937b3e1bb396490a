"""POST /api/v1/notifications returns at once; a Celery worker delivers."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import Header, Query, Request, Response

from fluxkit.app import flux_router
from fluxkit.db import SessionDep, after_commit
from mimic.auth import NotificationsRead, NotificationsSend
from mimic.notifications import service
from mimic.notifications.lifecycle import Status
from mimic.notifications.schemas import NotificationCreate, NotificationPage, NotificationRead

router = flux_router("/api/v1/notifications", tags=["notifications"])


@router.post("", status_code=202)
async def send_notification(
    payload: NotificationCreate,
    caller: NotificationsSend,
    session: SessionDep,
    request: Request,
    response: Response,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
) -> NotificationRead:
    """Queue a notification for delivery (idempotent for 24 hours with an Idempotency-Key)."""
    accepted = await service.accept(
        session,
        request.app.state.redis,
        request.app.state.settings,
        caller,
        payload,
        idempotency_key,
    )
    if accepted.replayed:
        response.headers["Idempotent-Replayed"] = "true"
    else:
        enqueue = request.app.state.enqueue_delivery
        identifier = accepted.notification.id

        async def deliver_after_commit() -> None:
            await enqueue(identifier)

        after_commit(session, deliver_after_commit)
    response.headers["Location"] = f"/api/v1/notifications/{accepted.notification.id}"
    return service.to_read(accepted.notification)


@router.get("")
async def list_notifications(
    caller: NotificationsRead,
    session: SessionDep,
    status: Annotated[list[Status] | None, Query()] = None,
    to: Annotated[str | None, Query(description="Only notifications to this address.")] = None,
    template: str | None = None,
    created_after: datetime | None = None,
    created_before: datetime | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: str | None = None,
) -> NotificationPage:
    """List notifications, newest first, with filters."""
    rows, next_cursor = await service.list_notifications(
        session,
        caller.organization_id,
        service.NotificationFilters(
            status=[value.value for value in status] if status else None,
            recipient=to,
            template=template,
            created_after=created_after,
            created_before=created_before,
        ),
        limit=limit,
        cursor=cursor,
    )
    return NotificationPage(items=[service.to_read(row) for row in rows], next_cursor=next_cursor)


@router.get("/{notification_id}")
async def get_notification(
    notification_id: uuid.UUID, caller: NotificationsRead, session: SessionDep
) -> NotificationRead:
    """A notification with its delivery timeline."""
    notification, events = await service.get_with_events(
        session, caller.organization_id, notification_id
    )
    return service.to_read(notification, events)

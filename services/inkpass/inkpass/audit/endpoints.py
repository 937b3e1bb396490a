"""``/api/v1/audit/events``: the organization's audit log for its admins and owners."""

from __future__ import annotations

import base64
import binascii
import uuid
from datetime import datetime
from typing import Annotated

from fastapi import Query
from sqlalchemy import and_, or_, select

from fluxkit.app import flux_router
from fluxkit.auth.deps import RequireScope
from fluxkit.auth.principal import Principal
from fluxkit.db import SessionDep
from fluxkit.errors import BadRequest
from inkpass.audit.models import AuditEvent
from inkpass.audit.schemas import AuditEvent as AuditEventSchema
from inkpass.audit.schemas import AuditEventPage
from inkpass.orgs.service import access

router = flux_router("/api/v1/audit", tags=["audit"])


def _encode_cursor(event: AuditEvent) -> str:
    raw = f"{event.created_at.isoformat()}|{event.id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        stamp, _, event_id = raw.partition("|")
        moment = datetime.fromisoformat(stamp)
        if moment.tzinfo is None:
            raise ValueError("naive timestamp")
        return moment, uuid.UUID(event_id)
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise BadRequest("the cursor is not one this endpoint handed out") from exc


def _aware(value: datetime | None, name: str) -> datetime | None:
    if value is not None and value.tzinfo is None:
        raise BadRequest(f"{name} needs a time zone (e.g. 2026-01-31T12:00:00Z)")
    return value


@router.get("/events", response_model=AuditEventPage)
async def list_audit_events(
    session: SessionDep,
    principal: Principal = RequireScope("audit:read"),
    action: Annotated[str | None, Query(max_length=80)] = None,
    actor: uuid.UUID | None = None,
    outcome: Annotated[str | None, Query(max_length=20)] = None,
    since: datetime | None = None,
    until: datetime | None = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> AuditEventPage:
    """Audit events of the organization (and the caller's own events before it), newest first."""
    organization_id = principal.require_organization()
    await access(session, principal, organization_id, "admin")
    caller = principal.require_user()
    query = select(AuditEvent).where(
        or_(
            AuditEvent.organization_id == organization_id,
            and_(AuditEvent.organization_id.is_(None), AuditEvent.actor_user_id == caller),
        )
    )
    if action is not None:
        # A trailing dot asks for a family of actions: "auth." matches auth.login, auth.logout.
        if action.endswith("."):
            query = query.where(AuditEvent.action.startswith(action, autoescape=True))
        else:
            query = query.where(AuditEvent.action == action)
    if actor is not None:
        query = query.where(AuditEvent.actor_user_id == actor)
    if outcome is not None:
        query = query.where(AuditEvent.outcome == outcome)
    if (since := _aware(since, "since")) is not None:
        query = query.where(AuditEvent.created_at >= since)
    if (until := _aware(until, "until")) is not None:
        query = query.where(AuditEvent.created_at < until)
    if cursor is not None:
        before_at, before_id = _decode_cursor(cursor)
        query = query.where(
            or_(
                AuditEvent.created_at < before_at,
                and_(AuditEvent.created_at == before_at, AuditEvent.id < before_id),
            )
        )
    query = query.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc()).limit(limit + 1)
    rows = list(await session.scalars(query))
    page, more = rows[:limit], len(rows) > limit
    return AuditEventPage(
        items=[AuditEventSchema.model_validate(row) for row in page],
        next_cursor=_encode_cursor(page[-1]) if more and page else None,
    )

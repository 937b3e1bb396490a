"""Write audit events in the caller's transaction (they commit with the change they record)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import Request
from sqlalchemy.ext.asyncio import AsyncSession

from inkpass.audit.models import AuditEvent


def client_ip(request: Request | None) -> str | None:
    if request is None or request.client is None:
        return None
    return request.client.host


async def record(
    session: AsyncSession,
    action: str,
    *,
    request: Request | None = None,
    organization_id: uuid.UUID | None = None,
    actor_user_id: uuid.UUID | None = None,
    actor_kind: str = "user",
    outcome: str = "success",
    target_type: str | None = None,
    target_id: str | uuid.UUID | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    event = AuditEvent(
        organization_id=organization_id,
        actor_user_id=actor_user_id,
        actor_kind=actor_kind,
        action=action,
        outcome=outcome,
        ip=client_ip(request),
        user_agent=(request.headers.get("user-agent", "")[:400] if request else None),
        target_type=target_type,
        target_id=str(target_id) if target_id is not None else None,
        details=details or {},
    )
    session.add(event)
    await session.flush()
    return event


async def record_independent(request: Request, action: str, **fields: Any) -> None:
    """Record in a transaction of its own, for outcomes whose request fails (a 401 rolls back).

    Failed logins, rejected codes and similar must stay in the audit log even though the
    request's own session is rolled back when the error response is rendered.
    """
    from fluxkit.db import session_factory_from, unit_of_work

    async with unit_of_work(session_factory_from(request)) as session:
        await record(session, action, request=request, **fields)

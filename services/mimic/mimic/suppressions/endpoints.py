"""The organization's suppression list."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Query, Response

from fluxkit.app import flux_router
from fluxkit.db import SessionDep
from mimic.auth import NotificationsAdmin, NotificationsRead
from mimic.suppressions import service
from mimic.suppressions.schemas import SuppressionCreate, SuppressionPage, SuppressionRead

router = flux_router("/api/v1/notifications/suppressions", tags=["suppressions"])


@router.get("")
async def list_suppressions(
    caller: NotificationsRead,
    session: SessionDep,
    address: str | None = None,
    reason: Literal["bounced", "complained", "manual"] | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    cursor: str | None = None,
) -> SuppressionPage:
    """Addresses this organization does not email (ordered by address)."""
    rows = await service.list_suppressions(
        session,
        caller.organization_id,
        address=address,
        reason=reason,
        limit=limit + 1,
        after=cursor,
    )
    next_cursor = rows[limit - 1].address if len(rows) > limit else None
    return SuppressionPage(
        items=[SuppressionRead.model_validate(row) for row in rows[:limit]],
        next_cursor=next_cursor,
    )


@router.post("", status_code=201)
async def add_suppression(
    payload: SuppressionCreate, caller: NotificationsAdmin, session: SessionDep
) -> SuppressionRead:
    """Stop emailing an address."""
    row = await service.add_manual(
        session, caller.organization_id, str(payload.address), payload.detail
    )
    return SuppressionRead.model_validate(row)


@router.delete("/{address}", status_code=204)
async def remove_suppression(
    address: str, caller: NotificationsAdmin, session: SessionDep
) -> Response:
    """Allow emails to an address again."""
    await service.remove(session, caller.organization_id, address)
    return Response(status_code=204)

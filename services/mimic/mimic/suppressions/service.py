"""The per-organization suppression list: checked before every send, fed by provider reports."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.errors import Conflict, NotFound
from mimic.suppressions.models import Suppression


class RecipientSuppressed(Conflict):
    """Sending to an address on the organization's suppression list."""


def normalize_address(address: str) -> str:
    return address.strip().lower()


async def suppressed_among(
    session: AsyncSession, organization_id: uuid.UUID, addresses: Iterable[str]
) -> list[Suppression]:
    wanted = sorted({normalize_address(address) for address in addresses})
    if not wanted:
        return []
    rows = await session.scalars(
        select(Suppression)
        .where(Suppression.organization_id == organization_id, Suppression.address.in_(wanted))
        .order_by(Suppression.address)
    )
    return list(rows)


async def ensure_not_suppressed(
    session: AsyncSession, organization_id: uuid.UUID, addresses: Sequence[str]
) -> None:
    blocked = await suppressed_among(session, organization_id, addresses)
    if blocked:
        listed = ", ".join(f"{row.address} ({row.reason})" for row in blocked)
        raise RecipientSuppressed(
            f"these recipients are on the suppression list: {listed}; remove them from the "
            "list to send again",
            extra={"suppressed": [row.address for row in blocked]},
        )


async def suppress(
    session: AsyncSession,
    organization_id: uuid.UUID,
    address: str,
    *,
    reason: str,
    detail: str | None = None,
    notification_id: uuid.UUID | None = None,
    provider: str | None = None,
) -> None:
    """Add an address (a second report for the same address keeps the first entry)."""
    await session.execute(
        insert(Suppression)
        .values(
            id=uuid.uuid4(),
            organization_id=organization_id,
            address=normalize_address(address),
            reason=reason,
            detail=detail,
            notification_id=notification_id,
            provider=provider,
        )
        .on_conflict_do_nothing(index_elements=["organization_id", "address"])
    )


async def list_suppressions(
    session: AsyncSession,
    organization_id: uuid.UUID,
    *,
    address: str | None,
    reason: str | None,
    limit: int,
    after: str | None,
) -> list[Suppression]:
    query = select(Suppression).where(Suppression.organization_id == organization_id)
    if address:
        query = query.where(Suppression.address == normalize_address(address))
    if reason:
        query = query.where(Suppression.reason == reason)
    if after:
        query = query.where(Suppression.address > after)
    rows = await session.scalars(query.order_by(Suppression.address).limit(limit))
    return list(rows)


async def add_manual(
    session: AsyncSession, organization_id: uuid.UUID, address: str, detail: str | None
) -> Suppression:
    existing = await suppressed_among(session, organization_id, [address])
    if existing:
        return existing[0]
    row = Suppression(
        organization_id=organization_id,
        address=normalize_address(address),
        reason="manual",
        detail=detail,
    )
    session.add(row)
    await session.flush()
    return row


async def remove(session: AsyncSession, organization_id: uuid.UUID, address: str) -> None:
    result = await session.execute(
        delete(Suppression).where(
            Suppression.organization_id == organization_id,
            Suppression.address == normalize_address(address),
        )
    )
    if not getattr(result, "rowcount", 0):
        raise NotFound("that address is not on the suppression list")

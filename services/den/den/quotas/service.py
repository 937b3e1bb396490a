"""Quota accounting that stays correct under concurrent uploads.

Usage is derived, never counted twice: the sizes of the organization's stored files (trash
included, until purged) plus the reservations of uploads still in flight. An upload reserves
bytes in short transactions of its own as data arrives, serialised per organization by an
advisory lock, so two uploads can never both squeeze into the last free bytes; the reservation
is deleted in the same transaction that stores the file row, so the bytes move from "reserved"
to "used" atomically.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from den.files.models import StoredFile
from den.quotas.models import StorageQuota, UploadReservation
from fluxkit.db import unit_of_work, utcnow
from fluxkit.errors import PayloadTooLarge

RESERVATION_STEP_BYTES = 8 * 1024 * 1024
RESERVATION_TTL = timedelta(hours=1)
_LOCK_NAMESPACE = 0x0DE7_F11E


def human_bytes(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KiB", "MiB", "GiB", "TiB"):
        if value < 1024 or unit == "TiB":
            return f"{int(value)} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} bytes"


class QuotaExceeded(PayloadTooLarge):
    def __init__(self, *, quota: int, used: int, needed: int) -> None:
        super().__init__(
            f"storage quota exceeded: the organization uses {human_bytes(used)} of its "
            f"{human_bytes(quota)} quota and this needs {human_bytes(needed)} more; "
            "delete or purge files to free space",
            extra={"quota_bytes": quota, "used_bytes": used, "needed_bytes": needed},
        )


class FileTooLarge(PayloadTooLarge):
    def __init__(self, limit: int) -> None:
        super().__init__(
            f"file too large: the limit is {human_bytes(limit)} per file",
            extra={"max_file_bytes": limit},
        )


@dataclass(frozen=True)
class Usage:
    quota_bytes: int
    used_bytes: int
    trashed_bytes: int
    reserved_bytes: int
    file_count: int


def _lock_key(organization_id: uuid.UUID) -> int:
    return int.from_bytes(organization_id.bytes[:8], "big", signed=True) ^ _LOCK_NAMESPACE


async def quota_for(session: AsyncSession, organization_id: uuid.UUID, default: int) -> int:
    quota = await session.scalar(
        select(StorageQuota.quota_bytes).where(StorageQuota.organization_id == organization_id)
    )
    return default if quota is None else int(quota)


async def set_quota(
    session: AsyncSession, organization_id: uuid.UUID, quota_bytes: int | None
) -> None:
    """Give an organization its own quota (``None`` returns it to the default)."""
    if quota_bytes is None:
        await session.execute(
            delete(StorageQuota).where(StorageQuota.organization_id == organization_id)
        )
        return
    statement = insert(StorageQuota).values(
        id=uuid.uuid4(), organization_id=organization_id, quota_bytes=quota_bytes
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[StorageQuota.organization_id],
            set_={"quota_bytes": quota_bytes, "updated_at": utcnow()},
        )
    )


def _stored_bytes_query(organization_id: uuid.UUID) -> Any:
    return (
        select(func.coalesce(func.sum(StoredFile.size_bytes), 0))
        .where(StoredFile.organization_id == organization_id)
        .scalar_subquery()
    )


def _reserved_bytes_query(organization_id: uuid.UUID, *, excluding: uuid.UUID | None = None) -> Any:
    query = select(func.coalesce(func.sum(UploadReservation.bytes), 0)).where(
        UploadReservation.organization_id == organization_id,
        UploadReservation.expires_at > utcnow(),
    )
    if excluding is not None:
        query = query.where(UploadReservation.id != excluding)
    return query.scalar_subquery()


async def _committed_and_reserved(
    session: AsyncSession, organization_id: uuid.UUID, *, excluding: uuid.UUID | None = None
) -> tuple[int, int]:
    """Stored and reserved bytes read in ONE statement, so from one snapshot: an upload that
    commits in between (file row in, reservation out) is counted exactly once, never zero times.
    """
    row = (
        await session.execute(
            select(
                _stored_bytes_query(organization_id),
                _reserved_bytes_query(organization_id, excluding=excluding),
            )
        )
    ).one()
    return int(row[0]), int(row[1])


async def usage(session: AsyncSession, organization_id: uuid.UUID, default_quota: int) -> Usage:
    trashed = (
        select(func.coalesce(func.sum(StoredFile.size_bytes), 0))
        .where(StoredFile.organization_id == organization_id, StoredFile.deleted_at.is_not(None))
        .scalar_subquery()
    )
    live_files = (
        select(func.count(StoredFile.id))
        .where(StoredFile.organization_id == organization_id, StoredFile.deleted_at.is_(None))
        .scalar_subquery()
    )
    row = (
        await session.execute(
            select(
                _stored_bytes_query(organization_id),
                trashed,
                _reserved_bytes_query(organization_id),
                live_files,
            )
        )
    ).one()
    return Usage(
        quota_bytes=await quota_for(session, organization_id, default_quota),
        used_bytes=int(row[0]),
        trashed_bytes=int(row[1]),
        reserved_bytes=int(row[2]),
        file_count=int(row[3]),
    )


class Reservation:
    """Bytes held for one upload (or copy) while it is in flight."""

    def __init__(
        self,
        factory: async_sessionmaker[AsyncSession],
        organization_id: uuid.UUID,
        *,
        default_quota: int,
        step_bytes: int = RESERVATION_STEP_BYTES,
    ) -> None:
        self.id = uuid.uuid4()
        self.organization_id = organization_id
        self.reserved = 0
        self._factory = factory
        self._default_quota = default_quota
        self._step = step_bytes
        self._ceiling: int | None = None
        self._held = False

    def expect_at_most(self, total: int) -> None:
        """Never reserve ahead past ``total`` (e.g. the request's Content-Length), so an upload
        in flight does not hold quota that a concurrent one could use."""
        self._ceiling = total

    async def ensure(self, total: int) -> None:
        """Hold at least ``total`` bytes, reserving ahead in steps; QuotaExceeded when full."""
        if total <= self.reserved:
            return
        async with unit_of_work(self._factory) as session:
            await session.execute(
                select(func.pg_advisory_xact_lock(_lock_key(self.organization_id)))
            )
            quota = await quota_for(session, self.organization_id, self._default_quota)
            used, held = await _committed_and_reserved(
                session, self.organization_id, excluding=self.id
            )
            available = quota - used - held
            if total > available:
                raise QuotaExceeded(quota=quota, used=used + held, needed=total)
            ahead = self.reserved + self._step
            if self._ceiling is not None:
                ahead = min(ahead, self._ceiling)
            grant = min(max(total, ahead), available)
            statement = insert(UploadReservation).values(
                id=self.id,
                organization_id=self.organization_id,
                bytes=grant,
                expires_at=utcnow() + RESERVATION_TTL,
            )
            await session.execute(
                statement.on_conflict_do_update(
                    index_elements=[UploadReservation.id],
                    set_={"bytes": grant, "expires_at": statement.excluded.expires_at},
                )
            )
        self.reserved = grant
        self._held = True

    async def settle(self, session: AsyncSession) -> None:
        """Drop the reservation inside the transaction that stores the file."""
        if self._held:
            await session.execute(delete(UploadReservation).where(UploadReservation.id == self.id))

    async def release(self) -> None:
        """Give the bytes back after a failed upload (its own transaction)."""
        if not self._held:
            return
        async with unit_of_work(self._factory) as session:
            await session.execute(delete(UploadReservation).where(UploadReservation.id == self.id))
        self._held = False
        self.reserved = 0


async def purge_expired_reservations(session: AsyncSession) -> int:
    result: Any = await session.execute(
        delete(UploadReservation).where(UploadReservation.expires_at <= utcnow())
    )
    return int(result.rowcount or 0)

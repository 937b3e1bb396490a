"""Timers the scheduler calls: emptying old trash and dropping stale upload reservations."""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from den.files.models import StoredFile
from den.quotas.service import purge_expired_reservations
from den.storage import StorageBackend, StorageError
from fluxkit.db import unit_of_work, utcnow

logger = logging.getLogger(__name__)

PURGE_BATCH = 500


async def purge_trash(
    session_factory: async_sessionmaker[AsyncSession],
    storage: StorageBackend,
    *,
    older_than: timedelta,
) -> int:
    """Delete files trashed before ``now - older_than``: rows first, bytes once committed.

    Safe to run from several workers at once (rows are claimed with SKIP LOCKED); returns how
    many files were purged.
    """
    cutoff = utcnow() - older_than
    purged = 0
    while True:
        async with unit_of_work(session_factory) as session:
            rows = (
                await session.execute(
                    select(StoredFile.id, StoredFile.storage_key)
                    .where(StoredFile.deleted_at.is_not(None), StoredFile.deleted_at < cutoff)
                    .limit(PURGE_BATCH)
                    .with_for_update(skip_locked=True)
                )
            ).all()
            if rows:
                await session.execute(
                    delete(StoredFile).where(StoredFile.id.in_([row.id for row in rows]))
                )
            await purge_expired_reservations(session)
        # Bytes go only after the rows are gone: a crash here leaves an orphan object, never
        # a file whose content is missing.
        for row in rows:
            try:
                await storage.delete(row.storage_key)
            except StorageError:
                logger.warning(
                    "could not delete object %s of purged file %s", row.storage_key, row.id
                )
        purged += len(rows)
        if len(rows) < PURGE_BATCH:
            return purged

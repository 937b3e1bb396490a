"""Checks every service's test suite runs on its migrations (used from tests only)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anyio
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from fluxkit import migrations


async def schema_drift(database_url: str, metadata: MetaData) -> list[Any]:
    """Differences between the migrated database and the models (empty when they agree)."""

    def compare(connection: Connection) -> list[Any]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, metadata))

    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(compare)
    finally:
        await engine.dispose()


async def table_names(database_url: str) -> set[str]:
    def names(connection: Connection) -> set[str]:
        from sqlalchemy import inspect

        return set(inspect(connection).get_table_names()) - {"alembic_version"}

    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(names)
    finally:
        await engine.dispose()


async def round_trip(script_location: Path, database_url: str) -> None:
    """Upgrade to head, downgrade to base, upgrade again (migrations are reversible)."""
    await anyio.to_thread.run_sync(migrations.upgrade, script_location, database_url)
    await anyio.to_thread.run_sync(migrations.downgrade, script_location, database_url, "base")
    await anyio.to_thread.run_sync(migrations.upgrade, script_location, database_url)

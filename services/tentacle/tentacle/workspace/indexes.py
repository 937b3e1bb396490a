"""Expression indexes on declared data fields, built in the background.

A type's schema may declare ``indexed_fields`` (``PUT /api/v1/workspace/schemas/{type}``). Every
distinct dotted field declared by any organisation gets one btree index on
``(organization_id, type, jsonb_extract_path(data, 'a', 'b'))``: tenant and type lead, so one
index serves every organisation that declared the field, and range filters and their index hints
(``tentacle.workspace.query.index_hints``) on it become index range scans. Indexes are built with
``CREATE INDEX CONCURRENTLY`` (writes continue) by the ``tentacle.workspace.build_indexes`` task
after the schema change commits; a build that failed half-way (an INVALID index) is dropped and
built again. Undeclaring a field keeps its index while another organisation still declares it;
the next build drops indexes nobody declares.
"""

from __future__ import annotations

import hashlib
import logging

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tentacle.workspace.query import FIELD

logger = logging.getLogger(__name__)

BUILD_TASK = "tentacle.workspace.build_indexes"
BUILD_QUEUE = "tentacle.timers"
PREFIX = "ix_workspace_field_"


def index_name(field: str) -> str:
    return PREFIX + hashlib.sha256(field.encode()).hexdigest()[:20]


def index_ddl(field: str) -> str:
    if not FIELD.match(field):  # FIELD admits no quote: the parts are safe as SQL literals
        raise ValueError(f"not a dotted field name: {field!r}")
    path = ", ".join(f"'{part}'::text" for part in field.split("."))
    return (
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {index_name(field)} ON workspace_objects "
        f"(organization_id, type, jsonb_extract_path(data, {path}))"
    )


def request_index_build() -> None:
    """Ask a worker to build what the committed schemas declare."""
    from tentacle.worker import celery_app

    celery_app.send_task(BUILD_TASK, queue=BUILD_QUEUE)


async def build_indexes(engine: AsyncEngine) -> dict[str, list[str]]:
    """Create missing (and rebuild invalid) field indexes, drop undeclared ones."""
    autocommit = engine.execution_options(isolation_level="AUTOCOMMIT")
    async with autocommit.connect() as connection:
        declared = {
            str(field)
            for field in (
                await connection.execute(
                    text("SELECT DISTINCT unnest(indexed_fields) FROM workspace_schemas")
                )
            ).scalars()
        }
        existing = {
            str(row.relname): bool(row.indisvalid)
            for row in await connection.execute(
                text(
                    "SELECT c.relname, i.indisvalid FROM pg_index i"
                    " JOIN pg_class c ON c.oid = i.indexrelid"
                    " WHERE i.indrelid = 'workspace_objects'::regclass AND c.relname LIKE :prefix"
                ),
                {"prefix": PREFIX + "%"},
            )
        }
        wanted = {index_name(field): field for field in declared if FIELD.match(field)}
        built: list[str] = []
        dropped: list[str] = []
        for name, valid in existing.items():
            if name not in wanted or not valid:
                await connection.execute(text(f"DROP INDEX CONCURRENTLY IF EXISTS {name}"))
                dropped.append(name)
        for name, field in sorted(wanted.items()):
            if existing.get(name):
                continue
            logger.info("building workspace index %s on %s", name, field)
            await connection.execute(text(index_ddl(field)))
            built.append(name)
    return {"built": built, "dropped": dropped}

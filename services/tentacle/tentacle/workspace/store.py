"""The executors' :class:`~tentacle.executors.stores.WorkspaceStore`, backed by this store."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from fluxkit.db import unit_of_work
from tentacle.workspace import service
from tentacle.workspace.models import WorkspaceObject

AGENT = "workspace_write"
PERIOD_FIELDS = ("start", "starts_at", "date", "due", "when")
"""Where a fast-path period ("this week") looks for an object's date."""


def store_filter(filters: dict[str, Any]) -> dict[str, Any]:
    """Step filters as a query: ``period`` ({from, to}) bounds the object's date fields; other
    keys are plain Mongo-style conditions."""
    where = {key: value for key, value in filters.items() if key != "period"}
    period = filters.get("period")
    if isinstance(period, dict) and period.get("from") and period.get("to"):
        bounds = {"$gte": period["from"], "$lt": period["to"]}
        where["$or"] = [{name: bounds} for name in PERIOD_FIELDS]
    return where


def _item(obj: WorkspaceObject) -> dict[str, Any]:
    return {
        "id": str(obj.id),
        "type": obj.type,
        "data": obj.data,
        "tags": list(obj.tags),
        "created_at": obj.created_at.isoformat(),
    }


class SqlWorkspaceStore:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self.session_factory = session_factory

    async def query(
        self,
        *,
        organization_id: uuid.UUID,
        user_id: uuid.UUID,
        kind: str,
        filters: dict[str, Any],
        text: str | None,
        limit: int,
    ) -> list[dict[str, Any]]:
        async with unit_of_work(self.session_factory) as session:
            if text:
                hits = await service.search_objects(
                    session, organization_id, q=text, type_=kind, tags=[], limit=limit
                )
                objects = [obj for obj, _ in hits]
                where = store_filter(filters)
                if where:
                    matching, _ = await service.query_objects(
                        session,
                        organization_id,
                        type_=kind,
                        where=where,
                        tags=[],
                        order_by="-created_at",
                        limit=500,
                        cursor=None,
                    )
                    ids = {obj.id for obj in matching}
                    objects = [obj for obj in objects if obj.id in ids]
            else:
                objects, _ = await service.query_objects(
                    session,
                    organization_id,
                    type_=kind,
                    where=store_filter(filters),
                    tags=[],
                    order_by="-created_at",
                    limit=limit,
                    cursor=None,
                )
            return [_item(obj) for obj in objects]

    async def write(
        self,
        *,
        organization_id: uuid.UUID,
        user_id: uuid.UUID,
        kind: str,
        object_id: str | None,
        data: dict[str, Any],
        idempotency_key: str,
    ) -> tuple[str, bool]:
        async with unit_of_work(self.session_factory) as session:
            if object_id is not None:
                obj, _ = await service.update_object(
                    session, organization_id, uuid.UUID(object_id), data, None
                )
                return str(obj.id), False
            existing = await session.scalar(
                select(WorkspaceObject.id).where(
                    WorkspaceObject.organization_id == organization_id,
                    WorkspaceObject.idempotency_key == idempotency_key,
                )
            )
            if existing is not None:
                return str(existing), False
            author = service.Author("agent", user_id, AGENT)
            obj, _ = await service.create_object(
                session, organization_id, author, kind, data, [], idempotency_key
            )
            return str(obj.id), True

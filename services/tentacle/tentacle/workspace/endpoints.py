"""/api/v1/workspace: the organisation's objects, Mongo-style queries and full-text search."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Response

from fluxkit.app import flux_router
from fluxkit.auth import OrgScope, Principal, RequireScope
from fluxkit.db import SessionDep
from tentacle.workspace import service
from tentacle.workspace.models import WorkspaceObject
from tentacle.workspace.schemas import (
    SearchHit,
    SearchPage,
    WorkspaceObjectCreate,
    WorkspaceObjectRead,
    WorkspaceObjectUpdate,
    WorkspacePage,
    WorkspaceQuery,
    WorkspaceSchemaRead,
    WorkspaceSchemaWrite,
    WorkspaceSearch,
)

router = flux_router("/api/v1/workspace", tags=["workspace"])

Reader = Annotated[Principal, RequireScope("workspace:read")]
Writer = Annotated[Principal, RequireScope("workspace:write")]


def _read(obj: WorkspaceObject, warnings: list[str] | None = None) -> WorkspaceObjectRead:
    return WorkspaceObjectRead.model_validate(obj).model_copy(update={"warnings": warnings or []})


def _author(principal: Principal) -> service.Author:
    if principal.kind == "service":
        return service.Author("agent", principal.user_id, principal.service)
    return service.Author("user", principal.user_id)


@router.post("/objects", response_model=WorkspaceObjectRead, status_code=201)
async def create_object(
    body: WorkspaceObjectCreate, principal: Writer, organization_id: OrgScope, session: SessionDep
) -> WorkspaceObjectRead:
    """Store an object of any type (checked against the type's schema when one is set)."""
    obj, warnings = await service.create_object(
        session, organization_id, _author(principal), body.type, body.data, body.tags
    )
    return _read(obj, warnings)


@router.get("/objects/{object_id}", response_model=WorkspaceObjectRead)
async def get_object(
    object_id: uuid.UUID, principal: Reader, organization_id: OrgScope, session: SessionDep
) -> WorkspaceObjectRead:
    """One object."""
    return _read(await service.get_object(session, organization_id, object_id))


@router.patch("/objects/{object_id}", response_model=WorkspaceObjectRead)
async def update_object(
    object_id: uuid.UUID,
    body: WorkspaceObjectUpdate,
    principal: Writer,
    organization_id: OrgScope,
    session: SessionDep,
) -> WorkspaceObjectRead:
    """Merge data into an object (or replace it) and/or set its tags."""
    obj, warnings = await service.update_object(
        session, organization_id, object_id, body.data, body.tags, replace=body.replace
    )
    return _read(obj, warnings)


@router.delete("/objects/{object_id}", status_code=204)
async def delete_object(
    object_id: uuid.UUID, principal: Writer, organization_id: OrgScope, session: SessionDep
) -> Response:
    """Delete an object."""
    await service.delete_object(session, organization_id, object_id)
    return Response(status_code=204)


@router.post("/query", response_model=WorkspacePage)
async def query_objects(
    body: WorkspaceQuery, principal: Reader, organization_id: OrgScope, session: SessionDep
) -> WorkspacePage:
    """Objects matching a Mongo-style filter, ordered and paged by cursor."""
    objects, cursor = await service.query_objects(
        session,
        organization_id,
        type_=body.type,
        where=body.where,
        tags=body.tags,
        order_by=body.order_by,
        limit=body.limit,
        cursor=body.cursor,
    )
    return WorkspacePage(items=[_read(obj) for obj in objects], next_cursor=cursor)


@router.post("/search", response_model=SearchPage)
async def search_objects(
    body: WorkspaceSearch, principal: Reader, organization_id: OrgScope, session: SessionDep
) -> SearchPage:
    """Full-text search over every data field (web-search syntax), best match first."""
    hits = await service.search_objects(
        session, organization_id, q=body.q, type_=body.type, tags=body.tags, limit=body.limit
    )
    return SearchPage(items=[SearchHit(**_read(obj).model_dump(), rank=rank) for obj, rank in hits])


@router.put("/schemas/{type_name}", response_model=WorkspaceSchemaRead)
async def put_schema(
    type_name: str,
    body: WorkspaceSchemaWrite,
    principal: Writer,
    organization_id: OrgScope,
    session: SessionDep,
) -> WorkspaceSchemaRead:
    """Set the JSON Schema objects of a type follow (strict rejects, advisory warns)."""
    row = await service.put_schema(
        session,
        organization_id,
        type_name,
        body.json_schema,
        body.mode,
        indexed_fields=body.indexed_fields,
    )
    return WorkspaceSchemaRead.model_validate(row)

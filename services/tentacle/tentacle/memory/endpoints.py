"""/api/v1/memories: the organisation's memories, their versions and hybrid search."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query, Response

from fluxkit.app import flux_router
from fluxkit.auth import CurrentUser, Principal, RequireScope
from fluxkit.db import SessionDep
from tentacle.memory import service
from tentacle.memory.models import Memory
from tentacle.memory.repository import MemoryFilter
from tentacle.memory.schemas import (
    MemoryCreate,
    MemoryHit,
    MemoryPage,
    MemoryRead,
    MemorySearch,
    MemorySearchResult,
    MemoryUpdate,
    MemoryVersionList,
    MemoryVersionRead,
    Scope,
)
from tentacle.memory.search import SearchOutcome

router = flux_router("/api/v1/memories", tags=["memories"])

Reader = Annotated[Principal, RequireScope("memories:read")]
Writer = Annotated[Principal, RequireScope("memories:write")]


def _read(memory: Memory) -> MemoryRead:
    return MemoryRead.model_validate(memory).model_copy(
        update={"embedded": service.is_embedded(memory)}
    )


def _listed(memory: Memory) -> MemoryHit:
    return MemoryHit.model_validate(memory).model_copy(
        update={"embedded": service.is_embedded(memory)}
    )


def _hits(outcome: SearchOutcome) -> list[MemoryHit]:
    return [
        _listed(hit.memory).model_copy(
            update={
                "score": hit.score,
                "signals": hit.signals,
                "text_rank": hit.text_rank,
                "similarity": hit.similarity,
            }
        )
        for hit in outcome.hits
    ]


@router.get("", response_model=MemoryPage)
async def list_memories(
    principal: CurrentUser,
    _: Reader,
    session: SessionDep,
    key: str | None = None,
    topic: str | None = None,
    tags: Annotated[list[str] | None, Query()] = None,
    scope: Scope | None = None,
    q: Annotated[str | None, Query(min_length=1, max_length=2000)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: str | None = None,
) -> MemoryPage:
    """Memories you can see, newest change first; with ``q``, ranked by hybrid search."""
    if q is not None:
        outcome = await service.search_memories(
            session, principal, query=q, topic=topic, tags=tags, scope=scope, key=key, limit=limit
        )
        return MemoryPage(items=_hits(outcome), semantic=outcome.semantic)
    criteria = MemoryFilter(key=key, topic=topic, tags=tuple(tags or ()), scope=scope)
    memories, next_cursor = await service.list_memories(
        session, principal, criteria, limit=limit, cursor=cursor
    )
    return MemoryPage(items=[_listed(memory) for memory in memories], next_cursor=next_cursor)


@router.post("", response_model=MemoryRead, status_code=201)
async def create_memory(
    body: MemoryCreate, principal: CurrentUser, _: Writer, session: SessionDep, response: Response
) -> MemoryRead:
    """Remember something under a key (409 when the key exists, unless ``upsert``)."""
    memory, created = await service.create_memory(
        session,
        principal,
        key=body.key,
        title=body.title,
        body=body.body,
        topic=body.topic,
        tags=body.tags,
        scope=body.scope,
        agent_type=body.agent_type,
        upsert=body.upsert,
    )
    if not created:
        response.status_code = 200
    return _read(memory)


@router.post("/search", response_model=MemorySearchResult)
async def search_memories(
    body: MemorySearch, principal: CurrentUser, _: Reader, session: SessionDep
) -> MemorySearchResult:
    """Memories ranked by exact key, full text and meaning together, with the matching signals."""
    outcome = await service.search_memories(
        session,
        principal,
        query=body.query,
        topic=body.topic,
        tags=body.tags,
        scope=body.scope,
        limit=body.limit,
    )
    return MemorySearchResult(items=_hits(outcome), semantic=outcome.semantic)


@router.get("/{memory_id}", response_model=MemoryRead)
async def get_memory(
    memory_id: uuid.UUID, principal: CurrentUser, _: Reader, session: SessionDep
) -> MemoryRead:
    """One memory."""
    return _read(await service.get_memory(session, principal, memory_id))


@router.patch("/{memory_id}", response_model=MemoryRead)
async def update_memory(
    memory_id: uuid.UUID,
    body: MemoryUpdate,
    principal: CurrentUser,
    _: Writer,
    session: SessionDep,
) -> MemoryRead:
    """Change a memory; the change becomes a new version (the author, owners and admins)."""
    changes = body.model_dump(include=body.model_fields_set)
    return _read(await service.update_memory(session, principal, memory_id, changes))


@router.delete("/{memory_id}", status_code=204)
async def delete_memory(
    memory_id: uuid.UUID, principal: CurrentUser, _: Writer, session: SessionDep
) -> Response:
    """Delete a memory and its versions (the author, owners and admins)."""
    await service.delete_memory(session, principal, memory_id)
    return Response(status_code=204)


@router.get("/{memory_id}/versions", response_model=MemoryVersionList)
async def list_versions(
    memory_id: uuid.UUID, principal: CurrentUser, _: Reader, session: SessionDep
) -> MemoryVersionList:
    """Every version of a memory, the current one first."""
    versions = await service.list_versions(session, principal, memory_id)
    return MemoryVersionList(items=[MemoryVersionRead.model_validate(v) for v in versions])

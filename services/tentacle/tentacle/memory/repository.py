"""Memory queries, every one scoped to an organisation and to what the caller may see."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.errors import BadRequest
from tentacle.memory.models import Memory, MemoryScope, MemoryVersion


@dataclass(frozen=True)
class Viewer:
    """Whose eyes a query uses: the organisation, and the user whose ``user`` memories show."""

    organization_id: uuid.UUID
    user_id: uuid.UUID | None


@dataclass(frozen=True)
class MemoryFilter:
    key: str | None = None
    topic: str | None = None
    tags: Sequence[str] = ()
    scope: str | None = None
    agent_type: str | None = None


def visible(viewer: Viewer) -> ColumnElement[bool]:
    """The organisation's memories, minus other users' ``user``-scope ones."""
    own = (
        Memory.user_id == viewer.user_id
        if viewer.user_id is not None
        else Memory.id.is_(None)  # no user: no user-scope memory is visible
    )
    return and_(
        Memory.organization_id == viewer.organization_id,
        or_(Memory.scope != MemoryScope.USER, own),
    )


def filtered(criteria: MemoryFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if criteria.key is not None:
        conditions.append(Memory.key == criteria.key)
    if criteria.topic is not None:
        conditions.append(Memory.topic == criteria.topic)
    if criteria.tags:
        conditions.append(Memory.tags.contains(sorted(set(criteria.tags))))
    if criteria.scope is not None:
        conditions.append(Memory.scope == criteria.scope)
    if criteria.agent_type is not None:
        conditions.append(Memory.agent_type == criteria.agent_type)
    return conditions


async def get_visible(
    session: AsyncSession, viewer: Viewer, memory_id: uuid.UUID, *, for_update: bool = False
) -> Memory | None:
    statement = select(Memory).where(Memory.id == memory_id, visible(viewer))
    if for_update:
        statement = statement.with_for_update()
    return await session.scalar(statement)


async def find_by_key(
    session: AsyncSession,
    organization_id: uuid.UUID,
    scope: str,
    owner_key: str,
    key: str,
    *,
    for_update: bool = False,
) -> Memory | None:
    statement = select(Memory).where(
        Memory.organization_id == organization_id,
        Memory.scope == scope,
        Memory.owner_key == owner_key,
        Memory.key == key,
    )
    if for_update:
        statement = statement.with_for_update()
    return await session.scalar(statement)


async def find_by_idempotency_key(
    session: AsyncSession, organization_id: uuid.UUID, idempotency_key: str
) -> Memory | None:
    return await session.scalar(
        select(Memory).where(
            Memory.organization_id == organization_id,
            Memory.idempotency_key == idempotency_key,
        )
    )


def encode_cursor(updated_at: datetime, memory_id: uuid.UUID) -> str:
    raw = json.dumps({"u": updated_at.isoformat(), "id": str(memory_id)}).encode()
    return base64.urlsafe_b64encode(raw).decode()


def _decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        return datetime.fromisoformat(raw["u"]), uuid.UUID(raw["id"])
    except (ValueError, KeyError, TypeError):
        raise BadRequest("cursor: not a cursor this API returned") from None


async def list_page(
    session: AsyncSession,
    viewer: Viewer,
    criteria: MemoryFilter,
    *,
    limit: int,
    cursor: str | None,
) -> tuple[list[Memory], str | None]:
    """Most recently changed first; keyset paging on (updated_at, id)."""
    statement = select(Memory).where(visible(viewer), *filtered(criteria))
    if cursor:
        updated_at, last_id = _decode_cursor(cursor)
        statement = statement.where(
            tuple_(Memory.updated_at, Memory.id) < tuple_(updated_at, last_id)
        )
    statement = statement.order_by(Memory.updated_at.desc(), Memory.id.desc()).limit(limit + 1)
    rows = list((await session.scalars(statement)).all())
    next_cursor = None
    if len(rows) > limit:
        last = rows[limit - 1]
        next_cursor = encode_cursor(last.updated_at, last.id)
    return rows[:limit], next_cursor


async def versions_of(session: AsyncSession, memory: Memory) -> list[MemoryVersion]:
    return list(
        (
            await session.scalars(
                select(MemoryVersion)
                .where(
                    MemoryVersion.memory_id == memory.id,
                    MemoryVersion.organization_id == memory.organization_id,
                )
                .order_by(MemoryVersion.version.desc())
            )
        ).all()
    )


async def store_embedding(
    session: AsyncSession,
    memory_id: uuid.UUID,
    content_hash: str,
    *,
    vector: list[float],
    model: str,
    embedded_at: datetime,
) -> bool:
    """Save the vector unless the memory changed since its text was read (the change's own
    task embeds the new text); False when nothing was written."""
    values: dict[str, Any] = {
        "embedding": vector,
        "embedding_model": model,
        "embedding_hash": content_hash,
        "embedded_at": embedded_at,
        # An embedding is bookkeeping, not an edit: the memory keeps its updated_at.
        "updated_at": Memory.updated_at,
    }
    result = await session.execute(
        update(Memory)
        .where(Memory.id == memory_id, Memory.content_hash == content_hash)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))

"""Memory rules: scopes and visibility, who may write, versions, attribution, embeddings after
commit, and hybrid search. Flux's ``memory`` tool and the subagents' store call these too.

Permissions follow the organisation roles: every member (viewers included) reads the
organisation's memories; owners, admins and members write; a memory changes or goes away only
by its author's hand or an owner's or admin's. ``user``-scope memories are seen by their user
alone (an admin included: they are private notes, not shared knowledge). Deleting is a hard
delete: the memory and its versions go together.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.auth import Principal
from fluxkit.db import after_commit
from fluxkit.errors import Conflict, Forbidden, NotFound
from tentacle.memory import repository
from tentacle.memory.embeddings import EmbeddingProvider, embedding_provider
from tentacle.memory.models import Memory, MemoryScope, MemoryVersion
from tentacle.memory.repository import MemoryFilter, Viewer
from tentacle.memory.search import SearchOutcome, hybrid_search

logger = logging.getLogger(__name__)

EMBED_TASK = "tentacle.memory.embed"
EMBED_QUEUE = "tentacle.memory"
WRITER_ROLES = frozenset({"owner", "admin", "member"})
MANAGER_ROLES = frozenset({"owner", "admin"})
SCOPES = (MemoryScope.ORGANIZATION, MemoryScope.USER, MemoryScope.AGENT)


class MemoryKeyTaken(Conflict):
    """Another memory of the same scope already has this key."""


class InvalidMemory(Conflict):
    status_code = 422


@dataclass(frozen=True)
class Author:
    kind: str
    """``user`` or ``agent``."""
    user_id: uuid.UUID | None
    agent: str | None = None


def author_of(principal: Principal, agent: str | None = None) -> Author:
    """An agent when one is named or a service calls (acting for its user); else the user."""
    if agent or principal.kind == "service":
        return Author("agent", principal.user_id, agent or principal.service)
    return Author("user", principal.user_id)


def viewer_of(principal: Principal) -> Viewer:
    return Viewer(principal.require_organization(), principal.user_id)


def embedded_text(title: str, body: str) -> str:
    return f"{title}\n\n{body}"


def content_hash(title: str, body: str) -> str:
    return hashlib.sha256(embedded_text(title, body).encode()).hexdigest()


def is_embedded(memory: Memory) -> bool:
    return memory.embedding_hash is not None and memory.embedding_hash == memory.content_hash


def _require_writer(principal: Principal) -> None:
    if principal.roles and not principal.roles & WRITER_ROLES:
        raise Forbidden("your role may read memories but not write them")


def _require_changer(principal: Principal, memory: Memory) -> None:
    _require_writer(principal)
    is_author = principal.user_id is not None and memory.created_by_id == principal.user_id
    if not (is_author or principal.roles & MANAGER_ROLES):
        raise Forbidden("only the memory's author, owners and admins change or delete it")


def _owner_key(scope: str, user_id: uuid.UUID | None, agent_type: str | None) -> str:
    if scope == MemoryScope.USER:
        if user_id is None:
            raise InvalidMemory("user-scope memories need a user identity")
        return str(user_id)
    if scope == MemoryScope.AGENT:
        if not agent_type:
            raise InvalidMemory("agent-scope memories name their agent_type")
        return agent_type
    return ""


def enqueue_embedding(memory_id: uuid.UUID) -> None:
    from tentacle.worker import celery_app

    celery_app.send_task(EMBED_TASK, args=[str(memory_id)], queue=EMBED_QUEUE)


def _schedule_embedding(session: AsyncSession, memory: Memory) -> None:
    """Embed the memory's text once the change is committed (the worker retries failures)."""
    memory_id = memory.id
    after_commit(session, lambda: enqueue_embedding(memory_id))


def _add_version(session: AsyncSession, memory: Memory, author: Author) -> None:
    session.add(
        MemoryVersion(
            id=uuid.uuid4(),
            memory_id=memory.id,
            organization_id=memory.organization_id,
            version=memory.version,
            title=memory.title,
            body=memory.body,
            topic=memory.topic,
            tags=list(memory.tags),
            edited_by_kind=author.kind,
            edited_by_id=author.user_id,
            edited_by_agent=author.agent,
        )
    )


async def create_memory(
    session: AsyncSession,
    principal: Principal,
    *,
    key: str,
    title: str,
    body: str,
    topic: str | None = None,
    tags: Sequence[str] = (),
    scope: str = MemoryScope.ORGANIZATION,
    agent_type: str | None = None,
    upsert: bool = False,
    idempotency_key: str | None = None,
    agent: str | None = None,
) -> tuple[Memory, bool]:
    """A new memory (version 1), or with ``upsert`` a new version of the key's memory;
    returns (memory, created). 409 when the key is taken and ``upsert`` is off."""
    organization_id = principal.require_organization()
    _require_writer(principal)
    if scope not in SCOPES:
        raise InvalidMemory(f"scope is one of {', '.join(SCOPES)}")
    if scope != MemoryScope.AGENT:
        agent_type = None
    owner_key = _owner_key(scope, principal.user_id, agent_type)
    existing = await repository.find_by_key(
        session, organization_id, scope, owner_key, key, for_update=upsert
    )
    if existing is not None:
        if not upsert:
            raise MemoryKeyTaken(
                f"a {scope} memory with key {key!r} exists", extra={"id": str(existing.id)}
            )
        changes = {"title": title, "body": body, "topic": topic, "tags": list(tags)}
        return await _apply_update(session, principal, existing, changes, agent=agent), False
    author = author_of(principal, agent)
    memory = Memory(
        id=uuid.uuid4(),
        organization_id=organization_id,
        key=key,
        scope=scope,
        user_id=principal.user_id if scope == MemoryScope.USER else None,
        agent_type=agent_type,
        owner_key=owner_key,
        title=title,
        body=body,
        topic=topic,
        tags=sorted(set(tags)),
        version=1,
        created_by_kind=author.kind,
        created_by_id=author.user_id,
        created_by_agent=author.agent,
        idempotency_key=idempotency_key,
        content_hash=content_hash(title, body),
    )
    try:
        async with session.begin_nested():
            session.add(memory)
            await session.flush()
            _add_version(session, memory, author)
            await session.flush()
    except IntegrityError:
        # A concurrent create of the same key (or idempotency key) won the race.
        raise MemoryKeyTaken(f"a {scope} memory with key {key!r} exists") from None
    _schedule_embedding(session, memory)
    return memory, True


async def get_memory(session: AsyncSession, principal: Principal, memory_id: uuid.UUID) -> Memory:
    memory = await repository.get_visible(session, viewer_of(principal), memory_id)
    if memory is None:
        raise NotFound("memory not found")
    return memory


async def _apply_update(
    session: AsyncSession,
    principal: Principal,
    memory: Memory,
    changes: dict[str, Any],
    *,
    agent: str | None = None,
) -> Memory:
    _require_changer(principal, memory)
    changed = False
    for name in ("title", "body", "topic"):
        if name in changes and changes[name] != getattr(memory, name):
            setattr(memory, name, changes[name])
            changed = True
    if "tags" in changes and changes["tags"] is not None:
        tags = sorted(set(changes["tags"]))
        if tags != list(memory.tags):
            memory.tags = tags
            changed = True
    if not changed:
        return memory
    memory.version += 1
    new_hash = content_hash(memory.title, memory.body)
    text_changed = new_hash != memory.content_hash
    memory.content_hash = new_hash
    _add_version(session, memory, author_of(principal, agent))
    await session.flush()
    await session.refresh(memory)
    if text_changed:
        _schedule_embedding(session, memory)
    return memory


async def update_memory(
    session: AsyncSession, principal: Principal, memory_id: uuid.UUID, changes: dict[str, Any]
) -> Memory:
    """Apply the given fields; any real change becomes a new version."""
    memory = await repository.get_visible(session, viewer_of(principal), memory_id, for_update=True)
    if memory is None:
        raise NotFound("memory not found")
    return await _apply_update(session, principal, memory, changes)


async def delete_memory(session: AsyncSession, principal: Principal, memory_id: uuid.UUID) -> None:
    memory = await get_memory(session, principal, memory_id)
    _require_changer(principal, memory)
    await session.delete(memory)
    await session.flush()


async def list_versions(
    session: AsyncSession, principal: Principal, memory_id: uuid.UUID
) -> list[MemoryVersion]:
    """Every version, newest (the current content) first."""
    return await repository.versions_of(session, await get_memory(session, principal, memory_id))


async def list_memories(
    session: AsyncSession,
    principal: Principal,
    criteria: MemoryFilter,
    *,
    limit: int,
    cursor: str | None,
) -> tuple[list[Memory], str | None]:
    return await repository.list_page(
        session, viewer_of(principal), criteria, limit=limit, cursor=cursor
    )


async def search_memories(
    session: AsyncSession,
    principal: Principal,
    *,
    query: str,
    topic: str | None = None,
    tags: Sequence[str] | None = None,
    scope: str | None = None,
    limit: int = 10,
    key: str | None = None,
    provider: EmbeddingProvider | None = None,
) -> SearchOutcome:
    """The caller's visible memories best matching ``query`` (key, text and meaning fused)."""
    from tentacle.runtime import current_settings

    settings = current_settings()
    return await hybrid_search(
        session,
        viewer_of(principal),
        MemoryFilter(key=key, topic=topic, tags=tuple(tags or ()), scope=scope),
        query=query,
        limit=limit,
        provider=provider or embedding_provider(settings),
        min_similarity=settings.memory_min_similarity,
    )


async def store_memory(
    session: AsyncSession,
    principal: Principal,
    *,
    key: str,
    title: str,
    body: str,
    topic: str | None = None,
    tags: Sequence[str] = (),
    scope: str = MemoryScope.ORGANIZATION,
    agent_type: str | None = None,
    agent: str | None = None,
) -> Memory:
    """Remember under ``key``: create it, or add a version when the key exists (what Flux's
    ``memory`` tool wants: storing again updates rather than failing)."""
    memory, _ = await create_memory(
        session,
        principal,
        key=key,
        title=title,
        body=body,
        topic=topic,
        tags=tags,
        scope=scope,
        agent_type=agent_type,
        upsert=True,
        agent=agent,
    )
    return memory

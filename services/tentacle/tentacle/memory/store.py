"""The executors' :class:`~tentacle.executors.stores.MemoryStore`, backed by this store: the
memory_store and memory_search subagents read and write the memories people and Flux see."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from fluxkit.auth import Principal
from fluxkit.db import unit_of_work
from tentacle.memory import repository, service
from tentacle.memory.models import MemoryScope

AGENT = "memory_store"
SEARCH_AGENT = "memory_search"
TITLE_CHARS = 120


def _principal(organization_id: uuid.UUID, user_id: uuid.UUID, agent: str) -> Principal:
    """The subagent acting for the task's user (no roles of its own: the task's user could
    start the task, so the task may remember its findings)."""
    return Principal(
        kind="service", user_id=user_id, organization_id=organization_id, service=agent
    )


def finding_title(content: str) -> str:
    first_line = content.strip().splitlines()[0] if content.strip() else "finding"
    return first_line if len(first_line) <= TITLE_CHARS else first_line[: TITLE_CHARS - 1] + "…"


def finding_key(idempotency_key: str) -> str:
    """A stable key per step attempt: a retried step finds its own memory again."""
    return "finding-" + hashlib.sha256(idempotency_key.encode()).hexdigest()[:20]


def _item(hit: Any) -> dict[str, Any]:
    memory = hit.memory
    return {
        "id": str(memory.id),
        "key": memory.key,
        "title": memory.title,
        "body": memory.body,
        "topic": memory.topic,
        "tags": list(memory.tags),
        "scope": memory.scope,
        "score": round(hit.score, 6),
        "signals": list(hit.signals),
        "updated_at": memory.updated_at.isoformat(),
    }


class SqlMemoryStore:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self.session_factory = session_factory

    async def search(
        self, *, organization_id: uuid.UUID, user_id: uuid.UUID, query: str, limit: int
    ) -> list[dict[str, Any]]:
        principal = _principal(organization_id, user_id, SEARCH_AGENT)
        async with unit_of_work(self.session_factory) as session:
            outcome = await service.search_memories(session, principal, query=query, limit=limit)
            return [_item(hit) for hit in outcome.hits]

    async def store(
        self,
        *,
        organization_id: uuid.UUID,
        user_id: uuid.UUID,
        content: str,
        tags: list[str],
        idempotency_key: str,
    ) -> str:
        principal = _principal(organization_id, user_id, AGENT)
        async with unit_of_work(self.session_factory) as session:
            existing = await repository.find_by_idempotency_key(
                session, organization_id, idempotency_key
            )
            if existing is not None:
                return str(existing.id)
            try:
                memory, _ = await service.create_memory(
                    session,
                    principal,
                    key=finding_key(idempotency_key),
                    title=finding_title(content),
                    body=content,
                    tags=tags,
                    scope=MemoryScope.ORGANIZATION,
                    idempotency_key=idempotency_key,
                )
            except service.MemoryKeyTaken:
                memory = None
            if memory is not None:
                return str(memory.id)
        # A concurrent attempt of the same step stored it first: answer with its memory.
        async with unit_of_work(self.session_factory) as session:
            winner = await repository.find_by_idempotency_key(
                session, organization_id, idempotency_key
            )
            if winner is None:
                raise RuntimeError("memory store: the key is taken by another memory")
            return str(winner.id)

"""Helpers of the memory tests: creating memories over the API, embedding them in-session."""

from __future__ import annotations

import uuid
from typing import Any

from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from tentacle_testkit import Caller

from tentacle.memory import repository
from tentacle.memory.embeddings import EmbeddingProvider
from tentacle.memory.models import Memory
from tentacle.memory.service import embedded_text


async def create(client: AsyncClient, caller: Caller, **fields: Any) -> dict[str, Any]:
    body = {"title": fields.get("key", "t"), "body": "b", **fields}
    response = await client.post("/api/v1/memories", json=body, headers=caller.headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def embed_now(db: AsyncSession, provider: EmbeddingProvider, memory_id: str) -> None:
    """What the worker does, in the test's session (rolled back afterwards)."""
    memory = await db.scalar(select(Memory).where(Memory.id == uuid.UUID(memory_id)))
    assert memory is not None
    [vector] = await provider.embed([embedded_text(memory.title, memory.body)])
    from datetime import UTC, datetime

    assert await repository.store_embedding(
        db,
        memory.id,
        memory.content_hash,
        vector=vector,
        model=provider.name,
        embedded_at=datetime.now(UTC),
    )

"""Embeddings on a real Celery worker: computed after commit, recomputed after an edit, skipped
when current, and retried with backoff while a litellm-configured provider fails."""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from pydantic import SecretStr
from sqlalchemy import select, text
from tentacle_testkit import Tokens, eventually

from fluxkit.celery import run_async
from tentacle.memory.embeddings.local import MODEL_NAME
from tentacle.memory.models import Memory
from tentacle.memory.service import content_hash
from tentacle.memory.tasks import embed_memory, sweep_unembedded
from tentacle.settings import TentacleSettings

sys.path.insert(0, str(Path(__file__).parent))

from fake_embeddings import DIMENSIONS, FakeEmbeddings

URL = "/api/v1/memories"


async def _embedding(app: FastAPI, memory_id: str) -> tuple[Any, ...] | None:
    async with app.state.session_factory() as session:
        row = (
            await session.execute(
                select(
                    Memory.embedding_model,
                    Memory.embedding_hash,
                    Memory.content_hash,
                    Memory.embedding,
                ).where(Memory.id == uuid.UUID(memory_id))
            )
        ).one()
    return tuple(row) if row.embedding_hash == row.content_hash else None


async def _embed_on_worker_loop(memory_id: str) -> str:
    """The task's body, run where the worker runtime lives (its own event loop)."""
    return await anyio.to_thread.run_sync(run_async, embed_memory(uuid.UUID(memory_id)))


@pytest.fixture
def remote_embeddings(tentacle_settings: TentacleSettings) -> Iterator[FakeEmbeddings]:
    """The worker's (and API's) settings point at a litellm model on the fake server."""
    names = ("embedding_model", "embedding_api_base", "embedding_api_key")
    names += ("embedding_retry_base_seconds",)
    saved = {name: getattr(tentacle_settings, name) for name in names}
    with FakeEmbeddings() as fake:
        tentacle_settings.embedding_model = "openai/fake-embed"
        tentacle_settings.embedding_api_base = fake.base_url
        tentacle_settings.embedding_api_key = SecretStr("test-key")
        tentacle_settings.embedding_retry_base_seconds = 0.2
        try:
            yield fake
        finally:
            for name, value in saved.items():
                setattr(tentacle_settings, name, value)


async def test_worker_embeds_after_commit_and_after_edits(
    tentacle_app: FastAPI, live_client: AsyncClient, tokens: Tokens, worker: None
) -> None:
    owner = tokens.caller()
    created = await live_client.post(
        URL,
        json={
            "key": "standup",
            "title": "Team standup",
            "body": "The engineering team meets every morning at half past nine.",
        },
        headers=owner.headers,
    )
    assert created.status_code == 201, created.text
    memory_id = created.json()["id"]
    model, first_hash, _, vector = await eventually(lambda: _embedding(tentacle_app, memory_id))
    assert model == MODEL_NAME and len(vector) == 384
    assert abs(sum(v * v for v in vector) - 1.0) < 1e-4

    fetched = await live_client.get(f"{URL}/{memory_id}", headers=owner.headers)
    assert fetched.json()["embedded"] is True
    found = await live_client.post(
        f"{URL}/search", json={"query": "when does the daily meeting happen"}, headers=owner.headers
    )
    [hit] = found.json()["items"]
    assert hit["id"] == memory_id and hit["signals"] == ["semantic"]

    assert await _embed_on_worker_loop(memory_id) == "current"  # idempotent

    edited = await live_client.patch(
        f"{URL}/{memory_id}",
        json={"body": "The engineering team meets on Mondays at ten."},
        headers=owner.headers,
    )
    assert edited.json()["embedded"] is False

    async def re_embedded() -> tuple[Any, ...] | None:
        state = await _embedding(tentacle_app, memory_id)
        return state if state and state[1] != first_hash else None

    await eventually(re_embedded)
    assert await _embed_on_worker_loop(str(uuid.uuid4())) == "gone"


async def test_failing_provider_is_retried_until_it_answers(
    tentacle_app: FastAPI,
    live_client: AsyncClient,
    tokens: Tokens,
    worker: None,
    remote_embeddings: FakeEmbeddings,
) -> None:
    owner = tokens.caller()
    # The provider's SDK retries a 5xx twice on its own: six failures outlast two task
    # attempts, so only Celery's retries (with backoff) get the memory embedded.
    remote_embeddings.fail_next(*[500, 503] * 3)
    created = await live_client.post(
        URL,
        json={"key": "vat", "title": "VAT rate", "body": "Standard VAT rate is twenty percent."},
        headers=owner.headers,
    )
    assert created.status_code == 201, created.text
    memory_id = created.json()["id"]
    model, _, _, vector = await eventually(lambda: _embedding(tentacle_app, memory_id), timeout=90)
    assert model == "openai/fake-embed" and len(vector) == DIMENSIONS
    embed_calls = [r for r in remote_embeddings.requests if "VAT" in str(r["input"])]
    assert len(embed_calls) >= 7  # six failures, then the answer
    assert embed_calls[0]["model"] == "fake-embed"

    # Search embeds the query with the same model and compares only that model's vectors.
    found = await live_client.post(
        f"{URL}/search", json={"query": "standard rate twenty percent"}, headers=owner.headers
    )
    [hit] = found.json()["items"]
    assert hit["id"] == memory_id and hit["signals"] == ["text", "semantic"]


async def test_sweep_queues_memories_whose_message_was_lost(
    tentacle_app: FastAPI, tokens: Tokens, worker: None
) -> None:
    owner = tokens.caller()
    memory_id = uuid.uuid4()
    async with tentacle_app.state.engine.begin() as connection:  # written without any enqueue
        await connection.execute(
            text(
                "INSERT INTO memories (id, organization_id, key, scope, owner_key, title, body,"
                " tags, version, created_by_kind, content_hash, created_at, updated_at)"
                " VALUES (:id, :org, 'lost', 'organization', '', 'Lost', 'A lost message',"
                " '{}', 1, 'user', :hash, now() - interval '1 hour', now() - interval '1 hour')"
            ),
            {
                "id": memory_id,
                "org": owner.organization_id,
                "hash": content_hash("Lost", "A lost message"),
            },
        )
    queued = await anyio.to_thread.run_sync(run_async, sweep_unembedded())
    assert queued >= 1
    model, *_ = await eventually(lambda: _embedding(tentacle_app, str(memory_id)))
    assert model == MODEL_NAME

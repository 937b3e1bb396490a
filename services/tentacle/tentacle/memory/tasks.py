"""Worker side: "tentacle.memory.embed" computes a memory's embedding after its change commits.

Idempotent (a memory whose stored embedding already matches its text and the current model is
skipped; a memory changed mid-flight keeps the newer change's task as the one that writes) and
retried with exponential backoff while the provider fails.
"""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.exc import DBAPIError, OperationalError

from fluxkit.celery import flux_task, run_async
from fluxkit.db import unit_of_work
from tentacle.memory import repository
from tentacle.memory.embeddings import EmbeddingFailed, embedding_provider
from tentacle.memory.models import Memory
from tentacle.memory.service import EMBED_QUEUE, EMBED_TASK, embedded_text, enqueue_embedding
from tentacle.runtime import current_settings, worker_runtime
from tentacle.worker import celery_app

logger = logging.getLogger(__name__)

SWEEP_TASK = "tentacle.memory.sweep"
SWEEP_BATCH = 500
SWEEP_GRACE = timedelta(seconds=60)
"""Changes younger than this still have their own task in flight."""


async def embed_memory(memory_id: uuid.UUID) -> str:
    """Embed one memory; returns what happened (``embedded``, ``current``, ``gone``, ``moved``)."""
    runtime = await worker_runtime()
    provider = embedding_provider(runtime.settings)
    async with unit_of_work(runtime.session_factory) as session:
        row = (
            await session.execute(
                select(
                    Memory.title,
                    Memory.body,
                    Memory.content_hash,
                    Memory.embedding_hash,
                    Memory.embedding_model,
                ).where(Memory.id == memory_id)
            )
        ).one_or_none()
    if row is None:
        return "gone"
    title, body, content_hash, embedding_hash, embedding_model = row
    if embedding_hash == content_hash and embedding_model == provider.name:
        return "current"
    [vector] = await provider.embed([embedded_text(title, body)])
    async with unit_of_work(runtime.session_factory) as session:
        written = await repository.store_embedding(
            session,
            memory_id,
            content_hash,
            vector=vector,
            model=provider.name,
            embedded_at=datetime.now(UTC),
        )
    return "embedded" if written else "moved"


@flux_task(
    celery_app,
    name=EMBED_TASK,
    queue=EMBED_QUEUE,
    bind=True,
    max_retries=current_settings().embedding_max_retries,
)
def embed(self: Any, memory_id: str) -> str:
    """Compute and store a memory's embedding; provider or database failures retry later."""
    try:
        return run_async(embed_memory(uuid.UUID(memory_id)))
    except (EmbeddingFailed, OperationalError, DBAPIError) as exc:
        settings = current_settings()
        countdown = min(
            settings.embedding_retry_base_seconds * (2**self.request.retries),
            settings.embedding_retry_max_seconds,
        )
        logger.warning(
            "embedding memory %s failed (%s); retrying in %.1fs", memory_id, exc, countdown
        )
        raise self.retry(exc=exc, countdown=countdown) from exc


async def sweep_unembedded(limit: int = SWEEP_BATCH) -> int:
    """Queue memories whose embedding is missing, stale or from another model: a message lost
    while the broker was down, or a change of embedding model, heals here. Returns the count."""
    runtime = await worker_runtime()
    provider = embedding_provider(runtime.settings)
    async with unit_of_work(runtime.session_factory) as session:
        ids = list(
            (
                await session.scalars(
                    select(Memory.id)
                    .where(
                        or_(
                            Memory.embedding_hash.is_(None),
                            Memory.embedding_hash != Memory.content_hash,
                            Memory.embedding_model.is_distinct_from(provider.name),
                        ),
                        Memory.updated_at < datetime.now(UTC) - SWEEP_GRACE,
                    )
                    .order_by(Memory.updated_at)
                    .limit(limit)
                )
            ).all()
        )
    for memory_id in ids:
        enqueue_embedding(memory_id)
    return len(ids)


@flux_task(celery_app, name=SWEEP_TASK, queue=EMBED_QUEUE, max_retries=0)
def sweep() -> int:
    """Beat runs this every ``embedding_sweep_interval_seconds``; the embed task is idempotent,
    so a memory queued twice is embedded once."""
    return run_async(sweep_unembedded())

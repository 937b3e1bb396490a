"""Hybrid memory search: exact key, full text and semantic similarity, fused into one ranking.

Each signal ranks its own candidates (full text by ``ts_rank_cd`` over a weighted tsvector with
``websearch_to_tsquery``; semantic by cosine distance between pgvector embeddings of the current
model, above a similarity floor; key by exact equality with the query). Reciprocal rank fusion
sums ``weight / (RRF_K + rank)`` over the signals a memory appears in, so a memory found by
both text and meaning beats one found by either, and an exact key match comes first. A memory
whose embedding is not computed yet is still found by its text.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Integer,
    String,
    Text,
    bindparam,
    case,
    cast,
    func,
    literal,
    literal_column,
    select,
    text,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from tentacle.memory.embeddings import EmbeddingFailed, EmbeddingProvider
from tentacle.memory.embeddings.local import DIMENSIONS as LOCAL_DIMENSIONS
from tentacle.memory.embeddings.local import MODEL_NAME as LOCAL_MODEL
from tentacle.memory.models import TEXT_CONFIG, Memory
from tentacle.memory.repository import MemoryFilter, Viewer, filtered, visible
from tentacle.memory.vector import Vector

logger = logging.getLogger(__name__)

RRF_K = 60
CANDIDATES = 50
"""How many candidates each signal contributes before fusion."""
WEIGHTS = {"key": 3.0, "text": 1.0, "semantic": 1.0}
INNER_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")


@dataclass
class Hit:
    memory: Memory
    score: float
    signals: list[str] = field(default_factory=list)
    text_rank: float | None = None
    similarity: float | None = None


@dataclass
class SearchOutcome:
    hits: list[Hit]
    semantic: bool


def text_query(query: str) -> str:
    """The query for ``websearch_to_tsquery``, hyphenated words split: the parser would demand
    the compound token ("wifi-password") that text written "wifi password" never contains.
    A leading ``-`` (exclusion) is kept."""
    return INNER_HYPHEN.sub(" ", query)


async def query_embedding(provider: EmbeddingProvider | None, query: str) -> list[float] | None:
    """The query's vector, or None when it cannot be had (search goes on without meaning)."""
    if provider is None:
        return None
    try:
        return (await provider.embed([query]))[0]
    except EmbeddingFailed:
        logger.warning("query embedding failed; searching by text and key only", exc_info=True)
        return None


async def hybrid_search(
    session: AsyncSession,
    viewer: Viewer,
    criteria: MemoryFilter,
    *,
    query: str,
    limit: int,
    provider: EmbeddingProvider | None,
    min_similarity: float,
) -> SearchOutcome:
    conditions = [visible(viewer), *filtered(criteria)]
    ts_query = func.websearch_to_tsquery(
        literal_column(f"'{TEXT_CONFIG}'::regconfig"), cast(literal(text_query(query)), Text)
    )
    text_score = func.ts_rank_cd(Memory.search, ts_query)
    text_ranked = (
        select(
            Memory.id.label("id"),
            literal("text", String).label("signal"),
            func.row_number().over(order_by=(text_score.desc(), Memory.id)).label("rank"),
            cast(text_score, Float).label("value"),
        )
        .where(*conditions, Memory.search.op("@@")(ts_query))
        .order_by(text_score.desc(), Memory.id)
        .limit(CANDIDATES)
    )
    key_ranked = (
        select(
            Memory.id.label("id"),
            literal("key", String).label("signal"),
            literal(1, Integer).label("rank"),
            literal(None, Float).label("value"),
        )
        .where(*conditions, Memory.key == query.strip())
        .limit(CANDIDATES)
    )
    parts = [key_ranked, text_ranked]

    vector = await query_embedding(provider, query)
    if vector is not None and provider is not None:
        stored: ColumnElement[Any] | InstrumentedAttribute[Any]
        if provider.name == LOCAL_MODEL and len(vector) == LOCAL_DIMENSIONS:
            # The partial HNSW index's own expression and predicate, so the planner uses it.
            stored = cast(Memory.embedding, Vector(LOCAL_DIMENSIONS))
            probe = bindparam("query_vector", vector, type_=Vector(LOCAL_DIMENSIONS))
            same_model = Memory.embedding_model == literal_column(f"'{LOCAL_MODEL}'")
            # Tenant and scope filters apply after the index scan: keep scanning until enough
            # rows pass them (pgvector >= 0.8), instead of the first ef_search neighbours only.
            await session.execute(
                text("SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true)")
            )
        else:
            stored = Memory.embedding
            probe = bindparam("query_vector", vector, type_=Vector())
            same_model = Memory.embedding_model == provider.name
        distance = stored.op("<=>", return_type=Float)(probe)
        parts.append(
            select(
                Memory.id.label("id"),
                literal("semantic", String).label("signal"),
                func.row_number().over(order_by=(distance, Memory.id)).label("rank"),
                cast(1 - distance, Float).label("value"),
            )
            .where(
                *conditions,
                same_model,
                Memory.embedding_hash == Memory.content_hash,
                distance <= 1 - min_similarity,
            )
            .order_by(distance)
            .limit(CANDIDATES)
        )

    ranked = union_all(*[part.subquery().select() for part in parts]).subquery("ranked")
    weight = case(*[(ranked.c.signal == name, value) for name, value in WEIGHTS.items()], else_=1.0)
    fused = (
        select(
            ranked.c.id,
            func.sum(weight / (RRF_K + ranked.c.rank)).label("score"),
            func.array_agg(ranked.c.signal, type_=ARRAY(String)).label("signals"),
            func.max(case((ranked.c.signal == "text", ranked.c.value))).label("text_rank"),
            func.max(case((ranked.c.signal == "semantic", ranked.c.value))).label("similarity"),
        )
        .group_by(ranked.c.id)
        .subquery("fused")
    )
    statement = (
        select(Memory, fused.c.score, fused.c.signals, fused.c.text_rank, fused.c.similarity)
        .join(fused, fused.c.id == Memory.id)
        .order_by(fused.c.score.desc(), Memory.updated_at.desc(), Memory.id)
        .limit(limit)
    )
    rows = (await session.execute(statement)).all()
    order = list(WEIGHTS)
    hits = [
        Hit(
            memory=row[0],
            score=float(row[1]),
            signals=sorted(set(row[2]), key=order.index),
            text_rank=None if row[3] is None else float(row[3]),
            similarity=None if row[4] is None else float(row[4]),
        )
        for row in rows
    ]
    return SearchOutcome(hits=hits, semantic=vector is not None)

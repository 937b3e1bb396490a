"""Memories (the head of each key) and their versions (every state a memory has had)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Computed,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    literal_column,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from fluxkit.db import RecordMixin
from tentacle.db import Base
from tentacle.memory.vector import Vector

TEXT_CONFIG = "english"
"""Memories are prose: English stemming lets "deploying" find "deployment"."""

SEARCH_EXPRESSION = (
    "setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, replace(key, '-', ' ')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, coalesce(topic, '')), 'B') || "
    "setweight(to_tsvector('english'::regconfig, body), 'C')"
)


class MemoryScope:
    ORGANIZATION = "organization"
    USER = "user"
    AGENT = "agent"


class Memory(RecordMixin, Base):
    __tablename__ = "memories"
    __table_args__ = (
        UniqueConstraint("organization_id", "scope", "owner_key", "key", name="uq_memories_key"),
        UniqueConstraint("organization_id", "idempotency_key", name="uq_memories_idem"),
        Index("ix_memories_org_updated", "organization_id", "updated_at"),
        Index("ix_memories_org_topic", "organization_id", "topic"),
        Index("ix_memories_tags", "tags", postgresql_using="gin"),
        Index("ix_memories_search", "search", postgresql_using="gin"),
        # Vectors of the bundled model; see the memory migration for why a cast and a predicate.
        Index(
            "ix_memories_embedding_minilm",
            literal_column("((embedding)::vector(384))").label("minilm"),
            postgresql_using="hnsw",
            postgresql_ops={"minilm": "vector_cosine_ops"},
            postgresql_where=text("embedding_model = 'local/all-MiniLM-L6-v2'"),
        ),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    key: Mapped[str] = mapped_column(String(200))
    scope: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    """For ``user`` scope: the only user who sees the memory."""
    agent_type: Mapped[str | None] = mapped_column(String(128), nullable=True)
    """For ``agent`` scope: the agent type the memory is for."""
    owner_key: Mapped[str] = mapped_column(String(128), default="")
    """What makes a key unique within its scope: the user id, the agent type, or ''."""
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    topic: Mapped[str | None] = mapped_column(String(100), nullable=True)
    tags: Mapped[list[str]] = mapped_column(ARRAY(String(64)), default=list)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_by_kind: Mapped[str] = mapped_column(String(16))
    """``user`` or ``agent``."""
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    """The user (for an agent: the user it acted for)."""
    created_by_agent: Mapped[str | None] = mapped_column(String(128), nullable=True)
    idempotency_key: Mapped[str | None] = mapped_column(String(200), nullable=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    """sha256 of the embedded text (title and body); an embedding is current when it matches."""
    embedding: Mapped[list[float] | None] = mapped_column(Vector(), nullable=True, deferred=True)
    embedding_model: Mapped[str | None] = mapped_column(String(200), nullable=True)
    embedding_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    """``content_hash`` of the text the stored embedding was computed from."""
    embedded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    search: Mapped[Any] = mapped_column(
        TSVECTOR, Computed(SEARCH_EXPRESSION, persisted=True), nullable=True, deferred=True
    )


class MemoryVersion(RecordMixin, Base):
    """One state of a memory; the highest ``version`` is the memory's current content."""

    __tablename__ = "memory_versions"
    __table_args__ = (UniqueConstraint("memory_id", "version", name="uq_memory_versions_version"),)

    memory_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("memories.id", ondelete="CASCADE")
    )
    organization_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    topic: Mapped[str | None] = mapped_column(String(100), nullable=True)
    tags: Mapped[list[str]] = mapped_column(ARRAY(String(64)), default=list)
    edited_by_kind: Mapped[str] = mapped_column(String(16))
    edited_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    edited_by_agent: Mapped[str | None] = mapped_column(String(128), nullable=True)

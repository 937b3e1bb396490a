"""Memories, their versions and search results as the API shows them."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Scope = Literal["organization", "user", "agent"]
Key = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200, pattern=r"^[^\s].*$"),
]
Tag = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
Topic = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Body = Annotated[str, StringConstraints(min_length=1, max_length=50_000)]
AgentType = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=128)]


class MemoryCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: Key
    """Unique within the organisation and scope (for ``user`` scope: within the user's own)."""
    title: Title
    body: Body
    topic: Topic | None = None
    tags: list[Tag] = Field(default_factory=list, max_length=50)
    scope: Scope = "organization"
    agent_type: AgentType | None = None
    """Required for ``agent`` scope: the agent type the memory is for."""
    upsert: bool = False
    """When the key exists: add a version to that memory instead of answering 409."""

    @model_validator(mode="after")
    def _agent_type_matches_scope(self) -> MemoryCreate:
        if (self.scope == "agent") != (self.agent_type is not None):
            raise ValueError("agent_type is required for agent scope and only allowed there")
        return self


class MemoryUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: Title | None = None
    body: Body | None = None
    topic: Topic | None = None
    """``null`` clears the topic."""
    tags: list[Tag] | None = Field(default=None, max_length=50)

    @model_validator(mode="after")
    def _something_to_change(self) -> MemoryUpdate:
        if not self.model_fields_set:
            raise ValueError("nothing to change: give title, body, topic or tags")
        for name in ("title", "body", "tags"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null")
        return self


class MemoryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    key: str
    title: str
    body: str
    topic: str | None
    tags: list[str]
    scope: str
    user_id: uuid.UUID | None
    agent_type: str | None
    version: int
    created_by_kind: str
    created_by_id: uuid.UUID | None
    created_by_agent: str | None
    embedding_model: str | None
    embedded: bool = False
    """Whether the stored embedding was computed from the current title and body."""
    created_at: datetime
    updated_at: datetime


class MemoryVersionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    version: int
    title: str
    body: str
    topic: str | None
    tags: list[str]
    edited_by_kind: str
    edited_by_id: uuid.UUID | None
    edited_by_agent: str | None
    created_at: datetime


class MemoryVersionList(BaseModel):
    items: list[MemoryVersionRead]


class MemorySearch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    query: str = Field(min_length=1, max_length=2000)
    topic: Topic | None = None
    tags: list[Tag] = Field(default_factory=list, max_length=50)
    scope: Scope | None = None
    limit: int = Field(default=10, ge=1, le=100)


Signal = Literal["key", "text", "semantic"]


class MemoryHit(MemoryRead):
    score: float | None = None
    """Reciprocal-rank fusion of the signals below; higher is better (search only)."""
    signals: list[Signal] = Field(default_factory=list)
    text_rank: float | None = None
    similarity: float | None = None
    """Cosine similarity of the query's and the memory's embeddings."""


class MemorySearchResult(BaseModel):
    items: list[MemoryHit]
    semantic: bool
    """Whether the semantic signal took part (false when the query could not be embedded)."""


class MemoryPage(BaseModel):
    items: list[MemoryHit]
    """With ``q``: ranked search hits (score, signals); without: newest change first."""
    next_cursor: str | None = None
    """The next page of a listing (searches answer one ranked page)."""
    semantic: bool | None = None
    """With ``q``: whether the semantic signal took part."""

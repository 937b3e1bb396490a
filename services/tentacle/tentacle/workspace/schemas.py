"""Workspace objects, queries and searches as the API shows them."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

TypeName = Field(min_length=1, max_length=64, pattern=r"^[a-z][a-z0-9_\-]*$")
Tag = Field(min_length=1, max_length=64)


class WorkspaceObjectCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: str = TypeName
    data: dict[str, Any] = Field(default_factory=dict)
    tags: list[str] = Field(default_factory=list, max_length=50)


class WorkspaceObjectUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    data: dict[str, Any] | None = None
    """Merged into the object's data (top-level keys; a null value removes the key)."""
    replace: bool = False
    """Replace the data wholesale instead of merging."""
    tags: list[str] | None = Field(default=None, max_length=50)


class WorkspaceObjectRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    type: str
    data: dict[str, Any]
    tags: list[str]
    created_by_kind: str
    created_by_id: uuid.UUID | None
    created_by_agent: str | None
    created_at: datetime
    updated_at: datetime
    warnings: list[str] = Field(default_factory=list)
    """Advisory-schema violations (the object was saved anyway)."""


class WorkspaceQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: str | None = None
    where: dict[str, Any] = Field(default_factory=dict)
    tags: list[str] = Field(default_factory=list)
    """Objects carrying all of these tags."""
    order_by: str = "-created_at"
    """``created_at``, ``updated_at`` or a dotted data field; ``-`` for descending."""
    limit: int = Field(default=50, ge=1, le=500)
    cursor: str | None = None


class WorkspaceSearch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    q: str = Field(min_length=1, max_length=500)
    type: str | None = None
    tags: list[str] = Field(default_factory=list)
    limit: int = Field(default=20, ge=1, le=200)


class WorkspacePage(BaseModel):
    items: list[WorkspaceObjectRead]
    next_cursor: str | None = None


class SearchHit(WorkspaceObjectRead):
    rank: float


class SearchPage(BaseModel):
    items: list[SearchHit]


class WorkspaceSchemaWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    json_schema: dict[str, Any]
    mode: Literal["strict", "advisory"] = "advisory"
    indexed_fields: list[str] = Field(default_factory=list, max_length=5)
    """Dotted data fields to index for range filters (built in the background)."""


class WorkspaceSchemaRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    type: str
    json_schema: dict[str, Any]
    mode: str
    indexed_fields: list[str] = Field(default_factory=list)

"""Workspace objects (JSONB of any type, tagged, attributed) and optional per-type schemas."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Computed, Index, String, UniqueConstraint, Uuid
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from fluxkit.db import RecordMixin
from tentacle.db import Base

SEARCH_EXPRESSION = (
    "jsonb_to_tsvector('simple'::regconfig, data, '[\"string\", \"numeric\"]'::jsonb)"
)


class WorkspaceObject(RecordMixin, Base):
    __tablename__ = "workspace_objects"
    __table_args__ = (
        Index("ix_workspace_objects_org_type", "organization_id", "type", "created_at"),
        # Newest-first pages across types (tag filters, untyped queries) walk this backwards.
        Index("ix_workspace_objects_org_created", "organization_id", "created_at"),
        Index(
            "ix_workspace_objects_data",
            "data",
            postgresql_using="gin",
            postgresql_ops={"data": "jsonb_path_ops"},
        ),
        Index("ix_workspace_objects_tags", "tags", postgresql_using="gin"),
        Index("ix_workspace_objects_search", "search", postgresql_using="gin"),
        UniqueConstraint("organization_id", "idempotency_key", name="uq_workspace_objects_idem"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    type: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    tags: Mapped[list[str]] = mapped_column(ARRAY(String(64)), default=list)
    created_by_kind: Mapped[str] = mapped_column(String(16))
    """``user`` or ``agent``."""
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    """The user (for an agent: the user it acted for)."""
    created_by_agent: Mapped[str | None] = mapped_column(String(128), nullable=True)
    idempotency_key: Mapped[str | None] = mapped_column(String(200), nullable=True)
    search: Mapped[Any] = mapped_column(
        TSVECTOR, Computed(SEARCH_EXPRESSION, persisted=True), nullable=True, deferred=True
    )


class SchemaMode:
    STRICT = "strict"
    ADVISORY = "advisory"


class WorkspaceSchema(RecordMixin, Base):
    __tablename__ = "workspace_schemas"
    __table_args__ = (UniqueConstraint("organization_id", "type", name="uq_workspace_schema_type"),)

    organization_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    type: Mapped[str] = mapped_column(String(64))
    json_schema: Mapped[dict[str, Any]] = mapped_column(JSONB)
    mode: Mapped[str] = mapped_column(String(16), default=SchemaMode.ADVISORY)
    indexed_fields: Mapped[list[str]] = mapped_column(
        ARRAY(String(200)), default=list, server_default="{}"
    )
    """Dotted data fields whose ranges and sorts an expression index serves (see indexes.py)."""

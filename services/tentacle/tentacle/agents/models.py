"""The agent registry: versioned specs, system-wide (from agents/) or per organization."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Boolean, Index, Integer, String, Uuid, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from fluxkit.db import RecordMixin
from tentacle.db import Base


class AgentDefinition(RecordMixin, Base):
    """One version of one agent type. Exactly one version per (organization, type) is active;
    ``organization_id`` is NULL for the system agents seeded from the YAML files."""

    __tablename__ = "agent_definitions"
    __table_args__ = (
        Index(
            "uq_agent_definitions_system_version",
            "type",
            "version",
            unique=True,
            postgresql_where=text("organization_id IS NULL"),
        ),
        Index(
            "uq_agent_definitions_org_version",
            "organization_id",
            "type",
            "version",
            unique=True,
            postgresql_where=text("organization_id IS NOT NULL"),
        ),
        Index(
            "uq_agent_definitions_system_active",
            "type",
            unique=True,
            postgresql_where=text("organization_id IS NULL AND active"),
        ),
        Index(
            "uq_agent_definitions_org_active",
            "organization_id",
            "type",
            unique=True,
            postgresql_where=text("organization_id IS NOT NULL AND active"),
        ),
    )

    organization_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    type: Mapped[str] = mapped_column(String(63), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    spec: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    fingerprint: Mapped[str] = mapped_column(String(64), nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    source: Mapped[str] = mapped_column(String(20), nullable=False)
    """``file`` (seeded from agents/) or ``drafted`` (create_agent)."""
    created_by_user_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    request: Mapped[str | None] = mapped_column(String(4000), nullable=True)
    """For drafted agents: the description the person gave."""

"""Folders: one row per folder, its full path unique within the organization."""

from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey, Index, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from den.db import Base
from fluxkit.db import RecordMixin


class Folder(RecordMixin, Base):
    __tablename__ = "folders"
    __table_args__ = (
        UniqueConstraint("organization_id", "path"),
        Index("ix_folders_organization_id_parent_id", "organization_id", "parent_id"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    parent_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("folders.id", ondelete="RESTRICT"), nullable=True
    )
    name: Mapped[str] = mapped_column(Text, nullable=False)
    path: Mapped[str] = mapped_column(Text, nullable=False)
    """``/reports/2025``: absolute, normalised; the root folder is implicit (no row)."""

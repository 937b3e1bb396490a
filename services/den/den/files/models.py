"""Stored files: metadata in Postgres, bytes in the storage backend under ``storage_key``."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    String,
    Text,
    Uuid,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from den.db import Base
from fluxkit.db import RecordMixin


class StoredFile(RecordMixin, Base):
    __tablename__ = "files"
    __table_args__ = (
        Index("ix_files_organization_id_folder_id", "organization_id", "folder_id"),
        Index("ix_files_tags", "tags", postgresql_using="gin"),
        Index("ix_files_deleted_at", "deleted_at", postgresql_where=text("deleted_at IS NOT NULL")),
        Index(
            "uq_files_organization_id_idempotency_key",
            "organization_id",
            "idempotency_key",
            unique=True,
            postgresql_where=text("idempotency_key IS NOT NULL"),
        ),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    folder_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("folders.id", ondelete="SET NULL"), nullable=True
    )
    name: Mapped[str] = mapped_column(Text, nullable=False)
    size_bytes: Mapped[int] = mapped_column(BigInteger, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    content_type: Mapped[str] = mapped_column(String(255), nullable=False)
    storage_backend: Mapped[str] = mapped_column(String(32), nullable=False)
    storage_key: Mapped[str] = mapped_column(Text, nullable=False, unique=True)
    is_public: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    tags: Mapped[list[str]] = mapped_column(
        ARRAY(String(64)), nullable=False, default=list, server_default=text("'{}'")
    )
    created_by_user_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    created_by_service: Mapped[str | None] = mapped_column(String(64), nullable=True)
    """Set when a service (an agent) stored the file on behalf of ``created_by_user_id``."""
    idempotency_key: Mapped[str | None] = mapped_column(String(255), nullable=True)
    """The upload's ``Idempotency-Key``: a repeated upload with it returns this file."""
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    """Soft delete: the bytes stay (and count against the quota) until purged."""

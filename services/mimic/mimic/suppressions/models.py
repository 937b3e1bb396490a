"""Addresses an organization must not email again (bounced, complained, or added by hand)."""

from __future__ import annotations

import uuid

from sqlalchemy import String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from fluxkit.db import RecordMixin
from mimic.db import Base


class Suppression(RecordMixin, Base):
    __tablename__ = "suppressions"
    __table_args__ = (UniqueConstraint("organization_id", "address"),)

    organization_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    address: Mapped[str] = mapped_column(String(320), nullable=False)
    reason: Mapped[str] = mapped_column(String(16), nullable=False)
    """bounced, complained or manual."""
    detail: Mapped[str | None] = mapped_column(Text)
    notification_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    provider: Mapped[str | None] = mapped_column(String(16))

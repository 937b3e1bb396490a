"""Storage quotas per organization and the in-flight upload reservations counted against them."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Index, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from den.db import Base
from fluxkit.db import RecordMixin


class StorageQuota(RecordMixin, Base):
    """An organization's own quota; without a row the configured default applies."""

    __tablename__ = "storage_quotas"

    organization_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False, unique=True)
    quota_bytes: Mapped[int] = mapped_column(BigInteger, nullable=False)


class UploadReservation(RecordMixin, Base):
    """Bytes an upload in progress holds; deleted in the transaction that stores the file.

    A reservation left behind by a crash stops counting once ``expires_at`` passes, so the
    quota heals by itself; an active upload keeps pushing ``expires_at`` forward.
    """

    __tablename__ = "upload_reservations"
    __table_args__ = (Index("ix_upload_reservations_organization_id", "organization_id"),)

    organization_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    bytes: Mapped[int] = mapped_column(BigInteger, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)

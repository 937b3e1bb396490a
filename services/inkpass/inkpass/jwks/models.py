from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Index, String, Text, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from fluxkit.db import RecordMixin
from inkpass.db import Base


class SigningKeyRecord(RecordMixin, Base):
    """A token signing key. The private half is keyring-encrypted and wiped once retired."""

    __tablename__ = "signing_keys"
    __table_args__ = (
        # At most one key signs at a time, even when two processes rotate at once.
        Index(
            "uq_signing_keys_one_active",
            "status",
            unique=True,
            postgresql_where=text("status = 'active'"),
        ),
    )

    kid: Mapped[str] = mapped_column(String(64), unique=True)
    algorithm: Mapped[str] = mapped_column(String(10))
    private_key_encrypted: Mapped[str | None] = mapped_column(Text, nullable=True)
    public_jwk: Mapped[dict[str, Any]] = mapped_column(JSONB)
    status: Mapped[str] = mapped_column(String(10), default="active")
    activated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    retired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

"""An organization's own email provider, its keys sealed under the keyring."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import String, Text, Uuid
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from fluxkit.db import RecordMixin
from mimic.db import Base


class ProviderConfig(RecordMixin, Base):
    __tablename__ = "provider_configs"

    organization_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False, unique=True)
    provider: Mapped[str] = mapped_column(String(16), nullable=False)
    mail_from: Mapped[str] = mapped_column(String(320), nullable=False)
    options: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, default=dict)
    secrets_ciphertext: Mapped[str] = mapped_column(Text, nullable=False)
    webhook_id: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    """The public part of this organization's provider-event URL."""
    webhook_ciphertext: Mapped[str | None] = mapped_column(Text)

"""Summaries of a conversation's older turns, written by compaction and reused by later turns."""

from __future__ import annotations

import uuid

from sqlalchemy import Float, ForeignKey, Index, Integer, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from fluxkit.db import RecordMixin
from tentacle.db import Base


class ConversationSummary(RecordMixin, Base):
    __tablename__ = "conversation_summaries"
    __table_args__ = (
        Index("ix_conversation_summaries_latest", "conversation_id", "through_position"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    conversation_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False
    )
    through_position: Mapped[int] = mapped_column(Integer, nullable=False)
    """The summary stands for every message up to this position; later ones are sent as is."""
    summary: Mapped[str] = mapped_column(Text, nullable=False)
    message_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    """How many messages this summary folded in (its predecessor's included)."""
    prompt_tokens: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    completion_tokens: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    cost_usd: Mapped[float] = mapped_column(Float, nullable=False, default=0.0)

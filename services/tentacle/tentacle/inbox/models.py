"""Conversations (one inbox thread per row) and their messages, ordered by ``position``."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from fluxkit.db import RecordMixin
from tentacle.db import Base


class ReadStatus:
    UNREAD = "unread"
    READ = "read"
    ARCHIVED = "archived"


READ_STATUSES = (ReadStatus.UNREAD, ReadStatus.READ, ReadStatus.ARCHIVED)


class Priority:
    NORMAL = "normal"
    ATTENTION = "attention"


PRIORITIES = (Priority.NORMAL, Priority.ATTENTION)


class Role:
    USER = "user"
    ASSISTANT = "assistant"
    TOOL = "tool"
    SYSTEM = "system"
    EVENT = "event"


ROLES = (Role.USER, Role.ASSISTANT, Role.TOOL, Role.SYSTEM, Role.EVENT)


class Conversation(RecordMixin, Base):
    __tablename__ = "conversations"
    __table_args__ = (
        Index(
            "ix_conversations_owner_activity",
            "organization_id",
            "user_id",
            "last_message_at",
            "id",
        ),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    """The owner: the only person who sees the thread."""
    title: Mapped[str | None] = mapped_column(String(300), nullable=True)
    read_status: Mapped[str] = mapped_column(String(20), nullable=False, default=ReadStatus.READ)
    priority: Mapped[str] = mapped_column(String(20), nullable=False, default=Priority.NORMAL)
    last_message_preview: Mapped[str] = mapped_column(Text, nullable=False, default="")
    last_message_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    unread_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    message_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    """Also the last message's ``position``: appends take the next one under the row lock."""


class Message(RecordMixin, Base):
    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("conversation_id", "position"),
        Index("ix_messages_task", "task_id"),
        Index("ix_messages_checkpoint", "checkpoint_id"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    conversation_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    """1, 2, 3... within the conversation, in commit order (the thread's paging cursor)."""
    role: Mapped[str] = mapped_column(String(20), nullable=False)
    agent_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    """``flux``, ``orchestrator`` or ``agent:<type>``; null when the person wrote it."""
    content: Mapped[str] = mapped_column(Text, nullable=False, default="")
    structured: Mapped[dict[str, Any] | None] = mapped_column(JSONB, nullable=True)
    """A card the UI renders: task progress, checkpoint, step result, tool call..."""
    tool_calls: Mapped[list[dict[str, Any]] | None] = mapped_column(JSONB, nullable=True)
    tool_call_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    task_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    checkpoint_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    prompt_tokens: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    completion_tokens: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    cost_usd: Mapped[float] = mapped_column(Float, nullable=False, default=0.0)

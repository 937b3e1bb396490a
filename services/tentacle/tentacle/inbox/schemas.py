"""Inbox schemas: conversations, messages, their pages and the write bodies."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

ReadStatusValue = Literal["unread", "read", "archived"]
PriorityValue = Literal["normal", "attention"]


class ConversationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    user_id: uuid.UUID
    title: str | None
    read_status: str
    priority: str
    last_message_preview: str
    last_message_at: datetime | None
    unread_count: int
    message_count: int
    created_at: datetime
    updated_at: datetime


class InboxCounts(BaseModel):
    unread: int
    """Conversations with unread messages (archived ones excluded)."""
    attention: int
    """Conversations waiting on the person (a checkpoint, a failure); archived ones excluded."""


class ConversationPage(BaseModel):
    items: list[ConversationRead]
    next_cursor: str | None
    counts: InboxCounts


class ConversationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, max_length=300)


class ConversationUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, min_length=1, max_length=300)
    read_status: ReadStatusValue | None = None
    priority: PriorityValue | None = None


class ConversationBulkUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ids: list[uuid.UUID] = Field(min_length=1, max_length=500)
    changes: ConversationUpdate


class ConversationBulkResult(BaseModel):
    items: list[ConversationRead]


class MessageRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    conversation_id: uuid.UUID
    position: int
    role: str
    agent_id: str | None
    content: str
    structured: dict[str, Any] | None
    tool_calls: list[dict[str, Any]] | None
    tool_call_id: str | None
    task_id: uuid.UUID | None
    checkpoint_id: uuid.UUID | None
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float
    created_at: datetime
    updated_at: datetime


class MessagePage(BaseModel):
    items: list[MessageRead]
    """Oldest first."""
    has_before: bool
    """Older messages exist: ask again with ``before`` = the first item's position."""
    has_after: bool
    """Newer messages exist: ask again with ``after`` = the last item's position."""


class FollowUpTaskCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    goal: str = Field(min_length=1, max_length=20_000)
    constraints: dict[str, Any] = Field(default_factory=dict)
    max_parallel: int | None = Field(default=None, ge=1, le=64)

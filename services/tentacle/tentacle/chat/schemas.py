"""Chat API shapes: the person's message in, and the server-sent events of Flux's reply."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class ChatMessageCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    content: str = Field(min_length=1, max_length=20_000, description="What the person wrote.")


class NewConversationMessage(ChatMessageCreate):
    title: str | None = Field(
        default=None, max_length=300, description="The new conversation's title (optional)."
    )


STREAM_EVENTS = (
    "message.started",
    "token",
    "tool_call.started",
    "tool_call.finished",
    "conversation.created",
    "message.completed",
    "error",
)
"""The reply stream, in order: ``message.started`` (conversation id, the stored message of the
person), ``token`` deltas, ``tool_call.started``/``tool_call.finished`` pairs (name, arguments,
result summary or error), then ``message.completed`` (the stored reply's id, usage, cost) or
``error`` (``{"error", "detail"}``)."""

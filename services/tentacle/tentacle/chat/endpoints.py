"""Talking to Flux: post a message to a conversation (or start one) and stream the reply."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import Depends
from sse_starlette.sse import EventSourceResponse

from fluxkit.app import flux_router
from fluxkit.auth import CurrentUser
from fluxkit.db import SessionDep
from tentacle.chat import service
from tentacle.chat.runtime import ChatRuntime, get_chat_runtime
from tentacle.chat.schemas import ChatMessageCreate, NewConversationMessage
from tentacle.inbox import service as inbox

router = flux_router("/api/v1/inbox", tags=["chat"])

ChatDep = Annotated[ChatRuntime, Depends(get_chat_runtime)]

STREAM_DOC: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "Server-sent events: message.started, token, tool_call.started, "
        "tool_call.finished, conversation.created, message.completed or error.",
        "content": {"text/event-stream": {}},
    }
}


def _title(content: str) -> str:
    words = " ".join(content.split())
    return words if len(words) <= 80 else words[:77].rstrip() + "..."


@router.post(
    "/conversations/{conversation_id}/messages",
    response_class=EventSourceResponse,
    responses=STREAM_DOC,
)
async def post_message(
    conversation_id: uuid.UUID,
    body: ChatMessageCreate,
    session: SessionDep,
    principal: CurrentUser,
    chat: ChatDep,
) -> EventSourceResponse:
    """Write to Flux in a conversation; the reply streams back as server-sent events."""
    conversation = await inbox.get_conversation(session, principal, conversation_id)
    events = await service.start_turn(session, principal, conversation, body.content, chat)
    return EventSourceResponse(events.stream(), ping=int(chat.settings.sse_heartbeat_seconds))


@router.post("/messages", response_class=EventSourceResponse, responses=STREAM_DOC)
async def post_first_message(
    body: NewConversationMessage, session: SessionDep, principal: CurrentUser, chat: ChatDep
) -> EventSourceResponse:
    """Start a conversation with a first message; the first event names the conversation."""
    conversation = await inbox.create_conversation(
        session, principal, title=body.title or _title(body.content)
    )
    events = await service.start_turn(
        session, principal, conversation, body.content, chat, conversation_created=True
    )
    return EventSourceResponse(events.stream(), ping=int(chat.settings.sse_heartbeat_seconds))

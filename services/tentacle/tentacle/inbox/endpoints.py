"""/api/v1/inbox: the caller's conversations, their threads, follow-up tasks and one SSE stream.

Writing into a thread (``POST .../messages``) belongs to the Flux chat, not to this router.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import Header, Query, Request, status

from fluxkit.app import flux_router
from fluxkit.auth import CurrentUser
from fluxkit.db import SessionDep
from fluxkit.errors import BadRequest
from tentacle.inbox import repository, service
from tentacle.inbox.models import ReadStatus
from tentacle.inbox.schemas import (
    ConversationBulkResult,
    ConversationBulkUpdate,
    ConversationCreate,
    ConversationPage,
    ConversationRead,
    ConversationUpdate,
    FollowUpTaskCreate,
    InboxCounts,
    MessagePage,
    MessageRead,
    PriorityValue,
)
from tentacle.inbox.stream import InboxEventSource, InboxHub, inbox_event_stream
from tentacle.tasks import service as tasks
from tentacle.tasks.schemas import TaskCreate, TaskView

router = flux_router("/api/v1/inbox", tags=["inbox"])

ReadStatusFilter = Literal["unread", "read", "archived", "any"]


def _read(conversation: object) -> ConversationRead:
    return ConversationRead.model_validate(conversation)


@router.get("/conversations", response_model=ConversationPage)
async def list_conversations(
    principal: CurrentUser,
    session: SessionDep,
    read_status: ReadStatusFilter | None = None,
    priority: PriorityValue | None = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 30,
) -> ConversationPage:
    """Your conversations, latest activity first (archived ones only when asked for)."""
    organization_id = principal.require_organization()
    user_id = principal.require_user()
    items, next_cursor = await repository.list_conversations(
        session,
        organization_id,
        user_id,
        read_status=read_status,
        priority=priority,
        q=q,
        cursor=cursor,
        limit=limit,
    )
    counts = await repository.counts(session, organization_id, user_id)
    return ConversationPage(
        items=[_read(item) for item in items],
        next_cursor=next_cursor,
        counts=InboxCounts(**counts),
    )


@router.post("/conversations", status_code=status.HTTP_201_CREATED, response_model=ConversationRead)
async def create_conversation(
    principal: CurrentUser, session: SessionDep, body: ConversationCreate | None = None
) -> ConversationRead:
    """Start an empty conversation."""
    conversation = await service.create_conversation(
        session, principal, title=body.title if body else None
    )
    return _read(conversation)


@router.patch("/conversations", response_model=ConversationBulkResult)
async def bulk_update_conversations(
    body: ConversationBulkUpdate, principal: CurrentUser, session: SessionDep
) -> ConversationBulkResult:
    """Change several of your conversations at once (all or nothing)."""
    changes = body.changes.model_dump(exclude_none=True)
    if not changes:
        raise BadRequest("say what to change: title, read_status or priority")
    updated = await service.bulk_update(session, principal, body.ids, changes)
    return ConversationBulkResult(items=[_read(item) for item in updated])


@router.get("/counts", response_model=InboxCounts)
async def inbox_counts(principal: CurrentUser, session: SessionDep) -> InboxCounts:
    """How many conversations are unread and how many wait on you."""
    counts = await repository.counts(
        session, principal.require_organization(), principal.require_user()
    )
    return InboxCounts(**counts)


@router.get("/events")
async def inbox_events(
    request: Request,
    principal: CurrentUser,
    last_event_id: Annotated[str | None, Header(alias="Last-Event-ID")] = None,
    after: Annotated[int | None, Query(ge=0)] = None,
) -> InboxEventSource:
    """Server-sent events of all your conversations; resumes after ``Last-Event-ID``."""
    organization_id = principal.require_organization()
    user_id = principal.require_user()
    start = after
    if last_event_id:
        try:
            start = int(last_event_id)
        except ValueError:
            raise BadRequest("Last-Event-ID must be an event sequence number") from None
        if start < 0:
            raise BadRequest("Last-Event-ID must be an event sequence number")
    app = request.app
    hub: InboxHub = app.state.inbox_hub
    return InboxEventSource(
        inbox_event_stream(hub, app.state.session_factory, user_id, organization_id, start),
        ping=int(app.state.settings.sse_heartbeat_seconds),
    )


@router.get("/conversations/{conversation_id}", response_model=ConversationRead)
async def get_conversation(
    conversation_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> ConversationRead:
    """One of your conversations with its unread count and last activity."""
    return _read(await service.get_conversation(session, principal, conversation_id))


@router.patch("/conversations/{conversation_id}", response_model=ConversationRead)
async def update_conversation(
    conversation_id: uuid.UUID,
    body: ConversationUpdate,
    principal: CurrentUser,
    session: SessionDep,
) -> ConversationRead:
    """Rename it, mark it read, unread or archived, or change its priority."""
    changes = body.model_dump(exclude_none=True)
    if not changes:
        raise BadRequest("say what to change: title, read_status or priority")
    conversation = await service.update_conversation(session, principal, conversation_id, changes)
    return _read(conversation)


@router.post("/conversations/{conversation_id}/archive", response_model=ConversationRead)
async def archive_conversation(
    conversation_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> ConversationRead:
    """Archive it: out of the inbox until something new happens in it."""
    conversation = await service.update_conversation(
        session,
        principal,
        conversation_id,
        {"read_status": ReadStatus.ARCHIVED},
        change="archived",
    )
    return _read(conversation)


@router.post("/conversations/{conversation_id}/read", response_model=ConversationRead)
async def read_conversation(
    conversation_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> ConversationRead:
    """Mark it read (its unread count drops to zero)."""
    conversation = await service.update_conversation(
        session, principal, conversation_id, {"read_status": ReadStatus.READ}, change="read"
    )
    return _read(conversation)


@router.get("/conversations/{conversation_id}/messages", response_model=MessagePage)
async def list_messages(
    conversation_id: uuid.UUID,
    principal: CurrentUser,
    session: SessionDep,
    before: Annotated[int | None, Query(ge=1)] = None,
    after: Annotated[int | None, Query(ge=0)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> MessagePage:
    """A page of the thread, oldest first: the latest, older (``before``) or newer (``after``)."""
    if before is not None and after is not None:
        raise BadRequest("page with before or after, not both")
    conversation = await service.get_conversation(session, principal, conversation_id)
    items = await service.list_messages(
        session, conversation, before=before, after=after, limit=limit
    )
    if items:
        first, last = items[0].position, items[-1].position
        has_before = first > 1
        has_after = last < conversation.message_count
    else:
        has_before = bool(after is not None and conversation.message_count)
        has_after = bool(before is not None and conversation.message_count)
    return MessagePage(
        items=[MessageRead.model_validate(item) for item in items],
        has_before=has_before,
        has_after=has_after,
    )


@router.post(
    "/conversations/{conversation_id}/tasks",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=TaskView,
)
async def create_follow_up_task(
    conversation_id: uuid.UUID,
    body: FollowUpTaskCreate,
    principal: CurrentUser,
    session: SessionDep,
) -> TaskView:
    """Start a task that reports its progress into this conversation."""
    await service.get_conversation(session, principal, conversation_id)
    task = await tasks.create_task(
        session,
        principal,
        TaskCreate(
            goal=body.goal,
            constraints=body.constraints,
            max_parallel=body.max_parallel,
            conversation_id=conversation_id,
        ),
    )
    return await tasks.task_view(session, task)

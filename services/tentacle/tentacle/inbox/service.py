"""Inbox rules: conversations owned by one person, messages appended in order, events emitted.

Every append takes the conversation row lock (one ``UPDATE ... RETURNING``), so positions are
gapless and follow commit order within a thread, and the summary the list shows (preview,
unread count, last activity) changes in the same transaction as the message. Events go
through the outbox (``message.created``, ``message.updated``, ``conversation.updated``) and
reach the owner's inbox stream once committed.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from fluxkit.auth import Principal
from fluxkit.db import utcnow
from fluxkit.errors import BadRequest, NotFound
from tentacle.events.outbox import emit
from tentacle.inbox.models import ROLES, Conversation, Message, ReadStatus, Role
from tentacle.inbox.schemas import ConversationRead, MessageRead

PREVIEW_CHARS = 200
DEFAULT_PAGE = 50
MAX_PAGE = 200

UPDATABLE_MESSAGE_FIELDS = frozenset(
    {
        "content",
        "structured",
        "tool_calls",
        "tool_call_id",
        "agent_id",
        "task_id",
        "checkpoint_id",
        "prompt_tokens",
        "completion_tokens",
        "cost_usd",
    }
)


class ConversationNotFound(NotFound):
    """No conversation with that id belongs to the caller."""


class InvalidMessage(BadRequest):
    """The message's role or fields are not valid."""


def conversation_payload(conversation: Conversation) -> dict[str, Any]:
    return ConversationRead.model_validate(conversation).model_dump(mode="json")


def message_payload(message: Message) -> dict[str, Any]:
    return MessageRead.model_validate(message).model_dump(mode="json")


def preview_of(content: str, structured: Mapping[str, Any] | None) -> str:
    text = " ".join(content.split())
    if not text and structured:
        text = " ".join(str(structured.get("title") or structured.get("summary") or "").split())
    return text[:PREVIEW_CHARS]


async def create_conversation(
    session: AsyncSession, principal: Principal, *, title: str | None = None
) -> Conversation:
    organization_id = principal.require_organization()
    user_id = principal.require_user()
    now = utcnow()
    conversation = Conversation(
        id=uuid.uuid4(),
        organization_id=organization_id,
        user_id=user_id,
        title=title,
        read_status=ReadStatus.READ,
        priority="normal",
        last_message_preview="",
        last_message_at=None,
        unread_count=0,
        message_count=0,
        created_at=now,
        updated_at=now,
    )
    session.add(conversation)
    await session.flush()
    await emit_conversation_updated(session, conversation, change="created")
    return conversation


async def get_conversation(
    session: AsyncSession,
    principal: Principal,
    conversation_id: uuid.UUID,
    *,
    lock: bool = False,
) -> Conversation:
    """The caller's own conversation; another person's or organization's is a 404."""
    organization_id = principal.require_organization()
    user_id = principal.require_user()
    query = select(Conversation).where(
        Conversation.id == conversation_id,
        Conversation.organization_id == organization_id,
        Conversation.user_id == user_id,
    )
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    conversation = await session.scalar(query)
    if conversation is None:
        raise ConversationNotFound("no such conversation")
    return conversation


async def emit_conversation_updated(
    session: AsyncSession, conversation: Conversation, *, change: str = "updated"
) -> None:
    await emit(
        session,
        "conversation.updated",
        organization_id=conversation.organization_id,
        user_id=conversation.user_id,
        conversation_id=conversation.id,
        payload={"change": change, "conversation": conversation_payload(conversation)},
    )


def _usage_tokens(usage: Any) -> tuple[int, int]:
    if usage is None:
        return 0, 0
    if isinstance(usage, Mapping):
        return int(usage.get("prompt_tokens") or 0), int(usage.get("completion_tokens") or 0)
    return (
        int(getattr(usage, "prompt_tokens", 0) or 0),
        int(getattr(usage, "completion_tokens", 0) or 0),
    )


async def append_message(
    session: AsyncSession,
    conversation: Conversation,
    *,
    role: str,
    content: str,
    agent_id: str | None = None,
    structured: dict[str, Any] | None = None,
    tool_calls: list[dict[str, Any]] | None = None,
    tool_call_id: str | None = None,
    task_id: uuid.UUID | None = None,
    checkpoint_id: uuid.UUID | None = None,
    usage: Any = None,
    cost_usd: float | None = None,
    attention: bool | None = None,
) -> Message:
    """Add a message at the end of the thread and update the conversation's summary.

    A person's own message marks the thread read; anything else marks it unread (an archived
    thread with new activity comes back to the inbox). ``attention`` sets (True) or clears
    (False) the thread's priority in the same update.
    """
    if role not in ROLES:
        raise InvalidMessage(f"role must be one of {', '.join(ROLES)}")
    now = utcnow()
    preview = preview_of(content, structured)
    from_person = role == Role.USER
    values: dict[str, Any] = {
        "message_count": Conversation.message_count + 1,
        "last_message_at": now,
        "updated_at": now,
    }
    if preview:
        values["last_message_preview"] = preview
    if from_person:
        values["unread_count"] = 0
        values["read_status"] = ReadStatus.READ
    else:
        values["unread_count"] = Conversation.unread_count + 1
        values["read_status"] = ReadStatus.UNREAD
    if attention is not None:
        values["priority"] = "attention" if attention else "normal"
    row = (
        await session.execute(
            update(Conversation)
            .where(Conversation.id == conversation.id)
            .values(**values)
            .returning(
                Conversation.message_count,
                Conversation.unread_count,
                Conversation.read_status,
                Conversation.priority,
                Conversation.last_message_preview,
                Conversation.last_message_at,
                Conversation.updated_at,
            )
            .execution_options(synchronize_session=False)
        )
    ).one_or_none()
    if row is None:
        raise ConversationNotFound("no such conversation")
    for name in (
        "message_count",
        "unread_count",
        "read_status",
        "priority",
        "last_message_preview",
        "last_message_at",
        "updated_at",
    ):
        set_committed_value(conversation, name, getattr(row, name))
    prompt_tokens, completion_tokens = _usage_tokens(usage)
    message = Message(
        id=uuid.uuid4(),
        organization_id=conversation.organization_id,
        conversation_id=conversation.id,
        position=row.message_count,
        role=role,
        agent_id=agent_id,
        content=content,
        structured=structured,
        tool_calls=tool_calls,
        tool_call_id=tool_call_id,
        task_id=task_id,
        checkpoint_id=checkpoint_id,
        prompt_tokens=prompt_tokens,
        completion_tokens=completion_tokens,
        cost_usd=float(cost_usd or 0.0),
        created_at=now,
        updated_at=now,
    )
    session.add(message)
    await session.flush()
    await emit(
        session,
        "message.created",
        organization_id=conversation.organization_id,
        user_id=conversation.user_id,
        conversation_id=conversation.id,
        task_id=task_id,
        payload={
            "message": message_payload(message),
            "conversation": conversation_payload(conversation),
        },
    )
    return message


async def update_message(session: AsyncSession, message: Message, **changes: Any) -> Message:
    """Change a message in place (a progress card, a streamed reply, a decided checkpoint)."""
    unknown = set(changes) - UPDATABLE_MESSAGE_FIELDS - {"usage"}
    if unknown:
        raise InvalidMessage(f"cannot change {', '.join(sorted(unknown))} of a message")
    if "usage" in changes:
        prompt_tokens, completion_tokens = _usage_tokens(changes.pop("usage"))
        changes.setdefault("prompt_tokens", prompt_tokens)
        changes.setdefault("completion_tokens", completion_tokens)
    for name, value in changes.items():
        setattr(message, name, value)
    message.updated_at = utcnow()
    await session.flush()
    conversation = await session.get(Conversation, message.conversation_id)
    if conversation is None:
        raise ConversationNotFound("no such conversation")
    await emit(
        session,
        "message.updated",
        organization_id=conversation.organization_id,
        user_id=conversation.user_id,
        conversation_id=conversation.id,
        task_id=message.task_id,
        payload={"message": message_payload(message)},
    )
    return message


async def list_messages(
    session: AsyncSession,
    conversation: Conversation,
    *,
    before: int | None = None,
    after: int | None = None,
    limit: int = DEFAULT_PAGE,
) -> list[Message]:
    """One page of the thread, oldest first: the latest ``limit`` messages (before ``before``
    when given), or the ``limit`` messages following ``after``."""
    limit = max(1, min(limit, MAX_PAGE))
    query = select(Message).where(
        Message.conversation_id == conversation.id,
        Message.organization_id == conversation.organization_id,
    )
    if before is not None:
        query = query.where(Message.position < before)
    if after is not None:
        query = query.where(Message.position > after)
        rows = await session.scalars(query.order_by(Message.position).limit(limit))
        return list(rows.all())
    rows = await session.scalars(query.order_by(Message.position.desc()).limit(limit))
    return list(reversed(rows.all()))


def _apply(conversation: Conversation, changes: Mapping[str, Any]) -> bool:
    """Set the changed fields (reading a thread clears its unread count); True if any."""
    touched = False
    for name, value in changes.items():
        if getattr(conversation, name) != value:
            setattr(conversation, name, value)
            touched = True
    if changes.get("read_status") == ReadStatus.READ and conversation.unread_count:
        conversation.unread_count = 0
        touched = True
    if touched:
        conversation.updated_at = utcnow()
    return touched


async def update_conversation(
    session: AsyncSession,
    principal: Principal,
    conversation_id: uuid.UUID,
    changes: Mapping[str, Any],
    *,
    change: str = "updated",
) -> Conversation:
    """Rename, mark read/unread/archived or flag a thread; emits ``conversation.updated``."""
    conversation = await get_conversation(session, principal, conversation_id, lock=True)
    if _apply(conversation, changes):
        await session.flush()
        await emit_conversation_updated(session, conversation, change=change)
    return conversation


async def bulk_update(
    session: AsyncSession,
    principal: Principal,
    ids: list[uuid.UUID],
    changes: Mapping[str, Any],
) -> list[Conversation]:
    """All or nothing: one id that is not the caller's is a 404 and nothing changes."""
    from tentacle.inbox import repository

    organization_id = principal.require_organization()
    user_id = principal.require_user()
    wanted = list(dict.fromkeys(ids))
    found = await repository.lock_owned(session, organization_id, user_id, wanted)
    if len(found) != len(wanted):
        raise ConversationNotFound("no such conversation among the ids given")
    by_id = {conversation.id: conversation for conversation in found}
    for conversation in found:
        if _apply(conversation, changes):
            await session.flush()
            await emit_conversation_updated(session, conversation, change="updated")
    return [by_id[ident] for ident in wanted]

"""Inbox queries, always scoped to one owner in one organization."""

from __future__ import annotations

import base64
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.errors import BadRequest
from tentacle.inbox.models import Conversation, Priority, ReadStatus


class InvalidCursor(BadRequest):
    """The paging cursor was not one this API handed out."""


def activity() -> ColumnElement[datetime]:
    """When the thread last changed: its last message, or its creation when it has none."""
    return func.coalesce(Conversation.last_message_at, Conversation.created_at)


def encode_cursor(conversation: Conversation) -> str:
    moment = conversation.last_message_at or conversation.created_at
    raw = f"{moment.isoformat()}|{conversation.id}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        moment, _, ident = raw.partition("|")
        return datetime.fromisoformat(moment), uuid.UUID(ident)
    except (ValueError, UnicodeDecodeError):
        raise InvalidCursor("the cursor is not valid; start again without it") from None


def owned(organization_id: uuid.UUID, user_id: uuid.UUID) -> Select[Conversation]:
    return select(Conversation).where(
        Conversation.organization_id == organization_id, Conversation.user_id == user_id
    )


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


async def list_conversations(
    session: AsyncSession,
    organization_id: uuid.UUID,
    user_id: uuid.UUID,
    *,
    read_status: str | None,
    priority: str | None,
    q: str | None,
    cursor: str | None,
    limit: int,
) -> tuple[list[Conversation], str | None]:
    """Most recent activity first; archived threads only when asked for (``read_status``)."""
    query = owned(organization_id, user_id)
    if read_status is None:
        query = query.where(Conversation.read_status != ReadStatus.ARCHIVED)
    elif read_status != "any":
        query = query.where(Conversation.read_status == read_status)
    if priority is not None:
        query = query.where(Conversation.priority == priority)
    if q:
        pattern = _like(q.strip())
        query = query.where(
            or_(
                Conversation.title.ilike(pattern, escape="\\"),
                Conversation.last_message_preview.ilike(pattern, escape="\\"),
            )
        )
    if cursor:
        moment, ident = decode_cursor(cursor)
        query = query.where(tuple_(activity(), Conversation.id) < tuple_(moment, ident))
    rows = list(
        (
            await session.scalars(
                query.order_by(activity().desc(), Conversation.id.desc()).limit(limit + 1)
            )
        ).all()
    )
    next_cursor = encode_cursor(rows[limit - 1]) if len(rows) > limit else None
    return rows[:limit], next_cursor


async def counts(
    session: AsyncSession, organization_id: uuid.UUID, user_id: uuid.UUID
) -> dict[str, int]:
    not_archived = Conversation.read_status != ReadStatus.ARCHIVED
    row = (
        await session.execute(
            select(
                func.count().filter(Conversation.read_status == ReadStatus.UNREAD),
                func.count().filter(
                    and_(Conversation.priority == Priority.ATTENTION, not_archived)
                ),
            ).where(
                Conversation.organization_id == organization_id, Conversation.user_id == user_id
            )
        )
    ).one()
    return {"unread": int(row[0]), "attention": int(row[1])}


async def lock_owned(
    session: AsyncSession, organization_id: uuid.UUID, user_id: uuid.UUID, ids: list[uuid.UUID]
) -> list[Conversation]:
    """The caller's conversations among ``ids``, locked, in id order (a stable lock order)."""
    rows = await session.scalars(
        owned(organization_id, user_id)
        .where(Conversation.id.in_(ids))
        .order_by(Conversation.id)
        .with_for_update()
    )
    return list(rows.all())


def changed(conversation: Conversation, changes: dict[str, Any]) -> bool:
    return any(getattr(conversation, name) != value for name, value in changes.items())

"""The inbox service: ownership, ordered appends, summary upkeep and outbox events."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.auth import Principal
from tentacle.events.models import TaskEvent
from tentacle.inbox import service
from tentacle.inbox.service import ConversationNotFound, InvalidMessage


def person(organization_id: uuid.UUID | None = None) -> Principal:
    return Principal(
        kind="user",
        user_id=uuid.uuid4(),
        organization_id=organization_id or uuid.uuid4(),
        roles=frozenset({"member"}),
    )


async def test_conversation_is_visible_to_its_owner_only(db: AsyncSession) -> None:
    owner = person()
    conversation = await service.create_conversation(db, owner, title="Weekly report")
    assert (await service.get_conversation(db, owner, conversation.id)).title == "Weekly report"
    colleague = person(owner.organization_id)
    outsider = person()
    for other in (colleague, outsider):
        with pytest.raises(ConversationNotFound):
            await service.get_conversation(db, other, conversation.id)


async def test_appends_are_ordered_and_keep_the_summary(db: AsyncSession) -> None:
    owner = person()
    conversation = await service.create_conversation(db, owner)
    first = await service.append_message(db, conversation, role="user", content="Hi   there")
    reply = await service.append_message(
        db,
        conversation,
        role="assistant",
        agent_id="flux",
        content="Hello! " * 60,
        usage={"prompt_tokens": 12, "completion_tokens": 7},
        cost_usd=0.002,
    )
    assert (first.position, reply.position) == (1, 2)
    assert conversation.message_count == 2
    assert conversation.unread_count == 1
    assert conversation.read_status == "unread"
    assert conversation.last_message_preview == ("Hello! " * 60).strip()[:200]
    assert (reply.prompt_tokens, reply.completion_tokens, reply.cost_usd) == (12, 7, 0.002)
    await service.append_message(db, conversation, role="user", content="thanks")
    assert (conversation.unread_count, conversation.read_status) == (0, "read")

    await db.flush()
    events = list(
        (
            await db.scalars(
                select(TaskEvent)
                .where(TaskEvent.conversation_id == conversation.id)
                .order_by(TaskEvent.created_at)
            )
        ).all()
    )
    created = [e for e in events if e.event_type == "message.created"]
    assert [e.payload["message"]["position"] for e in created] == [1, 2, 3]
    assert all(e.user_id == owner.user_id for e in events)
    assert created[1].payload["message"]["agent_id"] == "flux"


async def test_update_and_paging(db: AsyncSession) -> None:
    owner = person()
    conversation = await service.create_conversation(db, owner)
    messages = [
        await service.append_message(db, conversation, role="assistant", content=f"m{i}")
        for i in range(1, 8)
    ]
    latest = await service.list_messages(db, conversation, limit=3)
    assert [m.content for m in latest] == ["m5", "m6", "m7"]
    older = await service.list_messages(db, conversation, before=latest[0].position, limit=3)
    assert [m.content for m in older] == ["m2", "m3", "m4"]
    newer = await service.list_messages(db, conversation, after=2, limit=2)
    assert [m.content for m in newer] == ["m3", "m4"]

    await service.update_message(db, messages[0], content="edited", structured={"type": "card"})
    await db.flush()
    updated = await db.scalar(
        select(TaskEvent).where(
            TaskEvent.conversation_id == conversation.id,
            TaskEvent.event_type == "message.updated",
        )
    )
    assert updated is not None
    assert updated.payload["message"]["content"] == "edited"
    with pytest.raises(InvalidMessage):
        await service.update_message(db, messages[0], position=99)
    with pytest.raises(InvalidMessage):
        await service.append_message(db, conversation, role="robot", content="x")

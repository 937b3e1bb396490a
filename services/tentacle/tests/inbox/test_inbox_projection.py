"""Task events become thread messages on a real worker: one progress card per task kept up to
date, a message per step done or failed, completion with its result, failure with its reason
(the thread then needs attention), pauses; several tasks report into one thread."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from tentacle_testkit import Caller, Tokens, plan_step, start_plan, wait_for_status

from fluxkit.db import unit_of_work
from tentacle.inbox.models import Message
from tentacle.orchestrator import enqueue_cycle
from tentacle.tasks.models import Task


async def _linked_plan(
    factory: async_sessionmaker[AsyncSession],
    caller: Caller,
    conversation_id: str,
    steps: list[dict[str, Any]],
    goal: str,
) -> uuid.UUID:
    """A planned task reporting into the conversation, its first cycle enqueued."""
    task_id = await start_plan(factory, caller, steps, goal=goal, enqueue=False)
    async with unit_of_work(factory) as session:
        task = await session.get(Task, task_id)
        assert task is not None
        task.conversation_id = uuid.UUID(conversation_id)
        await enqueue_cycle(session, task_id)
    return task_id


async def _thread(factory: async_sessionmaker[AsyncSession], conversation_id: str) -> list[Message]:
    async with factory() as session:
        rows = await session.scalars(
            select(Message)
            .where(Message.conversation_id == uuid.UUID(conversation_id))
            .order_by(Message.position)
        )
        return list(rows.all())


def _kinds(messages: list[Message], task_id: uuid.UUID) -> list[str]:
    return [str((m.structured or {}).get("type")) for m in messages if m.task_id == task_id]


async def test_two_tasks_report_into_one_thread(
    tentacle_app: FastAPI, worker: None, live_client: AsyncClient, tokens: Tokens
) -> None:
    factory = tentacle_app.state.session_factory
    caller = tokens.caller()
    created = await live_client.post(
        "/api/v1/inbox/conversations", json={"title": "Ops"}, headers=caller.headers
    )
    conversation_id = created.json()["id"]

    good = await _linked_plan(
        factory,
        caller,
        conversation_id,
        [
            plan_step("fetch", inputs={"value": {"summary": "12 new orders"}}),
            plan_step(
                "report",
                inputs={"value": {"summary": "{{steps.fetch.outputs.echo.summary}} this week"}},
                depends_on=["fetch"],
            ),
        ],
        goal="Report the week's orders",
    )
    bad = await _linked_plan(
        factory,
        caller,
        conversation_id,
        [plan_step("charge", inputs={"fail": "permanent"}, max_retries=0)],
        goal="Charge the card",
    )
    task, _ = await wait_for_status(factory, good, "completed", "failed")
    assert task.status == "completed", task.status_reason
    task, _ = await wait_for_status(factory, bad, "failed", "completed")
    assert task.status == "failed"

    messages = await _thread(factory, conversation_id)
    assert [m.position for m in messages] == list(range(1, len(messages) + 1))
    # Nothing but what a person reads: one card, the steps' results, the ending.
    assert _kinds(messages, good) == [
        "task_progress",
        "step_completed",
        "step_completed",
        "task_completed",
    ]
    assert _kinds(messages, bad) == ["task_progress", "step_failed", "task_failed"]

    by_kind = {(m.task_id, (m.structured or {}).get("type")): m for m in messages}
    completed = by_kind[(good, "task_completed")]
    assert completed.content == "12 new orders this week"
    assert completed.structured is not None
    assert completed.structured["output"] == {
        "report": {
            "echo": {"summary": "12 new orders this week"},
            "inputs": {"value": {"summary": "12 new orders this week"}},
        }
    }
    failed_step = by_kind[(bad, "step_failed")]
    assert "noop was told to fail permanently" in failed_step.content
    assert failed_step.agent_id == "agent:noop"
    failure = by_kind[(bad, "task_failed")]
    assert failure.content.startswith("Task failed: ") and "charge" in failure.content

    card = by_kind[(good, "task_progress")].structured
    assert card is not None
    assert card["status"] == "completed" and card["settled"] == card["total"] == 2
    assert {key: step["status"] for key, step in card["steps"].items()} == {
        "fetch": "completed",
        "report": "completed",
    }

    shown = await live_client.get(
        f"/api/v1/inbox/conversations/{conversation_id}", headers=caller.headers
    )
    body = shown.json()
    assert body["priority"] == "attention"  # a failed task waits on its owner
    assert body["read_status"] == "unread" and body["unread_count"] == len(messages)
    assert body["last_message_preview"]

    # Retrying the failed task clears the attention it raised.
    retried = await live_client.post(f"/api/v1/tasks/{bad}/retry", headers=caller.headers)
    assert retried.status_code == 200, retried.text
    shown = await live_client.get(
        f"/api/v1/inbox/conversations/{conversation_id}", headers=caller.headers
    )
    assert shown.json()["priority"] == "normal"


async def test_pausing_a_task_says_so_in_its_thread(
    tentacle_app: FastAPI, live_client: AsyncClient, tokens: Tokens
) -> None:
    factory = tentacle_app.state.session_factory
    caller = tokens.caller()
    created = await live_client.post("/api/v1/inbox/conversations", json={}, headers=caller.headers)
    conversation_id = created.json()["id"]
    task_id = await start_plan(
        factory, caller, [plan_step("a")], goal="Plan the offsite", enqueue=False
    )
    async with unit_of_work(factory) as session:
        task = await session.get(Task, task_id)
        assert task is not None
        task.conversation_id = uuid.UUID(conversation_id)
    paused = await live_client.post(f"/api/v1/tasks/{task_id}/pause", headers=caller.headers)
    assert paused.status_code == 200, paused.text
    messages = await _thread(factory, conversation_id)
    # The card appears with the first event of a task linked after its creation.
    assert _kinds(messages, task_id) == ["task_progress", "task_paused"]
    assert messages[1].content == "Task paused: paused by the user"
    assert (messages[0].structured or {})["status"] == "paused"
    assert (messages[0].structured or {})["goal"] == "Plan the offsite"

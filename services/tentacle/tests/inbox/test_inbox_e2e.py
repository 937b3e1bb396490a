"""End to end over real HTTP and a real worker: a task started from a conversation is planned
(scripted LLM), pauses at a checkpoint that arrives on /inbox/events as an interactive message,
is approved through the API and finishes; its summary arrives, and reconnecting with
Last-Event-ID replays exactly the events the dropped connection missed."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from inbox_testkit import EventStream, Served
from scripted_llm import ScriptedLLM
from sqlalchemy import func, select
from tentacle_testkit import Tokens, eventually, wait_for_status

from tentacle import runtime
from tentacle.events.models import TaskEvent
from tentacle.settings import TentacleSettings

PLAN = {
    "summary": "Draft the announcement, then send it once approved",
    "steps": [
        {
            "id": "draft",
            "title": "Draft the announcement",
            "agent_type": "noop",
            "inputs": {"value": "We launch on Monday"},
            "depends_on": [],
            "parallel_group": None,
        },
        {
            "id": "announce",
            "title": "Announce to the team",
            "agent_type": "noop",
            "inputs": {"value": "{{steps.draft.outputs.echo}}"},
            "depends_on": ["draft"],
            "parallel_group": None,
            "checkpoint": {
                "required": True,
                "kind": "approval",
                "reason": "the whole team will read this",
            },
        },
    ],
}


@pytest.fixture
def planner_llm(tentacle_settings: TentacleSettings) -> Iterator[ScriptedLLM]:
    with ScriptedLLM() as server:
        runtime.configure(
            tentacle_settings.model_copy(
                update={
                    "llm_model": "openai/gpt-4o-mini",
                    "llm_api_base": server.base_url,
                    "llm_max_retries": 0,
                }
            )
        )
        try:
            yield server
        finally:
            runtime.configure(tentacle_settings)


def _card(message: dict[str, Any], kind: str, event: str = "message.created") -> bool:
    if message["type"] != event:
        return False
    structured = message["payload"]["message"].get("structured") or {}
    return bool(structured.get("type") == kind)


async def test_a_task_reports_into_its_conversation_and_is_approved_from_the_inbox(
    tentacle_app: FastAPI,
    worker: None,
    planner_llm: ScriptedLLM,
    served: Served,
    live_client: AsyncClient,
    tokens: Tokens,
) -> None:
    factory = tentacle_app.state.session_factory
    planner_llm.reply(json=PLAN, schema_name="plan")
    caller = tokens.caller()
    created = await live_client.post(
        "/api/v1/inbox/conversations", json={"title": "Launch"}, headers=caller.headers
    )
    conversation_id = created.json()["id"]

    stream = EventStream(served.url, caller)
    await stream.__aenter__()
    try:
        started = await live_client.post(
            f"/api/v1/inbox/conversations/{conversation_id}/tasks",
            json={"goal": "Announce the Monday launch to the team"},
            headers=caller.headers,
        )
        assert started.status_code == 202, started.text
        task_id = started.json()["id"]
        asking = await stream.wait_for(lambda m: _card(m, "checkpoint"))
    finally:
        await stream.close()

    checkpoint = asking["message"]["payload"]["message"]
    card = checkpoint["structured"]
    assert checkpoint["conversation_id"] == conversation_id
    assert checkpoint["task_id"] == task_id and checkpoint["checkpoint_id"] == card["checkpoint_id"]
    assert card["kind"] == "approval" and card["status"] == "pending"
    assert card["reason"] == "the whole team will read this"
    assert card["step_title"] == "Announce to the team"
    assert card["inputs"] == {"value": "We launch on Monday"}
    assert card["actions"] == ["approve", "reject"]
    assert card["endpoints"]["approve"] == f"/api/v1/checkpoints/{card['checkpoint_id']}/approve"
    assert asking["message"]["payload"]["conversation"]["priority"] == "attention"
    # The first step's result arrived before the question.
    done = [
        e["message"]["payload"]["message"]
        for e in stream.events
        if _card(e["message"], "step_completed")
    ]
    assert [m["structured"]["key"] for m in done] == ["draft"]
    assert done[0]["agent_id"] == "agent:noop"
    missed_after = stream.last_id

    # Approved while nobody listens.
    approved = await live_client.post(card["endpoints"]["approve"], headers=caller.headers)
    assert approved.status_code == 200, approved.text
    task, _ = await wait_for_status(factory, uuid.UUID(task_id), "completed", "failed")
    assert task.status == "completed", task.status_reason

    async def all_relayed() -> bool:
        async with factory() as session:
            waiting = await session.scalar(
                select(func.count())
                .select_from(TaskEvent)
                .where(TaskEvent.user_id == caller.user_id, TaskEvent.sequence.is_(None))
            )
        return waiting == 0

    await eventually(all_relayed)
    async with factory() as session:
        expected = list(
            (
                await session.scalars(
                    select(TaskEvent.sequence)
                    .where(
                        TaskEvent.user_id == caller.user_id,
                        TaskEvent.conversation_id.is_not(None),
                        TaskEvent.sequence > int(missed_after),
                    )
                    .order_by(TaskEvent.sequence)
                )
            ).all()
        )

    async with EventStream(served.url, caller, last_event_id=missed_after) as resumed:
        pass
    assert resumed.ids == expected  # exactly what was missed, in order, once
    messages = [e["message"] for e in resumed.events]
    (decided,) = [m for m in messages if _card(m, "checkpoint", "message.updated")]
    assert decided["payload"]["message"]["structured"]["status"] == "approved"
    assert decided["payload"]["message"]["structured"]["actions"] == []
    (finished,) = [m for m in messages if _card(m, "task_completed")]
    assert "We launch on Monday" in finished["payload"]["message"]["content"]
    assert finished["payload"]["conversation"]["priority"] == "normal"

    thread = await live_client.get(
        f"/api/v1/inbox/conversations/{conversation_id}/messages", headers=caller.headers
    )
    kinds = [item["structured"]["type"] for item in thread.json()["items"]]
    assert kinds == [
        "task_progress",
        "step_completed",
        "checkpoint",
        "step_completed",
        "task_completed",
    ]
    progress = thread.json()["items"][0]["structured"]
    assert progress["status"] == "completed"
    assert progress["steps"]["announce"]["status"] == "completed"
    shown = await live_client.get(
        f"/api/v1/inbox/conversations/{conversation_id}", headers=caller.headers
    )
    assert shown.json()["priority"] == "normal" and shown.json()["unread_count"] == 5

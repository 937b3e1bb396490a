"""A task planning for a conversation does not hold up the conversation: while the planner's
model call is in flight, whatever else is written into the thread (Flux's reply to the person
who asked, a read mark) goes through at once."""

from __future__ import annotations

import time
import uuid

from fastapi import FastAPI
from httpx import AsyncClient
from scripted_llm import ScriptedLLM
from tentacle_testkit import Tokens, eventually, wait_for_status

PLANNER = "You are the planner of fluxos. You turn"
PLANNER_SECONDS = 6.0


async def test_thread_is_writable_while_its_task_is_being_planned(
    tentacle_app: FastAPI,
    live_client: AsyncClient,
    tokens: Tokens,
    worker: None,
    scripted_llm: ScriptedLLM,
) -> None:
    marker = uuid.uuid4().hex[:8]
    scripted_llm.reply(
        json={
            "summary": "one step",
            "steps": [
                {
                    "id": "note",
                    "title": "Note",
                    "agent_type": "noop",
                    "inputs": {"value": marker},
                    "depends_on": [],
                }
            ],
        },
        schema_name="plan",
        system_contains=PLANNER,
        any_contains=marker,
        delay=PLANNER_SECONDS,
    )
    caller = tokens.caller()
    conversation = await live_client.post(
        "/api/v1/inbox/conversations", json={"title": "Notes"}, headers=caller.headers
    )
    conversation_id = conversation.json()["id"]
    created = await live_client.post(
        f"/api/v1/inbox/conversations/{conversation_id}/tasks",
        json={"goal": f"Write down the note {marker}"},
        headers=caller.headers,
    )
    assert created.status_code == 202, created.text
    task_id = uuid.UUID(created.json()["id"])

    async def planner_asked() -> float | None:
        asked = [r.at for r in scripted_llm.chat_requests() if marker in str(r.body)]
        return asked[0] if asked else None

    asked_at = await eventually(planner_asked, timeout=60)
    # The planner is thinking: the thread still takes changes straight away.
    changed = await live_client.patch(
        f"/api/v1/inbox/conversations/{conversation_id}",
        json={"priority": "attention"},
        headers=caller.headers,
    )
    answered_at = time.monotonic()
    assert changed.status_code == 200, changed.text
    assert answered_at - asked_at < PLANNER_SECONDS - 1, "the thread waited for the planner"

    task, _ = await wait_for_status(
        tentacle_app.state.session_factory, task_id, "completed", "failed", timeout=60
    )
    assert task.status == "completed", task.status_reason
    thread = await live_client.get(
        f"/api/v1/inbox/conversations/{conversation_id}/messages", headers=caller.headers
    )
    kinds = [(m["structured"] or {}).get("type") for m in thread.json()["items"]]
    assert kinds.count("task_progress") == 1 and "task_completed" in kinds

"""A person chats, Flux starts a task, the task's progress and its checkpoint arrive in the same
thread, Flux approves it when the person says so, and the completion lands in the thread; the
next turn's prompt knows the task's state."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from chat_kit import conversation_of, flux_request, has_tool_results, named, post_chat
from httpx import AsyncClient
from scripted_llm import ScriptedLLM
from sqlalchemy import select
from tentacle_testkit import Tokens, eventually, wait_for_status

from tentacle import runtime
from tentacle.chat.runtime import ChatRuntime
from tentacle.checkpoints.models import Checkpoint
from tentacle.inbox.models import Message
from tentacle.settings import TentacleSettings
from tentacle.tasks.models import Task

PLAN = {
    "summary": "Draft the note, then post it once approved",
    "steps": [
        {
            "id": "draft",
            "title": "Draft the note",
            "agent_type": "noop",
            "inputs": {"value": "Office closed Friday"},
            "depends_on": [],
            "parallel_group": None,
        },
        {
            "id": "post",
            "title": "Post the note",
            "agent_type": "noop",
            "inputs": {"value": "{{steps.draft.outputs.echo}}"},
            "depends_on": ["draft"],
            "parallel_group": None,
            "checkpoint": {"required": True, "kind": "approval", "reason": "everyone reads it"},
        },
    ],
}


@pytest.fixture
def planner_llm(tentacle_settings: TentacleSettings) -> Iterator[ScriptedLLM]:
    """The worker plans with its own scripted server while Flux talks to the app's."""
    with ScriptedLLM() as server:
        runtime.configure(
            tentacle_settings.model_copy(
                update={"llm_api_base": server.base_url, "llm_max_retries": 0}
            )
        )
        try:
            yield server
        finally:
            runtime.configure(tentacle_settings)


def one_tool_call(scripted: ScriptedLLM, name: str, arguments: dict[str, Any], answer: str) -> None:
    scripted.reset()
    scripted.reply(answer, when=has_tool_results)
    scripted.reply(
        tool_calls=[{"id": f"{name}-{uuid.uuid4().hex[:6]}", "name": name, "arguments": arguments}],
        when=flux_request,
    )


async def thread(runtime_: ChatRuntime, conversation_id: uuid.UUID) -> list[Message]:
    async with runtime_.session_factory() as session:
        rows = await session.scalars(
            select(Message)
            .where(Message.conversation_id == conversation_id)
            .order_by(Message.position)
        )
        return list(rows.all())


async def test_chat_task_checkpoint_and_completion_share_one_thread(
    worker: None,
    planner_llm: ScriptedLLM,
    live_client: AsyncClient,
    tokens: Tokens,
    scripted: ScriptedLLM,
    chat_runtime: ChatRuntime,
) -> None:
    planner_llm.reply(json=PLAN, schema_name="plan")
    caller = tokens.caller()
    one_tool_call(
        scripted,
        "create_task",
        {"goal": "Tell the office it is closed on Friday"},
        "I started it; I will ask before posting.",
    )

    started = await post_chat(live_client, caller, "tell the office we're closed Friday")
    conversation_id = conversation_of(started)
    async with chat_runtime.session_factory() as session:
        task = await session.scalar(select(Task).where(Task.conversation_id == conversation_id))
    assert task is not None
    factory = chat_runtime.session_factory
    task_row, _ = await wait_for_status(factory, task.id, "checkpoint", "failed", "completed")
    assert task_row.status == "checkpoint", task_row.status_reason

    async def checkpoint_card() -> Message | None:
        return next(
            (
                m
                for m in await thread(chat_runtime, conversation_id)
                if (m.structured or {}).get("type") == "checkpoint"
            ),
            None,
        )

    card = await eventually(checkpoint_card)
    async with chat_runtime.session_factory() as session:
        checkpoint = await session.scalar(select(Checkpoint).where(Checkpoint.task_id == task.id))
    assert checkpoint is not None and card.checkpoint_id == checkpoint.id

    one_tool_call(
        scripted,
        "approve_checkpoint",
        {"checkpoint_id": str(checkpoint.id), "decision": "approve"},
        "Approved; it will be posted.",
    )
    approved = await post_chat(live_client, caller, "yes, go ahead", conversation_id)
    assert named(approved, "tool_call.finished")[0]["ok"]
    # The turn's prompt listed the waiting checkpoint and the conversation's task.
    system = scripted.chat_requests()[0].system
    assert f"checkpoint {checkpoint.id}" in system
    assert "Tell the office it is closed on Friday" in system.split("from this conversation:")[1]
    # Providers want each tool call's result right after it, whatever was stored in between.
    sent = scripted.chat_requests()[0].body["messages"]
    for index, message in enumerate(sent):
        for offset, call in enumerate(message.get("tool_calls") or [], start=1):
            follower = sent[index + offset]
            assert (follower["role"], follower["tool_call_id"]) == ("tool", call["id"])
    assert any(str(m.get("content")).startswith("Update from orchestrator") for m in sent)

    task_row, steps = await wait_for_status(factory, task.id, "completed", "failed")
    assert task_row.status == "completed", task_row.status_reason
    assert steps["post"].output["echo"] == "Office closed Friday"

    async def completed_card() -> list[Message] | None:
        rows = await thread(chat_runtime, conversation_id)
        done = any((m.structured or {}).get("type") == "task_completed" for m in rows)
        return rows if done else None

    rows = await eventually(completed_card)
    roles = [m.role for m in rows]
    # The task's progress card is written with the task, before the tool's result.
    assert roles[:2] == ["user", "assistant"] and "tool" in roles and "event" in roles
    assert all(m.task_id == task.id for m in rows if m.role == "event")

"""From a goal to a finished task through a checkpoint: POST /api/v1/tasks, the planner (the
scripted OpenAI-compatible server) asks for approval before a step, the task pauses in
CHECKPOINT, and the person's approval resumes it to completion."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from scripted_llm import ScriptedLLM
from sqlalchemy import delete
from tentacle_testkit import Tokens, eventually, task_events, wait_for_status

from fluxkit.db import unit_of_work
from tentacle import runtime
from tentacle.checkpoints.models import Checkpoint
from tentacle.settings import TentacleSettings
from tentacle.tasks.models import Task

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
    """The worker plans with the scripted server for the duration of the test."""
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


async def test_a_planned_task_pauses_at_the_planners_checkpoint_and_approval_finishes_it(
    tentacle_app: FastAPI,
    worker: None,
    planner_llm: ScriptedLLM,
    live_client: AsyncClient,
    tokens: Tokens,
) -> None:
    factory = tentacle_app.state.session_factory
    planner_llm.reply(json=PLAN, schema_name="plan")
    caller = tokens.caller()
    created = await live_client.post(
        "/api/v1/tasks",
        json={"goal": "Announce the Monday launch to the team"},
        headers=caller.headers,
    )
    assert created.status_code == 202, created.text
    task_id = uuid.UUID(created.json()["id"])
    try:
        task, steps = await wait_for_status(factory, task_id, "checkpoint", "failed", "completed")
        assert task.status == "checkpoint", task.status_reason
        assert steps["draft"].status == "completed"
        assert steps["announce"].status == "waiting"

        async def pending() -> list[dict] | None:
            response = await live_client.get(
                "/api/v1/checkpoints", params={"task_id": str(task_id)}, headers=caller.headers
            )
            return response.json()["items"] or None

        (checkpoint,) = await eventually(pending)
        assert checkpoint["explicit"] is True
        assert checkpoint["reason"] == "the whole team will read this"
        assert checkpoint["preview"]["inputs"] == {"value": "We launch on Monday"}

        shown = await live_client.get(f"/api/v1/tasks/{task_id}", headers=caller.headers)
        assert shown.json()["status"] == "checkpoint"

        approved = await live_client.post(
            f"/api/v1/checkpoints/{checkpoint['id']}/approve", headers=caller.headers
        )
        assert approved.status_code == 200
        task, steps = await wait_for_status(factory, task_id, "completed", "failed")
        assert task.status == "completed", task.status_reason
        assert steps["announce"].output["echo"] == "We launch on Monday"
        types = [event.event_type for event in await task_events(factory, task_id)]
        assert types.index("planning.completed") < types.index("checkpoint.created")
        assert types.index("checkpoint.created") < types.index("checkpoint.resolved")
        assert [request.schema_name for request in planner_llm.chat_requests()] == ["plan"]
    finally:
        async with unit_of_work(factory) as session:
            await session.execute(delete(Checkpoint).where(Checkpoint.task_id == task_id))
            await session.execute(delete(Task).where(Task.id == task_id))

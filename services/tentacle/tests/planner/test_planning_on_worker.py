"""Planning and replanning on a real Celery worker, with the planner's model scripted: a goal is
planned and its steps run in sequence and in parallel; a failing step is retried, then the
replanner writes version 2 that keeps the completed output and finishes the task."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import FastAPI
from httpx import AsyncClient
from scripted_llm import ScriptedLLM
from tentacle_testkit import Tokens, wait_for_status

PLANNER = "You are the planner of fluxos. You turn"
REPLANNER = "repair a plan"


def noop(key: str, depends_on: list[str] = (), group: str | None = None, **inputs: Any) -> dict:  # type: ignore[assignment]
    return {
        "id": key,
        "title": key,
        "agent_type": "noop",
        "inputs": inputs,
        "depends_on": list(depends_on),
        "parallel_group": group,
    }


async def test_goal_is_planned_and_its_steps_run(
    tentacle_app: FastAPI,
    live_client: AsyncClient,
    tokens: Tokens,
    worker: None,
    scripted_llm: ScriptedLLM,
) -> None:
    scripted_llm.reset()
    scripted_llm.reply(
        json={
            "summary": "two in parallel, then one",
            "steps": [
                noop("left", group="fan", value=1, sleep_ms=300),
                noop("right", group="fan", value=2, sleep_ms=300),
                noop("join", depends_on=["left", "right"], value="{{steps.left.outputs.echo}}"),
            ],
        },
        schema_name="plan",
        system_contains=PLANNER,
    )
    caller = tokens.caller()
    created = await live_client.post(
        "/api/v1/tasks", json={"goal": "Do the three things in order"}, headers=caller.headers
    )
    assert created.status_code == 202, created.text
    task_id = uuid.UUID(created.json()["id"])

    task, steps = await wait_for_status(
        tentacle_app.state.session_factory, task_id, "completed", "failed"
    )
    assert task.status == "completed", task.status_reason
    assert task.current_version == 1 and not task.fast_path
    assert {key: s.status for key, s in steps.items()} == {
        "left": "completed",
        "right": "completed",
        "join": "completed",
    }
    # The two grouped steps overlapped; the dependent one started after both.
    left, right, join = steps["left"], steps["right"], steps["join"]
    assert left.started_at < right.finished_at and right.started_at < left.finished_at
    assert join.started_at >= max(left.finished_at, right.finished_at)
    assert join.output["echo"] == 1  # the reference kept its type
    assert task.prompt_tokens > 0  # the planner's usage is on the task
    [request] = scripted_llm.chat_requests()
    assert request.schema_name == "plan" and "Do the three things" in request.last_user


async def test_failed_step_is_replanned_keeping_completed_output(
    tentacle_app: FastAPI,
    live_client: AsyncClient,
    tokens: Tokens,
    worker: None,
    scripted_llm: ScriptedLLM,
) -> None:
    scripted_llm.reset()
    scripted_llm.reply(
        json={
            "summary": "fetch then a step that keeps failing",
            "steps": [
                noop("fetch", value="data"),
                {**noop("process", depends_on=["fetch"], fail="transient", fail_attempts=99)},
            ],
        },
        schema_name="plan",
        system_contains=PLANNER,
    )
    scripted_llm.reply(
        json={
            "summary": "process differently",
            "steps": [noop("process_again", value="{{steps.fetch.outputs.echo}}")],
        },
        schema_name="plan",
        system_contains=REPLANNER,
    )
    caller = tokens.caller()
    created = await live_client.post(
        "/api/v1/tasks", json={"goal": "Fetch and process"}, headers=caller.headers
    )
    task_id = uuid.UUID(created.json()["id"])

    task, _ = await wait_for_status(
        tentacle_app.state.session_factory, task_id, "completed", "failed", timeout=60
    )
    assert task.status == "completed", task.status_reason
    assert task.current_version == 2 and task.replan_count == 1
    view = (await live_client.get(f"/api/v1/tasks/{task_id}", headers=caller.headers)).json()
    assert [
        (v["version"], v["status"]) for v in sorted(view["versions"], key=lambda v: v["version"])
    ] == [
        (1, "superseded"),
        (2, "active"),
    ]
    current = {s["key"]: s for s in view["steps"]}
    assert set(current) == {"fetch", "process_again"}
    assert current["fetch"]["status"] == "completed"
    assert current["process_again"]["output"]["echo"] == "data"
    replan_request = scripted_llm.chat_requests()[-1]
    assert REPLANNER in replan_request.system
    assert "Diagnosis:" in replan_request.last_user and "process" in replan_request.last_user


async def test_a_plan_that_stays_invalid_fails_the_task_with_the_reason(
    tentacle_app: FastAPI,
    live_client: AsyncClient,
    tokens: Tokens,
    worker: None,
    scripted_llm: ScriptedLLM,
) -> None:
    scripted_llm.reset()
    scripted_llm.reply(
        json={
            "summary": "",
            "steps": [{"id": "x", "agent_type": "teleport", "inputs": {}, "depends_on": []}],
        },
        schema_name="plan",
    )
    caller = tokens.caller()
    created = await live_client.post(
        "/api/v1/tasks", json={"goal": "Beam me somewhere"}, headers=caller.headers
    )
    task_id = uuid.UUID(created.json()["id"])

    task, steps = await wait_for_status(tentacle_app.state.session_factory, task_id, "failed")
    assert "no valid plan after 3 attempts" in task.status_reason
    assert "unknown agent_type 'teleport'" in task.status_reason
    assert steps == {}
    assert len(scripted_llm.chat_requests()) == 3


async def test_a_budget_hit_while_planning_pauses_the_task_until_resumed(
    tentacle_app: FastAPI,
    live_client: AsyncClient,
    tokens: Tokens,
    worker: None,
    scripted_llm: ScriptedLLM,
) -> None:
    from sqlalchemy import delete

    from fluxkit.db import unit_of_work
    from tentacle.budgets import BudgetLimit, BudgetScope

    scripted_llm.reset()
    scripted_llm.reply(
        json={"summary": "one step", "steps": [noop("only", value=1)]},
        schema_name="plan",
        system_contains=PLANNER,
    )
    factory = tentacle_app.state.session_factory
    caller = tokens.caller()
    async with unit_of_work(factory) as session:
        session.add(
            BudgetLimit(
                organization_id=caller.organization_id,
                scope=BudgetScope.ORGANIZATION_DAY,
                agent_type="",
                max_tokens=1,
            )
        )
    created = await live_client.post(
        "/api/v1/tasks", json={"goal": "Write the quarterly plan"}, headers=caller.headers
    )
    task_id = uuid.UUID(created.json()["id"])
    task, _ = await wait_for_status(factory, task_id, "paused", "failed", "completed")
    assert task.status == "paused", task.status_reason
    assert "budget" in (task.status_reason or "")
    assert not [r for r in scripted_llm.requests if PLANNER in str(r)]  # no call went out

    async with unit_of_work(factory) as session:
        await session.execute(
            delete(BudgetLimit).where(BudgetLimit.organization_id == caller.organization_id)
        )
    resumed = await live_client.post(f"/api/v1/tasks/{task_id}/resume", headers=caller.headers)
    assert resumed.status_code == 200, resumed.text
    task, _ = await wait_for_status(factory, task_id, "completed", "failed")
    assert task.status == "completed", task.status_reason

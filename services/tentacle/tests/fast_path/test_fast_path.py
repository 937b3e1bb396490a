"""The fast path: look-ups recognised without a model call, measured against planning, and run
end to end on a real worker without any planner request."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from httpx import AsyncClient
from scripted_llm import ScriptedLLM
from sqlalchemy.ext.asyncio import AsyncSession
from tentacle_testkit import Tokens, eventually

from tentacle.fast_path import classify_intent
from tentacle.planner import plan_task
from tentacle.settings import TentacleSettings
from tentacle.tasks.models import Task, TaskStatus

NOW = datetime(2026, 11, 19, 15, 30, tzinfo=UTC)  # a Thursday


async def test_my_events_this_week_is_a_lookup_bounded_to_the_week() -> None:
    intent = await classify_intent("my events this week", now=NOW)
    assert intent is not None and intent.kind == "event"
    period = intent.filters["period"]
    assert period["from"] == "2026-11-16T00:00:00+00:00"
    assert period["to"] == "2026-11-23T00:00:00+00:00"


@pytest.mark.parametrize(
    ("goal", "kind", "filters", "text"),
    [
        ("contacts at Acme", "contact", {"company": "Acme"}, None),
        ("Who are my contacts at Acme Corp?", "contact", {"company": "Acme Corp"}, None),
        ("Show me my notes about the budget review", "note", {}, "the budget review"),
        ("What meetings do I have tomorrow?", "event", None, None),
        ("list my files", "file", {}, None),
    ],
)
async def test_lookups(goal: str, kind: str, filters: dict | None, text: str | None) -> None:
    intent = await classify_intent(goal, now=NOW)
    assert intent is not None
    assert intent.kind == kind
    if filters is not None:
        assert intent.filters == filters
    assert intent.text == text


@pytest.mark.parametrize(
    "goal",
    [
        "Send my events this week to Bob",
        "Summarize my notes about the budget",
        "Research competitors of Acme and write a report",
        "hello there",
        "Draft an email to my contacts at Acme",
        "Find the three cheapest flights to Lisbon next week and compare their baggage rules",
    ],
)
async def test_anything_more_than_a_lookup_goes_to_the_planner(goal: str) -> None:
    assert await classify_intent(goal, now=NOW) is None


async def test_the_fast_path_can_be_switched_off(tentacle_settings: TentacleSettings) -> None:
    from tentacle import runtime

    runtime.configure(tentacle_settings.model_copy(update={"fast_path_enabled": False}))
    try:
        assert await classify_intent("my events this week", now=NOW) is None
    finally:
        runtime.configure(tentacle_settings)
    assert await classify_intent("my events this week", now=NOW) is not None


@pytest.fixture(scope="module")
def scripted_server() -> Iterator[ScriptedLLM]:
    with ScriptedLLM() as server:
        yield server


async def test_intent_check_costs_far_less_than_a_planner_call(
    db: AsyncSession, scripted_server: ScriptedLLM, tentacle_settings: TentacleSettings
) -> None:
    scripted_server.reset()
    scripted_server.reply(
        json={
            "summary": "s",
            "steps": [{"id": "a", "agent_type": "noop", "inputs": {}, "depends_on": []}],
        },
        schema_name="plan",
    )
    settings = tentacle_settings.model_copy(
        update={"llm_model": "openai/gpt-4o-mini", "llm_api_base": scripted_server.base_url}
    )
    rounds = 200
    started = time.perf_counter()
    for _ in range(rounds):
        await classify_intent("my events this week")
        await classify_intent("Research competitors of Acme and write a report")
    intent_seconds = (time.perf_counter() - started) / (2 * rounds)

    async def planning_run() -> float:
        task = Task(
            organization_id=uuid.uuid4(),
            user_id=uuid.uuid4(),
            goal="plan me",
            constraints={},
            budget={},
            status=TaskStatus.PLANNING,
        )
        db.add(task)
        await db.flush()
        started = time.perf_counter()
        await plan_task(db, task, settings=settings)
        return time.perf_counter() - started

    await planning_run()  # the first call pays for loading the model library
    planning_seconds = min([await planning_run() for _ in range(3)])

    print(
        f"intent check {intent_seconds * 1e6:.0f} µs, planning path {planning_seconds * 1e3:.1f} ms"
    )
    # Even against a local scripted model answering at once, planning is orders slower.
    assert intent_seconds < 0.001
    assert planning_seconds > 20 * intent_seconds
    assert len(scripted_server.chat_requests()) == 4


async def test_fast_path_task_runs_one_workspace_step_without_planning(
    live_client: AsyncClient, tokens: Tokens, worker: None, scripted_llm: ScriptedLLM
) -> None:
    scripted_llm.reset()
    caller = tokens.caller()
    now = datetime.now(UTC)
    stranger = tokens.caller()
    seeds = [
        (caller, "event", {"title": "Standup", "start": now.isoformat()}),
        (caller, "event", {"title": "Offsite", "start": (now + timedelta(days=30)).isoformat()}),
        (caller, "note", {"title": "Agenda", "start": now.isoformat()}),
        (stranger, "event", {"title": "Their meeting", "start": now.isoformat()}),
    ]
    for who, kind, data in seeds:
        stored = await live_client.post(
            "/api/v1/workspace/objects", json={"type": kind, "data": data}, headers=who.headers
        )
        assert stored.status_code == 201, stored.text
    created = await live_client.post(
        "/api/v1/tasks", json={"goal": "my events this week"}, headers=caller.headers
    )
    assert created.status_code == 202, created.text
    task_id = created.json()["id"]

    async def settled() -> dict | None:
        view = (await live_client.get(f"/api/v1/tasks/{task_id}", headers=caller.headers)).json()
        return view if view["status"] in ("completed", "failed") else None

    view = await eventually(settled, timeout=30)
    assert view["fast_path"] is True
    assert [(s["key"], s["agent_type"]) for s in view["steps"]] == [("answer", "workspace_query")]
    step = view["steps"][0]
    assert step["inputs"]["kind"] == "event" and "period" in step["inputs"]["filters"]
    assert view["cost_usd"] == 0 and view["prompt_tokens"] == 0
    # Answered from the workspace: this week's events of the caller's organisation only.
    assert view["status"] == "completed", step["error"]
    assert step["output"]["count"] == 1
    assert [item["data"]["title"] for item in step["output"]["items"]] == ["Standup"]
    # The worker's model was never asked for a plan (a failed fast path may still be replanned).
    assert not any(
        "You turn a person's goal into a plan" in r.system for r in scripted_llm.chat_requests()
    )

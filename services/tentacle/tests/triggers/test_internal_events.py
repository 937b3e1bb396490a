"""Tentacle's own events: a finished task becomes a ``task.completed`` event for triggers without
an integration; re-reading the outbox starts nothing twice; a task started that way does not
feed the trigger again."""

from __future__ import annotations

import uuid

from fastapi import FastAPI
from httpx import AsyncClient
from mimic_fake import FakeMimic
from tentacle_testkit import Tokens, eventually, plan_step, start_plan, wait_for_status

from tentacle.triggers.internal import CURSOR_KEY, forward_task_events


async def test_a_completed_task_fires_a_follow_up_once(
    tentacle_app: FastAPI,
    live_client: AsyncClient,
    tokens: Tokens,
    fake_mimic: FakeMimic,
    worker: None,
) -> None:
    factory, redis = tentacle_app.state.session_factory, tentacle_app.state.redis
    await redis.delete(CURSOR_KEY)
    assert await forward_task_events(factory, redis) == 0  # starts from the newest event
    owner = tokens.caller()
    created = await live_client.post(
        "/api/v1/triggers",
        json={
            "name": "follow up",
            "event_pattern": "task.completed",
            "filter": {"data.goal": {"$regex": "^quarterly"}},
            "goal_template": "Follow up on: {{ event.data.goal }}",
            "planning_mode": "fixed",
            "plan": {
                "summary": "follow up",
                "steps": [
                    {
                        "id": "follow",
                        "title": "Follow up",
                        "agent_type": "noop",
                        "inputs": {"value": "{{ event.data.result.report.echo }}"},
                        "depends_on": [],
                    }
                ],
            },
        },
        headers=owner.headers,
    )
    assert created.status_code == 201, created.text
    trigger = created.json()
    original = await start_plan(
        factory,
        owner,
        [plan_step("report", inputs={"value": "numbers are up"})],
        goal="quarterly report",
    )
    other = await start_plan(factory, owner, [plan_step("x")], goal="something else")
    await wait_for_status(factory, original, "completed")
    await wait_for_status(factory, other, "completed")

    async def follow_up() -> list[dict[str, object]] | None:
        await forward_task_events(factory, redis)
        history = await live_client.get(
            f"/api/v1/triggers/{trigger['id']}/history", headers=owner.headers
        )
        matched = [item for item in history.json()["items"] if item["matched"]]
        return matched or None

    (run,) = await eventually(follow_up, timeout=30, interval=0.2)
    assert run["event_type"] == "task.completed"
    assert run["goal"] == "Follow up on: quarterly report"
    task, steps = await wait_for_status(factory, uuid.UUID(str(run["task_id"])), "completed")
    assert steps["follow"].output["echo"] == "numbers are up"
    assert task.constraints["internal_event"] is True

    # Its own completion does not fire the trigger again, and reading the outbox again from the
    # start hands on the same events, which start nothing new.
    for _ in range(3):
        await forward_task_events(factory, redis)
    await redis.set(CURSOR_KEY, 0)
    await forward_task_events(factory, redis, limit=100_000)
    history = await live_client.get(
        f"/api/v1/triggers/{trigger['id']}/history", headers=owner.headers
    )
    items = history.json()["items"]
    assert len([item for item in items if item["matched"]]) == 1
    assert [item["reason"] for item in items if not item["matched"]] == [
        "the filter did not match the event"
    ]

"""Task endpoints: creating returns at once (planning is queued for a worker), reading shows the
plan and progress, and pause / resume / cancel / retry follow the one state machine."""

from __future__ import annotations

import uuid

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession
from tentacle_testkit import Tokens

from tentacle.tasks.models import PlanVersion, Step, Task


async def _planned(db: AsyncSession, task_id: str, status: str) -> Task:
    """Give the task a one-step plan and a status, as the planner and the cycle would."""
    task = await db.get(Task, uuid.UUID(task_id))
    assert task is not None
    version = PlanVersion(
        id=uuid.uuid4(), task_id=task.id, organization_id=task.organization_id, version=1
    )
    db.add(version)
    await db.flush()
    for position, state in enumerate(("completed", "failed", "queued")):
        db.add(
            Step(
                id=uuid.uuid4(),
                task_id=task.id,
                plan_version_id=version.id,
                organization_id=task.organization_id,
                key=f"s{position}",
                position=position,
                agent_type="noop",
                status=state,
                output={"echo": 1} if state == "completed" else None,
                error="boom" if state == "failed" else None,
                retry_count=2 if state == "failed" else 0,
            )
        )
    task.current_version = 1
    task.status = status
    await db.flush()
    return task


async def test_creating_a_task_returns_at_once_in_planning(client: AsyncClient, tokens: Tokens):
    caller = tokens.caller()
    thread = await client.post("/api/v1/inbox/conversations", json={}, headers=caller.headers)
    conversation = uuid.UUID(thread.json()["id"])
    response = await client.post(
        "/api/v1/tasks",
        json={
            "goal": "Summarise this week's sales emails",
            "constraints": {"tone": "brief"},
            "budget": {"max_cost_usd": 0.5},
            "conversation_id": str(conversation),
        },
        headers=caller.headers,
    )
    assert response.status_code == 202, response.text
    body = response.json()
    assert body["status"] == "planning"
    assert body["steps"] == [] and body["current_version"] == 0
    assert body["budget"] == {"max_cost_usd": 0.5}
    assert body["conversation_id"] == str(conversation)

    listed = await client.get("/api/v1/tasks", headers=caller.headers)
    assert [item["id"] for item in listed.json()["items"]] == [body["id"]]
    by_conversation = await client.get(
        f"/api/v1/tasks?conversation_id={uuid.uuid4()}", headers=caller.headers
    )
    assert by_conversation.json()["items"] == []


async def test_goal_is_required_and_unknown_fields_are_refused(client: AsyncClient, tokens: Tokens):
    caller = tokens.caller()
    assert (
        await client.post("/api/v1/tasks", json={"goal": ""}, headers=caller.headers)
    ).status_code == 422
    extra = await client.post(
        "/api/v1/tasks", json={"goal": "x", "speed": 3}, headers=caller.headers
    )
    assert extra.status_code == 422


async def test_tasks_need_a_signed_token_and_a_writer_role(client: AsyncClient, tokens: Tokens):
    assert (await client.post("/api/v1/tasks", json={"goal": "x"})).status_code == 401
    forged = {"Authorization": "Bearer not-a-token"}
    assert (
        await client.post("/api/v1/tasks", json={"goal": "x"}, headers=forged)
    ).status_code == 401
    viewer = tokens.caller(roles=("viewer",))
    denied = await client.post("/api/v1/tasks", json={"goal": "x"}, headers=viewer.headers)
    assert denied.status_code == 403


async def test_another_organisations_task_is_not_found(client: AsyncClient, tokens: Tokens):
    owner = tokens.caller()
    created = (await client.post("/api/v1/tasks", json={"goal": "x"}, headers=owner.headers)).json()
    stranger = tokens.caller()
    assert (
        await client.get(f"/api/v1/tasks/{created['id']}", headers=stranger.headers)
    ).status_code == 404
    assert (
        await client.post(f"/api/v1/tasks/{created['id']}/cancel", headers=stranger.headers)
    ).status_code == 404
    # A member of the same organisation does not see someone else's task; an admin does.
    member = tokens.caller(owner.organization_id, roles=("member",))
    assert (
        await client.get(f"/api/v1/tasks/{created['id']}", headers=member.headers)
    ).status_code == 404
    admin = tokens.caller(owner.organization_id, roles=("admin",))
    assert (
        await client.get(f"/api/v1/tasks/{created['id']}", headers=admin.headers)
    ).status_code == 200


async def test_the_plan_is_shown_with_progress(
    client: AsyncClient, db: AsyncSession, tokens: Tokens
):
    caller = tokens.caller()
    created = (
        await client.post("/api/v1/tasks", json={"goal": "x"}, headers=caller.headers)
    ).json()
    await _planned(db, created["id"], "executing")
    body = (await client.get(f"/api/v1/tasks/{created['id']}", headers=caller.headers)).json()
    assert [step["key"] for step in body["steps"]] == ["s0", "s1", "s2"]
    assert body["progress"] == {
        "total": 3,
        "completed": 1,
        "running": 1,
        "waiting": 0,
        "failed": 1,
        "skipped": 0,
        "cancelled": 0,
        "pending": 0,
        "percent": 66.7,
    }
    assert body["versions"][0]["version"] == 1


async def test_pause_resume_and_cancel(client: AsyncClient, db: AsyncSession, tokens: Tokens):
    caller = tokens.caller()
    created = (
        await client.post("/api/v1/tasks", json={"goal": "x"}, headers=caller.headers)
    ).json()
    task_id = created["id"]
    await _planned(db, task_id, "executing")
    paused = await client.post(f"/api/v1/tasks/{task_id}/pause", headers=caller.headers)
    assert paused.status_code == 200
    assert paused.json()["status"] == "paused"
    # A step waiting for a worker goes back to waiting for the resume.
    assert [s["status"] for s in paused.json()["steps"]] == ["completed", "failed", "pending"]
    again = await client.post(f"/api/v1/tasks/{task_id}/pause", headers=caller.headers)
    assert again.status_code == 409

    resumed = await client.post(f"/api/v1/tasks/{task_id}/resume", headers=caller.headers)
    assert resumed.json()["status"] == "executing"
    assert (
        await client.post(f"/api/v1/tasks/{task_id}/resume", headers=caller.headers)
    ).status_code == 409

    cancelled = await client.post(f"/api/v1/tasks/{task_id}/cancel", headers=caller.headers)
    assert cancelled.json()["status"] == "cancelled"
    assert [s["status"] for s in cancelled.json()["steps"]] == ["completed", "failed", "cancelled"]
    for action in ("pause", "resume", "cancel", "retry"):
        late = await client.post(f"/api/v1/tasks/{task_id}/{action}", headers=caller.headers)
        assert late.status_code == 409, action
        assert late.json()["error"] in ("Conflict", "InvalidTaskTransition")


async def test_retry_restarts_failed_steps_and_keeps_completed_ones(
    client: AsyncClient, db: AsyncSession, tokens: Tokens
):
    caller = tokens.caller()
    created = (
        await client.post("/api/v1/tasks", json={"goal": "x"}, headers=caller.headers)
    ).json()
    task_id = created["id"]
    assert (
        await client.post(f"/api/v1/tasks/{task_id}/retry", headers=caller.headers)
    ).status_code == 409
    await _planned(db, task_id, "failed")
    retried = await client.post(f"/api/v1/tasks/{task_id}/retry", headers=caller.headers)
    assert retried.status_code == 200
    body = retried.json()
    assert body["status"] == "executing"
    steps = {s["key"]: s for s in body["steps"]}
    assert steps["s0"]["status"] == "completed" and steps["s0"]["output"] == {"echo": 1}
    assert steps["s1"]["status"] == "pending"
    assert steps["s1"]["retry_count"] == 0 and steps["s1"]["error"] is None


async def test_every_status_change_writes_an_event_in_the_same_transaction(
    client: AsyncClient, db: AsyncSession, tokens: Tokens
):
    from sqlalchemy import select

    from tentacle.events.models import TaskEvent

    caller = tokens.caller()
    created = (
        await client.post("/api/v1/tasks", json={"goal": "x"}, headers=caller.headers)
    ).json()
    await _planned(db, created["id"], "executing")
    await client.post(f"/api/v1/tasks/{created['id']}/pause", headers=caller.headers)
    await client.post(f"/api/v1/tasks/{created['id']}/cancel", headers=caller.headers)
    events = (
        await db.scalars(
            select(TaskEvent)
            .where(TaskEvent.task_id == uuid.UUID(created["id"]))
            .order_by(TaskEvent.created_at)
        )
    ).all()
    statuses = [
        (e.payload["from"], e.payload["to"]) for e in events if e.event_type == "task.status"
    ]
    assert statuses == [("executing", "paused"), ("paused", "cancelled")]
    assert events[0].event_type == "task.created"
    assert all(e.user_id == caller.user_id for e in events)

"""Checkpoints through the API: the gate pauses a risky step, a person's decision resumes or
fails it, each checkpoint is decided once, and other people never see it."""

from __future__ import annotations

import uuid

import pytest
from checkpoint_testkit import agent, make_task
from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from tentacle_testkit import Tokens

from fluxkit.auth import Principal
from fluxkit.errors import Forbidden
from tentacle.checkpoints import decisions
from tentacle.checkpoints.models import Checkpoint
from tentacle.checkpoints.service import budget_override_approved, create_checkpoint, gate_step
from tentacle.events.models import TaskEvent
from tentacle.tasks.models import StepStatus, TaskStatus


async def test_a_harmless_step_passes_the_gate(db: AsyncSession, tokens: Tokens) -> None:
    caller = tokens.caller()
    task, (step,) = await make_task(
        db, organization_id=caller.organization_id, user_id=caller.user_id, steps=[{}]
    )
    harmless = agent("summarize", risk_level="none")
    assert await gate_step(db, task=task, step=step, agent=harmless) is None
    assert step.status == StepStatus.PENDING
    assert task.status == TaskStatus.EXECUTING


async def test_a_sending_step_pauses_its_task_and_approval_resumes_it(
    db: AsyncSession, client: AsyncClient, tokens: Tokens
) -> None:
    caller = tokens.caller()
    task, (step,) = await make_task(
        db,
        organization_id=caller.organization_id,
        user_id=caller.user_id,
        steps=[{"title": "tell Ann", "inputs": {"to": "ann@acme.test", "body": "launch!"}}],
    )
    task_id = task.id
    checkpoint = await gate_step(db, task=task, step=step, agent=agent())
    assert checkpoint is not None
    checkpoint_id = checkpoint.id
    await db.commit()
    assert step.status == StepStatus.WAITING
    assert task.status == TaskStatus.CHECKPOINT
    # Asking again does not stack a second checkpoint.
    assert await gate_step(db, task=task, step=step, agent=agent()) is checkpoint

    listed = await client.get("/api/v1/checkpoints", headers=caller.headers)
    assert listed.status_code == 200
    (item,) = listed.json()["items"]
    assert item["id"] == str(checkpoint_id)
    assert item["kind"] == "approval"
    assert item["preview"]["inputs"] == {"to": "ann@acme.test", "body": "launch!"}
    assert "sends a message" in item["preview"]["summary"]
    assert item["expires_at"] is not None

    approved = await client.post(
        f"/api/v1/checkpoints/{checkpoint_id}/approve", headers=caller.headers
    )
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "approved"
    assert approved.json()["resolved_by_user_id"] == str(caller.user_id)
    await db.refresh(step)
    await db.refresh(task)
    assert step.status == StepStatus.PENDING and step.approved
    assert task.status == TaskStatus.EXECUTING
    # Approved: the gate now lets the step run.
    assert await gate_step(db, task=task, step=step, agent=agent()) is None

    again = await client.post(
        f"/api/v1/checkpoints/{checkpoint_id}/approve", headers=caller.headers
    )
    assert again.status_code == 409
    assert again.json()["error"] == "CheckpointAlreadyResolved"
    rejected_late = await client.post(
        f"/api/v1/checkpoints/{checkpoint_id}/reject",
        json={"reason": "changed my mind"},
        headers=caller.headers,
    )
    assert rejected_late.status_code == 409
    assert (await client.get("/api/v1/checkpoints", headers=caller.headers)).json()["items"] == []

    types = (
        (await db.execute(select(TaskEvent.event_type).where(TaskEvent.task_id == task_id)))
        .scalars()
        .all()
    )
    assert "checkpoint.created" in types and "checkpoint.resolved" in types


async def test_rejection_needs_a_reason_and_fails_the_step_with_it(
    db: AsyncSession, client: AsyncClient, tokens: Tokens
) -> None:
    caller = tokens.caller()
    task, (step,) = await make_task(
        db, organization_id=caller.organization_id, user_id=caller.user_id, steps=[{}]
    )
    checkpoint = await gate_step(db, task=task, step=step, agent=agent(risk_level="pay"))
    assert checkpoint is not None
    checkpoint_id = checkpoint.id
    await db.commit()
    url = f"/api/v1/checkpoints/{checkpoint_id}/reject"
    assert (await client.post(url, json={}, headers=caller.headers)).status_code == 422
    assert (await client.post(url, json={"reason": ""}, headers=caller.headers)).status_code == 422

    response = await client.post(url, json={"reason": "too expensive"}, headers=caller.headers)
    assert response.status_code == 200
    assert response.json()["status"] == "rejected"
    assert response.json()["resolution"]["reason"] == "too expensive"
    await db.refresh(step)
    await db.refresh(task)
    assert step.status == StepStatus.FAILED
    assert "too expensive" in (step.error or "")
    assert task.status == TaskStatus.EXECUTING  # the cycle applies the failure policy


async def test_other_people_and_other_orgs_cannot_see_or_decide(
    db: AsyncSession, client: AsyncClient, tokens: Tokens
) -> None:
    owner = tokens.caller()
    task, (step,) = await make_task(
        db, organization_id=owner.organization_id, user_id=owner.user_id, steps=[{}]
    )
    checkpoint = await gate_step(db, task=task, step=step, agent=agent())
    assert checkpoint is not None
    checkpoint_id = checkpoint.id
    await db.commit()
    stranger = tokens.caller()
    colleague = tokens.caller(owner.organization_id, roles=("member",))
    viewer_admin = tokens.caller(owner.organization_id, roles=("admin",))
    for other in (stranger, colleague):
        assert (
            await client.get(f"/api/v1/checkpoints/{checkpoint_id}", headers=other.headers)
        ).status_code == 404
        assert (
            await client.post(f"/api/v1/checkpoints/{checkpoint_id}/approve", headers=other.headers)
        ).status_code == 404
        assert (await client.get("/api/v1/checkpoints", headers=other.headers)).json()[
            "items"
        ] == []
    # An organisation admin may look and decide for the team.
    seen = await client.get(f"/api/v1/checkpoints/{checkpoint_id}", headers=viewer_admin.headers)
    assert seen.status_code == 200
    assert (await client.get("/api/v1/checkpoints", headers=owner.headers)).status_code == 200
    assert (
        await client.get(f"/api/v1/checkpoints/{uuid.uuid4()}", headers=owner.headers)
    ).status_code == 404
    assert (await client.get("/api/v1/checkpoints")).status_code == 401


async def test_over_the_cost_threshold_pauses_under_it_runs(
    db: AsyncSession, tokens: Tokens
) -> None:
    caller = tokens.caller()
    task, (cheap, costly) = await make_task(
        db, organization_id=caller.organization_id, user_id=caller.user_id, steps=[{}, {}]
    )
    assert (
        await gate_step(
            db, task=task, step=cheap, agent=agent("analyze", risk_level="read", estimated_usd=0.2)
        )
        is None
    )
    checkpoint = await gate_step(
        db, task=task, step=costly, agent=agent("analyze", risk_level="read", estimated_usd=4.0)
    )
    assert checkpoint is not None and checkpoint.risk_kind == "cost"
    assert checkpoint.preview["estimated_cost_usd"] == 4.0


async def test_input_checkpoint_merges_answers_into_the_inputs(
    db: AsyncSession, client: AsyncClient, tokens: Tokens
) -> None:
    caller = tokens.caller()
    task, (step,) = await make_task(
        db,
        organization_id=caller.organization_id,
        user_id=caller.user_id,
        steps=[
            {
                "inputs": {"topic": "launch"},
                "checkpoint": {
                    "kind": "input",
                    "questions": [
                        {"id": "tone", "prompt": "Which tone?"},
                        {"id": "extra", "prompt": "Anything else?", "required": False},
                    ],
                },
            }
        ],
    )
    checkpoint = await gate_step(
        db, task=task, step=step, agent=agent("compose", risk_level="none")
    )
    assert checkpoint is not None and checkpoint.kind == "input" and checkpoint.explicit
    checkpoint_id = checkpoint.id
    await db.commit()
    url = f"/api/v1/checkpoints/{checkpoint_id}/resolve"
    missing = await client.post(url, json={"answers": {"extra": "x"}}, headers=caller.headers)
    assert missing.status_code == 400
    assert "tone" in missing.json()["detail"]
    # A plain approval does not answer the questions either.
    bare = await client.post(f"/api/v1/checkpoints/{checkpoint_id}/approve", headers=caller.headers)
    assert bare.status_code == 400

    answered = await client.post(url, json={"answers": {"tone": "warm"}}, headers=caller.headers)
    assert answered.status_code == 200, answered.text
    assert answered.json()["status"] == "resolved"
    await db.refresh(step)
    assert step.inputs == {"topic": "launch", "tone": "warm"}
    assert step.status == StepStatus.PENDING and step.approved


async def test_modify_checkpoint_replaces_inputs_that_fit_the_agent_schema(
    db: AsyncSession, client: AsyncClient, tokens: Tokens
) -> None:
    caller = tokens.caller()
    task, (step,) = await make_task(
        db,
        organization_id=caller.organization_id,
        user_id=caller.user_id,
        steps=[{"inputs": {"text": "draft"}, "checkpoint": {"kind": "modify"}}],
    )
    schema = {
        "type": "object",
        "properties": {"text": {"type": "string"}},
        "required": ["text"],
        "additionalProperties": False,
    }
    checkpoint = await gate_step(
        db, task=task, step=step, agent=agent("edit", risk_level="none", input_schema=schema)
    )
    assert checkpoint is not None and checkpoint.input_schema == schema
    checkpoint_id = checkpoint.id
    await db.commit()
    url = f"/api/v1/checkpoints/{checkpoint_id}/resolve"
    bad = await client.post(url, json={"modified_inputs": {"txt": 1}}, headers=caller.headers)
    assert bad.status_code == 400
    assert "text" in bad.json()["detail"]
    good = await client.post(
        url, json={"modified_inputs": {"text": "final"}}, headers=caller.headers
    )
    assert good.status_code == 200
    await db.refresh(step)
    assert step.inputs == {"text": "final"}
    assert step.resolved_inputs is None


async def test_select_checkpoint_applies_the_chosen_alternative(
    db: AsyncSession, client: AsyncClient, tokens: Tokens
) -> None:
    caller = tokens.caller()
    alternatives = [
        {"id": "short", "label": "A short note", "inputs": {"length": "short"}},
        {"id": "long", "label": "A full report", "inputs": {"length": "long"}},
    ]
    task, (step,) = await make_task(
        db,
        organization_id=caller.organization_id,
        user_id=caller.user_id,
        steps=[
            {
                "inputs": {"topic": "q3"},
                "checkpoint": {"kind": "select", "alternatives": alternatives},
            }
        ],
    )
    checkpoint = await gate_step(
        db, task=task, step=step, agent=agent("compose", risk_level="none")
    )
    assert checkpoint is not None
    checkpoint_id = checkpoint.id
    await db.commit()
    url = f"/api/v1/checkpoints/{checkpoint_id}/resolve"
    wrong = await client.post(url, json={"choice": "medium"}, headers=caller.headers)
    assert wrong.status_code == 400
    assert "short, long" in wrong.json()["detail"]
    chosen = await client.post(url, json={"choice": "long"}, headers=caller.headers)
    assert chosen.status_code == 200
    await db.refresh(step)
    assert step.inputs == {"topic": "q3", "length": "long"}


async def test_task_stays_at_checkpoint_until_every_pending_one_is_decided(
    db: AsyncSession, client: AsyncClient, tokens: Tokens
) -> None:
    caller = tokens.caller()
    task, (first, second) = await make_task(
        db, organization_id=caller.organization_id, user_id=caller.user_id, steps=[{}, {}]
    )
    one = await gate_step(db, task=task, step=first, agent=agent())
    two = await gate_step(db, task=task, step=second, agent=agent(risk_level="delete"))
    assert one is not None and two is not None
    one_id, two_id = one.id, two.id
    await db.commit()
    await client.post(f"/api/v1/checkpoints/{one_id}/approve", headers=caller.headers)
    await db.refresh(task)
    assert task.status == TaskStatus.CHECKPOINT
    await client.post(f"/api/v1/checkpoints/{two_id}/approve", headers=caller.headers)
    await db.refresh(task)
    assert task.status == TaskStatus.EXECUTING
    stored = (
        (await db.execute(select(Checkpoint.status).where(Checkpoint.task_id == task.id)))
        .scalars()
        .all()
    )
    assert sorted(stored) == ["approved", "approved"]


async def test_a_budget_checkpoint_pauses_and_its_approval_lets_the_step_overspend(
    db: AsyncSession, client: AsyncClient, tokens: Tokens
) -> None:
    caller = tokens.caller()
    task, (step,) = await make_task(
        db,
        organization_id=caller.organization_id,
        user_id=caller.user_id,
        steps=[{"status": StepStatus.RUNNING}],
    )
    step_id = step.id
    checkpoint = await create_checkpoint(
        db,
        task=task,
        step=step,
        kind="budget",
        preview={"detail": "task limit $1.00 reached"},
        reason="budget limit reached",
        explicit=True,
        expires_in=None,
    )
    checkpoint_id = checkpoint.id
    assert step.status == StepStatus.WAITING and task.status == TaskStatus.CHECKPOINT
    assert checkpoint.expires_at is None
    assert not await budget_override_approved(db, step_id)
    await db.commit()

    approved = await client.post(
        f"/api/v1/checkpoints/{checkpoint_id}/approve", headers=caller.headers
    )
    assert approved.status_code == 200
    assert approved.json()["kind"] == "budget"
    assert await budget_override_approved(db, step_id)
    await db.refresh(step)
    assert step.status == StepStatus.PENDING


async def test_api_keys_need_the_checkpoint_scopes(db: AsyncSession, tokens: Tokens) -> None:
    caller = tokens.caller()
    task, (step,) = await make_task(
        db, organization_id=caller.organization_id, user_id=caller.user_id, steps=[{}]
    )
    checkpoint = await gate_step(db, task=task, step=step, agent=agent())
    assert checkpoint is not None

    def key(*scopes: str) -> Principal:
        return Principal(
            kind="api_key",
            user_id=caller.user_id,
            organization_id=caller.organization_id,
            scopes=frozenset(scopes),
        )

    with pytest.raises(Forbidden):
        await decisions.list_pending(db, key("tasks:read"))
    assert [c.id for c in await decisions.list_pending(db, key("checkpoints:read"))] == [
        checkpoint.id
    ]
    with pytest.raises(Forbidden):
        await decisions.decide(
            db, key("checkpoints:read"), checkpoint.id, outcome="approve", resolution={}
        )
    decided = await decisions.decide(
        db, key("checkpoints:*"), checkpoint.id, outcome="approve", resolution={}
    )
    assert decided.status == "approved"

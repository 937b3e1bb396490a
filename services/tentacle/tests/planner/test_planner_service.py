"""plan_task / replan_task against the scripted OpenAI-compatible server and real Postgres."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from scripted_llm import ScriptedLLM
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tentacle.events.models import TaskEvent
from tentacle.planner import PlanningFailed, ReplanLimitReached, plan_task, replan_task
from tentacle.settings import TentacleSettings
from tentacle.tasks.models import PlanStatus, PlanVersion, Step, StepStatus, Task, TaskStatus


@pytest.fixture(scope="module")
def scripted_server() -> Iterator[ScriptedLLM]:
    with ScriptedLLM() as server:
        yield server


@pytest.fixture
def scripted(scripted_server: ScriptedLLM) -> Iterator[ScriptedLLM]:
    scripted_server.reset()
    yield scripted_server
    scripted_server.reset()


@pytest.fixture
def settings(tentacle_settings: TentacleSettings, scripted: ScriptedLLM) -> TentacleSettings:
    return tentacle_settings.model_copy(
        update={
            "llm_model": "openai/gpt-4o-mini",
            "llm_api_base": scripted.base_url,
            "llm_retry_base_seconds": 0.01,
            "llm_max_retries": 1,
            "planner_max_attempts": 3,
            "max_replans": 1,
        }
    )


async def new_task(db: AsyncSession, goal: str = "Summarize the report and write a note") -> Task:
    task = Task(
        organization_id=uuid.uuid4(),
        user_id=uuid.uuid4(),
        goal=goal,
        constraints={"tone": "formal"},
        budget={},
        status=TaskStatus.PLANNING,
    )
    db.add(task)
    await db.flush()
    return task


GOOD_PLAN: dict[str, Any] = {
    "summary": "Summarize, then write",
    "steps": [
        {
            "id": "digest",
            "title": "Summarize the report",
            "agent_type": "summarize",
            "inputs": {"text": "The report text", "max_words": 40},
            "depends_on": [],
            "parallel_group": None,
        },
        {
            "id": "note",
            "title": "Write the note",
            "agent_type": "compose",
            "inputs": {"instructions": "{{steps.digest.outputs.summary}}"},
            "depends_on": ["digest"],
            "critical": False,
            "checkpoint": {"required": True, "kind": "approval", "reason": "check the tone"},
        },
    ],
}


async def test_plan_is_written_as_a_version_with_its_steps(
    db: AsyncSession, scripted: ScriptedLLM, settings: TentacleSettings
) -> None:
    scripted.reply(json=GOOD_PLAN, schema_name="plan")
    task = await new_task(db)
    version = await plan_task(db, task, settings=settings)

    assert version.version == 1 and version.status == PlanStatus.ACTIVE
    assert version.summary == "Summarize, then write"
    steps = list(
        await db.scalars(
            select(Step).where(Step.plan_version_id == version.id).order_by(Step.position)
        )
    )
    assert [(s.key, s.agent_type, s.status) for s in steps] == [
        ("digest", "summarize", StepStatus.PENDING),
        ("note", "compose", StepStatus.PENDING),
    ]
    assert steps[0].inputs == {"text": "The report text", "max_words": 40}
    assert steps[0].declared_outputs == ["key_points", "summary"]
    assert steps[1].depends_on == ["digest"]
    assert steps[1].critical is False
    assert steps[1].checkpoint == {"required": True, "kind": "approval", "reason": "check the tone"}
    assert task.cost_usd > 0 and task.prompt_tokens > 0
    assert version.cost_usd == pytest.approx(task.cost_usd)

    request = scripted.chat_requests()[0]
    assert request.schema_name == "plan"
    # The prompt lists the registry with schemas, and the goal with its constraints.
    assert '"type":"summarize"' in request.system and '"input_schema"' in request.system
    assert "Goal: Summarize the report" in request.last_user and "formal" in request.last_user


async def test_validation_errors_are_fed_back_until_the_plan_is_valid(
    db: AsyncSession, scripted: ScriptedLLM, settings: TentacleSettings
) -> None:
    bad = {
        "summary": "",
        "steps": [{"id": "x", "agent_type": "teleport", "inputs": {}, "depends_on": []}],
    }
    scripted.reply(json=bad, schema_name="plan", times=1)
    scripted.reply(json=GOOD_PLAN, schema_name="plan")
    task = await new_task(db)
    version = await plan_task(db, task, settings=settings)

    assert version.version == 1
    requests = scripted.chat_requests()
    assert len(requests) == 2
    assert "unknown agent_type 'teleport'" in requests[1].last_user
    assert requests[1].body["messages"][-2]["role"] == "assistant"
    events = list(await db.scalars(select(TaskEvent).where(TaskEvent.task_id == task.id)))
    assert [e.event_type for e in events] == ["planning.rejected"]


async def test_planning_gives_up_with_a_clear_reason(
    db: AsyncSession, scripted: ScriptedLLM, settings: TentacleSettings
) -> None:
    scripted.reply("this is not JSON at all", schema_name="plan")
    task = await new_task(db)
    with pytest.raises(
        PlanningFailed, match="no valid plan after 3 attempts: the answer is not valid JSON"
    ):
        await plan_task(db, task, settings=settings)
    assert len(scripted.chat_requests()) == 3
    # What the attempts cost stays on the task.
    assert task.cost_usd > 0
    assert await db.scalar(select(PlanVersion).where(PlanVersion.task_id == task.id)) is None


async def test_unreachable_model_fails_planning(
    db: AsyncSession, scripted: ScriptedLLM, settings: TentacleSettings
) -> None:
    scripted.fail(503)
    task = await new_task(db)
    with pytest.raises(PlanningFailed, match="could not be reached"):
        await plan_task(db, task, settings=settings)


async def test_replan_keeps_completed_outputs_and_supersedes_the_old_version(
    db: AsyncSession, scripted: ScriptedLLM, settings: TentacleSettings
) -> None:
    scripted.reply(
        json=GOOD_PLAN,
        schema_name="plan",
        system_contains="You are the planner of fluxos. You turn",
    )
    task = await new_task(db)
    first = await plan_task(db, task, settings=settings)
    task.current_version = first.version
    digest, note = list(
        await db.scalars(
            select(Step).where(Step.plan_version_id == first.id).order_by(Step.position)
        )
    )
    digest.status, digest.output = StepStatus.COMPLETED, {"summary": "short", "key_points": []}
    note.status, note.error = StepStatus.FAILED, "the model refused"
    await db.flush()

    replanned = {
        "summary": "Write with a draft instead",
        "steps": [
            {
                "id": "draft_note",
                "title": "Draft the note",
                "agent_type": "draft",
                "inputs": {"brief": "{{steps.digest.outputs.summary}}"},
                "depends_on": [],
            }
        ],
    }
    scripted.reply(json=replanned, schema_name="plan", system_contains="repair a plan")
    second = await replan_task(
        db, task, "step note (compose) failed: the model refused", settings=settings
    )

    assert second.version == 2 and second.diagnosis.startswith("step note")
    assert first.status == PlanStatus.SUPERSEDED
    assert task.replan_count == 1
    steps = list(
        await db.scalars(
            select(Step).where(Step.plan_version_id == second.id).order_by(Step.position)
        )
    )
    assert [(s.key, s.status) for s in steps] == [
        ("digest", StepStatus.COMPLETED),
        ("draft_note", StepStatus.PENDING),
    ]
    assert steps[0].output == {"summary": "short", "key_points": []}
    assert steps[0].carried_from_step_id == digest.id
    assert steps[1].depends_on == ["digest"]
    prompt = scripted.chat_requests()[-1].last_user
    assert "Diagnosis: step note (compose) failed" in prompt
    assert "digest (summarize)" in prompt and json.dumps("short") in prompt
    assert "the model refused" in prompt

    with pytest.raises(ReplanLimitReached):
        await replan_task(db, task, "again", settings=settings)

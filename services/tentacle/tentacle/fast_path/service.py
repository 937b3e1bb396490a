"""A fast-path task gets a one-step plan (a workspace query) instead of a planner call."""

from __future__ import annotations

import dataclasses
import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from tentacle.fast_path.intent import FastPathIntent
from tentacle.tasks.models import PlanStatus, PlanVersion, Step, StepStatus, Task

FAST_PATH_AGENT = "workspace_query"
ANSWER_STEP = "answer"


async def plan_fast_path(session: AsyncSession, task: Task, intent: FastPathIntent) -> PlanVersion:
    """Write the one-step plan that answers ``intent`` (no model call, no cost)."""
    inputs = intent.as_inputs()
    version = PlanVersion(
        id=uuid.uuid4(),
        task_id=task.id,
        organization_id=task.organization_id,
        version=task.current_version + 1,
        status=PlanStatus.ACTIVE,
        summary=f"Look up {intent.kind} items in the workspace",
        document={
            "fast_path": dataclasses.asdict(intent),
            "steps": [{"id": ANSWER_STEP, "agent_type": FAST_PATH_AGENT, "inputs": inputs}],
        },
    )
    session.add(version)
    await session.flush()
    session.add(
        Step(
            task_id=task.id,
            plan_version_id=version.id,
            organization_id=task.organization_id,
            key=ANSWER_STEP,
            position=0,
            title=version.summary,
            agent_type=FAST_PATH_AGENT,
            inputs=inputs,
            declared_outputs=["count", "items"],
            depends_on=[],
            critical=True,
            max_retries=1,
            status=StepStatus.PENDING,
        )
    )
    task.fast_path = True
    await session.flush()
    return version

"""Test support for checkpoints: a task with one plan version and steps, and risky agents."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tentacle.agents.spec import AgentSpec
from tentacle.tasks.models import PlanVersion, Step, StepStatus, Task, TaskStatus

OBJECT: dict[str, Any] = {"type": "object"}


def agent(
    type_: str = "notify",
    *,
    risk_level: str = "send",
    estimated_usd: float = 0.0,
    input_schema: dict[str, Any] | None = None,
) -> AgentSpec:
    return AgentSpec.model_validate(
        {
            "type": type_,
            "kind": "noop",
            "description": f"The {type_} test agent",
            "input_schema": input_schema or OBJECT,
            "output_schema": OBJECT,
            "risk_level": risk_level,
            "cost": {"estimated_usd": estimated_usd},
        }
    )


async def make_task(
    session: AsyncSession,
    *,
    organization_id: uuid.UUID,
    user_id: uuid.UUID,
    steps: list[dict[str, Any]],
    status: str = TaskStatus.EXECUTING,
) -> tuple[Task, list[Step]]:
    """A task with an active plan version holding ``steps`` (dicts of Step fields)."""
    task = Task(
        id=uuid.uuid4(),
        organization_id=organization_id,
        user_id=user_id,
        goal="tell the team about the launch",
        status=status,
        current_version=1,
    )
    session.add(task)
    await session.flush()
    version = PlanVersion(
        id=uuid.uuid4(), task_id=task.id, organization_id=organization_id, version=1
    )
    session.add(version)
    await session.flush()
    rows = []
    for position, fields in enumerate(steps):
        step = Step(
            id=uuid.uuid4(),
            task_id=task.id,
            plan_version_id=version.id,
            organization_id=organization_id,
            key=fields.pop("key", f"s{position}"),
            position=position,
            agent_type=fields.pop("agent_type", "notify"),
            status=fields.pop("status", StepStatus.PENDING),
            **fields,
        )
        session.add(step)
        rows.append(step)
    await session.flush()
    return task, rows

"""Starting a task for a trigger or an automation: the tasks service creates it, then either the
planner plans it on a worker or a fixed plan document (validated like a planner's) becomes its
plan version 1 at once and its first cycle is enqueued after commit."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.auth import Principal
from fluxkit.errors import FluxError
from tentacle.events.outbox import emit
from tentacle.orchestrator.enqueue import enqueue_cycle
from tentacle.planner.service import _write_version, available_agents
from tentacle.planner.validation import validate_plan
from tentacle.tasks import service as tasks
from tentacle.tasks.lifecycle import transition_task
from tentacle.tasks.models import Task, TaskStatus
from tentacle.tasks.schemas import TaskCreate

PLANNING_MODES = ("planner", "fixed")


class InvalidPlan(FluxError):
    status_code = 422

    def __init__(self, errors: list[str]) -> None:
        super().__init__("plan: " + "; ".join(errors[:10]), extra={"errors": errors[:20]})
        self.errors = errors


def owner_principal(organization_id: uuid.UUID, user_id: uuid.UUID) -> Principal:
    """Who a trigger's or an automation's task runs as: its owner."""
    return Principal(
        kind="service", service="tentacle", user_id=user_id, organization_id=organization_id
    )


def _max_steps() -> int:
    from tentacle.runtime import current_settings

    return current_settings().planner_max_steps


async def check_plan(
    session: AsyncSession, organization_id: uuid.UUID, plan: dict[str, Any]
) -> list[str]:
    """The plan's validation errors against the organisation's agents (empty when valid)."""
    agents = await available_agents(session, organization_id)
    return validate_plan(plan, agents, max_steps=_max_steps()).errors


async def start_task(
    session: AsyncSession,
    *,
    organization_id: uuid.UUID,
    user_id: uuid.UUID,
    goal: str,
    plan: dict[str, Any] | None,
    conversation_id: uuid.UUID | None,
    constraints: dict[str, Any] | None = None,
) -> Task:
    """Create the task in the caller's transaction (raises :class:`InvalidPlan` before writing
    anything when a fixed plan no longer validates, e.g. an agent was removed)."""
    agents: dict[str, Any] = {}
    check = None
    if plan is not None:
        agents = await available_agents(session, organization_id)
        check = validate_plan(plan, agents, max_steps=_max_steps())
        if not check.ok:
            raise InvalidPlan(check.errors)
    task = await tasks.create_task(
        session,
        owner_principal(organization_id, user_id),
        TaskCreate(goal=goal, constraints=constraints or {}, conversation_id=conversation_id),
    )
    if check is None or plan is None:
        return task
    usage = {"cost_usd": 0.0, "prompt_tokens": 0, "completion_tokens": 0, "model": None}
    version = await _write_version(session, task, check, plan, usage, agents)
    task.current_version = version.version
    await emit(
        session,
        "planning.completed",
        organization_id=task.organization_id,
        user_id=task.user_id,
        task_id=task.id,
        conversation_id=task.conversation_id,
        payload={"version": version.version, "fixed_plan": True},
    )
    await transition_task(session, task, TaskStatus.READY)
    await enqueue_cycle(session, task.id)
    return task

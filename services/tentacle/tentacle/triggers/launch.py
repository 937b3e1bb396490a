"""Starting a task for a trigger or an automation: without a plan the tasks service creates it and
the planner plans it on a worker; with a fixed plan document (validated like a planner's) the
task is created READY with it as plan version 1, and its first cycle is enqueued after commit."""

from __future__ import annotations

import uuid
from typing import Any

import anyio
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.auth import Principal
from fluxkit.db import after_commit
from fluxkit.errors import FluxError
from tentacle.agents import registry
from tentacle.agents.models import AgentDefinition
from tentacle.agents.spec import AgentSpec
from tentacle.events.outbox import emit
from tentacle.orchestrator.enqueue import request_cycle
from tentacle.planner.service import _write_version, available_agents
from tentacle.planner.validation import validate_plan
from tentacle.tasks import service as tasks
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


_parsed: dict[tuple[uuid.UUID, Any], AgentSpec] = {}
_chosen: dict[uuid.UUID, tuple[frozenset[tuple[uuid.UUID, Any]], dict[str, AgentSpec]]] = {}
"""Specs by (definition id, updated_at): parsing one validates its JSON schemas, which costs
milliseconds per agent; a trigger firing hundreds of times a second must not redo it."""


async def agent_specs(session: AsyncSession, organization_id: uuid.UUID) -> dict[str, AgentSpec]:
    """The agents the organisation may plan with: which versions are active is read fresh (ids
    and timestamps only); a version's spec is loaded and parsed once per process."""
    versions = (
        await session.execute(
            select(AgentDefinition.id, AgentDefinition.updated_at).where(
                AgentDefinition.active.is_(True),
                or_(
                    AgentDefinition.organization_id.is_(None),
                    AgentDefinition.organization_id == organization_id,
                ),
            )
        )
    ).all()
    if not versions:
        return await available_agents(session, organization_id)
    if any((row.id, row.updated_at) not in _parsed for row in versions):
        if len(_parsed) > 4096:
            _parsed.clear()
        for definition in await registry.active_definitions(session, organization_id):
            _parsed[(definition.id, definition.updated_at)] = registry.spec_of(definition)
        _chosen.pop(organization_id, None)
    key = frozenset((row.id, row.updated_at) for row in versions)
    cached = _chosen.get(organization_id)
    if cached is not None and cached[0] == key:
        return cached[1]
    # The registry's own choice (an organisation's version shadows the system's) decides.
    definitions = await registry.active_definitions(session, organization_id)
    specs = {
        definition.type: _parsed[(definition.id, definition.updated_at)]
        for definition in definitions
        if (definition.id, definition.updated_at) in _parsed
    }
    if len(_chosen) > 4096:
        _chosen.clear()
    _chosen[organization_id] = (key, specs)
    return specs


def _max_steps() -> int:
    from tentacle.runtime import current_settings

    return current_settings().planner_max_steps


async def check_plan(
    session: AsyncSession, organization_id: uuid.UUID, plan: dict[str, Any]
) -> list[str]:
    """The plan's validation errors against the organisation's agents (empty when valid)."""
    agents = await agent_specs(session, organization_id)
    return validate_plan(plan, agents, max_steps=_max_steps()).errors


async def announce_task(session: AsyncSession, task: Task) -> None:
    await emit(
        session,
        "task.created",
        organization_id=task.organization_id,
        user_id=task.user_id,
        task_id=task.id,
        conversation_id=task.conversation_id,
        payload={"goal": task.goal, "status": task.status, "fixed_plan": True},
    )


async def start_task(
    session: AsyncSession,
    *,
    organization_id: uuid.UUID,
    user_id: uuid.UUID,
    goal: str,
    plan: dict[str, Any] | None,
    conversation_id: uuid.UUID | None,
    constraints: dict[str, Any] | None = None,
    announce: bool = True,
) -> Task:
    """Create the task in the caller's transaction (raises :class:`InvalidPlan` before writing
    anything when a fixed plan no longer validates, e.g. an agent was removed).

    ``announce=False`` (fixed plans): the caller emits ``task.created`` with
    :func:`announce_task` just before committing. Emitting it reports into the task's inbox
    thread, which locks the thread until commit; done last, events of one trigger (one thread)
    wait on each other for the commit only, not for the whole transaction."""
    if plan is None:
        return await tasks.create_task(
            session,
            owner_principal(organization_id, user_id),
            TaskCreate(goal=goal, constraints=constraints or {}, conversation_id=conversation_id),
        )
    agents = await agent_specs(session, organization_id)
    check = validate_plan(plan, agents, max_steps=_max_steps())
    if not check.ok:
        raise InvalidPlan(check.errors)
    # Born READY with its plan: nothing to plan, so no planning message and no PLANNING→READY
    # hop (each would cost the event's transaction another outbox row and inbox update).
    task = Task(
        id=uuid.uuid4(),
        organization_id=organization_id,
        user_id=user_id,
        conversation_id=conversation_id,
        goal=goal,
        constraints=constraints or {},
        budget={},
        status=TaskStatus.READY,
        current_version=0,
    )
    session.add(task)
    if announce:
        await announce_task(session, task)
    await session.flush()
    usage = {"cost_usd": 0.0, "prompt_tokens": 0, "completion_tokens": 0, "model": None}
    version = await _write_version(session, task, check, plan, usage, agents)
    task.current_version = version.version
    task_id = task.id

    async def first_cycle() -> None:
        # The broker calls are synchronous: off the event loop, which serves other requests.
        await anyio.to_thread.run_sync(request_cycle, task_id)

    after_commit(session, first_cycle)
    return task

"""The planner and the replanner: one LLM call with the plan's JSON schema as response format,
validated against the agent registry, retried with the errors fed back, then written as a plan
version with one row per step.

The caller (``tentacle.orchestrator.planning``) holds the task row and moves the task on; these
functions raise :class:`PlanningFailed` with a reason a person can read when no valid plan came
back, after adding what the attempts cost to the task.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.llm import LLMClient, LLMError
from tentacle.agents.spec import AgentSpec
from tentacle.events.outbox import emit
from tentacle.planner.validation import PlanCheck, plan_schema, validate_plan
from tentacle.settings import TentacleSettings
from tentacle.steps.lifecycle import transition_step
from tentacle.tasks.models import PlanStatus, PlanVersion, Step, StepStatus, Task

PLAN_SCHEMA_NAME = "plan"
OUTPUT_PREVIEW_CHARS = 600


class PlanningFailed(Exception):
    """No valid plan: the message says why (shown as the task's failure reason)."""


class ReplanLimitReached(PlanningFailed):
    """The task already used its strategic replans."""


def _settings() -> TentacleSettings:
    from tentacle.runtime import current_settings

    return current_settings()


_clients: dict[int, tuple[TentacleSettings, LLMClient]] = {}


def default_llm(settings: TentacleSettings | None = None) -> LLMClient:
    """One client per settings object (the worker's, or a test's)."""
    settings = settings or _settings()
    cached = _clients.get(id(settings))
    if cached is None or cached[0] is not settings:
        cached = (settings, LLMClient(settings))
        _clients[id(settings)] = cached
    return cached[1]


# -- prompts and registry ----------------------------------------------------------------------


def prompts_dir(settings: TentacleSettings) -> Path:
    if settings.prompts_dir:
        return Path(settings.prompts_dir)
    for parent in Path(__file__).resolve().parents:
        if (parent / "prompts" / "planner.md").is_file():
            return parent / "prompts"
    return Path(__file__).parent / "bundled_prompts"


def load_prompt(name: str, settings: TentacleSettings) -> str:
    path = prompts_dir(settings) / f"{name}.md"
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise PlanningFailed(f"the {name} prompt is missing ({path})") from exc


async def available_agents(
    session: AsyncSession, organization_id: uuid.UUID
) -> dict[str, AgentSpec]:
    """The agent types the organisation may plan with: its registry, else the YAML files."""
    try:
        from tentacle.agents import registry
    except ImportError:  # a checkout without the registry domain: the YAML files only
        registry = None  # type: ignore[assignment]
    if registry is not None:
        specs = await registry.list_agent_specs(session, organization_id)
        if specs:
            return {spec.type: spec for spec in specs}
    # Registry not seeded yet (e.g. a worker started before the API): the YAML files.
    from tentacle.orchestrator.agents import _file_specs

    directory = str(getattr(_settings(), "agents_dir", "") or "")
    return dict(_file_specs(directory))


def registry_text(agents: dict[str, AgentSpec]) -> str:
    return "\n".join(
        json.dumps(agents[name].planner_entry(), separators=(",", ":"), ensure_ascii=False)
        for name in sorted(agents)
    )


def runtime_budget() -> Any:
    """The worker's budget guard, when this runs inside a worker (planning tasks do)."""
    from tentacle import runtime

    current = runtime._runtime
    factory = current.extras.get("budget_guard") if current is not None else None
    return factory() if callable(factory) else None


def _system_prompt(name: str, agents: dict[str, AgentSpec], settings: TentacleSettings) -> str:
    return (
        load_prompt(name, settings)
        .replace("{{agents}}", registry_text(agents))
        .replace("{{max_steps}}", str(settings.planner_max_steps))
    )


def _goal_message(task: Task) -> str:
    parts = [f"Goal: {task.goal}"]
    if task.constraints:
        parts.append("Constraints: " + json.dumps(task.constraints, ensure_ascii=False))
    return "\n".join(parts)


# -- the call loop -----------------------------------------------------------------------------


async def _ask_until_valid(
    task: Task,
    messages: list[dict[str, Any]],
    agents: dict[str, AgentSpec],
    *,
    completed: dict[str, list[str]],
    llm: LLMClient,
    settings: TentacleSettings,
    session: AsyncSession,
    budget: Any,
    version: int,
) -> tuple[PlanCheck, dict[str, Any], dict[str, Any]]:
    """(accepted check, document, usage) or PlanningFailed after the bounded attempts."""
    schema = plan_schema(agents, settings.planner_max_steps)
    usage: dict[str, Any] = {
        "cost_usd": 0.0,
        "prompt_tokens": 0,
        "completion_tokens": 0,
        "model": None,
    }
    last_errors: list[str] = []
    for attempt in range(1, settings.planner_max_attempts + 1):
        reservation = None
        if budget is not None:
            estimate = llm.estimate(
                messages, role="planner", max_tokens=settings.planner_max_tokens
            )
            reservation = await budget.reserve(
                organization_id=task.organization_id,
                task_id=task.id,
                step_id=None,
                agent_type="planner",
                cost_usd=estimate.cost_usd,
                tokens=estimate.tokens,
            )
        try:
            answer = await llm.complete(
                messages,
                role="planner",
                response_schema=schema,
                schema_name=PLAN_SCHEMA_NAME,
                max_tokens=settings.planner_max_tokens,
                temperature=0.0,
                metadata={"task_id": str(task.id), "purpose": "plan", "attempt": attempt},
            )
        except LLMError as exc:
            if reservation is not None:
                await budget.release(reservation)
            _charge(task, usage)
            raise PlanningFailed(f"the planner model could not be reached: {exc}") from exc
        if reservation is not None:
            await budget.settle(
                reservation,
                cost_usd=answer.cost_usd,
                tokens=answer.total_tokens,
                usage_known=answer.usage_known,
            )
        usage["cost_usd"] += answer.cost_usd
        usage["prompt_tokens"] += answer.prompt_tokens
        usage["completion_tokens"] += answer.completion_tokens
        usage["model"] = answer.model
        if answer.parse_error:
            check = PlanCheck(errors=[answer.parse_error])
            document: Any = None
        else:
            document = answer.parsed
            check = validate_plan(
                document, agents, completed=completed, max_steps=settings.planner_max_steps
            )
        if check.ok:
            return check, document, usage
        last_errors = check.errors
        await emit(
            session,
            "planning.rejected",
            organization_id=task.organization_id,
            user_id=task.user_id,
            task_id=task.id,
            conversation_id=task.conversation_id,
            payload={"version": version, "attempt": attempt, "errors": check.errors[:20]},
        )
        messages = [
            *messages,
            {"role": "assistant", "content": answer.content or ""},
            {
                "role": "user",
                "content": "The plan was rejected:\n- "
                + "\n- ".join(check.errors[:20])
                + "\nAnswer with a corrected plan (the whole JSON object).",
            },
        ]
    _charge(task, usage)
    raise PlanningFailed(
        f"no valid plan after {settings.planner_max_attempts} attempts: "
        + "; ".join(last_errors[:5])
    )


def _charge(task: Task, usage: dict[str, Any]) -> None:
    task.cost_usd = (task.cost_usd or 0.0) + usage["cost_usd"]
    task.prompt_tokens = (task.prompt_tokens or 0) + usage["prompt_tokens"]
    task.completion_tokens = (task.completion_tokens or 0) + usage["completion_tokens"]


async def _write_version(
    session: AsyncSession,
    task: Task,
    check: PlanCheck,
    document: dict[str, Any],
    usage: dict[str, Any],
    agents: dict[str, AgentSpec],
    *,
    diagnosis: str | None = None,
    carried: list[Step] = (),  # type: ignore[assignment]
) -> PlanVersion:
    version = PlanVersion(
        id=uuid.uuid4(),
        task_id=task.id,
        organization_id=task.organization_id,
        version=task.current_version + 1,
        status=PlanStatus.ACTIVE,
        summary=check.summary,
        diagnosis=diagnosis,
        document=document,
        model=usage.get("model"),
        cost_usd=usage["cost_usd"],
        prompt_tokens=usage["prompt_tokens"],
        completion_tokens=usage["completion_tokens"],
    )
    session.add(version)
    await session.flush()
    position = 0
    for old in carried:
        session.add(
            Step(
                task_id=task.id,
                plan_version_id=version.id,
                organization_id=task.organization_id,
                key=old.key,
                position=position,
                title=old.title,
                agent_type=old.agent_type,
                inputs=old.inputs,
                resolved_inputs=old.resolved_inputs,
                declared_outputs=old.declared_outputs,
                depends_on=[],
                parallel_group=None,
                failure_policy=old.failure_policy,
                critical=old.critical,
                status=StepStatus.COMPLETED,
                output=old.output,
                carried_from_step_id=old.id,
                started_at=old.started_at,
                finished_at=old.finished_at,
            )
        )
        position += 1
    for step in check.steps:
        session.add(
            Step(
                task_id=task.id,
                plan_version_id=version.id,
                organization_id=task.organization_id,
                key=step.key,
                position=position,
                title=step.title,
                agent_type=step.agent_type,
                inputs=step.inputs,
                declared_outputs=step.declared_outputs,
                depends_on=step.depends_on,
                parallel_group=step.parallel_group,
                failure_policy=step.failure_policy,
                checkpoint=step.checkpoint,
                critical=step.critical,
                max_retries=agents[step.agent_type].max_retries,
                status=StepStatus.PENDING,
            )
        )
        position += 1
    _charge(task, usage)
    await session.flush()
    return version


async def plan_task(
    session: AsyncSession,
    task: Task,
    *,
    llm: LLMClient | None = None,
    settings: TentacleSettings | None = None,
    budget: Any = None,
) -> PlanVersion:
    """Plan ``task`` (first version): the accepted plan's version row and steps, flushed."""
    settings = settings or _settings()
    llm = llm or default_llm(settings)
    budget = budget if budget is not None else runtime_budget()
    agents = await available_agents(session, task.organization_id)
    if not agents:
        raise PlanningFailed("no agents are registered to plan with")
    messages = [
        {"role": "system", "content": _system_prompt("planner", agents, settings)},
        {"role": "user", "content": _goal_message(task)},
    ]
    check, document, usage = await _ask_until_valid(
        task,
        messages,
        agents,
        completed={},
        llm=llm,
        settings=settings,
        session=session,
        budget=budget,
        version=task.current_version + 1,
    )
    return await _write_version(session, task, check, document, usage, agents)


def _preview(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= OUTPUT_PREVIEW_CHARS else text[:OUTPUT_PREVIEW_CHARS] + "…"


async def replan_task(
    session: AsyncSession,
    task: Task,
    diagnosis: str,
    *,
    llm: LLMClient | None = None,
    settings: TentacleSettings | None = None,
    budget: Any = None,
) -> PlanVersion:
    """Write version n+1 from the goal, the completed steps (kept, outputs carried over) and
    the diagnosis; the old version becomes SUPERSEDED and its unfinished steps are cancelled."""
    settings = settings or _settings()
    llm = llm or default_llm(settings)
    budget = budget if budget is not None else runtime_budget()
    if task.replan_count >= settings.max_replans:
        raise ReplanLimitReached(
            f"the task was already replanned {task.replan_count} times (limit {settings.max_replans})"
        )
    current = await session.scalar(
        select(PlanVersion).where(
            PlanVersion.task_id == task.id, PlanVersion.version == task.current_version
        )
    )
    old_steps = (
        list(
            await session.scalars(
                select(Step).where(Step.plan_version_id == current.id).order_by(Step.position)
            )
        )
        if current is not None
        else []
    )
    done = [s for s in old_steps if s.status == StepStatus.COMPLETED]
    failed = [s for s in old_steps if s.status == StepStatus.FAILED]
    completed = {s.key: sorted(set(s.declared_outputs) | set(s.output or {})) for s in done}
    agents = await available_agents(session, task.organization_id)
    lines = [_goal_message(task), "", f"Diagnosis: {diagnosis}", "", "Completed steps (kept):"]
    lines += [
        f"- {s.key} ({s.agent_type}): outputs {', '.join(completed[s.key]) or 'none'} = "
        f"{_preview(s.output)}"
        for s in done
    ] or ["- none"]
    lines += ["", "Failed steps:"]
    lines += [
        f"- {s.key} ({s.agent_type}) with inputs {_preview(s.inputs)}: {s.error}" for s in failed
    ] or ["- none"]
    messages = [
        {"role": "system", "content": _system_prompt("replanner", agents, settings)},
        {"role": "user", "content": "\n".join(lines)},
    ]
    check, document, usage = await _ask_until_valid(
        task,
        messages,
        agents,
        completed=completed,
        llm=llm,
        settings=settings,
        session=session,
        budget=budget,
        version=task.current_version + 1,
    )
    if current is not None:
        current.status = PlanStatus.SUPERSEDED
        for step in old_steps:
            if step.status in (StepStatus.PENDING, StepStatus.QUEUED, StepStatus.WAITING):
                await transition_step(
                    session, step, StepStatus.CANCELLED, task=task, reason="superseded by a replan"
                )
    version = await _write_version(
        session, task, check, document, usage, agents, diagnosis=diagnosis, carried=done
    )
    task.replan_count += 1
    await session.flush()
    return version

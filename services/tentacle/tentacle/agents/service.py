"""Agent registry rules: seeding the system agents and drafting organization agents."""

from __future__ import annotations

import logging
import uuid
from contextlib import AsyncExitStack
from typing import Any

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.db import unit_of_work
from fluxkit.errors import BadRequest, Conflict, FluxError, NotFound
from fluxkit.llm import LLMClient, LLMError, LLMUnavailable
from tentacle.agents import registry
from tentacle.agents.loader import AgentSpecError, load_agent_specs, parse_agent_spec
from tentacle.agents.models import AgentDefinition
from tentacle.agents.spec import AgentSpec
from tentacle.budgets.calls import budgeted_complete
from tentacle.budgets.guard import BudgetExceeded, BudgetGuard

logger = logging.getLogger(__name__)

DRAFT_ATTEMPTS = 3

DRAFT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "type": {"type": "string", "description": "lower_snake_case name"},
        "description": {"type": "string"},
        "input_schema": {"type": "object"},
        "output_schema": {"type": "object"},
        "prompt": {"type": "string"},
        "model_tier": {"type": "string", "enum": ["fast", "standard", "reasoning"]},
        "tools": {
            "type": "array",
            "items": {"type": "string", "enum": ["web_search", "http_fetch"]},
        },
        "timeout_seconds": {"type": "integer"},
    },
    "required": ["type", "description", "input_schema", "output_schema", "prompt", "model_tier"],
}

DRAFT_PROMPT = """You design subagents for fluxos, an automation platform. A subagent is one \
language-model call: it receives JSON inputs, follows its prompt and answers with a JSON object.
Write the specification of the subagent the person describes, as JSON with:
- "type": a new lower_snake_case name (2-63 characters) that is NOT one of: {taken};
- "description": one or two sentences telling a planner when to use it;
- "input_schema" and "output_schema": JSON Schemas (draft 2020-12) with "type": "object", \
"properties" for every field and "required" for the fields that must be present;
- "prompt": the subagent's system prompt; it may insert an input with {{{{name}}}} and keep a \
sentence only when an input is given with {{{{#name}}}}...{{{{/name}}}};
- "model_tier": "fast" for simple rewriting, "standard" for writing, "reasoning" for analysis;
- "tools" (optional): "web_search" and/or "http_fetch" when it must look things up online;
- "timeout_seconds" (optional, 10 to 600).
The subagent cannot send, pay, delete or change anything: it only answers."""


class AgentNotFound(NotFound):
    pass


class AgentTypeTaken(Conflict):
    pass


class AgentDraftFailed(BadRequest):
    """The model could not produce a valid spec from the description."""


class AgentDraftUnavailable(FluxError):
    status_code = 503


class AgentDraftOverBudget(Conflict):
    """Drafting would take the organisation past one of its budget limits."""


async def seed_system_agents(session: AsyncSession, directory: str | None) -> registry.SeedReport:
    return await registry.seed_system_agents(session, load_agent_specs(directory or None))


async def seed_agents_on_start(app: FastAPI, stack: AsyncExitStack) -> None:
    """Startup hook: the system registry follows the agents/ files (a bad file stops the start)."""
    directory = str(getattr(app.state.settings, "agents_dir", "") or "")
    async with unit_of_work(app.state.session_factory) as session:
        report = await seed_system_agents(session, directory)
    logger.info(
        "agent registry seeded",
        extra={"added": report.added, "updated": report.updated, "retired": report.retired},
    )


async def get_definition(
    session: AsyncSession, organization_id: uuid.UUID, agent_type: str
) -> AgentDefinition:
    definition = await registry.active_definition(session, organization_id, agent_type)
    if definition is None:
        raise AgentNotFound(f"no agent of type {agent_type!r}")
    return definition


def _drafted_spec(draft: Any, agent_type: str | None) -> AgentSpec:
    if not isinstance(draft, dict):
        raise AgentSpecError("the draft must be a JSON object")
    allowed = {"description", "input_schema", "output_schema", "prompt", "model_tier", "tools"}
    data: dict[str, Any] = {key: draft[key] for key in allowed if key in draft}
    data["type"] = agent_type or draft.get("type")
    data["kind"] = "llm"
    # An LLM agent only answers; looking things up online is a read.
    data["risk_level"] = "read" if data.get("tools") else "none"
    if "timeout_seconds" in draft:
        data["timeout_seconds"] = max(10, min(600, int(draft["timeout_seconds"])))
    return parse_agent_spec(data, source="draft")


async def create_agent(
    session: AsyncSession,
    llm: LLMClient,
    *,
    organization_id: uuid.UUID,
    user_id: uuid.UUID,
    description: str,
    agent_type: str | None = None,
    budget: BudgetGuard | None = None,
) -> AgentDefinition:
    """Have the model draft a spec from ``description``, validate it (errors go back to the model
    for a bounded number of attempts) and register it as the organization's next version."""
    system_types = {
        row.type
        for row in await registry.active_definitions(session, None)
        if row.organization_id is None
    }
    if agent_type in system_types:
        raise AgentTypeTaken(f"{agent_type!r} is a system agent; choose another type")
    request = description
    if agent_type:
        request += f"\n\nName the subagent {agent_type!r}."
    messages: list[dict[str, Any]] = [
        {"role": "system", "content": DRAFT_PROMPT.format(taken=", ".join(sorted(system_types)))},
        {"role": "user", "content": request},
    ]
    problems = ""
    for _ in range(DRAFT_ATTEMPTS):
        try:
            answer = await budgeted_complete(
                llm,
                budget,
                messages,
                organization_id=organization_id,
                task_id=None,
                agent_type="create_agent",
                role="standard",
                response_schema=DRAFT_SCHEMA,
                schema_name="agent_draft",
                max_tokens=3000,
            )
        except BudgetExceeded as exc:
            raise AgentDraftOverBudget(f"drafting the agent was not started: {exc}") from exc
        except LLMUnavailable as exc:
            raise AgentDraftUnavailable(f"the model is unavailable: {exc}") from exc
        except LLMError as exc:
            raise AgentDraftFailed(f"the model refused to draft: {exc}") from exc
        try:
            if answer.parsed is None:
                raise AgentSpecError(f"the answer is not JSON ({answer.parse_error})")
            spec = _drafted_spec(answer.parsed, agent_type)
            if spec.type in system_types:
                raise AgentSpecError(f"type: {spec.type!r} is taken by a system agent")
        except AgentSpecError as exc:
            problems = str(exc).removeprefix("draft: ")
            messages = [
                *messages,
                {"role": "assistant", "content": answer.content or ""},
                {
                    "role": "user",
                    "content": f"The specification is not valid: {problems}\n"
                    "Answer again with the whole corrected JSON.",
                },
            ]
            continue
        return await registry.add_version(
            session,
            spec,
            organization_id=organization_id,
            source="drafted",
            created_by_user_id=user_id,
            request=description,
        )
    raise AgentDraftFailed(
        f"no valid agent could be drafted after {DRAFT_ATTEMPTS} attempts: {problems}"
    )

"""/api/v1/agents: the agent registry (system agents and the organization's own)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from fluxkit.app import flux_router
from fluxkit.auth import CurrentUser
from fluxkit.auth.principal import Principal
from fluxkit.db import SessionDep
from fluxkit.errors import Forbidden
from fluxkit.llm import LLMClient
from tentacle.agents import registry, service
from tentacle.agents.schemas import Agent, AgentDraftCreate, AgentPage
from tentacle.budgets.guard import BudgetGuard

router = flux_router("/api/v1/agents", tags=["agents"])

AGENT_AUTHORS = frozenset({"owner", "admin"})


def get_llm(request: Request) -> LLMClient:
    """The API process's model client, made on first use from the app's settings."""
    client = getattr(request.app.state, "llm", None)
    if client is None:
        client = LLMClient(request.app.state.settings)
        request.app.state.llm = client
    return client


async def agent_author(principal: CurrentUser) -> Principal:
    """Owners and admins add agents to the organization (API keys need agents:write)."""
    if not principal.roles & AGENT_AUTHORS:
        raise Forbidden("only owners and admins create agents")
    if not principal.has_scope("agents:write"):
        raise Forbidden("this credential lacks the agents:write scope")
    return principal


LLMDep = Annotated[LLMClient, Depends(get_llm)]
AgentAuthor = Annotated[Principal, Depends(agent_author)]


@router.get("", response_model=AgentPage)
async def list_agents(principal: CurrentUser, session: SessionDep) -> AgentPage:
    """Agents the organization can use: the system's and its own (its own win), by type."""
    definitions = await registry.active_definitions(session, principal.require_organization())
    return AgentPage(items=[Agent.of(row) for row in definitions])


@router.get("/{agent_type}", response_model=Agent)
async def get_agent(agent_type: str, principal: CurrentUser, session: SessionDep) -> Agent:
    """The active version of one agent type, with its prompt and schemas."""
    definition = await service.get_definition(session, principal.require_organization(), agent_type)
    return Agent.of(definition)


@router.get("/{agent_type}/versions", response_model=AgentPage)
async def list_agent_versions(
    agent_type: str, principal: CurrentUser, session: SessionDep
) -> AgentPage:
    """Every version of one agent type, the organization's first, newest first."""
    rows = await registry.versions(session, principal.require_organization(), agent_type)
    if not rows:
        raise service.AgentNotFound(f"no agent of type {agent_type!r}")
    return AgentPage(items=[Agent.of(row) for row in rows])


@router.post("/draft", status_code=201, response_model=Agent)
async def draft_agent(
    body: AgentDraftCreate,
    principal: AgentAuthor,
    session: SessionDep,
    llm: LLMDep,
    request: Request,
) -> Agent:
    """Describe an agent in words: the model drafts its spec, which is validated and registered."""
    definition = await service.create_agent(
        session,
        llm,
        organization_id=principal.require_organization(),
        user_id=principal.require_user(),
        description=body.description,
        agent_type=body.type,
        budget=BudgetGuard(request.app.state.session_factory),
    )
    return Agent.of(definition)

"""/api/v1/agents: listing and reading the registry, drafting an organization's own agent."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from scripted_llm import ScriptedLLM
from sqlalchemy.ext.asyncio import AsyncSession
from tentacle_testkit import Tokens

from fluxkit.llm import LLMClient, LLMSettings
from tentacle.agents import load_agent_specs
from tentacle.agents.registry import get_agent_spec, seed_system_agents

DRAFT = {
    "type": "haiku_writer",
    "description": "Writes a haiku about a given topic.",
    "input_schema": {
        "type": "object",
        "properties": {"topic": {"type": "string"}},
        "required": ["topic"],
    },
    "output_schema": {
        "type": "object",
        "properties": {"haiku": {"type": "string"}},
        "required": ["haiku"],
    },
    "prompt": "Write a haiku about {{topic}}.",
    "model_tier": "fast",
}


@pytest.fixture
def scripted(tentacle_app: FastAPI) -> Iterator[ScriptedLLM]:
    with ScriptedLLM() as server:
        tentacle_app.state.llm = LLMClient(
            LLMSettings(
                llm_model="openai/scripted",
                llm_api_base=server.base_url,
                llm_api_key="test",
                llm_max_retries=0,
            )
        )
        yield server
        tentacle_app.state.llm = None


@pytest.fixture
async def seeded(db: AsyncSession) -> None:
    await seed_system_agents(db, load_agent_specs())


async def test_members_list_and_read_the_agents(
    client: AsyncClient, tokens: Tokens, seeded: None
) -> None:
    caller = tokens.caller(roles=("viewer",))
    listed = await client.get("/api/v1/agents", headers=caller.headers)
    assert listed.status_code == 200
    by_type = {item["type"]: item for item in listed.json()["items"]}
    assert {"summarize", "notify", "noop", "web_research"} <= set(by_type)
    assert by_type["notify"]["needs_approval"] is True
    assert by_type["summarize"]["scope"] == "system"

    one = await client.get("/api/v1/agents/summarize", headers=caller.headers)
    assert one.status_code == 200
    assert one.json()["input_schema"]["required"] == ["text"]
    assert "summarize" in one.json()["prompt"]

    missing = await client.get("/api/v1/agents/teleport", headers=caller.headers)
    assert missing.status_code == 404 and missing.json()["error"] == "AgentNotFound"
    assert (await client.get("/api/v1/agents")).status_code == 401


async def test_an_admin_drafts_an_agent_that_only_their_organization_gets(
    client: AsyncClient, db: AsyncSession, tokens: Tokens, scripted: ScriptedLLM, seeded: None
) -> None:
    # The first draft reuses a system type; the error goes back to the model.
    scripted.reply(json={**DRAFT, "type": "summarize"}, times=1)
    scripted.reply(json=DRAFT)
    admin = tokens.caller(roles=("admin",))
    created = await client.post(
        "/api/v1/agents/draft",
        json={"description": "An agent that writes haikus about a topic."},
        headers=admin.headers,
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["type"] == "haiku_writer" and body["version"] == 1
    assert body["scope"] == "organization" and body["kind"] == "llm"
    assert body["risk_level"] == "none" and body["created_by_user_id"] == str(admin.user_id)
    first, second = scripted.chat_requests()
    assert "summarize" in first.system  # taken types are listed for the model
    assert "taken by a system agent" in second.last_user

    spec = await get_agent_spec(db, admin.organization_id, "haiku_writer")
    assert spec is not None and spec.prompt == "Write a haiku about {{topic}}."
    listed = await client.get("/api/v1/agents", headers=admin.headers)
    assert "haiku_writer" in {item["type"] for item in listed.json()["items"]}
    stranger = tokens.caller()
    assert (
        await client.get("/api/v1/agents/haiku_writer", headers=stranger.headers)
    ).status_code == 404

    # Drafting the same type again makes version 2.
    again = await client.post(
        "/api/v1/agents/draft",
        json={"description": "Haikus, but about the sea.", "type": "haiku_writer"},
        headers=admin.headers,
    )
    assert again.status_code == 201 and again.json()["version"] == 2
    versions = await client.get("/api/v1/agents/haiku_writer/versions", headers=admin.headers)
    assert [(v["version"], v["active"]) for v in versions.json()["items"]] == [
        (2, True),
        (1, False),
    ]


async def test_drafting_fails_clearly_after_bounded_attempts(
    client: AsyncClient, tokens: Tokens, scripted: ScriptedLLM, seeded: None
) -> None:
    broken: dict[str, Any] = {**DRAFT, "input_schema": {"type": "array"}}
    scripted.reply(json=broken)
    admin = tokens.caller(roles=("owner",))
    response = await client.post(
        "/api/v1/agents/draft",
        json={"description": "An agent that writes haikus about a topic."},
        headers=admin.headers,
    )
    assert response.status_code == 400
    assert response.json()["error"] == "AgentDraftFailed"
    assert "must be 'object'" in response.json()["detail"]
    assert len(scripted.chat_requests()) == 3


async def test_members_cannot_draft_and_system_types_are_refused(
    client: AsyncClient, tokens: Tokens, scripted: ScriptedLLM, seeded: None
) -> None:
    member = tokens.caller(roles=("member",))
    denied = await client.post(
        "/api/v1/agents/draft",
        json={"description": "Writes haikus, please."},
        headers=member.headers,
    )
    assert denied.status_code == 403
    admin = tokens.caller(roles=("admin",))
    taken = await client.post(
        "/api/v1/agents/draft",
        json={"description": "Writes haikus, please.", "type": "notify"},
        headers=admin.headers,
    )
    assert taken.status_code == 409 and taken.json()["error"] == "AgentTypeTaken"
    assert scripted.chat_requests() == []


async def test_drafting_is_charged_to_the_organisations_budget(
    tentacle_app: FastAPI, client: AsyncClient, tokens: Tokens, scripted: ScriptedLLM, seeded: None
) -> None:
    from sqlalchemy import select

    from fluxkit.db import unit_of_work
    from tentacle.budgets import BudgetEntry, BudgetLimit, BudgetScope

    scripted.reply(json=DRAFT)
    admin = tokens.caller(roles=("admin",))
    created = await client.post(
        "/api/v1/agents/draft",
        json={"description": "Writes haikus on a topic."},
        headers=admin.headers,
    )
    assert created.status_code == 201, created.text
    async with tentacle_app.state.session_factory() as session:
        entries = list(
            await session.scalars(
                select(BudgetEntry).where(BudgetEntry.organization_id == admin.organization_id)
            )
        )
    assert [(e.agent_type, e.status) for e in entries] == [("create_agent", "settled")]
    assert entries[0].tokens > 0

    # A spent day: no model call is made and the person is told why.
    broke = tokens.caller(roles=("admin",))
    async with unit_of_work(tentacle_app.state.session_factory) as session:
        session.add(
            BudgetLimit(
                organization_id=broke.organization_id,
                scope=BudgetScope.ORGANIZATION_DAY,
                agent_type="",
                max_tokens=10,
            )
        )
    calls_before = len(scripted.chat_requests())
    refused = await client.post(
        "/api/v1/agents/draft",
        json={"description": "Writes haikus on a topic."},
        headers=broke.headers,
    )
    assert refused.status_code == 409
    assert refused.json()["error"] == "AgentDraftOverBudget"
    assert "budget" in refused.json()["detail"]
    assert len(scripted.chat_requests()) == calls_before

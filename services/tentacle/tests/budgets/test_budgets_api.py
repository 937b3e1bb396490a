"""/api/v1/budgets: limits per organisation, managed by owners and admins, and usage."""

from __future__ import annotations

import uuid

from fastapi import FastAPI
from httpx import AsyncClient
from tentacle_testkit import Tokens

from tentacle.budgets import BudgetGuard


async def test_owner_manages_limits_and_members_only_read(
    client: AsyncClient, tokens: Tokens
) -> None:
    owner = tokens.caller()
    member = tokens.caller(owner.organization_id, roles=("member",))
    created = await client.post(
        "/api/v1/budgets",
        json={"scope": "organization_day", "max_cost_usd": 5.0, "max_tokens": 100000},
        headers=owner.headers,
    )
    assert created.status_code == 201, created.text
    limit = created.json()
    assert limit["scope"] == "organization_day" and limit["agent_type"] is None

    again = await client.post(
        "/api/v1/budgets",
        json={"scope": "organization_day", "max_cost_usd": 1},
        headers=owner.headers,
    )
    assert again.status_code == 409
    refused = await client.post(
        "/api/v1/budgets", json={"scope": "task", "max_cost_usd": 1}, headers=member.headers
    )
    assert refused.status_code == 403

    listed = await client.get("/api/v1/budgets", headers=member.headers)
    assert [item["id"] for item in listed.json()["items"]] == [limit["id"]]

    patched = await client.patch(
        f"/api/v1/budgets/{limit['id']}", json={"max_cost_usd": 2.5}, headers=owner.headers
    )
    assert patched.json()["max_cost_usd"] == 2.5

    stranger = tokens.caller()
    assert (
        await client.get(f"/api/v1/budgets/{limit['id']}", headers=stranger.headers)
    ).status_code == 404
    assert (
        await client.delete(f"/api/v1/budgets/{limit['id']}", headers=owner.headers)
    ).status_code == 204
    assert (await client.get("/api/v1/budgets", headers=owner.headers)).json()["items"] == []


async def test_invalid_limits_are_rejected(client: AsyncClient, tokens: Tokens) -> None:
    owner = tokens.caller()
    for body in (
        {"scope": "task"},
        {"scope": "agent_type", "max_cost_usd": 1},
        {"scope": "task", "agent_type": "summarize", "max_cost_usd": 1},
        {"scope": "task", "max_cost_usd": -1},
    ):
        response = await client.post("/api/v1/budgets", json=body, headers=owner.headers)
        assert response.status_code == 422, body


async def test_usage_shows_what_the_ledger_holds(
    client: AsyncClient, tokens: Tokens, tentacle_app: FastAPI
) -> None:
    owner = tokens.caller()
    guard = BudgetGuard(tentacle_app.state.session_factory)
    reservation = await guard.reserve(
        organization_id=owner.organization_id,
        task_id=uuid.uuid4(),
        step_id=None,
        agent_type="planner",
        cost_usd=0.2,
        tokens=500,
    )
    await guard.settle(reservation, cost_usd=0.05, tokens=300)
    await client.post(
        "/api/v1/budgets",
        json={"scope": "organization_day", "max_cost_usd": 3},
        headers=owner.headers,
    )
    usage = (await client.get("/api/v1/budgets/usage", headers=owner.headers)).json()
    assert usage["organization_day"] == {
        "cost_usd": 0.05,
        "tokens": 300,
        "max_cost_usd": 3.0,
        "max_tokens": None,
    }
    missing = await client.get(
        "/api/v1/budgets/usage", params={"task_id": str(uuid.uuid4())}, headers=owner.headers
    )
    assert missing.status_code == 404

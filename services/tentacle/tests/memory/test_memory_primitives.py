"""The memory_store and memory_search subagents on the real store: a retried step stores its
finding once, people see it through the API, and search stays inside the organisation."""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

from fastapi import FastAPI
from httpx import AsyncClient
from tentacle_testkit import Tokens

sys.path.insert(0, str(Path(__file__).parents[1] / "executors"))

from executor_kit import context

from tentacle.executors import ExecutorResources, get_executor
from tentacle.memory.store import SqlMemoryStore


async def test_subagents_store_and_search_findings(
    tentacle_app: FastAPI, live_client: AsyncClient, tokens: Tokens, tmp_path: Path
) -> None:
    member = tokens.caller(roles=("member",))
    resources = ExecutorResources(memory=SqlMemoryStore(tentacle_app.state.session_factory))
    content = "Acme Corp prefers invoices in EUR, sent on the first business day of the month."
    store = context(
        "memory_store",
        {"content": content, "tags": ["acme", "billing"]},
        tmp_path,
        resources=resources,
        organization_id=member.organization_id,
        user_id=member.user_id,
    )
    stored = await get_executor(store.agent).run(store)
    memory_id = stored.outputs["memory_id"]
    again = await get_executor(store.agent).run(store)  # a retried step stores nothing new
    assert again.outputs == {"memory_id": memory_id}

    seen = await live_client.get(f"/api/v1/memories/{memory_id}", headers=member.headers)
    assert seen.status_code == 200, seen.text
    memory = seen.json()
    assert memory["body"] == content and memory["tags"] == ["acme", "billing"]
    assert memory["title"].startswith("Acme Corp prefers invoices")
    assert memory["created_by_kind"] == "agent" and memory["created_by_agent"] == "memory_store"
    assert memory["created_by_id"] == str(member.user_id)
    assert memory["scope"] == "organization"

    search = context(
        "memory_search",
        {"query": "acme invoices", "limit": 5},
        tmp_path,
        resources=resources,
        organization_id=member.organization_id,
        user_id=member.user_id,
    )
    found = await get_executor(search.agent).run(search)
    [item] = found.outputs["memories"]
    assert item["id"] == memory_id and "text" in item["signals"]

    elsewhere = context(
        "memory_search",
        {"query": "acme invoices"},
        tmp_path,
        resources=resources,
        organization_id=uuid.uuid4(),
        user_id=member.user_id,
    )
    assert (await get_executor(elsewhere.agent).run(elsewhere)).outputs["memories"] == []

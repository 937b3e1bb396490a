"""Hybrid search: text finds memories before they are embedded, meaning finds them without
shared words once they are, both together rank first, an exact key wins, filters hold."""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession
from tentacle_testkit import Caller, Tokens

from fluxkit.auth import Principal
from tentacle.memory import service
from tentacle.memory.embeddings import EmbeddingFailed, EmbeddingProvider
from tentacle.memory.embeddings.local import LocalEmbeddingProvider

sys.path.insert(0, str(Path(__file__).parent))

from memory_kit import create, embed_now

URL = "/api/v1/memories"


@pytest.fixture(scope="module")
def local() -> LocalEmbeddingProvider:
    return LocalEmbeddingProvider()


async def _search(client: AsyncClient, caller: Caller, query: str, **body: object) -> dict:
    response = await client.post(
        f"{URL}/search", json={"query": query, **body}, headers=caller.headers
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


async def test_text_finds_memories_before_they_are_embedded(
    client: AsyncClient, tokens: Tokens
) -> None:
    owner = tokens.caller()
    memory = await create(
        client,
        owner,
        key="deploy-checklist",
        title="Deploy checklist",
        body="Run the database migrations before deploying the API.",
    )
    result = await _search(client, owner, "deploying migrations")
    assert result["semantic"] is True
    [hit] = result["items"]
    assert hit["id"] == memory["id"] and hit["embedded"] is False
    assert hit["signals"] == ["text"] and hit["text_rank"] > 0 and hit["similarity"] is None
    listed = await client.get(URL, params={"q": "deploying migrations"}, headers=owner.headers)
    assert [m["id"] for m in listed.json()["items"]] == [memory["id"]]


async def test_meaning_finds_memories_without_shared_words(
    client: AsyncClient, db: AsyncSession, tokens: Tokens, local: LocalEmbeddingProvider
) -> None:
    owner = tokens.caller()
    refund = await create(
        client,
        owner,
        key="refunds",
        title="Refund policy",
        body="Customers get their money back within 30 days of purchase.",
    )
    parking = await create(
        client,
        owner,
        key="parking",
        title="Parking",
        body="Visitors park in bay 4 behind the building.",
    )
    query = "how do I get reimbursed for a product I bought"
    assert (await _search(client, owner, query))["items"] == []

    await embed_now(db, local, refund["id"])
    await embed_now(db, local, parking["id"])
    result = await _search(client, owner, query)
    [hit] = result["items"]  # parking is unrelated: below the similarity floor
    assert hit["id"] == refund["id"] and hit["signals"] == ["semantic"]
    assert hit["embedded"] is True and hit["similarity"] > 0.3
    cars = await _search(client, owner, "where should guests leave their car")
    assert [h["id"] for h in cars["items"]] == [parking["id"]]


async def test_text_and_meaning_together_rank_first(
    client: AsyncClient, db: AsyncSession, tokens: Tokens, local: LocalEmbeddingProvider
) -> None:
    owner = tokens.caller()
    text_only = await create(
        client, owner, key="owner", title="Who owns it", body="Sam owns the deploy pipeline."
    )
    both = await create(
        client,
        owner,
        key="pipeline",
        title="Deploy pipeline",
        body="The deploy pipeline runs the tests, then ships the build to production.",
    )
    await embed_now(db, local, both["id"])  # the other one is not embedded yet
    result = await _search(client, owner, "deploy pipeline")
    ids = [h["id"] for h in result["items"]]
    assert ids == [both["id"], text_only["id"]]
    first, second = result["items"]
    assert first["signals"] == ["text", "semantic"] and second["signals"] == ["text"]
    assert first["score"] > second["score"]


async def test_exact_key_comes_first(client: AsyncClient, tokens: Tokens) -> None:
    owner = tokens.caller()
    wordy = await create(
        client,
        owner,
        key="network-notes",
        title="Wifi password notes",
        body="The wifi password rotates monthly; the wifi password is on the fridge.",
    )
    keyed = await create(client, owner, key="wifi-password", title="Guest network", body="hunter2")
    result = await _search(client, owner, "wifi-password")
    assert result["items"][0]["id"] == keyed["id"]
    assert "key" in result["items"][0]["signals"]
    assert wordy["id"] in [h["id"] for h in result["items"]]


async def test_filters_narrow_the_search(client: AsyncClient, tokens: Tokens) -> None:
    owner = tokens.caller()
    billing = await create(
        client,
        owner,
        key="a",
        title="Invoices",
        body="Invoices go out monthly",
        topic="billing",
        tags=["finance"],
    )
    await create(
        client,
        owner,
        key="b",
        title="Invoices",
        body="Invoices for hiring agencies",
        topic="hiring",
    )
    mine = await create(
        client, owner, key="c", title="Invoices", body="My invoices folder", scope="user"
    )
    assert len((await _search(client, owner, "invoices"))["items"]) == 3
    by_topic = await _search(client, owner, "invoices", topic="billing")
    assert [h["id"] for h in by_topic["items"]] == [billing["id"]]
    by_tag = await _search(client, owner, "invoices", tags=["finance"])
    assert [h["id"] for h in by_tag["items"]] == [billing["id"]]
    by_scope = await _search(client, owner, "invoices", scope="user")
    assert [h["id"] for h in by_scope["items"]] == [mine["id"]]
    assert len((await _search(client, owner, "invoices", limit=1))["items"]) == 1


class BrokenProvider(EmbeddingProvider):
    name = "broken"
    dimensions = None

    async def embed(self, texts: list[str]) -> list[list[float]]:
        raise EmbeddingFailed("provider down")


async def test_search_without_a_working_provider_still_finds_text(
    client: AsyncClient, db: AsyncSession, tokens: Tokens
) -> None:
    owner = tokens.caller()
    memory = await create(client, owner, key="tea", title="Tea", body="Earl grey, no milk")
    principal = Principal(
        kind="user",
        user_id=owner.user_id,
        organization_id=owner.organization_id,
        roles=frozenset({"owner"}),
    )
    outcome = await service.search_memories(
        db, principal, query="earl grey", provider=BrokenProvider()
    )
    assert outcome.semantic is False
    assert [hit.memory.id for hit in outcome.hits] == [uuid.UUID(memory["id"])]


async def test_store_memory_creates_then_versions(
    db: AsyncSession, tentacle_app: object, tokens: Tokens
) -> None:
    org, user = uuid.uuid4(), uuid.uuid4()
    principal = Principal(
        kind="user", user_id=user, organization_id=org, roles=frozenset({"member"})
    )
    first = await service.store_memory(
        db, principal, key="standup", title="Standup", body="09:30 daily", tags=["team"]
    )
    second = await service.store_memory(
        db, principal, key="standup", title="Standup", body="10:00 daily", topic="rituals"
    )
    assert second.id == first.id and second.version == 2 and second.topic == "rituals"
    outcome = await service.search_memories(db, principal, query="standup", topic="rituals")
    assert [hit.memory.id for hit in outcome.hits] == [first.id]

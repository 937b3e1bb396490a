"""The suppression list blocks sends with a clear error until an admin removes the address."""

from __future__ import annotations

import uuid

from httpx import AsyncClient
from mimic_test_fakes.helpers import Tokens

EMAIL = {"subject": "Hi", "text": "Hello"}


async def test_manual_suppression_blocks_and_removal_unblocks(
    client: AsyncClient, owner: dict[str, str]
) -> None:
    added = await client.post(
        "/api/v1/notifications/suppressions",
        headers=owner,
        json={"address": "Unsubscribed@Example.com", "detail": "asked us to stop"},
    )
    assert added.status_code == 201
    assert added.json()["address"] == "unsubscribed@example.com"
    assert added.json()["reason"] == "manual"

    blocked = await client.post(
        "/api/v1/notifications", headers=owner, json={**EMAIL, "to": ["unsubscribed@example.com"]}
    )
    assert blocked.status_code == 409
    assert "suppression list" in blocked.json()["detail"]

    removed = await client.delete(
        "/api/v1/notifications/suppressions/unsubscribed@example.com", headers=owner
    )
    assert removed.status_code == 204
    allowed = await client.post(
        "/api/v1/notifications", headers=owner, json={**EMAIL, "to": ["unsubscribed@example.com"]}
    )
    assert allowed.status_code == 202


async def test_suppressions_are_per_organization(
    client: AsyncClient, owner: dict[str, str], tokens: Tokens
) -> None:
    await client.post(
        "/api/v1/notifications/suppressions", headers=owner, json={"address": "x@example.com"}
    )
    other = tokens.headers(uuid.uuid4(), "owner")
    response = await client.post(
        "/api/v1/notifications", headers=other, json={**EMAIL, "to": ["x@example.com"]}
    )
    assert response.status_code == 202
    listed = await client.get("/api/v1/notifications/suppressions", headers=other)
    assert listed.json()["items"] == []
    missing = await client.delete("/api/v1/notifications/suppressions/x@example.com", headers=other)
    assert missing.status_code == 404


async def test_members_cannot_change_the_list(
    client: AsyncClient, org: uuid.UUID, tokens: Tokens
) -> None:
    member = tokens.headers(org, "member")
    response = await client.post(
        "/api/v1/notifications/suppressions", headers=member, json={"address": "a@example.com"}
    )
    assert response.status_code == 403
    assert (
        await client.get("/api/v1/notifications/suppressions", headers=member)
    ).status_code == 200

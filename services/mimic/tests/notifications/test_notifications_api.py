"""Accepting notifications: validation, idempotency, rate limits, reads and filters, tenancy."""

from __future__ import annotations

import uuid

from httpx import AsyncClient
from mimic_test_fakes.helpers import Tokens

EMAIL = {"to": ["grace@example.com"], "subject": "Hello", "text": "Hi Grace"}


async def test_accepts_and_returns_at_once_with_the_queued_timeline(
    client: AsyncClient, owner: dict[str, str]
) -> None:
    response = await client.post("/api/v1/notifications", headers=owner, json=EMAIL)
    assert response.status_code == 202
    created = response.json()
    assert created["status"] == "queued"
    assert created["to"] == ["grace@example.com"]
    detail = await client.get(f"/api/v1/notifications/{created['id']}", headers=owner)
    assert detail.status_code == 200
    assert [event["type"] for event in detail.json()["events"]] == ["queued"]


async def test_recipients_are_validated_and_normalized(
    client: AsyncClient, owner: dict[str, str]
) -> None:
    response = await client.post(
        "/api/v1/notifications",
        headers=owner,
        json={**EMAIL, "to": ["Grace@Example.COM", "grace@example.com", "linus@example.com"]},
    )
    assert response.status_code == 202
    assert response.json()["to"] == ["grace@example.com", "linus@example.com"]

    bad = await client.post("/api/v1/notifications", headers=owner, json={**EMAIL, "to": ["nope"]})
    assert bad.status_code == 422
    assert bad.json()["error"] == "InvalidRecipient"

    too_many = [f"user{i}@example.com" for i in range(51)]
    response = await client.post(
        "/api/v1/notifications", headers=owner, json={**EMAIL, "to": too_many}
    )
    assert response.status_code == 422
    assert "at most 50 recipients" in response.json()["detail"]


async def test_content_must_be_either_inline_or_a_template(
    client: AsyncClient, owner: dict[str, str]
) -> None:
    both = await client.post(
        "/api/v1/notifications",
        headers=owner,
        json={**EMAIL, "template": "task-completed", "variables": {"task_title": "x"}},
    )
    assert both.status_code == 422
    neither = await client.post(
        "/api/v1/notifications", headers=owner, json={"to": ["a@example.com"], "subject": "x"}
    )
    assert neither.status_code == 422
    sms = await client.post(
        "/api/v1/notifications", headers=owner, json={**EMAIL, "channel": "sms"}
    )
    assert sms.status_code == 422


async def test_same_idempotency_key_returns_the_same_notification(
    client: AsyncClient, owner: dict[str, str]
) -> None:
    headers = {**owner, "Idempotency-Key": "order-42-shipped"}
    first = await client.post("/api/v1/notifications", headers=headers, json=EMAIL)
    again = await client.post("/api/v1/notifications", headers=headers, json=EMAIL)
    assert first.status_code == again.status_code == 202
    assert again.json()["id"] == first.json()["id"]
    assert again.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers

    listed = await client.get("/api/v1/notifications", headers=owner)
    assert [item["id"] for item in listed.json()["items"]] == [first.json()["id"]]


async def test_same_idempotency_key_with_another_body_is_a_conflict(
    client: AsyncClient, owner: dict[str, str]
) -> None:
    headers = {**owner, "Idempotency-Key": "welcome-7"}
    assert (
        await client.post("/api/v1/notifications", headers=headers, json=EMAIL)
    ).status_code == 202
    other = await client.post(
        "/api/v1/notifications", headers=headers, json={**EMAIL, "text": "something else"}
    )
    assert other.status_code == 409
    assert other.json()["error"] == "IdempotencyKeyReused"


async def test_idempotency_keys_belong_to_one_organization(
    client: AsyncClient, owner: dict[str, str], tokens: Tokens
) -> None:
    other_org = tokens.headers(uuid.uuid4(), "owner")
    first = await client.post(
        "/api/v1/notifications", headers={**owner, "Idempotency-Key": "k1"}, json=EMAIL
    )
    second = await client.post(
        "/api/v1/notifications", headers={**other_org, "Idempotency-Key": "k1"}, json=EMAIL
    )
    assert second.status_code == 202
    assert second.json()["id"] != first.json()["id"]


async def test_recipient_rate_limit_answers_429_with_retry_after(
    client: AsyncClient, owner: dict[str, str]
) -> None:
    # The test settings allow 8 notifications per recipient per hour.
    for _ in range(8):
        response = await client.post("/api/v1/notifications", headers=owner, json=EMAIL)
        assert response.status_code == 202
    limited = await client.post("/api/v1/notifications", headers=owner, json=EMAIL)
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) > 0
    assert "grace@example.com" in limited.json()["detail"]
    other = await client.post(
        "/api/v1/notifications", headers=owner, json={**EMAIL, "to": ["linus@example.com"]}
    )
    assert other.status_code == 202


async def test_organization_rate_limit_answers_429(
    client: AsyncClient, owner: dict[str, str], tokens: Tokens
) -> None:
    # The test settings allow 40 notifications per organization per minute.
    for index in range(40):
        response = await client.post(
            "/api/v1/notifications",
            headers=owner,
            json={**EMAIL, "to": [f"person{index}@example.com"]},
        )
        assert response.status_code == 202
    limited = await client.post(
        "/api/v1/notifications", headers=owner, json={**EMAIL, "to": ["late@example.com"]}
    )
    assert limited.status_code == 429
    assert limited.json()["error"] == "RateLimited"
    assert "organization" in limited.json()["detail"]
    other_org = await client.post(
        "/api/v1/notifications", headers=tokens.headers(uuid.uuid4()), json=EMAIL
    )
    assert other_org.status_code == 202


async def test_list_filters_and_pages(client: AsyncClient, owner: dict[str, str]) -> None:
    ids = []
    for index in range(5):
        response = await client.post(
            "/api/v1/notifications",
            headers=owner,
            json={**EMAIL, "to": [f"page{index}@example.com"]},
        )
        ids.append(response.json()["id"])
    first = await client.get("/api/v1/notifications?limit=2", headers=owner)
    assert [item["id"] for item in first.json()["items"]] == ids[::-1][:2]
    second = await client.get(
        f"/api/v1/notifications?limit=2&cursor={first.json()['next_cursor']}", headers=owner
    )
    assert [item["id"] for item in second.json()["items"]] == ids[::-1][2:4]

    by_recipient = await client.get("/api/v1/notifications?to=PAGE3@example.com", headers=owner)
    assert [item["id"] for item in by_recipient.json()["items"]] == [ids[3]]
    by_status = await client.get("/api/v1/notifications?status=sent", headers=owner)
    assert by_status.json()["items"] == []
    queued = await client.get("/api/v1/notifications?status=queued&status=sent", headers=owner)
    assert len(queued.json()["items"]) == 5
    bad = await client.get("/api/v1/notifications?status=lost", headers=owner)
    assert bad.status_code == 422


async def test_another_organization_sees_a_404(
    client: AsyncClient, owner: dict[str, str], tokens: Tokens
) -> None:
    created = (await client.post("/api/v1/notifications", headers=owner, json=EMAIL)).json()
    stranger = tokens.headers(uuid.uuid4(), "owner")
    response = await client.get(f"/api/v1/notifications/{created['id']}", headers=stranger)
    assert response.status_code == 404
    assert (await client.get("/api/v1/notifications", headers=stranger)).json()["items"] == []


async def test_viewers_read_but_cannot_send(
    client: AsyncClient, org: uuid.UUID, tokens: Tokens
) -> None:
    viewer = tokens.headers(org, "viewer")
    response = await client.post("/api/v1/notifications", headers=viewer, json=EMAIL)
    assert response.status_code == 403
    assert (await client.get("/api/v1/notifications", headers=viewer)).status_code == 200
    member = tokens.headers(org, "member")
    assert (
        await client.post("/api/v1/notifications", headers=member, json=EMAIL)
    ).status_code == 202


async def test_a_forged_token_is_refused(client: AsyncClient, org: uuid.UUID) -> None:
    from fluxkit.auth.keys import SigningKey

    forged = Tokens(SigningKey.generate("EdDSA")).headers(org, "owner")
    response = await client.post("/api/v1/notifications", headers=forged, json=EMAIL)
    assert response.status_code == 401

"""Other services (InkPass, Tentacle) send with their service credential."""

from __future__ import annotations

import uuid

from httpx import AsyncClient
from mimic_test_fakes.helpers import Tokens
from mimic_test_fakes.inkpass import FakeInkPass

from fluxkit.auth import Principal

EMAIL = {
    "to": ["new-user@example.com"],
    "template": "email-verification",
    "variables": {"code": "482913", "ttl_minutes": 10},
}


async def test_a_service_without_an_organization_sends_platform_email(
    client: AsyncClient, fake_inkpass: FakeInkPass, tokens: Tokens
) -> None:
    token = "flxs_inkpass-" + uuid.uuid4().hex
    fake_inkpass.service_tokens[token] = "inkpass"
    service = {"Authorization": f"Bearer {token}"}
    response = await client.post("/api/v1/notifications", headers=service, json=EMAIL)
    assert response.status_code == 202, response.text
    created = response.json()
    assert created["created_by"] == "service:inkpass"
    assert created["subject"] == "Your fluxos verification code"
    assert "482913" in created["text"]
    assert (
        await client.get(f"/api/v1/notifications/{created['id']}", headers=service)
    ).status_code == 200
    # Platform notifications belong to no organization a person can read.
    person = tokens.headers(uuid.uuid4(), "owner")
    assert (
        await client.get(f"/api/v1/notifications/{created['id']}", headers=person)
    ).status_code == 404


async def test_a_service_acting_for_a_user_sends_in_that_organization(
    client: AsyncClient, fake_inkpass: FakeInkPass, tokens: Tokens, org: uuid.UUID
) -> None:
    token = "flxs_tentacle-" + uuid.uuid4().hex
    fake_inkpass.service_tokens[token] = "tentacle"
    user = uuid.uuid4()
    service = {"Authorization": f"Bearer {token}", "X-Fluxos-On-Behalf-Of": f"{user}:{org}"}
    response = await client.post(
        "/api/v1/notifications",
        headers=service,
        json={
            "to": ["owner@example.com"],
            "template": "task-completed",
            "variables": {"task_title": "Quarterly report", "task_url": "https://fluxos.local/t/1"},
        },
    )
    assert response.status_code == 202, response.text
    assert response.json()["created_by"] == f"service:tentacle for user:{user}"
    listed = await client.get("/api/v1/notifications", headers=tokens.headers(org, "viewer"))
    assert [item["id"] for item in listed.json()["items"]] == [response.json()["id"]]


async def test_api_keys_need_the_send_scope(
    client: AsyncClient, fake_inkpass: FakeInkPass, org: uuid.UUID
) -> None:
    reader = "flx_" + "a" * 12 + "_" + uuid.uuid4().hex
    sender = "flx_" + "b" * 12 + "_" + uuid.uuid4().hex
    for key, scopes in ((reader, {"notifications:read"}), (sender, {"notifications:*"})):
        fake_inkpass.api_keys[key] = Principal(
            kind="api_key",
            user_id=uuid.uuid4(),
            organization_id=org,
            scopes=frozenset(scopes),
            api_key_id=uuid.uuid4(),
        )
    body = {"to": ["a@example.com"], "subject": "x", "text": "y"}
    denied = await client.post(
        "/api/v1/notifications", headers={"Authorization": f"Bearer {reader}"}, json=body
    )
    assert denied.status_code == 403
    assert "notifications:send" in denied.json()["detail"]
    allowed = await client.post(
        "/api/v1/notifications", headers={"Authorization": f"Bearer {sender}"}, json=body
    )
    assert allowed.status_code == 202


async def test_a_service_acting_for_a_viewer_cannot_send(
    client: AsyncClient, fake_inkpass: FakeInkPass, org: uuid.UUID
) -> None:
    token = "flxs_tentacle-" + uuid.uuid4().hex
    fake_inkpass.service_tokens[token] = "tentacle"
    viewer = uuid.uuid4()
    fake_inkpass.user_roles[viewer] = frozenset({"viewer"})
    service = {"Authorization": f"Bearer {token}", "X-Fluxos-On-Behalf-Of": f"{viewer}:{org}"}
    response = await client.post(
        "/api/v1/notifications",
        headers=service,
        json={"to": ["a@example.com"], "subject": "x", "text": "y"},
    )
    assert response.status_code == 403

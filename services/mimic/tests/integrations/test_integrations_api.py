"""/api/v1/integrations: credentials encrypted at rest and never returned, org scoping, roles,
validation, updates that keep what they do not change, and credential checks."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from httpx import AsyncClient
from mimic_test_fakes.helpers import Tokens
from saas import FakeDiscord, FakeGitHub, FakeSlack, FakeWebhookReceiver
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from mimic.integrations.service import purpose
from mimic.secrets import keyring_for, unseal
from mimic.settings import MimicSettings

from .conftest import OUTBOUND_SECRET, MakeIntegration, credentials_for

CONFIG_FIELDS = {"application_id", "mode", "header", "signature_format", "outbound_url"}


@pytest.mark.parametrize("provider", ["discord", "slack", "github", "stripe", "custom"])
async def test_credentials_are_never_returned_and_are_encrypted_at_rest(
    api: AsyncClient,
    hooks_db: AsyncSession,
    hooks_settings: MimicSettings,
    make_integration: MakeIntegration,
    admin: dict[str, str],
    org: uuid.UUID,
    discord: FakeDiscord,
    slack: FakeSlack,
    github: FakeGitHub,
    receiver: FakeWebhookReceiver,
    provider: str,
) -> None:
    values = credentials_for(provider, discord, slack, github, receiver)
    secrets = {name: value for name, value in values.items() if name not in CONFIG_FIELDS}
    created = await make_integration(provider)
    assert created["inbound_url"] == f"http://testserver/api/v1/hooks/{created['id']}"
    assert sorted(created["credentials_set"]) == sorted(secrets)
    for name, hint in created["credentials_set"].items():
        assert hint == "…" + secrets[name][-4:]
    responses = [
        await api.get(f"/api/v1/integrations/{created['id']}", headers=admin),
        await api.get("/api/v1/integrations", headers=admin),
    ]
    for response in responses:
        assert response.status_code == 200
    for secret in secrets.values():
        assert all(secret not in response.text for response in responses)
        assert secret not in str(created)

    raw = (
        await hooks_db.execute(
            text("SELECT credentials_ciphertext, config::text FROM integrations WHERE id = :id"),
            {"id": uuid.UUID(created["id"])},
        )
    ).one()
    for secret in secrets.values():
        assert secret not in raw[0] and secret not in raw[1]
    stored = unseal(keyring_for(hooks_settings), org, purpose(uuid.UUID(created["id"])), raw[0])
    assert stored == secrets
    # Bound to its integration: the same ciphertext does not open for another one.
    with pytest.raises(Exception):  # noqa: B017
        unseal(keyring_for(hooks_settings), org, purpose(uuid.uuid4()), raw[0])


async def test_other_organizations_get_404(
    api: AsyncClient, make_integration: MakeIntegration, tokens: Tokens
) -> None:
    created = await make_integration("discord")
    stranger = tokens.headers(uuid.uuid4(), "owner")
    base = f"/api/v1/integrations/{created['id']}"
    assert (await api.get(base, headers=stranger)).status_code == 404
    assert (await api.patch(base, headers=stranger, json={"name": "mine"})).status_code == 404
    assert (await api.delete(base, headers=stranger)).status_code == 404
    assert (await api.post(f"{base}/test", headers=stranger)).status_code == 404
    assert (await api.get(f"{base}/events", headers=stranger)).status_code == 404
    action = {"action": "discord_message", "params": {"channel_id": "1", "content": "hi"}}
    assert (await api.post(f"{base}/actions", headers=stranger, json=action)).status_code == 404
    assert (await api.get(f"{base}/actions/{uuid.uuid4()}", headers=stranger)).status_code == 404
    listed = await api.get("/api/v1/integrations", headers=stranger)
    assert listed.json() == {"items": []}


async def test_members_read_and_admins_manage(
    api: AsyncClient, make_integration: MakeIntegration, tokens: Tokens, org: uuid.UUID
) -> None:
    created = await make_integration("github")
    member = tokens.headers(org, "member")
    viewer = tokens.headers(org, "viewer")
    assert (
        await api.get(f"/api/v1/integrations/{created['id']}", headers=viewer)
    ).status_code == 200
    assert (await api.get("/api/v1/integrations", headers=member)).status_code == 200
    body = {"provider": "stripe", "name": "s", "credentials": {"signing_secret": "whsec_x"}}
    refused = await api.post("/api/v1/integrations", headers=member, json=body)
    assert refused.status_code == 403
    assert refused.json()["error"] == "Forbidden"
    base = f"/api/v1/integrations/{created['id']}"
    assert (await api.patch(base, headers=member, json={"name": "x"})).status_code == 403
    assert (await api.delete(base, headers=member)).status_code == 403
    assert (await api.post(f"{base}/test", headers=member)).status_code == 403


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        (
            {
                "provider": "discord",
                "name": "d",
                "credentials": {"application_id": "1", "public_key": "xyz"},
            },
            "64 hexadecimal",
        ),
        (
            {"provider": "discord", "name": "d", "credentials": {"application_id": "1"}},
            "public_key",
        ),
        (
            {"provider": "stripe", "name": "s", "credentials": {"signing_secret": "sk_live_nope"}},
            "whsec_",
        ),
        (
            {"provider": "slack", "name": "s", "credentials": {"bot_token": "xoxb-1"}},
            "signing_secret",
        ),
        (
            {
                "provider": "custom",
                "name": "c",
                "credentials": {"secret": "s", "header": "Bad Header"},
            },
            "header",
        ),
        (
            {
                "provider": "custom",
                "name": "c",
                "credentials": {"secret": "s", "outbound_url": "ftp://x"},
            },
            "outbound_url",
        ),
        (
            {"provider": "github", "name": "g", "credentials": {"webhook_secret": "s", "extra": 1}},
            "extra",
        ),
        ({"provider": "teams", "name": "t", "credentials": {}}, "provider"),
    ],
)
async def test_invalid_credentials_are_422_and_create_nothing(
    api: AsyncClient, admin: dict[str, str], body: dict[str, Any], fragment: str
) -> None:
    response = await api.post("/api/v1/integrations", headers=admin, json=body)
    assert response.status_code == 422, response.text
    assert fragment in response.text
    assert (await api.get("/api/v1/integrations", headers=admin)).json() == {"items": []}


async def test_update_changes_only_what_it_names(
    api: AsyncClient,
    hooks_db: AsyncSession,
    hooks_settings: MimicSettings,
    make_integration: MakeIntegration,
    admin: dict[str, str],
    org: uuid.UUID,
    discord: FakeDiscord,
) -> None:
    created = await make_integration("discord")
    base = f"/api/v1/integrations/{created['id']}"
    new_token = "discord-bot-rotated-token-000000000000"
    response = await api.patch(
        base, headers=admin, json={"name": "Renamed", "credentials": {"bot_token": new_token}}
    )
    assert response.status_code == 200, response.text
    assert response.json()["name"] == "Renamed"
    assert response.json()["credentials_set"]["bot_token"] == "…0000"
    ciphertext = (
        await hooks_db.execute(
            text("SELECT credentials_ciphertext FROM integrations WHERE id = :id"),
            {"id": uuid.UUID(created["id"])},
        )
    ).scalar_one()
    stored = unseal(keyring_for(hooks_settings), org, purpose(uuid.UUID(created["id"])), ciphertext)
    assert stored == {"public_key": discord.public_key, "bot_token": new_token}
    removed = await api.patch(base, headers=admin, json={"credentials": {"bot_token": None}})
    assert removed.status_code == 200
    assert sorted(removed.json()["credentials_set"]) == ["public_key"]
    required = await api.patch(base, headers=admin, json={"credentials": {"public_key": None}})
    assert required.status_code == 422 and "public_key" in required.text
    invalid = await api.patch(base, headers=admin, json={"credentials": {"public_key": "nope"}})
    assert invalid.status_code == 422
    unknown = await api.patch(base, headers=admin, json={"credentials": {"webhook_secret": "x"}})
    assert unknown.status_code == 422
    assert (await api.delete(base, headers=admin)).status_code == 204
    assert (await api.get(base, headers=admin)).status_code == 404


async def test_checks_against_the_provider_apis(
    api: AsyncClient,
    make_integration: MakeIntegration,
    admin: dict[str, str],
    receiver: FakeWebhookReceiver,
) -> None:
    async def check(integration: dict[str, Any]) -> dict[str, Any]:
        response = await api.post(f"/api/v1/integrations/{integration['id']}/test", headers=admin)
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        return result

    good_discord = await check(await make_integration("discord"))
    assert good_discord["ok"] and good_discord["checked_remotely"]
    assert good_discord["response"]["username"] == "fluxos"
    bad_discord = await check(
        await make_integration("discord", bot_token="discord-bot-wrong-token")
    )
    assert not bad_discord["ok"] and "401" in bad_discord["detail"]

    good_slack = await check(await make_integration("slack"))
    assert good_slack["ok"] and good_slack["response"]["team"] == "Fluxos Test"
    bad_slack = await check(await make_integration("slack", bot_token="xoxb-revoked"))
    assert not bad_slack["ok"] and "invalid_auth" in bad_slack["detail"]

    good_github = await check(await make_integration("github"))
    assert good_github["ok"] and good_github["response"]["login"] == "fluxos-bot"
    bad_github = await check(await make_integration("github", token="ghp_wrong"))
    assert not bad_github["ok"] and "Bad credentials" in bad_github["detail"]

    stripe = await check(await make_integration("stripe"))
    assert stripe["ok"] and not stripe["checked_remotely"]

    before = len(receiver.requests_to("/incoming"))
    custom = await check(await make_integration("custom"))
    assert custom["ok"] and custom["checked_remotely"], custom
    received = receiver.requests_to("/incoming")[before:]
    assert len(received) == 1 and receiver.verified(received[0])
    assert received[0].json()["type"] == "fluxos.test"
    wrong = await check(await make_integration("custom", outbound_secret="not-" + OUTBOUND_SECRET))
    assert not wrong["ok"] and "401" in wrong["detail"]


async def test_outbound_destinations_off_the_allow_list_are_refused(
    api: AsyncClient, make_integration: MakeIntegration, admin: dict[str, str]
) -> None:
    integration = await make_integration("custom", outbound_url="http://10.11.12.13/hook")
    response = await api.post(f"/api/v1/integrations/{integration['id']}/test", headers=admin)
    assert response.status_code == 200
    assert not response.json()["ok"]
    assert "not a public address" in response.json()["detail"]

"""Organizations choose their provider with their own keys, stored encrypted, testable live."""

from __future__ import annotations

import uuid

from httpx import AsyncClient
from mimic_test_fakes.helpers import Tokens
from mimic_test_fakes.postmark import FakePostmark
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from mimic.devmail.catcher import MailCatcher
from mimic.providers.models import ProviderConfig

POSTMARK = {
    "provider": "postmark",
    "mail_from": "Acme <hello@acme.test>",
    "server_token": "pm-server-token",
    "webhook_username": "hooks",
    "webhook_password": "s3cret-hook-password",
}


async def test_without_a_config_the_platform_provider_serves(
    client: AsyncClient, owner: dict[str, str]
) -> None:
    response = await client.get("/api/v1/notifications/provider", headers=owner)
    assert response.status_code == 200
    body = response.json()
    assert body["source"] == "platform"
    assert body["provider"] == "smtp"


async def test_keys_are_encrypted_at_rest_and_never_shown(
    client: AsyncClient, owner: dict[str, str], org: uuid.UUID, db: AsyncSession
) -> None:
    response = await client.put("/api/v1/notifications/provider", headers=owner, json=POSTMARK)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["source"] == "organization"
    assert body["secrets_set"] == ["server_token"]
    assert body["webhook_configured"] is True
    assert body["webhook_url"].startswith("http://testserver/api/v1/provider-events/postmark/")
    assert "pm-server-token" not in response.text and "s3cret" not in response.text

    row = (
        await db.scalars(select(ProviderConfig).where(ProviderConfig.organization_id == org))
    ).one()
    raw = (
        await db.execute(text("SELECT * FROM provider_configs WHERE id = :id"), {"id": row.id})
    ).one()
    stored = " ".join(str(value) for value in raw)
    assert "pm-server-token" not in stored and "s3cret-hook-password" not in stored
    assert row.secrets_ciphertext.startswith("v1.test1.")

    # Changing other settings keeps the stored token.
    again = await client.put(
        "/api/v1/notifications/provider",
        headers=owner,
        json={"provider": "postmark", "mail_from": "Acme Billing <billing@acme.test>"},
    )
    assert again.status_code == 200
    assert again.json()["secrets_set"] == ["server_token"]
    assert again.json()["mail_from"] == "Acme Billing <billing@acme.test>"


async def test_a_new_provider_needs_its_key(client: AsyncClient, owner: dict[str, str]) -> None:
    response = await client.put(
        "/api/v1/notifications/provider",
        headers=owner,
        json={"provider": "resend", "mail_from": "a@acme.test"},
    )
    assert response.status_code == 400
    assert "api_key" in response.json()["detail"]
    bad_secret = await client.put(
        "/api/v1/notifications/provider",
        headers=owner,
        json={
            "provider": "resend",
            "mail_from": "a@acme.test",
            "api_key": "re_x",
            "webhook_secret": "nope",
        },
    )
    assert bad_secret.status_code == 422


async def test_only_admins_manage_the_provider(
    client: AsyncClient, org: uuid.UUID, tokens: Tokens
) -> None:
    member = tokens.headers(org, "member")
    assert (await client.get("/api/v1/notifications/provider", headers=member)).status_code == 403
    response = await client.put("/api/v1/notifications/provider", headers=member, json=POSTMARK)
    assert response.status_code == 403


async def test_the_provider_can_be_tested_from_the_api(
    client: AsyncClient, owner: dict[str, str], fake_postmark: FakePostmark, sink: MailCatcher
) -> None:
    # The platform's SMTP provider, before any configuration.
    address = f"probe-{uuid.uuid4().hex[:8]}@example.com"
    response = await client.post(
        "/api/v1/notifications/provider/test", headers=owner, json={"to": address}
    )
    assert response.json()["ok"] is True, response.text
    assert (await sink.wait_for(lambda m: address in m.recipients)).subject == "fluxos test email"

    # Unsaved settings with a wrong token: the provider's reason comes back.
    wrong = {**POSTMARK, "server_token": "not-the-token"}
    response = await client.post(
        "/api/v1/notifications/provider/test", headers=owner, json={"to": address, "config": wrong}
    )
    assert response.json() == {
        "ok": False,
        "provider": "postmark",
        "provider_message_id": None,
        "error": "Postmark rejected the email: [10] The Server API token is not valid.",
        "transient": False,
    }

    # Saved settings with the right token.
    await client.put("/api/v1/notifications/provider", headers=owner, json=POSTMARK)
    response = await client.post(
        "/api/v1/notifications/provider/test", headers=owner, json={"to": address}
    )
    assert response.json()["ok"] is True
    assert response.json()["provider"] == "postmark"
    assert fake_postmark.script.sent_to(address)[-1]["token"] == "pm-server-token"


async def test_resetting_goes_back_to_the_platform_provider(
    client: AsyncClient, owner: dict[str, str]
) -> None:
    await client.put("/api/v1/notifications/provider", headers=owner, json=POSTMARK)
    assert (await client.delete("/api/v1/notifications/provider", headers=owner)).status_code == 204
    assert (await client.get("/api/v1/notifications/provider", headers=owner)).json()[
        "source"
    ] == "platform"
    assert (await client.delete("/api/v1/notifications/provider", headers=owner)).status_code == 404


async def test_private_smtp_hosts_are_refused_when_not_allowed() -> None:
    from mimic.providers.base import OutboundEmail, ProviderError
    from mimic.providers.smtp_provider import SmtpProvider

    provider = SmtpProvider(
        sender="a@acme.test", host="localhost", port=25, security="none", allow_private_hosts=False
    )
    email = OutboundEmail(uuid.uuid4(), "a@acme.test", ["b@example.com"], "s", "t", None)
    try:
        await provider.send(email)
    except ProviderError as exc:
        assert exc.transient is False
        assert "private or local address" in exc.reason
    else:
        raise AssertionError("a loopback SMTP host was accepted")

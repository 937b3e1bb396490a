"""Inbound webhooks: each provider's signature scheme accepted and refused as its docs say,
pings answered, redeliveries de-duplicated, and refusals audited with nothing stored."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from typing import Any
from urllib.parse import urlencode

import pytest
from httpx import AsyncClient, Response
from saas import FakeDiscord, FakeGitHub, FakeSlack

from fluxkit.testing import client_for
from mimic.integrations.providers.base import HookRejected
from mimic.integrations.providers.github import github_signature, verify_github
from mimic.integrations.providers.stripe import stripe_signature

from .conftest import MakeIntegration

STRIPE_SECRET = "whsec_stripe-endpoint-secret-42"


async def hook(
    client: AsyncClient, integration: dict[str, Any], body: bytes, **headers: str
) -> Response:
    return await client.post(f"/api/v1/hooks/{integration['id']}", content=body, headers=headers)


async def history(
    client: AsyncClient, integration: dict[str, Any], admin: dict[str, str]
) -> dict[str, Any]:
    response = await client.get(
        f"/api/v1/integrations/{integration['id']}/events?limit=200", headers=admin
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


# -- GitHub -------------------------------------------------------------------------------------


def test_githubs_published_test_vector() -> None:
    secret, payload = "It's a Secret to Everybody", b"Hello, World!"
    expected = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
    assert github_signature(secret, payload) == expected
    verify_github(secret, {"x-hub-signature-256": expected}, payload)
    with pytest.raises(HookRejected):
        verify_github(secret, {"x-hub-signature-256": expected}, b"Hello, World?")


async def test_the_test_vector_passes_verification_over_http(
    api: AsyncClient, make_integration: MakeIntegration, admin: dict[str, str]
) -> None:
    integration = await make_integration("github", webhook_secret="It's a Secret to Everybody")
    signature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
    headers = {
        "X-Hub-Signature-256": signature,
        "X-GitHub-Event": "issues",
        "X-GitHub-Delivery": str(uuid.uuid4()),
    }
    accepted_signature = await hook(api, integration, b"Hello, World!", **headers)
    # The signature is right; the body is just not an event (so: 400, not 401).
    assert accepted_signature.status_code == 400, accepted_signature.text
    wrong = await hook(api, integration, b"Hello, World?", **headers)
    assert wrong.status_code == 401
    assert wrong.json()["error"] == "HookRejected"


async def test_github_ping_is_answered_and_stores_nothing(
    api: AsyncClient, make_integration: MakeIntegration, github: FakeGitHub, admin: dict[str, str]
) -> None:
    integration = await make_integration("github")
    body = json.dumps({"zen": "Keep it logically awesome.", "hook_id": 1}).encode()
    response = await hook(api, integration, body, **github.sign(body, "ping"))
    assert response.status_code == 200
    assert response.json() == {"status": "pong", "zen": "Keep it logically awesome."}
    assert (await history(api, integration, admin))["events"] == []


async def test_github_issue_opened_is_stored_once_per_delivery(
    api: AsyncClient, make_integration: MakeIntegration, github: FakeGitHub, admin: dict[str, str]
) -> None:
    integration = await make_integration("github")
    body = github.issue_opened("octo-org/hello-world", 1347)
    headers = github.sign(body, "issues", delivery="72d3162e-cc78-11e3-81ab-4c9367dc0958")
    first = await hook(api, integration, body, **headers)
    again = await hook(api, integration, body, **headers)
    assert first.status_code == again.status_code == 202
    assert again.headers["X-Fluxos-Duplicate"] == "true"
    assert first.headers["X-Fluxos-Event-Id"] == again.headers["X-Fluxos-Event-Id"]
    events = (await history(api, integration, admin))["events"]
    assert [(e["type"], e["delivery_key"]) for e in events] == [
        ("github.issues.opened", "72d3162e-cc78-11e3-81ab-4c9367dc0958")
    ]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ("tampered", "does not match"),
        ("wrong-secret", "does not match"),
        ("missing", "missing X-Hub-Signature-256"),
    ],
)
async def test_github_refusals_are_audited_and_store_nothing(
    api: AsyncClient,
    make_integration: MakeIntegration,
    github: FakeGitHub,
    admin: dict[str, str],
    change: str,
    reason: str,
) -> None:
    integration = await make_integration("github")
    body = github.issue_opened()
    headers = github.sign(body, "issues", secret="other" if change == "wrong-secret" else None)
    if change == "tampered":
        body = body.replace(b"Found a bug", b"Found a bag")
    if change == "missing":
        del headers["X-Hub-Signature-256"]
    response = await hook(api, integration, body, **headers)
    assert response.status_code == 401
    assert reason in response.json()["detail"]
    seen = await history(api, integration, admin)
    assert seen["events"] == []
    assert len(seen["rejections"]) == 1
    assert reason in seen["rejections"][0]["reason"]
    assert seen["rejections"][0]["ip"] == "203.0.113.7"


# -- Slack ----------------------------------------------------------------------------------------


async def test_slack_url_verification_is_echoed(
    api: AsyncClient, make_integration: MakeIntegration, slack: FakeSlack, admin: dict[str, str]
) -> None:
    integration = await make_integration("slack")
    body = json.dumps(
        {
            "token": "x",
            "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
            "type": "url_verification",
        }
    ).encode()
    response = await hook(api, integration, body, **slack.sign(body))
    assert response.status_code == 200
    assert response.json() == {"challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}
    assert (await history(api, integration, admin))["events"] == []


async def test_slack_events_and_their_retries_make_one_event(
    api: AsyncClient, make_integration: MakeIntegration, slack: FakeSlack, admin: dict[str, str]
) -> None:
    integration = await make_integration("slack")
    body = slack.event_callback(
        {
            "type": "app_mention",
            "user": "U061F7AUR",
            "text": "<@U0LAN0Z89> hi",
            "ts": "1515449522.000016",
            "channel": "C123ABC456",
        },
        event_id="Ev0LAN670R",
    )
    first = await hook(api, integration, body, **slack.sign(body))
    retry = await hook(
        api,
        integration,
        body,
        **slack.sign(body),
        **{"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"},
    )
    assert first.status_code == retry.status_code == 200
    assert retry.headers["X-Fluxos-Duplicate"] == "true"
    events = (await history(api, integration, admin))["events"]
    assert [(e["type"], e["delivery_key"]) for e in events] == [("slack.app_mention", "Ev0LAN670R")]


async def test_slack_slash_commands_are_form_encoded(
    api: AsyncClient, make_integration: MakeIntegration, slack: FakeSlack, admin: dict[str, str]
) -> None:
    integration = await make_integration("slack")
    body = slack.slash_command(
        "/weather", "94070", trigger_id="13345224609.738474920.8088930838d88f008e0"
    )
    headers = slack.sign(body, content_type="application/x-www-form-urlencoded")
    response = await hook(api, integration, body, **headers)
    assert response.status_code == 200
    assert response.content == b""
    events = (await history(api, integration, admin))["events"]
    assert [e["type"] for e in events] == ["slack.command.weather"]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ("stale", "window"),
        ("future", "window"),
        ("tampered", "does not match"),
        ("wrong-secret", "does not match"),
        ("missing-timestamp", "missing"),
    ],
)
async def test_slack_refusals(
    api: AsyncClient,
    make_integration: MakeIntegration,
    slack: FakeSlack,
    admin: dict[str, str],
    change: str,
    reason: str,
) -> None:
    integration = await make_integration("slack")
    body = slack.event_callback({"type": "message", "channel": "C1", "text": "hello", "ts": "1.2"})
    timestamp = int(time.time())
    timestamp += {"stale": -301, "future": 301}.get(change, 0)
    headers = slack.sign(
        body, timestamp=timestamp, secret="0" * 32 if change == "wrong-secret" else None
    )
    if change == "tampered":
        body = body.replace(b"hello", b"HELLO")
    if change == "missing-timestamp":
        del headers["X-Slack-Request-Timestamp"]
    response = await hook(api, integration, body, **headers)
    assert response.status_code == 401
    assert reason in response.json()["detail"]
    seen = await history(api, integration, admin)
    assert seen["events"] == [] and len(seen["rejections"]) == 1


async def test_slack_accepts_a_timestamp_inside_the_window(
    api: AsyncClient, make_integration: MakeIntegration, slack: FakeSlack
) -> None:
    integration = await make_integration("slack")
    body = slack.event_callback({"type": "message", "channel": "C1", "text": "hi", "ts": "1.3"})
    response = await hook(
        api, integration, body, **slack.sign(body, timestamp=int(time.time()) - 290)
    )
    assert response.status_code == 200


# -- Discord --------------------------------------------------------------------------------------


async def test_discord_ping_gets_pong(
    api: AsyncClient, make_integration: MakeIntegration, discord: FakeDiscord, admin: dict[str, str]
) -> None:
    integration = await make_integration("discord")
    body, _ = discord.interaction(kind=1)
    response = await hook(api, integration, body, **discord.sign(body))
    assert response.status_code == 200
    assert response.json() == {"type": 1}
    assert (await history(api, integration, admin))["events"] == []


async def test_discord_command_is_deferred_and_stored_with_its_reply_address(
    api: AsyncClient, make_integration: MakeIntegration, discord: FakeDiscord, admin: dict[str, str]
) -> None:
    integration = await make_integration("discord")
    body, _ = discord.interaction("ping", options={"topic": "cats"})
    response = await hook(api, integration, body, **discord.sign(body))
    assert response.status_code == 200
    assert response.json() == {"type": 5}
    events = (await history(api, integration, admin))["events"]
    assert [e["type"] for e in events] == ["discord.command.ping"]
    assert events[0]["delivery_key"] == json.loads(body)["id"]


@pytest.mark.parametrize(
    "change", ["tampered", "other-key", "missing", "bad-hex", "other-timestamp"]
)
async def test_discord_invalid_signatures_get_401(
    api: AsyncClient,
    make_integration: MakeIntegration,
    discord: FakeDiscord,
    admin: dict[str, str],
    change: str,
) -> None:
    integration = await make_integration("discord")
    body, _ = discord.interaction("ping")
    headers = discord.sign(body)
    if change == "tampered":
        body = body.replace(b'"ping"', b'"pong"')
    elif change == "other-key":
        headers = FakeDiscord().sign(body)
    elif change == "missing":
        del headers["X-Signature-Ed25519"]
    elif change == "bad-hex":
        headers["X-Signature-Ed25519"] = "zz" * 64
    else:
        headers["X-Signature-Timestamp"] = str(int(headers["X-Signature-Timestamp"]) + 1)
    response = await hook(api, integration, body, **headers)
    assert response.status_code == 401
    seen = await history(api, integration, admin)
    assert seen["events"] == [] and len(seen["rejections"]) == 1


# -- Stripe ---------------------------------------------------------------------------------------


def stripe_event(kind: str = "payment_intent.succeeded") -> bytes:
    return json.dumps(
        {
            "id": "evt_" + uuid.uuid4().hex[:24],
            "object": "event",
            "type": kind,
            "data": {
                "object": {"id": "pi_3MtwBwLkdIwHu7ix28a3tqPa", "amount": 2000, "currency": "usd"}
            },
        }
    ).encode()


def stripe_header(
    body: bytes,
    *,
    timestamp: int | None = None,
    secret: str = STRIPE_SECRET,
    extra: tuple[str, ...] = (),
) -> str:
    stamp = timestamp if timestamp is not None else int(time.time())
    return ",".join(
        [
            f"t={stamp}",
            *extra,
            f"v1={stripe_signature(secret, stamp, body)}",
            "v0=6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39",
        ]
    )


async def test_stripe_event_is_accepted(
    api: AsyncClient, make_integration: MakeIntegration, admin: dict[str, str]
) -> None:
    integration = await make_integration("stripe")
    body = stripe_event()
    response = await hook(api, integration, body, **{"Stripe-Signature": stripe_header(body)})
    assert response.status_code == 200
    assert response.json() == {"received": True}
    events = (await history(api, integration, admin))["events"]
    assert [e["type"] for e in events] == ["stripe.payment_intent.succeeded"]
    assert events[0]["delivery_key"] == json.loads(body)["id"]


async def test_stripe_accepts_any_of_several_v1_signatures(
    api: AsyncClient, make_integration: MakeIntegration
) -> None:
    integration = await make_integration("stripe")
    body = stripe_event()
    stale_secret = f"v1={stripe_signature('whsec_the-old-secret', int(time.time()), body)}"
    header = stripe_header(body, extra=(stale_secret,))
    assert header.count("v1=") == 2
    response = await hook(api, integration, body, **{"Stripe-Signature": header})
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ("stale", "window"),
        ("tampered", "no v1 signature matches"),
        ("wrong-secret", "no v1 signature matches"),
        ("no-v1", "no v1="),
        ("missing", "missing Stripe-Signature"),
    ],
)
async def test_stripe_refusals(
    api: AsyncClient,
    make_integration: MakeIntegration,
    admin: dict[str, str],
    change: str,
    reason: str,
) -> None:
    integration = await make_integration("stripe")
    body = stripe_event()
    stamp = int(time.time()) - (301 if change == "stale" else 0)
    header = stripe_header(
        body, timestamp=stamp, secret="whsec_other" if change == "wrong-secret" else STRIPE_SECRET
    )
    if change == "tampered":
        body = body.replace(b"2000", b"9000")
    if change == "no-v1":
        header = f"t={stamp},v0=abc"
    headers = {} if change == "missing" else {"Stripe-Signature": header}
    response = await hook(api, integration, body, **headers)
    assert response.status_code == 401
    assert reason in response.json()["detail"]
    seen = await history(api, integration, admin)
    assert seen["events"] == [] and len(seen["rejections"]) == 1


# -- Custom ---------------------------------------------------------------------------------------


async def test_custom_hmac_in_both_formats_and_bearer(
    api: AsyncClient, make_integration: MakeIntegration, admin: dict[str, str]
) -> None:
    secret = "inbound-shared-secret-9876"
    body = json.dumps({"order": 42, "state": "paid"}).encode()
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()

    prefixed = await make_integration("custom", name="Shop Orders")
    ok = await hook(
        api, prefixed, body, **{"X-Signature": f"sha256={digest}", "X-Delivery-Id": "d-1"}
    )
    assert ok.status_code == 202, ok.text
    events = (await history(api, prefixed, admin))["events"]
    assert [(e["type"], e["delivery_key"]) for e in events] == [("custom.shop_orders", "d-1")]
    assert (await hook(api, prefixed, body, **{"X-Signature": digest})).status_code == 401

    bare = await make_integration("custom", header="X-Hub-Token", signature_format="hex")
    assert (await hook(api, bare, body, **{"X-Hub-Token": digest})).status_code == 202
    assert (await hook(api, bare, body, **{"X-Signature": f"sha256={digest}"})).status_code == 401

    bearer = await make_integration("custom", mode="bearer")
    assert (await hook(api, bearer, body, Authorization=f"Bearer {secret}")).status_code == 202
    refused = await hook(api, bearer, body, Authorization="Bearer nope")
    assert refused.status_code == 401
    assert (await hook(api, bearer, body)).status_code == 401


# -- Unknown and disabled ---------------------------------------------------------------------


async def test_unknown_or_disabled_integrations_are_404_and_audited(
    api: AsyncClient, make_integration: MakeIntegration, github: FakeGitHub, admin: dict[str, str]
) -> None:
    body = github.issue_opened()
    unknown = await api.post(
        f"/api/v1/hooks/{uuid.uuid4()}", content=body, headers=github.sign(body, "issues")
    )
    assert unknown.status_code == 404
    assert (await api.post("/api/v1/hooks/not-a-uuid", content=body)).status_code == 404

    integration = await make_integration("github")
    disabled = await api.patch(
        f"/api/v1/integrations/{integration['id']}", headers=admin, json={"enabled": False}
    )
    assert disabled.status_code == 200
    response = await hook(api, integration, body, **github.sign(body, "issues"))
    assert response.status_code == 404
    seen = await history(api, integration, admin)
    assert seen["events"] == []
    assert [r["reason"] for r in seen["rejections"]] == ["integration disabled"]


async def test_oversized_bodies_are_refused(
    api: AsyncClient, make_integration: MakeIntegration, github: FakeGitHub, admin: dict[str, str]
) -> None:
    integration = await make_integration("github")
    body = b"{" + b" " * (1024 * 1024 + 10) + b"}"
    response = await hook(api, integration, body, **github.sign(body, "issues"))
    assert response.status_code == 413
    seen = await history(api, integration, admin)
    assert seen["events"] == []
    assert [r["reason"] for r in seen["rejections"]] == ["the request body is too large"]


async def test_slack_interactions_are_read_from_the_payload_field(
    api: AsyncClient, make_integration: MakeIntegration, slack: FakeSlack, admin: dict[str, str]
) -> None:
    integration = await make_integration("slack")
    interaction = {
        "type": "block_actions",
        "trigger_id": "12466734323.1395872398",
        "user": {"id": "U0CA5"},
        "channel": {"id": "C0CA5"},
        "token": "deprecated-verification-token",
        "actions": [{"action_id": "approve", "value": "yes"}],
    }
    body = urlencode({"payload": json.dumps(interaction)}).encode()
    headers = slack.sign(body, content_type="application/x-www-form-urlencoded")
    response = await hook(api, integration, body, **headers)
    assert response.status_code == 200
    events = (await history(api, integration, admin))["events"]
    assert [(e["type"], e["delivery_key"]) for e in events] == [
        ("slack.interaction.block_actions", "12466734323.1395872398")
    ]


async def test_custom_deliveries_are_deduplicated_only_by_their_delivery_id(
    api: AsyncClient, make_integration: MakeIntegration, admin: dict[str, str]
) -> None:
    integration = await make_integration("custom", mode="bearer")
    auth = {"Authorization": "Bearer inbound-shared-secret-9876"}
    body = b'{"ping": true}'
    for _ in range(2):
        assert (await hook(api, integration, body, **auth)).status_code == 202
    for _ in range(2):
        assert (
            await hook(api, integration, body, **auth, **{"X-Delivery-Id": "once"})
        ).status_code == 202
    assert len((await history(api, integration, admin))["events"]) == 3


async def test_refusal_audits_are_limited_per_client_address(
    hooks_app: Any, hooks_db: Any, make_integration: MakeIntegration, admin: dict[str, str]
) -> None:
    integration = await make_integration("stripe")
    address = f"198.51.100.{uuid.uuid4().int % 250 + 1}"
    async with client_for(hooks_app, hooks_db, client_ip=address) as flood:
        statuses = [
            (await hook(flood, integration, b"{}", **{"Stripe-Signature": "t=1,v1=00"})).status_code
            for _ in range(125)
        ]
        assert statuses == [401] * 125
        seen = await history(flood, integration, admin)
    audited = [r for r in seen["rejections"] if r["ip"] == address]
    assert len(audited) == 120


async def test_github_form_encoded_deliveries(
    api: AsyncClient, make_integration: MakeIntegration, github: FakeGitHub, admin: dict[str, str]
) -> None:
    integration = await make_integration("github")
    body = urlencode({"payload": github.issue_opened("octo-org/forms", 12).decode()}).encode()
    headers = {
        **github.sign(body, "issues"),
        "Content-Type": "application/x-www-form-urlencoded",
    }
    response = await hook(api, integration, body, **headers)
    assert response.status_code == 202, response.text
    events = (await history(api, integration, admin))["events"]
    assert [e["type"] for e in events] == ["github.issues.opened"]

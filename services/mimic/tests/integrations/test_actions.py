"""Outbound actions through a real worker against local Discord, Slack, GitHub and webhook
servers: sent once, retried on 500 and 429 (Retry-After honoured), failed at once on a permanent
error, never sent twice for one idempotency key or a redelivered message."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import pytest
from httpx import AsyncClient
from mimic_test_fakes.helpers import Tokens
from saas import FakeDiscord, FakeGitHub, FakeSlack, FakeWebhookReceiver

from fluxkit.celery import run_async
from fluxkit.db import unit_of_work, utcnow
from mimic.integrations.models import OutboundAction
from mimic.integrations.tasks import enqueue_action, integration_runtime, sweep_integrations

from .conftest import MakeIntegration

Wait = Callable[..., Awaitable[Any]]


async def act(
    client: AsyncClient, integration: dict[str, Any], headers: dict[str, str], **body: Any
) -> dict[str, Any]:
    response = await client.post(
        f"/api/v1/integrations/{integration['id']}/actions", headers=headers, json=body
    )
    assert response.status_code == 202, response.text
    created: dict[str, Any] = response.json()
    return created


async def settled(
    client: AsyncClient,
    integration: dict[str, Any],
    action: dict[str, Any],
    headers: dict[str, str],
    wait_until: Wait,
) -> dict[str, Any]:
    async def probe() -> dict[str, Any] | None:
        response = await client.get(
            f"/api/v1/integrations/{integration['id']}/actions/{action['id']}", headers=headers
        )
        assert response.status_code == 200
        body: dict[str, Any] = response.json()
        return body if body["status"] in ("sent", "failed") else None

    result: dict[str, Any] = await wait_until(probe)
    return result


def channel() -> str:
    return str(uuid.uuid4().int % 10**18)


async def test_discord_message_and_embed(
    live_api: AsyncClient,
    make_live_integration: MakeIntegration,
    discord: FakeDiscord,
    admin: dict[str, str],
    hooks_worker: None,
    wait_until: Wait,
) -> None:
    integration = await make_live_integration("discord")
    target = channel()
    message = await act(
        live_api,
        integration,
        admin,
        action="discord_message",
        params={"channel_id": target, "content": "Hello from fluxos"},
    )
    assert message["status"] == "queued" and message["attempts"] == 0
    embed = await act(
        live_api,
        integration,
        admin,
        action="discord_embed",
        params={"channel_id": target, "embeds": [{"title": "Weekly", "description": "42 events"}]},
    )
    sent = await settled(live_api, integration, message, admin, wait_until)
    assert sent["status"] == "sent" and sent["attempts"] == 1 and sent["error"] is None
    embedded = await settled(live_api, integration, embed, admin, wait_until)
    assert embedded["status"] == "sent"
    posted = [m for m in discord.messages if m["channel_id"] == target]
    assert sorted(m["content"] or m["embeds"][0]["title"] for m in posted) == [
        "Hello from fluxos",
        "Weekly",
    ]
    assert sent["response"]["id"] in {m["id"] for m in posted}
    requests = discord.requests_to(f"/channels/{target}/messages")
    assert {r.headers["authorization"] for r in requests} == {f"Bot {discord.bot_token}"}


async def test_server_errors_are_retried_until_sent(
    live_api: AsyncClient,
    make_live_integration: MakeIntegration,
    discord: FakeDiscord,
    admin: dict[str, str],
    hooks_worker: None,
    wait_until: Wait,
) -> None:
    integration = await make_live_integration("discord")
    target = channel()
    discord.fail(500, times=2, path=f"/channels/{target}/")
    action = await act(
        live_api,
        integration,
        admin,
        action="discord_message",
        params={"channel_id": target, "content": "third time lucky"},
    )
    result = await settled(live_api, integration, action, admin, wait_until)
    assert result["status"] == "sent" and result["attempts"] == 3
    assert [m["content"] for m in discord.messages if m["channel_id"] == target] == [
        "third time lucky"
    ]


async def test_rate_limits_honour_retry_after(
    live_api: AsyncClient,
    make_live_integration: MakeIntegration,
    discord: FakeDiscord,
    admin: dict[str, str],
    hooks_worker: None,
    wait_until: Wait,
) -> None:
    integration = await make_live_integration("discord")
    target = channel()
    discord.fail(429, times=1, path=f"/channels/{target}/", retry_after=1.5)
    action = await act(
        live_api,
        integration,
        admin,
        action="discord_message",
        params={"channel_id": target, "content": "after the limit"},
    )
    result = await settled(live_api, integration, action, admin, wait_until)
    assert result["status"] == "sent" and result["attempts"] == 2
    first, second = discord.requests_to(f"/channels/{target}/messages")
    assert first.status == 429 and second.status == 200
    # The retry waited at least what Discord asked (backoff alone is under 0.1 s here).
    assert second.at - first.at >= 1.4


async def test_permanent_errors_fail_at_once_and_retries_give_up(
    live_api: AsyncClient,
    make_live_integration: MakeIntegration,
    discord: FakeDiscord,
    admin: dict[str, str],
    hooks_worker: None,
    wait_until: Wait,
) -> None:
    integration = await make_live_integration("discord")
    forbidden = channel()
    discord.fail(
        403, path=f"/channels/{forbidden}/", body={"message": "Missing Access", "code": 50001}
    )
    action = await act(
        live_api,
        integration,
        admin,
        action="discord_message",
        params={"channel_id": forbidden, "content": "nope"},
    )
    result = await settled(live_api, integration, action, admin, wait_until)
    assert result["status"] == "failed" and result["attempts"] == 1
    assert "403" in result["error"] and "Missing Access" in result["error"]
    assert result["response"]["status_code"] == 403

    down = channel()
    discord.fail(503, times=10, path=f"/channels/{down}/")
    action = await act(
        live_api,
        integration,
        admin,
        action="discord_message",
        params={"channel_id": down, "content": "never"},
    )
    result = await settled(live_api, integration, action, admin, wait_until)
    assert result["status"] == "failed" and result["attempts"] == 4  # action_max_attempts
    assert len(discord.requests_to(f"/channels/{down}/messages")) == 4


async def test_slack_errors_in_a_200_are_failures(
    live_api: AsyncClient,
    make_live_integration: MakeIntegration,
    slack: FakeSlack,
    admin: dict[str, str],
    hooks_worker: None,
    wait_until: Wait,
) -> None:
    integration = await make_live_integration("slack")
    good = await act(
        live_api,
        integration,
        admin,
        action="slack_message",
        params={"channel": "C0NEWS", "text": "A new issue was opened", "thread_ts": "1.000001"},
    )
    bad = await act(
        live_api,
        integration,
        admin,
        action="slack_message",
        params={"channel": "C_UNKNOWN", "text": "lost"},
    )
    sent = await settled(live_api, integration, good, admin, wait_until)
    assert sent["status"] == "sent" and sent["response"]["channel"] == "C0NEWS"
    assert sent["response"]["ts"] in {m["ts"] for m in slack.messages_in("C0NEWS")}
    failed = await settled(live_api, integration, bad, admin, wait_until)
    assert failed["status"] == "failed" and failed["attempts"] == 1
    assert "channel_not_found" in failed["error"]
    request = slack.requests_to("/chat.postMessage")[-1]
    assert request.headers["authorization"] == f"Bearer {slack.bot_token}"


async def test_github_issue_and_comment(
    live_api: AsyncClient,
    make_live_integration: MakeIntegration,
    github: FakeGitHub,
    admin: dict[str, str],
    hooks_worker: None,
    wait_until: Wait,
) -> None:
    integration = await make_live_integration("github")
    repository = f"octo-org/repo-{uuid.uuid4().hex[:8]}"
    issue = await act(
        live_api,
        integration,
        admin,
        action="github_issue",
        params={
            "repository": repository,
            "title": "Weekly summary",
            "body": "All good",
            "labels": ["report"],
        },
    )
    created = await settled(live_api, integration, issue, admin, wait_until)
    assert created["status"] == "sent" and created["response"]["number"] == 1
    comment = await act(
        live_api,
        integration,
        admin,
        action="github_comment",
        params={"repository": repository, "issue_number": 1, "body": "Thanks!"},
    )
    commented = await settled(live_api, integration, comment, admin, wait_until)
    assert commented["status"] == "sent"
    assert github.issues[repository][0]["labels"] == [{"name": "report"}]
    assert [c["body"] for c in github.comments if c["repository"] == repository] == ["Thanks!"]


async def test_custom_webhook_is_signed(
    live_api: AsyncClient,
    make_live_integration: MakeIntegration,
    receiver: FakeWebhookReceiver,
    admin: dict[str, str],
    hooks_worker: None,
    wait_until: Wait,
) -> None:
    integration = await make_live_integration("custom")
    marker = uuid.uuid4().hex
    action = await act(
        live_api,
        integration,
        admin,
        action="webhook",
        params={"payload": {"marker": marker, "total": 3}},
    )
    result = await settled(live_api, integration, action, admin, wait_until)
    assert result["status"] == "sent"
    received = [r for r in receiver.requests_to("/incoming") if marker in r.body.decode()]
    assert len(received) == 1
    assert receiver.verified(received[0])
    assert received[0].json() == {"marker": marker, "total": 3}
    assert received[0].headers["x-fluxos-delivery"] == action["id"]


async def test_one_idempotency_key_one_message_even_when_redelivered(
    live_api: AsyncClient,
    make_live_integration: MakeIntegration,
    discord: FakeDiscord,
    admin: dict[str, str],
    hooks_worker: None,
    wait_until: Wait,
) -> None:
    integration = await make_live_integration("discord")
    target = channel()
    body = {
        "action": "discord_message",
        "params": {"channel_id": target, "content": "only once"},
        "idempotency_key": "task-42-answer",
    }
    url = f"/api/v1/integrations/{integration['id']}/actions"
    first = await live_api.post(url, headers=admin, json=body)
    second = await live_api.post(url, headers=admin, json=body)
    assert first.status_code == second.status_code == 202
    assert first.json()["id"] == second.json()["id"]
    assert second.headers["Idempotent-Replayed"] == "true"
    changed = await live_api.post(
        url, headers=admin, json={**body, "params": {"channel_id": target, "content": "other"}}
    )
    assert changed.status_code == 409
    result = await settled(live_api, integration, first.json(), admin, wait_until)
    assert result["status"] == "sent"
    # The broker hands the same message over again (late acks): nothing is sent twice.
    await asyncio.to_thread(enqueue_action, uuid.UUID(result["id"]))
    await asyncio.sleep(0.5)
    assert [m["content"] for m in discord.messages if m["channel_id"] == target] == ["only once"]


@pytest.mark.parametrize(
    ("provider", "body", "status"),
    [
        ("discord", {"action": "slack_message", "params": {"channel": "C1", "text": "x"}}, 400),
        ("discord", {"action": "discord_message", "params": {"channel_id": "1"}}, 422),
        (
            "discord",
            {"action": "discord_message", "params": {"channel_id": "abc", "content": "x"}},
            422,
        ),
        (
            "github",
            {"action": "github_issue", "params": {"repository": "no-slash", "title": "x"}},
            422,
        ),
        ("slack", {"action": "tweet", "params": {}}, 422),
    ],
)
async def test_invalid_actions_are_refused(
    api: AsyncClient,
    make_integration: MakeIntegration,
    admin: dict[str, str],
    provider: str,
    body: dict[str, Any],
    status: int,
) -> None:
    integration = await make_integration(provider)
    response = await api.post(
        f"/api/v1/integrations/{integration['id']}/actions", headers=admin, json=body
    )
    assert response.status_code == status, response.text


async def test_viewers_cannot_send_and_disabled_integrations_refuse(
    api: AsyncClient,
    make_integration: MakeIntegration,
    admin: dict[str, str],
    tokens: Tokens,
    org: uuid.UUID,
) -> None:
    integration = await make_integration("discord")
    url = f"/api/v1/integrations/{integration['id']}/actions"
    body = {"action": "discord_message", "params": {"channel_id": "1", "content": "hi"}}
    assert (
        await api.post(url, headers=tokens.headers(org, "viewer"), json=body)
    ).status_code == 403
    assert (
        await api.post(url, headers=tokens.headers(org, "member"), json=body)
    ).status_code == 202
    await api.patch(
        f"/api/v1/integrations/{integration['id']}", headers=admin, json={"enabled": False}
    )
    assert (await api.post(url, headers=admin, json=body)).status_code == 409


@pytest.mark.parametrize("left_as", ["queued", "sending"])
async def test_the_sweep_finishes_actions_whose_message_was_lost(
    live_api: AsyncClient,
    make_live_integration: MakeIntegration,
    discord: FakeDiscord,
    admin: dict[str, str],
    org: uuid.UUID,
    hooks_worker: None,
    wait_until: Wait,
    left_as: str,
) -> None:
    integration = await make_live_integration("discord")
    target = channel()
    long_ago = utcnow() - timedelta(minutes=10)
    action_id = uuid.uuid4()

    # What a lost broker message (queued) or a worker killed mid-send (sending) leaves behind.
    async def leave_behind() -> None:
        runtime = await integration_runtime()
        async with unit_of_work(runtime.session_factory) as session:
            session.add(
                OutboundAction(
                    id=action_id,
                    organization_id=org,
                    integration_id=uuid.UUID(integration["id"]),
                    action="discord_message",
                    params={"channel_id": target, "content": "recovered"},
                    request_hash="0" * 64,
                    status=left_as,
                    attempts=1 if left_as == "sending" else 0,
                    sending_started_at=long_ago if left_as == "sending" else None,
                    created_at=long_ago,
                    response={},
                    created_by="test",
                )
            )

    run_async(leave_behind())
    assert sweep_integrations.apply().get() >= 1
    result = await settled(live_api, integration, {"id": str(action_id)}, admin, wait_until)
    assert result["status"] == "sent"
    assert [m["content"] for m in discord.messages if m["channel_id"] == target] == ["recovered"]
    # A sweep after that finds nothing left to do for it.
    sweep_integrations.apply()
    await asyncio.sleep(0.3)
    assert len([m for m in discord.messages if m["channel_id"] == target]) == 1

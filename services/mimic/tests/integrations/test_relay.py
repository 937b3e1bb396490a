"""Verified events reach Tentacle's triggers exactly once, acting for the integration's creator,
through a real Celery worker: redeliveries, a Tentacle that is down, refusals, lost messages,
and the Discord three-second acknowledgement measured."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from httpx import AsyncClient
from mimic_test_fakes.helpers import SERVICE_TOKEN
from saas import FakeDiscord, FakeGitHub, FakeWebhookReceiver

from fluxkit.celery import run_async
from fluxkit.db import unit_of_work, utcnow
from mimic.integrations.models import InboundEvent
from mimic.integrations.tasks import integration_runtime, sweep_integrations

from .conftest import MakeIntegration

TRIGGERS = "/api/v1/triggers/events"
Wait = Callable[..., Awaitable[Any]]


def relayed(tentacle: FakeWebhookReceiver, event_id: str) -> list[Any]:
    return [r for r in tentacle.requests_to(TRIGGERS) if r.json().get("id") == event_id]


async def events(
    client: AsyncClient, integration: dict[str, Any], admin: dict[str, str]
) -> list[dict[str, Any]]:
    response = await client.get(f"/api/v1/integrations/{integration['id']}/events", headers=admin)
    assert response.status_code == 200
    found: list[dict[str, Any]] = response.json()["events"]
    return found


async def test_a_github_event_is_relayed_once_for_the_creator(
    live_api: AsyncClient,
    make_live_integration: MakeIntegration,
    github: FakeGitHub,
    tentacle: FakeWebhookReceiver,
    admin: dict[str, str],
    org: uuid.UUID,
    user: uuid.UUID,
    hooks_worker: None,
    wait_until: Wait,
) -> None:
    integration = await make_live_integration("github")
    body = github.issue_opened("octo-org/hello-world", 7)
    headers = github.sign(body, "issues")
    first = await live_api.post(f"/api/v1/hooks/{integration['id']}", content=body, headers=headers)
    again = await live_api.post(f"/api/v1/hooks/{integration['id']}", content=body, headers=headers)
    assert first.status_code == again.status_code == 202
    event_id = first.headers["X-Fluxos-Event-Id"]

    async def done() -> bool:
        found = await events(live_api, integration, admin)
        return bool(found) and found[0]["relay_status"] == "relayed"

    await wait_until(done)
    await asyncio.sleep(0.5)  # room for a stray second relay to show up
    sent = relayed(tentacle, event_id)
    assert len(sent) == 1
    request = sent[0]
    assert request.headers["authorization"] == f"Bearer {SERVICE_TOKEN}"
    assert request.headers["x-fluxos-on-behalf-of"] == f"{user}:{org}"
    document = request.json()
    assert document["integration_id"] == integration["id"]
    assert document["provider"] == "github"
    assert document["type"] == "github.issues.opened"
    assert document["delivery_id"] == headers["X-GitHub-Delivery"]
    assert document["data"]["issue"]["number"] == 7
    assert document["reply"] == {
        "github": {"repository": "octo-org/hello-world", "issue_number": 7}
    }
    assert document["received_at"].endswith("+00:00")


async def test_a_tentacle_that_is_down_gets_the_event_once_it_is_up(
    live_api: AsyncClient,
    make_live_integration: MakeIntegration,
    github: FakeGitHub,
    tentacle: FakeWebhookReceiver,
    admin: dict[str, str],
    hooks_worker: None,
    wait_until: Wait,
) -> None:
    integration = await make_live_integration("github")
    tentacle.stop()
    try:
        body = github.issue_opened("octo-org/down", 1)
        response = await live_api.post(
            f"/api/v1/hooks/{integration['id']}", content=body, headers=github.sign(body, "issues")
        )
        assert response.status_code == 202
        event_id = response.headers["X-Fluxos-Event-Id"]

        async def retried() -> bool:
            found = await events(live_api, integration, admin)
            return found[0]["relay_attempts"] >= 2

        await wait_until(retried)
        pending = (await events(live_api, integration, admin))[0]
        assert pending["relay_status"] == "pending"
        assert "could not connect" in pending["relay_error"]
    finally:
        tentacle.start()

    async def delivered() -> bool:
        return (await events(live_api, integration, admin))[0]["relay_status"] == "relayed"

    await wait_until(delivered)
    assert len(relayed(tentacle, event_id)) == 1


async def test_tentacle_overloaded_is_retried_and_a_refusal_is_final(
    live_api: AsyncClient,
    make_live_integration: MakeIntegration,
    github: FakeGitHub,
    tentacle: FakeWebhookReceiver,
    admin: dict[str, str],
    hooks_worker: None,
    wait_until: Wait,
) -> None:
    integration = await make_live_integration("github")
    tentacle.fail(503, times=1, path=TRIGGERS)
    tentacle.fail(429, times=1, path=TRIGGERS, retry_after=0.2)
    body = github.issue_opened("octo-org/busy", 2)
    await live_api.post(
        f"/api/v1/hooks/{integration['id']}", content=body, headers=github.sign(body, "issues")
    )

    async def delivered() -> dict[str, Any] | None:
        found = (await events(live_api, integration, admin))[0]
        return found if found["relay_status"] == "relayed" else None

    assert (await wait_until(delivered))["relay_attempts"] == 3

    refused = await make_live_integration("github")
    tentacle.fail(
        422,
        times=1,
        path=TRIGGERS,
        body={"error": "ValidationError", "detail": "no such trigger source"},
    )
    body = github.issue_opened("octo-org/refused", 3)
    response = await live_api.post(
        f"/api/v1/hooks/{refused['id']}", content=body, headers=github.sign(body, "issues")
    )

    async def failed() -> dict[str, Any] | None:
        found = (await events(live_api, refused, admin))[0]
        return found if found["relay_status"] == "failed" else None

    final = await wait_until(failed)
    assert final["relay_attempts"] == 1
    assert "422" in final["relay_error"] and "no such trigger source" in final["relay_error"]
    # Asked once, refused, never asked again.
    assert [r.status for r in relayed(tentacle, response.headers["X-Fluxos-Event-Id"])] == [422]


async def test_the_sweep_relays_events_whose_message_was_lost(
    live_api: AsyncClient,
    make_live_integration: MakeIntegration,
    tentacle: FakeWebhookReceiver,
    admin: dict[str, str],
    org: uuid.UUID,
    hooks_worker: None,
    wait_until: Wait,
) -> None:
    integration = await make_live_integration("github")
    event_id = uuid.uuid4()

    # What a worker killed while holding the event's relay leaves: a pending row, no message.
    async def leave_behind() -> None:
        runtime = await integration_runtime()
        async with unit_of_work(runtime.session_factory) as session:
            session.add(
                InboundEvent(
                    id=event_id,
                    organization_id=org,
                    integration_id=uuid.UUID(integration["id"]),
                    provider="github",
                    type="github.issues.opened",
                    delivery_key=str(uuid.uuid4()),
                    data={"action": "opened"},
                    reply={},
                    received_at=utcnow() - timedelta(minutes=5),
                    relay_status="pending",
                    relay_attempts=1,
                    next_relay_at=utcnow() - timedelta(minutes=4),
                )
            )

    run_async(leave_behind())
    assert sweep_integrations.apply().get() >= 1

    async def delivered() -> bool:
        return (await events(live_api, integration, admin))[0]["relay_status"] == "relayed"

    await wait_until(delivered)
    assert len(relayed(tentacle, str(event_id))) == 1
    sweep_integrations.apply()
    await asyncio.sleep(0.3)
    assert len(relayed(tentacle, str(event_id))) == 1


async def test_discord_command_is_acknowledged_within_three_seconds_and_answered_later(
    live_api: AsyncClient,
    make_live_integration: MakeIntegration,
    discord: FakeDiscord,
    tentacle: FakeWebhookReceiver,
    admin: dict[str, str],
    hooks_worker: None,
    wait_until: Wait,
) -> None:
    integration = await make_live_integration("discord")
    # Tentacle takes 4 s to answer: the acknowledgement must not wait for it.
    tentacle.slow(4.0, times=1, path=TRIGGERS)
    body, token = discord.interaction("ping")
    started = time.perf_counter()
    response = await live_api.post(
        f"/api/v1/hooks/{integration['id']}", content=body, headers=discord.sign(body)
    )
    elapsed = time.perf_counter() - started
    assert response.status_code == 200
    assert response.json() == {"type": 5}
    assert elapsed < 3.0
    print(f"discord deferred ack: {elapsed * 1000:.1f} ms")
    assert elapsed < 1.0, "the ack should take milliseconds, not seconds"

    event_id = response.headers["X-Fluxos-Event-Id"]
    await wait_until(lambda: _async(len(relayed(tentacle, event_id)) == 1), timeout=15)
    document = relayed(tentacle, event_id)[0].json()
    assert document["type"] == "discord.command.ping"
    reply = document["reply"]["discord"]
    assert reply == {"application_id": discord.application_id, "interaction_token": token}

    # What Tentacle does with the answer: a follow-up through the interaction token.
    action = await live_api.post(
        f"/api/v1/integrations/{integration['id']}/actions",
        headers=admin,
        json={
            "action": "discord_followup",
            # As Tentacle answers: the reply's parameters plus the content.
            "params": {**reply, "content": "pong! 🏓"},
            "idempotency_key": f"answer-{event_id}",
        },
    )
    assert action.status_code == 202, action.text
    answers = await wait_until(lambda: _async(discord.answers_for(token)))
    assert answers[0]["kind"] == "edit_original"
    assert answers[0]["message"]["content"] == "pong! 🏓"
    assert json.loads(body)["token"] == token


async def _async(value: Any) -> Any:
    return value

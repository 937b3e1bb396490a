"""/api/v1/triggers: definitions validated (422/409), scoped to the organisation, events
stored once and matched, history of what happened."""

from __future__ import annotations

import uuid
from typing import Any

from httpx import AsyncClient
from mimic_fake import FakeMimic
from tentacle_testkit import Tokens
from trigger_kit import mimic_headers

NOOP_PLAN = {
    "summary": "answer the ping",
    "steps": [
        {
            "id": "answer",
            "title": "Answer",
            "agent_type": "noop",
            "inputs": {"value": "pong for {{ event.data.member.user.username }}"},
            "depends_on": [],
        }
    ],
}


def discord_trigger(integration_id: uuid.UUID, **overrides: Any) -> dict[str, Any]:
    return {
        "name": "ping",
        "integration_id": str(integration_id),
        "event_pattern": "discord.command.ping",
        "goal_template": "Tell {{ event.data.member.user.username }} a joke",
        "planning_mode": "fixed",
        "plan": NOOP_PLAN,
        "response_type": "discord_followup",
        **overrides,
    }


def ping_event(integration_id: uuid.UUID, **overrides: Any) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "integration_id": str(integration_id),
        "provider": "discord",
        "type": "discord.command.ping",
        "delivery_id": "interaction-1",
        "data": {"member": {"user": {"username": "ada"}}, "guild_id": "g1"},
        "reply": {"discord": {"application_id": "app-1", "interaction_token": "tok-1"}},
        **overrides,
    }


async def test_create_read_list_update_delete(
    client: AsyncClient, tokens: Tokens, fake_mimic: FakeMimic
) -> None:
    owner = tokens.caller()
    discord = fake_mimic.add_integration(owner.organization_id, "discord")
    created = await client.post(
        "/api/v1/triggers", json=discord_trigger(discord), headers=owner.headers
    )
    assert created.status_code == 201, created.text
    trigger = created.json()
    assert trigger["provider"] == "discord"
    assert trigger["enabled"] is True
    assert trigger["events_matched"] == 0
    listed = await client.get("/api/v1/triggers", headers=owner.headers)
    assert [t["id"] for t in listed.json()["items"]] == [trigger["id"]]

    changed = await client.patch(
        f"/api/v1/triggers/{trigger['id']}",
        json={"filter": {"data.guild_id": "g1"}, "description": "jokes"},
        headers=owner.headers,
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["filter"] == {"data.guild_id": "g1"}

    disabled = await client.post(f"/api/v1/triggers/{trigger['id']}/disable", headers=owner.headers)
    assert disabled.json()["enabled"] is False
    enabled = await client.post(f"/api/v1/triggers/{trigger['id']}/enable", headers=owner.headers)
    assert enabled.json()["enabled"] is True

    deleted = await client.delete(f"/api/v1/triggers/{trigger['id']}", headers=owner.headers)
    assert deleted.status_code == 204
    gone = await client.get(f"/api/v1/triggers/{trigger['id']}", headers=owner.headers)
    assert gone.status_code == 404


async def test_invalid_definitions_are_refused_and_change_nothing(
    client: AsyncClient, tokens: Tokens, fake_mimic: FakeMimic
) -> None:
    owner = tokens.caller()
    discord = fake_mimic.add_integration(owner.organization_id, "discord")
    github = fake_mimic.add_integration(owner.organization_id, "github")
    cases: list[tuple[dict[str, Any], str]] = [
        (discord_trigger(discord, event_pattern="discord command"), "event_pattern"),
        (discord_trigger(discord, filter={"data.x": {"$where": "1"}}), "filter.data.x.$where"),
        (discord_trigger(discord, goal_template="Hi {{ event.data"), "goal_template"),
        (discord_trigger(discord, goal_template="{{ secrets }}"), "secrets"),
        (
            discord_trigger(
                discord,
                plan={
                    "summary": "x",
                    "steps": [{"id": "a", "agent_type": "teleport", "inputs": {}}],
                },
            ),
            "unknown agent_type 'teleport'",
        ),
        (discord_trigger(uuid.uuid4()), "integration_id"),
        (
            discord_trigger(github, event_pattern="github.issues.*", response_type="slack_message"),
            "slack",
        ),
        (discord_trigger(github, event_pattern="github.issues.*"), "discord"),
        (
            {
                "name": "no-source",
                "event_pattern": "custom.deploy",
                "goal_template": "x",
                "response_type": "webhook",
            },
            "integration",
        ),
    ]
    for body, needle in cases:
        answer = await client.post("/api/v1/triggers", json=body, headers=owner.headers)
        assert answer.status_code == 422, (needle, answer.text)
        assert needle in answer.text, (needle, answer.text)
    # Payload validation (a fixed plan without a plan, unknown fields) is a 422 too.
    body = discord_trigger(discord)
    body.pop("plan")
    assert (
        await client.post("/api/v1/triggers", json=body, headers=owner.headers)
    ).status_code == 422
    extra = {**discord_trigger(discord), "surprise": 1}
    assert (
        await client.post("/api/v1/triggers", json=extra, headers=owner.headers)
    ).status_code == 422
    listed = await client.get("/api/v1/triggers", headers=owner.headers)
    assert listed.json()["items"] == []


async def test_names_are_unique_per_organisation(
    client: AsyncClient, tokens: Tokens, fake_mimic: FakeMimic
) -> None:
    owner = tokens.caller()
    discord = fake_mimic.add_integration(owner.organization_id, "discord")
    first = await client.post(
        "/api/v1/triggers", json=discord_trigger(discord), headers=owner.headers
    )
    assert first.status_code == 201
    again = await client.post(
        "/api/v1/triggers", json=discord_trigger(discord), headers=owner.headers
    )
    assert again.status_code == 409
    assert again.json()["error"] == "TriggerNameTaken"


async def test_other_organisations_and_viewers(
    client: AsyncClient, tokens: Tokens, fake_mimic: FakeMimic
) -> None:
    owner = tokens.caller()
    discord = fake_mimic.add_integration(owner.organization_id, "discord")
    trigger = (
        await client.post("/api/v1/triggers", json=discord_trigger(discord), headers=owner.headers)
    ).json()
    stranger = tokens.caller()
    for method, path in [
        ("GET", f"/api/v1/triggers/{trigger['id']}"),
        ("GET", f"/api/v1/triggers/{trigger['id']}/history"),
        ("POST", f"/api/v1/triggers/{trigger['id']}/disable"),
        ("DELETE", f"/api/v1/triggers/{trigger['id']}"),
    ]:
        answer = await client.request(method, path, headers=stranger.headers)
        assert answer.status_code == 404, (method, path)
    viewer = tokens.caller(organization_id=owner.organization_id, roles=("viewer",))
    refused = await client.post(
        "/api/v1/triggers", json=discord_trigger(discord, name="v"), headers=viewer.headers
    )
    assert refused.status_code == 403


async def test_events_are_stored_once_matched_and_explained(
    client: AsyncClient, tokens: Tokens, fake_mimic: FakeMimic
) -> None:
    owner = tokens.caller()
    discord = fake_mimic.add_integration(owner.organization_id, "discord")
    ping = (
        await client.post("/api/v1/triggers", json=discord_trigger(discord), headers=owner.headers)
    ).json()
    filtered = (
        await client.post(
            "/api/v1/triggers",
            json=discord_trigger(
                discord, name="guild-2 only", filter={"data.guild_id": "g2"}, response_type="none"
            ),
            headers=owner.headers,
        )
    ).json()
    other_command = (
        await client.post(
            "/api/v1/triggers",
            json=discord_trigger(discord, name="help", event_pattern="discord.command.help"),
            headers=owner.headers,
        )
    ).json()
    relay = mimic_headers(owner.user_id, owner.organization_id)

    # Only Mimic may relay integration events.
    event = ping_event(discord)
    spoofed = await client.post("/api/v1/triggers/events", json=event, headers=owner.headers)
    assert spoofed.status_code == 403

    accepted = await client.post("/api/v1/triggers/events", json=event, headers=relay)
    assert accepted.status_code == 202, accepted.text
    body = accepted.json()
    assert body["matched"] == 1 and len(body["task_ids"]) == 1
    task = (await client.get(f"/api/v1/tasks/{body['task_ids'][0]}", headers=owner.headers)).json()
    assert task["goal"] == "Tell ada a joke"
    assert task["status"] == "ready"
    assert task["steps"][0]["inputs"] == {"value": "pong for ada"}
    # The trigger's tasks report into one inbox thread of its owner, made on the first run.
    shown = (await client.get(f"/api/v1/triggers/{ping['id']}", headers=owner.headers)).json()
    assert shown["conversation_id"] and task["conversation_id"] == shown["conversation_id"]
    thread = await client.get(
        f"/api/v1/inbox/conversations/{shown['conversation_id']}", headers=owner.headers
    )
    assert thread.status_code == 200 and thread.json()["title"] == "Trigger: ping"

    replay = await client.post("/api/v1/triggers/events", json=event, headers=relay)
    assert replay.status_code == 200
    assert replay.json()["duplicate"] is True
    tasks = (await client.get("/api/v1/tasks", headers=owner.headers)).json()["items"]
    assert len(tasks) == 1

    history = (
        await client.get(f"/api/v1/triggers/{ping['id']}/history", headers=owner.headers)
    ).json()
    assert history["events_matched"] == 1
    (item,) = history["items"]
    assert item["matched"] is True and item["task_id"] == body["task_ids"][0]
    assert item["response_status"] == "waiting" and item["goal"] == "Tell ada a joke"

    missed = (
        await client.get(f"/api/v1/triggers/{filtered['id']}/history", headers=owner.headers)
    ).json()["items"]
    assert [(i["matched"], i["reason"]) for i in missed] == [
        (False, "the filter did not match the event")
    ]
    other = (
        await client.get(f"/api/v1/triggers/{other_command['id']}/history", headers=owner.headers)
    ).json()["items"]
    assert other[0]["matched"] is False
    assert "does not match 'discord.command.help'" in other[0]["reason"]

    # A disabled trigger is not considered; a malformed event is refused.
    await client.post(f"/api/v1/triggers/{ping['id']}/disable", headers=owner.headers)
    quiet = await client.post("/api/v1/triggers/events", json=ping_event(discord), headers=relay)
    assert quiet.json()["matched"] == 0
    bad = await client.post(
        "/api/v1/triggers/events", json={**ping_event(discord), "id": "nope"}, headers=relay
    )
    assert bad.status_code == 422


async def test_internal_events_match_triggers_without_an_integration(
    client: AsyncClient, tokens: Tokens, fake_mimic: FakeMimic
) -> None:
    owner = tokens.caller()
    trigger = await client.post(
        "/api/v1/triggers",
        json={
            "name": "after a deploy",
            "event_pattern": "custom.deploy.*",
            "filter": {"data.environment": "production"},
            "goal_template": "Check {{ event.data.service }} after its deploy",
        },
        headers=owner.headers,
    )
    assert trigger.status_code == 201, trigger.text
    event = {
        "id": str(uuid.uuid4()),
        "type": "custom.deploy.finished",
        "data": {"service": "api", "environment": "production"},
    }
    answer = await client.post("/api/v1/triggers/events", json=event, headers=owner.headers)
    assert answer.status_code == 202, answer.text
    (task_id,) = answer.json()["task_ids"]
    task = (await client.get(f"/api/v1/tasks/{task_id}", headers=owner.headers)).json()
    assert task["goal"] == "Check api after its deploy"
    assert task["status"] == "planning"
    # Another organisation's events never reach it.
    stranger = tokens.caller()
    elsewhere = await client.post(
        "/api/v1/triggers/events", json={**event, "id": str(uuid.uuid4())}, headers=stranger.headers
    )
    assert elsewhere.json()["matched"] == 0

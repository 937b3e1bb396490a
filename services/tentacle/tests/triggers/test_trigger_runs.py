"""A matching event runs its task on a real worker and the answer reaches Mimic once:
Discord follow-ups, Slack messages for GitHub events, outages retried, refusals recorded."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import FastAPI
from httpx import AsyncClient
from mimic_fake import FakeMimic
from tentacle_testkit import Caller, Tokens, eventually, wait_for_status
from test_triggers_api import discord_trigger, ping_event
from trigger_kit import mimic_headers

from tentacle.triggers.responses import sweep


async def _fire(
    client: AsyncClient, owner: Caller, trigger: dict[str, Any], event: dict[str, Any]
) -> tuple[str, str]:
    created = await client.post("/api/v1/triggers", json=trigger, headers=owner.headers)
    assert created.status_code == 201, created.text
    accepted = await client.post(
        "/api/v1/triggers/events",
        json=event,
        headers=mimic_headers(owner.user_id, owner.organization_id),
    )
    assert accepted.status_code == 202, accepted.text
    (task_id,) = accepted.json()["task_ids"]
    return created.json()["id"], task_id


async def _history_item(client: AsyncClient, owner: Caller, trigger_id: str) -> dict[str, Any]:
    history = await client.get(f"/api/v1/triggers/{trigger_id}/history", headers=owner.headers)
    (item,) = history.json()["items"]
    return item  # type: ignore[no-any-return]


async def _settled(
    app: FastAPI, client: AsyncClient, owner: Caller, trigger_id: str, *statuses: str
) -> dict[str, Any]:
    """Run the sweep as beat would until the run's answer reaches one of ``statuses``."""

    async def probe() -> dict[str, Any] | None:
        await sweep(app.state.session_factory)
        item = await _history_item(client, owner, trigger_id)
        return item if item["response_status"] in statuses else None

    return await eventually(probe, timeout=60, interval=0.2)


async def test_discord_ping_answers_with_a_followup(
    tentacle_app: FastAPI,
    live_client: AsyncClient,
    tokens: Tokens,
    fake_mimic: FakeMimic,
    worker: None,
) -> None:
    owner = tokens.caller()
    discord = fake_mimic.add_integration(owner.organization_id, "discord")
    trigger_id, task_id = await _fire(
        live_client, owner, discord_trigger(discord), ping_event(discord)
    )
    await wait_for_status(tentacle_app.state.session_factory, uuid.UUID(task_id), "completed")
    item = await _settled(tentacle_app, live_client, owner, trigger_id, "sent", "failed")
    assert item["response_status"] == "sent", item
    assert item["status"] == "completed" and item["outcome"] == "pong for ada"
    (action,) = fake_mimic.actions_for(item["run_id"])
    assert action["action"] == "discord_followup"
    assert action["integration_id"] == str(discord)
    assert action["params"] == {
        "application_id": "app-1",
        "interaction_token": "tok-1",
        "content": "pong for ada",
    }
    assert action["on_behalf_of"] == f"{owner.user_id}:{owner.organization_id}"
    # Settling again sends nothing more.
    await sweep(tentacle_app.state.session_factory)
    assert fake_mimic.attempts.count(item["run_id"]) == 1


async def test_github_issue_posts_to_slack(
    tentacle_app: FastAPI,
    live_client: AsyncClient,
    tokens: Tokens,
    fake_mimic: FakeMimic,
    worker: None,
) -> None:
    owner = tokens.caller()
    github = fake_mimic.add_integration(owner.organization_id, "github")
    slack = fake_mimic.add_integration(owner.organization_id, "slack")
    trigger = {
        "name": "new issues",
        "integration_id": str(github),
        "event_pattern": "github.issues.*",
        "filter": {"data.action": "opened"},
        "goal_template": "Tell the team about issue #{{ event.data.issue.number }}",
        "planning_mode": "fixed",
        "plan": {
            "summary": "announce",
            "steps": [
                {
                    "id": "announce",
                    "title": "Announce",
                    "agent_type": "noop",
                    "inputs": {"value": "New issue: {{ event.data.issue.title }}"},
                    "depends_on": [],
                }
            ],
        },
        "response_type": "slack_message",
        "response_config": {
            "integration_id": str(slack),
            "channel": "C0DEV",
            "template": "{{ result }} ({{ event.data.issue.html_url }})",
        },
    }
    event = {
        "id": str(uuid.uuid4()),
        "integration_id": str(github),
        "provider": "github",
        "type": "github.issues.opened",
        "delivery_id": "72d3162e-cc78-11e3-81ab-4c9367dc0958",
        "data": {
            "action": "opened",
            "issue": {"number": 1347, "title": "Found a bug", "html_url": "https://gh/1347"},
        },
        "reply": {"github": {"repository": "octocat/Hello-World", "issue_number": 1347}},
    }
    trigger_id, _ = await _fire(live_client, owner, trigger, event)
    item = await _settled(tentacle_app, live_client, owner, trigger_id, "sent", "failed")
    assert item["response_status"] == "sent", item
    (action,) = fake_mimic.actions_for(item["run_id"])
    assert action["action"] == "slack_message"
    assert action["integration_id"] == str(slack)
    assert action["params"] == {
        "channel": "C0DEV",
        "text": "New issue: Found a bug (https://gh/1347)",
    }


async def test_mimic_outage_is_retried_and_sent_once(
    tentacle_app: FastAPI,
    live_client: AsyncClient,
    tokens: Tokens,
    fake_mimic: FakeMimic,
    worker: None,
) -> None:
    owner = tokens.caller()
    discord = fake_mimic.add_integration(owner.organization_id, "discord")
    fake_mimic.fail_next = 2
    trigger_id, _ = await _fire(live_client, owner, discord_trigger(discord), ping_event(discord))
    item = await _settled(tentacle_app, live_client, owner, trigger_id, "sent", "failed")
    assert item["response_status"] == "sent", item
    assert item["response_attempts"] == 3
    assert fake_mimic.attempts.count(item["run_id"]) == 3
    assert len(fake_mimic.actions_for(item["run_id"])) == 1


async def test_a_refused_answer_is_recorded_not_retried(
    tentacle_app: FastAPI,
    live_client: AsyncClient,
    tokens: Tokens,
    fake_mimic: FakeMimic,
    worker: None,
) -> None:
    owner = tokens.caller()
    discord = fake_mimic.add_integration(owner.organization_id, "discord")
    fake_mimic.refuse = True
    try:
        trigger_id, _ = await _fire(
            live_client, owner, discord_trigger(discord), ping_event(discord)
        )
        item = await _settled(tentacle_app, live_client, owner, trigger_id, "sent", "failed")
    finally:
        fake_mimic.refuse = False
    assert item["response_status"] == "failed"
    assert "422" in item["response_error"]
    assert fake_mimic.attempts.count(item["run_id"]) == 1


async def test_a_failed_task_is_reported_back(
    tentacle_app: FastAPI,
    live_client: AsyncClient,
    tokens: Tokens,
    fake_mimic: FakeMimic,
    worker: None,
) -> None:
    owner = tokens.caller()
    discord = fake_mimic.add_integration(owner.organization_id, "discord")
    plan = {
        "summary": "fails",
        "steps": [
            {
                "id": "boom",
                "title": "Boom",
                "agent_type": "noop",
                "inputs": {"fail": "permanent"},
                "depends_on": [],
            }
        ],
    }
    trigger_id, _ = await _fire(
        live_client, owner, discord_trigger(discord, plan=plan), ping_event(discord)
    )
    item = await _settled(tentacle_app, live_client, owner, trigger_id, "sent", "failed")
    assert item["status"] == "failed" and item["response_status"] == "sent"
    (action,) = fake_mimic.actions_for(item["run_id"])
    assert action["params"]["content"].startswith("The task failed")

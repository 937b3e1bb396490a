"""/api/v1/automations: schedules validated, next run shown, pause / resume, scoping."""

from __future__ import annotations

from typing import Any

from automation_kit import FrozenClock
from httpx import AsyncClient
from tentacle_testkit import Tokens


def weekly(**overrides: Any) -> dict[str, Any]:
    return {
        "name": "monday digest",
        "cron": "0 9 * * mon",
        "timezone": "Europe/Paris",
        "goal": "Summarise last week's events (run of {{ scheduled_for }})",
        **overrides,
    }


async def test_create_shows_the_next_run_in_the_time_zone(
    client: AsyncClient, tokens: Tokens, clock: FrozenClock
) -> None:
    owner = tokens.caller()
    clock.set(2030, 1, 7, 10, 2)  # a Monday, 11:02 in Paris: next Monday 09:00 CET
    created = await client.post("/api/v1/automations", json=weekly(), headers=owner.headers)
    assert created.status_code == 201, created.text
    automation = created.json()
    assert automation["status"] == "active"
    assert automation["next_run_at"].startswith("2030-01-14T08:00:00")
    listed = (await client.get("/api/v1/automations", headers=owner.headers)).json()["items"]
    assert [a["id"] for a in listed] == [automation["id"]]

    changed = await client.patch(
        f"/api/v1/automations/{automation['id']}",
        json={"cron": "30 7 * * *", "timezone": "UTC"},
        headers=owner.headers,
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["next_run_at"].startswith("2030-01-08T07:30:00")


async def test_invalid_schedules_are_refused(
    client: AsyncClient, tokens: Tokens, clock: FrozenClock
) -> None:
    owner = tokens.caller()
    cases: list[tuple[dict[str, Any], str]] = [
        (weekly(cron="61 * * * *"), "minute"),
        (weekly(cron="0 0 30 2 *"), "never occurs"),
        (weekly(timezone="Mars/Olympus"), "Mars/Olympus"),
        (weekly(goal="{{ secrets }}"), "secrets"),
        (weekly(cron=None, run_at="2029-12-31T10:00:00Z"), "past"),
        (weekly(run_at="2030-02-01T10:00:00Z"), "not both"),
        (weekly(cron=None), "either"),
        (weekly(cron=None, run_at="2030-02-01T10:00:00"), "offset"),
        (
            weekly(
                planning_mode="fixed",
                plan={"summary": "x", "steps": [{"id": "a", "agent_type": "warp", "inputs": {}}]},
            ),
            "warp",
        ),
    ]
    for body, needle in cases:
        answer = await client.post("/api/v1/automations", json=body, headers=owner.headers)
        assert answer.status_code == 422, (needle, answer.text)
        assert needle in answer.text, (needle, answer.text)
    assert (await client.get("/api/v1/automations", headers=owner.headers)).json()["items"] == []


async def test_pause_resume_and_conflicts(
    client: AsyncClient, tokens: Tokens, clock: FrozenClock
) -> None:
    owner = tokens.caller()
    automation = (
        await client.post(
            "/api/v1/automations", json=weekly(cron="*/10 * * * *"), headers=owner.headers
        )
    ).json()
    path = f"/api/v1/automations/{automation['id']}"
    paused = await client.post(f"{path}/pause", headers=owner.headers)
    assert paused.json()["status"] == "paused" and paused.json()["next_run_at"] is None
    assert (await client.post(f"{path}/pause", headers=owner.headers)).status_code == 409
    clock.advance(minutes=45)  # 10:47: ticks while paused are not made up
    resumed = await client.post(f"{path}/resume", headers=owner.headers)
    assert resumed.json()["status"] == "active"
    assert resumed.json()["next_run_at"].startswith("2030-01-07T10:50:00")
    assert (await client.post(f"{path}/resume", headers=owner.headers)).status_code == 409
    again = await client.post(
        "/api/v1/automations", json=weekly(cron="*/10 * * * *"), headers=owner.headers
    )
    assert again.status_code == 409


async def test_scoped_to_the_organisation(
    client: AsyncClient, tokens: Tokens, clock: FrozenClock
) -> None:
    owner = tokens.caller()
    automation = (
        await client.post("/api/v1/automations", json=weekly(), headers=owner.headers)
    ).json()
    stranger = tokens.caller()
    for method, suffix in [
        ("GET", ""),
        ("POST", "/pause"),
        ("POST", "/run"),
        ("GET", "/runs"),
        ("DELETE", ""),
    ]:
        answer = await client.request(
            method, f"/api/v1/automations/{automation['id']}{suffix}", headers=stranger.headers
        )
        assert answer.status_code == 404, (method, suffix)
    viewer = tokens.caller(organization_id=owner.organization_id, roles=("viewer",))
    refused = await client.post(
        "/api/v1/automations", json=weekly(name="v"), headers=viewer.headers
    )
    assert refused.status_code == 403
    deleted = await client.delete(f"/api/v1/automations/{automation['id']}", headers=owner.headers)
    assert deleted.status_code == 204

"""Events: written with each state change, relayed in order to Redis (pub/sub and a stream) by a
single active relay, and served as SSE that replays from Postgres and resumes after
Last-Event-ID."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from tentacle_testkit import Caller, Tokens, eventually, plan_step, start_plan, wait_for_status

from fluxkit.auth import Authenticator
from tentacle.app import create_app
from tentacle.events.relay import RELAY_LOCK_KEY, STREAM_KEY, user_channel
from tentacle.settings import TentacleSettings


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


SERVED_APPS: list[FastAPI] = []


@pytest.fixture(scope="module")
def served(tentacle_settings: TentacleSettings, authenticator: Authenticator) -> Iterator[str]:
    """A second Tentacle process-alike: its own app, lifespan and relay, over real HTTP."""
    port = _free_port()
    app = create_app(tentacle_settings, authenticator=authenticator)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "server did not start"
        time.sleep(0.02)
    SERVED_APPS[:] = [app]
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


async def read_events(
    url: str, caller: Caller, task_id: Any, *, last_event_id: str | None = None
) -> list[dict[str, Any]]:
    headers = dict(caller.headers)
    if last_event_id:
        headers["Last-Event-ID"] = last_event_id
    events: list[dict[str, Any]] = []
    current: dict[str, Any] = {}
    async with (
        httpx.AsyncClient(base_url=url, timeout=30) as http,
        http.stream("GET", f"/api/v1/tasks/{task_id}/events", headers=headers) as response,
    ):
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        async for line in response.aiter_lines():
            line = line.rstrip("\r")
            if not line:
                if "data" in current:
                    events.append(current)
                current = {}
            elif line.startswith(":"):
                continue
            else:
                field, _, value = line.partition(":")
                current[field] = value.lstrip(" ")
    return events


async def test_the_stream_replays_goes_live_and_resumes_after_last_event_id(
    tentacle_app: FastAPI, worker: None, served: str, tokens: Tokens
):
    factory = tentacle_app.state.session_factory
    caller = tokens.caller()
    task_id = await start_plan(
        factory,
        caller,
        [
            plan_step("a", inputs={"value": 1, "sleep_ms": 300}),
            plan_step("b", inputs={"value": "{{steps.a.outputs.echo}}"}, depends_on=["a"]),
        ],
    )
    # Connected while the task runs: early events come from Postgres, later ones live.
    events = await read_events(served, caller, task_id)
    ids = [int(event["id"]) for event in events]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    messages = [json.loads(event["data"]) for event in events]
    assert all(m["task_id"] == str(task_id) for m in messages)
    assert [e["event"] for e in events].count("step.status") == 6
    assert messages[-1]["type"] == "task.status" and messages[-1]["payload"]["to"] == "completed"

    # Reconnecting after the third event gives exactly what followed it.
    resumed = await read_events(served, caller, task_id, last_event_id=events[2]["id"])
    assert [e["id"] for e in resumed] == [e["id"] for e in events[3:]]


async def test_the_stream_is_only_for_the_tasks_owner(
    tentacle_app: FastAPI, served: str, tokens: Tokens
):
    caller = tokens.caller()
    task_id = await start_plan(tentacle_app.state.session_factory, caller, [plan_step("a")])
    async with httpx.AsyncClient(base_url=served) as http:
        stranger = tokens.caller()
        response = await http.get(f"/api/v1/tasks/{task_id}/events", headers=stranger.headers)
        assert response.status_code == 404
        anonymous = await http.get(f"/api/v1/tasks/{task_id}/events")
        assert anonymous.status_code == 401


async def test_the_relay_publishes_to_the_users_channel_and_the_stream(
    tentacle_app: FastAPI, worker: None, served: str, tokens: Tokens
):
    redis = tentacle_app.state.redis
    caller = tokens.caller()
    pubsub = redis.pubsub()
    await pubsub.subscribe(user_channel(redis, caller.user_id))
    task_id = await start_plan(tentacle_app.state.session_factory, caller, [plan_step("a")])
    await wait_for_status(tentacle_app.state.session_factory, task_id, "completed")
    live: list[dict[str, Any]] = []

    async def drained() -> bool:
        message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=0.2)
        if message is not None:
            live.append(json.loads(message["data"]))
        return any(m["type"] == "task.status" and m["payload"]["to"] == "completed" for m in live)

    await eventually(drained, timeout=10)
    await pubsub.aclose()
    sequences = [m["sequence"] for m in live]
    assert sequences == sorted(sequences)
    entries = await redis.xrevrange(STREAM_KEY, count=200)
    streamed = {int(fields[b"sequence"]) for _, fields in entries}
    assert set(sequences) <= streamed


async def test_one_relay_is_active_at_a_time(tentacle_app: FastAPI, served: str):
    """Two app instances run relays; the advisory lock lets exactly one publish."""
    from sqlalchemy import text

    await asyncio.sleep(0.3)
    ours = tentacle_app.state.event_relay
    async with tentacle_app.state.engine.connect() as connection:
        holders = await connection.scalar(
            text(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                " AND classid = :high AND objid = :low"
                " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            ),
            {"high": RELAY_LOCK_KEY >> 32, "low": RELAY_LOCK_KEY & 0xFFFFFFFF},
        )
    assert holders == 1
    theirs = SERVED_APPS[0].state.event_relay
    assert [ours.active, theirs.active].count(True) == 1

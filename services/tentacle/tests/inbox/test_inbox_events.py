"""GET /api/v1/inbox/events over real HTTP: live delivery, resuming after Last-Event-ID with
exactly what was missed, surviving a killed Redis connection and a relay that died before
publishing, and the same stream from two API processes."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from fastapi import FastAPI
from httpx import AsyncClient
from inbox_testkit import EventStream, Served
from sqlalchemy import func, select
from tentacle_testkit import Caller, Tokens, eventually

from fluxkit.db import unit_of_work, utcnow
from tentacle.events.models import TaskEvent


async def _conversation(app: FastAPI, client: AsyncClient, caller: Caller, title: str) -> str:
    """A new conversation whose creation event is already relayed (so streams opened after
    this start past it)."""
    response = await client.post(
        "/api/v1/inbox/conversations", json={"title": title}, headers=caller.headers
    )
    assert response.status_code == 201, response.text
    factory = app.state.session_factory

    async def relayed() -> bool:
        async with factory() as session:
            waiting = await session.scalar(
                select(func.count())
                .select_from(TaskEvent)
                .where(TaskEvent.user_id == caller.user_id, TaskEvent.sequence.is_(None))
            )
        return waiting == 0

    await eventually(relayed)
    return str(response.json()["id"])


async def _rename(client: AsyncClient, caller: Caller, conversation_id: str, title: str) -> None:
    response = await client.patch(
        f"/api/v1/inbox/conversations/{conversation_id}",
        json={"title": title},
        headers=caller.headers,
    )
    assert response.status_code == 200, response.text


def _titles(stream: EventStream) -> list[str]:
    return [
        event["message"]["payload"]["conversation"]["title"]
        for event in stream.events
        if event["event"] == "conversation.updated"
    ]


def _unique_and_ordered(stream: EventStream) -> None:
    assert stream.ids == sorted(stream.ids)
    assert len(set(stream.ids)) == len(stream.ids)


async def test_live_events_then_a_dropped_connection_resumes_with_what_it_missed(
    tentacle_app: FastAPI, served: Served, live_client: AsyncClient, tokens: Tokens
) -> None:
    caller = tokens.caller()
    colleague = tokens.caller(caller.organization_id)
    conversation = await _conversation(tentacle_app, live_client, caller, "start")
    theirs = await _conversation(tentacle_app, live_client, colleague, "not yours")

    async with EventStream(served.url, caller) as stream:
        await _rename(live_client, caller, conversation, "one")
        await _rename(live_client, colleague, theirs, "still not yours")
        await _rename(live_client, caller, conversation, "two")
        await stream.wait_count(2)
    assert _titles(stream) == ["one", "two"]
    assert {event["message"]["user_id"] for event in stream.events} == {str(caller.user_id)}
    assert all(event["message"]["conversation_id"] == conversation for event in stream.events)

    # While the connection is gone.
    await _rename(live_client, caller, conversation, "three")
    await _rename(live_client, caller, conversation, "four")

    async with EventStream(served.url, caller, last_event_id=stream.last_id) as resumed:
        assert _titles(resumed) == ["three", "four"]  # replayed before the stream went live
        await _rename(live_client, caller, conversation, "five")
        await resumed.wait_count(3)
    assert _titles(resumed) == ["three", "four", "five"]
    _unique_and_ordered(resumed)
    assert min(resumed.ids) > int(stream.last_id)


async def test_a_bad_last_event_id_and_no_credentials_are_refused(
    served: Served, tokens: Tokens
) -> None:
    caller = tokens.caller()
    async with httpx.AsyncClient(base_url=served.url) as http:
        assert (await http.get("/api/v1/inbox/events")).status_code == 401
        for bad in ("yesterday", "-3"):
            response = await http.get(
                "/api/v1/inbox/events", headers={**caller.headers, "Last-Event-ID": bad}
            )
            assert response.status_code == 400, bad
            assert response.json()["error"] == "BadRequest"


async def test_a_killed_redis_connection_loses_nothing_and_sends_nothing_twice(
    tentacle_app: FastAPI, served: Served, live_client: AsyncClient, tokens: Tokens
) -> None:
    caller = tokens.caller()
    conversation = await _conversation(tentacle_app, live_client, caller, "start")
    hub = served.app.state.inbox_hub
    # Whichever process relays, this hub must get its events through Redis (or Postgres).
    local = served.app.state.event_relay.local_subscribers
    local.remove(hub.deliver_local)
    try:
        await _through_a_killed_connection(tentacle_app, served, live_client, caller, conversation)
    finally:
        local.append(hub.deliver_local)


async def _through_a_killed_connection(
    tentacle_app: FastAPI,
    served: Served,
    live_client: AsyncClient,
    caller: Caller,
    conversation: str,
) -> None:
    hub = served.app.state.inbox_hub
    async with EventStream(served.url, caller) as stream:
        await _rename(live_client, caller, conversation, "before")
        await stream.wait_count(1)
        subscriptions = hub.subscriptions
        host, port = hub.pubsub.connection._writer.get_extra_info("sockname")[:2]
        killed = await tentacle_app.state.redis.execute_command(
            "CLIENT", "KILL", "ADDR", f"{host}:{port}"
        )
        assert killed in (b"OK", "OK", True, 1)
        # Published while the hub is cut off: only Postgres has these now.
        for title in ("during 1", "during 2", "during 3"):
            await _rename(live_client, caller, conversation, title)
        await stream.wait_count(4)
        await _rename(live_client, caller, conversation, "after")
        await stream.wait_count(5)
    assert _titles(stream) == ["before", "during 1", "during 2", "during 3", "after"]
    _unique_and_ordered(stream)
    assert hub.subscriptions > subscriptions


async def test_an_event_the_relay_never_published_still_arrives(
    tentacle_app: FastAPI, served: Served, live_client: AsyncClient, tokens: Tokens
) -> None:
    """A relay that numbered rows and died before publishing: the hub reads them itself."""
    caller = tokens.caller()
    conversation = await _conversation(tentacle_app, live_client, caller, "start")
    async with EventStream(served.url, caller) as stream:
        async with unit_of_work(tentacle_app.state.session_factory) as session:
            latest = await session.scalar(select(func.max(TaskEvent.sequence)))
            session.add(
                TaskEvent(
                    id=uuid.uuid4(),
                    organization_id=caller.organization_id,
                    user_id=caller.user_id,
                    conversation_id=uuid.UUID(conversation),
                    event_type="conversation.updated",
                    payload={"change": "updated", "conversation": {"title": "unpublished"}},
                    sequence=int(latest or 0) + 1,
                    published_at=utcnow(),
                    created_at=utcnow(),
                )
            )
        await stream.wait_count(1, timeout=10)
        await _rename(live_client, caller, conversation, "published")
        await stream.wait_count(2)
    assert _titles(stream) == ["unpublished", "published"]
    _unique_and_ordered(stream)


async def test_two_api_processes_stream_the_same_events(
    tentacle_app: FastAPI,
    served: Served,
    served_twin: Served,
    live_client: AsyncClient,
    tokens: Tokens,
) -> None:
    caller = tokens.caller()
    conversation = await _conversation(tentacle_app, live_client, caller, "start")
    async with (
        EventStream(served.url, caller) as first,
        EventStream(served_twin.url, caller) as second,
    ):
        for title in ("a", "b", "c"):
            await _rename(live_client, caller, conversation, title)
        await first.wait_count(3)
        await second.wait_count(3)

        async def settled() -> Any:
            return first.ids == second.ids or None

        await eventually(settled, timeout=5)
    assert _titles(first) == _titles(second) == ["a", "b", "c"]

"""/api/v1/inbox: listing with filters, search and cursors, counts, updates (one and bulk),
thread paging and follow-up tasks, always limited to the caller's own conversations."""

from __future__ import annotations

import uuid

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession
from tentacle_testkit import Caller, Tokens

from fluxkit.auth import Principal
from tentacle.inbox import service
from tentacle.inbox.models import Conversation


def principal_of(caller: Caller) -> Principal:
    return Principal(
        kind="user",
        user_id=caller.user_id,
        organization_id=caller.organization_id,
        roles=frozenset({"owner"}),
    )


async def _conversation(client: AsyncClient, caller: Caller, title: str | None = None) -> dict:
    response = await client.post(
        "/api/v1/inbox/conversations", json={"title": title}, headers=caller.headers
    )
    assert response.status_code == 201, response.text
    return response.json()


async def _say(db: AsyncSession, conversation_id: str, content: str, role: str = "assistant"):
    conversation = await db.get(Conversation, uuid.UUID(conversation_id))
    assert conversation is not None
    return await service.append_message(db, conversation, role=role, content=content)


async def test_listing_filters_searches_pages_and_counts(
    client: AsyncClient, db: AsyncSession, tokens: Tokens
) -> None:
    caller = tokens.caller()
    stranger = tokens.caller()
    invoices = await _conversation(client, caller, "Invoices for March")
    launch = await _conversation(client, caller, "Launch plan")
    quiet = await _conversation(client, caller, "Nothing yet")
    await _conversation(client, stranger, "Invoices of someone else")
    await _say(db, invoices["id"], "Three invoices are 100% overdue")
    await _say(db, launch["id"], "The plan is ready for review")
    await client.patch(
        f"/api/v1/inbox/conversations/{launch['id']}",
        json={"priority": "attention"},
        headers=caller.headers,
    )

    listed = await client.get("/api/v1/inbox/conversations", headers=caller.headers)
    assert listed.status_code == 200
    body = listed.json()
    assert [item["id"] for item in body["items"]] == [launch["id"], invoices["id"], quiet["id"]]
    assert body["counts"] == {"unread": 2, "attention": 1}
    assert body["next_cursor"] is None

    async def ids(**params: str) -> list[str]:
        response = await client.get(
            "/api/v1/inbox/conversations", params=params, headers=caller.headers
        )
        assert response.status_code == 200, response.text
        return [item["id"] for item in response.json()["items"]]

    assert await ids(q="invoice") == [invoices["id"]]
    assert await ids(q="100%") == [invoices["id"]]  # a literal percent sign, not a wildcard
    assert await ids(q="ready for review") == [launch["id"]]
    assert await ids(priority="attention") == [launch["id"]]
    assert await ids(read_status="read") == [quiet["id"]]

    first = await client.get(
        "/api/v1/inbox/conversations", params={"limit": 2}, headers=caller.headers
    )
    page = first.json()
    assert [item["id"] for item in page["items"]] == [launch["id"], invoices["id"]]
    second = await client.get(
        "/api/v1/inbox/conversations",
        params={"limit": 2, "cursor": page["next_cursor"]},
        headers=caller.headers,
    )
    assert [item["id"] for item in second.json()["items"]] == [quiet["id"]]
    assert second.json()["next_cursor"] is None

    bad = await client.get(
        "/api/v1/inbox/conversations", params={"cursor": "nonsense"}, headers=caller.headers
    )
    assert bad.status_code == 400 and bad.json()["error"] == "InvalidCursor"

    archived = await client.post(
        f"/api/v1/inbox/conversations/{invoices['id']}/archive", headers=caller.headers
    )
    assert archived.json()["read_status"] == "archived"
    assert invoices["id"] not in await ids()
    assert await ids(read_status="archived") == [invoices["id"]]
    counts = await client.get("/api/v1/inbox/counts", headers=caller.headers)
    assert counts.json() == {"unread": 1, "attention": 1}


async def test_reading_updating_and_other_peoples_conversations(
    client: AsyncClient, db: AsyncSession, tokens: Tokens
) -> None:
    caller = tokens.caller()
    colleague = tokens.caller(caller.organization_id)
    mine = await _conversation(client, caller, "Mine")
    theirs = await _conversation(client, colleague, "Theirs")
    await _say(db, mine["id"], "one")
    await _say(db, mine["id"], "two")

    shown = await client.get(f"/api/v1/inbox/conversations/{mine['id']}", headers=caller.headers)
    assert shown.json()["unread_count"] == 2 and shown.json()["read_status"] == "unread"
    read = await client.post(
        f"/api/v1/inbox/conversations/{mine['id']}/read", headers=caller.headers
    )
    assert read.json()["unread_count"] == 0 and read.json()["read_status"] == "read"

    renamed = await client.patch(
        f"/api/v1/inbox/conversations/{mine['id']}",
        json={"title": "Renamed", "read_status": "unread"},
        headers=caller.headers,
    )
    assert renamed.status_code == 200
    assert (renamed.json()["title"], renamed.json()["read_status"]) == ("Renamed", "unread")

    for method, path, body in (
        ("GET", f"/api/v1/inbox/conversations/{theirs['id']}", None),
        ("PATCH", f"/api/v1/inbox/conversations/{theirs['id']}", {"title": "x"}),
        ("POST", f"/api/v1/inbox/conversations/{theirs['id']}/archive", None),
        ("POST", f"/api/v1/inbox/conversations/{theirs['id']}/read", None),
        ("GET", f"/api/v1/inbox/conversations/{theirs['id']}/messages", None),
        ("POST", f"/api/v1/inbox/conversations/{theirs['id']}/tasks", {"goal": "x"}),
    ):
        response = await client.request(method, path, json=body, headers=caller.headers)
        assert response.status_code == 404, (method, path, response.text)
        assert response.json()["error"] == "ConversationNotFound"

    invalid = await client.patch(
        f"/api/v1/inbox/conversations/{mine['id']}",
        json={"read_status": "deleted"},
        headers=caller.headers,
    )
    assert invalid.status_code == 422
    empty = await client.patch(
        f"/api/v1/inbox/conversations/{mine['id']}", json={}, headers=caller.headers
    )
    assert empty.status_code == 400
    unknown = await client.patch(
        f"/api/v1/inbox/conversations/{mine['id']}", json={"owner": "me"}, headers=caller.headers
    )
    assert unknown.status_code == 422
    after = await client.get(f"/api/v1/inbox/conversations/{mine['id']}", headers=caller.headers)
    assert after.json()["title"] == "Renamed"


async def test_bulk_update_is_all_or_nothing(client: AsyncClient, tokens: Tokens) -> None:
    caller = tokens.caller()
    stranger = tokens.caller()
    first = await _conversation(client, caller, "first")
    second = await _conversation(client, caller, "second")
    foreign = await _conversation(client, stranger, "foreign")

    refused = await client.patch(
        "/api/v1/inbox/conversations",
        json={"ids": [first["id"], foreign["id"]], "changes": {"read_status": "archived"}},
        headers=caller.headers,
    )
    assert refused.status_code == 404
    listed = await client.get("/api/v1/inbox/conversations", headers=caller.headers)
    assert {item["read_status"] for item in listed.json()["items"]} == {"read"}
    theirs = await client.get(
        f"/api/v1/inbox/conversations/{foreign['id']}", headers=stranger.headers
    )
    assert theirs.json()["read_status"] == "read"

    done = await client.patch(
        "/api/v1/inbox/conversations",
        json={
            "ids": [first["id"], second["id"]],
            "changes": {"read_status": "archived", "priority": "attention"},
        },
        headers=caller.headers,
    )
    assert done.status_code == 200, done.text
    assert [item["id"] for item in done.json()["items"]] == [first["id"], second["id"]]
    assert {(i["read_status"], i["priority"]) for i in done.json()["items"]} == {
        ("archived", "attention")
    }
    none_left = await client.get("/api/v1/inbox/conversations", headers=caller.headers)
    assert none_left.json()["items"] == []


async def test_thread_pages_oldest_to_newest_with_cursors(
    client: AsyncClient, db: AsyncSession, tokens: Tokens
) -> None:
    caller = tokens.caller()
    conversation = await _conversation(client, caller)
    for number in range(1, 8):
        await _say(db, conversation["id"], f"message {number}")
    url = f"/api/v1/inbox/conversations/{conversation['id']}/messages"

    latest = (await client.get(url, params={"limit": 3}, headers=caller.headers)).json()
    assert [m["content"] for m in latest["items"]] == ["message 5", "message 6", "message 7"]
    assert (latest["has_before"], latest["has_after"]) == (True, False)
    before = latest["items"][0]["position"]
    older = (
        await client.get(url, params={"limit": 3, "before": before}, headers=caller.headers)
    ).json()
    assert [m["content"] for m in older["items"]] == ["message 2", "message 3", "message 4"]
    assert (older["has_before"], older["has_after"]) == (True, True)
    oldest = (
        await client.get(
            url,
            params={"limit": 3, "before": older["items"][0]["position"]},
            headers=caller.headers,
        )
    ).json()
    assert [m["content"] for m in oldest["items"]] == ["message 1"]
    assert oldest["has_before"] is False
    newer = (await client.get(url, params={"after": 5}, headers=caller.headers)).json()
    assert [m["content"] for m in newer["items"]] == ["message 6", "message 7"]
    both = await client.get(url, params={"after": 1, "before": 3}, headers=caller.headers)
    assert both.status_code == 400


async def test_follow_up_task_reports_into_the_conversation(
    client: AsyncClient, tokens: Tokens
) -> None:
    caller = tokens.caller()
    conversation = await _conversation(client, caller, "Sales")
    created = await client.post(
        f"/api/v1/inbox/conversations/{conversation['id']}/tasks",
        json={"goal": "Summarise this week's sales emails"},
        headers=caller.headers,
    )
    assert created.status_code == 202, created.text
    task = created.json()
    assert task["conversation_id"] == conversation["id"] and task["status"] == "planning"

    thread = await client.get(
        f"/api/v1/inbox/conversations/{conversation['id']}/messages", headers=caller.headers
    )
    (card,) = thread.json()["items"]
    assert card["task_id"] == task["id"] and card["agent_id"] == "orchestrator"
    assert card["structured"]["type"] == "task_progress"
    assert card["structured"]["goal"] == "Summarise this week's sales emails"

    other = tokens.caller(caller.organization_id)
    refused = await client.post(
        "/api/v1/tasks",
        json={"goal": "Sneak into a colleague's thread", "conversation_id": conversation["id"]},
        headers=other.headers,
    )
    assert refused.status_code == 404

"""The workspace API: objects, attribution, schemas, queries with paging, search, isolation."""

from __future__ import annotations

from typing import Any

from httpx import AsyncClient
from tentacle_testkit import Caller, Tokens


async def _create(
    client: AsyncClient,
    caller: Caller,
    type_: str,
    data: dict[str, Any],
    tags: list[str] | None = None,
) -> dict[str, Any]:
    response = await client.post(
        "/api/v1/workspace/objects",
        json={"type": type_, "data": data, "tags": tags or []},
        headers=caller.headers,
    )
    assert response.status_code == 201, response.text
    return response.json()


async def _query(client: AsyncClient, caller: Caller, **body: Any) -> Any:
    return await client.post("/api/v1/workspace/query", json=body, headers=caller.headers)


async def test_object_lifecycle_with_attribution(client: AsyncClient, tokens: Tokens) -> None:
    caller = tokens.caller()
    obj = await _create(client, caller, "contact", {"name": "Ada", "company": "Acme"}, ["vip"])
    assert obj["created_by_kind"] == "user" and obj["created_by_id"] == str(caller.user_id)
    assert obj["tags"] == ["vip"]
    url = f"/api/v1/workspace/objects/{obj['id']}"
    patched = await client.patch(
        url,
        json={"data": {"company": None, "role": "CTO"}, "tags": ["vip", "board"]},
        headers=caller.headers,
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["data"] == {"name": "Ada", "role": "CTO"}
    assert patched.json()["tags"] == ["board", "vip"]
    fetched = await client.get(url, headers=caller.headers)
    assert fetched.json()["data"]["role"] == "CTO"
    assert (await client.delete(url, headers=caller.headers)).status_code == 204
    assert (await client.get(url, headers=caller.headers)).status_code == 404


async def test_another_organisation_sees_nothing(client: AsyncClient, tokens: Tokens) -> None:
    owner, stranger = tokens.caller(), tokens.caller()
    obj = await _create(client, owner, "note", {"text": "secret plans"})
    url = f"/api/v1/workspace/objects/{obj['id']}"
    assert (await client.get(url, headers=stranger.headers)).status_code == 404
    patch = await client.patch(url, json={"data": {"x": 1}}, headers=stranger.headers)
    assert patch.status_code == 404
    assert (await client.delete(url, headers=stranger.headers)).status_code == 404
    assert (await _query(client, stranger, where={})).json()["items"] == []
    search = await client.post(
        "/api/v1/workspace/search", json={"q": "secret"}, headers=stranger.headers
    )
    assert search.json()["items"] == []
    assert len((await _query(client, owner, where={})).json()["items"]) == 1


async def test_query_filters_tags_and_pages_by_cursor(client: AsyncClient, tokens: Tokens) -> None:
    caller = tokens.caller()
    for i in range(7):
        await _create(
            client,
            caller,
            "task",
            {"priority": i % 4, "title": f"t{i}"},
            ["work"] if i % 2 == 0 else ["home"],
        )
    await _create(client, caller, "note", {"priority": 9})
    seen: list[tuple[int, str]] = []
    cursor = None
    pages = 0
    while True:
        response = await _query(
            client,
            caller,
            type="task",
            where={"priority": {"$gte": 1}},
            order_by="-priority",
            limit=2,
            cursor=cursor,
        )
        assert response.status_code == 200, response.text
        page = response.json()
        seen += [(o["data"]["priority"], o["data"]["title"]) for o in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert [p for p, _ in seen] == [3, 2, 2, 1, 1]
    assert len({t for _, t in seen}) == 5 and pages == 3
    tagged = await _query(client, caller, tags=["work"], order_by="title")
    assert [o["data"]["title"] for o in tagged.json()["items"]] == ["t0", "t2", "t4", "t6"]


async def test_malformed_queries_are_422_with_the_path(client: AsyncClient, tokens: Tokens) -> None:
    caller = tokens.caller()
    bad = await _query(client, caller, where={"$or": [{"a": {"$near": 1}}]})
    assert bad.status_code == 422
    assert bad.json()["path"] == "where.$or[0].a.$near"
    long_regex = await _query(client, caller, where={"a": {"$regex": "(a+)+" * 50}})
    assert long_regex.status_code == 422 and long_regex.json()["path"] == "where.a.$regex"
    bad_cursor = await _query(client, caller, cursor="not-a-cursor")
    assert bad_cursor.status_code == 422 and bad_cursor.json()["path"] == "cursor"
    bad_order = await _query(client, caller, order_by="data;drop")
    assert bad_order.status_code == 422 and bad_order.json()["path"] == "order_by"
    # The request's transaction is still usable afterwards.
    await _create(client, caller, "note", {"ok": True})


async def test_search_ranks_better_matches_first(client: AsyncClient, tokens: Tokens) -> None:
    caller = tokens.caller()
    await _create(client, caller, "note", {"title": "Quarterly report", "body": "numbers"})
    await _create(
        client,
        caller,
        "note",
        {"title": "Report on the report", "body": "the report about reports"},
    )
    await _create(client, caller, "contact", {"name": "Report Person"}, ["press"])
    await _create(client, caller, "note", {"title": "Unrelated", "body": "cats"})
    response = await client.post(
        "/api/v1/workspace/search", json={"q": "report"}, headers=caller.headers
    )
    items = response.json()["items"]
    assert len(items) == 3
    assert items[0]["data"]["title"] == "Report on the report"
    assert items[0]["rank"] > items[-1]["rank"]
    only_notes = await client.post(
        "/api/v1/workspace/search",
        json={"q": "report -quarterly", "type": "note"},
        headers=caller.headers,
    )
    assert [o["data"]["title"] for o in only_notes.json()["items"]] == ["Report on the report"]
    tagged = await client.post(
        "/api/v1/workspace/search",
        json={"q": "report", "tags": ["press"]},
        headers=caller.headers,
    )
    assert [o["type"] for o in tagged.json()["items"]] == ["contact"]


async def test_schemas_strict_reject_and_advisory_warn(client: AsyncClient, tokens: Tokens) -> None:
    caller = tokens.caller()
    schema = {"type": "object", "required": ["start"], "properties": {"start": {"type": "string"}}}
    put = await client.put(
        "/api/v1/workspace/schemas/event",
        json={"json_schema": schema, "mode": "strict"},
        headers=caller.headers,
    )
    assert put.status_code == 200, put.text
    rejected = await client.post(
        "/api/v1/workspace/objects",
        json={"type": "event", "data": {"title": "x"}},
        headers=caller.headers,
    )
    assert rejected.status_code == 422 and "start" in str(rejected.json()["problems"])
    await client.put(
        "/api/v1/workspace/schemas/event",
        json={"json_schema": schema, "mode": "advisory"},
        headers=caller.headers,
    )
    kept = await _create(client, caller, "event", {"title": "x"})
    assert kept["warnings"] and "start" in kept["warnings"][0]
    # Another organisation's schema does not apply.
    other = await _create(client, tokens.caller(), "event", {"title": "x"})
    assert other["warnings"] == []


async def test_impossible_stored_dates_never_break_a_date_comparison(
    client: AsyncClient, tokens: Tokens
) -> None:
    caller = tokens.caller()
    await _create(client, caller, "event", {"starts": "2026-02-30", "title": "impossible"})
    await _create(client, caller, "event", {"starts": "2026-03-02T09:00:00Z", "title": "real"})
    response = await _query(
        client, caller, type="event", where={"starts": {"$gt": "2026-03-01T00:00:00Z"}}
    )
    assert response.status_code == 200, response.text
    assert [o["data"]["title"] for o in response.json()["items"]] == ["real"]

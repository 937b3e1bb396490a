"""The memories API: CRUD with versions and attribution, keys, roles, scopes and tenants."""

from __future__ import annotations

import sys
from pathlib import Path

from httpx import AsyncClient
from tentacle_testkit import Tokens

sys.path.insert(0, str(Path(__file__).parent))

from memory_kit import create

URL = "/api/v1/memories"


async def test_create_read_update_versions_delete(client: AsyncClient, tokens: Tokens) -> None:
    caller = tokens.caller(roles=("member",))
    memory = await create(
        client,
        caller,
        key="deploy-window",
        title="Deploy window",
        body="We deploy on Tuesdays.",
        topic="operations",
        tags=["deploys", "ops", "ops"],
    )
    assert memory["version"] == 1 and memory["scope"] == "organization"
    assert memory["tags"] == ["deploys", "ops"]
    assert memory["created_by_kind"] == "user"
    assert memory["created_by_id"] == str(caller.user_id)
    assert memory["embedded"] is False
    url = f"{URL}/{memory['id']}"
    assert (await client.get(url, headers=caller.headers)).json()[
        "body"
    ] == "We deploy on Tuesdays."

    patched = await client.patch(
        url, json={"body": "We deploy on Thursdays.", "topic": None}, headers=caller.headers
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["version"] == 2 and patched.json()["topic"] is None
    same = await client.patch(url, json={"body": "We deploy on Thursdays."}, headers=caller.headers)
    assert same.json()["version"] == 2  # nothing changed, no new version

    versions = (await client.get(f"{url}/versions", headers=caller.headers)).json()["items"]
    assert [v["version"] for v in versions] == [2, 1]
    assert versions[0]["body"] == "We deploy on Thursdays."
    assert versions[1]["body"] == "We deploy on Tuesdays." and versions[1]["topic"] == "operations"
    assert versions[1]["edited_by_id"] == str(caller.user_id)

    assert (await client.delete(url, headers=caller.headers)).status_code == 204
    assert (await client.get(url, headers=caller.headers)).status_code == 404
    assert (await client.get(f"{url}/versions", headers=caller.headers)).status_code == 404


async def test_duplicate_key_conflicts_unless_upsert(client: AsyncClient, tokens: Tokens) -> None:
    owner = tokens.caller()
    first = await create(client, owner, key="vat-rate", title="VAT", body="20%")
    again = await client.post(
        URL, json={"key": "vat-rate", "title": "VAT", "body": "21%"}, headers=owner.headers
    )
    assert again.status_code == 409, again.text
    assert again.json()["error"] == "MemoryKeyTaken" and again.json()["id"] == first["id"]
    assert (await client.get(f"{URL}/{first['id']}", headers=owner.headers)).json()["body"] == "20%"

    upserted = await client.post(
        URL,
        json={"key": "vat-rate", "title": "VAT", "body": "21%", "upsert": True},
        headers=owner.headers,
    )
    assert upserted.status_code == 200, upserted.text
    assert upserted.json()["id"] == first["id"] and upserted.json()["version"] == 2

    # The same key in another scope is another memory.
    mine = await create(client, owner, key="vat-rate", title="VAT", body="mine", scope="user")
    agents = await create(
        client, owner, key="vat-rate", title="VAT", body="x", scope="agent", agent_type="notify"
    )
    assert len({first["id"], mine["id"], agents["id"]}) == 3


async def test_roles_decide_who_writes(client: AsyncClient, tokens: Tokens) -> None:
    author = tokens.caller(roles=("member",))
    org = author.organization_id
    viewer = tokens.caller(org, roles=("viewer",))
    other_member = tokens.caller(org, roles=("member",))
    admin = tokens.caller(org, roles=("admin",))
    memory = await create(client, author, key="wifi", title="Wi-Fi", body="guest / hunter2")
    url = f"{URL}/{memory['id']}"

    assert (await client.get(url, headers=viewer.headers)).status_code == 200
    denied = await client.post(
        URL, json={"key": "x", "title": "x", "body": "x"}, headers=viewer.headers
    )
    assert denied.status_code == 403 and denied.json()["error"] == "Forbidden"
    assert (await client.patch(url, json={"body": "y"}, headers=viewer.headers)).status_code == 403
    assert (
        await client.patch(url, json={"body": "y"}, headers=other_member.headers)
    ).status_code == 403
    assert (await client.delete(url, headers=other_member.headers)).status_code == 403
    assert (await client.get(url, headers=author.headers)).json()["version"] == 1

    by_admin = await client.patch(url, json={"title": "Guest Wi-Fi"}, headers=admin.headers)
    assert by_admin.status_code == 200 and by_admin.json()["version"] == 2
    versions = (await client.get(f"{url}/versions", headers=viewer.headers)).json()["items"]
    assert versions[0]["edited_by_id"] == str(admin.user_id)
    assert (await client.delete(url, headers=author.headers)).status_code == 204


async def test_user_scope_is_private(client: AsyncClient, tokens: Tokens) -> None:
    alice = tokens.caller(roles=("member",))
    bob = tokens.caller(alice.organization_id, roles=("owner",))
    private = await create(
        client, alice, key="coffee", title="Coffee order", body="Oat flat white", scope="user"
    )
    shared = await create(client, alice, key="office", title="Office", body="Oat milk in fridge")
    assert private["user_id"] == str(alice.user_id)
    url = f"{URL}/{private['id']}"
    assert (await client.get(url, headers=bob.headers)).status_code == 404
    assert (await client.patch(url, json={"body": "x"}, headers=bob.headers)).status_code == 404
    assert (await client.delete(url, headers=bob.headers)).status_code == 404
    bobs = (await client.get(URL, headers=bob.headers)).json()["items"]
    assert [m["id"] for m in bobs] == [shared["id"]]
    found = await client.post(f"{URL}/search", json={"query": "oat"}, headers=bob.headers)
    assert [m["id"] for m in found.json()["items"]] == [shared["id"]]
    alices = (await client.get(URL, params={"scope": "user"}, headers=alice.headers)).json()
    assert [m["id"] for m in alices["items"]] == [private["id"]]
    # Bob's own "coffee" does not collide with Alice's.
    await create(client, bob, key="coffee", title="Coffee", body="Espresso", scope="user")


async def test_other_organisations_see_nothing(client: AsyncClient, tokens: Tokens) -> None:
    owner, stranger = tokens.caller(), tokens.caller()
    memory = await create(client, owner, key="secret", title="Secret plan", body="Launch in May")
    url = f"{URL}/{memory['id']}"
    for response in (
        await client.get(url, headers=stranger.headers),
        await client.patch(url, json={"body": "x"}, headers=stranger.headers),
        await client.delete(url, headers=stranger.headers),
        await client.get(f"{url}/versions", headers=stranger.headers),
    ):
        assert response.status_code == 404
    assert (await client.get(URL, headers=stranger.headers)).json()["items"] == []
    search = await client.post(
        f"{URL}/search", json={"query": "launch plan"}, headers=stranger.headers
    )
    assert search.json()["items"] == []
    by_key = await client.get(URL, params={"q": "secret"}, headers=stranger.headers)
    assert by_key.json()["items"] == []
    # The stranger may use the same key in their own organisation.
    await create(client, stranger, key="secret", title="Theirs", body="x")


async def test_bad_input_is_rejected(client: AsyncClient, tokens: Tokens) -> None:
    owner = tokens.caller()
    no_agent = await client.post(
        URL, json={"key": "k", "title": "t", "body": "b", "scope": "agent"}, headers=owner.headers
    )
    assert no_agent.status_code == 422
    stray = await client.post(
        URL, json={"key": "k", "title": "t", "body": "b", "agent_type": "x"}, headers=owner.headers
    )
    assert stray.status_code == 422
    memory = await create(client, owner, key="k", title="t", body="b")
    empty = await client.patch(f"{URL}/{memory['id']}", json={}, headers=owner.headers)
    assert empty.status_code == 422
    null_body = await client.patch(
        f"{URL}/{memory['id']}", json={"body": None}, headers=owner.headers
    )
    assert null_body.status_code == 422
    bad_cursor = await client.get(URL, params={"cursor": "nope"}, headers=owner.headers)
    assert bad_cursor.status_code == 400 and bad_cursor.json()["error"] == "BadRequest"


async def test_filters_and_paging(client: AsyncClient, tokens: Tokens) -> None:
    owner = tokens.caller()
    for i in range(5):
        await create(
            client,
            owner,
            key=f"note-{i}",
            title=f"Note {i}",
            body="text",
            topic="billing" if i % 2 == 0 else "hiring",
            tags=["q3"] if i < 2 else ["q4"],
        )

    def keys(response: object) -> list[str]:
        return [m["key"] for m in response.json()["items"]]  # type: ignore[attr-defined]

    billing = await client.get(URL, params={"topic": "billing"}, headers=owner.headers)
    assert sorted(keys(billing)) == ["note-0", "note-2", "note-4"]
    q3 = await client.get(URL, params={"tags": "q3"}, headers=owner.headers)
    assert sorted(keys(q3)) == ["note-0", "note-1"]
    both = await client.get(URL, params={"tags": "q4", "topic": "hiring"}, headers=owner.headers)
    assert keys(both) == ["note-3"]
    exact = await client.get(URL, params={"key": "note-2"}, headers=owner.headers)
    assert keys(exact) == ["note-2"]

    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = (await client.get(URL, params=params, headers=owner.headers)).json()
        seen += [m["key"] for m in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == [f"note-{i}" for i in range(5)] and len(seen) == 5

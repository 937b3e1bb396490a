"""``GET /api/v1/audit/events``: scoped, filtered, newest first, cursor paging."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from factories import signed_in
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from inkpass.audit.service import record
from inkpass.orgs.models import Organization

EVENTS = "/api/v1/audit/events"
T0 = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)


async def event(db: AsyncSession, action: str, minutes: int, **fields: Any) -> uuid.UUID:
    row = await record(db, action, **fields)
    row.created_at = T0 + timedelta(minutes=minutes)
    await db.flush()
    return row.id


async def fetch(client: AsyncClient, headers: dict[str, str], **params: Any) -> dict[str, Any]:
    response = await client.get(EVENTS, params=params, headers=headers)
    assert response.status_code == 200, response.text
    page: dict[str, Any] = response.json()
    return page


async def test_admin_reads_the_organizations_log_newest_first(
    client: AsyncClient, db: AsyncSession
) -> None:
    admin = await signed_in(client, db, role="admin")
    other = await signed_in(client, db, role="owner")
    org_id, admin_id, other_org_id = admin.org.id, admin.user.id, other.org.id
    ours = [
        await event(db, "policy.created", 1, organization_id=org_id, actor_user_id=admin_id),
        await event(db, "auth.login", 2, organization_id=org_id, actor_user_id=admin_id),
        await event(
            db, "auth.login", 3, organization_id=org_id, actor_user_id=admin_id, outcome="failure"
        ),
    ]
    # The admin's own event before any organization (e.g. a failed login) is theirs to see;
    # another organization's events and another person's organization-less events are not.
    own_pre_org = await event(db, "auth.login", 4, actor_user_id=admin_id, outcome="failure")
    await event(db, "policy.created", 5, organization_id=other_org_id)
    await event(db, "auth.login", 6, actor_user_id=uuid.uuid4(), outcome="failure")
    await db.commit()

    page = await fetch(client, admin.headers, until=(T0 + timedelta(hours=1)).isoformat())
    assert [item["id"] for item in page["items"]] == [str(own_pre_org), *map(str, reversed(ours))]
    assert page["next_cursor"] is None
    newest = page["items"][0]
    assert newest["action"] == "auth.login" and newest["outcome"] == "failure"
    assert newest["organization_id"] is None and newest["actor_user_id"] == str(admin_id)


async def test_filters(client: AsyncClient, db: AsyncSession) -> None:
    owner = await signed_in(client, db, role="owner")
    org_id, owner_id = owner.org.id, owner.user.id
    someone = uuid.uuid4()
    login_ok = await event(db, "auth.login", 1, organization_id=org_id, actor_user_id=owner_id)
    login_bad = await event(
        db, "auth.login", 2, organization_id=org_id, actor_user_id=someone, outcome="failure"
    )
    logout = await event(db, "auth.logout", 3, organization_id=org_id, actor_user_id=owner_id)
    policy = await event(db, "policy.deleted", 4, organization_id=org_id, actor_user_id=someone)
    await db.commit()
    window = {"since": T0.isoformat(), "until": (T0 + timedelta(minutes=10)).isoformat()}

    async def ids(**params: Any) -> list[str]:
        page = await fetch(client, owner.headers, **window, **params)
        return [item["id"] for item in page["items"]]

    assert await ids(action="auth.login") == [str(login_bad), str(login_ok)]
    assert await ids(action="auth.") == [str(logout), str(login_bad), str(login_ok)]
    assert await ids(actor=str(someone)) == [str(policy), str(login_bad)]
    assert await ids(outcome="failure") == [str(login_bad)]
    assert await ids(action="auth.login", outcome="success") == [str(login_ok)]
    narrow = await fetch(
        client,
        owner.headers,
        since=(T0 + timedelta(minutes=2)).isoformat(),
        until=(T0 + timedelta(minutes=4)).isoformat(),
    )
    assert [item["id"] for item in narrow["items"]] == [str(logout), str(login_bad)]


async def test_cursor_pages_through_everything_once(client: AsyncClient, db: AsyncSession) -> None:
    owner = await signed_in(client, db, role="owner")
    org_id = owner.org.id
    # Events sharing one timestamp must still page without loss or repetition.
    created = [
        await event(db, "thing.happened", index // 3, organization_id=org_id) for index in range(11)
    ]
    await db.commit()
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        params: dict[str, Any] = {"limit": 4, "action": "thing.happened"}
        if cursor:
            params["cursor"] = cursor
        page = await fetch(client, owner.headers, **params)
        seen += [item["id"] for item in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert pages == 3
    assert sorted(seen) == sorted(map(str, created))
    assert len(set(seen)) == 11
    times = [
        (await fetch(client, owner.headers, action="thing.happened", limit=20))["items"][i][
            "created_at"
        ]
        for i in (0, 10)
    ]
    assert times[0] > times[1]


async def test_only_admins_and_owners_read_the_log(client: AsyncClient, db: AsyncSession) -> None:
    owner = await signed_in(client, db, role="owner")
    org_id = owner.org.id
    for role in ("member", "viewer"):
        org = await db.get_one(Organization, org_id, populate_existing=True)
        someone = await signed_in(client, db, role=role, org=org)
        response = await client.get(EVENTS, headers=someone.headers)
        assert response.status_code == 403, response.text
    assert (await client.get(EVENTS)).status_code == 401


async def test_bad_parameters(client: AsyncClient, db: AsyncSession) -> None:
    owner = await signed_in(client, db, role="owner")
    cursor = await client.get(EVENTS, params={"cursor": "garbage!!"}, headers=owner.headers)
    assert cursor.status_code == 400
    naive = await client.get(EVENTS, params={"since": "2026-01-01T00:00:00"}, headers=owner.headers)
    assert naive.status_code == 400
    assert "time zone" in naive.json()["detail"]
    too_many = await client.get(EVENTS, params={"limit": 1000}, headers=owner.headers)
    assert too_many.status_code == 422

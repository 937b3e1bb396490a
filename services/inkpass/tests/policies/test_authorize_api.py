"""``POST /api/v1/authorize``: decisions for the caller from templates and the org's policies."""

import uuid
from typing import Any

from factories import signed_in
from httpx import AsyncClient
from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from inkpass.orgs.models import Membership, Organization

AUTHORIZE = "/api/v1/authorize"
POLICIES = "/api/v1/policies"


async def decide(client: AsyncClient, headers: dict[str, str], **query: Any) -> dict[str, Any]:
    response = await client.post(AUTHORIZE, json=query, headers=headers)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


async def team(client: AsyncClient, db: AsyncSession, *roles: str) -> list[Any]:
    """An owner (first) and members of the given roles in one organization, all signed in."""
    owner = await signed_in(client, db, role="owner")
    org_id = owner.org.id
    people = [owner]
    for role in roles:
        org = await db.get_one(Organization, org_id, populate_existing=True)
        people.append(await signed_in(client, db, role=role, org=org))
    return people


async def test_member_decisions_follow_the_role_template(
    client: AsyncClient, db: AsyncSession
) -> None:
    _, member = await team(client, db, "member")
    me, someone_else = str(member.user.id), str(uuid.uuid4())
    read = await decide(client, member.headers, action="read", resource_type="tasks")
    assert read["allowed"] is True
    assert read["policy_id"] == "template:member:read"
    delete_task = await decide(client, member.headers, action="tasks:delete", resource_type="tasks")
    assert delete_task == {
        "allowed": False,
        "effect": None,
        "reason": "no policy permits tasks:delete",
        "policy_id": None,
    }
    batch = await client.post(
        AUTHORIZE,
        json={
            "requests": [
                {"action": "update", "resource_type": "tasks", "resource": {"owner_id": me}},
                {
                    "action": "update",
                    "resource_type": "tasks",
                    "resource": {"owner_id": someone_else},
                },
                {"action": "approve", "resource_type": "checkpoints", "resource": {"owner_id": me}},
                {"action": "delete", "resource_type": "organizations"},
            ]
        },
        headers=member.headers,
    )
    assert batch.status_code == 200, batch.text
    assert [d["allowed"] for d in batch.json()["decisions"]] == [True, False, True, False]


async def test_admins_policy_changes_apply_at_once(client: AsyncClient, db: AsyncSession) -> None:
    owner, member = await team(client, db, "member")
    member_id = member.user.id
    org_id = owner.org.id
    mine = {"owner_id": str(member_id)}
    ask = {"action": "update", "resource_type": "tasks", "resource": mine}
    assert (await decide(client, member.headers, **ask))["allowed"] is True

    await db.execute(
        update(Membership)
        .where(Membership.user_id == member_id, Membership.organization_id == org_id)
        .values(groups=["contractors"], attributes={"clearance": 1})
    )
    await db.commit()
    forbid = {
        "name": "contractors freeze",
        "effect": "forbid",
        "principal": {"groups": ["contractors"], "attributes": {"clearance": {"lt": 3}}},
        "actions": ["tasks:update"],
    }
    created = await client.post(POLICIES, json=forbid, headers=owner.headers)
    assert created.status_code == 201, created.text
    denied = await decide(client, member.headers, **ask)
    assert denied["allowed"] is False
    assert denied["effect"] == "forbid"
    assert denied["policy_id"] == created.json()["id"]
    assert "contractors freeze" in denied["reason"]
    # The owner is no contractor: unaffected.
    assert (await decide(client, owner.headers, **ask))["allowed"] is True

    await client.put(
        f"{POLICIES}/{created.json()['id']}", json={"enabled": False}, headers=owner.headers
    )
    assert (await decide(client, member.headers, **ask))["allowed"] is True

    # Raising the member's clearance takes them out of the (re-enabled) forbid.
    await client.put(
        f"{POLICIES}/{created.json()['id']}", json={"enabled": True}, headers=owner.headers
    )
    assert (await decide(client, member.headers, **ask))["allowed"] is False
    await db.execute(
        update(Membership)
        .where(Membership.user_id == member_id)
        .values(attributes={"clearance": 5})
    )
    await db.commit()
    assert (await decide(client, member.headers, **ask))["allowed"] is True


async def test_custom_permit_extends_a_viewer(client: AsyncClient, db: AsyncSession) -> None:
    owner, viewer = await team(client, db, "viewer")
    ask = {"action": "approve", "resource_type": "checkpoints", "resource": {"risk": "low"}}
    assert (await decide(client, viewer.headers, **ask))["allowed"] is False
    permit = {
        "name": "viewers approve low-risk checkpoints",
        "effect": "permit",
        "principal": {"roles": ["viewer"]},
        "actions": ["checkpoints:approve"],
        "resource_type": "checkpoints",
        "resource": {"risk": {"in": ["low", "none"]}},
    }
    assert (await client.post(POLICIES, json=permit, headers=owner.headers)).status_code == 201
    assert (await decide(client, viewer.headers, **ask))["allowed"] is True
    risky = {**ask, "resource": {"risk": "high"}}
    assert (await decide(client, viewer.headers, **risky))["allowed"] is False


async def test_context_defaults_to_the_callers_address(
    client: AsyncClient, db: AsyncSession
) -> None:
    owner, admin = await team(client, db, "admin")
    office_only = {
        "name": "deletes from the office network only",
        "effect": "forbid",
        "principal": {"roles": ["admin"]},
        "actions": ["*:delete"],
        "context": {"not_source_ips": ["203.0.113.0/24"]},
    }
    assert (await client.post(POLICIES, json=office_only, headers=owner.headers)).status_code == 201
    ask: dict[str, Any] = {"action": "delete", "resource_type": "files"}
    # The test client connects from 127.0.0.1: outside the office network.
    assert (await decide(client, admin.headers, **ask))["allowed"] is False
    from_office = {**ask, "context": {"ip": "203.0.113.40"}}
    assert (await decide(client, admin.headers, **from_office))["allowed"] is True

    night_freeze = {
        "name": "no night deploys",
        "effect": "forbid",
        "actions": ["deployments:create"],
        "context": {"time_window": {"start": "22:00", "end": "06:00", "timezone": "UTC"}},
    }
    assert (
        await client.post(POLICIES, json=night_freeze, headers=owner.headers)
    ).status_code == 201
    deploy: dict[str, Any] = {"action": "create", "resource_type": "deployments"}
    at_night = {**deploy, "context": {"time": "2026-05-05T23:30:00Z"}}
    by_day = {**deploy, "context": {"time": "2026-05-05T12:00:00Z"}}
    assert (await decide(client, owner.headers, **at_night))["allowed"] is False
    assert (await decide(client, owner.headers, **by_day))["allowed"] is True


async def test_role_is_read_from_the_membership_not_the_token(
    client: AsyncClient, db: AsyncSession
) -> None:
    _, member = await team(client, db, "member")
    member_id, org_id = member.user.id, member.org.id
    ask = {"action": "create", "resource_type": "tasks", "resource": {"owner_id": str(member_id)}}
    assert (await decide(client, member.headers, **ask))["allowed"] is True
    await db.execute(
        update(Membership).where(Membership.user_id == member_id).values(role="viewer")
    )
    await db.commit()
    assert (await decide(client, member.headers, **ask))["allowed"] is False
    await db.execute(
        delete(Membership).where(
            Membership.user_id == member_id, Membership.organization_id == org_id
        )
    )
    await db.commit()
    gone = await client.post(AUTHORIZE, json=ask, headers=member.headers)
    assert gone.status_code == 403


async def test_bad_requests_are_refused(client: AsyncClient, db: AsyncSession) -> None:
    owner = await signed_in(client, db, role="owner")
    bad = [
        {"action": "Read!", "resource_type": "tasks"},
        {"action": "read"},
        {"action": "read", "resource_type": "tasks", "context": {"ip": "not-an-ip"}},
        {"action": "read", "resource_type": "tasks", "extra": 1},
        {"requests": []},
        {"requests": [{"action": "read", "resource_type": "tasks"}] * 101},
    ]
    for body in bad:
        response = await client.post(AUTHORIZE, json=body, headers=owner.headers)
        assert response.status_code == 422, (body, response.text)
    assert (
        await client.post(AUTHORIZE, json={"action": "read", "resource_type": "x"})
    ).status_code == 401

"""Policy CRUD for admins and owners: validation, audit, organization scoping, invalidation."""

import asyncio
import uuid
from typing import Any

from factories import signed_in
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inkpass.audit.models import AuditEvent
from inkpass.orgs.models import Organization

POLICIES = "/api/v1/policies"

NO_CONTRACTOR_DELETES: dict[str, Any] = {
    "name": "contractors never delete",
    "effect": "forbid",
    "principal": {"groups": ["contractors"]},
    "actions": ["tasks:delete", "files:delete"],
    "resource_type": "*",
    "priority": 10,
}


async def audit_actions(db: AsyncSession, organization_id: uuid.UUID) -> list[str]:
    rows = await db.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.organization_id == organization_id, AuditEvent.action.like("policy.%"))
        .order_by(AuditEvent.created_at)
    )
    return list(rows)


async def test_owner_manages_policies_end_to_end(client: AsyncClient, db: AsyncSession) -> None:
    owner = await signed_in(client, db, role="owner")
    org_id = owner.org.id  # read before a failing request expires the loaded rows
    created = await client.post(POLICIES, json=NO_CONTRACTOR_DELETES, headers=owner.headers)
    assert created.status_code == 201, created.text
    policy = created.json()
    assert policy["organization_id"] == str(org_id)
    assert policy["enabled"] is True
    assert policy["principal"] == {"roles": [], "groups": ["contractors"], "attributes": {}}

    listed = await client.get(POLICIES, headers=owner.headers)
    assert [item["id"] for item in listed.json()] == [policy["id"]]

    changed = await client.put(
        f"{POLICIES}/{policy['id']}",
        json={"actions": ["tasks:delete"], "description": "tasks only", "enabled": False},
        headers=owner.headers,
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["actions"] == ["tasks:delete"]
    assert changed.json()["enabled"] is False
    assert changed.json()["name"] == NO_CONTRACTOR_DELETES["name"]  # untouched fields stay
    assert changed.json()["priority"] == 10

    read = await client.get(f"{POLICIES}/{policy['id']}", headers=owner.headers)
    assert read.json()["description"] == "tasks only"

    deleted = await client.delete(f"{POLICIES}/{policy['id']}", headers=owner.headers)
    assert deleted.status_code == 204
    assert (
        await client.get(f"{POLICIES}/{policy['id']}", headers=owner.headers)
    ).status_code == 404
    assert await audit_actions(db, org_id) == [
        "policy.created",
        "policy.updated",
        "policy.deleted",
    ]


async def test_admins_may_but_members_and_viewers_may_not(
    client: AsyncClient, db: AsyncSession
) -> None:
    admin = await signed_in(client, db, role="admin")
    org_id = admin.org.id
    created = await client.post(POLICIES, json=NO_CONTRACTOR_DELETES, headers=admin.headers)
    assert created.status_code == 201
    for role in ("member", "viewer"):
        # A refused request rolls the shared session back, expiring what it had loaded.
        org = await db.get_one(Organization, org_id, populate_existing=True)
        someone = await signed_in(client, db, role=role, org=org)
        assert (await client.get(POLICIES, headers=someone.headers)).status_code == 403
        attempt = await client.post(
            POLICIES, json={**NO_CONTRACTOR_DELETES, "name": role}, headers=someone.headers
        )
        assert attempt.status_code == 403
    assert (await client.get(POLICIES)).status_code == 401


async def test_another_organizations_policy_is_not_found(
    client: AsyncClient, db: AsyncSession
) -> None:
    ours = await signed_in(client, db, role="owner")
    theirs = await signed_in(client, db, role="owner")
    created = await client.post(POLICIES, json=NO_CONTRACTOR_DELETES, headers=theirs.headers)
    policy_id = created.json()["id"]
    for method in ("GET", "DELETE"):
        response = await client.request(method, f"{POLICIES}/{policy_id}", headers=ours.headers)
        assert response.status_code == 404
    update = await client.put(
        f"{POLICIES}/{policy_id}", json={"enabled": False}, headers=ours.headers
    )
    assert update.status_code == 404
    assert (await client.get(POLICIES, headers=ours.headers)).json() == []
    still = await client.get(f"{POLICIES}/{policy_id}", headers=theirs.headers)
    assert still.json()["enabled"] is True


async def test_invalid_policies_are_refused_with_the_reason(
    client: AsyncClient, db: AsyncSession
) -> None:
    owner = await signed_in(client, db, role="owner")
    org_id = owner.org.id
    bad_rules = [
        {"resource": {"owner_id": {"like": "x"}}},
        {"actions": ["Tasks:Delete"]},
        {"actions": []},
        {"context": {"source_ips": ["10.0.0.0/40"]}},
        {"context": {"time_window": {"start": "9am"}}},
        {"context": {"time_window": {"timezone": "Nowhere/City"}}},
        {"resource": {"owner_id": {"eq": {"ref": "database.password"}}}},
        {"effect": "allow"},
        {"surprise": 1},
    ]
    for bad in bad_rules:
        response = await client.post(
            POLICIES, json={**NO_CONTRACTOR_DELETES, **bad}, headers=owner.headers
        )
        assert response.status_code == 422, (bad, response.text)
        assert response.json()["error"] == "ValidationError"
    created = await client.post(POLICIES, json=NO_CONTRACTOR_DELETES, headers=owner.headers)
    policy_id = created.json()["id"]
    bad_update = await client.put(
        f"{POLICIES}/{policy_id}",
        json={"resource": {"x": {"in": "not a list"}}},
        headers=owner.headers,
    )
    assert bad_update.status_code == 422
    duplicate = await client.post(POLICIES, json=NO_CONTRACTOR_DELETES, headers=owner.headers)
    assert duplicate.status_code == 409
    assert duplicate.json()["error"] == "PolicyNameTaken"
    second = await client.post(
        POLICIES, json={**NO_CONTRACTOR_DELETES, "name": "second"}, headers=owner.headers
    )
    rename = await client.put(
        f"{POLICIES}/{second.json()['id']}",
        json={"name": NO_CONTRACTOR_DELETES["name"]},
        headers=owner.headers,
    )
    assert rename.status_code == 409
    # Nothing half-written: one create, one more create, no updates.
    assert await audit_actions(db, org_id) == ["policy.created", "policy.created"]


async def test_changes_are_announced_after_commit_only(
    inkpass_app: FastAPI, client: AsyncClient, db: AsyncSession
) -> None:
    redis = inkpass_app.state.redis
    owner = await signed_in(client, db, role="owner")
    org_id = owner.org.id
    version_key = f"fluxos:abac:version:{org_id}"
    pubsub = redis.pubsub()
    await pubsub.subscribe("fluxos:abac:invalidate")
    try:
        created = await client.post(POLICIES, json=NO_CONTRACTOR_DELETES, headers=owner.headers)
        assert created.status_code == 201
        assert await redis.get(version_key) == b"1"
        duplicate = await client.post(POLICIES, json=NO_CONTRACTOR_DELETES, headers=owner.headers)
        assert duplicate.status_code == 409
        assert await redis.get(version_key) == b"1"  # a refused change announces nothing
        await client.delete(f"{POLICIES}/{created.json()['id']}", headers=owner.headers)
        assert await redis.get(version_key) == b"2"
        messages = []
        for _ in range(50):
            message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=0.1)
            if message is not None:
                messages.append(message["data"])
            if len(messages) == 2:
                break
            await asyncio.sleep(0)
        assert messages == [str(org_id).encode()] * 2
    finally:
        await pubsub.aclose()


async def test_role_templates_are_listed(client: AsyncClient, db: AsyncSession) -> None:
    viewer = await signed_in(client, db, role="viewer")
    response = await client.get(f"{POLICIES}/templates", headers=viewer.headers)
    assert response.status_code == 200
    templates = {item["role"]: item["policies"] for item in response.json()}
    assert set(templates) == {"owner", "admin", "member", "viewer"}
    admin_forbids = [p for p in templates["admin"] if p["effect"] == "forbid"]
    assert admin_forbids[0]["actions"] == [
        "organizations:delete",
        "organizations:transfer_ownership",
    ]
    assert all(p["effect"] == "permit" for p in templates["viewer"])


async def test_effective_policies_are_only_for_services(
    client: AsyncClient, db: AsyncSession
) -> None:
    owner = await signed_in(client, db, role="owner")
    response = await client.get(f"{POLICIES}/effective/{owner.org.id}", headers=owner.headers)
    assert response.status_code == 403

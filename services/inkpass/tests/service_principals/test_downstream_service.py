"""A stand-in downstream service built only from the kit, talking to this InkPass over HTTP:
remote service-token verification, ``Authorize`` on a cached policy set, invalidation."""

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Annotated, Any

import httpx
import pytest
from factories import signed_in
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.abac import PolicyCache
from fluxkit.auth.authorize import Access, Authorize, RemotePolicyLoader
from fluxkit.auth.deps import Authenticator
from fluxkit.auth.principal import Principal
from fluxkit.auth.service_tokens import RemoteServiceTokenVerifier
from fluxkit.errors import Unauthorized, install_error_handlers
from fluxkit.http import ServiceClient, ServiceForbidden
from inkpass.orgs.models import Organization
from inkpass.service_principals.service import ensure_service_credential


class NoApiKeys:
    async def verify_api_key(self, key: str) -> Principal:
        raise Unauthorized("no API keys here")


def tasks_service(
    inkpass_app: FastAPI, transport: httpx.AsyncBaseTransport, own_token: str
) -> tuple[FastAPI, dict[uuid.UUID, uuid.UUID]]:
    owners: dict[uuid.UUID, uuid.UUID] = {}
    app = FastAPI()
    install_error_handlers(app)
    inkpass = ServiceClient("http://inkpass", own_token, transport=transport)
    app.state.policy_cache = PolicyCache(
        RemotePolicyLoader(inkpass), inkpass_app.state.redis, recheck_seconds=3600
    )
    app.state.authenticator = Authenticator(
        inkpass_app.state.authenticator.tokens,
        NoApiKeys(),
        RemoteServiceTokenVerifier("http://inkpass", own_token, transport=transport),
    )

    async def task_attributes(task_id: uuid.UUID) -> dict[str, Any]:
        return {"owner_id": owners[task_id]}

    @app.get("/tasks")
    async def list_tasks(principal: Annotated[Principal, Authorize("tasks", "list")]) -> list[str]:
        return [str(task) for task in owners]

    @app.post("/tasks/{task_id}/approve")
    async def approve(
        task_id: uuid.UUID,
        principal: Annotated[Principal, Authorize("tasks", "approve", resource=task_attributes)],
    ) -> dict[str, Any]:
        return {"approved_by": str(principal.user_id), "via": principal.service}

    @app.delete("/tasks/{task_id}", status_code=204)
    async def delete(task_id: uuid.UUID, access: Access) -> None:
        await access.require("tasks", "delete", {"owner_id": owners[task_id]})
        owners.pop(task_id)

    return app, owners


@pytest.fixture
async def world(
    inkpass_app: FastAPI,
    client: AsyncClient,
    db: AsyncSession,
    tentacle_token: str,
    counted_transport: Any,
) -> AsyncIterator[dict[str, Any]]:
    owner = await signed_in(client, db, role="owner")
    org_id = owner.org.id
    org = await db.get_one(Organization, org_id, populate_existing=True)
    member = await signed_in(client, db, role="member", org=org)
    mimic_token = await ensure_service_credential(db, "mimic")
    await db.commit()
    app, owners = tasks_service(inkpass_app, counted_transport, tentacle_token)
    cache: PolicyCache = app.state.policy_cache
    await cache.start()
    await cache.wait_listening()
    mine, theirs = uuid.uuid4(), uuid.uuid4()
    owners.update({mine: member.user.id, theirs: owner.user.id})
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 40002))
    async with AsyncClient(transport=transport, base_url="http://tasks") as tasks:
        yield {
            "tasks": tasks,
            "owner": owner,
            "member": member,
            "member_id": member.user.id,
            "org_id": org_id,
            "mine": mine,
            "theirs": theirs,
            "mimic": mimic_token,
            "cache": cache,
            "inkpass_calls": counted_transport.paths,
        }
    await cache.stop()


async def test_user_tokens_are_decided_by_policy(world: dict[str, Any]) -> None:
    tasks, member = world["tasks"], world["member"]
    listed = await tasks.get("/tasks", headers=member.headers)
    assert listed.status_code == 200, listed.text
    own = await tasks.post(f"/tasks/{world['mine']}/approve", headers=member.headers)
    assert own.status_code == 200, own.text
    assert own.json() == {"approved_by": str(world["member_id"]), "via": None}
    other = await tasks.post(f"/tasks/{world['theirs']}/approve", headers=member.headers)
    assert other.status_code == 403
    assert other.json()["error"] == "Forbidden"
    assert "tasks:approve" in other.json()["detail"]
    assert (
        await tasks.delete(f"/tasks/{world['mine']}", headers=member.headers)
    ).status_code == 403
    owner = world["owner"]
    assert (await tasks.delete(f"/tasks/{world['mine']}", headers=owner.headers)).status_code == 204
    # One organization, one load of its policies, however many decisions.
    assert world["inkpass_calls"].count(f"/api/v1/policies/effective/{world['org_id']}") == 1


async def test_a_service_call_for_a_user_is_decided_on_that_user(world: dict[str, Any]) -> None:
    tasks = world["tasks"]
    acting = {
        "Authorization": f"Bearer {world['mimic']}",
        "X-Fluxos-On-Behalf-Of": f"{world['member_id']}:{world['org_id']}",
    }
    own = await tasks.post(f"/tasks/{world['mine']}/approve", headers=acting)
    assert own.status_code == 200, own.text
    assert own.json() == {"approved_by": str(world["member_id"]), "via": "mimic"}
    other = await tasks.post(f"/tasks/{world['theirs']}/approve", headers=acting)
    assert other.status_code == 403
    again = await tasks.post(f"/tasks/{world['mine']}/approve", headers=acting)
    assert again.status_code == 200
    # The verdict on the mimic token for this user was asked once and then cached.
    assert world["inkpass_calls"].count("/api/v1/service-principals/introspect") == 1

    stranger = {**acting, "X-Fluxos-On-Behalf-Of": f"{uuid.uuid4()}:{world['org_id']}"}
    assert (await tasks.get("/tasks", headers=stranger)).status_code == 403
    forged = {**acting, "Authorization": "Bearer flxs_forged"}
    assert (await tasks.get("/tasks", headers=forged)).status_code == 401


async def test_policy_change_reaches_the_downstream_cache(
    world: dict[str, Any], client: AsyncClient
) -> None:
    tasks, member, owner = world["tasks"], world["member"], world["owner"]
    approve_own = f"/tasks/{world['mine']}/approve"
    assert (await tasks.post(approve_own, headers=member.headers)).status_code == 200
    freeze = {
        "name": "approval freeze",
        "effect": "forbid",
        "principal": {"roles": ["member"]},
        "actions": ["tasks:approve"],
    }
    created = await client.post("/api/v1/policies", json=freeze, headers=owner.headers)
    assert created.status_code == 201, created.text
    status = 200
    for _ in range(100):
        status = (await tasks.post(approve_own, headers=member.headers)).status_code
        if status == 403:
            break
        await asyncio.sleep(0.02)
    assert status == 403
    refused = await tasks.post(approve_own, headers=member.headers)
    assert "approval freeze" in refused.json()["detail"]
    assert refused.json()["policy_id"] == created.json()["id"]

    await client.delete(f"/api/v1/policies/{created.json()['id']}", headers=owner.headers)
    for _ in range(100):
        status = (await tasks.post(approve_own, headers=member.headers)).status_code
        if status == 200:
            break
        await asyncio.sleep(0.02)
    assert status == 200


async def test_service_client_carries_the_user_and_types_refusals(
    inkpass_transport: httpx.AsyncBaseTransport, world: dict[str, Any]
) -> None:
    inkpass = ServiceClient("http://inkpass", world["mimic"], transport=inkpass_transport)
    as_member = inkpass.as_user(world["member_id"], world["org_id"])
    decision = await as_member.post(
        "/api/v1/authorize", json={"action": "read", "resource_type": "tasks"}
    )
    assert decision["allowed"] is True
    with pytest.raises(ServiceForbidden) as refused:
        await inkpass.as_user(uuid.uuid4(), world["org_id"]).post(
            "/api/v1/authorize", json={"action": "read", "resource_type": "tasks"}
        )
    assert refused.value.status == 403
    assert refused.value.status_code == 403

"""Service credentials: provisioning, acting for a user, the owner's admin API, introspection."""

import uuid
from typing import Any

from factories import signed_in
from httpx import AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from inkpass.audit.models import AuditEvent
from inkpass.orgs.models import Organization
from inkpass.service_principals.models import ServiceCredential
from inkpass.service_principals.service import ensure_service_credential

AUTHORIZE = "/api/v1/authorize"
CREDENTIALS = "/api/v1/service-principals"
INTROSPECT = "/api/v1/service-principals/introspect"


def as_service(token: str, user: Any = None, org: Any = None) -> dict[str, str]:
    headers = {"Authorization": f"Bearer {token}"}
    if user is not None:
        headers["X-Fluxos-On-Behalf-Of"] = f"{user}:{org}"
    return headers


async def test_provisioning_is_idempotent_and_stores_only_a_hash(db: AsyncSession) -> None:
    token = await ensure_service_credential(db, "mimic")
    assert token is not None and token.startswith("flxs_") and len(token) > 40
    assert await ensure_service_credential(db, "mimic") is None
    assert await ensure_service_credential(db, "den") is not None
    rows = list(
        await db.scalars(select(ServiceCredential).where(ServiceCredential.name == "mimic"))
    )
    assert len(rows) == 1
    assert rows[0].organization_id is None
    assert token not in (rows[0].token_hash, rows[0].token_prefix)
    provisioned = await db.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.action == "service_credential.provisioned")
    )
    assert provisioned == 2


async def test_a_service_acting_for_a_user_gets_the_users_decisions(
    client: AsyncClient, db: AsyncSession, tentacle_token: str
) -> None:
    owner = await signed_in(client, db, role="owner")
    org_id = owner.org.id
    org = await db.get_one(Organization, org_id, populate_existing=True)
    viewer = await signed_in(client, db, role="viewer", org=org)
    member = await signed_in(client, db, role="member", org=org)
    member_id, viewer_id = member.user.id, viewer.user.id
    create_own: dict[str, Any] = {
        "action": "create",
        "resource_type": "tasks",
        "resource": {"owner_id": str(member_id)},
    }

    for_member = await client.post(
        AUTHORIZE, json=create_own, headers=as_service(tentacle_token, member_id, org_id)
    )
    assert for_member.status_code == 200, for_member.text
    assert for_member.json()["allowed"] is True
    # The same service asking for a viewer gets the viewer's answer: no service privilege.
    viewer_ask = {**create_own, "resource": {"owner_id": str(viewer_id)}}
    for_viewer = await client.post(
        AUTHORIZE, json=viewer_ask, headers=as_service(tentacle_token, viewer_id, org_id)
    )
    assert for_viewer.json()["allowed"] is False
    delete = {"action": "delete", "resource_type": "organizations"}
    assert (
        await client.post(
            AUTHORIZE, json=delete, headers=as_service(tentacle_token, member_id, org_id)
        )
    ).json()["allowed"] is False
    assert (
        await client.post(
            AUTHORIZE, json=delete, headers=as_service(tentacle_token, owner.user.id, org_id)
        )
    ).json()["allowed"] is True


async def test_refusals(client: AsyncClient, db: AsyncSession, tentacle_token: str) -> None:
    member = await signed_in(client, db, role="member")
    stranger = await signed_in(client, db, role="owner")
    member_id, org_id, stranger_org = member.user.id, member.org.id, stranger.org.id
    ask = {"action": "read", "resource_type": "tasks"}

    alone = await client.post(AUTHORIZE, json=ask, headers=as_service(tentacle_token))
    assert alone.status_code == 403  # a decision needs a user to decide on

    not_member = await client.post(
        AUTHORIZE, json=ask, headers=as_service(tentacle_token, member_id, stranger_org)
    )
    assert not_member.status_code == 403
    unknown_user = await client.post(
        AUTHORIZE, json=ask, headers=as_service(tentacle_token, uuid.uuid4(), org_id)
    )
    assert unknown_user.status_code == 403
    malformed = {"Authorization": f"Bearer {tentacle_token}", "X-Fluxos-On-Behalf-Of": "alice"}
    assert (await client.post(AUTHORIZE, json=ask, headers=malformed)).status_code == 400
    forged = await client.post(
        AUTHORIZE, json=ask, headers=as_service("flxs_" + "x" * 43, member_id, org_id)
    )
    assert forged.status_code == 401


async def test_owner_manages_organization_credentials(
    client: AsyncClient, db: AsyncSession
) -> None:
    owner = await signed_in(client, db, role="owner")
    org_id, owner_id = owner.org.id, owner.user.id
    outsider = await signed_in(client, db, role="owner")
    outsider_id, outsider_org = outsider.user.id, outsider.org.id
    org = await db.get_one(Organization, org_id, populate_existing=True)
    admin = await signed_in(client, db, role="admin", org=org)

    created = await client.post(CREDENTIALS, json={"name": "billing-sync"}, headers=owner.headers)
    assert created.status_code == 201, created.text
    body = created.json()
    token = body["token"]
    assert token.startswith(body["token_prefix"]) and body["organization_id"] == str(org_id)

    listed = await client.get(CREDENTIALS, headers=owner.headers)
    assert [item["name"] for item in listed.json()] == ["billing-sync"]
    assert "token" not in listed.json()[0]

    ask = {"action": "read", "resource_type": "tasks"}
    acting = await client.post(AUTHORIZE, json=ask, headers=as_service(token, owner_id, org_id))
    assert acting.json()["allowed"] is True
    # Bound to its organization: it cannot act for anyone elsewhere, nor introspect.
    elsewhere = await client.post(
        AUTHORIZE, json=ask, headers=as_service(token, outsider_id, outsider_org)
    )
    assert elsewhere.status_code == 403
    peek = await client.post(INTROSPECT, json={"token": token}, headers=as_service(token))
    assert peek.status_code == 403

    assert (await client.get(CREDENTIALS, headers=admin.headers)).status_code == 403
    assert (
        await client.post(CREDENTIALS, json={"name": "x1"}, headers=admin.headers)
    ).status_code == 403
    assert (await client.get(CREDENTIALS, headers=outsider.headers)).json() == []
    foreign = await client.delete(f"{CREDENTIALS}/{body['id']}", headers=outsider.headers)
    assert foreign.status_code == 404

    revoked = await client.delete(f"{CREDENTIALS}/{body['id']}", headers=owner.headers)
    assert revoked.status_code == 204
    after = await client.post(AUTHORIZE, json=ask, headers=as_service(token, owner_id, org_id))
    assert after.status_code == 401
    actions = list(
        await db.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.organization_id == org_id, AuditEvent.action.like("service_%"))
            .order_by(AuditEvent.created_at)
        )
    )
    assert actions == ["service_credential.created", "service_credential.revoked"]
    bad_name = await client.post(CREDENTIALS, json={"name": "Bad Name"}, headers=owner.headers)
    assert bad_name.status_code == 422


async def test_introspection_for_platform_services(
    client: AsyncClient, db: AsyncSession, tentacle_token: str
) -> None:
    member = await signed_in(client, db, role="member")
    member_id, org_id = member.user.id, member.org.id
    den_token = await ensure_service_credential(db, "den")
    assert den_token is not None
    await db.commit()
    headers = as_service(den_token)

    answer = await client.post(
        INTROSPECT,
        json={"token": tentacle_token, "on_behalf_of": f"{member_id}:{org_id}"},
        headers=headers,
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["active"] is True and body["allowed"] is True and body["service"] == "tentacle"
    assert body["principal"]["user_id"] == str(member_id)
    assert body["principal"]["roles"] == ["member"]

    stranger = await client.post(
        INTROSPECT,
        json={"token": tentacle_token, "on_behalf_of": f"{uuid.uuid4()}:{org_id}"},
        headers=headers,
    )
    assert stranger.json()["active"] is True and stranger.json()["allowed"] is False
    forged = await client.post(INTROSPECT, json={"token": "flxs_nope"}, headers=headers)
    assert forged.json() == {
        "active": False,
        "allowed": False,
        "detail": "invalid or revoked",
        "service": None,
        "principal": None,
    }
    by_user = await client.post(INTROSPECT, json={"token": tentacle_token}, headers=member.headers)
    assert by_user.status_code == 403

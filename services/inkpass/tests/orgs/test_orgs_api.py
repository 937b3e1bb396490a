import uuid

from factories import auth_headers, make_org, make_user, signed_in
from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inkpass.audit.models import AuditEvent


async def test_create_list_read_and_rename(client: AsyncClient, db: AsyncSession) -> None:
    me = await signed_in(client, db)
    created = await client.post("/api/v1/orgs", json={"name": "Acme Labs"}, headers=me.headers)
    assert created.status_code == 201, created.text
    org = created.json()
    assert org["role"] == "owner" and org["slug"].startswith("acme-labs")
    listed = await client.get("/api/v1/orgs", headers=me.headers)
    assert {item["id"] for item in listed.json()} == {str(me.org.id), org["id"]}
    renamed = await client.patch(
        f"/api/v1/orgs/{org['id']}", json={"name": "Acme Robotics"}, headers=me.headers
    )
    assert renamed.status_code == 200 and renamed.json()["name"] == "Acme Robotics"
    read = await client.get(f"/api/v1/orgs/{org['id']}", headers=me.headers)
    assert read.json()["name"] == "Acme Robotics"
    members = await client.get(f"/api/v1/orgs/{org['id']}/members", headers=me.headers)
    assert [(m["email"], m["role"]) for m in members.json()] == [(me.user.email, "owner")]
    same_name = await client.post("/api/v1/orgs", json={"name": "Acme Labs"}, headers=me.headers)
    assert same_name.json()["slug"] != org["slug"]
    actions = (
        await db.scalars(
            select(AuditEvent.action).where(AuditEvent.organization_id == uuid.UUID(org["id"]))
        )
    ).all()
    assert "org.created" in actions and "org.updated" in actions


async def test_another_tenants_organization_is_a_404(client: AsyncClient, db: AsyncSession) -> None:
    me = await signed_in(client, db)
    stranger, theirs, _ = await make_user(db)
    # Failed requests roll back and expire loaded rows: keep plain values.
    my_email, stranger_id, their_org_id = me.user.email, stranger.id, theirs.id
    missing = uuid.uuid4()
    for org_id in (their_org_id, missing):
        base = f"/api/v1/orgs/{org_id}"
        calls = [
            client.get(base, headers=me.headers),
            client.patch(base, json={"name": "Mine now"}, headers=me.headers),
            client.delete(base, headers=me.headers),
            client.get(f"{base}/members", headers=me.headers),
            client.post(f"{base}/members", json={"email": my_email}, headers=me.headers),
            client.patch(
                f"{base}/members/{stranger_id}", json={"role": "viewer"}, headers=me.headers
            ),
            client.delete(f"{base}/members/{stranger_id}", headers=me.headers),
            client.get(f"{base}/invitations", headers=me.headers),
        ]
        for call in calls:
            response = await call
            assert response.status_code == 404, response.text
            assert response.json() == {
                "error": "OrganizationNotFound",
                "detail": "organization not found",
            }
    await db.refresh(theirs)
    assert theirs.name != "Mine now"


async def test_roles_gate_renaming_and_deleting(client: AsyncClient, db: AsyncSession) -> None:
    owner = await signed_in(client, db)
    org = owner.org
    viewer = await signed_in(client, db, role="viewer", org=org)
    member = await signed_in(client, db, role="member", org=org)
    admin = await signed_in(client, db, role="admin", org=org)
    url = f"/api/v1/orgs/{org.id}"
    for caller in (viewer, member):
        assert (await client.get(url, headers=caller.headers)).status_code == 200
        refused = await client.patch(url, json={"name": "X"}, headers=caller.headers)
        assert refused.status_code == 403
    assert (
        await client.patch(url, json={"name": "Renamed"}, headers=admin.headers)
    ).status_code == 200
    assert (await client.delete(url, headers=admin.headers)).status_code == 403
    assert (await client.delete(url, headers=owner.headers)).status_code == 204
    assert (await client.get(url, headers=owner.headers)).status_code == 401
    # Sessions inside the deleted organization end at once.
    assert (await client.get("/api/v1/users/me", headers=member.headers)).status_code == 401


async def test_admins_add_existing_users_who_are_told_by_email(
    client: AsyncClient, db: AsyncSession, mailbox
) -> None:  # type: ignore[no-untyped-def]
    admin = await signed_in(client, db, role="admin")
    org_id, org_name = admin.org.id, admin.org.name
    other, _, _ = await make_user(db)
    other_email = other.email
    url = f"/api/v1/orgs/{org_id}/members"
    owner_grant = await client.post(
        url, json={"email": other_email, "role": "owner"}, headers=admin.headers
    )
    assert owner_grant.status_code == 403
    added = await client.post(
        url, json={"email": other_email.upper(), "role": "member"}, headers=admin.headers
    )
    assert added.status_code == 201, added.text
    assert added.json()["status"] == "added"
    assert added.json()["member"]["email"] == other_email
    twice = await client.post(url, json={"email": other_email}, headers=admin.headers)
    assert twice.status_code == 409
    notice = await mailbox.wait_for(other_email, subject="You were added")
    assert org_name in notice.text
    members = await client.get(url, headers=admin.headers)
    assert {(m["email"], m["role"]) for m in members.json()} >= {(other_email, "member")}
    member_view = await client.post(
        url, json={"email": "someone@example.com"}, headers=(await _login_as(client, other_email))
    )
    assert member_view.status_code == 403


async def _login_as(client: AsyncClient, email: str) -> dict[str, str]:
    from factories import login

    return auth_headers((await login(client, email))["access_token"])


async def test_role_rules_and_the_last_owner(client: AsyncClient, db: AsyncSession) -> None:
    owner = await signed_in(client, db)
    org = owner.org
    admin = await signed_in(client, db, role="admin", org=org)
    member = await signed_in(client, db, role="member", org=org)
    owner_id, admin_id, member_id, org_id = owner.user.id, admin.user.id, member.user.id, org.id
    members = f"/api/v1/orgs/{org_id}/members"

    async def set_role(caller, user_id, role):  # type: ignore[no-untyped-def]
        return await client.patch(
            f"{members}/{user_id}", json={"role": role}, headers=caller.headers
        )

    assert (await set_role(member, admin_id, "viewer")).status_code == 403
    assert (await set_role(admin, member_id, "owner")).status_code == 403
    assert (await set_role(admin, owner_id, "member")).status_code == 403
    assert (await set_role(admin, member_id, "viewer")).json()["role"] == "viewer"
    last = await set_role(owner, owner_id, "admin")
    assert last.status_code == 409 and last.json()["error"] == "LastOwner"
    assert (await client.delete(f"{members}/{owner_id}", headers=owner.headers)).status_code == 409
    assert (await set_role(owner, admin_id, "owner")).json()["role"] == "owner"
    # Two owners now: one may step down.
    assert (await set_role(owner, owner_id, "member")).json()["role"] == "member"
    assert (
        await client.patch(
            f"{members}/{uuid.uuid4()}", json={"role": "viewer"}, headers=admin.headers
        )
    ).status_code == 404
    events = (
        await db.execute(
            select(AuditEvent.target_id, AuditEvent.details).where(
                AuditEvent.organization_id == org_id, AuditEvent.action == "org.member_role_changed"
            )
        )
    ).all()
    assert (str(admin_id), {"from": "admin", "to": "owner"}) in events


async def test_leaving_and_removal_end_access(client: AsyncClient, db: AsyncSession) -> None:
    owner = await signed_in(client, db)
    org = owner.org
    admin = await signed_in(client, db, role="admin", org=org)
    member = await signed_in(client, db, role="member", org=org)
    viewer = await signed_in(client, db, role="viewer", org=org)
    owner_id, member_id, viewer_id = owner.user.id, member.user.id, viewer.user.id
    admin_id, org_id = admin.user.id, org.id
    members = f"/api/v1/orgs/{org_id}/members"

    assert (
        await client.delete(f"{members}/{viewer_id}", headers=member.headers)
    ).status_code == 403
    assert (await client.delete(f"{members}/{owner_id}", headers=admin.headers)).status_code == 403
    # A member leaves; the tokens they held for this organization stop working.
    assert (
        await client.delete(f"{members}/{member_id}", headers=member.headers)
    ).status_code == 204
    assert (await client.get(f"/api/v1/orgs/{org_id}", headers=member.headers)).status_code == 401
    # An admin removes a viewer.
    assert (await client.delete(f"{members}/{viewer_id}", headers=admin.headers)).status_code == 204
    assert (await client.get("/api/v1/users/me", headers=viewer.headers)).status_code == 401
    remaining = await client.get(members, headers=owner.headers)
    assert {m["user_id"] for m in remaining.json()} == {str(owner_id), str(admin_id)}
    actions = (
        await db.scalars(select(AuditEvent.action).where(AuditEvent.organization_id == org_id))
    ).all()
    assert "org.member_left" in actions and "org.member_removed" in actions


async def test_viewers_cannot_add_members(client: AsyncClient, db: AsyncSession) -> None:
    viewer = await signed_in(client, db, role="viewer")
    await make_org(db)
    response = await client.post(
        f"/api/v1/orgs/{viewer.org.id}/members",
        json={"email": "a@example.com"},
        headers=viewer.headers,
    )
    assert response.status_code == 403

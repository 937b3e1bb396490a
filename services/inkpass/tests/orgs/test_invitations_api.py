from factories import DEFAULT_PASSWORD, auth_headers, login, make_user, signed_in, unique_email
from httpx import AsyncClient
from mailsink import MailSink
from sqlalchemy.ext.asyncio import AsyncSession

PASSWORD = "Blue-Kettle-Morning-7"


async def register(client: AsyncClient, email: str) -> dict[str, str]:
    response = await client.post(
        "/api/v1/auth/register",
        json={"email": email, "password": PASSWORD, "display_name": "Newcomer"},
    )
    assert response.status_code == 201, response.text
    return auth_headers(response.json()["access_token"])


async def test_an_unknown_address_is_invited_and_joins_after_signing_up(
    client: AsyncClient, db: AsyncSession, mailbox: MailSink
) -> None:
    admin = await signed_in(client, db, role="admin")
    org_id, org_name = admin.org.id, admin.org.name
    invitee = unique_email("invitee")
    invited = await client.post(
        f"/api/v1/orgs/{org_id}/members",
        json={"email": invitee, "role": "viewer"},
        headers=admin.headers,
    )
    assert invited.status_code == 201, invited.text
    assert invited.json()["status"] == "invited"
    assert invited.json()["invitation"]["email"] == invitee
    pending = await client.get(f"/api/v1/orgs/{org_id}/invitations", headers=admin.headers)
    assert [item["email"] for item in pending.json()] == [invitee]

    mail = await mailbox.wait_for(invitee, subject="invited")
    assert org_name in mail.text and "/invitations/accept?token=" in mail.text
    headers = await register(client, invitee)
    accepted = await client.post(
        "/api/v1/orgs/invitations/accept", json={"token": mail.token()}, headers=headers
    )
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["id"] == str(org_id) and accepted.json()["role"] == "viewer"
    orgs = await client.get("/api/v1/users/me/organizations", headers=headers)
    assert (str(org_id), "viewer") in {(o["id"], o["role"]) for o in orgs.json()}
    # The token reached the mailbox: the address is verified too.
    assert (await client.get("/api/v1/users/me", headers=headers)).json()["email_verified"]
    again = await client.post(
        "/api/v1/orgs/invitations/accept", json={"token": mail.token()}, headers=headers
    )
    assert again.status_code == 410
    assert (
        await client.get(f"/api/v1/orgs/{org_id}/invitations", headers=admin.headers)
    ).json() == []


async def test_an_invitation_is_only_for_its_address_and_can_be_withdrawn(
    client: AsyncClient, db: AsyncSession, mailbox: MailSink
) -> None:
    owner = await signed_in(client, db)
    org_id = owner.org.id
    invitee = unique_email("invitee")
    invited = await client.post(
        f"/api/v1/orgs/{org_id}/members", json={"email": invitee}, headers=owner.headers
    )
    invitation_id = invited.json()["invitation"]["id"]
    token = (await mailbox.wait_for(invitee, subject="invited")).token()

    someone_else, _, _ = await make_user(db)
    other_headers = auth_headers(
        (await login(client, someone_else.email, DEFAULT_PASSWORD))["access_token"]
    )
    wrong_person = await client.post(
        "/api/v1/orgs/invitations/accept", json={"token": token}, headers=other_headers
    )
    assert wrong_person.status_code == 403
    unknown = await client.post(
        "/api/v1/orgs/invitations/accept", json={"token": "x" * 43}, headers=other_headers
    )
    assert unknown.status_code == 404

    withdrawn = await client.delete(
        f"/api/v1/orgs/{org_id}/invitations/{invitation_id}", headers=owner.headers
    )
    assert withdrawn.status_code == 204
    headers = await register(client, invitee)
    late = await client.post(
        "/api/v1/orgs/invitations/accept", json={"token": token}, headers=headers
    )
    assert late.status_code == 410


async def test_a_new_invitation_replaces_the_previous_one(
    client: AsyncClient, db: AsyncSession, mailbox: MailSink
) -> None:
    owner = await signed_in(client, db)
    invitee = unique_email("invitee")
    url = f"/api/v1/orgs/{owner.org.id}/members"
    await client.post(url, json={"email": invitee, "role": "viewer"}, headers=owner.headers)
    await client.post(url, json={"email": invitee, "role": "admin"}, headers=owner.headers)
    first = (await mailbox.wait_for(invitee, subject="invited", count=1)).token()
    second = (await mailbox.wait_for(invitee, subject="invited", count=2)).token()
    tokens = {first, second}
    assert len(tokens) == 2
    headers = await register(client, invitee)
    results = {}
    for token in tokens:
        response = await client.post(
            "/api/v1/orgs/invitations/accept", json={"token": token}, headers=headers
        )
        results[response.status_code] = response.json()
    assert set(results) == {200, 410}
    assert results[200]["role"] == "admin"

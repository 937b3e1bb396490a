from factories import (
    DEFAULT_PASSWORD,
    add_member,
    login,
    make_org,
    make_user,
    signed_in,
    unique_email,
)
from httpx import AsyncClient
from mailsink import MailSink
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inkpass.audit.models import AuditEvent


async def test_read_and_rename_myself(client: AsyncClient, db: AsyncSession) -> None:
    me = await signed_in(client, db, display_name="Jane")
    response = await client.get("/api/v1/users/me", headers=me.headers)
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == me.user.email and body["display_name"] == "Jane"
    assert body["has_password"] is True and "password_hash" not in body
    renamed = await client.patch(
        "/api/v1/users/me", json={"display_name": "Jane Q. Doe"}, headers=me.headers
    )
    assert renamed.status_code == 200 and renamed.json()["display_name"] == "Jane Q. Doe"
    again = await client.get("/api/v1/users/me", headers=me.headers)
    assert again.json()["display_name"] == "Jane Q. Doe"
    refused = await client.patch(
        "/api/v1/users/me", json={"email": "x@example.com"}, headers=me.headers
    )
    assert refused.status_code == 422
    assert (await client.get("/api/v1/users/me")).status_code == 401


async def test_my_organizations_lists_each_membership_with_its_role(
    client: AsyncClient, db: AsyncSession
) -> None:
    me = await signed_in(client, db)
    second = await make_org(db, name="Second")
    await add_member(db, me.user, second, role="viewer")
    await make_org(db, name="Not mine")
    response = await client.get("/api/v1/users/me/organizations", headers=me.headers)
    assert [(org["id"], org["role"]) for org in response.json()] == [
        (str(me.org.id), "owner"),
        (str(second.id), "viewer"),
    ]


async def test_changing_email_needs_the_password_and_a_code_sent_to_the_new_address(
    client: AsyncClient, db: AsyncSession, mailbox: MailSink
) -> None:
    me = await signed_in(client, db)
    old_email, user_id = me.user.email, me.user.id
    new_email = unique_email("moved")

    wrong = await client.post(
        "/api/v1/users/me/email",
        json={"new_email": new_email, "password": "Not-The-Password-1"},
        headers=me.headers,
    )
    assert wrong.status_code == 403
    asked = await client.post(
        "/api/v1/users/me/email",
        json={"new_email": new_email.upper(), "password": DEFAULT_PASSWORD},
        headers=me.headers,
    )
    assert asked.status_code == 202, asked.text
    code = (await mailbox.wait_for(new_email, subject="new fluxos email")).code
    bad = await client.post(
        "/api/v1/users/me/email/confirm",
        json={"code": f"{(int(code) + 1) % 10**6:06d}"},
        headers=me.headers,
    )
    assert bad.status_code == 400
    confirmed = await client.post(
        "/api/v1/users/me/email/confirm", json={"code": code}, headers=me.headers
    )
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["email"] == new_email and confirmed.json()["email_verified"] is True
    await login(client, new_email)
    old = await client.post(
        "/api/v1/auth/login", json={"email": old_email, "password": DEFAULT_PASSWORD}
    )
    assert old.status_code == 401
    notice = await mailbox.wait_for(old_email, subject="email address was changed")
    assert new_email in notice.text
    actions = (
        await db.scalars(select(AuditEvent.action).where(AuditEvent.actor_user_id == user_id))
    ).all()
    assert "user.email_changed" in actions


async def test_an_address_in_use_is_not_revealed_to_the_requester(
    client: AsyncClient, db: AsyncSession, mailbox: MailSink
) -> None:
    me = await signed_in(client, db)
    taken, _, _ = await make_user(db)
    free = unique_email("free")
    answers = []
    for address in (taken.email, free):
        response = await client.post(
            "/api/v1/users/me/email",
            json={"new_email": address, "password": DEFAULT_PASSWORD},
            headers=me.headers,
        )
        answers.append((response.status_code, response.json()))
    assert answers[0] == answers[1] == (202, {"status": "verification_sent"})
    # The owner of the taken address hears of it; no code exists that could move onto it.
    warning = await mailbox.wait_for(taken.email, subject="requested by another account")
    assert "nothing was changed" in warning.text
    await mailbox.wait_for(free, subject="new fluxos email")
    assert not any("code" in item.subject.lower() for item in mailbox.to(taken.email))

from factories import auth_headers, make_user, unique_email
from fastapi import FastAPI
from httpx import AsyncClient
from mailsink import MailSink
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inkpass.audit.models import AuditEvent
from inkpass.auth.mfa import consume_mfa_challenge


async def request_code(client: AsyncClient, email: str):  # type: ignore[no-untyped-def]
    return await client.post("/api/v1/auth/login/code/request", json={"email": email})


async def test_signing_in_with_an_emailed_code(
    client: AsyncClient, db: AsyncSession, mailbox: MailSink
) -> None:
    user, org, _ = await make_user(db, password=None)  # e.g. an account without a password
    user.email_verified_at = None
    await db.flush()
    email, user_id = user.email, user.id
    answer = await request_code(client, email)
    assert answer.status_code == 202
    code = (await mailbox.wait_for(email, subject="sign-in code")).code
    response = await client.post("/api/v1/auth/login/code", json={"email": email, "code": code})
    assert response.status_code == 200, response.text
    tokens = response.json()
    assert tokens["user_id"] == str(user_id)
    assert tokens["organization_id"] == str(org.id)
    me = await client.get("/api/v1/users/me", headers=auth_headers(tokens["access_token"]))
    assert me.status_code == 200
    assert me.json()["email_verified"] is True  # the code proved the mailbox
    reused = await client.post("/api/v1/auth/login/code", json={"email": email, "code": code})
    assert reused.status_code == 400
    logins = (
        await db.scalars(
            select(AuditEvent.details).where(
                AuditEvent.actor_user_id == user_id, AuditEvent.action == "auth.login"
            )
        )
    ).all()
    assert {"method": "email_code"} in logins


async def test_unknown_addresses_get_the_same_answers(
    client: AsyncClient, db: AsyncSession, mailbox: MailSink
) -> None:
    user, _, _ = await make_user(db)
    email = user.email
    ghost = unique_email("ghost")
    known = await request_code(client, email)
    unknown = await request_code(client, ghost)
    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json()
    code = (await mailbox.wait_for(email, subject="sign-in code")).code
    wrong_known = await client.post(
        "/api/v1/auth/login/code",
        json={"email": email, "code": f"{(int(code) + 1) % 10**6:06d}"},
    )
    wrong_unknown = await client.post(
        "/api/v1/auth/login/code", json={"email": ghost, "code": code}
    )
    assert wrong_known.status_code == wrong_unknown.status_code == 400
    assert wrong_known.json() == wrong_unknown.json()
    await mailbox.settle()
    assert mailbox.to(ghost) == []


async def test_a_reset_code_does_not_sign_in(
    client: AsyncClient, db: AsyncSession, mailbox: MailSink
) -> None:
    user, _, _ = await make_user(db)
    email = user.email
    await client.post("/api/v1/auth/password/forgot", json={"email": email})
    code = (await mailbox.wait_for(email, subject="password reset")).code
    response = await client.post("/api/v1/auth/login/code", json={"email": email, "code": code})
    assert response.status_code == 400


async def test_accounts_with_two_factor_get_a_challenge_instead_of_tokens(
    client: AsyncClient, db: AsyncSession, mailbox: MailSink, inkpass_app: FastAPI
) -> None:
    user, org, _ = await make_user(db, totp_enabled=True)
    email, user_id = user.email, user.id
    await request_code(client, email)
    code = (await mailbox.wait_for(email, subject="sign-in code")).code
    response = await client.post("/api/v1/auth/login/code", json={"email": email, "code": code})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["mfa_required"] is True and "access_token" not in body
    assert await consume_mfa_challenge(inkpass_app.state.redis, body["mfa_token"]) == (
        user_id,
        org.id,
    )


async def test_inactive_accounts_cannot_sign_in_by_code(
    client: AsyncClient, db: AsyncSession, mailbox: MailSink
) -> None:
    user, _, _ = await make_user(db, is_active=False)
    email = user.email
    assert (await request_code(client, email)).status_code == 202
    await mailbox.settle()
    assert mailbox.to(email) == []

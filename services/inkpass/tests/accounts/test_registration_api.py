import pytest
from factories import auth_headers, make_user, unique_email
from fastapi import FastAPI
from httpx import AsyncClient
from mailsink import MailSink
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inkpass.audit.models import AuditEvent
from inkpass.users.models import User

PASSWORD = "Blue-Kettle-Morning-7"


@pytest.fixture
def verification_required(inkpass_app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inkpass_app.state.settings, "registration_requires_verification", True)


async def register(client: AsyncClient, email: str, **extra: object):  # type: ignore[no-untyped-def]
    body = {"email": email, "password": PASSWORD, "display_name": "Jane Doe", **extra}
    return await client.post("/api/v1/auth/register", json=body)


async def test_register_creates_the_user_and_an_owned_organization_and_signs_in(
    client: AsyncClient, mailbox: MailSink
) -> None:
    email = unique_email("Jane")
    response = await register(client, email.upper(), organization_name="Acme Robotics")
    assert response.status_code == 201, response.text
    tokens = response.json()
    assert tokens["token_type"] == "bearer" and tokens["refresh_token"]
    me = await client.get("/api/v1/users/me", headers=auth_headers(tokens["access_token"]))
    assert me.status_code == 200, me.text
    assert me.json()["email"] == email.lower()
    assert me.json()["email_verified"] is False
    orgs = await client.get(
        "/api/v1/users/me/organizations", headers=auth_headers(tokens["access_token"])
    )
    assert [(org["name"], org["role"]) for org in orgs.json()] == [("Acme Robotics", "owner")]
    assert orgs.json()[0]["id"] == tokens["organization_id"]
    # A verification code was emailed; it verifies the address.
    received = await mailbox.wait_for(email, subject="verification code")
    verified = await client.post(
        "/api/v1/auth/verify-email",
        json={"code": received.code},
        headers=auth_headers(tokens["access_token"]),
    )
    assert verified.status_code == 200, verified.text
    me = await client.get("/api/v1/users/me", headers=auth_headers(tokens["access_token"]))
    assert me.json()["email_verified"] is True


async def test_an_existing_address_is_a_409_in_development_mode(
    client: AsyncClient, db: AsyncSession
) -> None:
    user, _, _ = await make_user(db)
    response = await register(client, user.email.upper())
    assert response.status_code == 409
    assert response.json()["error"] == "EmailTaken"


async def test_weak_passwords_are_refused_with_reasons(client: AsyncClient) -> None:
    email = unique_email("weak")
    for password in ("short", "password123", email.split("@")[0] + "!x"):
        response = await client.post(
            "/api/v1/auth/register",
            json={"email": email, "password": password, "display_name": "Weak"},
        )
        assert response.status_code == 422, (password, response.text)
        assert response.json()["error"] == "WeakPassword"
        assert response.json()["reasons"]


async def test_invalid_payloads_are_refused(client: AsyncClient) -> None:
    for body in (
        {"email": "not-an-email", "password": PASSWORD, "display_name": "X"},
        {"email": unique_email(), "password": PASSWORD, "display_name": ""},
        {"email": unique_email(), "password": PASSWORD, "display_name": "X", "role": "owner"},
    ):
        response = await client.post("/api/v1/auth/register", json=body)
        assert response.status_code == 422, body


@pytest.mark.usefixtures("verification_required")
async def test_enumeration_safe_mode_answers_alike_for_new_and_existing_addresses(
    client: AsyncClient, db: AsyncSession, mailbox: MailSink
) -> None:
    existing, _, _ = await make_user(db)
    new_email = unique_email("new")
    first = await register(client, new_email)
    second = await register(client, existing.email)
    assert first.status_code == second.status_code == 202
    assert first.json() == second.json() == {"status": "verification_sent"}
    # The new address got a code; the owner of the existing one was told of the attempt.
    code_mail = await mailbox.wait_for(new_email, subject="verification code")
    warning = await mailbox.wait_for(existing.email, subject="tried to register")
    assert "already exists" in warning.text
    # The existing account is untouched; the new one exists, unverified until the code is used.
    created = (await db.execute(select(User).where(User.email == new_email))).scalar_one()
    assert created.email_verified_at is None
    verified = await client.post(
        "/api/v1/auth/verify-email", json={"email": new_email, "code": code_mail.code}
    )
    assert verified.status_code == 200, verified.text
    await db.refresh(created)
    assert created.email_verified_at is not None
    events = (
        await db.scalars(select(AuditEvent.action).where(AuditEvent.target_id == str(existing.id)))
    ).all()
    assert "user.registration_duplicate" in events


async def test_signed_out_verification_never_says_whether_the_account_exists(
    client: AsyncClient, db: AsyncSession, mailbox: MailSink
) -> None:
    user, _, _ = await make_user(db)
    user.email_verified_at = None
    await db.flush()
    email = user.email  # failed requests roll back and expire loaded rows
    unknown = unique_email("ghost")
    known_answer = await client.post("/api/v1/auth/verify-email/request", json={"email": email})
    unknown_answer = await client.post("/api/v1/auth/verify-email/request", json={"email": unknown})
    assert known_answer.status_code == unknown_answer.status_code == 202
    assert known_answer.json() == unknown_answer.json()
    received = await mailbox.wait_for(email, subject="verification code")
    bad_known = await client.post(
        "/api/v1/auth/verify-email",
        json={"email": email, "code": f"{(int(received.code) + 1) % 10**6:06d}"},
    )
    bad_unknown = await client.post(
        "/api/v1/auth/verify-email", json={"email": unknown, "code": received.code}
    )
    assert bad_known.status_code == bad_unknown.status_code == 400
    assert bad_known.json() == bad_unknown.json()
    good = await client.post(
        "/api/v1/auth/verify-email", json={"email": email, "code": received.code}
    )
    assert good.status_code == 200
    assert good.json()["email"] == email

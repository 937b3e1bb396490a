"""Signing in: tokens, identical failures, lockout under concurrency, 2FA challenge, audit."""

import asyncio
import statistics
import time
import uuid
from collections.abc import AsyncIterator

import jwt
import pytest
from factories import DEFAULT_PASSWORD, add_member, auth_headers, login, make_org, make_user
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.db import unit_of_work
from fluxkit.testing import client_for
from inkpass.audit.models import AuditEvent
from inkpass.auth.mfa import consume_mfa_challenge
from inkpass.orgs.models import Organization
from inkpass.users.models import User

LOGIN = "/api/v1/auth/login"


async def attempt(client: AsyncClient, email: str, password: str, **extra: object):  # type: ignore[no-untyped-def]
    return await client.post(LOGIN, json={"email": email, "password": password, **extra})


async def test_login_returns_a_token_pair_for_the_oldest_membership(
    client: AsyncClient, db: AsyncSession
) -> None:
    user, org, _ = await make_user(db, role="admin")
    second = await make_org(db)
    await add_member(db, user, second, role="viewer")
    response = await attempt(client, user.email.upper(), DEFAULT_PASSWORD)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 30 * 60
    assert body["user_id"] == str(user.id)
    assert body["organization_id"] == str(org.id)
    assert body["refresh_token"].startswith("flxr_")
    claims = jwt.decode(body["access_token"], options={"verify_signature": False})
    assert claims["sub"] == str(user.id)
    assert claims["org"] == str(org.id)
    assert claims["roles"] == ["admin"]
    assert claims["typ"] == "access"
    assert claims["exp"] - claims["iat"] == 30 * 60
    assert claims["amr"] == ["pwd"]
    assert jwt.get_unverified_header(body["access_token"])["alg"] == "EdDSA"
    me = await client.get("/api/v1/auth/sessions", headers=auth_headers(body["access_token"]))
    assert me.status_code == 200, me.text
    event = await db.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "auth.login", AuditEvent.actor_user_id == user.id
        )
    )
    assert event is not None and event.organization_id == org.id and event.outcome == "success"


async def test_login_into_a_chosen_organization(client: AsyncClient, db: AsyncSession) -> None:
    user, _, _ = await make_user(db)
    other = await make_org(db)
    await add_member(db, user, other, role="member")
    tokens = await login(client, user.email, organization_id=other.id)
    assert tokens["organization_id"] == str(other.id)
    claims = jwt.decode(tokens["access_token"], options={"verify_signature": False})
    assert claims["roles"] == ["member"]
    stranger = await make_org(db)
    refused = await attempt(client, user.email, DEFAULT_PASSWORD, organization_id=str(stranger.id))
    assert refused.status_code == 404


async def test_unknown_account_and_wrong_password_answer_identically(
    client: AsyncClient, db: AsyncSession
) -> None:
    user, _, _ = await make_user(db)
    passwordless, _, _ = await make_user(db, password=None)
    inactive, _, _ = await make_user(db, is_active=False)
    # Read before any request: a failed request rolls back the shared session, expiring rows.
    emails = [user.email, passwordless.email, inactive.email]
    answers = [
        await attempt(client, f"nobody-{uuid.uuid4().hex}@example.com", DEFAULT_PASSWORD),
        await attempt(client, emails[0], "wrong password entirely"),
        await attempt(client, emails[1], DEFAULT_PASSWORD),
        await attempt(client, emails[2], DEFAULT_PASSWORD),
    ]
    assert {response.status_code for response in answers} == {401}
    assert len({response.text for response in answers}) == 1
    assert answers[0].json()["error"] == "InvalidCredentials"
    assert {tuple(sorted(response.headers.keys())) for response in answers}.__len__() == 1


async def test_unknown_accounts_take_as_long_as_wrong_passwords(
    client: AsyncClient, db: AsyncSession
) -> None:
    emails = [(await make_user(db))[0].email for _ in range(4)]
    unknown: list[float] = []
    wrong: list[float] = []
    for email in emails:
        started = time.perf_counter()
        await attempt(client, f"ghost-{uuid.uuid4().hex}@example.com", "whatever it is")
        unknown.append(time.perf_counter() - started)
        started = time.perf_counter()
        await attempt(client, email, "whatever it is")
        wrong.append(time.perf_counter() - started)
    ratio = statistics.median(unknown) / statistics.median(wrong)
    # Both pay one argon2 verification (tens of milliseconds); a skipped hash would be ~10x faster.
    assert 0.5 < ratio < 2.0, (unknown, wrong)


async def test_failures_are_audited_even_though_the_request_fails(
    client: AsyncClient, db: AsyncSession
) -> None:
    user, org, _ = await make_user(db)
    user_id, org_id, email = user.id, org.id, user.email
    ghost = f"ghost-{uuid.uuid4().hex}@example.com"
    await attempt(client, email, "nope nope nope")
    await attempt(client, ghost, "nope nope nope")
    events = list(
        await db.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "auth.login_failed",
                AuditEvent.details["email"].astext.in_([email, ghost]),
            )
        )
    )
    by_email = {event.details["email"]: event for event in events}
    assert by_email[email].actor_user_id == user_id
    assert by_email[email].organization_id == org_id
    assert by_email[email].details["reason"] == "wrong_password"
    assert by_email[ghost].actor_user_id is None
    assert by_email[ghost].details["reason"] == "unknown_account"
    assert all(event.outcome == "failure" for event in events)


async def test_account_locks_after_the_allowed_failures(
    client: AsyncClient, db: AsyncSession
) -> None:
    email = (await make_user(db))[0].email
    for _ in range(5):
        assert (await attempt(client, email, "bad guess here")).status_code == 401
    locked = await attempt(client, email, DEFAULT_PASSWORD)
    assert locked.status_code == 429
    assert locked.json()["error"] == "TooManyLoginAttempts"
    assert 1 <= int(locked.headers["Retry-After"]) <= 900
    # Unknown addresses lock the same way, so the lock reveals nothing either.
    ghost = f"ghost-{uuid.uuid4().hex}@example.com"
    for _ in range(5):
        assert (await attempt(client, ghost, "bad guess here")).status_code == 401
    assert (await attempt(client, ghost, "bad guess here")).status_code == 429


async def test_success_clears_earlier_failures(client: AsyncClient, db: AsyncSession) -> None:
    email = (await make_user(db))[0].email
    for _ in range(4):
        await attempt(client, email, "bad guess here")
    await login(client, email)
    for _ in range(4):
        assert (await attempt(client, email, "bad guess here")).status_code == 401
    await login(client, email)


async def test_one_address_is_limited_across_accounts(
    inkpass_app: FastAPI, db: AsyncSession
) -> None:
    email = (await make_user(db))[0].email
    async with client_for(inkpass_app, db, client_ip="203.0.113.7") as attacker:
        statuses = [
            (await attempt(attacker, f"spray-{n}@example.com", "Summer2024!")).status_code
            for n in range(21)
        ]
        assert statuses[:20] == [401] * 20
        assert statuses[20] == 429
        # Even the right password is not checked from that address any more.
        assert (await attempt(attacker, email, DEFAULT_PASSWORD)).status_code == 429
    async with client_for(inkpass_app, db, client_ip="198.51.100.1") as someone_else:
        await login(someone_else, email)


@pytest.fixture
async def committed_user(inkpass_app: FastAPI, db: AsyncSession) -> AsyncIterator[User]:
    """A user committed for real: parallel requests cannot share the test's one connection."""
    factory = inkpass_app.state.session_factory
    async with unit_of_work(factory) as session:
        user, org, _ = await make_user(session)
    yield user
    async with unit_of_work(factory) as session:
        await session.execute(delete(User).where(User.id == user.id))
        await session.execute(delete(Organization).where(Organization.id == org.id))


async def test_parallel_wrong_passwords_get_exactly_the_allowed_tries(
    inkpass_app: FastAPI, committed_user: User
) -> None:
    async with client_for(inkpass_app) as http:
        responses = await asyncio.gather(
            *(attempt(http, committed_user.email, f"guess {n}") for n in range(100))
        )
        statuses = [response.status_code for response in responses]
        assert statuses.count(401) == 5, statuses
        assert statuses.count(429) == 95
        # Locked for the right password too, until the window passes.
        assert (await attempt(http, committed_user.email, DEFAULT_PASSWORD)).status_code == 429


async def test_two_factor_accounts_get_a_challenge_instead_of_tokens(
    inkpass_app: FastAPI, client: AsyncClient, db: AsyncSession
) -> None:
    user, org, _ = await make_user(db, totp_enabled=True)
    user_id, org_id, email = user.id, org.id, user.email
    response = await attempt(client, email, DEFAULT_PASSWORD)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["mfa_required"] is True
    assert "access_token" not in body and "refresh_token" not in body
    assert body["expires_in"] == 300
    redis = inkpass_app.state.redis
    assert await consume_mfa_challenge(redis, body["mfa_token"]) == (user_id, org_id)
    # The wrong password still gets the plain 401, not a challenge.
    wrong = await attempt(client, email, "not the password")
    assert wrong.status_code == 401 and "mfa_token" not in wrong.text


async def test_login_rejects_malformed_payloads(client: AsyncClient) -> None:
    assert (await client.post(LOGIN, json={"email": "a@b.c"})).status_code == 422
    extra = {"email": "a@b.c", "password": "x", "remember": True}
    assert (await client.post(LOGIN, json=extra)).status_code == 422


async def test_switch_organization_issues_tokens_for_a_membership_only(
    client: AsyncClient, db: AsyncSession
) -> None:
    user, first, _ = await make_user(db, role="owner")
    second = await make_org(db)
    await add_member(db, user, second, role="viewer")
    stranger = await make_org(db)
    user_id, first_id, second_id = user.id, first.id, second.id
    tokens = await login(client, user.email)
    headers = auth_headers(tokens["access_token"])
    switched = await client.post(
        "/api/v1/auth/switch-organization",
        json={"organization_id": str(second.id)},
        headers=headers,
    )
    assert switched.status_code == 200, switched.text
    body = switched.json()
    assert body["organization_id"] == str(second.id)
    claims = jwt.decode(body["access_token"], options={"verify_signature": False})
    assert claims["org"] == str(second.id) and claims["roles"] == ["viewer"]
    assert (
        claims["sid"]
        != jwt.decode(tokens["access_token"], options={"verify_signature": False})["sid"]
    )
    refused = await client.post(
        "/api/v1/auth/switch-organization",
        json={"organization_id": str(stranger.id)},
        headers=headers,
    )
    assert refused.status_code == 404
    anonymous = await client.post(
        "/api/v1/auth/switch-organization", json={"organization_id": str(second_id)}
    )
    assert anonymous.status_code == 401
    event = await db.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "auth.organization_switched", AuditEvent.actor_user_id == user_id
        )
    )
    assert event is not None and event.organization_id == second_id
    assert event.details["from_organization_id"] == str(first_id)

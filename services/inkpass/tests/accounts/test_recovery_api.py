import statistics
import time

import pytest
from factories import DEFAULT_PASSWORD, auth_headers, login, make_user, signed_in, unique_email
from fastapi import FastAPI
from httpx import AsyncClient
from mailsink import MailSink, start_sink
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inkpass.audit.models import AuditEvent
from inkpass.notify import SmtpNotifier, drain

NEW_PASSWORD = "Violet-Harbour-Lantern-42"


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


async def forgot(client: AsyncClient, email: str):  # type: ignore[no-untyped-def]
    return await client.post("/api/v1/auth/password/forgot", json={"email": email})


async def reset(client: AsyncClient, email: str, code: str, password: str = NEW_PASSWORD):  # type: ignore[no-untyped-def]
    return await client.post(
        "/api/v1/auth/password/reset",
        json={"email": email, "code": code, "new_password": password},
    )


async def test_forgot_and_reset_by_emailed_code_signs_out_every_session(
    client: AsyncClient, db: AsyncSession, mailbox: MailSink
) -> None:
    me = await signed_in(client, db)
    email, user_id = me.user.email, me.user.id
    other_device = await login(client, email)

    answer = await forgot(client, email.upper())
    assert answer.status_code == 202
    received = await mailbox.wait_for(email, subject="password reset")
    done = await reset(client, email, received.code)
    assert done.status_code == 200, done.text

    # Every session ended: access tokens and refresh tokens alike.
    for tokens in (me.tokens, other_device):
        gone = await client.get("/api/v1/users/me", headers=auth_headers(tokens["access_token"]))
        assert gone.status_code == 401
        refreshed = await client.post(
            "/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]}
        )
        assert refreshed.status_code == 401
    old = await client.post(
        "/api/v1/auth/login", json={"email": email, "password": DEFAULT_PASSWORD}
    )
    assert old.status_code == 401
    await login(client, email, NEW_PASSWORD)
    # The code was single use, the owner was told, and the reset is in the audit log.
    again = await reset(client, email, received.code, "Another-Quiet-Meadow-9")
    assert again.status_code == 400
    await mailbox.wait_for(email, subject="password was changed")
    actions = (
        await db.scalars(select(AuditEvent.action).where(AuditEvent.actor_user_id == user_id))
    ).all()
    assert "auth.password_reset_requested" in actions and "auth.password_reset" in actions


async def test_forgot_answers_the_same_for_unknown_addresses_and_sends_nothing(
    client: AsyncClient, db: AsyncSession, mailbox: MailSink
) -> None:
    user, _, _ = await make_user(db)
    ghost = unique_email("ghost")
    known = await forgot(client, user.email)
    unknown = await forgot(client, ghost)
    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json()
    await mailbox.wait_for(user.email, subject="password reset")
    await mailbox.settle()
    assert mailbox.to(ghost) == []
    # Resetting an unknown account looks like a wrong code.
    bad_known = await reset(client, user.email, "000000")
    bad_unknown = await reset(client, ghost, "000000")
    assert bad_known.status_code == bad_unknown.status_code == 400
    assert bad_known.json() == bad_unknown.json()


async def test_forgot_takes_comparable_time_even_with_a_slow_mail_server(
    client: AsyncClient, db: AsyncSession, inkpass_app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    sink, controller, port = start_sink(delay_seconds=0.6)
    settings = inkpass_app.state.settings.model_copy(
        update={"smtp_port": port, "smtp_host": "127.0.0.1"}
    )
    # (monkeypatch cannot restore attributes of Starlette's State: it deletes them)
    previous = inkpass_app.state.notifier
    inkpass_app.state.notifier = SmtpNotifier(settings)
    monkeypatch.setattr(inkpass_app.state.settings, "otp_requests_per_account", 100)
    try:
        user, _, _ = await make_user(db)
        timings: dict[str, list[float]] = {"known": [], "unknown": []}
        for _ in range(3):
            for kind, email in (("known", user.email), ("unknown", unique_email("ghost"))):
                started = time.perf_counter()
                response = await forgot(client, email)
                timings[kind].append(time.perf_counter() - started)
                assert response.status_code == 202
        await sink.wait_for(user.email, subject="password reset")
        known, unknown = (statistics.median(timings[k]) for k in ("known", "unknown"))
        # The mail server takes 0.6 s per message; the answer must not wait for it.
        assert abs(known - unknown) < 0.3, timings
        assert known < 0.5, timings
    finally:
        await drain(5)
        inkpass_app.state.notifier = previous
        controller.stop()


async def test_five_wrong_codes_burn_the_reset_code(
    client: AsyncClient, db: AsyncSession, mailbox: MailSink
) -> None:
    user, _, _ = await make_user(db)
    email = user.email
    await forgot(client, email)
    code = (await mailbox.wait_for(email, subject="password reset")).code
    for _ in range(5):
        assert (await reset(client, email, wrong(code))).status_code == 400
    burned = await reset(client, email, code)
    assert burned.status_code == 400
    assert burned.json()["error"] == "InvalidCode"
    await login(client, email)  # the password did not change


async def test_a_weak_new_password_is_refused_without_spending_the_code(
    client: AsyncClient, db: AsyncSession, mailbox: MailSink
) -> None:
    user, _, _ = await make_user(db)
    email = user.email
    await forgot(client, email)
    code = (await mailbox.wait_for(email, subject="password reset")).code
    weak = await reset(client, email, code, "password1")
    assert weak.status_code == 422 and weak.json()["error"] == "WeakPassword"
    assert (await reset(client, email, code)).status_code == 200


async def test_code_requests_are_limited_per_account_silently_and_per_address_loudly(
    client: AsyncClient,
    db: AsyncSession,
    mailbox: MailSink,
    inkpass_app: FastAPI,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    user, _, _ = await make_user(db)
    for _ in range(7):
        assert (await forgot(client, user.email)).status_code == 202
    await mailbox.wait_for(user.email, subject="password reset", count=5)
    await mailbox.settle()
    assert len(mailbox.to(user.email)) == 5  # the account limit: no mailbox flooding
    monkeypatch.setattr(inkpass_app.state.settings, "otp_requests_per_ip", 3)
    await inkpass_app.state.redis.flushdb()
    answers = [(await forgot(client, unique_email("ghost"))).status_code for _ in range(4)]
    assert answers == [202, 202, 202, 429]


async def test_verification_attempts_are_limited_per_account(
    client: AsyncClient, db: AsyncSession, inkpass_app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(inkpass_app.state.settings, "otp_verifications_per_account", 3)
    email = unique_email("ghost")
    answers = [(await reset(client, email, "123456")).status_code for _ in range(4)]
    assert answers == [400, 400, 400, 429]


async def test_change_password_needs_the_current_one_and_ends_other_sessions(
    client: AsyncClient, db: AsyncSession, mailbox: MailSink
) -> None:
    me = await signed_in(client, db)
    email, user_id = me.user.email, me.user.id
    other_device = await login(client, email)
    headers = me.headers

    wrong_current = await client.post(
        "/api/v1/auth/password/change",
        json={"current_password": "Not-The-Password-1", "new_password": NEW_PASSWORD},
        headers=headers,
    )
    assert wrong_current.status_code == 403
    weak = await client.post(
        "/api/v1/auth/password/change",
        json={"current_password": DEFAULT_PASSWORD, "new_password": "qwerty123"},
        headers=headers,
    )
    assert weak.status_code == 422
    changed = await client.post(
        "/api/v1/auth/password/change",
        json={"current_password": DEFAULT_PASSWORD, "new_password": NEW_PASSWORD},
        headers=headers,
    )
    assert changed.status_code == 200, changed.text
    # This session goes on; the other device is signed out.
    assert (await client.get("/api/v1/users/me", headers=headers)).status_code == 200
    other = await client.get("/api/v1/users/me", headers=auth_headers(other_device["access_token"]))
    assert other.status_code == 401
    await login(client, email, NEW_PASSWORD)
    await mailbox.wait_for(email, subject="password was changed")
    events = (
        await db.execute(
            select(AuditEvent.action, AuditEvent.outcome).where(AuditEvent.actor_user_id == user_id)
        )
    ).all()
    assert ("auth.password_changed", "success") in events
    assert ("auth.password_change_failed", "failure") in events


async def test_change_password_needs_a_signed_in_user(client: AsyncClient) -> None:
    response = await client.post(
        "/api/v1/auth/password/change",
        json={"current_password": DEFAULT_PASSWORD, "new_password": NEW_PASSWORD},
    )
    assert response.status_code == 401

"""InkPass's emails through Mimic, against a real local HTTP server standing in for Mimic."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

import anyio
import pytest
from factories import make_user
from fakes.mimic import Failure, FakeMimic
from fastapi import FastAPI
from httpx import AsyncClient
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.http import ServiceCallError, ServiceUnavailableError
from inkpass.notify import (
    MimicNotifier,
    SmtpNotifier,
    dispatch,
    drain,
    messages,
    notifier_for,
)
from inkpass.settings import InkPassSettings


@pytest.fixture
def mimic() -> Iterator[FakeMimic]:
    server = FakeMimic().start()
    yield server
    server.stop()


def notifier_to(mimic: FakeMimic, *, attempts: int = 4) -> MimicNotifier:
    return MimicNotifier(mimic.url, mimic.token, attempts=attempts, backoff_seconds=0.01)


async def send(notifier: MimicNotifier, to: str, email: messages.Email) -> None:
    await notifier.send_email(
        to=to,
        subject=email.subject,
        text=email.text,
        template=email.template,
        variables=email.variables,
        idempotency_key=email.idempotency_key(to),
    )


async def test_an_email_becomes_a_platform_notification_rendered_by_a_system_template(
    mimic: FakeMimic,
) -> None:
    email = messages.code_email("verify_email", "482913", 10)
    notifier = notifier_to(mimic)
    try:
        dispatch(notifier, "ada@example.com", email)
        await drain(5)
    finally:
        await notifier.aclose()
    [received] = mimic.received
    assert received.path == "/api/v1/notifications"
    assert received.headers["authorization"] == f"Bearer {mimic.token}"
    # Platform mail: InkPass acts for nobody.
    assert "x-fluxos-on-behalf-of" not in received.headers
    assert received.body == {
        "to": ["ada@example.com"],
        "template": "email-verification",
        "variables": {"code": "482913", "ttl_minutes": 10},
    }
    assert received.headers["idempotency-key"] == email.idempotency_key("ada@example.com")


async def test_the_idempotency_key_follows_the_message_not_its_content() -> None:
    first, second = messages.password_changed(), messages.password_changed()
    # Two password changes are two emails, even with identical content...
    assert first.idempotency_key("a@example.com") != second.idempotency_key("a@example.com")
    # ...while every attempt to send one of them carries the same key.
    assert first.idempotency_key("a@example.com") == first.idempotency_key("A@example.com")
    assert first.idempotency_key("a@example.com") != first.idempotency_key("b@example.com")


async def test_an_unavailable_mimic_is_tried_again_with_the_same_key(mimic: FakeMimic) -> None:
    mimic.fail_next(Failure(503, "ServiceUnavailable"), Failure(502, "BadGateway"))
    email = messages.invitation(
        organization="Acme",
        inviter="Grace",
        role="admin",
        token="inv_123",
        base_url="https://fluxos.example",
        days=7,
    )
    notifier = notifier_to(mimic)
    try:
        await send(notifier, "bob@example.com", email)
    finally:
        await notifier.aclose()
    assert len(mimic.received) == 3
    assert {item.headers["idempotency-key"] for item in mimic.received} == {
        email.idempotency_key("bob@example.com")
    }
    assert len(mimic.notifications) == 1  # one email queued, whatever the failures before it
    assert mimic.received[-1].body["variables"]["accept_url"] == (
        "https://fluxos.example/invitations/accept?token=inv_123"
    )


async def test_a_busy_mimic_is_waited_for_as_long_as_it_asks(mimic: FakeMimic) -> None:
    mimic.fail_next(Failure(429, "RateLimited", {"Retry-After": "1"}))
    notifier = notifier_to(mimic)
    started = time.monotonic()
    try:
        await send(notifier, "c@example.com", messages.code_email("login", "123456", 10))
    finally:
        await notifier.aclose()
    assert time.monotonic() - started >= 0.95  # Retry-After, not the 10 ms backoff
    assert len(mimic.received) == 2 and len(mimic.notifications) == 1


async def test_a_suppressed_recipient_is_logged_and_not_tried_again(
    mimic: FakeMimic, caplog: pytest.LogCaptureFixture
) -> None:
    mimic.fail_next(Failure(409, "RecipientSuppressed"))
    notifier = notifier_to(mimic)
    try:
        with caplog.at_level(logging.WARNING, logger="inkpass.notify.mimic"):
            await send(notifier, "bounced@example.com", messages.password_changed())
            await anyio.sleep(0.1)
    finally:
        await notifier.aclose()
    assert len(mimic.received) == 1
    assert any("RecipientSuppressed" in record.getMessage() for record in caplog.records)


async def test_a_refused_request_is_not_retried_and_a_lost_mimic_gives_up(
    mimic: FakeMimic,
) -> None:
    mimic.fail_next(Failure(422, "TemplateVariablesInvalid"))
    notifier = notifier_to(mimic)
    try:
        with pytest.raises(ServiceCallError) as refused:
            await send(notifier, "d@example.com", messages.email_changed("new@example.com"))
    finally:
        await notifier.aclose()
    assert refused.value.status == 422
    assert not isinstance(refused.value, ServiceUnavailableError)
    assert len(mimic.received) == 1

    mimic.stop()  # nothing listens any more
    gone = notifier_to(mimic, attempts=3)
    started = time.monotonic()
    try:
        with pytest.raises(ServiceUnavailableError):
            await send(gone, "d@example.com", messages.email_changed("new@example.com"))
    finally:
        await gone.aclose()
    assert time.monotonic() - started < 5


async def test_mimic_is_used_when_configured_with_a_credential() -> None:
    smtp_only = InkPassSettings(mimic_url="", service_token=SecretStr("flxs_" + "x" * 30))
    assert isinstance(notifier_for(smtp_only), SmtpNotifier)
    no_credential = InkPassSettings(mimic_url="http://mimic.test", service_token=SecretStr(""))
    assert isinstance(notifier_for(no_credential), SmtpNotifier)
    configured = notifier_for(
        InkPassSettings(mimic_url="http://mimic.test", service_token=SecretStr("flxs_" + "x" * 30))
    )
    assert isinstance(configured, MimicNotifier)
    assert configured.client.base_url == "http://mimic.test"
    await configured.aclose()


async def test_an_account_flow_sends_its_code_through_mimic(
    mimic: FakeMimic,
    client: AsyncClient,
    db: AsyncSession,
    inkpass_app: FastAPI,
) -> None:
    notifier = notifier_to(mimic)
    # Saved and put back by hand: app.state keeps its values outside the object's __dict__.
    previous = inkpass_app.state.notifier
    inkpass_app.state.notifier = notifier
    user, _, _ = await make_user(db)
    email = user.email
    try:
        requested = await client.post("/api/v1/auth/login/code/request", json={"email": email})
        assert requested.status_code == 202
        await drain(5)
    finally:
        inkpass_app.state.notifier = previous
        await notifier.aclose()
    [received] = mimic.received
    assert received.body["to"] == [email]
    assert received.body["template"] == "login-code"
    code = received.body["variables"]["code"]
    signed_in = await client.post("/api/v1/auth/login/code", json={"email": email, "code": code})
    assert signed_in.status_code == 200, signed_in.text

"""Sign-in alerts and 2FA change notices: the owner hears of what happens to their account."""

import time

from factories import DEFAULT_PASSWORD, make_user, signed_in
from httpx import AsyncClient
from mailsink import MailSink
from sqlalchemy.ext.asyncio import AsyncSession

from inkpass.totp import codes

LOGIN = "/api/v1/auth/login"
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0"


async def sign_in(client: AsyncClient, email: str, user_agent: str | None = None) -> None:
    headers = {"User-Agent": user_agent} if user_agent else {}
    response = await client.post(
        LOGIN, json={"email": email, "password": DEFAULT_PASSWORD}, headers=headers
    )
    assert response.status_code == 200, response.text


async def test_a_sign_in_from_a_new_browser_is_announced_once(
    client: AsyncClient, db: AsyncSession, mailbox: MailSink
) -> None:
    user, _, _ = await make_user(db)
    email = user.email
    await sign_in(client, email)  # the first sign-in: nothing to compare with
    await sign_in(client, email)  # the same browser and address again
    await mailbox.settle()
    assert mailbox.to(email) == []

    await sign_in(client, email, FIREFOX)
    alert = await mailbox.wait_for(email, subject="New sign-in")
    assert FIREFOX in alert.text
    assert "From: 127.0.0.1" in alert.text
    assert alert.message["X-Fluxos-Template"] == "login-alert"

    await sign_in(client, email, FIREFOX)  # known now
    await mailbox.settle()
    assert len(mailbox.to(email)) == 1


async def test_turning_two_factor_on_and_off_is_emailed(
    client: AsyncClient, db: AsyncSession, mailbox: MailSink
) -> None:
    who = await signed_in(client, db)
    setup = await client.post("/api/v1/auth/2fa/totp/setup", headers=who.headers)
    secret = setup.json()["secret"]
    enabled = await client.post(
        "/api/v1/auth/2fa/totp/enable",
        json={"code": codes.totp_code(secret), "password": DEFAULT_PASSWORD},
        headers=who.headers,
    )
    assert enabled.status_code == 200, enabled.text
    on = await mailbox.wait_for(who.email, subject="Two-factor authentication is on")
    assert "turned on for your fluxos account" in on.text
    assert on.message["X-Fluxos-Template"] == "two-factor-enabled"

    refused = await client.post(
        "/api/v1/auth/2fa/totp/disable",
        json={"code": codes.totp_code(secret, at=time.time() + 30), "password": "wrong"},
        headers=who.headers,
    )
    assert refused.status_code == 403
    disabled = await client.post(
        "/api/v1/auth/2fa/totp/disable",
        json={"code": codes.totp_code(secret, at=time.time() + 30), "password": DEFAULT_PASSWORD},
        headers=who.headers,
    )
    assert disabled.status_code == 200, disabled.text
    off = await mailbox.wait_for(who.email, subject="turned off")
    assert off.message["X-Fluxos-Template"] == "two-factor-disabled"
    await mailbox.settle()
    # One notice per change: the refused attempt sent nothing.
    assert [item.subject for item in mailbox.to(who.email)] == [
        "Two-factor authentication is on",
        "Two-factor authentication was turned off",
    ]

"""Sign up, confirm the email with the code from the mail catcher, turn on 2FA, sign out, and
sign in again through the TOTP step: all in the browser, against the real stack."""

from __future__ import annotations

import time
import uuid
from typing import Any

import pyotp
from playwright.sync_api import Page, expect
from web_helpers import PASSWORD, mail_code, shoot, wait_for_mail


def _fresh_code(totp: pyotp.TOTP, used: set[str]) -> str:
    """A current code not used yet (InkPass refuses a code twice), waiting for the next window."""
    deadline = time.monotonic() + 35
    while time.monotonic() < deadline:
        code = totp.now()
        if code not in used:
            used.add(code)
            return code
        time.sleep(0.5)
    raise AssertionError("no fresh TOTP code")


def test_sign_up_confirm_email_enable_2fa_and_sign_in_with_the_code(page: Page, web: Any) -> None:
    email = f"ada-{uuid.uuid4().hex[:10]}@example.com"
    page.goto("/")
    expect(page).to_have_url(f"{web.url}/login")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    shoot(page, "login")

    page.get_by_role("link", name="Create an account").click()
    expect(page.get_by_role("heading", name="Create your account")).to_be_visible()
    page.get_by_label("Your name").fill("Ada Lovelace")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    shoot(page, "signup")
    page.get_by_role("button", name="Create account").click()

    # Signed in straight away (development registration), asked to confirm the address.
    expect(page.get_by_role("heading", name="Inbox")).to_be_visible()
    expect(page.get_by_text("Please confirm your email address")).to_be_visible()
    page.get_by_role("link", name="Enter the code").click()
    code = mail_code(wait_for_mail(web.url, email, "verif"))
    page.get_by_label("Verification code").fill(code)
    page.get_by_role("button", name="Confirm", exact=True).click()
    expect(page.get_by_text("verified", exact=True)).to_be_visible()
    expect(page.get_by_text("Please confirm your email address")).to_have_count(0)

    # Two-step verification: the QR code (SVG from InkPass), the key, the code and password.
    page.get_by_role("link", name="Password & 2FA").click()
    page.get_by_role("button", name="Set up two-step verification").click()
    qr = page.get_by_role("img", name="QR code for your authenticator app")
    expect(qr).to_be_visible()
    assert (qr.get_attribute("src") or "").startswith("data:image/svg+xml")
    page.get_by_text("Can't scan? Enter this key instead").click()
    secret = page.get_by_test_id("totp-secret").inner_text().strip()
    shoot(page, "settings-2fa")
    totp = pyotp.TOTP(secret)
    used: set[str] = set()
    form = page.get_by_role("form", name="Enable two-step verification")
    form.get_by_label("Authentication code").fill(_fresh_code(totp, used))
    form.get_by_label("Password").fill(PASSWORD)
    form.get_by_role("button", name="Turn on").click()
    expect(page.get_by_text("Two-step verification is on.")).to_be_visible()
    backup = page.get_by_label("Backup codes").inner_text().split()
    assert len(backup) >= 5
    page.get_by_role("button", name="I've saved them").click()
    expect(page.get_by_text("backup codes left")).to_be_visible()

    # Sign out; a wrong code is refused with a clear message; the right one signs in.
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Two-step verification")).to_be_visible()
    shoot(page, "login-2fa")
    wrong = "000000" if totp.now() != "000000" else "111111"
    page.get_by_label("Authentication code").fill(wrong)
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("alert")).to_be_visible()
    page.get_by_label("Authentication code").fill(_fresh_code(totp, used))
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("heading", name="Inbox")).to_be_visible()

    # A reload keeps the session (refresh token), and no access token is stored.
    page.reload()
    expect(page.get_by_role("heading", name="Inbox")).to_be_visible()
    stored = page.evaluate("() => JSON.stringify(Object.assign({}, localStorage))")
    assert "access_token" not in stored and "refresh_token" in stored


def test_password_reset_with_the_emailed_code(page: Page, web: Any, account: Any) -> None:
    page.goto("/login")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Email").fill(account.email)
    page.get_by_role("button", name="Send reset code").click()
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    code = mail_code(wait_for_mail(web.url, account.email, "reset"))
    page.get_by_label("Reset code", exact=True).fill("999999" if code != "999999" else "888888")
    page.get_by_label("New password", exact=True).fill("ember-willow-canvas-7713")
    page.get_by_role("button", name="Set new password").click()
    expect(page.get_by_role("alert")).to_be_visible()
    page.get_by_label("Reset code", exact=True).fill(code)
    page.get_by_role("button", name="Set new password").click()
    expect(page.get_by_text("Your password was changed")).to_be_visible()
    page.get_by_label("Email").fill(account.email)
    page.get_by_label("Password").fill("ember-willow-canvas-7713")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()

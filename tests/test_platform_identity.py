"""The platform as a person meets it: one URL, real processes, nothing but HTTP.

Register, verify the email with the code that arrives in the local mail catcher (InkPass sends
it through Mimic), enrol TOTP, log in with the second factor, create an API key, use it, revoke
it; send an email through Mimic's worker; store and fetch a file in Den.
"""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

import httpx
import pyotp


def _wait_for_mail(client: httpx.Client, recipient: str, subject_part: str) -> dict:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        caught = client.get("/api/v1/notifications/dev/mail/messages").json()
        for message in caught:
            if recipient in message["to"] and subject_part.lower() in message["subject"].lower():
                return client.get(f"/api/v1/notifications/dev/mail/messages/{message['id']}").json()
        time.sleep(0.2)
    raise AssertionError(f"no mail to {recipient} about {subject_part!r} arrived")


def _stack_output(stack: Any) -> str:
    """The end of the detached stack's own output (the gateway serving every API)."""
    path = stack.data_dir / "fluxos.log"
    return path.read_text(errors="replace")[-4000:] if path.exists() else ""


def test_seeded_admin_logs_in(stack: Any) -> None:
    with httpx.Client(base_url=stack.url) as client:
        login = client.post(
            "/api/v1/auth/login",
            json={"email": stack.admin_email, "password": stack.admin_password},
        )
        assert login.status_code == 200, login.text
        me = client.get(
            "/api/v1/users/me", headers={"Authorization": f"Bearer {login.json()['access_token']}"}
        )
        assert me.json()["email"] == stack.admin_email


def test_register_verify_totp_login_and_api_key_lifecycle(stack: Any) -> None:
    email = f"ada-{uuid.uuid4().hex[:8]}@example.com"
    password = "copper-meadow-violin-3391"
    with httpx.Client(base_url=stack.url, timeout=20) as client:
        registered = client.post(
            "/api/v1/auth/register",
            json={"email": email, "password": password, "display_name": "Ada"},
        )
        assert registered.status_code == 201, registered.text
        auth = {"Authorization": f"Bearer {registered.json()['access_token']}"}

        mail = _wait_for_mail(client, email, "verif")
        # InkPass sent it through Mimic: rendered from Mimic's system template, delivered by
        # Mimic's worker (which stamps its notification id), not by InkPass's SMTP fallback.
        assert mail["subject"] == "Your fluxos verification code", _stack_output(stack)
        assert "Verify your email address" in mail["html"] and "Sent by fluxos." in mail["html"]
        assert uuid.UUID(mail["headers"]["X-Fluxos-Notification-Id"])
        assert "X-Fluxos-Template" not in mail["headers"]
        code = re.search(r"\b(\d{6})\b", mail["text"]).group(1)
        verified = client.post("/api/v1/auth/verify-email", json={"code": code}, headers=auth)
        assert verified.status_code in (200, 204), verified.text
        assert client.get("/api/v1/users/me", headers=auth).json()["email_verified"] is True

        setup = client.post("/api/v1/auth/2fa/totp/setup", headers=auth).json()
        assert setup["otpauth_uri"].startswith("otpauth://totp/")
        assert setup["qr_code"].startswith("data:image/svg+xml")
        totp = pyotp.TOTP(setup["secret"])
        enabled = client.post(
            "/api/v1/auth/2fa/totp/enable",
            json={"code": totp.now(), "password": password},
            headers=auth,
        )
        assert enabled.status_code == 200, enabled.text
        assert len(enabled.json()["backup_codes"]) == 10
        notice = _wait_for_mail(client, email, "Two-factor authentication is on")
        assert "X-Fluxos-Notification-Id" in notice["headers"]

        challenge = client.post("/api/v1/auth/login", json={"email": email, "password": password})
        assert challenge.json()["mfa_required"] is True
        wrong = client.post(
            "/api/v1/auth/login/2fa",
            json={"mfa_token": challenge.json()["mfa_token"], "code": "000000"},
        )
        assert wrong.status_code == 401
        # The enrolment spent the current step; the next step's code is within the window.
        tokens = client.post(
            "/api/v1/auth/login/2fa",
            json={
                "mfa_token": challenge.json()["mfa_token"],
                "code": totp.at(time.time() + 30),
            },
        )
        assert tokens.status_code == 200, tokens.text
        auth = {"Authorization": f"Bearer {tokens.json()['access_token']}"}

        created = client.post(
            "/api/v1/api-keys", json={"name": "ci", "scopes": ["files:*"]}, headers=auth
        )
        assert created.status_code == 201, created.text
        key = created.json()["key"]
        assert key.startswith("flx_")
        listed = client.get("/api/v1/api-keys", headers=auth).json()
        assert all(key not in str(item) for item in listed)
        with_key = {"Authorization": f"Bearer {key}"}
        assert client.get("/api/v1/files", headers=with_key).status_code == 200

        revoked = client.delete(f"/api/v1/api-keys/{created.json()['id']}", headers=auth)
        assert revoked.status_code in (200, 204)
        time.sleep(1.0)
        assert client.get("/api/v1/files", headers=with_key).status_code == 401
        assert client.get("/api/v1/users/me", headers=with_key).status_code == 401


def test_email_through_mimic_worker_and_file_through_den(stack: Any) -> None:
    with httpx.Client(base_url=stack.url, timeout=20) as client:
        login = client.post(
            "/api/v1/auth/login",
            json={"email": stack.admin_email, "password": stack.admin_password},
        )
        auth = {"Authorization": f"Bearer {login.json()['access_token']}"}
        recipient = f"team-{uuid.uuid4().hex[:8]}@example.com"
        sent = client.post(
            "/api/v1/notifications",
            json={"to": [recipient], "subject": "Weekly digest", "text": "All green."},
            headers={**auth, "Idempotency-Key": uuid.uuid4().hex},
        )
        assert sent.status_code == 202, sent.text
        mail = _wait_for_mail(client, recipient, "Weekly digest")
        assert "All green." in mail["text"], stack.log("mimic-worker.log")
        deadline = time.monotonic() + 10
        status = ""
        while time.monotonic() < deadline and status != "sent":
            status = client.get(f"/api/v1/notifications/{sent.json()['id']}", headers=auth).json()[
                "status"
            ]
            time.sleep(0.2)
        assert status == "sent"

        payload = b"%PDF-1.4\n" + bytes(range(256)) * 64
        uploaded = client.post(
            "/api/v1/files",
            files={"file": ("report.pdf", payload, "application/octet-stream")},
            headers=auth,
        )
        assert uploaded.status_code == 201, uploaded.text
        file_id = uploaded.json()["id"]
        assert uploaded.json()["content_type"] == "application/pdf"
        partial = client.get(
            f"/api/v1/files/{file_id}/content", headers={**auth, "Range": "bytes=0-8"}
        )
        assert partial.status_code == 206
        assert partial.content == payload[:9]

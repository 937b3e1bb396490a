"""The dev mail catcher: a real SMTP server whose messages a person can read in the browser."""

from __future__ import annotations

import smtplib
import uuid
from email.message import EmailMessage

import anyio
from httpx import AsyncClient

from fluxkit.testing import client_for, running
from mimic.app import create_app
from mimic.devmail.catcher import MailCatcher
from mimic.settings import MimicSettings


def _send(port: int, to: str, html: str) -> None:
    message = EmailMessage()
    message["From"] = "fluxos <no-reply@fluxos.local>"
    message["To"] = to
    message["Subject"] = "Check the catcher"
    message.set_content("plain words")
    message.add_alternative(html, subtype="html")
    with smtplib.SMTP("127.0.0.1", port, timeout=5) as smtp:
        smtp.send_message(message)


async def test_caught_mail_is_listed_and_shown_sandboxed(
    client: AsyncClient, sink: MailCatcher
) -> None:
    to = f"dev-{uuid.uuid4().hex[:8]}@example.com"
    await anyio.to_thread.run_sync(_send, sink.port, to, "<p>Hi</p><script>alert(1)</script>")
    caught = await sink.wait_for(lambda message: to in message.recipients)

    listed = await client.get("/api/v1/notifications/dev/mail/messages")
    assert listed.status_code == 200
    assert any(item["id"] == caught.id and item["to"] == [to] for item in listed.json())
    detail = (await client.get(f"/api/v1/notifications/dev/mail/messages/{caught.id}")).json()
    assert detail["text"].strip() == "plain words"

    page = await client.get(f"/api/v1/notifications/dev/mail?show={caught.id}")
    assert page.status_code == 200
    assert "Check the catcher" in page.text
    frame_src = f"/api/v1/notifications/dev/mail/messages/{caught.id}/html"
    assert f'<iframe sandbox src="{frame_src}">' in page.text

    body = await client.get(frame_src)
    assert body.headers["content-security-policy"] == "sandbox"
    assert "<script>alert(1)</script>" in body.text


async def test_the_catcher_is_off_unless_enabled(
    mimic_settings: MimicSettings, authenticator
) -> None:
    production_like = mimic_settings.model_copy(update={"devmail_enabled": False})
    assert production_like.devmail_active is False
    app = create_app(production_like, authenticator=authenticator)
    async with running(app), client_for(app) as http:
        response = await http.get("/api/v1/notifications/dev/mail/messages")
        assert response.status_code == 404
    assert MimicSettings(environment="development").devmail_active is True
    assert MimicSettings(environment="test", keyring="k:" + "A" * 43).devmail_active is False


async def test_short_link_leads_to_the_page(client: AsyncClient) -> None:
    moved = await client.get("/dev/mail", follow_redirects=False)
    assert moved.status_code == 307
    assert moved.headers["location"] == "/api/v1/notifications/dev/mail"

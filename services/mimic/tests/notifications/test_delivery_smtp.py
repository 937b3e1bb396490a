"""An email sent through the API arrives at a real SMTP server, delivered by a real worker."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from httpx import AsyncClient
from mimic_test_fakes.helpers import wait_for_status

from mimic.devmail.catcher import MailCatcher

pytestmark = pytest.mark.usefixtures("worker")


async def test_email_sent_through_the_api_arrives_at_the_smtp_sink(
    live_client: AsyncClient, owner: dict[str, str], sink: MailCatcher
) -> None:
    address = f"ada-{uuid.uuid4().hex[:8]}@example.com"
    response = await live_client.post(
        "/api/v1/notifications",
        headers=owner,
        json={
            "to": [address],
            "subject": "Your report is ready",
            "text": "Hello Ada, the report is attached.",
            "html": "<p>Hello <b>Ada</b>, the report is attached.</p>",
            "metadata": {"report": "weekly"},
        },
    )
    assert response.status_code == 202, response.text
    accepted = response.json()
    assert accepted["status"] == "queued"
    assert response.headers["location"] == f"/api/v1/notifications/{accepted['id']}"

    caught = await sink.wait_for(lambda message: address in message.recipients)
    assert caught.subject == "Your report is ready"
    assert caught.text is not None and "the report is attached" in caught.text
    assert caught.html is not None and "<b>Ada</b>" in caught.html
    assert caught.headers["X-Fluxos-Notification-Id"] == accepted["id"]
    assert "no-reply@fluxos.local" in caught.headers["From"]

    sent = await wait_for_status(live_client, owner, accepted["id"], {"sent"})
    assert sent["provider"] == "smtp"
    assert sent["provider_message_id"] == caught.headers["Message-ID"]
    assert sent["attempts"] == 1
    assert sent["metadata"] == {"report": "weekly"}
    assert [event["type"] for event in sent["events"]] == ["queued", "sending", "sent"]


async def test_html_only_email_gets_a_plain_text_part(
    live_client: AsyncClient, owner: dict[str, str], sink: MailCatcher
) -> None:
    address = f"text-{uuid.uuid4().hex[:8]}@example.com"
    response = await live_client.post(
        "/api/v1/notifications",
        headers=owner,
        json={
            "to": address,
            "subject": "Hi",
            "html": "<h1>Welcome</h1><p>Glad you&rsquo;re here</p>",
        },
    )
    assert response.status_code == 202, response.text
    caught = await sink.wait_for(lambda message: address in message.recipients)
    assert caught.text is not None
    assert "Welcome" in caught.text and "Glad you\u2019re here" in caught.text
    assert "<h1>" not in caught.text


async def test_unreachable_smtp_server_retries_then_fails_with_the_reason(
    live_client: AsyncClient, owner: dict[str, str]
) -> None:
    # The organization's own SMTP server is down: every attempt is a transient failure.
    response = await live_client.put(
        "/api/v1/notifications/provider",
        headers=owner,
        json={
            "provider": "smtp",
            "mail_from": "Ops <ops@example.com>",
            "host": "127.0.0.1",
            "port": 9,
            "security": "none",
        },
    )
    assert response.status_code == 200, response.text
    response = await live_client.post(
        "/api/v1/notifications",
        headers=owner,
        json={"to": "someone@example.com", "subject": "Hi", "text": "Hello"},
    )
    failed = await wait_for_status(live_client, owner, response.json()["id"], {"failed"})
    assert failed["attempts"] == 3
    assert failed["last_error"].startswith("gave up after 3 attempts: SMTP connection")
    types = [event["type"] for event in failed["events"]]
    assert types.count("retry_scheduled") == 2
    assert types[-1] == "failed"


async def test_a_resent_request_with_the_same_key_delivers_one_email(
    live_client: AsyncClient, owner: dict[str, str], sink: MailCatcher
) -> None:
    address = f"once-{uuid.uuid4().hex[:8]}@example.com"
    headers = {**owner, "Idempotency-Key": f"invoice-{address}"}
    body = {"to": [address], "subject": "Invoice", "text": "Your invoice."}
    # Two racing requests and a late retry by the client: one notification, one email.
    responses = await asyncio.gather(
        *(live_client.post("/api/v1/notifications", headers=headers, json=body) for _ in range(2))
    )
    first_id = responses[0].json()["id"]
    assert {response.json()["id"] for response in responses} == {first_id}
    await wait_for_status(live_client, owner, first_id, {"sent"})
    late = await live_client.post("/api/v1/notifications", headers=headers, json=body)
    assert late.status_code == 202 and late.json()["id"] == first_id
    assert late.json()["status"] == "sent"
    await asyncio.sleep(0.5)
    assert len([m for m in sink.messages() if address in m.recipients]) == 1

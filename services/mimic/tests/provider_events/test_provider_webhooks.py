"""Provider event webhooks: signed or authenticated, fresh, once, and only within their scope."""

from __future__ import annotations

import base64
import json
import time
import uuid
from dataclasses import dataclass

import pytest
from httpx import AsyncClient
from mimic_test_fakes.helpers import (
    RESEND_PLATFORM_SECRET,
    Tokens,
    basic_auth,
    resend_event,
    svix_headers,
)
from sqlalchemy.ext.asyncio import AsyncSession

from mimic.notifications import lifecycle
from mimic.notifications.lifecycle import Status
from mimic.notifications.models import Notification

RESEND_SECRET = "whsec_" + base64.b64encode(b"resend-signing-secret-for-tests").decode()
OTHER_SECRET = "whsec_" + base64.b64encode(b"some-other-secret-entirely").decode()


@pytest.fixture
async def resend_hook(client: AsyncClient, owner: dict[str, str]) -> str:
    response = await client.put(
        "/api/v1/notifications/provider",
        headers=owner,
        json={
            "provider": "resend",
            "mail_from": "hello@acme.test",
            "api_key": "re_test_key",
            "webhook_secret": RESEND_SECRET,
        },
    )
    assert response.status_code == 200, response.text
    return str(response.json()["webhook_url"]).removeprefix("http://testserver")


@pytest.fixture
async def postmark_hook(client: AsyncClient, owner: dict[str, str]) -> str:
    response = await client.put(
        "/api/v1/notifications/provider",
        headers=owner,
        json={
            "provider": "postmark",
            "mail_from": "hello@acme.test",
            "server_token": "pm-server-token",
            "webhook_username": "hooks",
            "webhook_password": "hook-password",
        },
    )
    assert response.status_code == 200, response.text
    return str(response.json()["webhook_url"]).removeprefix("http://testserver")


@dataclass(frozen=True)
class Sent:
    id: uuid.UUID
    provider_message_id: str


async def sent_notification(
    client: AsyncClient, db: AsyncSession, headers: dict[str, str], to: str, provider: str
) -> Sent:
    """A notification the provider accepted (as the worker would have recorded it)."""
    response = await client.post(
        "/api/v1/notifications", headers=headers, json={"to": [to], "subject": "Hi", "text": "Yo"}
    )
    assert response.status_code == 202, response.text
    notification = await db.get(Notification, uuid.UUID(response.json()["id"]))
    assert notification is not None
    lifecycle.transition(db, notification, Status.SENDING)
    notification.provider = provider
    notification.provider_message_id = f"{provider}-{uuid.uuid4()}"
    lifecycle.transition(db, notification, Status.SENT)
    await db.commit()  # a savepoint: later failing requests roll back only their own work
    return Sent(notification.id, notification.provider_message_id)


async def timeline(
    client: AsyncClient, headers: dict[str, str], notification_id: uuid.UUID
) -> dict:
    response = await client.get(f"/api/v1/notifications/{notification_id}", headers=headers)
    return response.json()


async def test_resend_signed_event_updates_the_status(
    client: AsyncClient, db: AsyncSession, owner: dict[str, str], resend_hook: str
) -> None:
    notification = await sent_notification(client, db, owner, "ada@example.com", "resend")
    body = resend_event("email.delivered", str(notification.id), ["ada@example.com"])
    response = await client.post(
        resend_hook, content=body, headers=svix_headers(RESEND_SECRET, body)
    )
    assert response.status_code == 200, response.text
    assert response.json() == {"status": "applied"}
    detail = await timeline(client, owner, notification.id)
    assert detail["status"] == "delivered"
    assert detail["events"][-1]["data"]["provider_event"] == "resend.email.delivered"


async def test_resend_event_with_a_wrong_signature_is_rejected(
    client: AsyncClient, db: AsyncSession, owner: dict[str, str], resend_hook: str
) -> None:
    notification = await sent_notification(client, db, owner, "ada@example.com", "resend")
    body = resend_event("email.delivered", str(notification.id), ["ada@example.com"])
    forged = await client.post(resend_hook, content=body, headers=svix_headers(OTHER_SECRET, body))
    assert forged.status_code == 401
    assert forged.json()["error"] == "InvalidSignature"

    signed = svix_headers(RESEND_SECRET, body)
    tampered = body.replace(b"email.delivered", b"email.bounced")
    assert (await client.post(resend_hook, content=tampered, headers=signed)).status_code == 401

    unsigned = await client.post(
        resend_hook, content=body, headers={"content-type": "application/json"}
    )
    assert unsigned.status_code == 401
    assert (await timeline(client, owner, notification.id))["status"] == "sent"


async def test_resend_stale_or_future_events_are_rejected(
    client: AsyncClient, db: AsyncSession, owner: dict[str, str], resend_hook: str
) -> None:
    notification = await sent_notification(client, db, owner, "ada@example.com", "resend")
    body = resend_event("email.delivered", str(notification.id), ["ada@example.com"])
    for skew in (-400, 400):
        headers = svix_headers(RESEND_SECRET, body, timestamp=int(time.time()) + skew)
        response = await client.post(resend_hook, content=body, headers=headers)
        assert response.status_code == 401
        assert "stale" in response.json()["detail"]
    recent = svix_headers(RESEND_SECRET, body, timestamp=int(time.time()) - 200)
    assert (await client.post(resend_hook, content=body, headers=recent)).status_code == 200


async def test_resend_accepts_any_valid_signature_among_several(
    client: AsyncClient, db: AsyncSession, owner: dict[str, str], resend_hook: str
) -> None:
    notification = await sent_notification(client, db, owner, "ada@example.com", "resend")
    body = resend_event("email.delivered", str(notification.id), ["ada@example.com"])
    headers = svix_headers(
        RESEND_SECRET, body, extra_signatures=["v1,bm90LWEtcmVhbC1zaWduYXR1cmU=", "v2,abc"]
    )
    assert (await client.post(resend_hook, content=body, headers=headers)).status_code == 200


async def test_the_same_event_twice_changes_nothing(
    client: AsyncClient, db: AsyncSession, owner: dict[str, str], resend_hook: str
) -> None:
    notification = await sent_notification(client, db, owner, "ada@example.com", "resend")
    body = resend_event("email.delivered", str(notification.id), ["ada@example.com"])
    headers = svix_headers(RESEND_SECRET, body, message_id="msg_fixed_1")
    first = await client.post(resend_hook, content=body, headers=headers)
    again = await client.post(resend_hook, content=body, headers=headers)
    assert first.json() == {"status": "applied"}
    assert again.json() == {"status": "duplicate"}
    events = (await timeline(client, owner, notification.id))["events"]
    assert [event["type"] for event in events] == ["queued", "sending", "sent", "delivered"]


async def test_a_hard_bounce_suppresses_the_address_for_later_sends(
    client: AsyncClient, db: AsyncSession, owner: dict[str, str], resend_hook: str
) -> None:
    notification = await sent_notification(client, db, owner, "gone@example.com", "resend")
    body = resend_event(
        "email.bounced",
        str(notification.id),
        ["gone@example.com"],
        bounce={"type": "Permanent", "subType": "General", "message": "Mailbox does not exist"},
    )
    response = await client.post(
        resend_hook, content=body, headers=svix_headers(RESEND_SECRET, body)
    )
    assert response.status_code == 200
    detail = await timeline(client, owner, notification.id)
    assert detail["status"] == "bounced"
    assert "Mailbox does not exist" in detail["events"][-1]["detail"]

    listed = await client.get("/api/v1/notifications/suppressions", headers=owner)
    [entry] = listed.json()["items"]
    assert entry["address"] == "gone@example.com"
    assert entry["reason"] == "bounced"
    assert entry["notification_id"] == str(notification.id)

    blocked = await client.post(
        "/api/v1/notifications",
        headers=owner,
        json={"to": ["Gone@Example.com", "ok@example.com"], "subject": "Again", "text": "x"},
    )
    assert blocked.status_code == 409
    assert blocked.json()["error"] == "RecipientSuppressed"
    assert blocked.json()["suppressed"] == ["gone@example.com"]
    assert "gone@example.com (bounced)" in blocked.json()["detail"]


async def test_a_soft_bounce_is_noted_without_suppressing(
    client: AsyncClient, db: AsyncSession, owner: dict[str, str], resend_hook: str
) -> None:
    notification = await sent_notification(client, db, owner, "busy@example.com", "resend")
    body = resend_event(
        "email.bounced",
        str(notification.id),
        ["busy@example.com"],
        bounce={"type": "Transient", "message": "Mailbox full"},
    )
    await client.post(resend_hook, content=body, headers=svix_headers(RESEND_SECRET, body))
    detail = await timeline(client, owner, notification.id)
    assert detail["status"] == "sent"
    assert detail["events"][-1]["type"] == "soft_bounce"
    assert (await client.get("/api/v1/notifications/suppressions", headers=owner)).json()[
        "items"
    ] == []


async def test_a_complaint_marks_the_notification_and_suppresses(
    client: AsyncClient, db: AsyncSession, owner: dict[str, str], resend_hook: str
) -> None:
    notification = await sent_notification(client, db, owner, "angry@example.com", "resend")
    delivered = resend_event("email.delivered", str(notification.id), ["angry@example.com"])
    await client.post(
        resend_hook, content=delivered, headers=svix_headers(RESEND_SECRET, delivered)
    )
    complained = resend_event("email.complained", str(notification.id), ["angry@example.com"])
    await client.post(
        resend_hook, content=complained, headers=svix_headers(RESEND_SECRET, complained)
    )
    assert (await timeline(client, owner, notification.id))["status"] == "complained"
    [entry] = (await client.get("/api/v1/notifications/suppressions", headers=owner)).json()[
        "items"
    ]
    assert entry["reason"] == "complained"


async def test_postmark_events_need_the_configured_basic_auth(
    client: AsyncClient, db: AsyncSession, owner: dict[str, str], postmark_hook: str
) -> None:
    notification = await sent_notification(client, db, owner, "ada@example.com", "postmark")
    body = json.dumps(
        {
            "RecordType": "Delivery",
            "ServerID": 23,
            "MessageStream": "outbound",
            "MessageID": notification.provider_message_id,
            "Recipient": "ada@example.com",
            "Tag": "",
            "DeliveredAt": "2026-01-01T12:00:00Z",
            "Details": "Test delivery webhook details",
            "Metadata": {"notification_id": str(notification.id)},
        }
    ).encode()
    wrong = await client.post(postmark_hook, content=body, headers=basic_auth("hooks", "guess"))
    assert wrong.status_code == 401
    missing = await client.post(postmark_hook, content=body)
    assert missing.status_code == 401
    assert (await timeline(client, owner, notification.id))["status"] == "sent"

    right = await client.post(
        postmark_hook, content=body, headers=basic_auth("hooks", "hook-password")
    )
    assert right.status_code == 200
    assert (await timeline(client, owner, notification.id))["status"] == "delivered"
    again = await client.post(
        postmark_hook, content=body, headers=basic_auth("hooks", "hook-password")
    )
    assert again.json() == {"status": "duplicate"}


async def test_postmark_hard_bounce_matched_by_message_id_suppresses(
    client: AsyncClient, db: AsyncSession, owner: dict[str, str], postmark_hook: str
) -> None:
    notification = await sent_notification(client, db, owner, "nobody@example.com", "postmark")
    body = json.dumps(
        {
            "RecordType": "Bounce",
            "ID": 4323372036854775807,
            "Type": "HardBounce",
            "TypeCode": 1,
            "MessageID": notification.provider_message_id,
            "Description": "The server was unable to deliver your message (ex: unknown user).",
            "Details": "smtp;550 5.1.1 The email account does not exist.",
            "Email": "nobody@example.com",
            "BouncedAt": "2026-01-01T12:00:00Z",
            "Inactive": True,
        }
    ).encode()
    response = await client.post(
        postmark_hook, content=body, headers=basic_auth("hooks", "hook-password")
    )
    assert response.json() == {"status": "applied"}
    detail = await timeline(client, owner, notification.id)
    assert detail["status"] == "bounced"
    assert "550 5.1.1" in detail["events"][-1]["detail"]
    blocked = await client.post(
        "/api/v1/notifications",
        headers=owner,
        json={"to": ["nobody@example.com"], "subject": "x", "text": "y"},
    )
    assert blocked.status_code == 409


async def test_postmark_spam_complaint(
    client: AsyncClient, db: AsyncSession, owner: dict[str, str], postmark_hook: str
) -> None:
    notification = await sent_notification(client, db, owner, "spam@example.com", "postmark")
    body = json.dumps(
        {
            "RecordType": "SpamComplaint",
            "ID": 42,
            "Type": "SpamComplaint",
            "MessageID": notification.provider_message_id,
            "Email": "spam@example.com",
            "Metadata": {"notification_id": str(notification.id)},
        }
    ).encode()
    await client.post(postmark_hook, content=body, headers=basic_auth("hooks", "hook-password"))
    assert (await timeline(client, owner, notification.id))["status"] == "complained"


async def test_an_organization_webhook_cannot_touch_another_organizations_email(
    client: AsyncClient,
    db: AsyncSession,
    owner: dict[str, str],
    resend_hook: str,
    tokens: Tokens,
) -> None:
    stranger = tokens.headers(uuid.uuid4(), "owner")
    theirs = await sent_notification(client, db, stranger, "victim@example.com", "resend")
    body = resend_event(
        "email.bounced",
        str(theirs.id),
        ["victim@example.com"],
        email_id=theirs.provider_message_id,
        bounce={"type": "Permanent", "message": "forged"},
    )
    response = await client.post(
        resend_hook, content=body, headers=svix_headers(RESEND_SECRET, body)
    )
    assert response.json() == {"status": "unmatched"}
    assert (await timeline(client, stranger, theirs.id))["status"] == "sent"
    assert (await client.get("/api/v1/notifications/suppressions", headers=stranger)).json()[
        "items"
    ] == []


async def test_platform_webhook_uses_the_platform_secret(
    client: AsyncClient, db: AsyncSession, owner: dict[str, str]
) -> None:
    notification = await sent_notification(client, db, owner, "ada@example.com", "resend")
    body = resend_event("email.delivered", str(notification.id), ["ada@example.com"])
    path = "/api/v1/provider-events/resend/platform"
    assert (
        await client.post(path, content=body, headers=svix_headers(RESEND_SECRET, body))
    ).status_code == 401
    response = await client.post(
        path, content=body, headers=svix_headers(RESEND_PLATFORM_SECRET, body)
    )
    assert response.json() == {"status": "applied"}


async def test_unknown_endpoints_are_404(client: AsyncClient) -> None:
    body = resend_event("email.delivered", str(uuid.uuid4()), ["a@example.com"])
    response = await client.post(
        "/api/v1/provider-events/resend/not-a-real-id",
        content=body,
        headers=svix_headers(RESEND_SECRET, body),
    )
    assert response.status_code == 404

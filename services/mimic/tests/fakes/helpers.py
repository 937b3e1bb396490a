"""Helpers for Mimic's tests: signed tokens, provider-event signatures, waiting on deliveries."""

from __future__ import annotations

import asyncio
import base64
import json
import time
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from httpx import AsyncClient

from fluxkit.testing import TokenMinter
from mimic.provider_events.verification import svix_signature

ISSUER = "fluxos-inkpass"
AUDIENCE = "fluxos"
SERVICE_TOKEN = "flxs_mimic-test-service-token"
RESEND_PLATFORM_SECRET = "whsec_" + base64.b64encode(b"platform-signing-secret-1234").decode()
POSTMARK_PLATFORM_USER = ("postmark-hooks", "platform-hook-password")


Tokens = TokenMinter
"""Real signed access tokens (the kit's minter), verified by the app with the public key."""


def svix_headers(
    secret: str,
    body: bytes,
    *,
    message_id: str | None = None,
    timestamp: int | None = None,
    extra_signatures: Iterable[str] = (),
) -> dict[str, str]:
    message_id = message_id or f"msg_{uuid.uuid4().hex}"
    sent_at = str(timestamp if timestamp is not None else int(time.time()))
    signature = svix_signature(secret, message_id, sent_at, body)
    signatures = " ".join([*extra_signatures, f"v1,{signature}"])
    return {
        "svix-id": message_id,
        "svix-timestamp": sent_at,
        "svix-signature": signatures,
        "content-type": "application/json",
    }


def basic_auth(username: str, password: str) -> dict[str, str]:
    encoded = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"Authorization": f"Basic {encoded}", "content-type": "application/json"}


def resend_event(event_type: str, notification_id: str, to: list[str], **data: Any) -> bytes:
    payload = {
        "type": event_type,
        "created_at": datetime.now(UTC).isoformat(),
        "data": {
            "email_id": data.pop("email_id", str(uuid.uuid4())),
            "from": "fluxos <no-reply@fluxos.local>",
            "to": to,
            "subject": "Hello",
            "created_at": "2026-01-01T11:59:59.000Z",
            "tags": {"notification_id": notification_id},
            **data,
        },
    }
    return json.dumps(payload).encode()


async def wait_for_status(
    client: AsyncClient,
    headers: dict[str, str],
    notification_id: str,
    expected: set[str],
    timeout: float = 15.0,
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    body: dict[str, Any] = {}
    while time.monotonic() < deadline:
        response = await client.get(f"/api/v1/notifications/{notification_id}", headers=headers)
        assert response.status_code == 200, response.text
        body = response.json()
        if body["status"] in expected:
            return body
        await asyncio.sleep(0.05)
    raise AssertionError(f"status stayed {body.get('status')!r}, wanted {expected}: {body}")

"""A generic webhook receiver: records every request, checks fluxos's outbound signature
(``X-Fluxos-Signature: sha256=<HMAC-SHA256 of "{X-Fluxos-Timestamp}.{body}">``) when it knows
the secret, and answers ``status`` (or 200 for an id it has seen, with ``dedupe_field``).

Also stands in for a fluxos service receiving events (e.g. Tentacle's
``POST /api/v1/triggers/events``: 202 for a new event id, 200 for a duplicate)."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from starlette.responses import Response

from .base import FakeSaaS, Recorded, json_response


def fluxos_signature(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


class FakeWebhookReceiver(FakeSaaS):
    name = "webhook-receiver"

    def __init__(
        self, *, secret: str | None = None, status: int = 200, dedupe_field: str | None = None
    ) -> None:
        super().__init__()
        self.secret = secret
        self.status = status
        self.dedupe_field = dedupe_field
        self.seen: set[str] = set()

    def verified(self, request: Recorded) -> bool:
        """Whether the request carries a valid signature for ``secret``."""
        if self.secret is None:
            return False
        timestamp = request.headers.get("x-fluxos-timestamp", "")
        given = request.headers.get("x-fluxos-signature", "")
        expected = fluxos_signature(self.secret, timestamp, request.body)
        return bool(timestamp) and hmac.compare_digest(given, expected)

    def handle(self, request: Recorded) -> Response | None:
        if self.secret is not None and not self.verified(request):
            return json_response({"error": "bad signature"}, 401)
        if self.dedupe_field is not None:
            document: Any = request.json() if request.body else {}
            key = str(document.get(self.dedupe_field)) if isinstance(document, dict) else ""
            if key in self.seen:
                return json_response({"status": "duplicate"}, 200)
            self.seen.add(key)
        return json_response({"status": "accepted"}, self.status)

    def accepted(self, path: str = "") -> list[Recorded]:
        """Requests answered with the configured (success) status."""
        return [r for r in self.requests_to(path) if r.status == self.status]

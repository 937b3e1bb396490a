"""Discord: the REST API a bot uses (channel messages, interaction follow-ups, /users/@me) and
the application's Ed25519 key pair, to sign interactions as Discord does."""

from __future__ import annotations

import itertools
import json
import re
import secrets
import time
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from starlette.responses import Response

from .base import FakeSaaS, Recorded, json_response

CHANNEL_MESSAGES = re.compile(r"^/channels/(\d+)/messages$")
WEBHOOK = re.compile(r"^/webhooks/(\d+)/([A-Za-z0-9._-]+)(/messages/@original)?$")


class FakeDiscord(FakeSaaS):
    name = "discord"

    def __init__(self) -> None:
        super().__init__()
        self.application_id = str(900_000_000_000_000_000 + secrets.randbelow(10**15))
        self.bot_token = "discord-bot-" + secrets.token_urlsafe(24)
        self._key = Ed25519PrivateKey.generate()
        self.public_key = self._key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()
        self._ids = itertools.count(1_200_000_000_000_000_000)
        self.messages: list[dict[str, Any]] = []
        """Messages posted to channels."""
        self.followups: list[dict[str, Any]] = []
        """Interaction answers: ``{"token", "kind": "followup"|"edit_original", "message"}``."""

    # -- what Discord sends to an interactions endpoint -----------------------------------------

    def sign(self, body: bytes, timestamp: str | None = None) -> dict[str, str]:
        stamp = timestamp or str(int(time.time()))
        signature = self._key.sign(stamp.encode() + body).hex()
        return {
            "X-Signature-Ed25519": signature,
            "X-Signature-Timestamp": stamp,
            "Content-Type": "application/json",
        }

    def interaction(
        self,
        command: str | None = None,
        *,
        options: dict[str, Any] | None = None,
        kind: int = 2,
        user_id: str = "80351110224678912",
        channel_id: str = "41771983423143937",
        guild_id: str = "41771983423143936",
    ) -> tuple[bytes, str]:
        """A signed-ready interaction body (PING when ``kind`` is 1) and its token."""
        token = "aW50ZXJhY3Rpb24" + secrets.token_urlsafe(24).replace("-", "x").replace("_", "y")
        body: dict[str, Any] = {
            "id": str(next(self._ids)),
            "application_id": self.application_id,
            "type": kind,
            "token": token,
            "version": 1,
        }
        if kind != 1:
            body |= {
                "channel_id": channel_id,
                "guild_id": guild_id,
                "member": {"user": {"id": user_id, "username": "alice"}, "roles": []},
                "data": {
                    "id": "771825006014889984",
                    "name": command or "ping",
                    "type": 1,
                    "options": [
                        {"name": name, "type": 3, "value": value}
                        for name, value in (options or {}).items()
                    ],
                },
            }
        return json.dumps(body).encode(), token

    # -- the REST API ------------------------------------------------------------------------------

    def _authorized(self, request: Recorded) -> bool:
        return request.headers.get("authorization") == f"Bot {self.bot_token}"

    def _message(self, channel_id: str, payload: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": str(next(self._ids)),
            "channel_id": channel_id,
            "content": payload.get("content", ""),
            "embeds": payload.get("embeds", []),
            "author": {"id": self.application_id, "username": "fluxos", "bot": True},
        }

    def handle(self, request: Recorded) -> Response | None:
        unauthorized = json_response({"message": "401: Unauthorized", "code": 0}, 401)
        if request.path == "/users/@me" and request.method == "GET":
            if not self._authorized(request):
                return unauthorized
            return json_response(
                {"id": self.application_id, "username": "fluxos", "bot": True, "discriminator": "0"}
            )
        channel = CHANNEL_MESSAGES.match(request.path)
        if channel and request.method == "POST":
            if not self._authorized(request):
                return unauthorized
            payload = request.json() or {}
            if not payload.get("content") and not payload.get("embeds"):
                return json_response(
                    {"message": "Cannot send an empty message", "code": 50006}, 400
                )
            message = self._message(channel.group(1), payload)
            self.messages.append(message)
            return json_response(message)
        webhook = WEBHOOK.match(request.path)
        if webhook:
            application, token, original = webhook.groups()
            if application != self.application_id:
                return json_response({"message": "Unknown Webhook", "code": 10015}, 404)
            payload = request.json() or {}
            if original and request.method == "PATCH":
                kind = "edit_original"
            elif not original and request.method == "POST":
                kind = "followup"
            else:
                return None
            message = self._message("0", payload)
            self.followups.append({"token": token, "kind": kind, "message": message})
            return json_response(message)
        return None

    def answers_for(self, token: str) -> list[dict[str, Any]]:
        """Follow-ups and edits sent for one interaction token."""
        return [entry for entry in self.followups if entry["token"] == token]

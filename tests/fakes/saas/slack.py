"""Slack: the Web API (``chat.postMessage``, ``auth.test``; 200 with ``ok: false`` on errors)
and its request signing, to send signed Events API callbacks and slash commands."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import secrets
import time
from typing import Any
from urllib.parse import urlencode

from starlette.responses import Response

from .base import FakeSaaS, Recorded, json_response


class FakeSlack(FakeSaaS):
    name = "slack"

    def __init__(self) -> None:
        super().__init__()
        self.bot_token = "xoxb-" + secrets.token_hex(12)
        self.signing_secret = secrets.token_hex(16)
        self.unknown_channels: set[str] = {"C_UNKNOWN"}
        self.messages: list[dict[str, Any]] = []
        self._ts = itertools.count(1)

    # -- what Slack sends to a request URL -------------------------------------------------------

    def sign(
        self,
        body: bytes,
        *,
        timestamp: int | None = None,
        content_type: str = "application/json",
        secret: str | None = None,
    ) -> dict[str, str]:
        stamp = str(timestamp if timestamp is not None else int(time.time()))
        base = f"v0:{stamp}:".encode() + body
        digest = hmac.new((secret or self.signing_secret).encode(), base, hashlib.sha256)
        return {
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": "v0=" + digest.hexdigest(),
            "Content-Type": content_type,
        }

    @staticmethod
    def event_callback(
        event: dict[str, Any], *, event_id: str | None = None, team_id: str = "T0001"
    ) -> bytes:
        return json.dumps(
            {
                "token": "deprecated-verification-token",
                "team_id": team_id,
                "api_app_id": "A0001",
                "event": event,
                "type": "event_callback",
                "event_id": event_id or "Ev" + secrets.token_hex(5).upper(),
                "event_time": int(time.time()),
            }
        ).encode()

    @staticmethod
    def slash_command(command: str, text: str = "", **fields: str) -> bytes:
        form = {
            "token": "deprecated-verification-token",
            "team_id": "T0001",
            "channel_id": fields.pop("channel_id", "C0001"),
            "user_id": fields.pop("user_id", "U0001"),
            "command": command,
            "text": text,
            "response_url": "https://hooks.slack.com/commands/T0001/1/abc",
            "trigger_id": fields.pop("trigger_id", f"{secrets.randbelow(10**9)}.1.abc"),
            **fields,
        }
        return urlencode(form).encode()

    # -- the Web API -------------------------------------------------------------------------------

    def handle(self, request: Recorded) -> Response | None:
        if request.method != "POST" or request.path not in ("/chat.postMessage", "/auth.test"):
            return None
        authorization = request.headers.get("authorization", "")
        if not authorization:
            return json_response({"ok": False, "error": "not_authed"})
        if authorization != f"Bearer {self.bot_token}":
            return json_response({"ok": False, "error": "invalid_auth"})
        if request.path == "/auth.test":
            return json_response(
                {
                    "ok": True,
                    "url": "https://fluxos-test.slack.com/",
                    "team": "Fluxos Test",
                    "user": "fluxbot",
                    "team_id": "T0001",
                    "user_id": "U0BOT",
                    "bot_id": "B0001",
                }
            )
        payload = request.json() or {}
        channel = str(payload.get("channel") or "")
        if not channel or channel in self.unknown_channels:
            return json_response({"ok": False, "error": "channel_not_found"})
        if not payload.get("text") and not payload.get("blocks"):
            return json_response({"ok": False, "error": "no_text"})
        ts = f"{int(time.time())}.{next(self._ts):06d}"
        message = {"type": "message", "text": payload.get("text", ""), "ts": ts, "bot_id": "B0001"}
        if payload.get("thread_ts"):
            message["thread_ts"] = payload["thread_ts"]
        self.messages.append({"channel": channel, **message, "blocks": payload.get("blocks")})
        return json_response({"ok": True, "channel": channel, "ts": ts, "message": message})

    def messages_in(self, channel: str) -> list[dict[str, Any]]:
        return [message for message in self.messages if message["channel"] == channel]

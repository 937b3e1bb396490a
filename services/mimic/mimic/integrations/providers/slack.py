"""Slack: signed requests (``v0:{timestamp}:{body}``) for the Events API, slash commands and
interactions; ``chat.postMessage`` and ``auth.test`` through the Web API."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs

from pydantic import SecretStr

from fluxkit.http import GuardedClient
from mimic.integrations.providers.base import (
    ActionFailed,
    ActionResult,
    CheckResult,
    Credentials,
    EventDraft,
    HookRejected,
    InboundOutcome,
    InboundRequest,
    IntegrationContext,
    IntegrationProvider,
    MalformedHook,
    call,
    check_timestamp,
    hmac_sha256_hex,
    json_body,
    same,
    slug,
    type_part,
)
from mimic.settings import MimicSettings

TOLERANCE_SECONDS = 300


class SlackCredentials(Credentials):
    signing_secret: SecretStr | None = None
    bot_token: SecretStr | None = None


def slack_signature(secret: str, timestamp: str, body: bytes) -> str:
    return "v0=" + hmac_sha256_hex(secret, f"v0:{timestamp}:".encode() + body)


def verify_slack(secret: str, request: InboundRequest) -> None:
    timestamp = request.headers.get("x-slack-request-timestamp", "")
    given = request.headers.get("x-slack-signature", "")
    if not timestamp or not given:
        raise HookRejected("missing X-Slack-Signature or X-Slack-Request-Timestamp header")
    check_timestamp(timestamp, request.received_at, TOLERANCE_SECONDS, "X-Slack-Request-Timestamp")
    if not same(given, slack_signature(secret, timestamp, request.body)):
        raise HookRejected("X-Slack-Signature does not match the body")


def _form(request: InboundRequest) -> dict[str, str]:
    try:
        fields = parse_qs(request.body.decode(), keep_blank_values=True, strict_parsing=False)
    except UnicodeDecodeError as exc:
        raise MalformedHook("the form body is not UTF-8") from exc
    return {name: values[0] for name, values in fields.items()}


class SlackProvider(IntegrationProvider):
    name = "slack"
    credentials_model = SlackCredentials
    required = ("signing_secret",)
    actions = frozenset({"slack_message"})

    def receive(self, request: InboundRequest, integration: IntegrationContext) -> InboundOutcome:
        verify_slack(integration.value("signing_secret"), request)
        content_type = request.headers.get("content-type", "")
        if content_type.startswith("application/x-www-form-urlencoded"):
            return self._form_request(_form(request))
        payload = json_body(request)
        kind = payload.get("type")
        if kind == "url_verification":
            return InboundOutcome(200, {"challenge": payload.get("challenge", "")})
        if kind != "event_callback":
            raise MalformedHook(f"unsupported Slack request type {kind!r}")
        event = payload.get("event") or {}
        event_id = str(payload.get("event_id") or "")
        if not isinstance(event, dict) or not event_id:
            raise MalformedHook("an event_callback without event or event_id")
        reply = {
            "slack": {
                "channel": event.get("channel"),
                "thread_ts": event.get("thread_ts") or event.get("ts"),
                "user": event.get("user"),
            }
        }
        # Retries (X-Slack-Retry-Num) carry the same event_id: the unique key drops them.
        payload.pop("token", None)  # Slack's deprecated verification token: not ours to keep
        kind = f"slack.{type_part(str(event.get('type', 'event')))}"
        draft = EventDraft(kind, event_id, payload, reply)
        return InboundOutcome(200, {"ok": True}, draft)

    def _form_request(self, form: dict[str, str]) -> InboundOutcome:
        if "payload" in form:
            try:
                interaction = json.loads(form["payload"])
            except ValueError as exc:
                raise MalformedHook("the interaction payload is not JSON") from exc
            if not isinstance(interaction, dict):
                raise MalformedHook("the interaction payload is not an object")
            key = str(interaction.get("trigger_id") or interaction.get("action_ts") or "")
            if not key:
                raise MalformedHook("an interaction without trigger_id")
            channel = interaction.get("channel") or {}
            user = interaction.get("user") or {}
            reply = {
                "slack": {
                    "channel": channel.get("id") if isinstance(channel, dict) else None,
                    "thread_ts": None,
                    "user": user.get("id") if isinstance(user, dict) else None,
                    "response_url": interaction.get("response_url"),
                }
            }
            kind = f"slack.interaction.{slug(str(interaction.get('type', 'unknown')))}"
            interaction.pop("token", None)
            return InboundOutcome(200, None, EventDraft(kind, key, interaction, reply))
        form.pop("token", None)
        command = form.get("command", "")
        trigger = form.get("trigger_id", "")
        if not command or not trigger:
            raise MalformedHook("a form request without command and trigger_id")
        reply = {
            "slack": {
                "channel": form.get("channel_id"),
                "thread_ts": None,
                "user": form.get("user_id"),
                "response_url": form.get("response_url"),
            }
        }
        kind = f"slack.command.{slug(command.lstrip('/'))}"
        # Slack shows a slash command's empty 200 as nothing: the answer comes later.
        return InboundOutcome(200, None, EventDraft(kind, trigger, dict(form), reply))

    async def check(
        self, http: GuardedClient, integration: IntegrationContext, settings: MimicSettings
    ) -> CheckResult:
        token = integration.value("bot_token")
        if not token:
            return CheckResult(True, "no bot token stored; only inbound requests are set", False)
        try:
            response = await call(
                http,
                "POST",
                f"{settings.slack_api_url.rstrip('/')}/auth.test",
                headers={"Authorization": f"Bearer {token}"},
            )
        except ActionFailed as exc:
            return CheckResult(False, exc.reason, True, exc.response)
        body = response.json()
        if not body.get("ok"):
            return CheckResult(False, f"Slack refused the token: {body.get('error')}", True, body)
        summary = {key: body.get(key) for key in ("team", "user", "bot_id")}
        return CheckResult(True, f"the token works (team {body.get('team')})", True, summary)

    async def perform(
        self,
        http: GuardedClient,
        integration: IntegrationContext,
        action: str,
        params: Mapping[str, Any],
        settings: MimicSettings,
        *,
        action_id: str,
    ) -> ActionResult:
        token = integration.value("bot_token")
        if not token:
            raise ActionFailed("this Slack integration has no bot token", transient=False)
        message: dict[str, Any] = {"channel": params["channel"], "text": params["text"]}
        for optional in ("blocks", "thread_ts"):
            if params.get(optional):
                message[optional] = params[optional]
        response = await call(
            http,
            "POST",
            f"{settings.slack_api_url.rstrip('/')}/chat.postMessage",
            headers={
                "Authorization": f"Bearer {token}",
                "Content-Type": "application/json; charset=utf-8",
            },
            json=message,
        )
        body = response.json()
        if not body.get("ok"):
            # Slack answers 200 with ok:false; only rate limits are worth another try.
            error = str(body.get("error") or "unknown_error")
            transient = error in {"ratelimited", "rate_limited", "service_unavailable"}
            raise ActionFailed(f"Slack answered {error}", transient=transient, response=body)
        return ActionResult(
            {"status_code": 200, "channel": body.get("channel"), "ts": body.get("ts")}
        )

"""Discord interactions (Ed25519 over timestamp + body) and the REST API (channel messages,
interaction follow-ups)."""

from __future__ import annotations

import binascii
import re
from collections.abc import Mapping
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pydantic import SecretStr, field_validator

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
    json_body,
    slug,
)
from mimic.settings import MimicSettings

PING, APPLICATION_COMMAND, COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 1, 2, 3, 4, 5
PONG, DEFERRED_MESSAGE, DEFERRED_UPDATE, AUTOCOMPLETE_RESULT = 1, 5, 6, 8

HEX_KEY = re.compile(r"^[0-9a-fA-F]{64}$")


class DiscordCredentials(Credentials):
    application_id: str | None = None
    public_key: str | None = None
    bot_token: SecretStr | None = None

    @field_validator("public_key")
    @classmethod
    def _hex_key(cls, value: str | None) -> str | None:
        if value is not None and not HEX_KEY.match(value):
            raise ValueError("a Discord public key is 64 hexadecimal characters")
        return value

    @field_validator("application_id")
    @classmethod
    def _snowflake(cls, value: str | None) -> str | None:
        if value is not None and not value.isdigit():
            raise ValueError("a Discord application id is a number")
        return value


def verify_discord(public_key: str, headers: Mapping[str, str], body: bytes) -> None:
    signature = headers.get("x-signature-ed25519", "")
    timestamp = headers.get("x-signature-timestamp", "")
    if not signature or not timestamp:
        raise HookRejected("missing X-Signature-Ed25519 or X-Signature-Timestamp header")
    try:
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key))
        key.verify(bytes.fromhex(signature), timestamp.encode() + body)
    except (InvalidSignature, ValueError, binascii.Error) as exc:
        raise HookRejected("invalid request signature") from exc


def _reply(integration: IntegrationContext, interaction: dict[str, Any]) -> dict[str, Any]:
    # Exactly the parameters of a ``discord_followup`` action, so a reply can pass them on.
    application = interaction.get("application_id") or integration.value("application_id")
    return {
        "discord": {
            "application_id": str(application),
            "interaction_token": interaction.get("token"),
        }
    }


def _bot_headers(token: str) -> dict[str, str]:
    return {"Authorization": f"Bot {token}"}


def _message(params: Mapping[str, Any]) -> dict[str, Any]:
    message: dict[str, Any] = {}
    if params.get("content"):
        message["content"] = params["content"]
    if params.get("embeds"):
        message["embeds"] = list(params["embeds"])
    if params.get("ephemeral"):
        message["flags"] = 64
    return message


class DiscordProvider(IntegrationProvider):
    name = "discord"
    credentials_model = DiscordCredentials
    config_fields = frozenset({"application_id"})
    required = ("application_id", "public_key")
    actions = frozenset({"discord_message", "discord_embed", "discord_followup"})

    def receive(self, request: InboundRequest, integration: IntegrationContext) -> InboundOutcome:
        verify_discord(integration.value("public_key"), request.headers, request.body)
        interaction = json_body(request)
        kind = interaction.get("type")
        if kind == PING:
            return InboundOutcome(200, {"type": PONG})
        identifier = str(interaction.get("id") or "")
        if not identifier:
            raise MalformedHook("an interaction without an id")
        data = interaction.get("data") or {}
        if not isinstance(data, dict):
            raise MalformedHook("an interaction whose data is not an object")
        reply = _reply(integration, interaction)
        if kind == APPLICATION_COMMAND:
            name = f"discord.command.{slug(str(data.get('name', 'unknown')))}"
            # Deferred: Discord shows "thinking…" until the follow-up edits the original.
            draft = EventDraft(name, identifier, interaction, reply)
            return InboundOutcome(200, {"type": DEFERRED_MESSAGE}, draft)
        if kind == COMPONENT:
            name = f"discord.component.{slug(str(data.get('custom_id', 'unknown')))}"
            draft = EventDraft(name, identifier, interaction, reply)
            return InboundOutcome(200, {"type": DEFERRED_UPDATE}, draft)
        if kind == MODAL_SUBMIT:
            name = f"discord.modal.{slug(str(data.get('custom_id', 'unknown')))}"
            draft = EventDraft(name, identifier, interaction, reply)
            return InboundOutcome(200, {"type": DEFERRED_MESSAGE}, draft)
        if kind == AUTOCOMPLETE:
            return InboundOutcome(200, {"type": AUTOCOMPLETE_RESULT, "data": {"choices": []}})
        raise MalformedHook(f"unsupported interaction type {kind!r}")

    async def check(
        self, http: GuardedClient, integration: IntegrationContext, settings: MimicSettings
    ) -> CheckResult:
        token = integration.value("bot_token")
        if not token:
            return CheckResult(
                True, "no bot token stored; interactions and follow-ups still work", False
            )
        try:
            response = await call(
                http,
                "GET",
                f"{settings.discord_api_url.rstrip('/')}/users/@me",
                headers=_bot_headers(token),
            )
        except ActionFailed as exc:
            return CheckResult(False, exc.reason, True, exc.response)
        me = response.json()
        summary = {"id": me.get("id"), "username": me.get("username"), "bot": me.get("bot")}
        return CheckResult(True, f"the bot token works (as {me.get('username')})", True, summary)

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
        api = settings.discord_api_url.rstrip("/")
        message = _message(params)
        if action == "discord_followup":
            application = str(params.get("application_id") or integration.value("application_id"))
            base = f"{api}/webhooks/{application}/{params['interaction_token']}"
            if params.get("edit_original", True):
                response = await call(http, "PATCH", f"{base}/messages/@original", json=message)
            else:
                response = await call(http, "POST", f"{base}?wait=true", json=message)
        else:
            token = integration.value("bot_token")
            if not token:
                raise ActionFailed("this Discord integration has no bot token", transient=False)
            url = f"{api}/channels/{params['channel_id']}/messages"
            response = await call(http, "POST", url, headers=_bot_headers(token), json=message)
        sent = response.json() if response.content else {}
        return ActionResult(
            {
                "status_code": response.status_code,
                "id": sent.get("id"),
                "channel_id": sent.get("channel_id"),
            }
        )

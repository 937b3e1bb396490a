"""Any webhook source: an HMAC-SHA256 signature in a configured header, or a bearer secret.
Outbound, a JSON POST to the configured URL signed with the integration's secret:
``X-Fluxos-Signature: sha256=<hex HMAC-SHA256 of "{X-Fluxos-Timestamp}.{body}">``."""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import AnyHttpUrl, SecretStr, field_validator

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
    hmac_sha256_hex,
    same,
    slug,
)
from mimic.settings import MimicSettings

HEADER_NAME = re.compile(r"^[A-Za-z0-9-]{1,100}$")
DELIVERY_HEADERS = ("x-delivery-id", "x-webhook-id", "x-request-id", "idempotency-key")
SIGNATURE_HEADER = "X-Fluxos-Signature"
TIMESTAMP_HEADER = "X-Fluxos-Timestamp"


class CustomCredentials(Credentials):
    mode: Literal["hmac", "bearer"] | None = None
    secret: SecretStr | None = None
    header: str | None = None
    """The header holding the signature (hmac mode), e.g. X-Signature."""
    signature_format: Literal["sha256=hex", "hex"] | None = None
    outbound_url: AnyHttpUrl | None = None
    outbound_secret: SecretStr | None = None

    @field_validator("header")
    @classmethod
    def _header(cls, value: str | None) -> str | None:
        if value is not None and not HEADER_NAME.match(value):
            raise ValueError("a header name is letters, digits and dashes")
        return value


def outbound_signature(secret: str, timestamp: str, body: bytes) -> str:
    return "sha256=" + hmac_sha256_hex(secret, f"{timestamp}.".encode() + body)


def _verify(integration: IntegrationContext, request: InboundRequest) -> None:
    secret = integration.value("secret")
    if integration.config.get("mode", "hmac") == "bearer":
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not given:
            raise HookRejected("missing bearer secret (Authorization: Bearer ...)")
        if not same(given.strip(), secret):
            raise HookRejected("wrong bearer secret")
        return
    header = str(integration.config.get("header") or "X-Signature")
    given = request.headers.get(header.lower(), "")
    if not given:
        raise HookRejected(f"missing {header} header")
    expected = hmac_sha256_hex(secret, request.body)
    if integration.config.get("signature_format", "sha256=hex") == "sha256=hex":
        expected = "sha256=" + expected
    if not same(given.strip(), expected):
        raise HookRejected(f"{header} does not match the body")


class CustomProvider(IntegrationProvider):
    name = "custom"
    credentials_model = CustomCredentials
    config_fields = frozenset({"mode", "header", "signature_format", "outbound_url"})
    required = ("secret",)
    actions = frozenset({"webhook"})

    def receive(self, request: InboundRequest, integration: IntegrationContext) -> InboundOutcome:
        _verify(integration, request)
        try:
            document: Any = json.loads(request.body) if request.body else {}
        except (ValueError, UnicodeDecodeError) as exc:
            raise MalformedHook("the body is not JSON") from exc
        data = document if isinstance(document, dict) else {"payload": document}
        delivery = next(
            (request.headers[name] for name in DELIVERY_HEADERS if request.headers.get(name)),
            None,
        )
        # Without a delivery id there is nothing to recognise a redelivery by.
        key = delivery or f"generated:{uuid.uuid4()}"
        kind = f"custom.{slug(integration.name)}"
        return InboundOutcome(202, {"status": "accepted"}, EventDraft(kind, key, data))

    async def _post(
        self,
        http: GuardedClient,
        integration: IntegrationContext,
        payload: Any,
        delivery: str,
    ) -> ActionResult:
        url = str(integration.config.get("outbound_url") or "")
        if not url:
            raise ActionFailed("this webhook integration has no outbound URL", transient=False)
        secret = integration.value("outbound_secret") or integration.value("secret")
        body = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json",
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: outbound_signature(secret, timestamp, body),
            "X-Fluxos-Delivery": delivery,
        }
        response = await call(http, "POST", url, headers=headers, content=body)
        return ActionResult({"status_code": response.status_code, "body": response.text[:300]})

    async def check(
        self, http: GuardedClient, integration: IntegrationContext, settings: MimicSettings
    ) -> CheckResult:
        if not integration.config.get("outbound_url"):
            return CheckResult(True, "no outbound URL; only inbound webhooks are set", False)
        payload = {"type": "fluxos.test", "integration_id": integration.id}
        try:
            result = await self._post(http, integration, payload, f"test:{uuid.uuid4()}")
        except ActionFailed as exc:
            return CheckResult(False, exc.reason, True, exc.response)
        return CheckResult(
            True, "the outbound URL accepted a signed test payload", True, result.response
        )

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
        return await self._post(http, integration, params.get("payload"), action_id)

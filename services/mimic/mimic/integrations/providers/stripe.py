"""Stripe webhooks: ``Stripe-Signature: t=<unix>,v1=<hex>[,v1=...]`` over ``{t}.{body}``."""

from __future__ import annotations

from pydantic import SecretStr, field_validator

from fluxkit.http import GuardedClient
from mimic.integrations.providers.base import (
    CheckResult,
    Credentials,
    EventDraft,
    HookRejected,
    InboundOutcome,
    InboundRequest,
    IntegrationContext,
    IntegrationProvider,
    MalformedHook,
    check_timestamp,
    hmac_sha256_hex,
    json_body,
    same,
    type_part,
)
from mimic.settings import MimicSettings

TOLERANCE_SECONDS = 300


class StripeCredentials(Credentials):
    signing_secret: SecretStr | None = None

    @field_validator("signing_secret")
    @classmethod
    def _whsec(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith("whsec_"):
            raise ValueError("a Stripe signing secret starts with 'whsec_'")
        return value


def stripe_signature(secret: str, timestamp: int | str, body: bytes) -> str:
    return hmac_sha256_hex(secret, f"{timestamp}.".encode() + body)


def verify_stripe(secret: str, request: InboundRequest) -> None:
    header = request.headers.get("stripe-signature", "")
    if not header:
        raise HookRejected("missing Stripe-Signature header")
    timestamp = ""
    candidates: list[str] = []
    for part in header.split(","):
        name, _, value = part.strip().partition("=")
        if name == "t":
            timestamp = value
        elif name == "v1":
            candidates.append(value)
    if not timestamp or not candidates:
        raise HookRejected("Stripe-Signature has no t= timestamp or no v1= signature")
    check_timestamp(timestamp, request.received_at, TOLERANCE_SECONDS, "the Stripe timestamp")
    expected = stripe_signature(secret, timestamp, request.body)
    # Any v1 may match (Stripe signs with every active secret while one is rolled).
    matches = [same(candidate, expected) for candidate in candidates]
    if not any(matches):
        raise HookRejected("no v1 signature matches the body")


class StripeProvider(IntegrationProvider):
    name = "stripe"
    credentials_model = StripeCredentials
    required = ("signing_secret",)

    def receive(self, request: InboundRequest, integration: IntegrationContext) -> InboundOutcome:
        verify_stripe(integration.value("signing_secret"), request)
        event = json_body(request)
        identifier, kind = event.get("id"), event.get("type")
        if not isinstance(identifier, str) or not isinstance(kind, str) or not identifier:
            raise MalformedHook("a Stripe event without id or type")
        return InboundOutcome(
            200, {"received": True}, EventDraft(f"stripe.{type_part(kind)}", identifier, event)
        )

    async def check(
        self, http: GuardedClient, integration: IntegrationContext, settings: MimicSettings
    ) -> CheckResult:
        # A signing secret can only be proven by an event Stripe signs with it.
        return CheckResult(
            True,
            "the signing secret is stored; Stripe proves it with its next event "
            "(send a test event from the Stripe dashboard)",
            False,
        )

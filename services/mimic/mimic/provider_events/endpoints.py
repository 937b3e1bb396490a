"""Public, signature-verified endpoints where providers report what happened to our emails."""

from __future__ import annotations

from typing import Literal

from fastapi import Request
from pydantic import BaseModel

from fluxkit.app import flux_router
from fluxkit.db import SessionDep
from fluxkit.errors import PayloadTooLarge
from mimic.provider_events import parsing, service
from mimic.provider_events.verification import verify_postmark, verify_svix
from mimic.settings import MimicSettings

router = flux_router("/api/v1/provider-events", tags=["provider events"])

MAX_BODY_BYTES = 512 * 1024


class ProviderEventResult(BaseModel):
    status: Literal["applied", "unmatched", "duplicate"]


async def _body(request: Request) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise PayloadTooLarge("the event is too large")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            raise PayloadTooLarge("the event is too large")
    return body


def _settings(request: Request) -> MimicSettings:
    settings: MimicSettings = request.app.state.settings
    return settings


@router.post("/postmark/{webhook_id}")
async def postmark_event(
    webhook_id: str, request: Request, session: SessionDep
) -> ProviderEventResult:
    """Postmark delivery, bounce, spam-complaint and engagement webhooks (basic auth)."""
    body = await _body(request)
    scope = await service.resolve_scope(session, _settings(request), "postmark", webhook_id)
    verify_postmark(scope.credentials, request.headers)
    report = parsing.parse_postmark(body)
    return ProviderEventResult(status=await service.apply(session, scope, report))


@router.post("/resend/{webhook_id}")
async def resend_event(
    webhook_id: str, request: Request, session: SessionDep
) -> ProviderEventResult:
    """Resend email webhooks (Svix signatures, five-minute timestamp tolerance)."""
    body = await _body(request)
    settings = _settings(request)
    scope = await service.resolve_scope(session, settings, "resend", webhook_id)
    secret = scope.credentials.get("signing_secret", "")
    if not secret:
        from mimic.provider_events.verification import InvalidSignature

        raise InvalidSignature("no signing secret is configured for this endpoint")
    event_id = verify_svix(
        secret, request.headers, body, tolerance_seconds=settings.webhook_tolerance_seconds
    )
    report = parsing.parse_resend(body, event_id)
    return ProviderEventResult(status=await service.apply(session, scope, report))

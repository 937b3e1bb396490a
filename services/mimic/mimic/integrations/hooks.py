"""Public inbound webhooks: ``POST /api/v1/hooks/{integration_id}``, verified by each
provider's own signature scheme on the raw body."""

from __future__ import annotations

from fastapi import Request, Response
from fastapi.responses import JSONResponse

from fluxkit.app import flux_router
from fluxkit.db import SessionDep, session_factory_from
from fluxkit.errors import PayloadTooLarge
from mimic.integrations import inbound
from mimic.settings import MimicSettings

router = flux_router("/api/v1/hooks", tags=["hooks"])


async def _body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge("the request body is too large")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge("the request body is too large")
        chunks.append(chunk)
    return b"".join(chunks)


@router.post("/{integration_id}", response_model=None)
async def receive_hook(integration_id: str, request: Request, session: SessionDep) -> Response:
    """Receive a signed webhook (Discord, Slack, GitHub, Stripe or custom); unsigned ones get 401."""
    settings: MimicSettings = request.app.state.settings
    audit = inbound.Auditor(
        session_factory_from(request), request.app.state.redis, settings.hook_audit_limit_per_minute
    )
    ip = request.client.host if request.client else None
    try:
        body = await _body(request, settings.hook_max_body_bytes)
    except PayloadTooLarge:
        await inbound.refuse_oversized(session, audit, integration_id, ip)
        raise
    received = await inbound.receive(
        session, audit, settings, integration_id, body, request.headers, ip
    )
    outcome = received.outcome
    headers = {"X-Fluxos-Event-Id": str(received.event_id)} if received.event_id else {}
    if received.duplicate:
        headers["X-Fluxos-Duplicate"] = "true"
    if outcome.body is None:
        return Response(status_code=outcome.status_code, headers=headers)
    return JSONResponse(outcome.body, status_code=outcome.status_code, headers=headers)

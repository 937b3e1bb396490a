"""Tentacle's client for Mimic's integrations API, one per event loop (an httpx pool belongs to
the loop that opened it: the API's loop and a worker's task loop each get their own)."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from fluxkit.http import ServiceClient, ServiceNotFound

_clients: dict[int, tuple[asyncio.AbstractEventLoop, str, ServiceClient]] = {}
_target: tuple[str, str] | None = None


def use_mimic(base_url: str | None, service_token: str = "") -> None:
    """Call the Mimic at ``base_url`` instead of the configured one (None: the configured)."""
    global _target
    _target = (base_url, service_token) if base_url else None


def client() -> ServiceClient:
    if _target is not None:
        base_url, token = _target
    else:
        from tentacle.runtime import current_settings

        settings = current_settings()
        base_url, token = settings.mimic_url, settings.service_token.get_secret_value()
    loop = asyncio.get_running_loop()
    cached = _clients.get(id(loop))
    if cached is None or cached[0] is not loop or cached[1] != base_url:
        cached = (loop, base_url, ServiceClient(base_url, token))
        _clients[id(loop)] = cached
    return cached[2]


async def close_clients() -> None:
    loop = asyncio.get_running_loop()
    cached = _clients.pop(id(loop), None)
    if cached is not None:
        await cached[2].aclose()


async def list_integrations(user_id: uuid.UUID, organization_id: uuid.UUID) -> list[dict[str, Any]]:
    answer = await client().as_user(user_id, organization_id).get("/api/v1/integrations")
    items = answer.get("items", answer) if isinstance(answer, dict) else answer
    return [item for item in items or [] if isinstance(item, dict)]


async def get_integration(
    user_id: uuid.UUID, organization_id: uuid.UUID, integration_id: uuid.UUID
) -> dict[str, Any] | None:
    try:
        found = (
            await client()
            .as_user(user_id, organization_id)
            .get(f"/api/v1/integrations/{integration_id}")
        )
    except ServiceNotFound:
        return None
    return found if isinstance(found, dict) else None


async def send_action(
    user_id: uuid.UUID,
    organization_id: uuid.UUID,
    integration_id: uuid.UUID,
    body: dict[str, Any],
) -> dict[str, Any]:
    response = (
        await client()
        .as_user(user_id, organization_id)
        .request(
            "POST",
            f"/api/v1/integrations/{integration_id}/actions",
            json=body,
            headers={"Idempotency-Key": str(body.get("idempotency_key", ""))},
        )
    )
    return response.json() if response.content else {}

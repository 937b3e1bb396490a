"""``/api/v1/api-keys``: create (shown once), list, read, revoke, and introspect for services."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import Request, Response

from fluxkit.app import flux_router
from fluxkit.auth.api_keys import principal_to_json
from fluxkit.auth.deps import CurrentPrincipal, RequireScope
from fluxkit.auth.principal import Principal
from fluxkit.db import SessionDep
from fluxkit.errors import Forbidden
from inkpass.api_keys import schemas, service

router = flux_router("/api/v1/api-keys", tags=["api-keys"])


@router.post("", status_code=201, response_model=schemas.ApiKeyCreated)
async def create_api_key(
    data: schemas.ApiKeyCreate,
    request: Request,
    session: SessionDep,
    principal: Principal = RequireScope("api_keys:write"),
) -> schemas.ApiKeyCreated:
    """Create an API key for the current organization; the full key is returned only here."""
    row, key = await service.create_api_key(
        session, principal=principal, data=data, request=request
    )
    return schemas.ApiKeyCreated(**service.to_schema(row).model_dump(), key=key)


@router.get("", response_model=list[schemas.ApiKey])
async def list_api_keys(
    session: SessionDep, principal: Principal = RequireScope("api_keys:read")
) -> list[schemas.ApiKey]:
    """List the current organization's API keys (never their secrets)."""
    rows = await service.list_api_keys(session, principal.require_organization())
    return [service.to_schema(row) for row in rows]


@router.post("/introspect")
async def introspect_api_key(
    data: schemas.ApiKeyIntrospect,
    request: Request,
    session: SessionDep,
    principal: CurrentPrincipal,
) -> dict[str, Any]:
    """For services: whether a key is active and whom it acts as."""
    if principal.kind != "service":
        raise Forbidden("only services may introspect API keys")
    found = await service.introspect(session, data.key)
    if found is None:
        return {"active": False}
    if found.api_key_id is not None:
        await service.touch_last_used_in(session, request.app.state.redis, found.api_key_id)
    return {"active": True, **principal_to_json(found)}


@router.get("/{api_key_id}", response_model=schemas.ApiKey)
async def get_api_key(
    api_key_id: uuid.UUID,
    session: SessionDep,
    principal: Principal = RequireScope("api_keys:read"),
) -> schemas.ApiKey:
    """Read one of the current organization's API keys."""
    row = await service.get_api_key(
        session, organization_id=principal.require_organization(), api_key_id=api_key_id
    )
    return service.to_schema(row)


@router.delete("/{api_key_id}", status_code=204)
async def revoke_api_key(
    api_key_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Principal = RequireScope("api_keys:write"),
) -> Response:
    """Revoke an API key; every service stops accepting it within a second."""
    await service.revoke_api_key(
        session,
        principal=principal,
        api_key_id=api_key_id,
        revocations=getattr(request.app.state, "revocations", None),
        revocation_ttl_seconds=service.revocation_ttl(request.app.state.settings),
        request=request,
    )
    return Response(status_code=204)

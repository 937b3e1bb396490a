"""``/api/v1/service-principals``: an owner's service credentials, and introspection for services."""

from __future__ import annotations

import uuid

from fastapi import Request, Response

from fluxkit.app import flux_router
from fluxkit.auth.deps import CurrentPrincipal, RequireScope
from fluxkit.auth.principal import Principal
from fluxkit.db import SessionDep
from fluxkit.errors import Forbidden
from inkpass.orgs.service import access
from inkpass.service_principals import schemas, service

router = flux_router("/api/v1/service-principals", tags=["service-principals"])

Reader = RequireScope("service_principals:read")
Writer = RequireScope("service_principals:write")


async def _owner_org(session: SessionDep, principal: Principal) -> uuid.UUID:
    organization_id = principal.require_organization()
    await access(session, principal, organization_id, "owner")
    return organization_id


@router.post("", status_code=201, response_model=schemas.ServiceCredentialCreated)
async def create_service_credential(
    data: schemas.ServiceCredentialCreate,
    request: Request,
    session: SessionDep,
    principal: Principal = Writer,
) -> schemas.ServiceCredentialCreated:
    """Create a service credential bound to this organization; the token is shown only here."""
    organization_id = await _owner_org(session, principal)
    row, token = await service.create_credential(
        session, principal=principal, organization_id=organization_id, data=data, request=request
    )
    credential = schemas.ServiceCredential.model_validate(row)
    return schemas.ServiceCredentialCreated(**credential.model_dump(), token=token)


@router.get("", response_model=list[schemas.ServiceCredential])
async def list_service_credentials(
    session: SessionDep, principal: Principal = Reader
) -> list[schemas.ServiceCredential]:
    """List this organization's service credentials (never their tokens)."""
    organization_id = await _owner_org(session, principal)
    rows = await service.list_credentials(session, organization_id)
    return [schemas.ServiceCredential.model_validate(row) for row in rows]


@router.delete("/{credential_id}", status_code=204)
async def revoke_service_credential(
    credential_id: uuid.UUID, request: Request, session: SessionDep, principal: Principal = Writer
) -> Response:
    """Revoke a service credential; it stops working at once."""
    organization_id = await _owner_org(session, principal)
    await service.revoke_credential(
        session,
        principal=principal,
        organization_id=organization_id,
        credential_id=credential_id,
        request=request,
    )
    return Response(status_code=204)


@router.post("/introspect", response_model=schemas.ServiceTokenIntrospection)
async def introspect_service_token(
    data: schemas.ServiceTokenIntrospect, session: SessionDep, principal: CurrentPrincipal
) -> schemas.ServiceTokenIntrospection:
    """For platform services: whether a service token is live and whom it may act for."""
    if principal.kind != "service" or principal.organization_id is not None:
        raise Forbidden("only platform services may introspect service tokens")
    return await service.introspect(session, data)

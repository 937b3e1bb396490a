"""``/api/v1/policies`` (admins and owners) and ``/api/v1/authorize`` (anyone, about themselves)."""

from __future__ import annotations

import uuid

from fastapi import Request, Response

from fluxkit import abac
from fluxkit.app import flux_router
from fluxkit.auth.authorize import client_ip
from fluxkit.auth.deps import CurrentPrincipal, CurrentUser, RequireScope
from fluxkit.auth.principal import Principal
from fluxkit.db import SessionDep
from fluxkit.errors import Forbidden, NotFound
from inkpass.policies import schemas, service

router = flux_router("/api/v1", tags=["policies"])

Reader = RequireScope("policies:read")
Writer = RequireScope("policies:write")


@router.get("/policies", response_model=list[schemas.Policy])
async def list_policies(session: SessionDep, principal: Principal = Reader) -> list[schemas.Policy]:
    """List the organization's policies, highest priority first."""
    organization_id = await service.require_policy_admin(session, principal)
    return [service.to_schema(row) for row in await service.list_policies(session, organization_id)]


@router.post("/policies", status_code=201, response_model=schemas.Policy)
async def create_policy(
    data: schemas.PolicyCreate, request: Request, session: SessionDep, principal: Principal = Writer
) -> schemas.Policy:
    """Add a policy; every service's cached decisions for the organization are refreshed."""
    organization_id = await service.require_policy_admin(session, principal)
    row = await service.create_policy(
        session, principal=principal, organization_id=organization_id, data=data, request=request
    )
    return service.to_schema(row)


@router.get("/policies/templates", response_model=list[schemas.RoleTemplate])
async def list_role_templates(principal: CurrentPrincipal) -> list[schemas.RoleTemplate]:
    """The built-in role templates that apply beneath every organization's own policies."""
    return service.role_templates()


@router.get("/policies/effective/{organization_id}", response_model=schemas.EffectivePolicies)
async def effective_policies(
    organization_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> schemas.EffectivePolicies:
    """For services' policy caches: the organization's enabled policies (templates excluded)."""
    if principal.kind != "service" or principal.user_id is not None:
        raise Forbidden("only a service acting for itself may read effective policies")
    if principal.organization_id not in (None, organization_id):
        raise NotFound("organization not found")
    return schemas.EffectivePolicies(
        organization_id=organization_id,
        policies=await service.enabled_policies(session, organization_id),
    )


@router.get("/policies/{policy_id}", response_model=schemas.Policy)
async def get_policy(
    policy_id: uuid.UUID, session: SessionDep, principal: Principal = Reader
) -> schemas.Policy:
    """Read one policy."""
    organization_id = await service.require_policy_admin(session, principal)
    return service.to_schema(await service.get_policy(session, organization_id, policy_id))


@router.put("/policies/{policy_id}", response_model=schemas.Policy)
async def update_policy(
    policy_id: uuid.UUID,
    data: schemas.PolicyUpdate,
    request: Request,
    session: SessionDep,
    principal: Principal = Writer,
) -> schemas.Policy:
    """Change a policy (fields left out stay as they are)."""
    organization_id = await service.require_policy_admin(session, principal)
    row = await service.get_policy(session, organization_id, policy_id)
    row = await service.update_policy(
        session, principal=principal, row=row, data=data, request=request
    )
    return service.to_schema(row)


@router.delete("/policies/{policy_id}", status_code=204)
async def delete_policy(
    policy_id: uuid.UUID, request: Request, session: SessionDep, principal: Principal = Writer
) -> Response:
    """Delete a policy."""
    organization_id = await service.require_policy_admin(session, principal)
    row = await service.get_policy(session, organization_id, policy_id)
    await service.delete_policy(session, principal=principal, row=row, request=request)
    return Response(status_code=204)


@router.post("/authorize", response_model=abac.Decision | schemas.Decisions)
async def authorize(
    data: schemas.AuthorizeQuery | schemas.AuthorizeBatch,
    request: Request,
    session: SessionDep,
    principal: CurrentUser,
) -> abac.Decision | schemas.Decisions:
    """Decide one request or many for the caller (or the user a service acts for)."""
    queries = data.requests if isinstance(data, schemas.AuthorizeBatch) else [data]
    decisions = await service.decide(
        session, principal=principal, queries=queries, client_ip=client_ip(request)
    )
    if isinstance(data, schemas.AuthorizeBatch):
        return schemas.Decisions(decisions=decisions)
    return decisions[0]

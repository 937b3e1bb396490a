"""``/api/v1/auth/login`` and ``/api/v1/auth/switch-organization``."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from fluxkit.app import flux_router
from fluxkit.auth.deps import CurrentUser
from fluxkit.db import SessionDep
from inkpass.auth import schemas, service
from inkpass.sessions.schemas import TokenPair

router = flux_router("/api/v1/auth", tags=["auth"])


@router.post("/login", response_model=TokenPair | schemas.MfaRequired)
async def login(data: schemas.LoginRequest, request: Request, session: SessionDep) -> Any:
    """Sign in with email and password: tokens, or an MFA challenge when 2FA is on."""
    return await service.login(
        session,
        request=request,
        email=data.email,
        password=data.password,
        organization_id=data.organization_id,
    )


@router.post("/switch-organization", response_model=TokenPair)
async def switch_organization(
    data: schemas.SwitchOrganization, request: Request, session: SessionDep, principal: CurrentUser
) -> Any:
    """New tokens for another organization I belong to (404 when I do not)."""
    return await service.switch_organization(
        session, request=request, principal=principal, organization_id=data.organization_id
    )

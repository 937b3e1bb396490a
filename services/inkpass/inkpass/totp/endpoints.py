"""``/api/v1/auth/2fa/...`` (enrolment and changes) and ``/api/v1/auth/login/2fa``."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from fluxkit.app import flux_router
from fluxkit.auth.deps import CurrentUser
from fluxkit.auth.principal import Principal
from fluxkit.db import SessionDep
from fluxkit.errors import Forbidden, Unauthorized
from inkpass.sessions.schemas import TokenPair
from inkpass.totp import flows, schemas, service
from inkpass.users.models import User

router = flux_router("/api/v1/auth", tags=["2fa"])


async def _own_account(session: SessionDep, principal: Principal) -> User:
    # Only people change their second factor: not API keys, not services acting for them.
    if principal.kind != "user" or principal.user_id is None:
        raise Forbidden("two-factor settings can only be changed by the user, signed in")
    user = await session.get(User, principal.user_id, with_for_update=True)
    if user is None or not user.is_active:
        raise Unauthorized("the account is not active")
    return user


@router.get("/2fa", response_model=schemas.TwoFactorStatus)
async def two_factor_status(session: SessionDep, principal: CurrentUser) -> Any:
    """Whether 2FA is on, enrolment is pending, and how many backup codes remain."""
    user = await _own_account(session, principal)
    return await service.status(session, user)


@router.post("/2fa/totp/setup", response_model=schemas.TotpSetup)
async def start_totp_setup(request: Request, session: SessionDep, principal: CurrentUser) -> Any:
    """Start TOTP enrolment: a new secret, its otpauth URI and QR code (pending until enabled)."""
    user = await _own_account(session, principal)
    return await service.begin_setup(
        session,
        user=user,
        keyring=service.keyring_for(request.app.state.settings),
        issuer=request.app.state.settings.totp_issuer,
        request=request,
    )


@router.post("/2fa/totp/enable", response_model=schemas.TotpEnabled)
async def enable_totp(
    data: schemas.TotpEnable, request: Request, session: SessionDep, principal: CurrentUser
) -> Any:
    """Confirm enrolment with a current code and the password; returns 10 backup codes once."""
    user = await _own_account(session, principal)
    backup_codes = await service.enable(
        session,
        user=user,
        code=data.code,
        password=data.password,
        keyring=service.keyring_for(request.app.state.settings),
        request=request,
    )
    return schemas.TotpEnabled(backup_codes=backup_codes)


@router.post("/2fa/totp/disable", response_model=schemas.TwoFactorStatus)
async def disable_totp(
    data: schemas.TotpReauthenticate,
    request: Request,
    session: SessionDep,
    principal: CurrentUser,
) -> Any:
    """Turn 2FA off; needs the password and a current code (or a backup code)."""
    user = await _own_account(session, principal)
    await service.disable(
        session,
        user=user,
        password=data.password,
        code=data.code,
        keyring=service.keyring_for(request.app.state.settings),
        request=request,
    )
    return await service.status(session, user)


@router.post("/2fa/backup-codes/regenerate", response_model=schemas.BackupCodes)
async def regenerate_backup_codes(
    data: schemas.TotpReauthenticate,
    request: Request,
    session: SessionDep,
    principal: CurrentUser,
) -> Any:
    """Replace the backup codes with 10 new ones (shown once); the old ones stop working."""
    user = await _own_account(session, principal)
    fresh = await service.regenerate_backup_codes(
        session,
        user=user,
        password=data.password,
        code=data.code,
        keyring=service.keyring_for(request.app.state.settings),
        request=request,
    )
    return schemas.BackupCodes(backup_codes=fresh)


@router.post("/login/2fa", response_model=TokenPair)
async def login_with_second_factor(
    data: schemas.TotpLogin, request: Request, session: SessionDep
) -> TokenPair:
    """Finish a login that answered ``mfa_required``: the challenge token plus a code."""
    return await flows.complete_login(session, request=request, data=data)

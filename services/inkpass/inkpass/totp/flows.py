"""Finishing a two-step login: spans the MFA challenge, 2FA checks and session issuing."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import Request
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.errors import Unauthorized
from inkpass.audit import service as audit
from inkpass.auth.mfa import consume_mfa_challenge, peek_mfa_challenge
from inkpass.orgs.models import Membership
from inkpass.sessions.schemas import TokenPair
from inkpass.sessions.service import issue_tokens
from inkpass.totp import schemas, service
from inkpass.users.models import User

AUTHENTICATION_METHODS = ["pwd", "otp"]


class SecondFactorRejected(Unauthorized):
    pass


async def _membership_for_login(
    session: AsyncSession, user_id: uuid.UUID, organization_id: uuid.UUID | None
) -> Membership | None:
    query = select(Membership).where(Membership.user_id == user_id)
    if organization_id is not None:
        query = query.where(Membership.organization_id == organization_id)
    return await session.scalar(query.order_by(Membership.created_at, Membership.id).limit(1))


async def complete_login(
    session: AsyncSession, *, request: Request, data: schemas.TotpLogin
) -> TokenPair:
    """Check the code (TOTP or backup) against the challenge's user, then spend the challenge
    and issue tokens.

    A wrong code leaves the challenge usable (a typo does not mean typing the password again);
    guessing is bounded by the per-user and per-address attempt limits and the 5-minute life
    of the challenge, and spending it atomically on success makes it single use.
    """
    redis = request.app.state.redis
    user_id, _ = await peek_mfa_challenge(redis, data.mfa_token)
    await service.count_attempt(request, user_id)
    user = await session.get(User, user_id)
    if user is None or not user.is_active or not user.totp_enabled:
        raise SecondFactorRejected("the sign-in challenge is no longer valid; sign in again")
    keyring = service.keyring_for(request.app.state.settings)
    method = await service.accept_second_factor(session, user, data.code, keyring)
    if method is None:
        await audit.record_independent(
            request,
            "auth.login_failed",
            actor_user_id=user_id,
            outcome="failure",
            target_type="user",
            target_id=user_id,
            details={"reason": "invalid_second_factor"},
        )
        raise SecondFactorRejected("the code is not valid")
    # Spent only now, atomically: of two requests racing with one challenge, one wins.
    _, organization_id = await consume_mfa_challenge(redis, data.mfa_token)
    await service.attempt_succeeded(request, user.id)
    membership = await _membership_for_login(session, user.id, organization_id)
    tokens = await issue_tokens(
        session,
        user=user,
        membership=membership,
        request=request,
        authentication_methods=list(AUTHENTICATION_METHODS),
    )
    details: dict[str, Any] = {"methods": AUTHENTICATION_METHODS, "second_factor": method}
    if method == "backup_code":
        details["backup_codes_remaining"] = await service.backup_codes_remaining(session, user.id)
    await audit.record(
        session,
        "auth.login",
        request=request,
        organization_id=tokens.organization_id,
        actor_user_id=user.id,
        target_type="user",
        target_id=user.id,
        details=details,
    )
    return tokens

"""Signing in with a password, and moving a signed-in user to another organization.

A wrong password and an unknown address get the same answer after the same work (one argon2
verification), so the login form never tells who has an account. Attempts are limited per
address typed and per client address before any password is checked.
"""

from __future__ import annotations

import uuid

from fastapi import Request
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.auth.principal import Principal
from fluxkit.errors import Forbidden, NotFound, Unauthorized
from inkpass.audit.service import client_ip, record, record_independent
from inkpass.auth.mfa import MFA_CHALLENGE_SECONDS, create_mfa_challenge
from inkpass.auth.schemas import MfaRequired
from inkpass.auth.throttle import LoginThrottle
from inkpass.orgs.models import Membership
from inkpass.passwords import hash_password_async, needs_rehash, verify_password_async
from inkpass.sessions.models import LoginSession
from inkpass.sessions.service import TokenPair, issue_tokens
from inkpass.settings import InkPassSettings
from inkpass.users.models import User
from inkpass.users.service import get_user_by_email, normalize

PASSWORD_METHODS = ["pwd"]


class InvalidCredentials(Unauthorized):
    def __init__(self) -> None:
        super().__init__("the email address or password is wrong")


class OrganizationNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("organization not found")


def login_throttle(request: Request) -> LoginThrottle:
    settings: InkPassSettings = request.app.state.settings
    return LoginThrottle(
        request.app.state.redis,
        per_account=settings.login_attempts_per_account,
        per_address=settings.login_attempts_per_ip,
        window_seconds=settings.login_window_seconds,
    )


async def membership_for(
    session: AsyncSession, user_id: uuid.UUID, organization_id: uuid.UUID | None
) -> Membership | None:
    """The membership in ``organization_id``, or the user's oldest one when it is None."""
    query = select(Membership).where(Membership.user_id == user_id)
    if organization_id is not None:
        query = query.where(Membership.organization_id == organization_id)
    return await session.scalar(query.order_by(Membership.created_at, Membership.id).limit(1))


async def login(
    session: AsyncSession,
    *,
    request: Request,
    email: str,
    password: str,
    organization_id: uuid.UUID | None,
) -> TokenPair | MfaRequired:
    attempt = await login_throttle(request).reserve(email, client_ip(request))
    user = await get_user_by_email(session, email)
    # An unknown address or an account without a password burns the time of a real check.
    password_ok = await verify_password_async(user.password_hash if user else None, password)
    # Looked up whatever the outcome, so failures of known and unknown addresses cost the same.
    membership = await membership_for(session, user.id if user else uuid.uuid4(), organization_id)
    if user is None or not password_ok or not user.is_active:
        reason = (
            "unknown_account"
            if user is None
            else "wrong_password"
            if not password_ok
            else "inactive_account"
        )
        await record_independent(
            request,
            "auth.login_failed",
            organization_id=membership.organization_id if membership else None,
            actor_user_id=user.id if user else None,
            outcome="failure",
            target_type="user",
            target_id=user.id if user else None,
            details={"email": normalize(email), "reason": reason},
        )
        raise InvalidCredentials()

    await login_throttle(request).succeeded(attempt)
    assert user.password_hash is not None
    if needs_rehash(user.password_hash):
        user.password_hash = await hash_password_async(password)
    if organization_id is not None and membership is None:
        raise OrganizationNotFound()
    if user.totp_enabled:
        token = await create_mfa_challenge(
            request.app.state.redis,
            user_id=user.id,
            organization_id=membership.organization_id if membership else None,
        )
        return MfaRequired(mfa_token=token, expires_in=MFA_CHALLENGE_SECONDS)
    tokens = await issue_tokens(
        session,
        user=user,
        membership=membership,
        request=request,
        authentication_methods=list(PASSWORD_METHODS),
    )
    await record(
        session,
        "auth.login",
        request=request,
        organization_id=tokens.organization_id,
        actor_user_id=user.id,
        target_type="user",
        target_id=user.id,
        details={"methods": PASSWORD_METHODS},
    )
    return tokens


async def switch_organization(
    session: AsyncSession, *, request: Request, principal: Principal, organization_id: uuid.UUID
) -> TokenPair:
    """New tokens (a new session) for another organization the signed-in user belongs to."""
    if principal.kind != "user" or principal.user_id is None or principal.session_id is None:
        raise Forbidden("only a signed-in user can switch organizations")
    user = await session.get(User, principal.user_id)
    if user is None or not user.is_active:
        raise Unauthorized("this account is not active")
    membership = await membership_for(session, user.id, organization_id)
    if membership is None:
        raise OrganizationNotFound()
    current = await session.get(LoginSession, principal.session_id)
    methods = list(current.authentication_methods) if current else list(PASSWORD_METHODS)
    tokens = await issue_tokens(
        session, user=user, membership=membership, request=request, authentication_methods=methods
    )
    await record(
        session,
        "auth.organization_switched",
        request=request,
        organization_id=organization_id,
        actor_user_id=user.id,
        target_type="organization",
        target_id=organization_id,
        details={"from_organization_id": str(principal.organization_id or "") or None},
    )
    return tokens

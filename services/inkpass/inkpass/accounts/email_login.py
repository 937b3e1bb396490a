"""Signing in with a code sent by email (no password needed; TOTP still applies)."""

from __future__ import annotations

from fastapi import Request
from sqlalchemy.ext.asyncio import AsyncSession

from inkpass.audit.service import client_ip, record, record_independent
from inkpass.auth.mfa import MFA_CHALLENGE_SECONDS, create_mfa_challenge
from inkpass.auth.schemas import MfaRequired
from inkpass.notify import Notifier, messages, send_after_commit
from inkpass.orgs.service import default_membership
from inkpass.otp.limits import OtpLimits
from inkpass.otp.service import InvalidCode, OtpPurpose, issue_otp, verify_code_quietly
from inkpass.sessions.service import TokenPair, issue_tokens
from inkpass.settings import InkPassSettings
from inkpass.users.service import get_user_by_email, mark_email_verified

# RFC 8176 authentication method reference for a one-time code.
EMAIL_CODE_METHOD = "otp"


async def request_login_code(
    session: AsyncSession,
    *,
    email: str,
    settings: InkPassSettings,
    limits: OtpLimits,
    notifier: Notifier,
    request: Request,
) -> None:
    allowed = await limits.allow_request(client_ip(request), email, OtpPurpose.LOGIN)
    user = await get_user_by_email(session, email)
    if user is None or not user.is_active or not allowed:
        return
    code = await issue_otp(
        session, user_id=user.id, purpose=OtpPurpose.LOGIN, target=user.email, settings=settings
    )
    send_after_commit(
        session,
        notifier,
        user.email,
        messages.code_email(OtpPurpose.LOGIN, code, settings.otp_ttl_minutes),
    )
    await record(
        session,
        "auth.login_code_requested",
        request=request,
        actor_user_id=user.id,
        target_type="user",
        target_id=user.id,
    )


async def login_with_code(
    session: AsyncSession,
    *,
    email: str,
    code: str,
    settings: InkPassSettings,
    limits: OtpLimits,
    request: Request,
) -> TokenPair | MfaRequired:
    await limits.check_verification(client_ip(request), email)
    user = await get_user_by_email(session, email)
    if user is None or not user.is_active:
        await record_independent(
            request,
            "auth.login_failed",
            outcome="failure",
            details={"method": "email_code", "reason": "unknown_account"},
        )
        raise InvalidCode()
    await verify_code_quietly(
        session,
        user_id=user.id,
        purpose=OtpPurpose.LOGIN,
        code=code,
        settings=settings,
        request=request,
    )
    mark_email_verified(user)
    membership = await default_membership(session, user.id)
    organization_id = membership.organization_id if membership else None
    if user.totp_enabled:
        token = await create_mfa_challenge(
            request.app.state.redis, user_id=user.id, organization_id=organization_id
        )
        await record(
            session,
            "auth.mfa_challenge_issued",
            request=request,
            organization_id=organization_id,
            actor_user_id=user.id,
            details={"method": "email_code"},
        )
        return MfaRequired(mfa_token=token, expires_in=MFA_CHALLENGE_SECONDS)
    pair = await issue_tokens(
        session,
        user=user,
        membership=membership,
        request=request,
        authentication_methods=[EMAIL_CODE_METHOD],
    )
    await record(
        session,
        "auth.login",
        request=request,
        organization_id=organization_id,
        actor_user_id=user.id,
        details={"method": "email_code"},
    )
    return pair

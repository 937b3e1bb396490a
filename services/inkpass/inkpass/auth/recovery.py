"""Forgot, reset and change password.

Forgetting answers the same way, in comparable time, whether or not the address has an account:
the code (if any) is emailed in the background after commit. A reset or change ends the user's
other sessions at once, through the revocation cache.
"""

from __future__ import annotations

import uuid

from fastapi import Request
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.db import utcnow
from fluxkit.errors import BadRequest
from inkpass.audit.service import client_ip, record
from inkpass.auth.registration import enforce_password_policy
from inkpass.notify import Notifier, messages, send_after_commit
from inkpass.otp.limits import OtpLimits
from inkpass.otp.service import InvalidCode, OtpPurpose, issue_otp, verify_code_quietly
from inkpass.passwords import hash_password_async
from inkpass.sessions.service import revocations_from, revoke_all_sessions
from inkpass.settings import InkPassSettings
from inkpass.users.email_change import confirm_password
from inkpass.users.models import User
from inkpass.users.service import get_user_by_email, mark_email_verified


async def forgot_password(
    session: AsyncSession,
    *,
    email: str,
    settings: InkPassSettings,
    limits: OtpLimits,
    notifier: Notifier,
    request: Request,
) -> None:
    allowed = await limits.allow_request(client_ip(request), email, OtpPurpose.RESET_PASSWORD)
    user = await get_user_by_email(session, email)
    known = user is not None and user.is_active
    if user is not None and known and allowed:
        code = await issue_otp(
            session,
            user_id=user.id,
            purpose=OtpPurpose.RESET_PASSWORD,
            target=user.email,
            settings=settings,
        )
        message = messages.code_email(OtpPurpose.RESET_PASSWORD, code, settings.otp_ttl_minutes)
        send_after_commit(session, notifier, user.email, message)
    await record(
        session,
        "auth.password_reset_requested",
        request=request,
        actor_user_id=user.id if user is not None else None,
        outcome="success" if known else "unknown_account",
        target_type="user",
        target_id=user.id if user is not None else None,
        details={} if allowed else {"throttled": True},
    )


async def _set_password(
    session: AsyncSession,
    *,
    user: User,
    new_password: str,
    settings: InkPassSettings,
    request: Request,
    reason: str,
    keep_session: uuid.UUID | None,
) -> int:
    user.password_hash = await hash_password_async(new_password)
    user.password_changed_at = utcnow()
    await session.flush()
    return await revoke_all_sessions(
        session,
        user_id=user.id,
        reason=reason,
        revocations=revocations_from(request),
        settings=settings,
        except_session_id=keep_session,
    )


async def reset_password(
    session: AsyncSession,
    *,
    email: str,
    code: str,
    new_password: str,
    settings: InkPassSettings,
    limits: OtpLimits,
    notifier: Notifier,
    request: Request,
) -> None:
    await limits.check_verification(client_ip(request), email)
    # Judged before the account is looked up, so a weak password never hints at the account.
    enforce_password_policy(settings, new_password, email=email, names=[])
    user = await get_user_by_email(session, email)
    if user is None or not user.is_active:
        raise InvalidCode()
    await verify_code_quietly(
        session,
        user_id=user.id,
        purpose=OtpPurpose.RESET_PASSWORD,
        code=code,
        settings=settings,
        request=request,
    )
    # The code came through this mailbox: the address is proven as well.
    mark_email_verified(user)
    ended = await _set_password(
        session,
        user=user,
        new_password=new_password,
        settings=settings,
        request=request,
        reason="password_reset",
        keep_session=None,
    )
    await record(
        session,
        "auth.password_reset",
        request=request,
        actor_user_id=user.id,
        target_type="user",
        target_id=user.id,
        details={"sessions_revoked": ended},
    )
    send_after_commit(
        session, notifier, user.email, messages.password_changed(ip=client_ip(request))
    )


async def change_password(
    session: AsyncSession,
    *,
    user: User,
    current_session: uuid.UUID | None,
    current_password: str,
    new_password: str,
    settings: InkPassSettings,
    limits: OtpLimits,
    notifier: Notifier,
    request: Request,
) -> None:
    await confirm_password(request, limits, user, current_password, "auth.password_change_failed")
    enforce_password_policy(settings, new_password, email=user.email, names=[user.display_name])
    if new_password == current_password:
        raise BadRequest("choose a password different from the current one")
    ended = await _set_password(
        session,
        user=user,
        new_password=new_password,
        settings=settings,
        request=request,
        reason="password_changed",
        keep_session=current_session,
    )
    await record(
        session,
        "auth.password_changed",
        request=request,
        actor_user_id=user.id,
        target_type="user",
        target_id=user.id,
        details={"sessions_revoked": ended},
    )
    send_after_commit(
        session, notifier, user.email, messages.password_changed(ip=client_ip(request))
    )

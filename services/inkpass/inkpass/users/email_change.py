"""Changing the account's email: password to ask, a code sent to the new address to confirm."""

from __future__ import annotations

from fastapi import Request
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.errors import BadRequest
from inkpass.audit.service import client_ip, record, record_independent
from inkpass.notify import Notifier, messages, send_after_commit
from inkpass.otp.limits import OtpLimits
from inkpass.otp.service import OtpPurpose, issue_otp, verify_otp
from inkpass.passwords import WrongPassword, verify_password_async
from inkpass.settings import InkPassSettings
from inkpass.users.models import User
from inkpass.users.service import EmailTaken, get_user_by_email, normalize


async def confirm_password(
    request: Request, limits: OtpLimits, user: User, password: str, action: str
) -> None:
    """Check the caller's current password (rate-limited; failures are audited)."""
    await limits.check_verification(client_ip(request), f"password:{user.id}")
    if not await verify_password_async(user.password_hash, password):
        await record_independent(
            request,
            action,
            actor_user_id=user.id,
            outcome="failure",
            target_type="user",
            target_id=user.id,
            details={"reason": "wrong_password"},
        )
        raise WrongPassword()


async def request_email_change(
    session: AsyncSession,
    *,
    user: User,
    new_email: str,
    password: str,
    settings: InkPassSettings,
    limits: OtpLimits,
    notifier: Notifier,
    request: Request,
) -> None:
    new_email = normalize(new_email)
    await confirm_password(request, limits, user, password, "user.email_change_requested")
    if new_email == normalize(user.email):
        raise BadRequest("this is already your email address")
    await limits.check_user_request(client_ip(request), str(user.id), OtpPurpose.CHANGE_EMAIL)
    taken = await get_user_by_email(session, new_email) is not None
    if taken:
        # The caller learns nothing about the other account; its owner is told instead.
        send_after_commit(session, notifier, new_email, messages.email_in_use(new_email))
    else:
        code = await issue_otp(
            session,
            user_id=user.id,
            purpose=OtpPurpose.CHANGE_EMAIL,
            target=new_email,
            settings=settings,
        )
        email = messages.code_email(OtpPurpose.CHANGE_EMAIL, code, settings.otp_ttl_minutes)
        send_after_commit(session, notifier, new_email, email)
    await record(
        session,
        "user.email_change_requested",
        request=request,
        actor_user_id=user.id,
        target_type="user",
        target_id=user.id,
        details={"address_in_use": taken},
    )


async def confirm_email_change(
    session: AsyncSession,
    *,
    user: User,
    code: str,
    settings: InkPassSettings,
    limits: OtpLimits,
    notifier: Notifier,
    request: Request,
) -> User:
    await limits.check_verification(client_ip(request), str(user.id))
    row = await verify_otp(
        session,
        user_id=user.id,
        purpose=OtpPurpose.CHANGE_EMAIL,
        code=code,
        settings=settings,
        request=request,
    )
    new_email = row.target
    if await get_user_by_email(session, new_email) is not None:
        raise EmailTaken()
    old_email = user.email
    user.email = new_email
    # The code reached the new mailbox: the new address is verified by this very step.
    user.email_verified_at = row.consumed_at
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError as exc:
        raise EmailTaken() from exc
    await record(
        session,
        "user.email_changed",
        request=request,
        actor_user_id=user.id,
        target_type="user",
        target_id=user.id,
        details={"from": old_email, "to": new_email},
    )
    send_after_commit(session, notifier, old_email, messages.email_changed(new_email))
    return user

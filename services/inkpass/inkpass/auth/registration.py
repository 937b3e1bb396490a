"""Sign-up and email verification.

Two answers to "this address already has an account", chosen by
``registration_requires_verification``: the enumeration-safe one (the same 202 for every
address, the owner of the existing account gets an email) and the convenient one for local
development (409 EmailTaken, tokens straight away for new accounts).
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from sqlalchemy.ext.asyncio import AsyncSession

from inkpass.accounts.schemas import RegisterRequest
from inkpass.audit.service import client_ip, record, record_independent
from inkpass.notify import Notifier, messages, send_after_commit
from inkpass.orgs.models import Membership
from inkpass.orgs.service import create_organization
from inkpass.otp.limits import OtpLimits
from inkpass.otp.service import (
    InvalidCode,
    OtpPurpose,
    issue_otp,
    verify_code_quietly,
    verify_otp,
)
from inkpass.passwords import check_password_policy, hash_password_async
from inkpass.settings import InkPassSettings
from inkpass.users.models import User
from inkpass.users.service import (
    EmailTaken,
    create_user,
    get_user_by_email,
    mark_email_verified,
)


@dataclass(frozen=True)
class Registration:
    """A new account, or None where an existing address was answered without saying so."""

    user: User | None
    membership: Membership | None


def enforce_password_policy(
    settings: InkPassSettings, password: str, *, email: str, names: list[str]
) -> None:
    check_password_policy(
        password,
        email=email,
        min_length=settings.password_min_length,
        max_length=settings.password_max_length,
        user_inputs=[name for name in names if name],
    )


async def send_verification_code(
    session: AsyncSession, *, user: User, settings: InkPassSettings, notifier: Notifier
) -> None:
    code = await issue_otp(
        session,
        user_id=user.id,
        purpose=OtpPurpose.VERIFY_EMAIL,
        target=user.email,
        settings=settings,
    )
    email = messages.code_email(OtpPurpose.VERIFY_EMAIL, code, settings.otp_ttl_minutes)
    send_after_commit(session, notifier, user.email, email)


async def register(
    session: AsyncSession,
    *,
    data: RegisterRequest,
    settings: InkPassSettings,
    limits: OtpLimits,
    notifier: Notifier,
    request: Request,
) -> Registration:
    enforce_password_policy(
        settings,
        data.password,
        email=data.email,
        names=[data.display_name, data.organization_name or ""],
    )
    may_email = await limits.allow_request(client_ip(request), data.email, "register")
    existing = await get_user_by_email(session, data.email)
    if existing is not None:
        if not settings.registration_requires_verification:
            await record_independent(
                request,
                "user.registration_rejected",
                outcome="failure",
                target_type="user",
                target_id=existing.id,
                details={"reason": "email_taken"},
            )
            raise EmailTaken()
        # Same work as a real sign-up (one argon2 hash), same answer; only the owner hears of it.
        await hash_password_async(data.password)
        if may_email:
            send_after_commit(
                session, notifier, existing.email, messages.registration_attempt(existing.email)
            )
        await record(
            session,
            "user.registration_duplicate",
            request=request,
            outcome="failure",
            target_type="user",
            target_id=existing.id,
        )
        return Registration(user=None, membership=None)

    password_hash = await hash_password_async(data.password)
    user = await create_user(
        session, email=data.email, password_hash=password_hash, display_name=data.display_name
    )
    organization_name = data.organization_name or f"{data.display_name}'s organization"
    organization, membership = await create_organization(
        session, name=organization_name, owner=user, request=request
    )
    await record(
        session,
        "user.registered",
        request=request,
        organization_id=organization.id,
        actor_user_id=user.id,
        target_type="user",
        target_id=user.id,
    )
    await send_verification_code(session, user=user, settings=settings, notifier=notifier)
    return Registration(user=user, membership=membership)


async def request_verification(
    session: AsyncSession,
    *,
    user: User | None,
    address: str,
    settings: InkPassSettings,
    limits: OtpLimits,
    notifier: Notifier,
    request: Request,
) -> None:
    """Send a fresh verification code, unless the account is unknown, inactive or verified.

    The caller answers the same in every case, so the signed-out form reveals nothing.
    """
    allowed = await limits.allow_request(client_ip(request), address, OtpPurpose.VERIFY_EMAIL)
    if user is None or not user.is_active or user.email_verified_at is not None or not allowed:
        return
    await send_verification_code(session, user=user, settings=settings, notifier=notifier)
    await record(
        session,
        "user.email_verification_requested",
        request=request,
        actor_user_id=user.id,
        target_type="user",
        target_id=user.id,
    )


async def verify_email(
    session: AsyncSession,
    *,
    user: User | None,
    address: str,
    code: str,
    signed_in: bool,
    settings: InkPassSettings,
    limits: OtpLimits,
    request: Request,
) -> User:
    await limits.check_verification(client_ip(request), address)
    if user is None or not user.is_active:
        raise InvalidCode()
    verify = verify_otp if signed_in else verify_code_quietly
    row = await verify(
        session,
        user_id=user.id,
        purpose=OtpPurpose.VERIFY_EMAIL,
        code=code,
        settings=settings,
        request=request,
    )
    if row.target != user.email:
        # The address changed since the code was sent; it proves nothing about the new one.
        raise InvalidCode()
    if mark_email_verified(user):
        await session.flush()
        await record(
            session,
            "user.email_verified",
            request=request,
            actor_user_id=user.id,
            target_type="user",
            target_id=user.id,
        )
    return user

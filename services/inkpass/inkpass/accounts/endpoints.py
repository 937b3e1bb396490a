"""``/api/v1/auth``: register, verify email, forgot/reset/change password, sign in by email code."""

from __future__ import annotations

from fastapi import Request, Response

from fluxkit.app import flux_router
from fluxkit.auth.deps import CurrentUser, get_principal
from fluxkit.db import SessionDep
from fluxkit.errors import BadRequest
from inkpass.accounts import email_login, schemas
from inkpass.accounts.deps import NotifierDep, OtpLimitsDep, SettingsDep
from inkpass.auth import recovery, registration
from inkpass.auth.schemas import MfaRequired
from inkpass.sessions.service import TokenPair, issue_tokens
from inkpass.users.models import User
from inkpass.users.schemas import Accepted
from inkpass.users.service import current_user, get_user_by_email

router = flux_router("/api/v1/auth", tags=["accounts"])

SENT = Accepted(status="verification_sent")
# RFC 8176 authentication method reference for a password.
PASSWORD_METHOD = "pwd"


REGISTER_DESCRIPTION = (
    "Create an account and its organization (the new user owns it) and email a verification "
    "code. With `registration_requires_verification` (recommended in production) every address, "
    "new or already registered, gets the same 202 `verification_sent`, and the owner of an "
    "existing account is emailed about the attempt: the form never reveals who has an account. "
    "Without it (local development) a new account gets 201 with tokens at once and an existing "
    "address gets 409 `EmailTaken`, which does reveal that the address is registered."
)


@router.post(
    "/register",
    status_code=201,
    response_model=TokenPair | Accepted,
    description=REGISTER_DESCRIPTION,
    responses={202: {"model": Accepted}, 409: {"description": "EmailTaken (development mode)"}},
)
async def register(
    data: schemas.RegisterRequest,
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    limits: OtpLimitsDep,
    notifier: NotifierDep,
) -> TokenPair | Accepted:
    """Create an account; the answer depends on registration_requires_verification."""
    result = await registration.register(
        session, data=data, settings=settings, limits=limits, notifier=notifier, request=request
    )
    if settings.registration_requires_verification or result.user is None:
        response.status_code = 202
        return SENT
    return await issue_tokens(
        session,
        user=result.user,
        membership=result.membership,
        request=request,
        authentication_methods=[PASSWORD_METHOD],
    )


async def _optional_user(request: Request, session: SessionDep) -> User | None:
    if not request.headers.get("authorization"):
        return None
    return await current_user(session, await get_principal(request))


@router.post("/verify-email/request", status_code=202, response_model=Accepted)
async def request_email_verification(
    data: schemas.VerificationRequest,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    limits: OtpLimitsDep,
    notifier: NotifierDep,
) -> Accepted:
    """Send a new email verification code (signed in, or naming the address); always 202."""
    user = await _optional_user(request, session)
    if user is None:
        if data.email is None:
            raise BadRequest("sign in, or give the email address to verify")
        user = await get_user_by_email(session, data.email)
        address = data.email
    else:
        address = user.email
    await registration.request_verification(
        session,
        user=user,
        address=address,
        settings=settings,
        limits=limits,
        notifier=notifier,
        request=request,
    )
    return SENT


@router.post("/verify-email", response_model=schemas.EmailVerified)
async def verify_email(
    data: schemas.VerifyEmail,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    limits: OtpLimitsDep,
) -> schemas.EmailVerified:
    """Verify the account's email address with the code sent to it."""
    user = await _optional_user(request, session)
    signed_in = user is not None
    if user is None:
        if data.email is None:
            raise BadRequest("sign in, or give the email address the code was sent to")
        user = await get_user_by_email(session, data.email)
    address = user.email if user is not None else str(data.email)
    verified = await registration.verify_email(
        session,
        user=user,
        address=address,
        code=data.code,
        signed_in=signed_in,
        settings=settings,
        limits=limits,
        request=request,
    )
    return schemas.EmailVerified(user_id=verified.id, email=verified.email)


@router.post("/password/forgot", status_code=202, response_model=Accepted)
async def forgot_password(
    data: schemas.EmailOnly,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    limits: OtpLimitsDep,
    notifier: NotifierDep,
) -> Accepted:
    """Email a password reset code if the address has an account; the answer is always 202."""
    await recovery.forgot_password(
        session,
        email=data.email,
        settings=settings,
        limits=limits,
        notifier=notifier,
        request=request,
    )
    return Accepted(status="reset_code_sent_if_account_exists")


@router.post("/password/reset", response_model=schemas.Done)
async def reset_password(
    data: schemas.PasswordReset,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    limits: OtpLimitsDep,
    notifier: NotifierDep,
) -> schemas.Done:
    """Set a new password with the emailed code; every session of the account is signed out."""
    await recovery.reset_password(
        session,
        email=data.email,
        code=data.code,
        new_password=data.new_password,
        settings=settings,
        limits=limits,
        notifier=notifier,
        request=request,
    )
    return schemas.Done(status="password_reset")


@router.post("/password/change", response_model=schemas.Done)
async def change_password(
    data: schemas.PasswordChange,
    request: Request,
    session: SessionDep,
    principal: CurrentUser,
    settings: SettingsDep,
    limits: OtpLimitsDep,
    notifier: NotifierDep,
) -> schemas.Done:
    """Change the password (current one needed); the caller's other sessions are signed out."""
    user = await current_user(session, principal)
    await recovery.change_password(
        session,
        user=user,
        current_session=principal.session_id,
        current_password=data.current_password,
        new_password=data.new_password,
        settings=settings,
        limits=limits,
        notifier=notifier,
        request=request,
    )
    return schemas.Done(status="password_changed")


@router.post("/login/code/request", status_code=202, response_model=Accepted)
async def request_login_code(
    data: schemas.EmailOnly,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    limits: OtpLimitsDep,
    notifier: NotifierDep,
) -> Accepted:
    """Email a sign-in code if the address has an account; the answer is always 202."""
    await email_login.request_login_code(
        session,
        email=data.email,
        settings=settings,
        limits=limits,
        notifier=notifier,
        request=request,
    )
    return Accepted(status="code_sent_if_account_exists")


@router.post("/login/code", response_model=TokenPair | MfaRequired)
async def login_with_code(
    data: schemas.CodeLogin,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    limits: OtpLimitsDep,
) -> TokenPair | MfaRequired:
    """Sign in with an emailed code; accounts with TOTP get an MFA challenge to finish."""
    return await email_login.login_with_code(
        session, email=data.email, code=data.code, settings=settings, limits=limits, request=request
    )

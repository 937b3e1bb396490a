"""Two-factor rules: enrolment, confirmation, re-authenticated changes, code checks, limits."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime
from functools import lru_cache
from typing import Literal

from fastapi import Request
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.crypto import Keyring
from fluxkit.errors import BadRequest, Conflict, Forbidden, RateLimited
from fluxkit.ratelimit import SlidingWindow
from fluxkit.settings import ServiceSettings
from inkpass.audit import service as audit
from inkpass.notify import messages, notifier_from, send_after_commit
from inkpass.passwords import verify_password_async
from inkpass.totp import codes, schemas
from inkpass.totp.models import BackupCode, TotpCredential
from inkpass.users.models import User

Method = Literal["totp", "backup_code"]


class InvalidTotpCode(BadRequest):
    pass


class ReauthenticationFailed(Forbidden):
    pass


class TwoFactorAlreadyEnabled(Conflict):
    pass


class TwoFactorNotEnabled(Conflict):
    pass


class TotpSetupMissing(Conflict):
    pass


@lru_cache(maxsize=4)
def _keyring(spec: str) -> Keyring:
    return Keyring.from_spec(spec)


def keyring_for(settings: ServiceSettings) -> Keyring:
    return _keyring(settings.keyring.get_secret_value())


def _secret_context(user_id: uuid.UUID) -> bytes:
    # Binds each ciphertext to its user: a secret copied onto another row will not decrypt.
    return f"totp:{user_id}".encode()


# --- rate limits ------------------------------------------------------------------------


def _limits(request: Request) -> tuple[SlidingWindow, SlidingWindow]:
    settings = request.app.state.settings
    redis = request.app.state.redis
    window = settings.totp_window_seconds
    return (
        SlidingWindow(redis, "totp:user", settings.totp_attempts_per_user, window),
        SlidingWindow(redis, "totp:ip", settings.totp_attempts_per_ip, window),
    )


async def count_attempt(request: Request, user_id: uuid.UUID | None) -> None:
    """Count a code attempt per client address and per user; 429 past either limit."""
    per_user, per_ip = _limits(request)
    try:
        await per_ip.check(audit.client_ip(request) or "unknown", "too many 2FA attempts")
        if user_id is not None:
            await per_user.check(str(user_id), "too many 2FA attempts for this account")
    except RateLimited:
        await audit.record_independent(
            request, "2fa.locked_out", actor_user_id=user_id, outcome="denied"
        )
        raise


async def attempt_succeeded(request: Request, user_id: uuid.UUID) -> None:
    per_user, _ = _limits(request)
    await per_user.reset(str(user_id))


async def record_failure(request: Request, action: str, user_id: uuid.UUID, purpose: str) -> None:
    await audit.record_independent(
        request,
        action,
        actor_user_id=user_id,
        outcome="failure",
        target_type="user",
        target_id=user_id,
        details={"purpose": purpose},
    )


# --- codes --------------------------------------------------------------------------------


async def _credential(session: AsyncSession, user_id: uuid.UUID) -> TotpCredential | None:
    return await session.scalar(select(TotpCredential).where(TotpCredential.user_id == user_id))


async def accept_totp(
    session: AsyncSession,
    credential: TotpCredential,
    code: str,
    keyring: Keyring,
    *,
    at: float | None = None,
) -> bool:
    """Accept a TOTP code once: its time step must be later than the last accepted one.

    The check-and-set is one conditional UPDATE, so two requests racing with the same code
    cannot both win (the second waits for the first's row lock, then finds the step taken).
    """
    secret = keyring.decrypt_str(credential.secret_encrypted, _secret_context(credential.user_id))
    step = codes.match_totp_step(secret, code, at=time.time() if at is None else at)
    if step is None:
        return False
    accepted = await session.scalar(
        update(TotpCredential)
        .where(
            TotpCredential.id == credential.id,
            or_(TotpCredential.last_used_step.is_(None), TotpCredential.last_used_step < step),
        )
        .values(last_used_step=step)
        .returning(TotpCredential.id)
        .execution_options(synchronize_session=False)
    )
    return accepted is not None


async def accept_backup_code(session: AsyncSession, user_id: uuid.UUID, code: str) -> bool:
    """Spend a backup code (atomically: a code works once even under concurrent use)."""
    spent = await session.scalar(
        update(BackupCode)
        .where(
            BackupCode.user_id == user_id,
            BackupCode.code_hash == codes.hash_backup_code(user_id, code),
            BackupCode.used_at.is_(None),
        )
        .values(used_at=datetime.now(UTC))
        .returning(BackupCode.id)
        .execution_options(synchronize_session=False)
    )
    return spent is not None


async def accept_second_factor(
    session: AsyncSession, user: User, code: str, keyring: Keyring
) -> Method | None:
    """Check a TOTP code or a backup code for a user with 2FA enabled; which one matched."""
    credential = await _credential(session, user.id)
    if credential is None or credential.confirmed_at is None:
        return None
    if codes.looks_like_backup_code(code):
        return "backup_code" if await accept_backup_code(session, user.id, code) else None
    return "totp" if await accept_totp(session, credential, code, keyring) else None


async def backup_codes_remaining(session: AsyncSession, user_id: uuid.UUID) -> int:
    count = await session.scalar(
        select(func.count())
        .select_from(BackupCode)
        .where(BackupCode.user_id == user_id, BackupCode.used_at.is_(None))
    )
    return int(count or 0)


async def _replace_backup_codes(session: AsyncSession, user_id: uuid.UUID) -> list[str]:
    await session.execute(delete(BackupCode).where(BackupCode.user_id == user_id))
    fresh = codes.new_backup_codes()
    session.add_all(
        BackupCode(user_id=user_id, code_hash=codes.hash_backup_code(user_id, code))
        for code in fresh
    )
    await session.flush()
    return fresh


# --- enrolment and changes ---------------------------------------------------------------


async def begin_setup(
    session: AsyncSession, *, user: User, keyring: Keyring, issuer: str, request: Request
) -> schemas.TotpSetup:
    """Start (or restart) enrolment with a new secret; nothing changes until confirmed."""
    if user.totp_enabled:
        raise TwoFactorAlreadyEnabled("two-factor authentication is already enabled")
    secret = codes.new_secret()
    encrypted = keyring.encrypt(secret, _secret_context(user.id))
    credential = await _credential(session, user.id)
    if credential is None:
        session.add(TotpCredential(user_id=user.id, secret_encrypted=encrypted))
    else:
        credential.secret_encrypted = encrypted
        credential.confirmed_at = None
        credential.last_used_step = None
    await session.flush()
    await audit.record(
        session,
        "2fa.setup_started",
        request=request,
        actor_user_id=user.id,
        target_type="user",
        target_id=user.id,
    )
    uri = codes.provisioning_uri(secret, account=user.email, issuer=issuer)
    return schemas.TotpSetup(
        secret=secret,
        otpauth_uri=uri,
        qr_code=codes.qr_code_data_uri(uri),
        issuer=issuer,
        account=user.email,
    )


async def _reauthenticate(request: Request, user: User, password: str, purpose: str) -> None:
    await count_attempt(request, user.id)
    if not await verify_password_async(user.password_hash, password):
        await record_failure(request, "2fa.reauthentication_failed", user.id, purpose)
        raise ReauthenticationFailed("the password is not correct")


def _tell_owner(session: AsyncSession, request: Request, user: User, *, enabled: bool) -> None:
    """Email the account's owner that 2FA changed (so a thief turning it off is noticed)."""
    email = messages.two_factor_changed(enabled=enabled, ip=audit.client_ip(request))
    send_after_commit(session, notifier_from(request), user.email, email)


async def enable(
    session: AsyncSession,
    *,
    user: User,
    code: str,
    password: str,
    keyring: Keyring,
    request: Request,
) -> list[str]:
    """Confirm the pending secret with a code and the password; returns fresh backup codes."""
    if user.totp_enabled:
        raise TwoFactorAlreadyEnabled("two-factor authentication is already enabled")
    credential = await _credential(session, user.id)
    if credential is None:
        raise TotpSetupMissing("start with POST /api/v1/auth/2fa/totp/setup")
    await _reauthenticate(request, user, password, "enable")
    if not await accept_totp(session, credential, code, keyring):
        await record_failure(request, "2fa.verification_failed", user.id, "enable")
        raise InvalidTotpCode("the code is not valid")
    await attempt_succeeded(request, user.id)
    credential.confirmed_at = datetime.now(UTC)
    user.totp_enabled = True
    backup = await _replace_backup_codes(session, user.id)
    await audit.record(
        session,
        "2fa.enabled",
        request=request,
        actor_user_id=user.id,
        target_type="user",
        target_id=user.id,
    )
    _tell_owner(session, request, user, enabled=True)
    return backup


async def _reauthenticate_with_second_factor(
    session: AsyncSession,
    *,
    user: User,
    password: str,
    code: str,
    keyring: Keyring,
    request: Request,
    purpose: str,
) -> Method:
    if not user.totp_enabled:
        raise TwoFactorNotEnabled("two-factor authentication is not enabled")
    await _reauthenticate(request, user, password, purpose)
    method = await accept_second_factor(session, user, code, keyring)
    if method is None:
        await record_failure(request, "2fa.verification_failed", user.id, purpose)
        raise InvalidTotpCode("the code is not valid")
    await attempt_succeeded(request, user.id)
    return method


async def disable(
    session: AsyncSession,
    *,
    user: User,
    password: str,
    code: str,
    keyring: Keyring,
    request: Request,
) -> None:
    """Turn 2FA off (password and a code required); the secret and backup codes are deleted."""
    method = await _reauthenticate_with_second_factor(
        session,
        user=user,
        password=password,
        code=code,
        keyring=keyring,
        request=request,
        purpose="disable",
    )
    await session.execute(delete(TotpCredential).where(TotpCredential.user_id == user.id))
    await session.execute(delete(BackupCode).where(BackupCode.user_id == user.id))
    user.totp_enabled = False
    await session.flush()
    await audit.record(
        session,
        "2fa.disabled",
        request=request,
        actor_user_id=user.id,
        target_type="user",
        target_id=user.id,
        details={"method": method},
    )
    _tell_owner(session, request, user, enabled=False)


async def regenerate_backup_codes(
    session: AsyncSession,
    *,
    user: User,
    password: str,
    code: str,
    keyring: Keyring,
    request: Request,
) -> list[str]:
    """Ten new backup codes; every earlier one stops working."""
    method = await _reauthenticate_with_second_factor(
        session,
        user=user,
        password=password,
        code=code,
        keyring=keyring,
        request=request,
        purpose="regenerate_backup_codes",
    )
    fresh = await _replace_backup_codes(session, user.id)
    await audit.record(
        session,
        "2fa.backup_codes_regenerated",
        request=request,
        actor_user_id=user.id,
        target_type="user",
        target_id=user.id,
        details={"method": method},
    )
    return fresh


async def status(session: AsyncSession, user: User) -> schemas.TwoFactorStatus:
    credential = await _credential(session, user.id)
    return schemas.TwoFactorStatus(
        enabled=user.totp_enabled,
        pending=credential is not None and credential.confirmed_at is None,
        backup_codes_remaining=(
            await backup_codes_remaining(session, user.id) if user.totp_enabled else 0
        ),
    )

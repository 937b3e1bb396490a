"""Purpose-bound one-time codes: 6 digits, 10 minutes, keyed hash at rest, single use, few tries.

A new code for the same user and purpose replaces the older ones. Verification counts every try
on the row itself (under a row lock, so parallel guesses cannot exceed the limit) and keeps the
count even when the request that made the wrong guess answers with an error.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import uuid
from datetime import timedelta
from enum import StrEnum

from fastapi import Request
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.db import commit, utcnow
from fluxkit.errors import FluxError
from inkpass.audit.service import record
from inkpass.otp.models import OneTimeCode
from inkpass.settings import InkPassSettings, get_settings

CODE_DIGITS = 6


class OtpPurpose(StrEnum):
    VERIFY_EMAIL = "verify_email"
    RESET_PASSWORD = "reset_password"
    CHANGE_EMAIL = "change_email"
    LOGIN = "login"


class InvalidCode(FluxError):
    status_code = 400

    def __init__(
        self, message: str = "the code is invalid or has expired", **extra: object
    ) -> None:
        super().__init__(message, extra=dict(extra))


class TooManyAttempts(FluxError):
    status_code = 429

    def __init__(self) -> None:
        super().__init__("too many wrong codes; request a new code")


def _code_key(settings: InkPassSettings) -> bytes:
    # The active keyring entry seeds the HMAC key, so a stolen database alone cannot brute-force
    # the million possible codes offline. Rotating the keyring voids codes in flight (10 min).
    spec = settings.keyring.get_secret_value()
    active = spec.split(",")[-1].strip()
    return hmac.new(b"inkpass-otp-v1", active.encode(), hashlib.sha256).digest()


def _digest(key: bytes, user_id: uuid.UUID, purpose: str, code: str) -> str:
    message = f"{user_id}:{purpose}:{code}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _settings(settings: InkPassSettings | None) -> InkPassSettings:
    return settings if settings is not None else get_settings()


async def issue_otp(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    purpose: str,
    target: str,
    settings: InkPassSettings | None = None,
) -> str:
    """Create a code (voiding older ones for this user and purpose); returns the plain code."""
    settings = _settings(settings)
    purpose = OtpPurpose(purpose).value
    now = utcnow()
    await session.execute(
        update(OneTimeCode)
        .where(
            OneTimeCode.user_id == user_id,
            OneTimeCode.purpose == purpose,
            OneTimeCode.consumed_at.is_(None),
        )
        .values(consumed_at=now)
    )
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    session.add(
        OneTimeCode(
            user_id=user_id,
            purpose=purpose,
            target=target,
            code_hash=_digest(_code_key(settings), user_id, purpose, code),
            expires_at=now + timedelta(minutes=settings.otp_ttl_minutes),
            attempts=0,
        )
    )
    await session.flush()
    return code


async def verify_otp(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    purpose: str,
    code: str,
    settings: InkPassSettings | None = None,
    request: Request | None = None,
) -> OneTimeCode:
    """Consume the user's live code for ``purpose``; raise InvalidCode or TooManyAttempts.

    A wrong guess commits the session (the attempt count must outlive the error response),
    so call this before changing anything else in the request's transaction.
    """
    settings = _settings(settings)
    purpose = OtpPurpose(purpose).value
    now = utcnow()
    row = (
        await session.execute(
            select(OneTimeCode)
            .where(
                OneTimeCode.user_id == user_id,
                OneTimeCode.purpose == purpose,
                OneTimeCode.consumed_at.is_(None),
            )
            .order_by(OneTimeCode.created_at.desc())
            .limit(1)
            .with_for_update()
        )
    ).scalar_one_or_none()
    if row is None or row.expires_at <= now:
        raise InvalidCode()
    if row.attempts >= settings.otp_max_attempts:
        raise TooManyAttempts()
    row.attempts += 1
    candidate = code.strip()
    expected = row.code_hash
    actual = _digest(_code_key(settings), user_id, purpose, candidate)
    if not (re.fullmatch(r"\d{6}", candidate) and hmac.compare_digest(expected, actual)):
        await record(
            session,
            "otp.verify_failed",
            request=request,
            actor_user_id=user_id,
            outcome="failure",
            target_type="one_time_code",
            target_id=row.id,
            details={"purpose": purpose, "attempts": row.attempts},
        )
        await session.flush()
        await commit(session)
        remaining = settings.otp_max_attempts - row.attempts
        if remaining <= 0:
            raise TooManyAttempts()
        raise InvalidCode()
    row.consumed_at = now
    await session.flush()
    return row


async def verify_code_quietly(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    purpose: str,
    code: str,
    settings: InkPassSettings | None = None,
    request: Request | None = None,
) -> OneTimeCode:
    """:func:`verify_otp` for forms addressed by email, where the account may not exist.

    An exhausted code answers like a wrong one: "too many attempts" would only ever appear for
    addresses that have an account.
    """
    try:
        return await verify_otp(
            session, user_id=user_id, purpose=purpose, code=code, settings=settings, request=request
        )
    except TooManyAttempts as exc:
        raise InvalidCode() from exc

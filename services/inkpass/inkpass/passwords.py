"""Password hashing (argon2id, OWASP parameters) and the password policy.

Hashing and verification are CPU-bound (tens of milliseconds by design): async code calls the
``*_async`` variants, which run them in a worker thread so the event loop keeps serving.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import anyio
from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from fluxkit.errors import FluxError

# OWASP Password Storage Cheat Sheet: argon2id, m=19 MiB, t=2, p=1.
_HASHER = PasswordHasher(
    time_cost=2, memory_cost=19456, parallelism=1, hash_len=32, salt_len=16, type=Type.ID
)

MIN_SCORE = 2
"""zxcvbn score (0..4) a password needs: 2 is 'somewhat guessable', safe from online attacks."""

# zxcvbn refuses longer inputs; a prefix this long already says whether the password is guessable.
_ZXCVBN_MAX = 72
_MIN_PERSONAL_FRAGMENT = 4
_MIN_NAME_FRAGMENT = 5


class WeakPassword(FluxError):
    status_code = 422

    def __init__(self, reasons: list[str]) -> None:
        super().__init__(
            "the password does not meet the policy: " + "; ".join(reasons),
            extra={"reasons": reasons},
        )
        self.reasons = reasons


class WrongPassword(FluxError):
    """The current password given to confirm a sensitive change is not the account's."""

    status_code = 403

    def __init__(self) -> None:
        super().__init__("the current password is not correct")


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches; False for a mismatch or an unreadable hash."""
    try:
        return _HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with other parameters than today's (rehash on next login)."""
    try:
        return _HASHER.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _HASHER.hash("inkpass-timing-equaliser")


def burn_verify_time() -> None:
    """Spend what one verification costs, so unknown accounts answer as slowly as known ones."""
    verify_password(_dummy_hash(), "not-the-password")


async def hash_password_async(password: str) -> str:
    return await anyio.to_thread.run_sync(hash_password, password)


async def verify_password_async(password_hash: str | None, password: str) -> bool:
    """Verify in a thread; with no hash (unknown account, no password set) burn the same time."""
    if password_hash is None:
        await anyio.to_thread.run_sync(burn_verify_time)
        return False
    return await anyio.to_thread.run_sync(verify_password, password_hash, password)


async def burn_verify_time_async() -> None:
    await anyio.to_thread.run_sync(burn_verify_time)


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    return frozenset(FREQUENCY_LISTS["passwords"])


def _alphanumeric(value: str) -> str:
    return re.sub(r"[\W_]+", "", value.casefold())


def _personal_inputs(email: str | None, extra: Iterable[str]) -> list[str]:
    inputs: list[str] = []
    if email:
        local, _, domain = email.partition("@")
        inputs += [email, local, *re.split(r"[\W_]+", local), domain.split(".")[0]]
    for value in extra:
        inputs += [value, *value.split()]
    return [value for value in inputs if value]


def check_password_policy(
    password: str,
    *,
    email: str | None,
    min_length: int,
    max_length: int,
    user_inputs: Iterable[str] = (),
) -> None:
    """Raise :class:`WeakPassword` listing every reason the password is refused."""
    reasons: list[str] = []
    length = len(password)
    if length < min_length:
        reasons.append(f"use at least {min_length} characters")
    if length > max_length:
        reasons.append(f"use at most {max_length} characters")
    if any(unicodedata.category(char) == "Cc" for char in password):
        reasons.append("control characters are not allowed")
    if reasons:
        raise WeakPassword(reasons)

    if password.casefold() in _common_passwords():
        reasons.append("this is a commonly used password")
    if email:
        local = _alphanumeric(email.partition("@")[0])
        if len(local) >= _MIN_PERSONAL_FRAGMENT and local in _alphanumeric(password):
            reasons.append("do not use your email address in your password")
    extra = list(user_inputs)
    flat_password = _alphanumeric(password)
    for value in extra:
        # zxcvbn prices a separator between two known names as random; a whole name still shows.
        flat = _alphanumeric(value)
        if len(flat) >= _MIN_NAME_FRAGMENT and flat in flat_password:
            reasons.append("do not use your name in your password")
            break
    result = zxcvbn(password[:_ZXCVBN_MAX], user_inputs=_personal_inputs(email, extra))
    common = bool(reasons) and reasons[0] == "this is a commonly used password"
    if result["score"] < MIN_SCORE and not common:
        warning = str(result["feedback"].get("warning") or "").strip().rstrip(".")
        reasons.append(
            f"this password is too easy to guess ({warning})"
            if warning
            else "this password is too easy to guess"
        )
    if reasons:
        raise WeakPassword(reasons)

"""TOTP (RFC 6238) codes, provisioning URI and QR code, backup codes: pure functions."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
import uuid
from typing import Literal

import pyotp
import qrcode
import qrcode.image.svg

Digest = Literal["sha1", "sha256", "sha512"]
PERIOD_SECONDS = 30
DIGITS = 6
VALID_WINDOW = 1
BACKUP_CODE_COUNT = 10
_BACKUP_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no look-alikes (i/l/1, o/0)
_BACKUP_LENGTH = 12


def new_secret() -> str:
    """A fresh 160-bit secret, base32 as authenticator apps expect."""
    return pyotp.random_base32(32)


def _totp(secret: str, digits: int, period: int, digest: Digest) -> pyotp.TOTP:
    return pyotp.TOTP(secret, digits=digits, interval=period, digest=getattr(hashlib, digest))


def time_step(at: float, period: int = PERIOD_SECONDS) -> int:
    return int(at // period)


def totp_code(
    secret: str,
    *,
    at: float | None = None,
    digits: int = DIGITS,
    period: int = PERIOD_SECONDS,
    digest: Digest = "sha1",
) -> str:
    """The code for the time step containing ``at`` (default now)."""
    step = time_step(time.time() if at is None else at, period)
    return _totp(secret, digits, period, digest).generate_otp(step)


def match_totp_step(
    secret: str,
    code: str,
    *,
    at: float | None = None,
    digits: int = DIGITS,
    period: int = PERIOD_SECONDS,
    valid_window: int = VALID_WINDOW,
    digest: Digest = "sha1",
) -> int | None:
    """The time step ``code`` belongs to, within ``valid_window`` steps of ``at``; else None.

    Returning the step (not a bool) is what lets callers refuse a replayed code: a code is
    accepted only for a step later than the last one accepted.
    """
    code = code.strip().replace(" ", "")
    if len(code) != digits or not code.isdigit():
        return None
    totp = _totp(secret, digits, period, digest)
    current = time_step(time.time() if at is None else at, period)
    matched: int | None = None
    # Compare against every step in the window (no early exit) so timing reveals nothing.
    for step in range(current - valid_window, current + valid_window + 1):
        if step >= 0 and hmac.compare_digest(totp.generate_otp(step), code):
            matched = step
    return matched


def provisioning_uri(secret: str, *, account: str, issuer: str) -> str:
    return _totp(secret, DIGITS, PERIOD_SECONDS, "sha1").provisioning_uri(
        name=account, issuer_name=issuer
    )


def qr_code_data_uri(text: str) -> str:
    """An SVG QR code as a ``data:`` URI (no imaging library needed)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage)
    svg = image.to_string(encoding="unicode")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def new_backup_codes(count: int = BACKUP_CODE_COUNT) -> list[str]:
    """Codes like ``abcd-efgh-jkmn`` (about 59 bits each)."""
    codes = []
    for _ in range(count):
        raw = "".join(secrets.choice(_BACKUP_ALPHABET) for _ in range(_BACKUP_LENGTH))
        codes.append(f"{raw[:4]}-{raw[4:8]}-{raw[8:]}")
    return codes


def normalise_backup_code(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


def looks_like_backup_code(code: str) -> bool:
    return len(normalise_backup_code(code)) == _BACKUP_LENGTH


def hash_backup_code(user_id: uuid.UUID, code: str) -> str:
    """Salted by the user, so one table dump cannot be attacked for all users at once."""
    return hmac.new(user_id.bytes, normalise_backup_code(code).encode(), hashlib.sha256).hexdigest()

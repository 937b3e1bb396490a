"""Signed download links: HMAC-SHA256 over file id, expiry and disposition; Bunny-style CDN tokens.

A link names one file and one moment it stops working; changing any of them (or the signature)
yields 403. CDN mode hands out links on the CDN's host whose token the CDN checks at its edge;
the origin accepts the same token, so a pull through the CDN (or straight to the origin) works.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
import uuid
from datetime import UTC, datetime
from urllib.parse import urlencode, urlsplit

from den.files.content import Disposition
from den.settings import DenSettings
from fluxkit.errors import Forbidden


class LinkInvalid(Forbidden):
    def __init__(self) -> None:
        super().__init__("this link is not valid: its signature does not match")


class LinkExpired(Forbidden):
    def __init__(self) -> None:
        super().__init__("this link has expired: ask for a new one")


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def sign(secret: bytes, file_id: uuid.UUID, expires: int, disposition: Disposition) -> str:
    message = f"den.v1:{file_id}:{expires}:{disposition}".encode()
    return _b64url(hmac.new(secret, message, hashlib.sha256).digest())


def _parse_expiry(raw: str | None) -> int:
    if raw is None or not raw.isdigit() or len(raw) > 12:
        raise LinkInvalid()
    return int(raw)


def verify(
    secret: bytes,
    file_id: uuid.UUID,
    *,
    expires: str | None,
    signature: str | None,
    disposition: Disposition,
    now: float | None = None,
) -> None:
    """Raise LinkInvalid / LinkExpired unless the link is genuine and current."""
    expiry = _parse_expiry(expires)
    expected = sign(secret, file_id, expiry, disposition)
    if signature is None or not hmac.compare_digest(expected, signature):
        raise LinkInvalid()
    if expiry <= (time.time() if now is None else now):
        raise LinkExpired()


def signed_path(file_id: uuid.UUID, expires: int, disposition: Disposition, secret: bytes) -> str:
    query = {"exp": str(expires), "sig": sign(secret, file_id, expires, disposition)}
    if disposition != "attachment":
        query["disposition"] = disposition
    return f"/f/{file_id}?{urlencode(query)}"


# -- CDN (Bunny-style token authentication) ----------------------------------------------------


def bunny_token(key: str, path: str, expires: int) -> str:
    """``base64url(sha256(key + path + expires))`` without padding, as Bunny's edge computes it."""
    return _b64url(hashlib.sha256(f"{key}{path}{expires}".encode()).digest())


def cdn_path(settings: DenSettings, file_id: uuid.UUID) -> str:
    prefix = urlsplit(settings.cdn_base_url).path.rstrip("/")
    return f"{prefix}/f/{file_id}"


def cdn_url(settings: DenSettings, file_id: uuid.UUID, expires: int) -> str:
    path = cdn_path(settings, file_id)
    token = bunny_token(settings.cdn_token_key.get_secret_value(), path, expires)
    parts = urlsplit(settings.cdn_base_url)
    return (
        f"{parts.scheme}://{parts.netloc}{path}?{urlencode({'token': token, 'expires': expires})}"
    )


def verify_cdn_token(
    settings: DenSettings,
    file_id: uuid.UUID,
    *,
    token: str | None,
    expires: str | None,
    now: float | None = None,
) -> None:
    if not settings.cdn_enabled:
        raise LinkInvalid()
    expiry = _parse_expiry(expires)
    expected = bunny_token(
        settings.cdn_token_key.get_secret_value(), cdn_path(settings, file_id), expiry
    )
    if token is None or not hmac.compare_digest(expected, token):
        raise LinkInvalid()
    if expiry <= (time.time() if now is None else now):
        raise LinkExpired()


def expiry_datetime(expires: int) -> datetime:
    return datetime.fromtimestamp(expires, tz=UTC)

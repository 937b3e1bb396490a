"""How each provider proves an event is theirs.

Resend signs with the Svix scheme: ``svix-signature`` holds space-separated ``v1,<base64>``
entries, each an HMAC-SHA256 of ``{svix-id}.{svix-timestamp}.{body}`` under the base64 secret
that follows ``whsec_``; the timestamp must be within the tolerance. Postmark sends the basic-auth
credentials configured on its webhook, and optionally a custom header.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time
from collections.abc import Mapping

from fluxkit.errors import FluxError


class InvalidSignature(FluxError):
    """An unsigned, wrongly signed or stale provider event (401)."""

    status_code = 401


def svix_signature(secret: str, message_id: str, timestamp: str, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{message_id}.{timestamp}.".encode() + body
    return base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def verify_svix(
    secret: str,
    headers: Mapping[str, str],
    body: bytes,
    *,
    tolerance_seconds: int,
    now: float | None = None,
) -> str:
    """Check a Svix-signed request; returns the event id (``svix-id``)."""
    message_id = headers.get("svix-id", "")
    timestamp = headers.get("svix-timestamp", "")
    signatures = headers.get("svix-signature", "")
    if not (message_id and timestamp and signatures):
        raise InvalidSignature("missing svix-id, svix-timestamp or svix-signature header")
    try:
        sent_at = int(timestamp)
    except ValueError as exc:
        raise InvalidSignature("svix-timestamp is not a number") from exc
    if abs((now if now is not None else time.time()) - sent_at) > tolerance_seconds:
        raise InvalidSignature("the event's timestamp is outside the allowed window (stale)")
    try:
        expected = svix_signature(secret, message_id, timestamp, body)
    except (binascii.Error, ValueError) as exc:
        raise InvalidSignature("the webhook secret is not valid base64") from exc
    for entry in signatures.split():
        version, _, signature = entry.partition(",")
        if version == "v1" and hmac.compare_digest(signature.encode(), expected.encode()):
            return message_id
    raise InvalidSignature("no valid signature")


def _basic_credentials(authorization: str) -> tuple[str, str] | None:
    scheme, _, encoded = authorization.partition(" ")
    if scheme.lower() != "basic" or not encoded:
        return None
    try:
        username, sep, password = base64.b64decode(encoded.strip()).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return (username, password) if sep else None


def verify_postmark(credentials: Mapping[str, str], headers: Mapping[str, str]) -> None:
    """Basic auth must match; a configured custom header must match too."""
    username, password = credentials.get("username", ""), credentials.get("password", "")
    if not (username and password):
        raise InvalidSignature("no webhook credentials are configured for this endpoint")
    given = _basic_credentials(headers.get("authorization", ""))
    if given is None:
        raise InvalidSignature("missing basic-auth credentials")
    user_ok = hmac.compare_digest(given[0].encode(), username.encode())
    password_ok = hmac.compare_digest(given[1].encode(), password.encode())
    if not (user_ok and password_ok):
        raise InvalidSignature("wrong webhook credentials")
    header_name = credentials.get("header_name")
    if header_name:
        value = headers.get(header_name.lower(), "")
        if not hmac.compare_digest(value.encode(), credentials.get("header_value", "").encode()):
            raise InvalidSignature(f"wrong or missing {header_name} header")

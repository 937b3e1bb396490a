"""The second step of a login with 2FA: a short-lived, single-use challenge in Redis.

A correct password for an account with 2FA yields a challenge token instead of tokens; the
2FA login endpoint trades it (once) with a valid code for the real token pair. Only a hash of
the challenge is stored, so reading Redis does not hand out half-finished logins.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import uuid

from redis.asyncio import Redis

from fluxkit.errors import Unauthorized

MFA_CHALLENGE_SECONDS = 300
_KEY = "inkpass:mfa-challenge:{}"


class InvalidMfaChallenge(Unauthorized):
    def __init__(self) -> None:
        super().__init__("the sign-in challenge is invalid, used or expired; sign in again")


def _key(token: str) -> str:
    return _KEY.format(hashlib.sha256(token.encode()).hexdigest())


async def create_mfa_challenge(
    redis: Redis, *, user_id: uuid.UUID, organization_id: uuid.UUID | None
) -> str:
    """An opaque token valid for 5 minutes and one use."""
    token = secrets.token_urlsafe(32)
    payload = {"user_id": str(user_id), "organization_id": str(organization_id or "")}
    await redis.set(_key(token), json.dumps(payload), ex=MFA_CHALLENGE_SECONDS)
    return token


def _decode(raw: bytes | str | None) -> tuple[uuid.UUID, uuid.UUID | None]:
    if raw is None:
        raise InvalidMfaChallenge()
    payload = json.loads(raw)
    organization = payload.get("organization_id") or None
    return uuid.UUID(payload["user_id"]), uuid.UUID(organization) if organization else None


async def consume_mfa_challenge(redis: Redis, token: str) -> tuple[uuid.UUID, uuid.UUID | None]:
    """(user id, organization id) of the challenge, which is spent atomically (GETDEL)."""
    if not token or len(token) > 200:
        raise InvalidMfaChallenge()
    return _decode(await redis.getdel(_key(token)))


async def peek_mfa_challenge(redis: Redis, token: str) -> tuple[uuid.UUID, uuid.UUID | None]:
    """Like :func:`consume_mfa_challenge` without spending it."""
    if not token or len(token) > 200:
        raise InvalidMfaChallenge()
    return _decode(await redis.get(_key(token)))

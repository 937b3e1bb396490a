"""Login sessions and their refresh-token families.

Every sign-in creates a session (the ``sid`` of its access tokens) and the first refresh token
of its family. A refresh token is used once: refreshing marks it used and hands out its child.
Presenting a used token means it was copied, so the whole family and its session are revoked,
and the session's access tokens stop working at once through the revocation cache.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import datetime, timedelta

from fastapi import Request
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.auth.revocation import RevocationCache
from fluxkit.auth.tokens import access_claims
from fluxkit.db import after_commit, utcnow
from fluxkit.errors import Unauthorized
from inkpass.audit.service import client_ip, record
from inkpass.jwks.service import SigningKeyStore
from inkpass.orgs.models import Membership
from inkpass.sessions.alerts import alert_on_new_device
from inkpass.sessions.models import LoginSession, RefreshToken
from inkpass.sessions.schemas import TokenPair
from inkpass.settings import InkPassSettings
from inkpass.users.models import User

__all__ = [
    "InvalidRefreshToken",
    "RefreshTokenReused",
    "SessionEndedOnRefresh",
    "TokenPair",
    "issue_tokens",
    "list_sessions",
    "refresh",
    "revocations_from",
    "revoke_all_sessions",
    "revoke_session",
]

REFRESH_TOKEN_PREFIX = "flxr_"
# Revocations outlive the longest access token by this much (clock skew, slow verifiers).
REVOCATION_LEEWAY_SECONDS = 60


class InvalidRefreshToken(Unauthorized):
    def __init__(self, message: str = "the refresh token is not valid; sign in again") -> None:
        super().__init__(message)


class SessionEndedOnRefresh(InvalidRefreshToken):
    """The refresh revoked its session: the caller commits before answering 401, or the
    revocation would be rolled back with the failed request."""


class RefreshTokenReused(SessionEndedOnRefresh):
    """A used refresh token came back: its session has been signed out."""

    def __init__(self) -> None:
        super().__init__("this refresh token was already used; the session has been signed out")


class AccessLost(SessionEndedOnRefresh):
    def __init__(self) -> None:
        super().__init__("this account can no longer sign in here; sign in again")


def hash_token(token: str) -> str:
    # Refresh tokens carry 256 random bits: a fast hash is enough, no salt or stretching needed.
    return hashlib.sha256(token.encode()).hexdigest()


def _settings(request: Request) -> InkPassSettings:
    settings: InkPassSettings = request.app.state.settings
    return settings


def revocations_from(request: Request) -> RevocationCache:
    revocations: RevocationCache = request.app.state.revocations
    return revocations


def revocation_ttl(settings: InkPassSettings) -> int:
    """How long a revoked session's access tokens could still be presented."""
    return settings.access_token_minutes * 60 + REVOCATION_LEEWAY_SECONDS


def _access_token(
    request: Request, *, user_id: uuid.UUID, membership: Membership | None, login: LoginSession
) -> str:
    settings = _settings(request)
    store: SigningKeyStore = request.app.state.signing_keys
    claims = access_claims(
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        user_id=user_id,
        organization_id=membership.organization_id if membership else None,
        roles=[membership.role] if membership else [],
        groups=membership.groups or [] if membership else [],
        session_id=login.id,
        lifetime=timedelta(minutes=settings.access_token_minutes),
        extra={"amr": list(login.authentication_methods)},
    )
    return store.sign(claims)


async def _new_refresh_token(
    session: AsyncSession,
    login: LoginSession,
    *,
    parent: RefreshToken | None,
    now: datetime,
    lifetime: timedelta,
) -> str:
    token = REFRESH_TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(
        RefreshToken(
            session_id=login.id,
            family_id=login.id,
            token_hash=hash_token(token),
            parent_id=parent.id if parent else None,
            expires_at=now + lifetime,
        )
    )
    login.expires_at = now + lifetime
    await session.flush()
    return token


def _pair(
    request: Request, access_token: str, refresh_token: str, login: LoginSession
) -> TokenPair:
    return TokenPair(
        access_token=access_token,
        refresh_token=refresh_token,
        expires_in=_settings(request).access_token_minutes * 60,
        organization_id=login.organization_id,
        user_id=login.user_id,
    )


async def issue_tokens(
    session: AsyncSession,
    *,
    user: User,
    membership: Membership | None,
    request: Request,
    authentication_methods: list[str],
) -> TokenPair:
    """Start a login session for ``user`` in ``membership``'s organization and return its tokens."""
    now = utcnow()
    lifetime = timedelta(days=_settings(request).refresh_token_days)
    ip = client_ip(request)
    user_agent = request.headers.get("user-agent", "")[:400] or None
    # Compared with the sessions before this one, so it runs before the new one is added.
    await alert_on_new_device(session, request, user, ip=ip, user_agent=user_agent)
    login = LoginSession(
        id=uuid.uuid4(),
        user_id=user.id,
        organization_id=membership.organization_id if membership else None,
        authentication_methods=list(authentication_methods),
        ip=ip,
        user_agent=user_agent,
        last_seen_at=now,
        expires_at=now + lifetime,
    )
    session.add(login)
    await session.flush()
    refresh_token = await _new_refresh_token(
        session, login, parent=None, now=now, lifetime=lifetime
    )
    access_token = _access_token(request, user_id=user.id, membership=membership, login=login)
    return _pair(request, access_token, refresh_token, login)


async def _revoke(
    session: AsyncSession,
    logins: list[LoginSession],
    *,
    reason: str,
    revocations: RevocationCache,
    ttl: int,
) -> None:
    now = utcnow()
    for login in logins:
        login.revoked_at = now
        login.revoked_reason = reason
    await session.flush()
    ids = [str(login.id) for login in logins]

    async def publish() -> None:
        for id in ids:
            await revocations.revoke("session", id, ttl)

    # Published only once the revocation is committed: a rolled-back logout revokes nothing.
    if ids:
        after_commit(session, publish)


async def revoke_session(
    session: AsyncSession,
    login: LoginSession,
    *,
    reason: str,
    revocations: RevocationCache,
    settings: InkPassSettings,
) -> None:
    """End one session: its refresh tokens stop working and so do its access tokens."""
    if login.revoked_at is None:
        await _revoke(
            session, [login], reason=reason, revocations=revocations, ttl=revocation_ttl(settings)
        )


async def revoke_all_sessions(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    reason: str,
    revocations: RevocationCache,
    settings: InkPassSettings,
    except_session_id: uuid.UUID | None = None,
) -> int:
    """End every live session of a user (password change, deactivation, "log out everywhere")."""
    query = select(LoginSession).where(
        LoginSession.user_id == user_id,
        LoginSession.revoked_at.is_(None),
        LoginSession.expires_at > utcnow(),
    )
    if except_session_id is not None:
        query = query.where(LoginSession.id != except_session_id)
    logins = list(await session.scalars(query.with_for_update()))
    await _revoke(
        session, logins, reason=reason, revocations=revocations, ttl=revocation_ttl(settings)
    )
    return len(logins)


async def get_session(
    session: AsyncSession, *, user_id: uuid.UUID, session_id: uuid.UUID
) -> LoginSession | None:
    return await session.scalar(
        select(LoginSession).where(LoginSession.id == session_id, LoginSession.user_id == user_id)
    )


async def list_sessions(session: AsyncSession, user_id: uuid.UUID) -> list[LoginSession]:
    """The user's sessions that can still be refreshed, most recently used first."""
    rows = await session.scalars(
        select(LoginSession)
        .where(
            LoginSession.user_id == user_id,
            LoginSession.revoked_at.is_(None),
            LoginSession.expires_at > utcnow(),
        )
        .order_by(LoginSession.last_seen_at.desc(), LoginSession.id)
    )
    return list(rows)


async def refresh(session: AsyncSession, *, token: str, request: Request) -> TokenPair:
    """Trade a refresh token for a new pair (the presented one is used up).

    Raises :class:`SessionEndedOnRefresh` after revoking the session (a reused token, a user who
    lost access): the caller must commit before answering, or the revocation is lost.
    """
    if not token.startswith(REFRESH_TOKEN_PREFIX):
        raise InvalidRefreshToken()
    current = await session.scalar(
        select(RefreshToken).where(RefreshToken.token_hash == hash_token(token))
    )
    if current is None:
        raise InvalidRefreshToken()
    # Locking the session serialises concurrent refreshes of one family.
    login = await session.get(LoginSession, current.session_id, with_for_update=True)
    if login is None or login.revoked_at is not None:
        raise InvalidRefreshToken("this session has been signed out; sign in again")
    settings = _settings(request)
    now = utcnow()
    if current.used_at is not None:
        await _revoke(
            session,
            [login],
            reason="refresh_token_reused",
            revocations=revocations_from(request),
            ttl=revocation_ttl(settings),
        )
        await record(
            session,
            "auth.refresh_token_reused",
            request=request,
            organization_id=login.organization_id,
            actor_user_id=login.user_id,
            outcome="failure",
            target_type="session",
            target_id=login.id,
            details={"token_used_at": current.used_at.isoformat()},
        )
        raise RefreshTokenReused()
    if current.expires_at <= now:
        raise InvalidRefreshToken("the refresh token has expired; sign in again")
    user = await session.get(User, login.user_id)
    membership: Membership | None = None
    if login.organization_id is not None:
        membership = await session.scalar(
            select(Membership).where(
                Membership.user_id == login.user_id,
                Membership.organization_id == login.organization_id,
            )
        )
    if user is None or not user.is_active or (login.organization_id and membership is None):
        await revoke_session(
            session,
            login,
            reason="access_lost",
            revocations=revocations_from(request),
            settings=settings,
        )
        raise AccessLost()
    # Marked used with a guard, so even without the row lock one token yields one child.
    marked = await session.execute(
        update(RefreshToken)
        .where(RefreshToken.id == current.id, RefreshToken.used_at.is_(None))
        .values(used_at=now)
        .returning(RefreshToken.id)
    )
    if marked.scalar_one_or_none() is None:
        raise InvalidRefreshToken()
    login.last_seen_at = now
    refresh_token = await _new_refresh_token(
        session,
        login,
        parent=current,
        now=now,
        lifetime=timedelta(days=settings.refresh_token_days),
    )
    access_token = _access_token(request, user_id=login.user_id, membership=membership, login=login)
    return _pair(request, access_token, refresh_token, login)

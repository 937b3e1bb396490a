"""Assembles InkPass's security runtime on app start.

Signing keys (ensured, rotated when due, reloaded periodically), the revocation cache (started,
and re-filled from Postgres, the source of truth), and ``app.state.authenticator`` dispatching
bearer credentials to the JWT, API-key and service-token verifiers.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from fluxkit.auth.deps import ApiKeyVerifier, Authenticator, ServiceTokenVerifier
from fluxkit.auth.principal import Principal
from fluxkit.auth.revocation import RevocationCache
from fluxkit.auth.tokens import JwtVerifier
from fluxkit.db import unit_of_work, utcnow
from fluxkit.errors import Unauthorized
from inkpass.settings import InkPassSettings

logger = logging.getLogger(__name__)


class _NotAvailableYet:
    """Stands in for a verifier whose module is not part of this build: rejects everything."""

    def __init__(self, what: str) -> None:
        self.what = what

    async def verify_api_key(self, key: str) -> Principal:
        raise Unauthorized(f"{self.what} are not accepted here")

    async def verify_service_token(self, token: str, on_behalf_of: str | None) -> Principal:
        raise Unauthorized(f"{self.what} are not accepted here")


def _api_key_verifier(app: FastAPI, revocations: RevocationCache) -> ApiKeyVerifier:
    try:
        from inkpass.api_keys.verifier import build_api_key_verifier
    except ModuleNotFoundError as exc:
        if exc.name not in ("inkpass.api_keys", "inkpass.api_keys.verifier"):
            raise
        return _NotAvailableYet("API keys")
    return build_api_key_verifier(app, revocations)


def _service_verifier(app: FastAPI) -> ServiceTokenVerifier:
    try:
        from inkpass.service_principals.verifier import build_service_verifier
    except ModuleNotFoundError as exc:
        if exc.name not in ("inkpass.service_principals", "inkpass.service_principals.verifier"):
            raise
        return _NotAvailableYet("service credentials")
    verifier: ServiceTokenVerifier = build_service_verifier(app)
    return verifier


async def republish_session_revocations(
    session_factory: async_sessionmaker[AsyncSession],
    revocations: RevocationCache,
    settings: InkPassSettings,
) -> int:
    """Revocations whose access tokens may still be alive go back into Redis (it may have been
    flushed or restarted); Postgres remembers them."""
    from inkpass.sessions.models import LoginSession
    from inkpass.sessions.service import revocation_ttl

    ttl = revocation_ttl(settings)
    now = utcnow()
    async with unit_of_work(session_factory) as session:
        rows = await session.execute(
            select(LoginSession.id, LoginSession.revoked_at).where(
                LoginSession.revoked_at > now - timedelta(seconds=ttl)
            )
        )
        revoked = list(rows.all())
    for session_id, revoked_at in revoked:
        remaining = ttl - int((now - revoked_at).total_seconds()) if revoked_at else 0
        if remaining > 0:
            await revocations.revoke("session", str(session_id), remaining)
    return len(revoked)


@asynccontextmanager
async def security_runtime(app: FastAPI) -> AsyncIterator[None]:
    from inkpass.jwks.service import SigningKeyStore

    settings: InkPassSettings = app.state.settings
    signing_keys = SigningKeyStore(settings, app.state.session_factory)
    await signing_keys.start()
    revocations = RevocationCache(app.state.redis)
    try:
        await revocations.start()
        restored = await republish_session_revocations(
            app.state.session_factory, revocations, settings
        )
        if restored:
            logger.info("re-published %d session revocations", restored)
        verifier = JwtVerifier(
            signing_keys,
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            algorithms=signing_keys.algorithms,
            revocations=revocations,
        )
        app.state.signing_keys = signing_keys
        app.state.revocations = revocations
        app.state.jwt_verifier = verifier
        app.state.authenticator = Authenticator(
            verifier, _api_key_verifier(app, revocations), _service_verifier(app)
        )
        yield
    finally:
        await revocations.stop()
        await signing_keys.stop()

"""InkPass's own API-key verifier: the kit's cache over a direct database introspection."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from fluxkit.auth.api_keys import CachingApiKeyVerifier
from fluxkit.auth.principal import Principal
from fluxkit.db import unit_of_work
from inkpass.api_keys import service

if TYPE_CHECKING:
    from fluxkit.auth.revocation import RevocationCache

DEFAULT_CACHE_SECONDS = 60


class InkPassApiKeyVerifier:
    """Verifies keys against InkPass's database (cached) and records when each was last used."""

    def __init__(
        self, app: FastAPI, revocations: RevocationCache | None, ttl_seconds: float
    ) -> None:
        self.app = app
        # ``None`` means the app's session factory; tests point it at their own transaction.
        self.session_factory: async_sessionmaker[AsyncSession] | None = None
        self.cache = CachingApiKeyVerifier(self._introspect, revocations, ttl_seconds)

    def _factory(self) -> async_sessionmaker[AsyncSession]:
        factory: async_sessionmaker[AsyncSession] = (
            self.session_factory or self.app.state.session_factory
        )
        return factory

    async def _introspect(self, key: str) -> Principal | None:
        async with unit_of_work(self._factory()) as session:
            return await service.introspect(session, key)

    async def verify_api_key(self, key: str) -> Principal:
        principal = await self.cache.verify_api_key(key)
        if principal.api_key_id is not None:
            await service.touch_last_used(
                self.app.state.redis, self._factory(), principal.api_key_id
            )
        return principal


def build_api_key_verifier(
    app: FastAPI, revocations: RevocationCache | None
) -> InkPassApiKeyVerifier:
    ttl = app.state.settings.api_key_cache_seconds
    return InkPassApiKeyVerifier(app, revocations, ttl)

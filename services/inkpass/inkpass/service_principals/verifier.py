"""InkPass's own service-token verifier: straight to its database, no cache, so a revoked
credential stops working with the next request."""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from fluxkit.auth.principal import Principal
from fluxkit.db import unit_of_work
from inkpass.service_principals import service


class InkPassServiceVerifier:
    def __init__(self, app: FastAPI) -> None:
        self.app = app
        # ``None`` means the app's session factory; tests point it at their own transaction.
        self.session_factory: async_sessionmaker[AsyncSession] | None = None

    def _factory(self) -> async_sessionmaker[AsyncSession]:
        factory: async_sessionmaker[AsyncSession] = (
            self.session_factory or self.app.state.session_factory
        )
        return factory

    async def verify_service_token(self, token: str, on_behalf_of: str | None) -> Principal:
        async with unit_of_work(self._factory()) as session:
            return await service.authenticate(session, token, on_behalf_of)


def build_service_verifier(app: FastAPI) -> InkPassServiceVerifier:
    verifier = InkPassServiceVerifier(app)
    app.state.service_verifier = verifier
    return verifier

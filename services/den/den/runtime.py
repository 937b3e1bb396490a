"""Den's runtime pieces started with the app: the storage backend and the authenticator."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

from fastapi import FastAPI

from den.settings import DenSettings
from den.storage import StorageBackend, build_storage
from fluxkit.app import ExtraLifespan
from fluxkit.auth import Authenticator
from fluxkit.auth.remote import remote_authenticator


async def _remote_authenticator(
    app: FastAPI, settings: DenSettings, stack: AsyncExitStack
) -> Authenticator:
    """Tokens checked against InkPass's JWKS; API keys and service tokens asked of InkPass."""
    return await remote_authenticator(
        app,
        stack,
        inkpass_url=settings.inkpass_url,
        service_token=settings.service_token.get_secret_value(),
        jwks_url=settings.resolved_jwks_url,
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        algorithms=settings.jwt_algorithms,
    )


def den_lifespan(
    authenticator: Authenticator | None = None, storage: StorageBackend | None = None
) -> ExtraLifespan:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        settings: DenSettings = app.state.settings
        async with AsyncExitStack() as stack:
            backend = storage or build_storage(settings)
            await backend.start()
            stack.push_async_callback(backend.close)
            app.state.storage = backend
            app.state.authenticator = authenticator or await _remote_authenticator(
                app, settings, stack
            )
            yield

    return lifespan

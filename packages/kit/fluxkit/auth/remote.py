"""How every service other than InkPass authenticates callers: by asking InkPass.

Access tokens are verified locally against InkPass's JWKS (cached); API keys and service tokens
are introspected at InkPass (cached); revocations arrive over Redis within a second.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from contextlib import AsyncExitStack

import httpx
from fastapi import FastAPI

from fluxkit.auth.api_keys import CachingApiKeyVerifier, RemoteApiKeyIntrospector
from fluxkit.auth.deps import Authenticator
from fluxkit.auth.revocation import RevocationCache
from fluxkit.auth.service_tokens import RemoteServiceTokenVerifier
from fluxkit.auth.tokens import JwtVerifier, RemoteJwksKeySource

DEFAULT_ISSUER = "fluxos-inkpass"
DEFAULT_AUDIENCE = "fluxos"
JWKS_PATH = "/.well-known/jwks.json"


async def remote_authenticator(
    app: FastAPI,
    stack: AsyncExitStack,
    *,
    inkpass_url: str,
    service_token: str,
    jwks_url: str | None = None,
    issuer: str = DEFAULT_ISSUER,
    audience: str = DEFAULT_AUDIENCE,
    algorithms: Sequence[str] = ("EdDSA", "ES256"),
) -> Authenticator:
    """Build the authenticator; what it starts is closed by ``stack``.

    Also sets ``app.state.revocations`` (the service's own revocation cache).
    """
    inkpass = inkpass_url.rstrip("/")
    revocations = RevocationCache(app.state.redis)
    await revocations.start()
    stack.push_async_callback(revocations.stop)
    http = httpx.AsyncClient(timeout=5.0)
    stack.push_async_callback(http.aclose)
    introspector = RemoteApiKeyIntrospector(inkpass, service_token)
    stack.push_async_callback(introspector.aclose)
    services = RemoteServiceTokenVerifier(inkpass, service_token)
    stack.push_async_callback(services.aclose)
    app.state.revocations = revocations
    keys = RemoteJwksKeySource(jwks_url or f"{inkpass}{JWKS_PATH}", http)
    # InkPass may not answer yet (one gateway process starts every service); the first
    # request then fetches the keys.
    with contextlib.suppress(httpx.HTTPError, ValueError):
        await keys.refresh()
    return Authenticator(
        JwtVerifier(
            keys, issuer=issuer, audience=audience, algorithms=algorithms, revocations=revocations
        ),
        CachingApiKeyVerifier(introspector, revocations),
        services,
    )

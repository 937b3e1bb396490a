"""FastAPI dependencies: ``CurrentPrincipal``, ``CurrentUser``, ``OrgScope``.

A service's lifespan puts an :class:`Authenticator` on ``app.state.authenticator``; it sends
bearer credentials with the API-key prefix to the API-key verifier and the rest to the JWT
verifier. Requests from a service credential may name the user they act for.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Protocol

from fastapi import Depends, Request

from fluxkit.auth.principal import Principal
from fluxkit.errors import Forbidden, Unauthorized

API_KEY_PREFIX = "flx_"
SERVICE_TOKEN_PREFIX = "flxs_"
ON_BEHALF_OF_HEADER = "x-fluxos-on-behalf-of"


class AccessTokenVerifier(Protocol):
    async def verify_access_token(self, token: str) -> Principal: ...


class ApiKeyVerifier(Protocol):
    async def verify_api_key(self, key: str) -> Principal: ...


class ServiceTokenVerifier(Protocol):
    async def verify_service_token(self, token: str, on_behalf_of: str | None) -> Principal: ...


class Authenticator:
    def __init__(
        self,
        tokens: AccessTokenVerifier,
        api_keys: ApiKeyVerifier,
        services: ServiceTokenVerifier | None = None,
    ) -> None:
        self.tokens = tokens
        self.api_keys = api_keys
        self.services = services

    async def authenticate(self, authorization: str | None, on_behalf_of: str | None) -> Principal:
        if not authorization:
            raise Unauthorized("missing bearer credentials")
        scheme, _, credential = authorization.partition(" ")
        credential = credential.strip()
        if scheme.lower() != "bearer" or not credential:
            raise Unauthorized("use 'Authorization: Bearer <token or API key>'")
        if credential.startswith(SERVICE_TOKEN_PREFIX):
            if self.services is None:
                raise Unauthorized("service credentials are not accepted here")
            return await self.services.verify_service_token(credential, on_behalf_of)
        if credential.startswith(API_KEY_PREFIX):
            return await self.api_keys.verify_api_key(credential)
        return await self.tokens.verify_access_token(credential)


async def get_principal(request: Request) -> Principal:
    cached = request.scope.get("fluxos_principal")
    if isinstance(cached, Principal):
        return cached
    authenticator = getattr(request.app.state, "authenticator", None)
    if authenticator is None:
        raise RuntimeError("app.state.authenticator is not set; is the lifespan running?")
    principal: Principal = await authenticator.authenticate(
        request.headers.get("authorization"), request.headers.get(ON_BEHALF_OF_HEADER)
    )
    request.scope["fluxos_principal"] = principal
    return principal


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]


async def get_user_principal(principal: CurrentPrincipal) -> Principal:
    if principal.user_id is None:
        raise Forbidden("this endpoint needs a user (or a service acting for one)")
    return principal


CurrentUser = Annotated[Principal, Depends(get_user_principal)]


async def get_org_scope(principal: CurrentPrincipal) -> uuid.UUID:
    return principal.require_organization()


OrgScope = Annotated[uuid.UUID, Depends(get_org_scope)]


def RequireScope(scope: str) -> Principal:
    """Dependency: the caller's API-key scopes must allow ``scope`` (users pass)."""

    async def check(principal: CurrentPrincipal) -> Principal:
        if principal.kind == "api_key" and not principal.has_scope(scope):
            raise Forbidden(f"this API key lacks the scope {scope!r}")
        return principal

    return Depends(check)  # type: ignore[no-any-return]

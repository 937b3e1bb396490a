"""A local stand-in for InkPass's introspection endpoints (API keys and service credentials),
answering in the shapes the kit's remote verifiers read."""

from __future__ import annotations

import uuid
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from fluxkit.auth import Principal
from fluxkit.auth.api_keys import principal_to_json
from fluxkit.auth.service_tokens import parse_on_behalf_of, service_principal_to_json


class FakeInkPass:
    def __init__(self, caller_token: str) -> None:
        self.caller_token = caller_token
        self.api_keys: dict[str, Principal] = {}
        self.service_tokens: dict[str, str] = {}
        self.user_roles: dict[uuid.UUID, frozenset[str]] = {}
        """Roles of users that services act for (default: member)."""
        self.app = Starlette(
            routes=[
                Route("/api/v1/api-keys/introspect", self.api_key, methods=["POST"]),
                Route(
                    "/api/v1/service-principals/introspect", self.service_token, methods=["POST"]
                ),
            ]
        )

    def _authorized(self, request: Request) -> bool:
        return request.headers.get("authorization") == f"Bearer {self.caller_token}"

    async def api_key(self, request: Request) -> JSONResponse:
        if not self._authorized(request):
            return JSONResponse({"error": "Unauthorized"}, 401)
        body: dict[str, Any] = await request.json()
        principal = self.api_keys.get(str(body.get("key")))
        if principal is None:
            return JSONResponse({"active": False})
        return JSONResponse({"active": True, **principal_to_json(principal)})

    async def service_token(self, request: Request) -> JSONResponse:
        if not self._authorized(request):
            return JSONResponse({"error": "Unauthorized"}, 401)
        body: dict[str, Any] = await request.json()
        service = self.service_tokens.get(str(body.get("token")))
        if service is None:
            return JSONResponse({"active": False})
        user_id = organization_id = None
        if body.get("on_behalf_of"):
            user_id, organization_id = parse_on_behalf_of(str(body["on_behalf_of"]))
        principal = Principal(
            kind="service",
            user_id=user_id,
            organization_id=organization_id,
            roles=self.user_roles.get(user_id, frozenset({"member"})) if user_id else frozenset(),
            service=service,
        )
        return JSONResponse(
            {"active": True, "allowed": True, "principal": service_principal_to_json(principal)}
        )

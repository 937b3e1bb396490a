"""Service credentials (``flxs_...``): one per service, optionally acting for a user.

A call carrying ``X-Fluxos-On-Behalf-Of: <user_id>:<organization_id>`` is decided on that user:
InkPass checks the membership and answers with the user's principal (``kind="service"``,
``service`` naming the caller). InkPass verifies tokens against its database; other services use
:class:`RemoteServiceTokenVerifier`, which asks InkPass and caches the answer briefly.
"""

from __future__ import annotations

import hashlib
import secrets
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import httpx

from fluxkit.auth.deps import SERVICE_TOKEN_PREFIX
from fluxkit.auth.principal import Principal
from fluxkit.errors import BadRequest, Forbidden, ServiceUnavailable, Unauthorized
from fluxkit.http import ServiceCallError, ServiceClient

SERVICE_INTROSPECT_PATH = "/api/v1/service-principals/introspect"


def generate_service_token() -> str:
    return SERVICE_TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_service_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def parse_on_behalf_of(value: str) -> tuple[uuid.UUID, uuid.UUID]:
    """``<user_id>:<organization_id>`` to ids, or :class:`BadRequest`."""
    user, _, organization = value.strip().partition(":")
    try:
        return uuid.UUID(user), uuid.UUID(organization)
    except ValueError as exc:
        raise BadRequest(
            "X-Fluxos-On-Behalf-Of must be '<user_id>:<organization_id>' (two UUIDs)"
        ) from exc


def service_principal_to_json(principal: Principal) -> dict[str, Any]:
    return {
        "kind": principal.kind,
        "service": principal.service,
        "user_id": str(principal.user_id) if principal.user_id else None,
        "organization_id": str(principal.organization_id) if principal.organization_id else None,
        "roles": sorted(principal.roles),
        "scopes": sorted(principal.scopes),
        "groups": sorted(principal.groups),
        "attributes": dict(principal.attributes),
    }


def service_principal_from_json(data: dict[str, Any]) -> Principal:
    user_id, organization_id = data.get("user_id"), data.get("organization_id")
    return Principal(
        kind="service",
        service=str(data.get("service") or ""),
        user_id=uuid.UUID(str(user_id)) if user_id else None,
        organization_id=uuid.UUID(str(organization_id)) if organization_id else None,
        roles=frozenset(data.get("roles") or ()),
        scopes=frozenset(data.get("scopes") or ("*",)),
        groups=frozenset(data.get("groups") or ()),
        attributes=dict(data.get("attributes") or {}),
    )


@dataclass
class _Answer:
    principal: Principal | None
    refusal: tuple[type[Unauthorized] | type[Forbidden], str] | None
    fresh_until: float


class RemoteServiceTokenVerifier:
    """Verifies ``flxs_`` tokens by asking InkPass; answers are cached per token and user.

    Accepted answers live ``ttl_seconds``, refusals ``refusal_ttl_seconds`` (so a bad token
    cannot make every request a round trip, yet a newly added membership shows up quickly).
    """

    def __init__(
        self,
        base_url: str,
        service_token: str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout_seconds: float = 5.0,
        ttl_seconds: float = 60.0,
        refusal_ttl_seconds: float = 5.0,
        max_entries: int = 10_000,
    ) -> None:
        self.client = ServiceClient(
            base_url, service_token, timeout=timeout_seconds, transport=transport
        )
        self.ttl_seconds = ttl_seconds
        self.refusal_ttl_seconds = refusal_ttl_seconds
        self.max_entries = max_entries
        self._answers: OrderedDict[str, _Answer] = OrderedDict()

    async def aclose(self) -> None:
        await self.client.aclose()

    def invalidate_all(self) -> None:
        self._answers.clear()

    async def _ask(self, token: str, on_behalf_of: str | None) -> _Answer:
        try:
            body = await self.client.post(
                SERVICE_INTROSPECT_PATH, json={"token": token, "on_behalf_of": on_behalf_of}
            )
        except ServiceCallError as exc:
            # Failing to ask is no verdict on the token: 503, never a cached 401.
            raise ServiceUnavailable(f"service-token introspection failed: {exc.message}") from exc
        now = time.monotonic()
        if not body.get("active"):
            refused = (Unauthorized, "invalid or revoked service token")
            return _Answer(None, refused, now + self.refusal_ttl_seconds)
        if not body.get("allowed", True):
            detail = str(body.get("detail") or "the service may not act for this user")
            return _Answer(None, (Forbidden, detail), now + self.refusal_ttl_seconds)
        principal = service_principal_from_json(body["principal"])
        return _Answer(principal, None, now + self.ttl_seconds)

    async def verify_service_token(self, token: str, on_behalf_of: str | None) -> Principal:
        if on_behalf_of is not None:
            parse_on_behalf_of(on_behalf_of)
        key = f"{hash_service_token(token)}|{on_behalf_of or ''}"
        answer = self._answers.get(key)
        if answer is None or answer.fresh_until <= time.monotonic():
            answer = await self._ask(token, on_behalf_of)
            self._answers[key] = answer
            self._answers.move_to_end(key)
            while len(self._answers) > self.max_entries:
                self._answers.popitem(last=False)
        if answer.refusal is not None:
            kind, message = answer.refusal
            raise kind(message)
        assert answer.principal is not None
        return answer.principal

"""API-key verification shared by every service.

Keys look like ``flx_<id>_<secret>``: ``id`` is 12 lowercase base32 characters (shown in lists
as the prefix ``flx_<id>``), ``secret`` 32 base62 characters. Only the SHA-256 of the whole key
is ever stored. :class:`CachingApiKeyVerifier` keeps verified keys in memory for a short time,
keyed by that hash, and drops them the moment a revocation arrives through the shared
:class:`~fluxkit.auth.revocation.RevocationCache`, so a revoked key stops working everywhere
within a second. InkPass introspects against its database; other services use
:class:`RemoteApiKeyIntrospector`, which asks InkPass over HTTP.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import string
import time
import uuid
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import httpx

from fluxkit.auth.deps import API_KEY_PREFIX
from fluxkit.auth.principal import Principal
from fluxkit.errors import ServiceUnavailable, Unauthorized

if TYPE_CHECKING:
    from fluxkit.auth.revocation import RevocationCache

REVOCATION_KIND = "api_key"
KEY_ID_LENGTH = 12
SECRET_LENGTH = 32
_BASE32 = "abcdefghijklmnopqrstuvwxyz234567"
_BASE62 = string.ascii_letters + string.digits
_KEY_PATTERN = re.compile(
    rf"^{API_KEY_PREFIX}(?P<id>[a-z2-7]{{{KEY_ID_LENGTH}}})_[A-Za-z0-9]{{{SECRET_LENGTH}}}$"
)
INTROSPECT_PATH = "/api/v1/api-keys/introspect"

Introspect = Callable[[str], Awaitable[Principal | None]]


@dataclass(frozen=True)
class ApiKeyPrincipal(Principal):
    """A principal from an API key; ``expires_at`` lets caches refuse a key past its expiry."""

    expires_at: datetime | None = None

    def is_expired(self, now: datetime | None = None) -> bool:
        return self.expires_at is not None and self.expires_at <= (now or datetime.now(UTC))


def generate_api_key() -> tuple[str, str]:
    """A new ``(key, key_id)``; show the key once and store only :func:`hash_api_key`."""
    key_id = "".join(secrets.choice(_BASE32) for _ in range(KEY_ID_LENGTH))
    secret = "".join(secrets.choice(_BASE62) for _ in range(SECRET_LENGTH))
    return f"{API_KEY_PREFIX}{key_id}_{secret}", key_id


def hash_api_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def parse_api_key_id(key: str) -> str | None:
    """The public id of a well-formed key, ``None`` for anything else."""
    match = _KEY_PATTERN.match(key)
    return match.group("id") if match else None


def display_prefix(key_id: str) -> str:
    return f"{API_KEY_PREFIX}{key_id}"


def principal_to_json(principal: Principal) -> dict[str, Any]:
    """The introspection answer's principal fields (what :func:`principal_from_json` reads)."""
    expires_at = principal.expires_at if isinstance(principal, ApiKeyPrincipal) else None
    return {
        "kind": principal.kind,
        "user_id": str(principal.user_id) if principal.user_id else None,
        "organization_id": str(principal.organization_id) if principal.organization_id else None,
        "roles": sorted(principal.roles),
        "scopes": sorted(principal.scopes),
        "api_key_id": str(principal.api_key_id) if principal.api_key_id else None,
        "groups": sorted(principal.groups),
        "attributes": dict(principal.attributes),
        "expires_at": expires_at.isoformat() if expires_at else None,
    }


def _uuid_or_none(value: Any) -> uuid.UUID | None:
    return uuid.UUID(str(value)) if value else None


def principal_from_json(data: dict[str, Any]) -> ApiKeyPrincipal:
    expires_at = data.get("expires_at")
    return ApiKeyPrincipal(
        kind="api_key",
        user_id=_uuid_or_none(data.get("user_id")),
        organization_id=_uuid_or_none(data.get("organization_id")),
        roles=frozenset(data.get("roles") or ()),
        scopes=frozenset(data.get("scopes") or ()),
        api_key_id=_uuid_or_none(data.get("api_key_id")),
        groups=frozenset(data.get("groups") or ()),
        attributes=dict(data.get("attributes") or {}),
        expires_at=datetime.fromisoformat(expires_at) if expires_at else None,
    )


@dataclass
class _Entry:
    principal: Principal
    fresh_until: float


class CachingApiKeyVerifier:
    """Verifies ``flx_`` keys through ``introspect`` with a short positive cache.

    Cache entries are keyed by the key's SHA-256 (the key itself is never held) and evicted by
    revocation events; every hit also re-checks the revocation set and the key's expiry, so a
    revocation racing an in-flight introspection cannot leave a stale entry usable.
    """

    def __init__(
        self,
        introspect: Introspect,
        revocations: RevocationCache | None,
        ttl_seconds: float = 60,
        *,
        max_entries: int = 10_000,
    ) -> None:
        self.introspect = introspect
        self.revocations = revocations
        self.ttl_seconds = ttl_seconds
        self.max_entries = max_entries
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._digests_by_key_id: dict[str, set[str]] = {}
        if revocations is not None:
            revocations.add_listener(self._on_revocation)

    def _on_revocation(self, kind: str, revoked_id: str) -> None:
        if kind == REVOCATION_KIND:
            for digest in self._digests_by_key_id.pop(revoked_id, set()):
                self._entries.pop(digest, None)

    def _is_revoked(self, principal: Principal) -> bool:
        if self.revocations is None or principal.api_key_id is None:
            return False
        return self.revocations.is_revoked(REVOCATION_KIND, str(principal.api_key_id))

    def _usable(self, principal: Principal) -> bool:
        if self._is_revoked(principal):
            return False
        return not (isinstance(principal, ApiKeyPrincipal) and principal.is_expired())

    def _forget(self, digest: str) -> None:
        entry = self._entries.pop(digest, None)
        if entry is not None and entry.principal.api_key_id is not None:
            digests = self._digests_by_key_id.get(str(entry.principal.api_key_id))
            if digests is not None:
                digests.discard(digest)
                if not digests:
                    self._digests_by_key_id.pop(str(entry.principal.api_key_id), None)

    def _remember(self, digest: str, principal: Principal) -> None:
        while len(self._entries) >= self.max_entries:
            self._forget(next(iter(self._entries)))
        self._entries[digest] = _Entry(principal, time.monotonic() + self.ttl_seconds)
        if principal.api_key_id is not None:
            self._digests_by_key_id.setdefault(str(principal.api_key_id), set()).add(digest)

    def invalidate_all(self) -> None:
        self._entries.clear()
        self._digests_by_key_id.clear()

    async def verify_api_key(self, key: str) -> Principal:
        if parse_api_key_id(key) is None:
            raise Unauthorized("malformed API key")
        digest = hash_api_key(key)
        entry = self._entries.get(digest)
        if entry is not None:
            if entry.fresh_until > time.monotonic() and self._usable(entry.principal):
                return entry.principal
            self._forget(digest)
        principal = await self.introspect(key)
        if principal is None or not self._usable(principal):
            raise Unauthorized("invalid, expired or revoked API key")
        self._remember(digest, principal)
        return principal


class RemoteApiKeyIntrospector:
    """Asks InkPass (``POST /api/v1/api-keys/introspect``) with this service's token."""

    def __init__(
        self,
        base_url: str,
        service_token: str,
        *,
        http_client: httpx.AsyncClient | None = None,
        timeout_seconds: float = 5.0,
    ) -> None:
        self.url = base_url.rstrip("/") + INTROSPECT_PATH
        self.service_token = service_token
        self._client = http_client
        self._owns_client = http_client is None
        self.timeout_seconds = timeout_seconds

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=self.timeout_seconds)
        return self._client

    async def aclose(self) -> None:
        if self._client is not None and self._owns_client:
            await self._client.aclose()
            self._client = None

    async def __call__(self, key: str) -> Principal | None:
        try:
            response = await self._http().post(
                self.url,
                json={"key": key},
                headers={"Authorization": f"Bearer {self.service_token}"},
            )
        except httpx.HTTPError as exc:
            raise ServiceUnavailable("the identity service cannot be reached") from exc
        if response.status_code != 200:
            # A failure to ask is not a verdict on the key: answer 503, not 401.
            raise ServiceUnavailable(
                f"API-key introspection failed with status {response.status_code}"
            )
        body = response.json()
        if not body.get("active"):
            return None
        return principal_from_json(body)

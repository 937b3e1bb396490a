"""Access-token verification for every service, signing for InkPass.

Access tokens are JWTs with ``iss``, ``aud``, ``sub`` (user id), ``org``, ``roles``, ``sid``
(login session), ``typ="access"``, ``iat``, ``exp`` and ``jti``. :class:`JwtVerifier` checks them
against a :class:`KeySource`: :class:`StaticKeySource` holds keys in process (InkPass itself,
HS256 deployments, tests), :class:`RemoteJwksKeySource` reads InkPass's
``/.well-known/jwks.json``. Every failure is the same :class:`InvalidToken` (401).
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

import httpx
import jwt

from fluxkit.auth.keys import ALGORITHMS, KeyMaterialError, SigningKey, VerificationKey
from fluxkit.auth.principal import Principal
from fluxkit.auth.revocation import RevocationCache
from fluxkit.errors import Unauthorized

logger = logging.getLogger(__name__)

ACCESS_TOKEN_TYPE = "access"
REQUIRED_CLAIMS = ("iss", "aud", "sub", "typ", "iat", "exp", "jti")


class InvalidToken(Unauthorized):
    """The bearer token is malformed, forged, expired, revoked or not an access token."""


class KeySource(Protocol):
    async def get_key(self, kid: str | None, algorithm: str) -> VerificationKey:
        """The key for ``kid``; raises :class:`InvalidToken` when unknown or of another algorithm."""
        ...


def _select(
    keys: Mapping[str | None, VerificationKey], kid: str | None, algorithm: str
) -> VerificationKey | None:
    key = keys.get(kid)
    if key is None or key.algorithm != algorithm:
        return None
    return key


class StaticKeySource:
    """Keys held in process; :meth:`replace` swaps them atomically (InkPass key rotation)."""

    def __init__(self, keys: Iterable[VerificationKey] = ()) -> None:
        self._keys: dict[str | None, VerificationKey] = {}
        self.replace(keys)

    @classmethod
    def hs256(cls, secret: str | bytes) -> StaticKeySource:
        """HS256 deployments: tokens carry no ``kid`` and share one secret."""
        return cls([VerificationKey.hs256(secret)])

    def replace(self, keys: Iterable[VerificationKey]) -> None:
        self._keys = {key.kid: key for key in keys}

    def add(self, key: VerificationKey) -> None:
        self._keys = {**self._keys, key.kid: key}

    @property
    def kids(self) -> list[str | None]:
        return list(self._keys)

    def lookup(self, kid: str | None, algorithm: str) -> VerificationKey | None:
        return _select(self._keys, kid, algorithm)

    async def get_key(self, kid: str | None, algorithm: str) -> VerificationKey:
        key = self.lookup(kid, algorithm)
        if key is None:
            raise InvalidToken("the token's signing key is unknown")
        return key


def keys_from_jwks(document: Mapping[str, Any]) -> list[VerificationKey]:
    """Usable signature keys of a JWKS document; others (encryption, symmetric) are skipped."""
    entries = document.get("keys")
    if not isinstance(entries, list):
        raise KeyMaterialError("a JWKS document needs a 'keys' list")
    keys: list[VerificationKey] = []
    for entry in entries:
        if not isinstance(entry, dict) or entry.get("use", "sig") != "sig":
            continue
        try:
            keys.append(VerificationKey.from_jwk(entry))
        except (KeyMaterialError, ValueError) as exc:
            logger.warning("skipping JWK %s: %s", entry.get("kid"), exc)
    return keys


RETRY_WITHOUT_KEYS = 1.0
"""Seconds between JWKS attempts while no key set has been fetched yet."""


class RemoteJwksKeySource:
    """InkPass's JWKS fetched over HTTP, cached for ``ttl`` seconds.

    An unknown ``kid`` (InkPass rotated its key) triggers a refetch, at most once every
    ``min_refetch_interval`` seconds so forged kids cannot hammer InkPass. When InkPass cannot be
    reached the last good key set keeps serving.
    """

    def __init__(
        self,
        url: str,
        http_client: httpx.AsyncClient,
        ttl: float = 300,
        *,
        min_refetch_interval: float = 10,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.url = url
        self.http_client = http_client
        self.ttl = ttl
        self.min_refetch_interval = min_refetch_interval
        self._clock = clock
        self._keys: dict[str | None, VerificationKey] = {}
        self._fetched_at: float | None = None
        self._attempted_at: float | None = None
        self._lock = asyncio.Lock()

    async def refresh(self) -> None:
        """Fetch the JWKS now; raises on failure (the previous keys stay in place)."""
        self._attempted_at = self._clock()
        response = await self.http_client.get(self.url, headers={"accept": "application/json"})
        response.raise_for_status()
        keys = keys_from_jwks(response.json())
        self._keys = {key.kid: key for key in keys}
        self._fetched_at = self._clock()

    async def _refresh_quietly(self, *, unless_attempted_since: float) -> None:
        async with self._lock:
            # Another caller may have refreshed while this one waited for the lock.
            if self._attempted_at is not None and self._attempted_at >= unless_attempted_since:
                return
            try:
                await self.refresh()
            except (httpx.HTTPError, ValueError, KeyMaterialError) as exc:
                logger.warning("could not fetch JWKS from %s: %s", self.url, exc)

    def _may_fetch(self, now: float) -> bool:
        if self._attempted_at is None:
            return True
        # Until a first key set arrives (InkPass may start after this service, or in the same
        # process) retry briskly; afterwards unknown kids refetch at the slower, protective pace.
        interval = self.min_refetch_interval if self._fetched_at is not None else RETRY_WITHOUT_KEYS
        return now - self._attempted_at >= interval

    async def get_key(self, kid: str | None, algorithm: str) -> VerificationKey:
        if self._lock.locked():
            # A fetch is in flight: its answer is what this request needs, so wait for it.
            async with self._lock:
                pass
        now = self._clock()
        stale = self._fetched_at is None or now - self._fetched_at >= self.ttl
        if stale and self._may_fetch(now):
            await self._refresh_quietly(unless_attempted_since=now)
        key = _select(self._keys, kid, algorithm)
        if key is None and kid not in self._keys and self._may_fetch(now):
            await self._refresh_quietly(unless_attempted_since=now)
            key = _select(self._keys, kid, algorithm)
        if key is None:
            raise InvalidToken("the token's signing key is unknown")
        return key


def _uuid_claim(claims: Mapping[str, Any], name: str, *, required: bool) -> uuid.UUID | None:
    value = claims.get(name)
    if value is None:
        if required:
            raise InvalidToken(f"the token lacks the {name!r} claim")
        return None
    try:
        return uuid.UUID(str(value))
    except ValueError as exc:
        raise InvalidToken(f"the token's {name!r} claim is not an id") from exc


def _strings(value: Any, name: str) -> frozenset[str]:
    if value is None:
        return frozenset()
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise InvalidToken(f"the token's {name!r} claim must be a list of strings")
    return frozenset(value)


class JwtVerifier:
    """Verifies access tokens into :class:`Principal` objects."""

    def __init__(
        self,
        keys: KeySource,
        *,
        issuer: str,
        audience: str,
        algorithms: Sequence[str] = ("EdDSA", "ES256"),
        revocations: RevocationCache | None = None,
        leeway_seconds: float = 10,
    ) -> None:
        unknown = [alg for alg in algorithms if alg not in ALGORITHMS]
        if unknown or not algorithms:
            raise ValueError(f"algorithms must be a non-empty subset of {ALGORITHMS}")
        self.keys = keys
        self.issuer = issuer
        self.audience = audience
        self.algorithms = tuple(algorithms)
        self.revocations = revocations
        self.leeway_seconds = leeway_seconds

    async def decode(self, token: str, *, expected_type: str = ACCESS_TOKEN_TYPE) -> dict[str, Any]:
        """Verified claims of ``token`` (signature, algorithm, issuer, audience, expiry, type)."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise InvalidToken("the bearer token is not a valid JWT") from exc
        algorithm = header.get("alg")
        # Checked before any key is touched: "none" and algorithms outside the allow-list never
        # reach the signature code, and the key itself is bound to one algorithm.
        if not isinstance(algorithm, str) or algorithm not in self.algorithms:
            raise InvalidToken("the token's signing algorithm is not accepted")
        kid = header.get("kid")
        if kid is not None and not isinstance(kid, str):
            raise InvalidToken("the token's key id is malformed")
        key = await self.keys.get_key(kid, algorithm)
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key.key,
                algorithms=[key.algorithm],
                audience=self.audience,
                issuer=self.issuer,
                leeway=self.leeway_seconds,
                options={"require": list(REQUIRED_CLAIMS)},
            )
        except jwt.ExpiredSignatureError as exc:
            raise InvalidToken("the token has expired") from exc
        except jwt.InvalidAudienceError as exc:
            raise InvalidToken("the token is meant for another audience") from exc
        except jwt.InvalidIssuerError as exc:
            raise InvalidToken("the token comes from another issuer") from exc
        except jwt.PyJWTError as exc:
            raise InvalidToken("the token's signature or claims are invalid") from exc
        if claims.get("typ") != expected_type:
            raise InvalidToken(f"this is not an {expected_type} token")
        return claims

    async def verify_access_token(self, token: str) -> Principal:
        claims = await self.decode(token)
        user_id = _uuid_claim(claims, "sub", required=True)
        session_id = _uuid_claim(claims, "sid", required=False)
        if (
            session_id is not None
            and self.revocations is not None
            and self.revocations.is_revoked("session", str(session_id))
        ):
            raise InvalidToken("this session has been signed out")
        return Principal(
            kind="user",
            user_id=user_id,
            organization_id=_uuid_claim(claims, "org", required=False),
            roles=_strings(claims.get("roles"), "roles"),
            session_id=session_id,
            groups=_strings(claims.get("groups"), "groups"),
        )


def access_claims(
    *,
    issuer: str,
    audience: str,
    user_id: uuid.UUID,
    organization_id: uuid.UUID | None,
    roles: Iterable[str],
    session_id: uuid.UUID | None,
    lifetime: timedelta,
    groups: Iterable[str] = (),
    extra: Mapping[str, Any] | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """The claims of an access token (``extra`` adds claims such as ``amr``)."""
    issued = now or datetime.now(UTC)
    claims: dict[str, Any] = {
        "iss": issuer,
        "aud": audience,
        "sub": str(user_id),
        "org": str(organization_id) if organization_id else None,
        "roles": sorted(roles),
        "sid": str(session_id) if session_id else None,
        "typ": ACCESS_TOKEN_TYPE,
        "iat": int(issued.timestamp()),
        "exp": int((issued + lifetime).timestamp()),
        "jti": uuid.uuid4().hex,
    }
    group_list = sorted(groups)
    if group_list:
        claims["groups"] = group_list
    if extra:
        claims.update(extra)
    return claims


def sign_token(claims: Mapping[str, Any], key: SigningKey) -> str:
    """Sign ``claims`` with ``key``; the header carries its ``kid`` (none for HS256 secrets)."""
    headers = {"kid": key.kid} if key.kid else None
    return jwt.encode(dict(claims), key.private_key, algorithm=key.algorithm, headers=headers)

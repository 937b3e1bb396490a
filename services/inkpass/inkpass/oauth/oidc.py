"""A small OpenID Connect relying party: discovery, code exchange, ID-token verification.

The provider is a configured public host (Google by default; a local provider in tests), so
calls go out with plain httpx and strict timeouts rather than the guarded client, which exists
for destinations a user chooses. Discovery and the JWKS are cached; an unknown ``kid`` refetches
the JWKS at most once per ``JWKS_REFETCH_SECONDS`` (key rotation without a refetch storm).
"""

from __future__ import annotations

import hmac
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
import jwt

from fluxkit.errors import FluxError, Unauthorized

TIMEOUT = httpx.Timeout(connect=5.0, read=10.0, write=10.0, pool=5.0)
DISCOVERY_TTL_SECONDS = 3600.0
JWKS_TTL_SECONDS = 3600.0
JWKS_REFETCH_SECONDS = 30.0
ALGORITHMS = ("RS256", "ES256")
MAX_BODY_BYTES = 1024 * 1024


class ProviderUnavailable(FluxError):
    status_code = 502


class InvalidIdToken(Unauthorized):
    pass


@dataclass
class OidcProvider:
    issuer: str
    client_id: str
    client_secret: str
    transport: httpx.AsyncBaseTransport | None = None
    _discovery: dict[str, Any] | None = None
    _discovered_at: float = 0.0
    _keys: dict[str, jwt.PyJWK] = field(default_factory=dict)
    _keys_at: float = 0.0

    def _client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            timeout=TIMEOUT, transport=self.transport, trust_env=False, follow_redirects=False
        )

    async def _get_json(self, url: str) -> dict[str, Any]:
        try:
            async with self._client() as http:
                response = await http.get(url, headers={"accept": "application/json"})
        except httpx.HTTPError as exc:
            raise ProviderUnavailable(f"the sign-in provider cannot be reached ({exc})") from exc
        if response.status_code != 200 or len(response.content) > MAX_BODY_BYTES:
            raise ProviderUnavailable(f"the sign-in provider answered {response.status_code}")
        body = response.json()
        if not isinstance(body, dict):
            raise ProviderUnavailable("the sign-in provider answered something unexpected")
        return body

    async def discovery(self) -> dict[str, Any]:
        if (
            self._discovery is None
            or time.monotonic() - self._discovered_at > DISCOVERY_TTL_SECONDS
        ):
            document = await self._get_json(
                self.issuer.rstrip("/") + "/.well-known/openid-configuration"
            )
            if document.get("issuer") != self.issuer:
                raise ProviderUnavailable("the provider's discovery names another issuer")
            for needed in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
                if not isinstance(document.get(needed), str):
                    raise ProviderUnavailable(f"the provider's discovery lacks {needed}")
            self._discovery, self._discovered_at = document, time.monotonic()
        return self._discovery

    async def authorization_endpoint(self) -> str:
        return str((await self.discovery())["authorization_endpoint"])

    async def exchange_code(self, *, code: str, redirect_uri: str, code_verifier: str) -> str:
        """Trade the authorization code (with the PKCE verifier) for an ID token."""
        token_endpoint = str((await self.discovery())["token_endpoint"])
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "code_verifier": code_verifier,
        }
        try:
            async with self._client() as http:
                response = await http.post(
                    token_endpoint, data=form, headers={"accept": "application/json"}
                )
        except httpx.HTTPError as exc:
            raise ProviderUnavailable(f"the sign-in provider cannot be reached ({exc})") from exc
        if response.status_code != 200:
            raise Unauthorized("the sign-in provider refused the authorization code")
        id_token = response.json().get("id_token")
        if not isinstance(id_token, str):
            raise Unauthorized("the sign-in provider returned no ID token")
        return id_token

    async def _signing_key(self, kid: str | None) -> jwt.PyJWK:
        stale = time.monotonic() - self._keys_at > JWKS_TTL_SECONDS
        if stale or (
            kid not in self._keys and time.monotonic() - self._keys_at > JWKS_REFETCH_SECONDS
        ):
            jwks = await self._get_json(str((await self.discovery())["jwks_uri"]))
            keys: dict[str, jwt.PyJWK] = {}
            for entry in jwks.get("keys", []):
                try:
                    key = jwt.PyJWK.from_dict(entry)
                except jwt.PyJWTError:
                    continue  # a key type or algorithm we do not use
                keys[str(entry.get("kid", ""))] = key
            self._keys, self._keys_at = keys, time.monotonic()
        found = self._keys.get(kid or "")
        if found is None:
            raise InvalidIdToken("the ID token is signed with a key the provider does not publish")
        return found

    async def verify_id_token(self, id_token: str, *, nonce: str) -> dict[str, Any]:
        """Claims of a genuine, current ID token for this client and this login attempt."""
        try:
            header = jwt.get_unverified_header(id_token)
        except jwt.PyJWTError as exc:
            raise InvalidIdToken("the ID token is malformed") from exc
        if header.get("alg") not in ALGORITHMS:
            raise InvalidIdToken("the ID token uses an algorithm that is not accepted")
        key = await self._signing_key(header.get("kid"))
        try:
            claims: dict[str, Any] = jwt.decode(
                id_token,
                key.key,
                algorithms=[str(header["alg"])],
                audience=self.client_id,
                issuer=self.issuer,
                leeway=60,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.PyJWTError as exc:
            raise InvalidIdToken(f"the ID token is not valid: {exc}") from exc
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != self.client_id:
            raise InvalidIdToken("the ID token was issued to another party")
        if not hmac.compare_digest(str(claims.get("nonce", "")), nonce):
            raise InvalidIdToken("the ID token does not belong to this sign-in (nonce)")
        return claims

"""A local OpenID Connect provider for tests: a real HTTP server (uvicorn on a free loopback
port, in a background thread) speaking discovery, /authorize (auto-approves: redirects back
with a code), /token (checks the client secret, the redirect URI and the PKCE verifier), /jwks,
and RS256-signed ID tokens.

Tests choose who signs in (``provider.user``) and can spoil the ID token to see it refused:
``id_token_overrides`` replaces claims, ``sign_with_foreign_key`` signs with a key the JWKS
does not hold (under the published ``kid``).
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import jwt
import uvicorn
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route


@dataclass
class IssuedCode:
    client_id: str
    redirect_uri: str
    code_challenge: str
    nonce: str | None
    user: dict[str, Any]


@dataclass
class FakeOidcProvider:
    client_id: str = "fluxos-test-client"
    client_secret: str = "fluxos-test-secret"
    kid: str = "fake-key-1"
    user: dict[str, Any] = field(
        default_factory=lambda: {
            "sub": "google-sub-1",
            "email": "alice@example.com",
            "email_verified": True,
            "name": "Alice Example",
        }
    )
    id_token_overrides: dict[str, Any] = field(default_factory=dict)
    sign_with_foreign_key: bool = False
    token_requests: list[dict[str, str]] = field(default_factory=list)
    codes: dict[str, IssuedCode] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self._foreign_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def reset(self) -> None:
        self.user = {
            "sub": "google-sub-1",
            "email": "alice@example.com",
            "email_verified": True,
            "name": "Alice Example",
        }
        self.id_token_overrides = {}
        self.sign_with_foreign_key = False
        self.token_requests.clear()
        self.codes.clear()

    # --- HTTP --------------------------------------------------------------------------------

    async def discovery(self, request: Request) -> Response:
        return JSONResponse(
            {
                "issuer": self.issuer,
                "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token",
                "jwks_uri": f"{self.issuer}/jwks",
                "userinfo_endpoint": f"{self.issuer}/userinfo",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
                "token_endpoint_auth_methods_supported": [
                    "client_secret_post",
                    "client_secret_basic",
                ],
                "scopes_supported": ["openid", "email", "profile"],
            }
        )

    async def jwks(self, request: Request) -> Response:
        public = RSAAlgorithm.to_jwk(self._key.public_key(), as_dict=True)
        return JSONResponse({"keys": [{**public, "kid": self.kid, "alg": "RS256", "use": "sig"}]})

    async def authorize(self, request: Request) -> Response:
        params = request.query_params
        problems = []
        if params.get("response_type") != "code":
            problems.append("response_type must be code")
        if params.get("client_id") != self.client_id:
            problems.append("unknown client_id")
        if params.get("code_challenge_method") != "S256" or not params.get("code_challenge"):
            problems.append("PKCE with S256 is required")
        if "openid" not in params.get("scope", "").split():
            problems.append("scope must include openid")
        redirect_uri = params.get("redirect_uri")
        if not redirect_uri:
            problems.append("redirect_uri is required")
        if problems:
            return JSONResponse({"error": "invalid_request", "problems": problems}, status_code=400)
        assert redirect_uri is not None
        code = secrets.token_urlsafe(24)
        self.codes[code] = IssuedCode(
            client_id=self.client_id,
            redirect_uri=redirect_uri,
            code_challenge=params["code_challenge"],
            nonce=params.get("nonce"),
            user=dict(self.user),
        )
        query = urlencode({"code": code, "state": params.get("state", "")})
        return RedirectResponse(f"{redirect_uri}?{query}", status_code=302)

    def _client_authenticated(self, request: Request, form: dict[str, str]) -> bool:
        header = request.headers.get("authorization", "")
        if header.lower().startswith("basic "):
            decoded = base64.b64decode(header[6:]).decode()
            client_id, _, secret = decoded.partition(":")
        else:
            client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
        return client_id == self.client_id and secrets.compare_digest(secret, self.client_secret)

    async def token(self, request: Request) -> Response:
        form = {key: str(value) for key, value in (await request.form()).items()}
        self.token_requests.append(form)
        if not self._client_authenticated(request, form):
            return JSONResponse({"error": "invalid_client"}, status_code=401)
        if form.get("grant_type") != "authorization_code":
            return JSONResponse({"error": "unsupported_grant_type"}, status_code=400)
        issued = self.codes.pop(form.get("code", ""), None)  # codes are single use
        if issued is None or issued.redirect_uri != form.get("redirect_uri"):
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        verifier = form.get("code_verifier", "")
        digest = hashlib.sha256(verifier.encode()).digest()
        challenge = base64.urlsafe_b64encode(digest).decode().rstrip("=")
        if not verifier or challenge != issued.code_challenge:
            return JSONResponse(
                {"error": "invalid_grant", "error_description": "PKCE verification failed"},
                status_code=400,
            )
        return JSONResponse(
            {
                "access_token": secrets.token_urlsafe(24),
                "token_type": "Bearer",
                "expires_in": 3600,
                "scope": "openid email profile",
                "id_token": self.id_token(issued),
            }
        )

    def id_token(self, issued: IssuedCode) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": self.client_id,
            "azp": self.client_id,
            "iat": now,
            "exp": now + 3600,
            **issued.user,
        }
        if issued.nonce is not None:
            claims["nonce"] = issued.nonce
        claims.update(self.id_token_overrides)
        claims = {key: value for key, value in claims.items() if value is not None}
        key = self._foreign_key if self.sign_with_foreign_key else self._key
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": self.kid})

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/.well-known/openid-configuration", self.discovery),
                Route("/authorize", self.authorize),
                Route("/token", self.token, methods=["POST"]),
                Route("/jwks", self.jwks),
            ]
        )

    # --- lifecycle ---------------------------------------------------------------------------

    def start(self) -> FakeOidcProvider:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(self.app(), log_level="warning", lifespan="off", access_log=False)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the fake OpenID provider did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=10)

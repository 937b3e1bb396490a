"""Test support for Den: a stand-in InkPass speaking the real protocols (JWKS, API-key and
service-token introspection) over real HTTP, signed test tokens, and an s3rver runner."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from fluxkit.auth import Principal
from fluxkit.auth.api_keys import ApiKeyPrincipal, generate_api_key, principal_to_json
from fluxkit.auth.keys import SigningKey
from fluxkit.auth.service_tokens import (
    generate_service_token,
    parse_on_behalf_of,
    service_principal_to_json,
)
from fluxkit.auth.tokens import access_claims, sign_token

ISSUER = "fluxos-inkpass"
AUDIENCE = "fluxos"
S3_DIR = Path(__file__).parent / "s3"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class FakeInkPass:
    """What Den asks InkPass, answered from in-memory registrations."""

    service_token: str = field(default_factory=generate_service_token)
    signing_key: SigningKey = field(default_factory=lambda: SigningKey.generate("EdDSA"))
    api_keys: dict[str, ApiKeyPrincipal] = field(default_factory=dict)
    services: dict[str, str] = field(default_factory=dict)
    memberships: dict[tuple[uuid.UUID, uuid.UUID], frozenset[str]] = field(default_factory=dict)
    url: str = ""

    # -- what tests use ------------------------------------------------------------------------

    def token(
        self,
        organization_id: uuid.UUID,
        *,
        user_id: uuid.UUID | None = None,
        roles: tuple[str, ...] = ("member",),
        lifetime: timedelta = timedelta(minutes=15),
    ) -> str:
        user_id = user_id or uuid.uuid4()
        self.memberships[(user_id, organization_id)] = frozenset(roles)
        claims = access_claims(
            issuer=ISSUER,
            audience=AUDIENCE,
            user_id=user_id,
            organization_id=organization_id,
            roles=roles,
            session_id=uuid.uuid4(),
            lifetime=lifetime,
        )
        return sign_token(claims, self.signing_key)

    def headers(self, organization_id: uuid.UUID, **kwargs: Any) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(organization_id, **kwargs)}"}

    def api_key(self, organization_id: uuid.UUID, scopes: tuple[str, ...]) -> str:
        key, _ = generate_api_key()
        self.api_keys[key] = ApiKeyPrincipal(
            kind="api_key",
            user_id=uuid.uuid4(),
            organization_id=organization_id,
            roles=frozenset({"member"}),
            scopes=frozenset(scopes),
            api_key_id=uuid.uuid4(),
            expires_at=datetime.now(UTC) + timedelta(hours=1),
        )
        return key

    def service(self, name: str) -> str:
        token = generate_service_token()
        self.services[token] = name
        return token

    # -- the protocol ----------------------------------------------------------------------------

    def _caller_ok(self, request: Request) -> bool:
        return request.headers.get("authorization") == f"Bearer {self.service_token}"

    async def _jwks(self, request: Request) -> JSONResponse:
        return JSONResponse({"keys": [self.signing_key.public_jwk()]})

    async def _introspect_key(self, request: Request) -> JSONResponse:
        if not self._caller_ok(request):
            return JSONResponse({"error": "Unauthorized"}, status_code=401)
        principal = self.api_keys.get((await request.json()).get("key", ""))
        if principal is None:
            return JSONResponse({"active": False})
        return JSONResponse({"active": True, **principal_to_json(principal)})

    async def _introspect_service(self, request: Request) -> JSONResponse:
        if not self._caller_ok(request):
            return JSONResponse({"error": "Unauthorized"}, status_code=401)
        body = await request.json()
        name = self.services.get(body.get("token", ""))
        if name is None:
            return JSONResponse({"active": False})
        user_id = organization_id = None
        roles: frozenset[str] = frozenset()
        if body.get("on_behalf_of"):
            user_id, organization_id = parse_on_behalf_of(body["on_behalf_of"])
            membership = self.memberships.get((user_id, organization_id))
            if membership is None:
                return JSONResponse({"active": True, "allowed": False, "detail": "not a member"})
            roles = membership
        principal = Principal(
            kind="service",
            user_id=user_id,
            organization_id=organization_id,
            roles=roles,
            service=name,
        )
        return JSONResponse(
            {"active": True, "allowed": True, "principal": service_principal_to_json(principal)}
        )

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/.well-known/jwks.json", self._jwks),
                Route("/api/v1/api-keys/introspect", self._introspect_key, methods=["POST"]),
                Route(
                    "/api/v1/service-principals/introspect",
                    self._introspect_service,
                    methods=["POST"],
                ),
            ]
        )


@contextmanager
def serve_in_thread(app: Any, port: int) -> Iterator[str]:
    """Run an ASGI app under uvicorn on 127.0.0.1:<port> in a background thread."""
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def running_s3rver() -> Iterator[str]:
    """A real S3 API server (npm's s3rver, pinned in tests/s3/package.json) on a free port."""
    binary = S3_DIR / "node_modules" / ".bin" / "s3rver"
    if not binary.exists():
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError("npm is needed to install s3rver for the S3 backend tests")
        subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--silent"], cwd=S3_DIR, check=True)
    data = Path(tempfile.mkdtemp(prefix="den-s3rver-"))
    port = free_port()
    process = subprocess.Popen(
        [str(binary), "-d", str(data), "-a", "127.0.0.1", "-p", str(port), "--silent"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "NODE_ENV": "production"},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                error = process.stderr.read().decode() if process.stderr else ""
                raise RuntimeError(f"s3rver exited early: {error}")
            try:
                httpx.get(url, timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise RuntimeError("s3rver did not answer within 30 seconds") from None
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(data, ignore_errors=True)

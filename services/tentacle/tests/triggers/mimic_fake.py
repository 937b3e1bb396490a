"""A local Mimic speaking its integrations API over real HTTP: integrations listed per
organization, actions taken once per idempotency key, and scripted outages or refusals."""

from __future__ import annotations

import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

SERVICE_TOKEN = "flxs_tentacle-test-service-token"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class FakeMimic:
    integrations: dict[uuid.UUID, list[dict[str, Any]]] = field(default_factory=dict)
    """Per organization id."""
    actions: list[dict[str, Any]] = field(default_factory=list)
    """Actions taken (one per idempotency key), with ``integration_id`` and ``on_behalf_of``."""
    attempts: list[str] = field(default_factory=list)
    """Every action request's idempotency key, retries included."""
    fail_next: int = 0
    """Answer this many action requests with 503 first."""
    refuse: bool = False
    """Answer action requests with 422 (e.g. an expired interaction token)."""

    def __post_init__(self) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._lock = threading.Lock()
        self._server = uvicorn.Server(
            uvicorn.Config(self._app(), host="127.0.0.1", port=self.port, log_level="warning")
        )
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    def add_integration(
        self, organization_id: uuid.UUID, provider: str, name: str = ""
    ) -> uuid.UUID:
        integration_id = uuid.uuid4()
        self.integrations.setdefault(organization_id, []).append(
            {"id": str(integration_id), "provider": provider, "name": name or provider}
        )
        return integration_id

    def actions_for(self, key: str) -> list[dict[str, Any]]:
        return [a for a in self.actions if a["idempotency_key"] == key]

    def start(self) -> FakeMimic:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the fake Mimic did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)

    def _app(self) -> FastAPI:
        app = FastAPI()

        def caller(request: Request) -> tuple[uuid.UUID, uuid.UUID] | JSONResponse:
            if request.headers.get("authorization") != f"Bearer {SERVICE_TOKEN}":
                return JSONResponse({"error": "Unauthorized", "detail": "bad token"}, 401)
            user, _, organization = request.headers.get("x-fluxos-on-behalf-of", "").partition(":")
            try:
                return uuid.UUID(user), uuid.UUID(organization)
            except ValueError:
                return JSONResponse({"error": "Forbidden", "detail": "no user"}, 403)

        @app.get("/api/v1/integrations")
        async def list_integrations(request: Request) -> Any:
            who = caller(request)
            if isinstance(who, JSONResponse):
                return who
            return {"items": self.integrations.get(who[1], [])}

        @app.get("/api/v1/integrations/{integration_id}")
        async def get_integration(integration_id: str, request: Request) -> Any:
            who = caller(request)
            if isinstance(who, JSONResponse):
                return who
            for item in self.integrations.get(who[1], []):
                if item["id"] == integration_id:
                    return item
            return JSONResponse({"error": "NotFound", "detail": "no such integration"}, 404)

        @app.post("/api/v1/integrations/{integration_id}/actions")
        async def action(integration_id: str, request: Request) -> Any:
            who = caller(request)
            if isinstance(who, JSONResponse):
                return who
            body = await request.json()
            key = str(body.get("idempotency_key"))
            with self._lock:
                self.attempts.append(key)
                if self.fail_next > 0:
                    self.fail_next -= 1
                    return JSONResponse({"error": "Unavailable", "detail": "down"}, 503)
                if self.refuse:
                    return JSONResponse({"error": "InvalidAction", "detail": "refused"}, 422)
                if not any(a["idempotency_key"] == key for a in self.actions):
                    self.actions.append(
                        {
                            **body,
                            "integration_id": integration_id,
                            "on_behalf_of": f"{who[0]}:{who[1]}",
                        }
                    )
            return JSONResponse({"id": str(uuid.uuid4()), "status": "queued"}, 202)

        return app

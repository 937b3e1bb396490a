"""A stand-in for Mimic's notifications API on a real local port (uvicorn in a thread).

It checks the bearer credential, keeps every request it received, replays the notification of
an Idempotency-Key it has seen (as Mimic does), and can be told to answer the next requests
with given failures (``fail_next``) before accepting again.
"""

from __future__ import annotations

import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass(frozen=True)
class Failure:
    status: int
    error: str
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class FakeMimic:
    token: str = "flxs_inkpass-" + "t" * 32
    received: list[Received] = field(default_factory=list)
    notifications: dict[str, dict[str, Any]] = field(default_factory=dict)  # by idempotency key
    failures: list[Failure] = field(default_factory=list)
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def fail_next(self, *failures: Failure) -> None:
        self.failures.extend(failures)

    async def create_notification(self, request: Request) -> JSONResponse:
        body = await request.json()
        self.received.append(Received(request.url.path, dict(request.headers), body))
        if request.headers.get("authorization") != f"Bearer {self.token}":
            return JSONResponse({"error": "Unauthorized", "detail": "bad token"}, 401)
        if self.failures:
            failure = self.failures.pop(0)
            return JSONResponse(
                {"error": failure.error, "detail": failure.error},
                failure.status,
                headers=failure.headers,
            )
        key = request.headers.get("idempotency-key", "")
        if key in self.notifications:
            return JSONResponse(
                self.notifications[key], 202, headers={"Idempotent-Replayed": "true"}
            )
        notification = {
            "id": str(uuid.uuid4()),
            "status": "queued",
            "to": body["to"],
            "template": body.get("template"),
            "created_by": "service:inkpass",
        }
        if key:
            self.notifications[key] = notification
        return JSONResponse(notification, 202)

    def start(self) -> FakeMimic:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        app = Starlette(
            routes=[Route("/api/v1/notifications", self.create_notification, methods=["POST"])]
        )
        config = uvicorn.Config(app, log_level="warning", lifespan="off", access_log=False)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the fake Mimic did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)

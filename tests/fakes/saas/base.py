"""A local HTTP server standing in for a SaaS API: records every request, answers through the
subclass's ``handle``, and can be scripted to fail (500, 429 with Retry-After, ...) or to be
slow. ``start()``/``stop()`` (again and again, on the same port) or a context manager."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Recorded:
    method: str
    path: str
    query: str
    headers: dict[str, str]
    """Lower-case names."""
    body: bytes
    status: int = 0
    at: float = field(default_factory=time.monotonic)

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


@dataclass
class Scripted:
    """A scripted answer (failure or delay) for matching requests, used ``times`` times."""

    status: int | None = None
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    times: int = 1
    path: str | None = None
    """A substring of the path; ``None`` matches every path."""
    method: str | None = None
    used: int = 0

    def matches(self, method: str, path: str) -> bool:
        if self.used >= self.times:
            return False
        if self.method is not None and self.method != method:
            return False
        return self.path is None or self.path in path


class FakeSaaS(ABC):
    name = "saas"

    def __init__(self) -> None:
        self.port = free_port()
        self.requests: list[Recorded] = []
        self.scripts: list[Scripted] = []
        self._lock = threading.Lock()
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.app = Starlette(
            routes=[
                Route(
                    "/{path:path}",
                    self._dispatch,
                    methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
                )
            ]
        )

    # -- lifecycle -------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self._server is not None and self._server.started

    def start(self) -> FakeSaaS:
        config = uvicorn.Config(
            self.app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off"
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True, name=self.name)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError(f"the fake {self.name} server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._server = self._thread = None

    def __enter__(self) -> FakeSaaS:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- scripting -------------------------------------------------------------------------------

    def fail(
        self,
        status: int,
        *,
        times: int = 1,
        path: str | None = None,
        method: str | None = None,
        retry_after: float | None = None,
        body: Any = None,
    ) -> Scripted:
        """Answer the next ``times`` matching requests with ``status`` (and Retry-After)."""
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        default = {"message": f"scripted failure {status}"}
        return self._script(
            Scripted(
                status, body if body is not None else default, headers, 0.0, times, path, method
            )
        )

    def slow(
        self, seconds: float, *, times: int = 1, path: str | None = None, method: str | None = None
    ) -> Scripted:
        """Answer the next ``times`` matching requests normally, but only after ``seconds``."""
        return self._script(Scripted(None, None, {}, seconds, times, path, method))

    def _script(self, script: Scripted) -> Scripted:
        with self._lock:
            self.scripts.append(script)
        return script

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self.scripts.clear()

    def requests_to(self, path: str, method: str | None = None) -> list[Recorded]:
        """Recorded requests whose path contains ``path`` (and answered, not scripted away)."""
        with self._lock:
            return [
                r
                for r in self.requests
                if path in r.path and (method is None or r.method == method)
            ]

    def wait_for(
        self, predicate: Callable[[], Any], timeout: float = 15.0, interval: float = 0.02
    ) -> Any:
        """Poll ``predicate`` until it returns something truthy (blocking helper for threads)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = predicate()
            if value:
                return value
            time.sleep(interval)
        raise AssertionError(f"{self.name}: condition not met within {timeout}s")

    # -- protocol --------------------------------------------------------------------------------

    async def _dispatch(self, request: Request) -> Response:
        body = await request.body()
        path = "/" + request.path_params["path"]
        record = Recorded(
            method=request.method,
            path=path,
            query=request.url.query,
            headers={key.lower(): value for key, value in request.headers.items()},
            body=body,
        )
        with self._lock:
            self.requests.append(record)
            script = next((s for s in self.scripts if s.matches(request.method, path)), None)
            if script is not None:
                script.used += 1
        if script is not None and script.delay:
            await asyncio.sleep(script.delay)
        if script is not None and script.status is not None:
            response: Response = JSONResponse(
                script.body, status_code=script.status, headers=script.headers
            )
        else:
            response = self.handle(record) or JSONResponse(
                {"message": "404: Not Found", "code": 0}, status_code=404
            )
        record.status = response.status_code
        return response

    @abstractmethod
    def handle(self, request: Recorded) -> Response | None:
        """The service's answer to a request (``None``: 404)."""


def json_response(body: Any, status: int = 200, **headers: str) -> JSONResponse:
    return JSONResponse(body, status_code=status, headers=headers or None)

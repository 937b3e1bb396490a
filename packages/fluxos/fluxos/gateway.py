"""The all-in-one gateway: one ASGI app dispatching to every service app and the web build.

Plain ASGI dispatch by longest path prefix, so HTTP, SSE and websockets pass through untouched
and paths are not rewritten (service apps declare full paths such as ``/api/v1/auth/login``).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from fluxkit.manifest import ServiceManifest
from fluxos.services import load_callable
from fluxos.webapp import WebApp

READINESS_TIMEOUT = 5.0
GATEWAY_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})


@dataclass
class MountedService:
    name: str
    prefixes: tuple[str, ...]
    app: ASGIApp
    state: dict[str, Any] = field(default_factory=dict)
    """What the app's lifespan yielded; copied into each of its requests like a server would."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.state:
            scope = {**scope, "state": {**scope.get("state", {}), **self.state}}
        await self.app(scope, receive, send)


def _normalise(prefix: str) -> str:
    return "/" + prefix.strip("/") if prefix.strip("/") else ""


@asynccontextmanager
async def _lifespan_of(app: ASGIApp) -> AsyncIterator[Any]:
    """Run a Starlette/FastAPI app's lifespan; other ASGI apps have none to run."""
    router = getattr(app, "router", None)
    context = getattr(router, "lifespan_context", None)
    if context is None:
        yield None
        return
    async with context(app) as state:
        yield state


class Gateway:
    def __init__(
        self,
        services: Sequence[MountedService],
        web: ASGIApp,
        *,
        readiness_timeout: float = READINESS_TIMEOUT,
    ) -> None:
        self.services = list(services)
        self.web = web
        self.readiness_timeout = readiness_timeout
        routes = [(_normalise(p), s) for s in self.services for p in s.prefixes]
        owners: dict[str, str] = {}
        for prefix, service in routes:
            if owners.setdefault(prefix, service.name) != service.name:
                raise ValueError(f"{prefix!r} is claimed by {owners[prefix]} and {service.name}")
        self._routes = sorted(routes, key=lambda route: len(route[0]), reverse=True)

    def route(self, path: str) -> MountedService | None:
        """The service owning the longest prefix of ``path`` (segment-wise), if any."""
        for prefix, service in self._routes:
            if path == prefix or path.startswith(prefix + "/"):
                return service
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        path: str = scope.get("path", "")
        if scope["type"] == "http" and path in GATEWAY_PATHS:
            response = await self._own_endpoint(path)
            await response(scope, receive, send)
            return
        target = self.route(path)
        await (
            target(scope, receive, send) if target is not None else self.web(scope, receive, send)
        )

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        await receive()  # lifespan.startup
        async with AsyncExitStack() as stack:
            for service in self.services:
                try:
                    state = await stack.enter_async_context(_lifespan_of(service.app))
                except Exception as exc:
                    await stack.aclose()
                    message = f"{service.name} failed to start: {type(exc).__name__}: {exc}"
                    await send({"type": "lifespan.startup.failed", "message": message})
                    # Like Starlette's router: servers and test clients expect the error raised.
                    raise RuntimeError(message) from exc
                if isinstance(state, dict):
                    service.state.update(state)
            await send({"type": "lifespan.startup.complete"})
            await receive()  # lifespan.shutdown
            try:
                await stack.aclose()  # reverse order of startup
            except Exception as exc:
                message = f"shutdown failed: {type(exc).__name__}: {exc}"
                await send({"type": "lifespan.shutdown.failed", "message": message})
                raise
        await send({"type": "lifespan.shutdown.complete"})

    async def _own_endpoint(self, path: str) -> Response:
        if path == "/healthz":
            return JSONResponse({"status": "ok"})
        if path == "/metrics":
            return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)
        return await self.readiness()

    async def readiness(self) -> JSONResponse:
        """Each service's own ``/readyz``, called in-process; 503 when any is not ready."""
        results = await asyncio.gather(*(self._service_ready(s) for s in self.services))
        report = dict(zip((s.name for s in self.services), results, strict=True))
        ready = all(result["status"] == "ok" for result in results)
        return JSONResponse(
            {"status": "ok" if ready else "unavailable", "services": report},
            status_code=200 if ready else 503,
        )

    async def _service_ready(self, service: MountedService) -> dict[str, Any]:
        transport = httpx.ASGITransport(app=service)
        try:
            async with (
                asyncio.timeout(self.readiness_timeout),
                httpx.AsyncClient(transport=transport, base_url="http://gateway") as client,
            ):
                response = await client.get("/readyz")
        except Exception as exc:
            return {"status": "unavailable", "detail": f"{type(exc).__name__}: {exc}"}
        detail: Any = response.text
        with contextlib.suppress(ValueError):
            detail = response.json()
        status = "ok" if response.status_code == 200 else "unavailable"
        return {"status": status, "code": response.status_code, "detail": detail}


def mount(manifest: ServiceManifest) -> MountedService:
    factory = load_callable(manifest.app_factory)
    return MountedService(manifest.name, manifest.prefixes, factory())


def build_gateway(manifests: Sequence[ServiceManifest], web_dist: Path | None) -> Gateway:
    """Create every service app from its manifest and put them behind one ASGI app."""
    return Gateway([mount(manifest) for manifest in manifests], WebApp(web_dist))

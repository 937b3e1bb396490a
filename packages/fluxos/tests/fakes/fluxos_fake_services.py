"""Two small services with real manifests, for launcher tests (imported by module name).

``alpha`` owns ``/api/v1/alpha/`` and ``/api/v1/shared/``; ``beta`` owns the longer
``/api/v1/shared/deeper/``. With ``<NAME>_DATABASE_URL`` and ``REDIS_URL`` set (as the launcher
does), their lifespans connect, ``/readyz`` checks both, and ``/api/v1/<name>/items`` lists the
rows created by the migrations and the seed.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import redis.asyncio as redis_asyncio
from fastapi import FastAPI, Request, WebSocket
from fastapi.responses import JSONResponse, StreamingResponse
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from fluxkit.manifest import ServiceManifest

MIGRATIONS = Path(__file__).parent / "fake_migrations"
EVENTS: list[str] = []
"""Lifespan enter/exit order, for in-process tests."""


def _create(name: str) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[dict[str, str]]:
        EVENTS.append(f"{name}:start")
        url = os.environ.get(f"{name.upper()}_DATABASE_URL")
        app.state.engine = create_async_engine(url) if url else None
        redis_url = os.environ.get("REDIS_URL")
        app.state.redis = redis_asyncio.from_url(redis_url) if redis_url else None
        try:
            yield {"service_name": name}
        finally:
            if app.state.engine is not None:
                await app.state.engine.dispose()
            if app.state.redis is not None:
                await app.state.redis.aclose()
            EVENTS.append(f"{name}:stop")

    app = FastAPI(lifespan=lifespan)

    @app.get("/readyz")
    async def readyz(request: Request) -> JSONResponse:
        try:
            if request.app.state.engine is not None:
                async with request.app.state.engine.connect() as connection:
                    await connection.execute(text("SELECT 1"))
            if request.app.state.redis is not None:
                await request.app.state.redis.ping()
        except Exception as exc:
            return JSONResponse({"status": "unavailable", "error": str(exc)}, status_code=503)
        return JSONResponse({"status": "ok"})

    @app.get(f"/api/v1/{name}/items")
    async def items(request: Request) -> list[str]:
        async with request.app.state.engine.connect() as connection:
            rows = await connection.execute(text("SELECT name FROM items ORDER BY name"))
            return [row[0] for row in rows]

    @app.get(f"/api/v1/{name}/stream")
    async def stream() -> StreamingResponse:
        async def events() -> AsyncIterator[str]:
            for index in range(3):
                yield f"id: {index}\ndata: {name}-{index}\n\n"
                await asyncio.sleep(0)

        return StreamingResponse(events(), media_type="text/event-stream")

    @app.websocket(f"/api/v1/{name}/ws")
    async def echo_socket(websocket: WebSocket) -> None:
        await websocket.accept()
        message = await websocket.receive_text()
        await websocket.send_text(f"{name} heard {message}")
        await websocket.close()

    # Last, so it does not shadow the routes above.
    @app.get("/api/v1/{rest:path}")
    async def echo(rest: str, request: Request) -> dict[str, str]:
        return {"service": name, "path": request.url.path, "state": request.state.service_name}

    return app


def create_alpha() -> FastAPI:
    return _create("alpha")


def create_beta() -> FastAPI:
    return _create("beta")


async def seed_alpha(database_url: str) -> dict[str, str] | None:
    engine = create_async_engine(database_url)
    try:
        async with engine.begin() as connection:
            created = await connection.execute(
                text("INSERT INTO items (name) VALUES ('seeded') ON CONFLICT DO NOTHING")
            )
    finally:
        await engine.dispose()
    if created.rowcount == 0:
        return None
    return {"email": "admin@alpha.test", "password": "alpha-password"}


ALPHA = ServiceManifest(
    name="alpha",
    app_factory="fluxos_fake_services:create_alpha",
    prefixes=("/api/v1/alpha/", "/api/v1/shared/"),
    migrations=MIGRATIONS,
    seed="fluxos_fake_services:seed_alpha",
)
BETA = ServiceManifest(
    name="beta",
    app_factory="fluxos_fake_services:create_beta",
    prefixes=("/api/v1/shared/deeper/", "/api/v1/beta/"),
    migrations=MIGRATIONS,
)


async def seed_broken(database_url: str) -> None:
    raise RuntimeError("the seed data is inconsistent")


GAMMA_BROKEN_SEED = ServiceManifest(
    name="gamma",
    app_factory="fluxos_fake_services:create_alpha",
    prefixes=("/api/v1/gamma/",),
    migrations=MIGRATIONS,
    seed="fluxos_fake_services:seed_broken",
)

"""``/healthz`` (process is up) and ``/readyz`` (database and Redis answer)."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

router = APIRouter(include_in_schema=False)


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


async def _check_database(request: Request) -> str | None:
    engine = getattr(request.app.state, "engine", None)
    if engine is None:
        return None
    try:
        async with asyncio.timeout(2):
            async with engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
    except Exception as exc:
        return f"database: {type(exc).__name__}: {exc}"
    return None


async def _check_redis(request: Request) -> str | None:
    redis = getattr(request.app.state, "redis", None)
    if redis is None:
        return None
    try:
        async with asyncio.timeout(2):
            await redis.ping()
    except Exception as exc:
        return f"redis: {type(exc).__name__}: {exc}"
    return None


@router.get("/readyz")
async def readyz(request: Request) -> JSONResponse:
    failures = [
        f for f in await asyncio.gather(_check_database(request), _check_redis(request)) if f
    ]
    if failures:
        return JSONResponse({"status": "unavailable", "failures": failures}, status_code=503)
    return JSONResponse({"status": "ok"})

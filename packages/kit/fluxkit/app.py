"""Service app factory: lifespan (engine, sessions, Redis), middleware, errors, health, metrics."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI

from fluxkit.db import FluxRoute, create_engine, create_session_factory
from fluxkit.errors import install_error_handlers
from fluxkit.health import router as health_router
from fluxkit.logging import RequestIdMiddleware, configure_logging
from fluxkit.metrics import MetricsMiddleware, metrics_endpoint
from fluxkit.redis import create_redis
from fluxkit.settings import ServiceSettings

ExtraLifespan = Callable[[FastAPI], AbstractAsyncContextManager[None]]


def flux_router(prefix: str = "", *, tags: Sequence[str] = (), **kwargs: Any) -> APIRouter:
    """An APIRouter whose routes commit the request's session before responding."""
    return APIRouter(prefix=prefix, tags=list(tags), route_class=FluxRoute, **kwargs)


def create_service_app(
    name: str,
    settings: ServiceSettings,
    routers: Sequence[APIRouter],
    *,
    title: str,
    description: str = "",
    extra_lifespan: ExtraLifespan | None = None,
) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = create_engine(settings.database_url, pool_size=settings.database_pool_size)
        redis = create_redis(settings.redis_url)
        app.state.settings = settings
        app.state.engine = engine
        app.state.session_factory = create_session_factory(engine)
        app.state.redis = redis
        try:
            if extra_lifespan is None:
                yield
            else:
                async with extra_lifespan(app):
                    yield
        finally:
            await redis.aclose()
            await engine.dispose()

    configure_logging(name, settings.log_level, json_output=settings.log_json)
    app = FastAPI(
        title=title,
        description=description,
        version="0.1.0",
        lifespan=lifespan,
        openapi_url=f"/api/v1/{name}/openapi.json",
        docs_url=f"/api/v1/{name}/docs",
        redoc_url=None,
    )
    app.router.route_class = FluxRoute
    app.state.settings = settings
    install_error_handlers(app)
    app.include_router(health_router)
    app.add_route("/metrics", metrics_endpoint, include_in_schema=False)
    for router in routers:
        app.include_router(router)
    app.add_middleware(MetricsMiddleware, service=name)
    app.add_middleware(RequestIdMiddleware)
    return app

"""What background tasks share in one worker process: settings, engine, sessions, Redis.

Built lazily on the process's task event loop (``fluxkit.celery.run_async``); tests point it at
their settings with :func:`configure` before the worker starts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from fluxkit.db import create_session_factory
from fluxkit.redis import create_redis
from tentacle.settings import TentacleSettings, get_settings

_settings: TentacleSettings | None = None


def configure(settings: TentacleSettings) -> None:
    """Point the worker runtime and the Celery app at ``settings`` (before first use)."""
    global _settings
    _settings = settings
    from tentacle.worker import celery_app

    celery_app.conf.broker_url = settings.broker_url
    from tentacle.orchestrator.enqueue import reset_mark_client

    reset_mark_client()


def current_settings() -> TentacleSettings:
    return _settings or get_settings()


@dataclass
class WorkerRuntime:
    settings: TentacleSettings
    engine: AsyncEngine
    session_factory: async_sessionmaker[AsyncSession]
    redis: Redis
    llm: Any = None
    """The process's ``fluxkit.llm.LLMClient``."""
    services: Any = None
    """``tentacle.executors.ServiceClients`` holding this service's credential."""
    resources: Any = None
    """``tentacle.executors.ExecutorResources`` shared by the process's steps."""
    extras: dict[str, Any] = field(default_factory=dict)


def _llm_client(settings: TentacleSettings) -> Any:
    from fluxkit.llm import LLMClient, LLMSettings

    return LLMClient(settings if isinstance(settings, LLMSettings) else LLMSettings())


def _service_clients(settings: TentacleSettings) -> Any:
    from fluxkit.http import ServiceClient
    from tentacle.executors import ServiceClients

    token = settings.service_token.get_secret_value()
    return ServiceClients(
        mimic=ServiceClient(settings.mimic_url, token),
        den=ServiceClient(settings.den_url, token),
        inkpass=ServiceClient(settings.inkpass_url, token),
    )


def _resources(settings: TentacleSettings) -> Any:
    from tentacle.executors import AgentsSettings, ExecutorResources

    if isinstance(settings, AgentsSettings):
        return ExecutorResources.from_settings(settings)
    return ExecutorResources.from_settings(AgentsSettings())


def _budget_guard_factory(runtime: WorkerRuntime) -> Any:
    from tentacle.budgets import BudgetGuard

    return lambda: BudgetGuard(runtime.session_factory)


_runtime: WorkerRuntime | None = None


def _worker_engine(settings: TentacleSettings) -> AsyncEngine:
    """The worker's engine: like the API's, but without a ping before every checkout (a step
    takes three short transactions; a stale connection fails its task, which Celery retries)."""
    return create_async_engine(
        settings.database_url,
        pool_size=settings.database_pool_size,
        max_overflow=settings.database_pool_size,
        pool_pre_ping=False,
        pool_recycle=1800,
    )


async def worker_runtime() -> WorkerRuntime:
    """The process's runtime (built on first use, on the task loop)."""
    global _runtime
    if _runtime is None:
        settings = current_settings()
        engine = _worker_engine(settings)
        _runtime = WorkerRuntime(
            settings=settings,
            engine=engine,
            session_factory=create_session_factory(engine),
            redis=create_redis(settings.redis_url),
            llm=_llm_client(settings),
            services=_service_clients(settings),
            resources=_resources(settings),
        )
        _runtime.extras.setdefault("budget_guard", _budget_guard_factory(_runtime))
        if _runtime.resources.workspace is None:
            from tentacle.workspace.store import SqlWorkspaceStore

            _runtime.resources.workspace = SqlWorkspaceStore(_runtime.session_factory)
        if _runtime.resources.memory is None:
            from tentacle.memory.store import SqlMemoryStore

            _runtime.resources.memory = SqlMemoryStore(_runtime.session_factory)
    return _runtime


async def close_worker_runtime() -> None:
    global _runtime
    runtime, _runtime = _runtime, None
    if runtime is not None:
        if runtime.services is not None:
            for client in (runtime.services.mimic, runtime.services.den, runtime.services.inkpass):
                if client is not None:
                    await client.aclose()
        if runtime.resources is not None:
            await runtime.resources.aclose()
        await runtime.redis.aclose()
        await runtime.engine.dispose()

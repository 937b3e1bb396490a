"""Tentacle test fixtures: a database per xdist worker, the app with real (token-verifying)
auth, clients whose requests share one rolled-back transaction per test (or commit for real,
for work a Celery worker must see), and a real Celery worker thread on the test Redis."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import anyio
import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit import migrations
from fluxkit.auth import Authenticator
from fluxkit.auth.keys import SigningKey
from fluxkit.auth.tokens import JwtVerifier, StaticKeySource
from fluxkit.celery import run_async
from fluxkit.redis import create_redis
from fluxkit.testing import (
    celery_test_worker,
    client_for,
    recreate_database,
    redeclare_queues,
    rolled_back_session,
    running,
    worker_number,
)
from tentacle.app import create_app
from tentacle.manifest import MANIFEST
from tentacle.settings import TentacleSettings

# Suites share helpers: `from tentacle_testkit import Tokens, eventually`.
sys.path.insert(0, str(Path(__file__).parent))

from scripted_llm import ScriptedLLM
from tentacle_testkit import AUDIENCE, ISSUER, NoApiKeys, Tokens


@pytest.fixture(scope="session")
async def tentacle_database(admin_database_url: str) -> str:
    url = await recreate_database(admin_database_url, f"test_tentacle_{worker_number()}")
    await anyio.to_thread.run_sync(migrations.upgrade, MANIFEST.migrations, url)
    return url


@pytest.fixture(scope="session")
def scripted_llm() -> Iterator[ScriptedLLM]:
    """The OpenAI-compatible server every worker-side model call goes to; tests script it."""
    with ScriptedLLM() as server:
        yield server


@pytest.fixture(scope="session")
def tentacle_settings(
    tentacle_database: str,
    redis_url: str,
    tmp_path_factory: pytest.TempPathFactory,
    scripted_llm: ScriptedLLM,
) -> TentacleSettings:
    return TentacleSettings(
        llm_model="openai/scripted",
        llm_api_base=scripted_llm.base_url,
        llm_api_key="test",
        llm_max_retries=1,
        llm_retry_base_seconds=0.01,
        llm_retry_max_seconds=0.05,
        environment="test",
        database_url=tentacle_database,
        redis_url=redis_url,
        keyring="test1:" + "A" * 43,
        service_token="flxs_tentacle-test-service-token",
        inkpass_url="http://inkpass.test",
        log_json=False,
        log_level="WARNING",
        retry_base_seconds=0.05,
        retry_max_seconds=0.3,
        step_lease_seconds=30,
    )


@pytest.fixture(scope="session")
def signing_key() -> SigningKey:
    return SigningKey.generate("EdDSA")


@pytest.fixture(scope="session")
def tokens(signing_key: SigningKey) -> Tokens:
    return Tokens(signing_key)


@pytest.fixture(scope="session")
def authenticator(signing_key: SigningKey) -> Authenticator:
    return Authenticator(
        JwtVerifier(
            StaticKeySource([signing_key.verification_key()]), issuer=ISSUER, audience=AUDIENCE
        ),
        NoApiKeys(),
    )


@pytest.fixture(scope="session")
async def tentacle_app(
    tentacle_settings: TentacleSettings, authenticator: Authenticator
) -> AsyncIterator[FastAPI]:
    from tentacle import runtime

    runtime.configure(tentacle_settings)
    # Stale broker messages from an earlier run would point at rows of a dropped database.
    redis = create_redis(tentacle_settings.redis_url)
    async for key in redis.scan_iter(match="*tentacle.*"):
        await redis.delete(key)
    await redis.aclose()
    app = create_app(tentacle_settings, authenticator=authenticator)
    async with running(app):
        yield app


@pytest.fixture
async def db(tentacle_app: FastAPI) -> AsyncIterator[AsyncSession]:
    async with rolled_back_session(tentacle_app.state.engine) as session:
        yield session


@pytest.fixture
async def client(tentacle_app: FastAPI, db: AsyncSession) -> AsyncIterator[AsyncClient]:
    async with client_for(tentacle_app, db) as http:
        yield http


@pytest.fixture
async def live_client(tentacle_app: FastAPI) -> AsyncIterator[AsyncClient]:
    """Requests commit for real, so the worker sees what they wrote."""
    async with client_for(tentacle_app) as http:
        yield http


@pytest.fixture(scope="module")
def celery_worker(tentacle_app: FastAPI) -> Iterator[None]:
    """A real Celery worker (thread pool) consuming every Tentacle queue on the test Redis.

    Module-scoped: Celery workers share process-wide timer state, so two test workers alive in
    one process (another suite's and this one) would starve each other's delayed tasks.
    """
    from tentacle.manifest import QUEUES
    from tentacle.runtime import close_worker_runtime
    from tentacle.worker import TASK_MODULES, celery_app

    for module in TASK_MODULES:
        __import__(module)
    with celery_test_worker(celery_app, QUEUES, concurrency=8):
        yield
    run_async(close_worker_runtime())


@pytest.fixture
def worker(celery_worker: None) -> None:
    """The worker, with the queues' routing declared again: other suites in this process may
    FLUSHDB the shared Redis database between tests, which drops the broker's bindings."""
    from tentacle.worker import celery_app

    redeclare_queues(celery_app)

"""Mimic test fixtures: a database per xdist worker, the app with real (token-verifying) auth,
local Postmark/Resend/InkPass fakes on real ports, the dev mail catcher as the SMTP sink, and a
real Celery worker thread on the test Redis."""

from __future__ import annotations

import importlib.util
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import anyio
import httpx
import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit import migrations
from fluxkit.auth import Authenticator
from fluxkit.auth.api_keys import CachingApiKeyVerifier, RemoteApiKeyIntrospector
from fluxkit.auth.keys import SigningKey
from fluxkit.auth.service_tokens import RemoteServiceTokenVerifier
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
from mimic.app import create_app
from mimic.devmail.catcher import MailCatcher, free_port
from mimic.manifest import MANIFEST
from mimic.settings import MimicSettings


def _load_fakes() -> None:
    folder = Path(__file__).parent / "fakes"
    spec = importlib.util.spec_from_file_location(
        "mimic_test_fakes", folder / "__init__.py", submodule_search_locations=[str(folder)]
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["mimic_test_fakes"] = module
    spec.loader.exec_module(module)


_load_fakes()

from mimic_test_fakes.helpers import (  # noqa: E402
    AUDIENCE,
    ISSUER,
    POSTMARK_PLATFORM_USER,
    RESEND_PLATFORM_SECRET,
    SERVICE_TOKEN,
    Tokens,
)
from mimic_test_fakes.inkpass import FakeInkPass  # noqa: E402
from mimic_test_fakes.postmark import FakePostmark  # noqa: E402
from mimic_test_fakes.resend import FakeResend  # noqa: E402
from mimic_test_fakes.server import LocalServer  # noqa: E402


@pytest.fixture(scope="session")
def fake_postmark() -> Iterator[FakePostmark]:
    fake = FakePostmark()
    server = LocalServer(fake.app).start()
    fake.url = server.url  # type: ignore[attr-defined]
    yield fake
    server.stop()


@pytest.fixture(scope="session")
def fake_resend() -> Iterator[FakeResend]:
    fake = FakeResend()
    server = LocalServer(fake.app).start()
    fake.url = server.url  # type: ignore[attr-defined]
    yield fake
    server.stop()


@pytest.fixture(scope="session")
def fake_inkpass() -> FakeInkPass:
    return FakeInkPass(SERVICE_TOKEN)


@pytest.fixture(scope="session")
async def mimic_database(admin_database_url: str) -> str:
    url = await recreate_database(admin_database_url, f"test_mimic_{worker_number()}")
    await anyio.to_thread.run_sync(migrations.upgrade, MANIFEST.migrations, url)
    return url


@pytest.fixture(scope="session")
def sink_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def mimic_settings(
    mimic_database: str,
    redis_url: str,
    fake_postmark: FakePostmark,
    fake_resend: FakeResend,
    sink_port: int,
) -> MimicSettings:
    return MimicSettings(
        environment="test",
        database_url=mimic_database,
        redis_url=redis_url,
        keyring="test1:" + "A" * 43,
        service_token=SERVICE_TOKEN,
        inkpass_url="http://inkpass.test",
        public_base_url="http://testserver",
        log_json=False,
        log_level="WARNING",
        smtp_host="127.0.0.1",
        smtp_port=sink_port,
        devmail_enabled=True,
        devmail_port=sink_port,
        postmark_api_url=fake_postmark.url,  # type: ignore[attr-defined]
        resend_api_url=fake_resend.url,  # type: ignore[attr-defined]
        provider_timeout_seconds=5,
        retry_base_seconds=0.05,
        retry_max_seconds=0.3,
        delivery_max_attempts=3,
        organization_rate_limit=40,
        recipient_rate_limit=8,
        resend_webhook_secret=RESEND_PLATFORM_SECRET,
        postmark_webhook_username=POSTMARK_PLATFORM_USER[0],
        postmark_webhook_password=POSTMARK_PLATFORM_USER[1],
    )


@pytest.fixture(scope="session")
def signing_key() -> SigningKey:
    return SigningKey.generate("EdDSA")


@pytest.fixture(scope="session")
def tokens(signing_key: SigningKey) -> Tokens:
    return Tokens(signing_key)


@pytest.fixture(scope="session")
async def authenticator(
    signing_key: SigningKey, fake_inkpass: FakeInkPass, mimic_settings: MimicSettings
) -> AsyncIterator[Authenticator]:
    transport = httpx.ASGITransport(app=fake_inkpass.app)
    http = httpx.AsyncClient(transport=transport)
    introspector = RemoteApiKeyIntrospector(
        mimic_settings.inkpass_url, SERVICE_TOKEN, http_client=http
    )
    services = RemoteServiceTokenVerifier(
        mimic_settings.inkpass_url, SERVICE_TOKEN, transport=transport
    )
    yield Authenticator(
        JwtVerifier(
            StaticKeySource([signing_key.verification_key()]), issuer=ISSUER, audience=AUDIENCE
        ),
        CachingApiKeyVerifier(introspector, None, ttl_seconds=0.01),
        services,
    )
    await services.aclose()
    await http.aclose()


@pytest.fixture(scope="session")
async def mimic_app(
    mimic_settings: MimicSettings, authenticator: Authenticator
) -> AsyncIterator[FastAPI]:
    # Stale broker messages from an earlier run would point at rows of a dropped database.
    # (Only Mimic's keys: other suites in this process share the Redis database.)
    redis = create_redis(mimic_settings.redis_url)
    async for key in redis.scan_iter(match="*mimic.deliveries*"):
        await redis.delete(key)
    await redis.aclose()
    app = create_app(mimic_settings, authenticator=authenticator)
    async with running(app):
        yield app


@pytest.fixture(scope="session")
def sink(mimic_app: FastAPI) -> MailCatcher:
    catcher = mimic_app.state.mail_catcher
    assert isinstance(catcher, MailCatcher) and catcher.running
    return catcher


@pytest.fixture(scope="module")
def celery_worker(mimic_app: FastAPI) -> Iterator[None]:
    """A real Celery worker (thread pool) consuming the delivery queue on the test Redis.

    Module-scoped: Celery workers share process-wide timer state, so two test workers alive in
    one process (another suite's and this one) would starve each other's delayed retries.
    """
    from mimic.celery_app import QUEUES, celery_app, close_worker_runtime
    from mimic.notifications import tasks  # noqa: F401

    with celery_test_worker(celery_app, QUEUES, concurrency=4):
        yield
    run_async(close_worker_runtime())


@pytest.fixture
def worker(celery_worker: None) -> None:
    """The worker, with the queue's routing declared again: other suites in this process may
    FLUSHDB the shared Redis database between tests, which drops the broker's bindings."""
    from mimic.celery_app import celery_app

    redeclare_queues(celery_app)


@pytest.fixture
def org() -> uuid.UUID:
    return uuid.uuid4()


@pytest.fixture
def owner(tokens: Tokens, org: uuid.UUID) -> dict[str, str]:
    return tokens.headers(org, "owner")


@pytest.fixture
async def db(mimic_app: FastAPI) -> AsyncIterator[AsyncSession]:
    async with rolled_back_session(mimic_app.state.engine) as session:
        yield session


@pytest.fixture
async def client(mimic_app: FastAPI, db: AsyncSession) -> AsyncIterator[AsyncClient]:
    async with client_for(mimic_app, db) as http:
        yield http


@pytest.fixture
async def live_client(mimic_app: FastAPI) -> AsyncIterator[AsyncClient]:
    """Requests commit for real, so the worker sees what they wrote."""
    async with client_for(mimic_app) as http:
        yield http

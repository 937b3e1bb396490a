"""Den test fixtures: a database per xdist worker, a stand-in InkPass over real HTTP, the app on
local disk and on a real S3 API server (s3rver), and clients whose requests share one
rolled-back transaction per test."""

from __future__ import annotations

import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import anyio
import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from den.all_models import load_models
from den.app import create_app
from den.manifest import MANIFEST
from den.settings import MIB, DenSettings
from fluxkit import migrations
from fluxkit.testing import (
    client_for,
    recreate_database,
    rolled_back_session,
    running,
    worker_number,
)

# Suites share helpers: `from den_testkit import FakeInkPass`.
sys.path.insert(0, str(Path(__file__).parent))

from den_testkit import FakeInkPass, free_port, running_s3rver, serve_in_thread

TEST_MAX_FILE_BYTES = 20 * MIB


@pytest.fixture(scope="session")
def inkpass() -> Iterator[FakeInkPass]:
    fake = FakeInkPass()
    with serve_in_thread(fake.app(), free_port()) as url:
        fake.url = url
        yield fake


@pytest.fixture(scope="session")
async def den_database(admin_database_url: str) -> str:
    url = await recreate_database(admin_database_url, f"test_den_{worker_number()}")
    if any((MANIFEST.migrations / "versions").glob("*.py")):
        await anyio.to_thread.run_sync(migrations.upgrade, MANIFEST.migrations, url)
    else:
        engine = create_async_engine(url)
        async with engine.begin() as connection:
            await connection.run_sync(load_models().metadata.create_all)
        await engine.dispose()
    return url


@pytest.fixture(scope="session")
def den_settings(
    den_database: str,
    redis_url: str,
    inkpass: FakeInkPass,
    tmp_path_factory: pytest.TempPathFactory,
) -> DenSettings:
    return DenSettings(
        environment="test",
        database_url=den_database,
        redis_url=redis_url,
        keyring="test1:" + "A" * 43,
        secret_key="den-test-signing-secret-0123456789",
        service_token=inkpass.service_token,
        inkpass_url=inkpass.url,
        public_base_url="http://files.test",
        storage_dir=tmp_path_factory.mktemp("den-storage"),
        max_file_bytes=TEST_MAX_FILE_BYTES,
        log_json=False,
        log_level="WARNING",
    )


@pytest.fixture(scope="session")
async def den_app(den_settings: DenSettings) -> AsyncIterator[FastAPI]:
    app = create_app(den_settings)
    async with running(app):
        yield app


@pytest.fixture(scope="session")
def s3_url() -> Iterator[str]:
    with running_s3rver() as url:
        yield url


@pytest.fixture(scope="session")
def s3_settings(den_settings: DenSettings, s3_url: str) -> DenSettings:
    return den_settings.model_copy(
        update={
            "storage_backend": "s3",
            "s3_endpoint_url": s3_url,
            "s3_bucket": f"den-test-{worker_number()}",
            "s3_access_key_id": "S3RVER",
            "s3_secret_access_key": SecretStr("S3RVER"),
            "s3_create_bucket": True,
            "s3_part_bytes": 5 * MIB,
        }
    )


@pytest.fixture(scope="session")
async def s3_den_app(s3_settings: DenSettings) -> AsyncIterator[FastAPI]:
    app = create_app(s3_settings)
    async with running(app):
        yield app


@pytest.fixture
async def db(den_app: FastAPI) -> AsyncIterator[AsyncSession]:
    await den_app.state.redis.flushdb()
    async with rolled_back_session(den_app.state.engine) as session:
        yield session


@pytest.fixture
async def client(den_app: FastAPI, db: AsyncSession) -> AsyncIterator[AsyncClient]:
    async with client_for(den_app, db) as http:
        yield http


@pytest.fixture(params=["local", "s3"])
def backend_app(request: pytest.FixtureRequest) -> FastAPI:
    """The Den app over each storage backend in turn."""
    name = "den_app" if request.param == "local" else "s3_den_app"
    app: FastAPI = request.getfixturevalue(name)
    return app


@pytest.fixture
async def backend_client(backend_app: FastAPI, db: AsyncSession) -> AsyncIterator[AsyncClient]:
    """The same API over each storage backend (the database stays rolled back per test)."""
    async with client_for(backend_app, db) as http:
        yield http


@pytest.fixture
def org() -> uuid.UUID:
    return uuid.uuid4()


@pytest.fixture
def auth(inkpass: FakeInkPass, org: uuid.UUID) -> dict[str, str]:
    return inkpass.headers(org)

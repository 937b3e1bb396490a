"""InkPass test fixtures: a migrated database per xdist worker, the app with its lifespan,
and a client whose requests share one rolled-back transaction per test."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import anyio
import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from fluxkit import migrations
from fluxkit.testing import (
    client_for,
    recreate_database,
    rolled_back_session,
    running,
    worker_number,
)
from inkpass.all_models import load_models
from inkpass.app import create_app
from inkpass.manifest import MANIFEST
from inkpass.settings import InkPassSettings

# Suites share helpers: `from factories import make_user`.
sys.path.insert(0, str(Path(__file__).parent))

from mailsink import MailSink, start_sink


@pytest.fixture(scope="session")
async def inkpass_database(admin_database_url: str) -> str:
    url = await recreate_database(admin_database_url, f"test_inkpass_{worker_number()}")
    if any((MANIFEST.migrations / "versions").glob("*.py")):
        await anyio.to_thread.run_sync(migrations.upgrade, MANIFEST.migrations, url)
    else:
        engine = create_async_engine(url)
        async with engine.begin() as connection:
            await connection.run_sync(load_models().metadata.create_all)
        await engine.dispose()
    return url


@pytest.fixture(scope="session")
def inkpass_settings(inkpass_database: str, redis_url: str) -> InkPassSettings:
    return InkPassSettings(
        environment="test",
        database_url=inkpass_database,
        redis_url=redis_url,
        keyring="test1:" + "A" * 43,
        log_json=False,
        log_level="WARNING",
    )


@pytest.fixture(scope="session")
async def inkpass_app(inkpass_settings: InkPassSettings) -> AsyncIterator[FastAPI]:
    app = create_app(inkpass_settings)
    async with running(app):
        yield app


@pytest.fixture
async def db(inkpass_app: FastAPI) -> AsyncIterator[AsyncSession]:
    await inkpass_app.state.redis.flushdb()
    async with rolled_back_session(inkpass_app.state.engine) as session:
        yield session


@pytest.fixture
async def client(inkpass_app: FastAPI, db: AsyncSession) -> AsyncIterator[AsyncClient]:
    async with client_for(inkpass_app, db) as http:
        yield http


@pytest.fixture(scope="session")
def smtp_sink(inkpass_app: FastAPI) -> Iterator[MailSink]:
    """A real SMTP server; the app's notifier sends to it for the rest of the session."""
    from inkpass.notify import SmtpNotifier

    sink, controller, port = start_sink()
    settings = inkpass_app.state.settings.model_copy(
        update={"smtp_host": "127.0.0.1", "smtp_port": port}
    )
    inkpass_app.state.notifier = SmtpNotifier(settings)
    yield sink
    controller.stop()


@pytest.fixture
def mailbox(smtp_sink: MailSink, client: AsyncClient) -> MailSink:
    """The SMTP sink, for tests that read what InkPass emailed (addresses are per test)."""
    return smtp_sink

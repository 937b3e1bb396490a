"""Test support shared by every service's suite (imported only from tests).

Real Postgres and Redis: each xdist worker gets its own database per service and its own Redis
database index; every test runs inside an outer transaction that is rolled back afterwards, and
the app under test joins it through a savepoint, so endpoint commits stay invisible to other tests.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterable, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import timedelta
from typing import Any

import asyncpg
import httpx
from celery import Celery
from fastapi import FastAPI
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from starlette.types import ASGIApp, Receive, Scope, Send

from fluxkit.auth.keys import SigningKey
from fluxkit.auth.remote import DEFAULT_AUDIENCE, DEFAULT_ISSUER
from fluxkit.auth.tokens import access_claims, sign_token

TEST_DATABASE_ENV = "FLUXOS_TEST_DATABASE_URL"
TEST_REDIS_ENV = "FLUXOS_TEST_REDIS_URL"


def worker_number() -> int:
    """0 for the main process, n for xdist worker ``gw<n>``."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return int(worker.removeprefix("gw") or 0)


def redis_url_for_worker(base_url: str) -> str:
    """One Redis database index per worker (1..15) so FLUSHDB never hits a neighbour."""
    index = 1 + worker_number() % 15
    root = base_url.rsplit("/", 1)[0] if base_url.count("/") > 2 else base_url
    return f"{root}/{index}"


def database_url(admin_url: str, database: str) -> str:
    return make_url(admin_url).set(database=database).render_as_string(hide_password=False)


async def recreate_database(admin_url: str, database: str, extensions: tuple[str, ...] = ()) -> str:
    """Drop and create ``database``; returns its SQLAlchemy URL."""
    url = make_url(admin_url)
    connection = await asyncpg.connect(
        host=url.host,
        port=url.port or 5432,
        user=url.username or "postgres",
        password=url.password,
        database=url.database or "postgres",
    )
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        await connection.execute(f'CREATE DATABASE "{database}"')
    finally:
        await connection.close()
    target = database_url(admin_url, database)
    if extensions:
        target_url = make_url(target)
        connection = await asyncpg.connect(
            host=target_url.host,
            port=target_url.port or 5432,
            user=target_url.username or "postgres",
            password=target_url.password,
            database=database,
        )
        try:
            for extension in extensions:
                await connection.execute(f'CREATE EXTENSION IF NOT EXISTS "{extension}"')
        finally:
            await connection.close()
    return target


@asynccontextmanager
async def rolled_back_session(engine: AsyncEngine) -> AsyncIterator[AsyncSession]:
    """A session inside an outer transaction that is always rolled back."""
    async with engine.connect() as connection:
        transaction = await connection.begin()
        session = AsyncSession(
            bind=connection,
            expire_on_commit=False,
            autoflush=False,
            join_transaction_mode="create_savepoint",
        )
        try:
            yield session
        finally:
            await session.close()
            if transaction.is_active:
                await transaction.rollback()


class SessionInjectingApp:
    """Hands the test's session to every request (see ``fluxkit.db.get_session``)."""

    def __init__(self, app: ASGIApp, session: AsyncSession) -> None:
        self.app = app
        self.session = session

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            scope["fluxos_test_session"] = self.session
        await self.app(scope, receive, send)


@asynccontextmanager
async def running(app: FastAPI) -> AsyncIterator[FastAPI]:
    """Run the app's lifespan (engines, Redis, background listeners) around a block."""
    async with app.router.lifespan_context(app):
        yield app


def client_for(
    app: ASGIApp,
    session: AsyncSession | None = None,
    *,
    client_ip: str = "127.0.0.1",
    **kwargs: Any,
) -> httpx.AsyncClient:
    target: ASGIApp = SessionInjectingApp(app, session) if session is not None else app
    transport = httpx.ASGITransport(app=target, client=(client_ip, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver", **kwargs)


class TokenMinter:
    """Mints real signed access tokens that a service verifies with the matching public key."""

    def __init__(
        self, key: SigningKey, *, issuer: str = DEFAULT_ISSUER, audience: str = DEFAULT_AUDIENCE
    ) -> None:
        self.key = key
        self.issuer = issuer
        self.audience = audience

    def token(
        self,
        organization_id: uuid.UUID | None,
        roles: Iterable[str] = ("owner",),
        user_id: uuid.UUID | None = None,
        lifetime: timedelta = timedelta(minutes=30),
    ) -> str:
        claims = access_claims(
            issuer=self.issuer,
            audience=self.audience,
            user_id=user_id or uuid.uuid4(),
            organization_id=organization_id,
            roles=roles,
            session_id=uuid.uuid4(),
            lifetime=lifetime,
        )
        return sign_token(claims, self.key)

    def headers(self, organization_id: uuid.UUID | None, *roles: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(organization_id, roles or ('owner',))}"}


@contextmanager
def celery_test_worker(
    app: Celery, queues: Iterable[str], *, concurrency: int = 4
) -> Iterator[None]:
    """A real Celery worker (thread pool) in this process, consuming ``queues``."""
    from celery.contrib.testing.worker import start_worker

    with start_worker(
        app,
        pool="threads",
        concurrency=concurrency,
        perform_ping_check=False,
        queues=list(queues),
        shutdown_timeout=10,
    ):
        yield


def redeclare_queues(app: Celery) -> None:
    """Declare the app's queues again: a FLUSHDB by another suite drops the broker's bindings."""
    with app.connection_for_write() as connection:
        channel = connection.default_channel
        for queue in app.amqp.queues.values():
            queue.bind(channel).declare()

"""Service-credential fixtures: the verifier reads the test's transaction, platform tokens."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from fluxkit.testing import SessionInjectingApp
from inkpass.service_principals.service import ensure_service_credential


@pytest.fixture(autouse=True)
def verifier_sees_test_data(inkpass_app: FastAPI, db: AsyncSession) -> Iterator[None]:
    """The service verifier opens its own sessions; here they join the test's transaction."""
    verifier = inkpass_app.state.service_verifier
    verifier.session_factory = async_sessionmaker(
        bind=db.bind, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    yield
    verifier.session_factory = None


@pytest.fixture
async def tentacle_token(db: AsyncSession) -> str:
    token = await ensure_service_credential(db, "tentacle")
    assert token is not None
    await db.commit()
    return token


@pytest.fixture
def inkpass_transport(inkpass_app: FastAPI, db: AsyncSession) -> httpx.AsyncBaseTransport:
    """What another service's HTTP client uses to reach this InkPass (same transaction)."""
    return httpx.ASGITransport(
        app=SessionInjectingApp(inkpass_app, db), client=("127.0.0.1", 40001)
    )


@pytest.fixture
async def counted_transport(
    inkpass_transport: httpx.AsyncBaseTransport,
) -> AsyncIterator[CountingTransport]:
    transport = CountingTransport(inkpass_transport)
    yield transport


class CountingTransport(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.paths: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(request.url.path)
        return await self.inner.handle_async_request(request)

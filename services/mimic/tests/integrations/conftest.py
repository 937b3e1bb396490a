"""Integration fixtures: local Discord, Slack and GitHub servers, a webhook receiver, a stand-in
for Tentacle's trigger endpoint, the Mimic app pointed at them, and a real Celery worker."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from mimic_test_fakes.helpers import Tokens
from saas import FakeDiscord, FakeGitHub, FakeSlack, FakeWebhookReceiver
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.auth import Authenticator
from fluxkit.celery import run_async
from fluxkit.redis import create_redis
from fluxkit.testing import (
    celery_test_worker,
    client_for,
    redeclare_queues,
    rolled_back_session,
    running,
)
from mimic.app import create_app
from mimic.settings import MimicSettings

OUTBOUND_SECRET = "outbound-signing-secret-0123456789"

Json = dict[str, Any]
MakeIntegration = Callable[..., Awaitable[Json]]


@pytest.fixture(scope="session")
def discord() -> Iterator[FakeDiscord]:
    with FakeDiscord() as fake:
        yield fake  # type: ignore[misc]


@pytest.fixture(scope="session")
def slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake  # type: ignore[misc]


@pytest.fixture(scope="session")
def github() -> Iterator[FakeGitHub]:
    with FakeGitHub() as fake:
        yield fake  # type: ignore[misc]


@pytest.fixture(scope="session")
def receiver() -> Iterator[FakeWebhookReceiver]:
    with FakeWebhookReceiver(secret=OUTBOUND_SECRET) as fake:
        yield fake  # type: ignore[misc]


@pytest.fixture(scope="session")
def tentacle() -> Iterator[FakeWebhookReceiver]:
    """Tentacle's ``POST /api/v1/triggers/events``: 202 for a new event id, 200 for a repeat."""
    fake = FakeWebhookReceiver(status=202, dedupe_field="id")
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def hooks_settings(
    mimic_settings: MimicSettings,
    discord: FakeDiscord,
    slack: FakeSlack,
    github: FakeGitHub,
    tentacle: FakeWebhookReceiver,
) -> MimicSettings:
    return mimic_settings.model_copy(
        update={
            "devmail_enabled": False,
            "tentacle_url": tentacle.url,
            "discord_api_url": discord.url,
            "slack_api_url": slack.url,
            "github_api_url": github.url,
            "integrations_allow_networks": ["127.0.0.0/8"],
            "integrations_timeout_seconds": 8.0,
            "relay_retry_base_seconds": 0.1,
            "relay_retry_max_seconds": 0.4,
            "relay_max_attempts": 40,
            "action_retry_base_seconds": 0.05,
            "action_retry_max_seconds": 0.4,
            "action_max_attempts": 4,
        }
    )


@pytest.fixture(scope="session")
async def hooks_app(
    hooks_settings: MimicSettings, authenticator: Authenticator
) -> AsyncIterator[FastAPI]:
    redis = create_redis(hooks_settings.redis_url)
    async for key in redis.scan_iter(match="*mimic.integrations*"):
        await redis.delete(key)
    await redis.aclose()
    app = create_app(hooks_settings, authenticator=authenticator)
    async with running(app):
        yield app


@pytest.fixture(scope="module")
def integrations_worker(hooks_app: FastAPI) -> Iterator[None]:
    """A real Celery worker on Mimic's queues, its runtime built from this suite's settings."""
    from mimic import celery_app as runtime_module
    from mimic.celery_app import QUEUES, celery_app, close_worker_runtime, configure
    from mimic.integrations import tasks

    settings: MimicSettings = hooks_app.state.settings
    previous = runtime_module._settings
    configure(settings)
    run_async(tasks.close_integration_runtime())
    run_async(close_worker_runtime())
    with celery_test_worker(celery_app, QUEUES, concurrency=4):
        yield
    run_async(tasks.close_integration_runtime())
    run_async(close_worker_runtime())
    if previous is not None:
        configure(previous)


@pytest.fixture
def hooks_worker(integrations_worker: None) -> None:
    from mimic.celery_app import celery_app

    redeclare_queues(celery_app)


@pytest.fixture
async def hooks_db(hooks_app: FastAPI) -> AsyncIterator[AsyncSession]:
    async with rolled_back_session(hooks_app.state.engine) as session:
        yield session


@pytest.fixture
async def api(hooks_app: FastAPI, hooks_db: AsyncSession) -> AsyncIterator[AsyncClient]:
    """Requests inside a transaction rolled back after the test."""
    async with client_for(hooks_app, hooks_db, client_ip="203.0.113.7") as http:
        yield http


@pytest.fixture
async def live_api(hooks_app: FastAPI) -> AsyncIterator[AsyncClient]:
    """Requests that commit for real (the worker sees what they wrote)."""
    async with client_for(hooks_app, client_ip="203.0.113.7") as http:
        yield http


@pytest.fixture
def user() -> uuid.UUID:
    return uuid.uuid4()


@pytest.fixture
def admin(tokens: Tokens, org: uuid.UUID, user: uuid.UUID) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens.token(org, ('admin',), user_id=user)}"}


def credentials_for(
    provider: str,
    discord: FakeDiscord,
    slack: FakeSlack,
    github: FakeGitHub,
    receiver: FakeWebhookReceiver,
) -> Json:
    return {
        "discord": {
            "application_id": discord.application_id,
            "public_key": discord.public_key,
            "bot_token": discord.bot_token,
        },
        "slack": {"signing_secret": slack.signing_secret, "bot_token": slack.bot_token},
        "github": {"webhook_secret": github.webhook_secret, "token": github.token},
        "stripe": {"signing_secret": "whsec_stripe-endpoint-secret-42"},
        "custom": {
            "mode": "hmac",
            "secret": "inbound-shared-secret-9876",
            "header": "X-Signature",
            "signature_format": "sha256=hex",
            "outbound_url": f"{receiver.url}/incoming",
            "outbound_secret": OUTBOUND_SECRET,
        },
    }[provider]


def _maker(
    client: AsyncClient,
    headers: dict[str, str],
    discord: FakeDiscord,
    slack: FakeSlack,
    github: FakeGitHub,
    receiver: FakeWebhookReceiver,
) -> MakeIntegration:
    async def make(provider: str, name: str | None = None, **credentials: Any) -> Json:
        body = {
            "provider": provider,
            "name": name or f"{provider} test",
            "credentials": {
                **credentials_for(provider, discord, slack, github, receiver),
                **credentials,
            },
        }
        response = await client.post("/api/v1/integrations", headers=headers, json=body)
        assert response.status_code == 201, response.text
        created: Json = response.json()
        return created

    return make


@pytest.fixture
def make_integration(
    api: AsyncClient,
    admin: dict[str, str],
    discord: FakeDiscord,
    slack: FakeSlack,
    github: FakeGitHub,
    receiver: FakeWebhookReceiver,
) -> MakeIntegration:
    return _maker(api, admin, discord, slack, github, receiver)


@pytest.fixture
def make_live_integration(
    live_api: AsyncClient,
    admin: dict[str, str],
    discord: FakeDiscord,
    slack: FakeSlack,
    github: FakeGitHub,
    receiver: FakeWebhookReceiver,
) -> MakeIntegration:
    return _maker(live_api, admin, discord, slack, github, receiver)


async def eventually(
    probe: Callable[[], Awaitable[Any]], timeout: float = 15.0, interval: float = 0.05
) -> Any:
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        last = await probe()
        if last:
            return last
        await asyncio.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s (last: {last!r})")


@pytest.fixture
def wait_until() -> Callable[..., Awaitable[Any]]:
    return eventually

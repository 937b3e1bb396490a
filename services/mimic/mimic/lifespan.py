"""Mimic's runtime: authentication, the delivery enqueuer, and the dev mail catcher."""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

import anyio
from fastapi import FastAPI

from fluxkit.auth import Authenticator
from fluxkit.auth.remote import remote_authenticator as kit_remote_authenticator
from mimic import celery_app
from mimic.devmail.catcher import MailCatcher
from mimic.settings import MimicSettings

logger = logging.getLogger(__name__)

JWT_ISSUER = "fluxos-inkpass"
JWT_AUDIENCE = "fluxos"


async def _enqueue(notification_id: uuid.UUID) -> None:
    from mimic.notifications.tasks import enqueue_delivery

    await anyio.to_thread.run_sync(enqueue_delivery, notification_id)


@asynccontextmanager
async def remote_authenticator(app: FastAPI, settings: MimicSettings) -> AsyncIterator[None]:
    """Verifies InkPass's tokens, API keys and service credentials, as every service does."""
    async with AsyncExitStack() as stack:
        app.state.authenticator = await kit_remote_authenticator(
            app,
            stack,
            inkpass_url=settings.inkpass_url,
            service_token=settings.service_token.get_secret_value(),
            issuer=JWT_ISSUER,
            audience=JWT_AUDIENCE,
        )
        yield


@asynccontextmanager
async def dev_mail(app: FastAPI, settings: MimicSettings) -> AsyncIterator[None]:
    app.state.mail_catcher = None
    if not settings.devmail_active:
        yield
        return
    catcher = MailCatcher(
        settings.devmail_host, settings.devmail_port, settings.devmail_max_messages
    )
    try:
        await anyio.to_thread.run_sync(catcher.start)
    except (OSError, RuntimeError, TimeoutError) as exc:
        logger.warning(
            "dev mail catcher not started on %s:%s: %s",
            settings.devmail_host,
            settings.devmail_port,
            exc,
        )
        yield
        return
    app.state.mail_catcher = catcher
    logger.info("dev mail catcher listening on %s:%s", settings.devmail_host, settings.devmail_port)
    try:
        yield
    finally:
        await anyio.to_thread.run_sync(catcher.stop)


def lifespan_for(authenticator: Authenticator | None):  # type: ignore[no-untyped-def]
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        settings: MimicSettings = app.state.settings
        celery_app.configure(settings)
        app.state.enqueue_delivery = _enqueue
        async with AsyncExitStack() as stack:
            if authenticator is not None:
                app.state.authenticator = authenticator
            else:
                await stack.enter_async_context(remote_authenticator(app, settings))
            await stack.enter_async_context(dev_mail(app, settings))
            yield

    return lifespan

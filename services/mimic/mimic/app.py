"""Mimic app: notifications, templates, providers, provider events (and dev mail)."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from fluxkit.app import create_service_app
from fluxkit.auth import Authenticator
from mimic.devmail.endpoints import router as devmail_router
from mimic.devmail.endpoints import short_router as devmail_short_router
from mimic.integrations.endpoints import router as integrations_router
from mimic.integrations.hooks import router as hooks_router
from mimic.lifespan import lifespan_for
from mimic.notifications.endpoints import router as notifications_router
from mimic.provider_events.endpoints import router as provider_events_router
from mimic.providers.endpoints import router as providers_router
from mimic.settings import MimicSettings, get_settings
from mimic.suppressions.endpoints import router as suppressions_router
from mimic.templates.endpoints import router as templates_router

# Order matters: fixed paths under /api/v1/notifications/ (provider, suppressions, dev mail)
# come before /api/v1/notifications/{notification_id}.
ROUTERS: tuple[APIRouter, ...] = (
    # Inbound webhooks first: the busiest public path is matched before the rest is scanned.
    hooks_router,
    providers_router,
    suppressions_router,
    devmail_router,
    devmail_short_router,
    notifications_router,
    templates_router,
    provider_events_router,
    integrations_router,
)


def create_app(
    settings: MimicSettings | None = None, *, authenticator: Authenticator | None = None
) -> FastAPI:
    settings = settings or get_settings()
    return create_service_app(
        "mimic",
        settings,
        list(ROUTERS),
        title="Mimic",
        description="fluxos notifications: email delivery with tracking, templates, providers.",
        extra_lifespan=lifespan_for(authenticator),
    )

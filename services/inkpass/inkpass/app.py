"""InkPass app: every domain's router under the API map's InkPass prefixes."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from fluxkit.app import create_service_app
from inkpass.accounts.endpoints import router as accounts_router
from inkpass.api_keys.endpoints import router as api_keys_router
from inkpass.audit.endpoints import router as audit_router
from inkpass.auth.endpoints import router as auth_router
from inkpass.jwks.endpoints import router as jwks_router
from inkpass.lifespan import lifespan
from inkpass.oauth.endpoints import router as oauth_router
from inkpass.orgs.endpoints import router as orgs_router
from inkpass.policies.endpoints import router as policies_router
from inkpass.service_principals.endpoints import router as service_principals_router
from inkpass.sessions.endpoints import router as sessions_router
from inkpass.settings import InkPassSettings, get_settings
from inkpass.totp.endpoints import router as totp_router
from inkpass.users.endpoints import router as users_router

ROUTERS: tuple[APIRouter, ...] = (
    auth_router,
    accounts_router,
    sessions_router,
    totp_router,
    oauth_router,
    users_router,
    orgs_router,
    api_keys_router,
    policies_router,
    service_principals_router,
    audit_router,
    jwks_router,
)


def create_app(settings: InkPassSettings | None = None) -> FastAPI:
    settings = settings or get_settings()
    return create_service_app(
        "inkpass",
        settings,
        list(ROUTERS),
        title="InkPass",
        description="fluxos identity and access: organizations, users, tokens, API keys, 2FA, ABAC.",
        extra_lifespan=lifespan,
    )

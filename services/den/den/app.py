"""Den app: files, folders and public downloads under the API map's Den prefixes."""

from __future__ import annotations

import importlib
from importlib.util import find_spec

from fastapi import APIRouter, FastAPI

from den.runtime import den_lifespan
from den.settings import DenSettings, get_settings
from den.storage import StorageBackend
from fluxkit.app import create_service_app
from fluxkit.auth import Authenticator

# Each domain package contributes ``endpoints.router`` (and ``models`` when it has tables).
DOMAINS = ("den.files", "den.folders", "den.quotas", "den.public")


def domain_routers() -> list[APIRouter]:
    routers: list[APIRouter] = []
    for domain in DOMAINS:
        module_name = f"{domain}.endpoints"
        if find_spec(module_name) is None:
            continue
        routers.append(importlib.import_module(module_name).router)
    return routers


def create_app(
    settings: DenSettings | None = None,
    *,
    authenticator: Authenticator | None = None,
    storage: StorageBackend | None = None,
) -> FastAPI:
    """The Den app; tests inject an authenticator and a storage backend."""
    settings = settings or get_settings()
    return create_service_app(
        "den",
        settings,
        domain_routers(),
        title="Den",
        description="fluxos files: uploads, folders, quotas, signed downloads, storage backends.",
        extra_lifespan=den_lifespan(authenticator, storage),
    )

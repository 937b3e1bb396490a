"""``/.well-known/jwks.json``, ``/.well-known/openid-configuration`` and key rotation."""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response

from fluxkit.app import flux_router
from fluxkit.auth.deps import CurrentUser
from fluxkit.db import SessionDep, after_commit
from fluxkit.errors import Forbidden
from inkpass.audit.service import record
from inkpass.jwks import schemas, service
from inkpass.jwks.models import SigningKeyRecord
from inkpass.settings import InkPassSettings

router = flux_router(tags=["signing keys"])

JWKS_CACHE_CONTROL = "public, max-age=60"


def _settings(request: Request) -> InkPassSettings:
    settings: InkPassSettings = request.app.state.settings
    return settings


def _read(record: SigningKeyRecord) -> schemas.SigningKey:
    return schemas.SigningKey(
        kid=record.kid,
        algorithm=record.algorithm,
        status=record.status,
        activated_at=record.activated_at,
        retired_at=record.retired_at,
    )


@router.get("/.well-known/jwks.json")
async def jwks(request: Request, response: Response, session: SessionDep) -> dict[str, Any]:
    """Public keys that verify InkPass access tokens (active and recently retired)."""
    response.headers["Cache-Control"] = JWKS_CACHE_CONTROL
    return await service.jwks_document(session, _settings(request))


@router.get("/.well-known/openid-configuration", response_model=schemas.OpenIdConfiguration)
async def openid_configuration(request: Request, response: Response) -> Any:
    """Discovery document: the token issuer and where its keys are published."""
    settings = _settings(request)
    base = settings.public_base_url.rstrip("/")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return schemas.OpenIdConfiguration(
        issuer=settings.jwt_issuer,
        jwks_uri=f"{base}/.well-known/jwks.json",
        token_endpoint=f"{base}/api/v1/auth/refresh",
        id_token_signing_alg_values_supported=[settings.jwt_algorithm],
        subject_types_supported=["public"],
        response_types_supported=["token"],
    )


@router.post("/api/v1/auth/signing-keys/rotate", response_model=schemas.SigningKeyRotation)
async def rotate_signing_key(
    request: Request,
    session: SessionDep,
    principal: CurrentUser,
) -> Any:
    """Retire the active signing key and start signing with a new one (owners only)."""
    if principal.kind != "user" or "owner" not in principal.roles:
        raise Forbidden("only an organization owner, signed in, can rotate signing keys")
    settings = _settings(request)
    store: service.SigningKeyStore = request.app.state.signing_keys
    if store.shared_secret or store.keyring is None:
        raise service.SharedSecretMode()
    created, key, previous = await service.rotate(
        session, keyring=store.keyring, algorithm=settings.jwt_algorithm, reason="on request"
    )
    await record(
        session,
        "signing_key.rotated",
        request=request,
        organization_id=principal.organization_id,
        actor_user_id=principal.user_id,
        target_type="signing_key",
        target_id=created.kid,
        details={
            "algorithm": created.algorithm,
            "retired_kid": previous.kid if previous else None,
        },
    )
    after_commit(session, lambda: store.adopt(key))
    return schemas.SigningKeyRotation(
        active=_read(created), retired=_read(previous) if previous else None
    )

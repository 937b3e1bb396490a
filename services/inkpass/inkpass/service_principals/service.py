"""Service credentials: provisioning, the owner's admin API, and verification.

A token alone authenticates the service. With ``X-Fluxos-On-Behalf-Of: <user>:<organization>``
the principal becomes that user's (role, groups and attributes from their membership, read now),
so every decision downstream is made on the user; a user who is not a member is a 403.
"""

from __future__ import annotations

import uuid

from fastapi import Request
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.auth.deps import SERVICE_TOKEN_PREFIX
from fluxkit.auth.principal import Principal
from fluxkit.auth.service_tokens import (
    generate_service_token,
    hash_service_token,
    parse_on_behalf_of,
    service_principal_to_json,
)
from fluxkit.db import utcnow
from fluxkit.errors import BadRequest, Forbidden, NotFound, Unauthorized
from inkpass.audit.service import record
from inkpass.orgs.service import get_membership
from inkpass.service_principals import schemas
from inkpass.service_principals.models import ServiceCredential
from inkpass.users.models import User

PREFIX_LENGTH = 12


class InvalidServiceToken(Unauthorized):
    def __init__(self) -> None:
        super().__init__("invalid or revoked service token")


class NotActingForMember(Forbidden):
    pass


class ServiceCredentialNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("service credential not found")


def _new_row(
    name: str, organization_id: uuid.UUID | None, created_by: uuid.UUID | None
) -> tuple[ServiceCredential, str]:
    token = generate_service_token()
    row = ServiceCredential(
        name=name,
        organization_id=organization_id,
        token_hash=hash_service_token(token),
        token_prefix=token[:PREFIX_LENGTH],
        created_by_user_id=created_by,
    )
    return row, token


async def ensure_service_credential(session: AsyncSession, name: str) -> str | None:
    """Provision the platform service ``name``; its token is returned only when just created.

    The launcher calls this at start for tentacle, mimic and den. A second call (or a second
    launcher racing the first) finds the live credential and returns ``None``.
    """
    await session.execute(
        text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": f"inkpass.service:{name}"}
    )
    existing = await session.scalar(
        select(ServiceCredential.id).where(
            ServiceCredential.name == name,
            ServiceCredential.organization_id.is_(None),
            ServiceCredential.revoked_at.is_(None),
        )
    )
    if existing is not None:
        return None
    row, token = _new_row(name, None, None)
    session.add(row)
    await session.flush()
    await record(
        session,
        "service_credential.provisioned",
        actor_kind="service",
        target_type="service_credential",
        target_id=row.id,
        details={"name": name},
    )
    return token


async def register_service_credential(session: AsyncSession, name: str, token: str) -> bool:
    """Make ``token`` the live credential of platform service ``name`` (configured deployments).

    The launcher (or a deployment's ``INKPASS_SERVICE_CREDENTIALS``) generates each service's
    token; InkPass keeps only its hash. A different token for the same name replaces the old one,
    which is how a deployment rotates it. Returns whether anything changed.
    """
    if not token.startswith(SERVICE_TOKEN_PREFIX) or len(token) < 24:
        raise BadRequest(f"the service token configured for {name!r} is malformed")
    await session.execute(
        text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": f"inkpass.service:{name}"}
    )
    digest = hash_service_token(token)
    live = (
        await session.scalars(
            select(ServiceCredential).where(
                ServiceCredential.name == name,
                ServiceCredential.organization_id.is_(None),
                ServiceCredential.revoked_at.is_(None),
            )
        )
    ).all()
    if any(row.token_hash == digest for row in live) and len(live) == 1:
        return False
    now = utcnow()
    for row in live:
        row.revoked_at = now
    row = ServiceCredential(
        name=name,
        organization_id=None,
        token_hash=digest,
        token_prefix=token[:PREFIX_LENGTH],
        created_by_user_id=None,
    )
    session.add(row)
    await session.flush()
    await record(
        session,
        "service_credential.provisioned",
        actor_kind="system",
        target_type="service_credential",
        target_id=row.id,
        details={"name": name, "replaced": len(live)},
    )
    return True


async def create_credential(
    session: AsyncSession,
    *,
    principal: Principal,
    organization_id: uuid.UUID,
    data: schemas.ServiceCredentialCreate,
    request: Request,
) -> tuple[ServiceCredential, str]:
    row, token = _new_row(data.name, organization_id, principal.user_id)
    session.add(row)
    await session.flush()
    await record(
        session,
        "service_credential.created",
        request=request,
        organization_id=organization_id,
        actor_user_id=principal.user_id,
        actor_kind=principal.kind,
        target_type="service_credential",
        target_id=row.id,
        details={"name": row.name, "prefix": row.token_prefix},
    )
    return row, token


async def list_credentials(
    session: AsyncSession, organization_id: uuid.UUID
) -> list[ServiceCredential]:
    rows = await session.scalars(
        select(ServiceCredential)
        .where(ServiceCredential.organization_id == organization_id)
        .order_by(ServiceCredential.created_at.desc(), ServiceCredential.id)
    )
    return list(rows)


async def revoke_credential(
    session: AsyncSession,
    *,
    principal: Principal,
    organization_id: uuid.UUID,
    credential_id: uuid.UUID,
    request: Request,
) -> ServiceCredential:
    row = await session.get(ServiceCredential, credential_id)
    if row is None or row.organization_id != organization_id:
        raise ServiceCredentialNotFound()
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        await session.flush()
        await record(
            session,
            "service_credential.revoked",
            request=request,
            organization_id=organization_id,
            actor_user_id=principal.user_id,
            actor_kind=principal.kind,
            target_type="service_credential",
            target_id=row.id,
            details={"name": row.name},
        )
    return row


async def credential_for(session: AsyncSession, token: str) -> ServiceCredential | None:
    if len(token) > 200:
        return None
    return await session.scalar(
        select(ServiceCredential).where(
            ServiceCredential.token_hash == hash_service_token(token),
            ServiceCredential.revoked_at.is_(None),
        )
    )


async def authenticate(session: AsyncSession, token: str, on_behalf_of: str | None) -> Principal:
    """The principal a service token (and optional on-behalf-of header) stands for."""
    credential = await credential_for(session, token)
    if credential is None:
        raise InvalidServiceToken()
    if on_behalf_of is None:
        return Principal(
            kind="service",
            user_id=None,
            organization_id=credential.organization_id,
            service=credential.name,
        )
    user_id, organization_id = parse_on_behalf_of(on_behalf_of)
    if credential.organization_id not in (None, organization_id):
        raise NotActingForMember("this service credential belongs to another organization")
    membership = await get_membership(session, user_id=user_id, organization_id=organization_id)
    active = await session.scalar(
        select(func.count()).select_from(User).where(User.id == user_id, User.is_active.is_(True))
    )
    if membership is None or not active:
        raise NotActingForMember("the user is not an active member of that organization")
    return Principal(
        kind="service",
        user_id=user_id,
        organization_id=organization_id,
        roles=frozenset({membership.role}),
        service=credential.name,
        groups=frozenset(membership.groups or ()),
        attributes=dict(membership.attributes or {}),
    )


async def introspect(
    session: AsyncSession, data: schemas.ServiceTokenIntrospect
) -> schemas.ServiceTokenIntrospection:
    credential = await credential_for(session, data.token)
    if credential is None:
        return schemas.ServiceTokenIntrospection(active=False, detail="invalid or revoked")
    try:
        principal = await authenticate(session, data.token, data.on_behalf_of)
    except (Forbidden, BadRequest) as refusal:
        return schemas.ServiceTokenIntrospection(
            active=True, allowed=False, detail=refusal.message, service=credential.name
        )
    return schemas.ServiceTokenIntrospection(
        active=True,
        allowed=True,
        service=credential.name,
        principal=service_principal_to_json(principal),
    )

"""API-key rules: who may create and revoke, what a key may do, how a key is recognised."""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from fastapi import Request
from redis.asyncio import Redis
from sqlalchemy import Update, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from fluxkit.auth.api_keys import (
    REVOCATION_KIND,
    ApiKeyPrincipal,
    display_prefix,
    generate_api_key,
    hash_api_key,
    parse_api_key_id,
)
from fluxkit.auth.principal import Principal
from fluxkit.db import after_commit, unit_of_work
from fluxkit.errors import Forbidden, NotFound
from inkpass.api_keys import schemas
from inkpass.api_keys.models import ApiKey
from inkpass.audit import service as audit
from inkpass.orgs.models import Membership
from inkpass.users.models import User

logger = logging.getLogger(__name__)

CREATOR_ROLES = frozenset({"owner", "admin", "member"})
MANAGER_ROLES = frozenset({"owner", "admin"})
LAST_USED_INTERVAL_SECONDS = 60


def revocation_ttl(settings: Any) -> int:
    """How long a revocation must be broadcast: longer than any cache could hold the key."""
    return int(max(settings.api_key_cache_seconds, 60) * 10)


class Revoker(Protocol):
    async def revoke(self, kind: str, id: str, ttl_seconds: int) -> None: ...


class ApiKeyNotFound(NotFound):
    pass


class ScopeNotHeld(Forbidden):
    pass


def to_schema(row: ApiKey) -> schemas.ApiKey:
    return schemas.ApiKey(
        id=row.id,
        name=row.name,
        prefix=display_prefix(row.key_id),
        scopes=list(row.scopes),
        created_by=row.created_by_user_id,
        created_at=row.created_at,
        expires_at=row.expires_at,
        last_used_at=row.last_used_at,
        revoked_at=row.revoked_at,
    )


def scope_covered(held: frozenset[str], wanted: str) -> bool:
    """Whether a key holding ``held`` may hand out ``wanted`` (wildcards only from wildcards)."""
    if "*" in held:
        return True
    if wanted == "*":
        return False
    resource, _, action = wanted.partition(":")
    if f"{resource}:*" in held:
        return True
    return action != "*" and wanted in held


async def create_api_key(
    session: AsyncSession,
    *,
    principal: Principal,
    data: schemas.ApiKeyCreate,
    request: Request | None = None,
) -> tuple[ApiKey, str]:
    """Create a key for the caller's organization; returns the row and the full key (once)."""
    organization_id = principal.require_organization()
    user_id = principal.require_user()
    if not principal.roles & CREATOR_ROLES:
        raise Forbidden("viewers cannot create API keys")
    if principal.kind == "api_key":
        missing = [scope for scope in data.scopes if not scope_covered(principal.scopes, scope)]
        if missing:
            raise ScopeNotHeld(f"an API key cannot grant scopes it lacks: {', '.join(missing)}")
    key, key_id = generate_api_key()
    row = ApiKey(
        organization_id=organization_id,
        created_by_user_id=user_id,
        name=data.name,
        key_id=key_id,
        key_hash=hash_api_key(key),
        scopes=data.scopes,
        expires_at=data.expires_at,
    )
    session.add(row)
    await session.flush()
    await audit.record(
        session,
        "api_key.created",
        request=request,
        organization_id=organization_id,
        actor_user_id=user_id,
        actor_kind=principal.kind,
        target_type="api_key",
        target_id=row.id,
        details={"name": row.name, "prefix": display_prefix(key_id), "scopes": row.scopes},
    )
    return row, key


async def list_api_keys(session: AsyncSession, organization_id: uuid.UUID) -> list[ApiKey]:
    result = await session.scalars(
        select(ApiKey)
        .where(ApiKey.organization_id == organization_id)
        .order_by(ApiKey.created_at.desc(), ApiKey.id)
    )
    return list(result)


async def get_api_key(
    session: AsyncSession, *, organization_id: uuid.UUID, api_key_id: uuid.UUID
) -> ApiKey:
    row: ApiKey | None = await session.scalar(
        select(ApiKey).where(ApiKey.id == api_key_id, ApiKey.organization_id == organization_id)
    )
    if row is None:
        raise ApiKeyNotFound("API key not found")
    return row


async def revoke_api_key(
    session: AsyncSession,
    *,
    principal: Principal,
    api_key_id: uuid.UUID,
    revocations: Revoker | None,
    revocation_ttl_seconds: int,
    request: Request | None = None,
) -> ApiKey:
    """Revoke (idempotent); the revocation is broadcast to every service after commit."""
    organization_id = principal.require_organization()
    user_id = principal.require_user()
    row = await get_api_key(session, organization_id=organization_id, api_key_id=api_key_id)
    if row.created_by_user_id != user_id and not principal.roles & MANAGER_ROLES:
        raise Forbidden("only the key's creator or an organization admin can revoke it")
    if row.revoked_at is not None:
        return row
    row.revoked_at = datetime.now(UTC)
    row.revoked_by_user_id = user_id
    await session.flush()
    await audit.record(
        session,
        "api_key.revoked",
        request=request,
        organization_id=organization_id,
        actor_user_id=user_id,
        actor_kind=principal.kind,
        target_type="api_key",
        target_id=row.id,
        details={"name": row.name, "prefix": display_prefix(row.key_id)},
    )
    if revocations is not None:
        revoked_id = str(row.id)

        async def broadcast() -> None:
            await revocations.revoke(REVOCATION_KIND, revoked_id, revocation_ttl_seconds)

        after_commit(session, broadcast)
    return row


async def introspect(session: AsyncSession, key: str) -> ApiKeyPrincipal | None:
    """The principal a key acts as right now, or ``None`` (unknown, revoked, expired, orphaned).

    Roles, groups and attributes come from the creator's membership as it is now, so a key
    never outranks the person who made it.
    """
    key_id = parse_api_key_id(key)
    if key_id is None:
        return None
    row = await session.scalar(select(ApiKey).where(ApiKey.key_hash == hash_api_key(key)))
    if row is None or row.key_id != key_id or row.revoked_at is not None:
        return None
    if row.expires_at is not None and row.expires_at <= datetime.now(UTC):
        return None
    found = (
        await session.execute(
            select(Membership, User)
            .join(User, User.id == Membership.user_id)
            .where(
                Membership.user_id == row.created_by_user_id,
                Membership.organization_id == row.organization_id,
            )
        )
    ).first()
    if found is None:
        return None
    membership, user = found
    if not user.is_active:
        return None
    return ApiKeyPrincipal(
        kind="api_key",
        user_id=row.created_by_user_id,
        organization_id=row.organization_id,
        roles=frozenset({membership.role}),
        scopes=frozenset(row.scopes),
        api_key_id=row.id,
        groups=frozenset(membership.groups or ()),
        attributes=dict(membership.attributes or {}),
        expires_at=row.expires_at,
    )


async def _elected_to_record_use(redis: Redis, api_key_id: uuid.UUID) -> bool:
    # One writer per key per minute across all processes: a Redis ``SET NX EX`` elects it.
    elected = await redis.set(
        f"fluxos:api_key:last_used:{api_key_id}", b"1", nx=True, ex=LAST_USED_INTERVAL_SECONDS
    )
    return bool(elected)


def _mark_used(api_key_id: uuid.UUID) -> Update:
    return (
        update(ApiKey)
        .where(ApiKey.id == api_key_id)
        .values(last_used_at=datetime.now(UTC))
        .execution_options(synchronize_session=False)
    )


async def touch_last_used(
    redis: Redis,
    session_factory: async_sessionmaker[AsyncSession],
    api_key_id: uuid.UUID,
) -> bool:
    """Record use at most once a minute per key, in a short transaction of its own.

    It runs while authenticating, outside the request's transaction, so it never holds a row
    lock for a whole request. A failure is logged and swallowed: bookkeeping must not fail the
    caller's request.
    """
    try:
        if not await _elected_to_record_use(redis, api_key_id):
            return False
        async with unit_of_work(session_factory) as session:
            await session.execute(_mark_used(api_key_id))
        return True
    except Exception:
        logger.exception("could not record API-key use", extra={"api_key_id": str(api_key_id)})
        return False


async def touch_last_used_in(session: AsyncSession, redis: Redis, api_key_id: uuid.UUID) -> None:
    """Same, inside ``session`` (introspection requests do nothing else with the database)."""
    if await _elected_to_record_use(redis, api_key_id):
        await session.execute(_mark_used(api_key_id))


async def republish_revocations(
    session_factory: async_sessionmaker[AsyncSession], revocations: Revoker, settings: Any
) -> int:
    """Broadcast again the revocations some cache might still need (Redis may have lost them);
    Postgres remembers every one. Returns how many were re-published."""
    ttl = revocation_ttl(settings)
    now = datetime.now(UTC)
    async with unit_of_work(session_factory) as session:
        rows = (
            await session.execute(
                select(ApiKey.id, ApiKey.revoked_at).where(
                    ApiKey.revoked_at > now - timedelta(seconds=ttl)
                )
            )
        ).all()
    count = 0
    for api_key_id, revoked_at in rows:
        remaining = ttl - int((now - revoked_at).total_seconds()) if revoked_at else 0
        if remaining > 0:
            await revocations.revoke(REVOCATION_KIND, str(api_key_id), remaining)
            count += 1
    return count

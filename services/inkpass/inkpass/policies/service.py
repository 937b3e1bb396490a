"""Organization policies: CRUD (admins and owners, audited, caches told after commit) and
decisions for the caller, evaluated with the same kit evaluator every service uses."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from fastapi import Request
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit import abac
from fluxkit.auth.authorize import valid_ip
from fluxkit.auth.principal import Principal
from fluxkit.db import after_commit
from fluxkit.errors import Conflict, Forbidden, NotFound
from inkpass.audit.service import record
from inkpass.orgs.service import access, get_membership
from inkpass.policies import schemas
from inkpass.policies.models import AccessPolicy

RULE_FIELDS = ("effect", "principal", "actions", "resource_type", "resource", "context", "priority")


class PolicyNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("policy not found")


class PolicyNameTaken(Conflict):
    def __init__(self) -> None:
        super().__init__("the organization already has a policy with this name")


class NotAMember(Forbidden):
    def __init__(self) -> None:
        super().__init__("the caller is no longer a member of this organization")


def to_schema(row: AccessPolicy) -> schemas.Policy:
    return schemas.Policy.model_validate(row, from_attributes=True)


def to_abac(row: AccessPolicy) -> abac.Policy:
    return abac.Policy(
        id=str(row.id),
        organization_id=row.organization_id,
        name=row.name,
        description=row.description,
        **{field: getattr(row, field) for field in RULE_FIELDS},
    )


def _rules_json(rules: abac.PolicyRules) -> dict[str, Any]:
    return rules.model_dump(mode="json", include=set(RULE_FIELDS))


async def require_policy_admin(session: AsyncSession, principal: Principal) -> uuid.UUID:
    """The caller's organization, when the caller is one of its admins or owners."""
    organization_id = principal.require_organization()
    await access(session, principal, organization_id, "admin")
    return organization_id


async def list_policies(session: AsyncSession, organization_id: uuid.UUID) -> list[AccessPolicy]:
    rows = await session.scalars(
        select(AccessPolicy)
        .where(AccessPolicy.organization_id == organization_id)
        .order_by(AccessPolicy.priority.desc(), AccessPolicy.name)
    )
    return list(rows)


async def enabled_policies(session: AsyncSession, organization_id: uuid.UUID) -> list[abac.Policy]:
    rows = await session.scalars(
        select(AccessPolicy).where(
            AccessPolicy.organization_id == organization_id, AccessPolicy.enabled.is_(True)
        )
    )
    return [to_abac(row) for row in rows]


async def get_policy(
    session: AsyncSession, organization_id: uuid.UUID, policy_id: uuid.UUID
) -> AccessPolicy:
    row = await session.get(AccessPolicy, policy_id)
    if row is None or row.organization_id != organization_id:
        raise PolicyNotFound()
    return row


def _announce_change(session: AsyncSession, request: Request, organization_id: uuid.UUID) -> None:
    redis = request.app.state.redis

    async def publish() -> None:
        await abac.publish_policy_change(redis, organization_id)

    after_commit(session, publish)


async def _flush_unique(session: AsyncSession, row: AccessPolicy) -> None:
    try:
        async with session.begin_nested():
            session.add(row)
            await session.flush()
    except IntegrityError as exc:
        raise PolicyNameTaken() from exc


async def _name_taken(
    session: AsyncSession, organization_id: uuid.UUID, name: str, exclude: uuid.UUID | None = None
) -> bool:
    query = select(AccessPolicy.id).where(
        AccessPolicy.organization_id == organization_id, AccessPolicy.name == name
    )
    if exclude is not None:
        query = query.where(AccessPolicy.id != exclude)
    return await session.scalar(query) is not None


async def create_policy(
    session: AsyncSession,
    *,
    principal: Principal,
    organization_id: uuid.UUID,
    data: schemas.PolicyCreate,
    request: Request,
) -> AccessPolicy:
    if await _name_taken(session, organization_id, data.name):
        raise PolicyNameTaken()
    row = AccessPolicy(
        organization_id=organization_id,
        name=data.name,
        description=data.description,
        enabled=data.enabled,
        created_by_user_id=principal.user_id,
        **_rules_json(data),
    )
    await _flush_unique(session, row)
    await record(
        session,
        "policy.created",
        request=request,
        organization_id=organization_id,
        actor_user_id=principal.user_id,
        actor_kind=principal.kind,
        target_type="policy",
        target_id=row.id,
        details={"name": row.name, "effect": row.effect, "actions": row.actions},
    )
    _announce_change(session, request, organization_id)
    return row


async def update_policy(
    session: AsyncSession,
    *,
    principal: Principal,
    row: AccessPolicy,
    data: schemas.PolicyUpdate,
    request: Request,
) -> AccessPolicy:
    changes = data.model_dump(exclude_unset=True)
    for field in [name for name, value in changes.items() if value is None]:
        # Explicit nulls are "leave as is": every column here has a value.
        changes.pop(field)
    if not changes:
        return row
    if "name" in changes and await _name_taken(
        session, row.organization_id, changes["name"], exclude=row.id
    ):
        raise PolicyNameTaken()
    current = {field: getattr(row, field) for field in RULE_FIELDS}
    rules = abac.PolicyRules.model_validate(
        {**current, **{key: value for key, value in changes.items() if key in RULE_FIELDS}}
    )
    for field, value in _rules_json(rules).items():
        setattr(row, field, value)
    for field in ("name", "description", "enabled"):
        if field in changes:
            setattr(row, field, changes[field])
    await _flush_unique(session, row)
    await record(
        session,
        "policy.updated",
        request=request,
        organization_id=row.organization_id,
        actor_user_id=principal.user_id,
        actor_kind=principal.kind,
        target_type="policy",
        target_id=row.id,
        details={"name": row.name, "fields": sorted(changes)},
    )
    _announce_change(session, request, row.organization_id)
    return row


async def delete_policy(
    session: AsyncSession, *, principal: Principal, row: AccessPolicy, request: Request
) -> None:
    await session.delete(row)
    await session.flush()
    await record(
        session,
        "policy.deleted",
        request=request,
        organization_id=row.organization_id,
        actor_user_id=principal.user_id,
        actor_kind=principal.kind,
        target_type="policy",
        target_id=row.id,
        details={"name": row.name},
    )
    _announce_change(session, request, row.organization_id)


def role_templates() -> list[schemas.RoleTemplate]:
    return [
        schemas.RoleTemplate(role=role, policies=list(policies))
        for role, policies in abac.ROLE_TEMPLATES.items()
    ]


async def access_principal(session: AsyncSession, principal: Principal) -> abac.AccessPrincipal:
    """The caller as ABAC sees it: role, groups and attributes read fresh from the membership."""
    organization_id = principal.require_organization()
    membership = await get_membership(
        session, user_id=principal.require_user(), organization_id=organization_id
    )
    if membership is None:
        raise NotAMember()
    return abac.AccessPrincipal(
        kind=principal.kind,
        user_id=principal.user_id,
        organization_id=organization_id,
        roles=frozenset({membership.role}),
        groups=frozenset(membership.groups or ()),
        attributes=dict(membership.attributes or {}),
        scopes=principal.scopes,
        service=principal.service,
    )


async def decide(
    session: AsyncSession,
    *,
    principal: Principal,
    queries: Sequence[schemas.AuthorizeQuery],
    client_ip: str | None,
) -> list[abac.Decision]:
    subject = await access_principal(session, principal)
    assert subject.organization_id is not None
    compiled = abac.compile_policies(await enabled_policies(session, subject.organization_id))
    now = datetime.now(UTC)
    decisions = []
    for query in queries:
        request = abac.AccessRequest(
            principal=subject,
            action=query.action,
            resource_type=query.resource_type,
            resource=query.resource,
            context=abac.AccessContext(
                ip=str(query.context.ip) if query.context.ip else valid_ip(client_ip),
                time=query.context.time or now,
            ),
        )
        decisions.append(compiled.evaluate(request))
    return decisions

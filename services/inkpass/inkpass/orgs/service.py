"""Organizations and the access check every organization endpoint starts with.

Roles rank owner > admin > member > viewer. Access checks read the membership from the database
(not the token's claims, which may be minutes old), and an organization the caller does not
belong to is a 404 like one that does not exist.
"""

from __future__ import annotations

import re
import secrets
import uuid

from fastapi import Request
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.auth.principal import Principal
from fluxkit.errors import Forbidden, NotFound
from inkpass.audit.service import record
from inkpass.orgs import schemas
from inkpass.orgs.models import Membership, Organization
from inkpass.sessions.models import LoginSession
from inkpass.sessions.service import revocations_from, revoke_session
from inkpass.users.models import User

ROLE_RANK = {"owner": 4, "admin": 3, "member": 2, "viewer": 1}


class OrganizationNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("organization not found")


class InsufficientRole(Forbidden):
    pass


async def end_sessions_in(
    session: AsyncSession,
    request: Request,
    *,
    organization_id: uuid.UUID,
    user_ids: list[uuid.UUID],
    reason: str,
) -> int:
    """Sign users out of one organization now: their tokens there carry roles they lost."""
    if not user_ids:
        return 0
    logins = list(
        await session.scalars(
            select(LoginSession).where(
                LoginSession.organization_id == organization_id,
                LoginSession.user_id.in_(user_ids),
                LoginSession.revoked_at.is_(None),
            )
        )
    )
    for login in logins:
        await revoke_session(
            session,
            login,
            reason=reason,
            revocations=revocations_from(request),
            settings=request.app.state.settings,
        )
    return len(logins)


def at_least(role: str, minimum: str) -> bool:
    return ROLE_RANK.get(role, 0) >= ROLE_RANK[minimum]


def _slug_base(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60].strip("-")
    return slug or "org"


async def _free_slug(session: AsyncSession, name: str) -> str:
    base = _slug_base(name)
    candidate = base
    while await session.scalar(select(Organization.id).where(Organization.slug == candidate)):
        candidate = f"{base}-{secrets.token_hex(3)}"
    return candidate


async def create_organization(
    session: AsyncSession, *, name: str, owner: User, request: Request | None = None
) -> tuple[Organization, Membership]:
    """A new organization with ``owner`` as its first owner (audited)."""
    organization = Organization(name=name.strip(), slug=await _free_slug(session, name))
    session.add(organization)
    await session.flush()
    membership = Membership(
        organization_id=organization.id, user_id=owner.id, role="owner", groups=[], attributes={}
    )
    session.add(membership)
    await session.flush()
    await record(
        session,
        "org.created",
        request=request,
        organization_id=organization.id,
        actor_user_id=owner.id,
        target_type="organization",
        target_id=organization.id,
        details={"name": organization.name},
    )
    return organization, membership


async def get_membership(
    session: AsyncSession, *, user_id: uuid.UUID, organization_id: uuid.UUID
) -> Membership | None:
    return (
        await session.execute(
            select(Membership).where(
                Membership.user_id == user_id, Membership.organization_id == organization_id
            )
        )
    ).scalar_one_or_none()


async def default_membership(session: AsyncSession, user_id: uuid.UUID) -> Membership | None:
    """The user's oldest membership: where a sign-in lands when no organization is named."""
    return (
        await session.execute(
            select(Membership)
            .where(Membership.user_id == user_id)
            .order_by(Membership.created_at, Membership.id)
            .limit(1)
        )
    ).scalar_one_or_none()


async def access(
    session: AsyncSession,
    principal: Principal,
    organization_id: uuid.UUID,
    minimum: str = "viewer",
    *,
    lock: bool = False,
) -> tuple[Organization, Membership]:
    """The organization and the caller's membership; 404 for outsiders, 403 below ``minimum``."""
    if principal.kind != "user" and principal.organization_id != organization_id:
        # API keys and services act inside the one organization they are bound to.
        raise OrganizationNotFound()
    query = (
        select(Organization, Membership)
        .join(Membership, Membership.organization_id == Organization.id)
        .where(Organization.id == organization_id, Membership.user_id == principal.require_user())
    )
    if lock:
        # Serialises role changes in one organization, so two owners cannot demote each other
        # at the same moment and leave it ownerless.
        query = query.with_for_update(of=Organization)
    row = (await session.execute(query)).one_or_none()
    if row is None:
        raise OrganizationNotFound()
    organization, membership = row
    if not at_least(membership.role, minimum):
        raise InsufficientRole(f"this needs the {minimum} role or higher")
    return organization, membership


def to_schema(organization: Organization, role: str | None = None) -> schemas.Organization:
    return schemas.Organization(
        id=organization.id,
        name=organization.name,
        slug=organization.slug,
        created_at=organization.created_at,
        role=role,
    )


async def list_my_organizations(
    session: AsyncSession, principal: Principal
) -> list[schemas.Organization]:
    query = (
        select(Organization, Membership.role)
        .join(Membership, Membership.organization_id == Organization.id)
        .where(Membership.user_id == principal.require_user())
        .order_by(Membership.created_at, Organization.id)
    )
    if principal.kind != "user":
        query = query.where(Organization.id == principal.organization_id)
    return [to_schema(org, role) for org, role in (await session.execute(query)).all()]


async def update_organization(
    session: AsyncSession,
    organization: Organization,
    data: schemas.OrganizationUpdate,
    *,
    actor_id: uuid.UUID,
    request: Request,
) -> Organization:
    changes = data.model_dump(exclude_unset=True, exclude_none=True)
    if "name" in changes:
        organization.name = changes["name"].strip()
    await session.flush()
    if changes:
        await record(
            session,
            "org.updated",
            request=request,
            organization_id=organization.id,
            actor_user_id=actor_id,
            target_type="organization",
            target_id=organization.id,
            details={"changes": changes},
        )
    return organization


async def delete_organization(
    session: AsyncSession, organization: Organization, *, actor_id: uuid.UUID, request: Request
) -> list[uuid.UUID]:
    """Delete the organization (memberships and invitations go with it); returns the members."""
    members = list(
        (
            await session.scalars(
                select(Membership.user_id).where(Membership.organization_id == organization.id)
            )
        ).all()
    )
    await record(
        session,
        "org.deleted",
        request=request,
        organization_id=organization.id,
        actor_user_id=actor_id,
        target_type="organization",
        target_id=organization.id,
        details={"name": organization.name, "members": len(members)},
    )
    await end_sessions_in(
        session,
        request,
        organization_id=organization.id,
        user_ids=members,
        reason="organization_deleted",
    )
    await session.execute(delete(Organization).where(Organization.id == organization.id))
    await session.flush()
    return members

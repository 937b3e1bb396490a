"""Members of an organization: listing, adding (or inviting), roles, removal and leaving.

Admins manage members and admins; only owners grant, change or remove the owner role; anyone
may leave; an organization never loses its last owner.
"""

from __future__ import annotations

import uuid

from fastapi import Request
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.errors import Conflict, NotFound
from inkpass.audit.service import record
from inkpass.orgs import schemas
from inkpass.orgs.invitations import create_invitation
from inkpass.orgs.models import Membership, Organization
from inkpass.orgs.service import ROLE_RANK, InsufficientRole, at_least, end_sessions_in
from inkpass.users.models import User
from inkpass.users.service import get_user_by_email


class MemberNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("member not found")


class AlreadyMember(Conflict):
    def __init__(self) -> None:
        super().__init__("this user is already a member of the organization")


class LastOwner(Conflict):
    def __init__(self) -> None:
        super().__init__("an organization keeps at least one owner; make someone else owner first")


async def list_members(session: AsyncSession, organization_id: uuid.UUID) -> list[schemas.Member]:
    rows = await session.execute(
        select(Membership, User)
        .join(User, User.id == Membership.user_id)
        .where(Membership.organization_id == organization_id)
        .order_by(Membership.created_at, Membership.id)
    )
    return [member_schema(membership, user) for membership, user in rows.all()]


def member_schema(membership: Membership, user: User) -> schemas.Member:
    return schemas.Member(
        user_id=user.id,
        email=user.email,
        display_name=user.display_name,
        role=membership.role,
        joined_at=membership.created_at,
    )


async def add_member(
    session: AsyncSession,
    *,
    organization: Organization,
    actor: Membership,
    data: schemas.MemberCreate,
    invitation_days: int,
    request: Request,
) -> tuple[schemas.MemberAdded, User | None, str | None]:
    """Add an existing user, or invite an unknown address.

    Returns the answer, the added user (to notify) and the invitation token (to email).
    """
    if data.role == "owner" and actor.role != "owner":
        raise InsufficientRole("only owners can grant the owner role")
    user = await get_user_by_email(session, data.email)
    if user is not None:
        membership = Membership(
            organization_id=organization.id,
            user_id=user.id,
            role=data.role,
            groups=[],
            attributes={},
        )
        try:
            async with session.begin_nested():
                session.add(membership)
                await session.flush()
        except IntegrityError as exc:
            raise AlreadyMember() from exc
        await record(
            session,
            "org.member_added",
            target_type="user",
            target_id=user.id,
            details={"role": data.role},
            request=request,
            organization_id=organization.id,
            actor_user_id=actor.user_id,
        )
        added = schemas.MemberAdded(status="added", member=member_schema(membership, user))
        return added, user, None

    invitation, token = await create_invitation(
        session,
        organization_id=organization.id,
        email=data.email,
        role=data.role,
        invited_by=actor.user_id,
        days=invitation_days,
        request=request,
    )
    invited = schemas.MemberAdded(
        status="invited", invitation=schemas.Invitation.model_validate(invitation)
    )
    return invited, None, token


async def _member(
    session: AsyncSession, organization_id: uuid.UUID, user_id: uuid.UUID
) -> tuple[Membership, User]:
    row = (
        await session.execute(
            select(Membership, User)
            .join(User, User.id == Membership.user_id)
            .where(Membership.organization_id == organization_id, Membership.user_id == user_id)
        )
    ).one_or_none()
    if row is None:
        raise MemberNotFound()
    return row[0], row[1]


async def _other_owners(
    session: AsyncSession, organization_id: uuid.UUID, user_id: uuid.UUID
) -> int:
    return len(
        (
            await session.scalars(
                select(Membership.id).where(
                    Membership.organization_id == organization_id,
                    Membership.role == "owner",
                    Membership.user_id != user_id,
                )
            )
        ).all()
    )


async def change_role(
    session: AsyncSession,
    *,
    organization: Organization,
    actor: Membership,
    user_id: uuid.UUID,
    role: str,
    request: Request,
) -> schemas.Member:
    """Admins manage members and admins; only owners grant or take away the owner role."""
    target, user = await _member(session, organization.id, user_id)
    if role == "owner" and actor.role != "owner":
        raise InsufficientRole("only owners can grant the owner role")
    if target.role == "owner" and actor.role != "owner":
        raise InsufficientRole("only owners can change an owner's role")
    demoting_owner = target.role == "owner" and role != "owner"
    if demoting_owner and await _other_owners(session, organization.id, user_id) == 0:
        raise LastOwner()
    previous = target.role
    target.role = role
    await session.flush()
    if ROLE_RANK[role] < ROLE_RANK[previous]:
        # A demotion takes effect at once, not when the tokens expire.
        await end_sessions_in(
            session, request, organization_id=organization.id, user_ids=[user_id], reason="demoted"
        )
    if previous != role:
        await record(
            session,
            "org.member_role_changed",
            request=request,
            organization_id=organization.id,
            actor_user_id=actor.user_id,
            target_type="user",
            target_id=user_id,
            details={"from": previous, "to": role},
        )
    return member_schema(target, user)


async def remove_member(
    session: AsyncSession,
    *,
    organization: Organization,
    actor: Membership,
    user_id: uuid.UUID,
    request: Request,
) -> None:
    """Admins remove others (owners only by owners); anyone may leave, except the last owner."""
    leaving = user_id == actor.user_id
    target, _ = await _member(session, organization.id, user_id)
    if not leaving:
        if not at_least(actor.role, "admin"):
            raise InsufficientRole("this needs the admin role or higher")
        if target.role == "owner" and actor.role != "owner":
            raise InsufficientRole("only owners can remove an owner")
    if target.role == "owner" and await _other_owners(session, organization.id, user_id) == 0:
        raise LastOwner()
    await session.delete(target)
    await session.flush()
    await end_sessions_in(
        session,
        request,
        organization_id=organization.id,
        user_ids=[user_id],
        reason="left_organization" if leaving else "removed_from_organization",
    )
    await record(
        session,
        "org.member_left" if leaving else "org.member_removed",
        request=request,
        organization_id=organization.id,
        actor_user_id=actor.user_id,
        target_type="user",
        target_id=user_id,
        details={"role": target.role},
    )

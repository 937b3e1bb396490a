"""Invitations: a token emailed to an address with no account; accepting it adds the member."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import timedelta

from fastapi import Request
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.db import utcnow
from fluxkit.errors import Forbidden, Gone, NotFound
from inkpass.audit.service import record
from inkpass.orgs import schemas
from inkpass.orgs.models import Invitation, Membership, Organization
from inkpass.users.models import User
from inkpass.users.service import mark_email_verified, normalize


class InvitationNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("invitation not found")


class InvitationUnusable(Gone):
    def __init__(self, why: str) -> None:
        super().__init__(f"this invitation {why}")


class InvitationForAnotherAddress(Forbidden):
    def __init__(self) -> None:
        super().__init__("this invitation was sent to another email address")


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def create_invitation(
    session: AsyncSession,
    *,
    organization_id: uuid.UUID,
    email: str,
    role: str,
    invited_by: uuid.UUID,
    days: int,
    request: Request,
) -> tuple[Invitation, str]:
    """A new invitation (replacing pending ones for the address); returns it and its token."""
    email = normalize(email)
    now = utcnow()
    await session.execute(
        update(Invitation)
        .where(
            Invitation.organization_id == organization_id,
            Invitation.email == email,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .values(revoked_at=now)
    )
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        organization_id=organization_id,
        email=email,
        role=role,
        token_hash=_token_digest(token),
        invited_by_user_id=invited_by,
        expires_at=now + timedelta(days=days),
    )
    session.add(invitation)
    await session.flush()
    await record(
        session,
        "org.member_invited",
        target_type="invitation",
        target_id=invitation.id,
        details={"role": role, "email": email},
        request=request,
        organization_id=organization_id,
        actor_user_id=invited_by,
    )
    return invitation, token


async def list_invitations(
    session: AsyncSession, organization_id: uuid.UUID
) -> list[schemas.Invitation]:
    rows = await session.scalars(
        select(Invitation)
        .where(
            Invitation.organization_id == organization_id,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
            Invitation.expires_at > utcnow(),
        )
        .order_by(Invitation.created_at)
    )
    return [schemas.Invitation.model_validate(row) for row in rows.all()]


async def revoke_invitation(
    session: AsyncSession,
    *,
    organization_id: uuid.UUID,
    invitation_id: uuid.UUID,
    actor_id: uuid.UUID,
    request: Request,
) -> None:
    invitation = (
        await session.execute(
            select(Invitation).where(
                Invitation.id == invitation_id, Invitation.organization_id == organization_id
            )
        )
    ).scalar_one_or_none()
    if invitation is None or invitation.accepted_at is not None:
        raise InvitationNotFound()
    if invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
        await session.flush()
        await record(
            session,
            "org.invitation_revoked",
            request=request,
            organization_id=organization_id,
            actor_user_id=actor_id,
            target_type="invitation",
            target_id=invitation.id,
        )


async def accept_invitation(
    session: AsyncSession, *, user: User, token: str, request: Request
) -> tuple[Organization, Membership]:
    """Join with a token from an invitation email sent to the caller's own address."""
    invitation = (
        await session.execute(
            select(Invitation)
            .where(Invitation.token_hash == _token_digest(token))
            .with_for_update()
        )
    ).scalar_one_or_none()
    if invitation is None:
        raise InvitationNotFound()
    if invitation.revoked_at is not None:
        raise InvitationUnusable("was withdrawn")
    if invitation.accepted_at is not None:
        raise InvitationUnusable("was already used")
    if invitation.expires_at <= utcnow():
        raise InvitationUnusable("has expired")
    if normalize(user.email) != invitation.email:
        raise InvitationForAnotherAddress()
    organization = await session.get(Organization, invitation.organization_id)
    if organization is None:
        raise InvitationNotFound()
    membership = (
        await session.execute(
            select(Membership).where(
                Membership.user_id == user.id, Membership.organization_id == organization.id
            )
        )
    ).scalar_one_or_none()
    if membership is None:
        membership = Membership(
            organization_id=organization.id,
            user_id=user.id,
            role=invitation.role,
            groups=[],
            attributes={},
        )
        session.add(membership)
    invitation.accepted_at = utcnow()
    invitation.accepted_by_user_id = user.id
    # The token reached this mailbox, which proves the address as well as a code would.
    mark_email_verified(user)
    await session.flush()
    await record(
        session,
        "org.invitation_accepted",
        request=request,
        organization_id=organization.id,
        actor_user_id=user.id,
        target_type="invitation",
        target_id=invitation.id,
        details={"role": membership.role},
    )
    return organization, membership

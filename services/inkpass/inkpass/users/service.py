"""Users: lookup by address, creation, profile, and the email change flow."""

from __future__ import annotations

import uuid

from fastapi import Request
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.auth.principal import Principal
from fluxkit.db import utcnow
from fluxkit.errors import Conflict, Unauthorized
from inkpass.audit.service import record
from inkpass.orgs.models import Membership, Organization
from inkpass.users import schemas
from inkpass.users.models import User


class EmailTaken(Conflict):
    def __init__(self) -> None:
        super().__init__("an account with this email address already exists")


def normalize(email: str) -> str:
    return email.strip().lower()


async def get_user_by_email(session: AsyncSession, email: str) -> User | None:
    return (
        await session.execute(select(User).where(func.lower(User.email) == normalize(email)))
    ).scalar_one_or_none()


async def get_user(session: AsyncSession, user_id: uuid.UUID) -> User | None:
    return await session.get(User, user_id)


async def current_user(session: AsyncSession, principal: Principal) -> User:
    """The caller's user row; a deleted or deactivated user is no longer signed in."""
    user = await session.get(User, principal.require_user())
    if user is None or not user.is_active:
        raise Unauthorized("this account is not active")
    return user


async def create_user(
    session: AsyncSession, *, email: str, password_hash: str | None, display_name: str
) -> User:
    if await get_user_by_email(session, email) is not None:
        raise EmailTaken()
    user = User(
        email=normalize(email),
        display_name=display_name.strip(),
        password_hash=password_hash,
        password_changed_at=utcnow() if password_hash else None,
        is_active=True,
        totp_enabled=False,
    )
    try:
        # Two registrations of one address racing past the lookup: the unique index decides.
        async with session.begin_nested():
            session.add(user)
            await session.flush()
    except IntegrityError as exc:
        raise EmailTaken() from exc
    return user


def to_schema(user: User) -> schemas.User:
    return schemas.User(
        id=user.id,
        email=user.email,
        display_name=user.display_name,
        email_verified=user.email_verified_at is not None,
        email_verified_at=user.email_verified_at,
        totp_enabled=user.totp_enabled,
        has_password=user.password_hash is not None,
        created_at=user.created_at,
    )


async def update_profile(
    session: AsyncSession, user: User, data: schemas.UserUpdate, *, request: Request
) -> User:
    changes = data.model_dump(exclude_unset=True, exclude_none=True)
    if "display_name" in changes:
        user.display_name = changes["display_name"].strip()
    await session.flush()
    if changes:
        await record(
            session,
            "user.profile_updated",
            request=request,
            actor_user_id=user.id,
            target_type="user",
            target_id=user.id,
            details={"fields": sorted(changes)},
        )
    return user


def mark_email_verified(user: User) -> bool:
    """Record that the user proved they read this mailbox; True when it was news."""
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
        return True
    return False


async def my_organizations(
    session: AsyncSession, user_id: uuid.UUID
) -> list[schemas.MyOrganization]:
    rows = await session.execute(
        select(Organization, Membership)
        .join(Membership, Membership.organization_id == Organization.id)
        .where(Membership.user_id == user_id)
        .order_by(Membership.created_at, Organization.id)
    )
    return [
        schemas.MyOrganization(
            id=org.id,
            name=org.name,
            slug=org.slug,
            role=membership.role,
            joined_at=membership.created_at,
        )
        for org, membership in rows.all()
    ]

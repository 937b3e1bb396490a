"""Test data for InkPass: users, organizations, memberships, and signed-in clients.

Rows are committed in the test's ``db`` session: inside the test's outer transaction that only
releases a savepoint, so they stay until the test ends, visible to the API (the ``client``
fixture shares the session) and safe from a failing request rolling back its own work.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.db import utcnow
from inkpass.orgs.models import Membership, Organization
from inkpass.passwords import hash_password
from inkpass.users.models import User

DEFAULT_PASSWORD = "correct horse battery staple"


@lru_cache(maxsize=32)
def password_hash(password: str) -> str:
    # argon2 is slow on purpose; tests reuse one hash per password.
    return hash_password(password)


def unique_email(prefix: str = "user") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}@example.com"


async def make_org(db: AsyncSession, *, name: str | None = None) -> Organization:
    suffix = uuid.uuid4().hex[:8]
    org = Organization(name=name or f"Org {suffix}", slug=f"org-{suffix}")
    db.add(org)
    await db.commit()
    return org


async def add_member(
    db: AsyncSession,
    user: User,
    org: Organization,
    *,
    role: str = "member",
    groups: list[str] | None = None,
) -> Membership:
    membership = Membership(
        organization_id=org.id, user_id=user.id, role=role, groups=groups or [], attributes={}
    )
    db.add(membership)
    await db.commit()
    return membership


async def make_user(
    db: AsyncSession,
    *,
    email: str | None = None,
    password: str | None = DEFAULT_PASSWORD,
    role: str = "owner",
    org: Organization | None = None,
    totp_enabled: bool = False,
    is_active: bool = True,
    display_name: str = "Test User",
) -> tuple[User, Organization, Membership]:
    """A verified user with a password, member of ``org`` (a new organization by default)."""
    user = User(
        email=(email or unique_email()).lower(),
        display_name=display_name,
        password_hash=password_hash(password) if password is not None else None,
        email_verified_at=utcnow(),
        password_changed_at=utcnow(),
        is_active=is_active,
        totp_enabled=totp_enabled,
    )
    db.add(user)
    await db.flush()
    org = org or await make_org(db)
    membership = await add_member(db, user, org, role=role)
    return user, org, membership


def auth_headers(access_token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {access_token}"}


async def login(
    client: AsyncClient,
    email: str,
    password: str = DEFAULT_PASSWORD,
    *,
    organization_id: uuid.UUID | None = None,
) -> dict[str, Any]:
    """Sign in through the API and return the token pair (asserts success)."""
    body: dict[str, Any] = {"email": email, "password": password}
    if organization_id is not None:
        body["organization_id"] = str(organization_id)
    response = await client.post("/api/v1/auth/login", json=body)
    assert response.status_code == 200, response.text
    tokens: dict[str, Any] = response.json()
    assert "access_token" in tokens, tokens
    return tokens


@dataclass
class SignedIn:
    user: User
    org: Organization
    membership: Membership
    tokens: dict[str, Any]
    # Plain copies: a failing request rolls back the shared session and expires ORM rows.
    user_id: uuid.UUID
    email: str
    organization_id: uuid.UUID

    @property
    def headers(self) -> dict[str, str]:
        return auth_headers(self.tokens["access_token"])


async def signed_in(
    client: AsyncClient, db: AsyncSession, *, role: str = "owner", **user_fields: Any
) -> SignedIn:
    """A new user (see :func:`make_user`) signed in through the login endpoint."""
    user, org, membership = await make_user(db, role=role, **user_fields)
    tokens = await login(client, user.email, user_fields.get("password", DEFAULT_PASSWORD))
    return SignedIn(user, org, membership, tokens, user.id, user.email, org.id)

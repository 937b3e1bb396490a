"""First-run seed: the first administrator and their organization.

Run by the launcher after migrations, outside the app (its own engine). Idempotent: once any
user exists it does nothing, so re-running never creates a second admin or resets a password.
"""

from __future__ import annotations

import secrets

from sqlalchemy import select, text

from fluxkit.db import create_engine, create_session_factory, unit_of_work, utcnow
from inkpass.audit.service import record
from inkpass.orgs.service import create_organization
from inkpass.passwords import check_password_policy, hash_password_async
from inkpass.service_principals.service import register_service_credential
from inkpass.settings import InkPassSettings, get_settings
from inkpass.users.models import User
from inkpass.users.service import normalize

# Two launchers seeding one database at once still create one admin (pg_advisory_xact_lock key).
_SEED_LOCK = 0x1F1A_5EED


def generate_password() -> str:
    """A strong random password (about 140 bits), shown once to whoever ran the seed."""
    return secrets.token_urlsafe(18)


async def seed(
    database_url: str, *, settings: InkPassSettings | None = None
) -> dict[str, str] | None:
    """Create the first admin and organization when there is no user yet.

    Returns ``{"email", "password"}`` only when it created them, ``None`` otherwise.
    """
    settings = settings or get_settings()
    configured = settings.seed_admin_password.get_secret_value()
    email = normalize(settings.seed_admin_email)
    if configured:
        check_password_policy(
            configured,
            email=email,
            min_length=settings.password_min_length,
            max_length=settings.password_max_length,
        )
    password = configured or generate_password()
    engine = create_engine(database_url, pool_size=1)
    try:
        async with unit_of_work(create_session_factory(engine)) as session:
            await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SEED_LOCK})
            for name, token in settings.service_credential_tokens().items():
                await register_service_credential(session, name, token)
            if await session.scalar(select(User.id).limit(1)) is not None:
                return None
            now = utcnow()
            user = User(
                email=email,
                display_name="Administrator",
                password_hash=await hash_password_async(password),
                email_verified_at=now,
                password_changed_at=now,
                is_active=True,
                totp_enabled=False,
            )
            session.add(user)
            await session.flush()
            organization, _ = await create_organization(
                session, name=settings.seed_organization_name, owner=user
            )
            await record(
                session,
                "user.seeded",
                organization_id=organization.id,
                actor_kind="system",
                actor_user_id=None,
                target_type="user",
                target_id=user.id,
                details={"email": email},
            )
    finally:
        await engine.dispose()
    return {"email": email, "password": password}

"""The first-run seed creates one admin and organization, once, even when run concurrently."""

import asyncio
from collections.abc import AsyncIterator

import pytest
from pydantic import SecretStr
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, create_async_engine

from fluxkit.testing import recreate_database, worker_number
from inkpass.all_models import load_models
from inkpass.audit.models import AuditEvent
from inkpass.orgs.models import Membership, Organization
from inkpass.passwords import WeakPassword, verify_password
from inkpass.seed import seed
from inkpass.settings import InkPassSettings
from inkpass.users.models import User


@pytest.fixture
async def empty_database(admin_database_url: str) -> AsyncIterator[tuple[str, AsyncEngine]]:
    url = await recreate_database(admin_database_url, f"test_inkpass_seed_{worker_number()}")
    engine = create_async_engine(url)
    async with engine.begin() as connection:
        await connection.run_sync(load_models().metadata.create_all)
    yield url, engine
    await engine.dispose()


async def count(engine: AsyncEngine, model: type) -> int:
    async with engine.connect() as connection:
        return int((await connection.execute(select(func.count()).select_from(model))).scalar_one())


async def test_seed_creates_the_first_admin_once(
    empty_database: tuple[str, AsyncEngine], inkpass_settings: InkPassSettings
) -> None:
    url, engine = empty_database
    settings = inkpass_settings.model_copy(
        update={"seed_admin_email": "Boss@Example.com", "seed_organization_name": "Acme"}
    )
    created = await seed(url, settings=settings)
    assert created is not None
    assert created["email"] == "boss@example.com"
    assert len(created["password"]) >= 20
    async with engine.connect() as connection:
        user = (await connection.execute(select(User))).one()
        assert verify_password(user.password_hash, created["password"])
        assert user.email_verified_at is not None
        organization = (await connection.execute(select(Organization))).one()
        assert organization.name == "Acme"
        membership = (await connection.execute(select(Membership))).one()
        assert (membership.user_id, membership.organization_id, membership.role) == (
            user.id,
            organization.id,
            "owner",
        )
        seeded = await connection.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "user.seeded")
        )
        assert seeded == 1
    # Running it again changes nothing and reveals nothing.
    assert await seed(url, settings=settings) is None
    assert await count(engine, User) == 1


async def test_concurrent_seeds_create_one_admin(
    empty_database: tuple[str, AsyncEngine], inkpass_settings: InkPassSettings
) -> None:
    url, engine = empty_database
    results = await asyncio.gather(*(seed(url, settings=inkpass_settings) for _ in range(3)))
    assert sum(result is not None for result in results) == 1
    assert await count(engine, User) == 1
    assert await count(engine, Organization) == 1


async def test_configured_password_is_used_and_must_be_strong(
    empty_database: tuple[str, AsyncEngine], inkpass_settings: InkPassSettings
) -> None:
    url, engine = empty_database
    weak = inkpass_settings.model_copy(update={"seed_admin_password": SecretStr("password")})
    with pytest.raises(WeakPassword):
        await seed(url, settings=weak)
    assert await count(engine, User) == 0
    chosen = "violet tractor singing under marble"
    strong = inkpass_settings.model_copy(update={"seed_admin_password": SecretStr(chosen)})
    created = await seed(url, settings=strong)
    assert created == {"email": "admin@fluxos.local", "password": chosen}


async def test_seed_registers_and_rotates_platform_service_credentials(
    empty_database: tuple[str, AsyncEngine], inkpass_settings: InkPassSettings
) -> None:
    from fluxkit.auth.service_tokens import generate_service_token
    from inkpass.service_principals.models import ServiceCredential
    from inkpass.service_principals.service import credential_for

    url, engine = empty_database
    mimic_token, den_token = generate_service_token(), generate_service_token()
    settings = inkpass_settings.model_copy(
        update={"service_credentials": SecretStr(f"mimic={mimic_token}, den={den_token}")}
    )
    await seed(url, settings=settings)
    await seed(url, settings=settings)  # a restart with the same tokens changes nothing
    async with AsyncSession(engine) as session:
        live = (
            await session.scalars(
                select(ServiceCredential).where(ServiceCredential.revoked_at.is_(None))
            )
        ).all()
        assert sorted(row.name for row in live) == ["den", "mimic"]
        assert all(mimic_token not in row.token_hash for row in live)
        assert (await credential_for(session, mimic_token)) is not None

    rotated = generate_service_token()
    settings = settings.model_copy(
        update={"service_credentials": SecretStr(f"mimic={rotated},den={den_token}")}
    )
    await seed(url, settings=settings)
    async with AsyncSession(engine) as session:
        assert (await credential_for(session, mimic_token)) is None
        assert (await credential_for(session, rotated)) is not None
        assert (await credential_for(session, den_token)) is not None


async def test_seed_refuses_a_malformed_service_token(
    empty_database: tuple[str, AsyncEngine], inkpass_settings: InkPassSettings
) -> None:
    from fluxkit.errors import BadRequest

    url, engine = empty_database
    settings = inkpass_settings.model_copy(
        update={"service_credentials": SecretStr("mimic=not-a-token")}
    )
    with pytest.raises(BadRequest, match="malformed"):
        await seed(url, settings=settings)
    assert await count(engine, User) == 0

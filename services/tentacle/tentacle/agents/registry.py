"""Reading and writing the agent registry (queries only; drafting lives in service.py)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from tentacle.agents.models import AgentDefinition
from tentacle.agents.spec import AgentSpec

# pg_advisory_xact_lock key: seeding processes started together take turns.
SEED_LOCK_KEY = 0x7E47AC1E


def spec_of(definition: AgentDefinition) -> AgentSpec:
    return AgentSpec.model_validate(definition.spec)


async def active_definitions(
    session: AsyncSession, organization_id: uuid.UUID | None
) -> list[AgentDefinition]:
    """Active definitions the organization sees: its own, and the system's it does not shadow."""
    rows = (
        await session.scalars(
            select(AgentDefinition).where(
                AgentDefinition.active.is_(True),
                or_(
                    AgentDefinition.organization_id.is_(None),
                    AgentDefinition.organization_id == organization_id,
                ),
            )
        )
    ).all()
    chosen: dict[str, AgentDefinition] = {}
    for row in rows:
        current = chosen.get(row.type)
        if current is None or (current.organization_id is None and row.organization_id):
            chosen[row.type] = row
    return [chosen[name] for name in sorted(chosen)]


async def active_definition(
    session: AsyncSession, organization_id: uuid.UUID | None, agent_type: str
) -> AgentDefinition | None:
    rows = (
        await session.scalars(
            select(AgentDefinition).where(
                AgentDefinition.type == agent_type,
                AgentDefinition.active.is_(True),
                or_(
                    AgentDefinition.organization_id.is_(None),
                    AgentDefinition.organization_id == organization_id,
                ),
            )
        )
    ).all()
    own = [row for row in rows if row.organization_id is not None]
    chosen = own or list(rows)
    return chosen[0] if chosen else None


async def get_agent_spec(
    session: AsyncSession, organization_id: uuid.UUID | None, agent_type: str
) -> AgentSpec | None:
    """The active spec of ``agent_type`` for the organization (its own, else the system's)."""
    definition = await active_definition(session, organization_id, agent_type)
    return spec_of(definition) if definition is not None else None


async def list_agent_specs(
    session: AsyncSession, organization_id: uuid.UUID | None
) -> list[AgentSpec]:
    """Every agent the organization may plan with, by type."""
    return [spec_of(row) for row in await active_definitions(session, organization_id)]


async def versions(
    session: AsyncSession, organization_id: uuid.UUID | None, agent_type: str
) -> list[AgentDefinition]:
    """Every version of the type the organization sees (its own and the system's), newest first."""
    return list(
        (
            await session.scalars(
                select(AgentDefinition)
                .where(
                    AgentDefinition.type == agent_type,
                    or_(
                        AgentDefinition.organization_id.is_(None),
                        AgentDefinition.organization_id == organization_id,
                    ),
                )
                .order_by(AgentDefinition.organization_id.is_(None), AgentDefinition.version.desc())
            )
        ).all()
    )


async def add_version(
    session: AsyncSession,
    spec: AgentSpec,
    *,
    organization_id: uuid.UUID | None,
    source: str,
    created_by_user_id: uuid.UUID | None = None,
    request: str | None = None,
) -> AgentDefinition:
    """Register ``spec`` as the next version of its type (for the organization or the system)
    and make it the active one."""
    owner = (
        AgentDefinition.organization_id.is_(None)
        if organization_id is None
        else AgentDefinition.organization_id == organization_id
    )
    latest = await session.scalar(
        select(func.max(AgentDefinition.version)).where(owner, AgentDefinition.type == spec.type)
    )
    await session.execute(
        update(AgentDefinition)
        .where(owner, AgentDefinition.type == spec.type, AgentDefinition.active.is_(True))
        .values(active=False)
    )
    definition = AgentDefinition(
        organization_id=organization_id,
        type=spec.type,
        version=(latest or 0) + 1,
        spec=spec.model_dump(mode="json"),
        fingerprint=spec.fingerprint(),
        active=True,
        source=source,
        created_by_user_id=created_by_user_id,
        request=request,
    )
    session.add(definition)
    await session.flush()
    return definition


@dataclass
class SeedReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)


async def seed_system_agents(session: AsyncSession, specs: list[AgentSpec]) -> SeedReport:
    """Make the system registry match ``specs``: new types are added, changed ones get a new
    version, types whose file is gone are deactivated. Idempotent; concurrent seeders take
    turns on an advisory lock."""
    await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SEED_LOCK_KEY})
    current = {
        row.type: row
        for row in (
            await session.scalars(
                select(AgentDefinition).where(
                    AgentDefinition.organization_id.is_(None), AgentDefinition.active.is_(True)
                )
            )
        ).all()
    }
    report = SeedReport()
    for spec in specs:
        existing = current.pop(spec.type, None)
        if existing is not None and existing.fingerprint == spec.fingerprint():
            report.unchanged.append(spec.type)
            continue
        await add_version(session, spec, organization_id=None, source="file")
        (report.updated if existing is not None else report.added).append(spec.type)
    for gone in current.values():
        gone.active = False
        report.retired.append(gone.type)
    await session.flush()
    return report

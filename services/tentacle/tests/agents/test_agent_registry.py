"""The registry: seeding follows the YAML files (idempotent, versioned), organizations see
their own agents over the system's, and nobody else's."""

from __future__ import annotations

import uuid
from pathlib import Path

import yaml
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tentacle.agents import load_agent_specs, parse_agent_spec
from tentacle.agents.models import AgentDefinition
from tentacle.agents.registry import (
    add_version,
    get_agent_spec,
    list_agent_specs,
    seed_system_agents,
    versions,
)
from tentacle.agents.service import seed_system_agents as seed_from_directory


def spec_dict(agent_type: str, **changes: object) -> dict[str, object]:
    spec: dict[str, object] = {
        "type": agent_type,
        "description": f"The {agent_type} test agent.",
        "input_schema": {"type": "object", "properties": {"text": {"type": "string"}}},
        "output_schema": {"type": "object", "properties": {"text": {"type": "string"}}},
        "prompt": "Repeat the text.",
    }
    spec.update(changes)
    return spec


def write(directory: Path, agent_type: str, **changes: object) -> None:
    (directory / f"{agent_type}.yaml").write_text(yaml.safe_dump(spec_dict(agent_type, **changes)))


async def system_rows(db: AsyncSession, agent_type: str) -> list[tuple[int, bool]]:
    rows = await db.scalars(
        select(AgentDefinition)
        .where(AgentDefinition.organization_id.is_(None), AgentDefinition.type == agent_type)
        .order_by(AgentDefinition.version)
    )
    return [(row.version, row.active) for row in rows]


async def test_seeding_is_idempotent_and_versions_changed_files(
    db: AsyncSession, tmp_path: Path
) -> None:
    write(tmp_path, "zz_echo")
    write(tmp_path, "zz_shout")
    first = await seed_from_directory(db, str(tmp_path))
    assert {"zz_echo", "zz_shout"} <= set(first.added)

    again = await seed_from_directory(db, str(tmp_path))
    assert again.added == [] and again.updated == [] and set(again.unchanged) >= {"zz_echo"}
    assert await system_rows(db, "zz_echo") == [(1, True)]

    write(tmp_path, "zz_echo", timeout_seconds=33)
    (tmp_path / "zz_shout.yaml").unlink()
    changed = await seed_from_directory(db, str(tmp_path))
    assert changed.updated == ["zz_echo"] and "zz_shout" in changed.retired
    assert await system_rows(db, "zz_echo") == [(1, False), (2, True)]
    assert await system_rows(db, "zz_shout") == [(1, False)]
    spec = await get_agent_spec(db, uuid.uuid4(), "zz_echo")
    assert spec is not None and spec.timeout_seconds == 33
    assert await get_agent_spec(db, uuid.uuid4(), "zz_shout") is None


async def test_the_shipped_agents_seed_into_the_registry(db: AsyncSession) -> None:
    report = await seed_system_agents(db, load_agent_specs())
    assert len(report.added) + len(report.unchanged) + len(report.updated) == 20
    listed = {spec.type for spec in await list_agent_specs(db, uuid.uuid4())}
    assert {"summarize", "noop", "notify", "data_scientist"} <= listed


async def test_an_organizations_agent_shadows_the_system_one_for_it_only(
    db: AsyncSession,
) -> None:
    await seed_system_agents(db, [parse_agent_spec(spec_dict("zz_tone"))])
    acme, other = uuid.uuid4(), uuid.uuid4()
    own = parse_agent_spec(spec_dict("zz_tone", prompt="Repeat the text, politely."))
    await add_version(db, own, organization_id=acme, source="drafted")
    newer = parse_agent_spec(spec_dict("zz_tone", prompt="Repeat the text, very politely."))
    second = await add_version(db, newer, organization_id=acme, source="drafted")

    assert second.version == 2
    acme_spec = await get_agent_spec(db, acme, "zz_tone")
    other_spec = await get_agent_spec(db, other, "zz_tone")
    assert acme_spec is not None and acme_spec.prompt == "Repeat the text, very politely."
    assert other_spec is not None and other_spec.prompt == "Repeat the text."
    assert [d.version for d in await versions(db, acme, "zz_tone")] == [2, 1, 1]
    assert [d.organization_id for d in await versions(db, other, "zz_tone")] == [None]
    assert [s.prompt for s in await list_agent_specs(db, acme) if s.type == "zz_tone"] == [
        "Repeat the text, very politely."
    ]

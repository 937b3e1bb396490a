"""Looking up the agent spec a step runs: the organisation's registry, else the YAML files."""

from __future__ import annotations

import time
import uuid
from functools import lru_cache

from sqlalchemy.ext.asyncio import AsyncSession

from tentacle.agents.loader import load_agent_specs
from tentacle.agents.spec import AgentSpec


@lru_cache(maxsize=4)
def _file_specs(directory: str) -> dict[str, AgentSpec]:
    return {spec.type: spec for spec in load_agent_specs(directory or None)}


CACHE_SECONDS = 5.0
"""A new agent version reaches running workers within this long."""

_cache: dict[tuple[uuid.UUID, str], tuple[float, AgentSpec | None]] = {}


async def agent_spec_for(
    session: AsyncSession, organization_id: uuid.UUID, agent_type: str
) -> AgentSpec | None:
    """The active spec of ``agent_type`` for the organisation (its own, else the system's),
    cached for a few seconds per process."""
    key = (organization_id, agent_type)
    now = time.monotonic()
    cached = _cache.get(key)
    if cached is not None and now - cached[0] < CACHE_SECONDS:
        return cached[1]
    spec = await _lookup(session, organization_id, agent_type)
    if len(_cache) > 10_000:
        _cache.clear()
    _cache[key] = (now, spec)
    return spec


async def _lookup(
    session: AsyncSession, organization_id: uuid.UUID, agent_type: str
) -> AgentSpec | None:
    from tentacle.agents.registry import get_agent_spec

    spec = await get_agent_spec(session, organization_id, agent_type)
    if spec is not None:
        return spec
    # Not seeded yet (a worker that started before the API): the system agents' files.
    from tentacle.runtime import current_settings

    directory = str(getattr(current_settings(), "agents_dir", "") or "")
    return _file_specs(directory).get(agent_type)

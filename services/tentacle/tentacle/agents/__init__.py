"""Subagent definitions: the strict spec model, the YAML loader and the registry."""

from tentacle.agents.loader import AgentSpecError, load_agent_specs, parse_agent_spec
from tentacle.agents.spec import RISKY_LEVELS, AgentSpec, CostHints

__all__ = [
    "RISKY_LEVELS",
    "AgentSpec",
    "AgentSpecError",
    "CostHints",
    "load_agent_specs",
    "parse_agent_spec",
]

"""Loading agent specs from the ``agents/`` directory of YAML files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from tentacle.agents.spec import AgentSpec

PACKAGED_DIR = Path(__file__).parent / "bundled"
"""Where a wheel build places a copy of the repository's ``agents/`` (installs without a checkout)."""


class AgentSpecError(ValueError):
    """An agent YAML file that cannot be used; the message names the file and the problem."""


def repository_agents_dir() -> Path | None:
    """``<repo>/agents`` when running from a checkout."""
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "agents"
        if (
            candidate.is_dir()
            and (parent / "pyproject.toml").is_file()
            and any(candidate.glob("*.yaml"))
        ):
            return candidate
    return None


def resolve_agents_dir(configured: Path | str | None = None) -> Path:
    """The configured directory, else the checkout's ``agents/``, else the packaged copy."""
    if configured:
        path = Path(configured)
        if not path.is_dir():
            raise AgentSpecError(f"the agents directory {path} does not exist")
        return path
    found = repository_agents_dir()
    if found is not None:
        return found
    if PACKAGED_DIR.is_dir():
        return PACKAGED_DIR
    raise AgentSpecError("no agents directory: set TENTACLE_AGENTS_DIR")


def parse_agent_spec(data: Any, *, source: str = "<spec>") -> AgentSpec:
    if not isinstance(data, dict):
        raise AgentSpecError(f"{source}: an agent file holds one mapping")
    try:
        return AgentSpec.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc']) or '(root)'}: {error['msg']}"
            for error in exc.errors()
        )
        raise AgentSpecError(f"{source}: {problems}") from exc


def load_agent_file(path: Path) -> AgentSpec:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise AgentSpecError(f"{path.name}: not valid YAML: {exc}") from exc
    spec = parse_agent_spec(data, source=path.name)
    if spec.type != path.stem:
        raise AgentSpecError(f"{path.name}: the file name must be the type ({spec.type}.yaml)")
    return spec


def load_agent_specs(directory: Path | str | None = None) -> list[AgentSpec]:
    """Every ``*.yaml`` agent of the directory, sorted by type; any bad file fails the load."""
    root = resolve_agents_dir(directory)
    specs = [load_agent_file(path) for path in sorted(root.glob("*.yaml"))]
    if not specs:
        raise AgentSpecError(f"{root} holds no agent files")
    return specs

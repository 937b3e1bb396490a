"""Where the checkout, the web build and the default data directory are."""

from __future__ import annotations

import os
from pathlib import Path

WEB_DIST_ENV = "FLUXOS_WEB_DIST"


def _is_workspace_root(path: Path) -> bool:
    pyproject = path / "pyproject.toml"
    try:
        return "[tool.uv.workspace]" in pyproject.read_text()
    except OSError:
        return False


def repo_root() -> Path:
    """The uv workspace root: the checkout holding this package, else the working directory's."""
    for start in (Path(__file__).resolve().parent, Path.cwd().resolve()):
        for candidate in (start, *start.parents):
            if _is_workspace_root(candidate):
                return candidate
    return Path.cwd().resolve()


def web_dist() -> Path:
    """The built web app (``web/dist``), overridable with ``FLUXOS_WEB_DIST``."""
    override = os.environ.get(WEB_DIST_ENV)
    return Path(override) if override else repo_root() / "web" / "dist"

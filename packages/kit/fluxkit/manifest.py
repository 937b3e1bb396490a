"""What a service tells the launcher about itself.

Each service package exposes ``MANIFEST`` in ``<service>/manifest.py``; the launcher imports
them to build the gateway, create databases, run migrations and seed. Kit only defines the shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class ServiceManifest:
    name: str
    """Short service name; also its database name and env prefix (upper-cased)."""
    app_factory: str
    """``module:function`` returning the service's FastAPI app (reads settings from env)."""
    prefixes: tuple[str, ...]
    """Path prefixes of the public API map that this service owns (the gateway routes them)."""
    migrations: Path
    """Alembic script location (folder with env.py and versions/)."""
    seed: str | None = None
    """Optional ``module:function`` (async, takes the service's database URL) run after migrations."""
    worker_queues: tuple[str, ...] = field(default_factory=tuple)
    """Celery queues this service's worker consumes (empty when it has no background work)."""
    celery_app: str | None = None
    """Module for ``celery -A``: the launcher runs a worker on ``worker_queues`` from it."""
    beat: bool = False
    """Whether the service has timers: the launcher then runs ``celery beat`` on the same app."""

    @property
    def env_prefix(self) -> str:
        return f"{self.name.upper()}_"

"""Databases and Redis for the services: embedded servers unless the environment names real ones.

Precedence for a service's database: ``<NAME>_DATABASE_URL`` as given, else the server of
``DATABASE_URL`` with a database named after the service, else the embedded Postgres. Redis:
``REDIS_URL``, else the embedded Valkey.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from fluxkit import migrations
from fluxkit.manifest import ServiceManifest
from fluxos.embedded import EmbeddedPostgres, EmbeddedValkey
from fluxos.services import database_env_name, load_callable
from fluxos.state import service_credentials_setting

Step = Callable[[str], AbstractContextManager[None]]
"""Shows progress around a slow step (a spinner in the CLI)."""

EXTENSIONS = ("vector",)


class LaunchError(RuntimeError):
    """Something the stack needs could not be prepared; the message says what and why."""


@dataclass
class Infrastructure:
    data_dir: Path
    manifests: Sequence[ServiceManifest]
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    postgres: EmbeddedPostgres | None = None
    valkey: EmbeddedValkey | None = None
    database_urls: dict[str, str] = field(default_factory=dict)
    redis_url: str = ""

    def needs_embedded_postgres(self) -> bool:
        if self.environ.get("DATABASE_URL"):
            return False
        return any(not self.environ.get(database_env_name(m)) for m in self.manifests)

    def start(self, step: Step, *, redis: bool = True) -> None:
        """Start what is not configured externally and create each service's database.

        ``redis=False`` skips Valkey for work that only touches databases (migrations, seeds).
        """
        if self.needs_embedded_postgres():
            with step("Starting Postgres"):
                self.postgres = EmbeddedPostgres(self.data_dir / "postgres", None)
                self.postgres.start()
        if self.environ.get("REDIS_URL"):
            self.redis_url = self.environ["REDIS_URL"]
        elif redis:
            with step("Starting Valkey"):
                self.valkey = EmbeddedValkey(self.data_dir / "valkey", None)
                self.valkey.start()
                self.redis_url = self.valkey.url(0)
        for manifest in self.manifests:
            with step(f"Preparing database {manifest.name}"):
                self.database_urls[manifest.name] = self._database_for(manifest)

    def _database_for(self, manifest: ServiceManifest) -> str:
        explicit = self.environ.get(database_env_name(manifest))
        if explicit:
            return explicit
        shared = self.environ.get("DATABASE_URL")
        if shared:
            url = make_url(shared).set(database=manifest.name)
            asyncio.run(_ensure_external_database(url.render_as_string(hide_password=False)))
            return url.render_as_string(hide_password=False)
        assert self.postgres is not None
        return self.postgres.ensure_database(manifest.name, EXTENSIONS)

    def stop(self) -> None:
        """Valkey first, then Postgres (the reverse of start); idempotent."""
        for server in (self.valkey, self.postgres):
            if server is not None:
                server.stop()

    def __enter__(self) -> Infrastructure:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def service_environment(
        self, secrets: Mapping[str, str], public_url: str | None = None
    ) -> dict[str, str]:
        """Variables the services need, without overriding anything the user set."""
        wanted: dict[str, str] = {
            "FLUXOS_ENV": "development",
            "FLUXOS_DATA_DIR": str(self.data_dir),
        }
        wanted |= dict(secrets)
        names = [manifest.name for manifest in self.manifests]
        wanted["INKPASS_SERVICE_CREDENTIALS"] = service_credentials_setting(secrets, names)
        if self.redis_url:
            wanted["REDIS_URL"] = self.redis_url
        for manifest in self.manifests:
            wanted[database_env_name(manifest)] = self.database_urls[manifest.name]
            if public_url is not None:
                # One process serves every API at one origin, so InkPass is at the public URL.
                wanted[f"{manifest.env_prefix}PUBLIC_BASE_URL"] = public_url
                wanted[f"{manifest.env_prefix}INKPASS_URL"] = public_url
        if public_url is not None and "mimic" in names:
            # InkPass sends its emails through Mimic's system templates when it knows Mimic.
            wanted["INKPASS_MIMIC_URL"] = public_url
        if public_url is not None and "mimic" in names and "tentacle" in names:
            # Mimic relays verified inbound webhooks to Tentacle's triggers at the same origin.
            wanted["MIMIC_TENTACLE_URL"] = public_url
        if public_url is not None and "tentacle" in names:
            # Tentacle's agents send through Mimic and store files in Den, at the same origin.
            for other in ("mimic", "den"):
                if other in names:
                    wanted[f"TENTACLE_{other.upper()}_URL"] = public_url
        return {key: value for key, value in wanted.items() if not self.environ.get(key)}


async def _ensure_external_database(url: str) -> None:
    """Create the service's database on an external server when missing (needs CREATEDB)."""
    import asyncpg

    target = make_url(url)
    try:
        connection = await asyncpg.connect(
            host=target.host,
            port=target.port or 5432,
            user=target.username,
            password=target.password,
            database="postgres",
        )
    except Exception as exc:
        raise LaunchError(f"cannot reach the Postgres server of DATABASE_URL: {exc}") from exc
    try:
        exists = await connection.fetchval(
            "SELECT 1 FROM pg_database WHERE datname = $1", target.database
        )
        if not exists:
            await connection.execute(f'CREATE DATABASE "{target.database}"')
    except Exception as exc:
        raise LaunchError(f"cannot create database {target.database!r}: {exc}") from exc
    finally:
        await connection.close()


def run_migrations(
    manifests: Sequence[ServiceManifest], urls: Mapping[str, str], step: Step
) -> None:
    for manifest in manifests:
        with step(f"Migrating {manifest.name}"):
            try:
                migrations.upgrade(manifest.migrations, urls[manifest.name])
            except Exception as exc:
                raise LaunchError(
                    f"migrations of {manifest.name} failed: {type(exc).__name__}: {exc}"
                ) from exc


def run_seeds(
    manifests: Sequence[ServiceManifest], urls: Mapping[str, str], step: Step
) -> dict[str, dict[str, str]]:
    """Run each service's seed; returns what they reported (e.g. the first admin's login)."""
    reported: dict[str, dict[str, str]] = {}
    for manifest in manifests:
        if manifest.seed is None:
            continue
        with step(f"Seeding {manifest.name}"):
            seed = load_callable(manifest.seed)
            try:
                result: Any = asyncio.run(seed(urls[manifest.name]))
            except Exception as exc:
                raise LaunchError(
                    f"seeding {manifest.name} failed: {type(exc).__name__}: {exc}"
                ) from exc
        if isinstance(result, dict) and result:
            reported[manifest.name] = {str(k): str(v) for k, v in result.items()}
    return reported

"""What ``fluxos up`` keeps in its data directory: run state, development secrets, first logins.

Layout of the data directory (``.fluxos/`` by default)::

    postgres/         embedded Postgres (data/, port, postgres.log)
    valkey/           embedded Valkey (append-only file, port, valkey.log)
    secrets.env       generated development secrets, reloaded on every run (0600)
    credentials.json  what the service seeds returned (first admin login) (0600)
    state.json        the running stack: pids, ports, URL (removed on a clean stop)
    fluxos.log        output of a detached stack
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import psutil

from fluxkit.auth.service_tokens import generate_service_token
from fluxkit.crypto import generate_key_spec

STATE_FILE = "state.json"
SECRETS_FILE = "secrets.env"
CREDENTIALS_FILE = "credentials.json"
LOG_FILE = "fluxos.log"


def prepare_data_dir(data_dir: Path) -> Path:
    data_dir = data_dir.expanduser().resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    ignore = data_dir / ".gitignore"
    if not ignore.exists():
        # Secrets live here; keep the whole directory out of version control wherever it is.
        ignore.write_text("*\n")
    return data_dir


def _write_private(path: Path, content: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(content)
    temporary.replace(path)


# -- processes ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProcessRecord:
    """A pid plus its start time, so a recycled pid is never mistaken for ours."""

    pid: int
    created: float

    @classmethod
    def of(cls, pid: int) -> ProcessRecord:
        try:
            return cls(pid, psutil.Process(pid).create_time())
        except psutil.Error:
            return cls(pid, 0.0)

    def alive(self) -> bool:
        try:
            process = psutil.Process(self.pid)
            zombie = bool(process.status() == psutil.STATUS_ZOMBIE)
            return not zombie and abs(process.create_time() - self.created) < 1.0
        except psutil.Error:
            return False


@dataclass
class StackState:
    supervisor: ProcessRecord
    status: str  # starting | running | stopping
    url: str
    host: str
    port: int
    gateway: ProcessRecord | None = None
    postgres: dict[str, Any] | None = None  # {"pid", "created", "port"} when embedded
    valkey: dict[str, Any] | None = None
    database_urls: dict[str, str] = field(default_factory=dict)
    redis_url: str = ""
    workers: dict[str, int] = field(default_factory=dict)  # name -> pid
    started_at: str = ""

    def save(self, data_dir: Path) -> None:
        _write_private(data_dir / STATE_FILE, json.dumps(asdict(self), indent=2) + "\n")

    @classmethod
    def load(cls, data_dir: Path) -> StackState | None:
        try:
            raw = json.loads((data_dir / STATE_FILE).read_text())
            raw["supervisor"] = ProcessRecord(**raw["supervisor"])
            if raw.get("gateway"):
                raw["gateway"] = ProcessRecord(**raw["gateway"])
            return cls(**raw)
        except (OSError, ValueError, TypeError, KeyError):
            return None

    @staticmethod
    def remove(data_dir: Path) -> None:
        (data_dir / STATE_FILE).unlink(missing_ok=True)

    def running(self) -> bool:
        return self.supervisor.alive()

    @staticmethod
    def server_record(pid: int | None, port: int) -> dict[str, Any] | None:
        if pid is None:
            return None
        record = ProcessRecord.of(pid)
        return {"pid": record.pid, "created": record.created, "port": port}


# -- secrets --------------------------------------------------------------------------------


def _generated_secrets(service_names: Iterable[str]) -> dict[str, str]:
    values = {"FLUXOS_KEYRING": generate_key_spec("dev1")}
    for name in service_names:
        values[f"{name.upper()}_SECRET_KEY"] = secrets.token_urlsafe(32)
        # Each service's own credential for calling the others (InkPass too: it sends its
        # emails through Mimic); InkPass's seed registers them all.
        values[f"{name.upper()}_SERVICE_TOKEN"] = generate_service_token()
    return values


def service_credentials_setting(values: Mapping[str, str], service_names: Iterable[str]) -> str:
    """``INKPASS_SERVICE_CREDENTIALS``: every service's token, for InkPass to register."""
    pairs = [
        f"{name}={values[f'{name.upper()}_SERVICE_TOKEN']}"
        for name in service_names
        if f"{name.upper()}_SERVICE_TOKEN" in values
    ]
    return ",".join(pairs)


def read_env_file(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    with contextlib.suppress(FileNotFoundError):
        for line in path.read_text().splitlines():
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                key, _, value = line.partition("=")
                values[key.strip()] = value.strip()
    return values


def development_secrets(data_dir: Path, service_names: Iterable[str]) -> dict[str, str]:
    """Load ``secrets.env``, generating (and persisting) whatever is missing.

    Generated once and reused, so encrypted values and issued tokens survive restarts.
    """
    path = data_dir / SECRETS_FILE
    stored = read_env_file(path)
    missing = {k: v for k, v in _generated_secrets(service_names).items() if k not in stored}
    if missing:
        stored |= missing
        lines = ["# fluxos development secrets, generated by `fluxos up`; keep private"]
        lines += [f"{key}={value}" for key, value in stored.items()]
        _write_private(path, "\n".join(lines) + "\n")
    return stored


# -- first logins ---------------------------------------------------------------------------


def load_credentials(data_dir: Path) -> dict[str, dict[str, str]]:
    try:
        raw = json.loads((data_dir / CREDENTIALS_FILE).read_text())
    except (OSError, ValueError):
        return {}
    return raw if isinstance(raw, dict) else {}


def save_credentials(data_dir: Path, service: str, values: dict[str, str]) -> None:
    stored = load_credentials(data_dir)
    stored[service] = {str(k): str(v) for k, v in values.items()}
    _write_private(data_dir / CREDENTIALS_FILE, json.dumps(stored, indent=2) + "\n")

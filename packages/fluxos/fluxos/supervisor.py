"""``fluxos up`` in the foreground: start everything in order, watch it, stop it in reverse.

Children run in their own sessions so a terminal's Ctrl-C reaches only this process, which then
stops the gateway first, then Valkey, then Postgres. They also get a parent-death signal, so a
supervisor killed outright does not leave them running.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType

import httpx
from rich.console import Console

from fluxkit.manifest import ServiceManifest
from fluxos import _process, local_llm
from fluxos.embedded import EmbeddedServerError
from fluxos.infra import Infrastructure, LaunchError, run_migrations, run_seeds
from fluxos.services import ManifestError
from fluxos.state import (
    ProcessRecord,
    StackState,
    development_secrets,
    load_credentials,
    save_credentials,
)
from fluxos.ui import error, make_step, print_banner, probe_host
from fluxos.workers import WorkerFailed, WorkerSet

GATEWAY_START_TIMEOUT = 120.0
GATEWAY_STOP_TIMEOUT = 20.0


class StopRequested(Exception):  # a request, not a failure
    """SIGTERM (``fluxos down``) or SIGINT arrived."""


def _request_stop(signum: int, _frame: FrameType | None) -> None:
    raise StopRequested(signal.Signals(signum).name)


class Supervisor:
    def __init__(
        self,
        data_dir: Path,
        manifests: list[ServiceManifest],
        *,
        host: str,
        port: int,
        console: Console,
        detached: bool = False,
    ) -> None:
        self.data_dir = data_dir
        self.manifests = manifests
        self.host = host
        self.port = port
        self.console = console
        self.detached = detached
        self.step = make_step(console)
        self.url = f"http://{probe_host(host)}:{port}"
        self.infra = Infrastructure(data_dir, manifests)
        self.gateway: subprocess.Popen[bytes] | None = None
        self.workers = WorkerSet(manifests, data_dir)
        self.local_model: local_llm.LocalModelServer | None = None
        self.state = StackState(
            supervisor=ProcessRecord.of(os.getpid()),
            status="starting",
            url=self.url,
            host=host,
            port=port,
            started_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        )

    def run(self) -> int:
        """Start, supervise until asked to stop or something dies; returns the exit code."""
        previous = {
            sig: signal.signal(sig, _request_stop) for sig in (signal.SIGTERM, signal.SIGINT)
        }
        code = 0
        try:
            self._start()
            self._supervise()
        except StopRequested:
            code = 0
        except (
            LaunchError,
            EmbeddedServerError,
            ManifestError,
            WorkerFailed,
            local_llm.LocalModelError,
        ) as exc:
            error(self.console, str(exc))
            code = 1
        finally:
            # A second signal must not interrupt the orderly stop half-way.
            for sig in previous:
                signal.signal(sig, signal.SIG_IGN)
            self._stop()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        return code

    def _start(self) -> None:
        if not _process.port_is_free(self.port, self.host if self.host != "::" else "0.0.0.0"):
            raise LaunchError(f"port {self.port} on {self.host} is already in use; pass --port")
        self.state.save(self.data_dir)
        secrets = development_secrets(self.data_dir, [m.name for m in self.manifests])
        try:
            self.infra.start(self.step)
        finally:
            self._record_servers()
        os.environ.update(self.infra.service_environment(secrets, self.url))
        if local_llm.needs_local_model():
            with self.step("Starting the local model (no LLM provider configured)"):
                self.local_model = local_llm.start_local_model(
                    log_path=self.data_dir / "logs" / "local-llm.log"
                )
            os.environ.update(self.local_model.environment())
        urls = self.infra.database_urls
        run_migrations(self.manifests, urls, self.step)
        for service, values in run_seeds(self.manifests, urls, self.step).items():
            save_credentials(self.data_dir, service, values)
        with self.step(f"Starting the gateway on {self.url}"):
            self._start_gateway()
        if self.workers.children:
            with self.step("Starting background workers"):
                self.workers.start()
                self.state.workers = self.workers.records()
                self.state.save(self.data_dir)
        self.state.status = "running"
        self.state.save(self.data_dir)
        print_banner(
            self.console,
            self.url,
            load_credentials(self.data_dir),
            detached=self.detached,
            data_dir_label=_relative(self.data_dir),
        )

    def _record_servers(self) -> None:
        postgres, valkey = self.infra.postgres, self.infra.valkey
        if postgres is not None and postgres.is_running():
            self.state.postgres = StackState.server_record(postgres.pid, postgres.port)
        if valkey is not None and valkey.is_running():
            self.state.valkey = StackState.server_record(valkey.pid, valkey.port)
        self.state.database_urls = dict(self.infra.database_urls)
        self.state.redis_url = self.infra.redis_url
        self.state.save(self.data_dir)

    def _start_gateway(self) -> None:
        command = [sys.executable, "-m", "fluxos.gateway_main", "--host", self.host]
        command += ["--port", str(self.port)]
        self.gateway = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=_process.die_with_parent(signal.SIGTERM),
        )
        self.state.gateway = ProcessRecord.of(self.gateway.pid)
        self.state.save(self.data_dir)
        deadline = time.monotonic() + GATEWAY_START_TIMEOUT
        last = "no answer yet"
        while time.monotonic() < deadline:
            if self.gateway.poll() is not None:
                raise LaunchError(
                    f"the gateway exited with code {self.gateway.returncode} while starting; "
                    "its output above says why"
                )
            try:
                response = httpx.get(f"{self.url}/readyz", timeout=3)
                if response.status_code == 200:
                    return
                last = f"/readyz answered {response.status_code}: {response.text[:500]}"
            except httpx.HTTPError as exc:
                last = f"{type(exc).__name__}: {exc}"
            time.sleep(0.25)
        raise LaunchError(f"the gateway was not ready after {GATEWAY_START_TIMEOUT:.0f}s ({last})")

    def _supervise(self) -> None:
        while True:
            if self.gateway is not None and self.gateway.poll() is not None:
                raise LaunchError(
                    f"the gateway exited unexpectedly (code {self.gateway.returncode})"
                )
            if self.workers.check():
                self.state.workers = self.workers.records()
                self.state.save(self.data_dir)
            for server in (self.infra.postgres, self.infra.valkey):
                if server is not None and not server.is_running():
                    raise LaunchError(
                        f"embedded {server.label} stopped unexpectedly; "
                        f"last lines of {server.log_path}:\n{_process.log_tail(server.log_path)}"
                    )
            time.sleep(0.5)

    def _stop(self) -> None:
        if self.state.status == "running":
            self.console.print("Stopping fluxos…")
        self.state.status = "stopping"
        self.state.save(self.data_dir)
        try:
            if self.gateway is not None and self.gateway.poll() is None:
                _process.terminate(
                    self.gateway.pid, signal.SIGTERM, GATEWAY_STOP_TIMEOUT, self.gateway
                )
            self.workers.stop()
            if self.local_model is not None:
                self.local_model.stop()
            self.infra.stop()
        finally:
            StackState.remove(self.data_dir)


def _relative(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)

"""Controlling a stack from outside: detach it, find it, stop it, report on it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from fluxos import _process
from fluxos.embedded import stop_orphans
from fluxos.state import LOG_FILE, StackState, load_credentials
from fluxos.ui import error, print_banner

DETACH_TIMEOUT = 300.0
DOWN_TIMEOUT = 90.0
DETACHED_ENV = "FLUXOS_DETACHED"

# `fluxos status` exit codes, as LSB init scripts use them.
STATUS_OK, STATUS_UNHEALTHY, STATUS_NOT_RUNNING = 0, 1, 3


def running_state(data_dir: Path) -> StackState | None:
    state = StackState.load(data_dir)
    return state if state is not None and state.running() else None


def _is_celery(pid: int) -> bool:
    """A recycled pid must not be mistaken for one of our workers."""
    try:
        return "celery" in psutil.Process(pid).cmdline()[1:4]
    except psutil.Error:
        return False


def clear_leftovers(data_dir: Path, console: Console) -> None:
    """After a supervisor died without cleaning up: stop its children, drop its state."""
    state = StackState.load(data_dir)
    if state is not None and state.running():
        return
    if state is not None and state.gateway is not None and state.gateway.alive():
        _process.terminate(state.gateway.pid, signal.SIGTERM, 20.0)
        console.print("Stopped a gateway left over from an earlier run")
    for name, pid in (state.workers if state is not None else {}).items():
        if _process.pid_alive(pid) and _is_celery(pid):
            _process.terminate(pid, signal.SIGTERM, 20.0)
            console.print(f"Stopped {name} left over from an earlier run")
    for label in stop_orphans(data_dir):
        console.print(f"Stopped an embedded {label} left over from an earlier run")
    StackState.remove(data_dir)


def launch_detached(data_dir: Path, host: str, port: int, console: Console) -> int:
    """Run ``fluxos up`` in the background; return once it is healthy (or has failed)."""
    log_path = data_dir / LOG_FILE
    command = [sys.executable, "-m", "fluxos", "up", "--data-dir", str(data_dir)]
    command += ["--host", host, "--port", str(port)]
    with log_path.open("ab") as log:
        log.write(f"\n--- fluxos up --detach at {time.strftime('%Y-%m-%d %H:%M:%S')}\n".encode())
        log.flush()
        child = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env={**os.environ, DETACHED_ENV: "1"},
        )
    deadline = time.monotonic() + DETACH_TIMEOUT
    with console.status("Starting fluxos in the background…"):
        while time.monotonic() < deadline:
            if child.poll() is not None:
                error(console, f"fluxos failed to start (exit code {child.returncode})")
                console.print(escape(_process.log_tail(log_path, 40)))
                return child.returncode or 1
            state = StackState.load(data_dir)
            if state is not None and state.status == "running" and _ready(state.url):
                print_banner(
                    console,
                    state.url,
                    load_credentials(data_dir),
                    detached=True,
                    data_dir_label=str(data_dir),
                )
                console.print(f"  [dim]Logs: {escape(str(log_path))}[/]")
                return 0
            time.sleep(0.3)
    error(console, f"fluxos was not healthy after {DETACH_TIMEOUT:.0f}s; stopping it")
    stop_stack(data_dir, console)
    console.print(escape(_process.log_tail(log_path, 40)))
    return 1


def _ready(url: str) -> bool:
    try:
        return httpx.get(f"{url}/readyz", timeout=3).status_code == 200
    except httpx.HTTPError:
        return False


def stop_stack(data_dir: Path, console: Console) -> int:
    """Stop the stack running from ``data_dir``: ask its supervisor, or clean up after it."""
    state = StackState.load(data_dir)
    if state is None or not state.running():
        had_leftovers = state is not None
        clear_leftovers(data_dir, console)
        console.print("fluxos is not running" + (" (cleaned up after it)" if had_leftovers else ""))
        return 0
    pid = state.supervisor.pid
    with console.status(f"Stopping fluxos (pid {pid})…"):
        try:
            _process.terminate(pid, signal.SIGTERM, DOWN_TIMEOUT)
        except _process.EmbeddedServerError as exc:
            error(console, str(exc))
            return 1
        # Only leftovers of a supervisor that had to be killed remain; normally nothing.
        clear_leftovers(data_dir, console)
    console.print("[green]✓[/] fluxos stopped")
    return 0


def show_status(data_dir: Path, console: Console) -> int:
    """Print what runs and how healthy it is; exit code 0 healthy, 1 unhealthy, 3 stopped."""
    state = StackState.load(data_dir)
    if state is None or not state.running():
        console.print(f"fluxos is [bold]not running[/] (data dir {escape(str(data_dir))})")
        return STATUS_NOT_RUNNING
    table = Table(show_header=True, header_style="bold")
    for column in ("component", "pid", "address", "state"):
        table.add_column(column)
    table.add_row("supervisor", str(state.supervisor.pid), "", state.status)
    gateway_alive = state.gateway is not None and state.gateway.alive()
    table.add_row(
        "gateway",
        str(state.gateway.pid) if state.gateway else "-",
        state.url,
        "running" if gateway_alive else "stopped",
    )
    for label, record, address in (
        ("postgres", state.postgres, next(iter(state.database_urls.values()), "")),
        ("valkey", state.valkey, state.redis_url),
    ):
        if record is None:
            table.add_row(label, "-", _hide_password(address), "external")
        else:
            alive = _process.pid_alive(record["pid"])
            table.add_row(
                label,
                str(record["pid"]),
                f"127.0.0.1:{record['port']}",
                "running" if alive else "stopped",
            )
    healthy = False
    readiness: dict[str, object] = {}
    try:
        response = httpx.get(f"{state.url}/readyz", timeout=5)
        healthy = response.status_code == 200
        readiness = response.json().get("services", {})
    except (httpx.HTTPError, ValueError):
        pass
    for name, report in readiness.items():
        status = report.get("status", "?") if isinstance(report, dict) else "?"
        colour = "green" if status == "ok" else "red"
        table.add_row(f"service {name}", "", "", f"[{colour}]{status}[/]")
    console.print(table)
    verdict = "[green]healthy[/]" if healthy else "[red]not ready[/]"
    console.print(f"fluxos at [bold]{state.url}[/] is {verdict}")
    return STATUS_OK if healthy else STATUS_UNHEALTHY


def _hide_password(url: str) -> str:
    if "@" not in url or "://" not in url:
        return url
    scheme, rest = url.split("://", 1)
    credentials, host = rest.rsplit("@", 1)
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}@{host}"

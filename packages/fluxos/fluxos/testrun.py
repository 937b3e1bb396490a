"""``fluxos test``: pytest against throwaway embedded Postgres and Valkey."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from types import FrameType

from rich.console import Console

from fluxos.embedded import EmbeddedPostgres, EmbeddedValkey
from fluxos.paths import repo_root
from fluxos.ui import make_step

TEST_DATABASE_ENV = "FLUXOS_TEST_DATABASE_URL"
TEST_REDIS_ENV = "FLUXOS_TEST_REDIS_URL"
TEST_WORKERS_ENV = "FLUXOS_TEST_WORKERS"
MAX_DEFAULT_WORKERS = 8  # each worker holds its own databases and pools


def worker_arguments(args: Sequence[str]) -> list[str]:
    """``-n N`` for pytest-xdist unless the caller chose the distribution themselves."""
    for arg in args:
        chose_workers = arg in ("--numprocesses", "--dist") or arg.startswith(
            ("--numprocesses=", "--dist=")
        )
        short_workers = arg.startswith("-n") and not arg.startswith("--")
        if chose_workers or short_workers or arg in ("no:xdist", "-pno:xdist"):
            return []
    configured = os.environ.get(TEST_WORKERS_ENV)
    if configured:
        return ["-n", configured]
    return ["-n", str(max(2, min(os.cpu_count() or 2, MAX_DEFAULT_WORKERS)))]


def run_tests(args: Sequence[str], console: Console) -> int:
    """Start what the environment does not provide, run pytest, stop it all; pytest's code."""
    step = make_step(console)
    environment = dict(os.environ)
    started: list[EmbeddedPostgres | EmbeddedValkey] = []
    try:
        if not environment.get(TEST_DATABASE_ENV):
            with step("Starting a throwaway Postgres"):
                postgres = EmbeddedPostgres(None, None, ephemeral=True)
                started.append(postgres)
                postgres.start()
            environment[TEST_DATABASE_ENV] = postgres.url("postgres")
        if not environment.get(TEST_REDIS_ENV):
            with step("Starting a throwaway Valkey"):
                valkey = EmbeddedValkey(None, None, ephemeral=True)
                started.append(valkey)
                valkey.start()
            environment[TEST_REDIS_ENV] = valkey.url(0)
        command = [sys.executable, "-m", "pytest", *worker_arguments(args), *args]
        return _run_pytest(command, environment)
    finally:
        for server in reversed(started):
            server.stop()


def _run_pytest(command: list[str], environment: dict[str, str]) -> int:
    child = subprocess.Popen(command, cwd=repo_root(), env=environment)

    def forward(signum: int, _frame: FrameType | None) -> None:
        child.send_signal(signum)

    # The terminal delivers Ctrl-C to pytest as well (same process group); let pytest report
    # and exit by itself, and only then stop the servers.
    previous_int = signal.signal(signal.SIGINT, signal.SIG_IGN)
    previous_term = signal.signal(signal.SIGTERM, forward)
    try:
        return child.wait()
    finally:
        signal.signal(signal.SIGINT, previous_int)
        signal.signal(signal.SIGTERM, previous_term)

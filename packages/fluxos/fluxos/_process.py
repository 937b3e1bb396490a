"""Process plumbing shared by the embedded servers and the supervisor.

Ports, pid checks, log tails, graceful-then-forceful termination, and the Linux parent-death
signal that keeps children from outliving a supervisor that was killed outright.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import psutil

LOOPBACK = "127.0.0.1"
_PR_SET_PDEATHSIG = 1


class EmbeddedServerError(RuntimeError):
    """An embedded server could not be prepared, started or stopped."""


def free_port(host: str = LOOPBACK) -> int:
    """A port the OS considers free right now (from the ephemeral range)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def port_is_free(port: int, host: str = LOOPBACK) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # Sockets lingering in TIME_WAIT do not block a listening server; only listeners do.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
        return True


def remembered_port(port_file: Path, requested: int | None) -> int:
    """The requested port, else the one used last time (when still free), else a new one.

    The choice is written back so the next start reuses it.
    """
    if requested is not None:
        port = requested
    else:
        previous: int | None = None
        with contextlib.suppress(OSError, ValueError):
            previous = int(port_file.read_text().strip())
        port = previous if previous is not None and port_is_free(previous) else free_port()
    port_file.parent.mkdir(parents=True, exist_ok=True)
    port_file.write_text(f"{port}\n")
    return port


def log_tail(path: Path, lines: int = 30) -> str:
    try:
        content = path.read_text(errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(content.splitlines()[-lines:]) or "(empty log)"


def read_pid(pid_file: Path) -> int | None:
    try:
        return int(pid_file.read_text().splitlines()[0].strip())
    except (OSError, ValueError, IndexError):
        return None


def process_serves_dir(pid: int, directory: Path, names: tuple[str, ...]) -> bool:
    """Is ``pid`` alive, one of ``names``, and working in (or started on) ``directory``?

    Pid numbers get reused (a container restart starts counting again), so a pid file alone
    does not prove the server still runs: the process must also be ours.
    """
    try:
        process = psutil.Process(pid)
        if process.status() == psutil.STATUS_ZOMBIE or process.name() not in names:
            return False
        target = str(directory.resolve())
        with contextlib.suppress(psutil.Error, OSError):
            if os.path.realpath(process.cwd()) == target:
                return True
        return any(os.path.realpath(arg) == target for arg in process.cmdline())
    except psutil.Error:
        return False


def pid_alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        return bool(psutil.Process(pid).status() != psutil.STATUS_ZOMBIE)
    except psutil.Error:
        return False


def terminate(
    pid: int,
    first_signal: signal.Signals,
    timeout: float,
    popen: subprocess.Popen[bytes] | None = None,
) -> None:
    """Send ``first_signal``, wait up to ``timeout``, then SIGKILL and wait a little more."""
    try:
        process = psutil.Process(pid)
    except psutil.NoSuchProcess:
        return
    for sig, wait in ((first_signal, timeout), (signal.SIGKILL, 5.0)):
        with contextlib.suppress(psutil.NoSuchProcess, ProcessLookupError):
            process.send_signal(sig)
        if _wait_gone(process, wait, popen):
            return
    raise EmbeddedServerError(f"process {pid} did not exit after SIGKILL")


def _wait_gone(
    process: psutil.Process, timeout: float, popen: subprocess.Popen[bytes] | None
) -> bool:
    if popen is not None:
        try:
            popen.wait(timeout)
        except subprocess.TimeoutExpired:
            return False
        return True
    try:
        process.wait(timeout)
    except psutil.TimeoutExpired:
        return not pid_alive(process.pid)
    return True


def die_with_parent(sig: signal.Signals) -> Callable[[], None] | None:
    """A ``preexec_fn`` asking Linux to send ``sig`` to the child when this process dies.

    Linux ties the parent-death signal to the forking *thread*, so it is only requested from the
    main thread; children forked elsewhere rely on explicit stops.
    """
    if (
        not sys.platform.startswith("linux")
        or threading.current_thread() is not threading.main_thread()
    ):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        prctl = libc.prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def request() -> None:
        prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)

    return request


def wait_until(
    probe: Callable[[], bool],
    *,
    timeout: float,
    failed: Callable[[], str | None],
    interval: float = 0.1,
) -> bool:
    """Poll ``probe`` until it succeeds; ``failed`` returns a reason to stop early."""
    deadline = time.monotonic() + timeout
    while True:
        if probe():
            return True
        reason = failed()
        if reason is not None:
            raise EmbeddedServerError(reason)
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval)

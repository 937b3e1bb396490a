"""The part every embedded server shares: port memory, private socket dir, log, child process.

Subclasses say how to start and how to tell when they are ready.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import stat
import subprocess
import tempfile
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Self

from fluxos import _process
from fluxos._process import LOOPBACK, EmbeddedServerError
from fluxos._system import ServerAccount


def child_env() -> dict[str, str]:
    # PGHOST/PGPORT/PGDATA from the caller's shell would silently redirect the tools.
    return {key: value for key, value in os.environ.items() if not key.startswith("PG")}


class SupervisedServer:
    """Port memory, private socket dir, log file, child process and its shutdown."""

    label = "server"
    stop_signal = signal.SIGTERM
    process_names: tuple[str, ...] = ()

    def __init__(
        self, data_dir: Path | None, port: int | None, *, ephemeral: bool, start_timeout: float
    ) -> None:
        self._owns_data_dir = data_dir is None
        if data_dir is None:
            if not ephemeral:
                raise ValueError("data_dir is required unless ephemeral=True")
            data_dir = Path(tempfile.mkdtemp(prefix=f"fluxos-{self.label}-"))
        self.data_dir = data_dir.resolve()
        self.ephemeral = ephemeral
        self.start_timeout = start_timeout
        self.log_path = self.data_dir / f"{self.label}.log"
        self.socket_dir: Path | None = None
        self._requested_port = port
        self._port: int | None = None
        self._popen: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    # -- to be provided by each server --------------------------------------------------------

    @property
    def _pid_file(self) -> Path:
        raise NotImplementedError

    @property
    def _working_dir(self) -> Path:
        """The directory the server process runs in; identifies an orphan as ours."""
        raise NotImplementedError

    def _ready(self) -> bool:
        raise NotImplementedError

    # -- shared lifecycle ---------------------------------------------------------------------

    @property
    def port(self) -> int:
        if self._port is None:
            raise EmbeddedServerError(f"{self.label} is not started")
        return self._port

    @property
    def pid(self) -> int | None:
        if self._popen is not None and self._popen.poll() is None:
            return self._popen.pid
        return None

    def is_running(self) -> bool:
        return self.pid is not None

    def orphan_pid(self) -> int | None:
        """Pid of a server still running on this data dir that this object did not start."""
        pid = _process.read_pid(self._pid_file)
        if pid is None or pid == self.pid:
            return None
        if _process.process_serves_dir(pid, self._working_dir, self.process_names):
            return pid
        return None

    def stop_orphan(self, timeout: float = 30.0) -> bool:
        """Stop a server left behind by a supervisor that died; True when there was one."""
        pid = self.orphan_pid()
        if pid is None:
            return False
        _process.terminate(pid, self.stop_signal, timeout)
        return True

    def _check_not_running_elsewhere(self) -> None:
        orphan = self.orphan_pid()
        if orphan is not None:
            raise EmbeddedServerError(
                f"{self.label} is already running on {self.data_dir} (pid {orphan}); "
                "stop it first (`fluxos down`)"
            )
        # A pid file whose process is gone (or is someone else now) would block the server.
        self._pid_file.unlink(missing_ok=True)

    def _open_log(self) -> IO[bytes]:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("ab")
        return self._log

    def _make_socket_dir(self, account: ServerAccount | None) -> Path:
        """A short private directory for the unix socket (paths are limited to ~107 bytes).

        Named after the data dir, so a supervisor killed outright leaves no new litter: the next
        start reuses it. Reused only when it is a real directory that only its owner can enter.
        """
        digest = hashlib.sha256(str(self.data_dir).encode()).hexdigest()[:12]
        directory = Path(tempfile.gettempdir()) / f"fluxos-{self.label[:2]}-{digest}"
        owner = os.getuid() if account is None else account.uid
        try:
            directory.mkdir(mode=0o700)
        except FileExistsError:
            st = directory.lstat()
            if not stat.S_ISDIR(st.st_mode) or st.st_mode & 0o077 or st.st_uid not in (0, owner):
                directory = Path(tempfile.mkdtemp(prefix=f"fluxos-{self.label[:2]}-"))
        if account is not None:
            os.chown(directory, account.uid, account.gid)
        self.socket_dir = directory
        return directory

    def _spawn(self, command: list[str], account: ServerAccount | None, cwd: Path) -> None:
        log = self._open_log()
        log.write(f"--- fluxos: starting {self.label} on {LOOPBACK}:{self._port}\n".encode())
        log.flush()
        extra: dict[str, Any] = {}
        if account is not None:
            extra = {"user": account.uid, "group": account.gid, "extra_groups": []}
        self._popen = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=cwd,
            env=child_env(),
            start_new_session=True,  # a terminal's Ctrl-C reaches the supervisor only
            preexec_fn=_process.die_with_parent(self.stop_signal),
            **extra,
        )

    def _wait_ready(self) -> None:
        def failed() -> str | None:
            if self._popen is not None and self._popen.poll() is not None:
                return self._failure(f"exited with code {self._popen.returncode} while starting")
            return None

        try:
            ready = _process.wait_until(self._ready, timeout=self.start_timeout, failed=failed)
        except EmbeddedServerError:
            self._discard_runtime()
            raise
        if not ready:
            message = self._failure(f"not ready after {self.start_timeout:.0f}s")
            self.stop()
            raise EmbeddedServerError(message)

    def _failure(self, what: str) -> str:
        return (
            f"embedded {self.label} {what} (port {self._port}, data {self.data_dir}).\n"
            f"Last lines of {self.log_path}:\n{_process.log_tail(self.log_path)}"
        )

    def stop(self, timeout: float = 30.0) -> None:
        """Graceful shutdown, then SIGKILL once ``timeout`` passes. Safe to call twice."""
        if self._popen is not None:
            if self._popen.poll() is None:
                _process.terminate(self._popen.pid, self.stop_signal, timeout, self._popen)
            self._popen = None
        self._discard_runtime()
        if self._owns_data_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    def _discard_runtime(self) -> None:
        if self._popen is not None and self._popen.poll() is not None:
            self._popen = None
        if self.socket_dir is not None:
            shutil.rmtree(self.socket_dir, ignore_errors=True)
            self.socket_dir = None
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> None:
        raise NotImplementedError

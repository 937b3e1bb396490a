"""Running untrusted Python for the data_scientist agent.

Layers, each enforced where it can be:
- kernel: a fresh network namespace (``unshare(CLONE_NEWNET)``, with a user namespace when not
  root) so no socket reaches anything, not even loopback; rlimits on CPU seconds, address
  space, file size and open files; a new session so a timeout kills the whole group;
- interpreter: ``python -I -S`` (no environment variables, no site-packages, no user site) with
  an empty environment, started in its own fresh work directory;
- in-process: an audit hook installed before the code runs refuses opening, listing or changing
  anything outside the work directory (the interpreter's standard library stays readable, read
  only), creating sockets, starting processes, forking and loading ctypes.
When the network namespace cannot be created the sandbox refuses to run.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import json
import os
import resource
import shutil
import signal
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tentacle.executors.resources import SandboxLimits

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
RESULT_FILE = "result.json"
DATA_FILE = "data.json"
PROGRAM_FILE = "main.py"

# Runs before the user's program: the audit hook, then the program as __main__.
BOOTSTRAP = r"""
import os, sys
WORK = os.path.realpath(os.getcwd())
READ_ONLY = tuple(os.path.realpath(p) for p in sys.argv[1].split(os.pathsep) if p)
PROGRAM = sys.argv[2]
del sys.argv[1:3]
_busy = False

def _inside(path, roots):
    if isinstance(path, int):
        return True
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    real = os.path.realpath(os.path.join(WORK, os.fspath(path)))
    return any(real == root or real.startswith(root + os.sep) for root in roots)

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_DENIED = ("socket.", "subprocess.", "os.exec", "os.spawn", "os.posix_spawn", "os.fork",
           "os.forkpty", "os.system", "os.kill", "os.killpg", "pty.", "ctypes.", "_ctypes.",
           "os.setuid", "os.setgid", "sys.remote_exec", "winreg.", "mmap.")
_LOOK_EVENTS = {"os.listdir", "os.scandir", "os.listxattr", "os.getxattr", "glob.glob",
                "glob.glob/2"}
_CHANGE_EVENTS = {"os.chdir", "os.remove", "os.rename", "os.mkdir", "os.rmdir", "os.symlink",
                  "os.link", "os.chmod", "os.chown", "os.truncate", "os.utime", "os.chflags",
                  "os.lchflags", "os.setxattr", "os.removexattr", "shutil.copyfile",
                  "shutil.copymode", "shutil.copystat", "shutil.copytree", "shutil.move",
                  "shutil.rmtree", "shutil.make_archive", "shutil.unpack_archive"}

def _hook(event, args):
    global _busy
    if _busy:
        return
    _busy = True
    try:
        if event.startswith(_DENIED):
            raise PermissionError(f"the sandbox does not allow {event}")
        if event == "import" and args[0] in ("ctypes", "_ctypes", "_posixsubprocess"):
            raise PermissionError(f"the sandbox does not allow importing {args[0]}")
        if event == "open":
            path, mode, flags = args
            if path is None:
                return
            writing = any(c in (mode or "") for c in "wax+") or bool((flags or 0) & _WRITE_FLAGS)
            if _inside(path, (WORK,)):
                return
            if not writing and _inside(path, READ_ONLY):
                return
            raise PermissionError(f"the sandbox allows files in its work directory only: {path}")
        if event in _LOOK_EVENTS or event in _CHANGE_EVENTS:
            roots = (WORK,) if event in _CHANGE_EVENTS else (WORK, *READ_ONLY)
            for value in args:
                if isinstance(value, (str, bytes, os.PathLike)) and not _inside(value, roots):
                    raise PermissionError(
                        f"the sandbox allows files in its work directory only: {value}"
                    )
    finally:
        _busy = False

sys.addaudithook(_hook)
sys.path[:] = [p for p in sys.path if _inside(p, READ_ONLY)]
import runpy
runpy.run_path(PROGRAM, run_name="__main__")
"""


class SandboxUnavailable(RuntimeError):
    pass


@dataclass
class SandboxRun:
    returncode: int
    stdout: str
    stderr: str
    result: Any
    timed_out: bool
    result_error: str = ""

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out


_libc: Any = None


def _load_libc() -> Any:
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(None, use_errno=True)
    return _libc


def _preexec(limits: SandboxLimits) -> Any:
    libc = _load_libc()  # loaded in the parent: the forked child must not take loader locks
    flags = CLONE_NEWNET if os.geteuid() == 0 else CLONE_NEWUSER | CLONE_NEWNET

    def setup() -> None:
        if libc.unshare(flags) != 0:
            os.write(2, b"sandbox: cannot create a network namespace\n")
            os._exit(97)
        memory = limits.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds))
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        file_bytes = limits.max_file_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_bytes, file_bytes))
        resource.setrlimit(resource.RLIMIT_NOFILE, (limits.max_open_files, limits.max_open_files))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    return setup


def _standard_library_paths(python: str) -> list[str]:
    paths = {sysconfig.get_path("stdlib"), sysconfig.get_path("platstdlib")}
    if python != sys.executable:
        return [p for p in paths if p] + [str(Path(python).resolve().parent.parent / "lib")]
    return [p for p in paths if p]


async def _read_capped(stream: asyncio.StreamReader, limit: int) -> str:
    kept = bytearray()
    while chunk := await stream.read(65536):
        if len(kept) < limit:
            kept += chunk[: limit - len(kept)]
    text = kept.decode("utf-8", errors="replace")
    return text


async def run_python(
    code: str,
    work_dir: Path,
    *,
    limits: SandboxLimits,
    data: Any = None,
    python: str = "",
) -> SandboxRun:
    """Run ``code`` as ``main.py`` in ``work_dir`` (created fresh) with ``data`` in data.json."""
    interpreter = python or sys.executable
    if work_dir.exists():
        shutil.rmtree(work_dir)
    work_dir.mkdir(parents=True)
    (work_dir / PROGRAM_FILE).write_text(code, encoding="utf-8")
    (work_dir / DATA_FILE).write_text(json.dumps(data, default=str), encoding="utf-8")
    read_only = os.pathsep.join(_standard_library_paths(interpreter))
    process = await asyncio.create_subprocess_exec(
        interpreter,
        "-I",
        "-S",
        "-c",
        BOOTSTRAP,
        read_only,
        PROGRAM_FILE,
        cwd=str(work_dir),
        env={},
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        preexec_fn=_preexec(limits),
        start_new_session=True,
    )
    assert process.stdout is not None and process.stderr is not None
    readers = asyncio.gather(
        _read_capped(process.stdout, limits.max_output_chars),
        _read_capped(process.stderr, limits.max_output_chars),
    )
    timed_out = False
    try:
        await asyncio.wait_for(process.wait(), timeout=limits.wall_seconds)
    except TimeoutError:
        timed_out = True
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        await process.wait()
    stdout, stderr = await readers
    if process.returncode == 97 and "network namespace" in stderr:
        raise SandboxUnavailable("the sandbox cannot isolate the network on this machine")
    result, result_error = _read_result(work_dir / RESULT_FILE)
    return SandboxRun(
        returncode=process.returncode if process.returncode is not None else -1,
        stdout=stdout,
        stderr=stderr,
        result=result,
        timed_out=timed_out,
        result_error=result_error,
    )


def _read_result(path: Path) -> tuple[Any, str]:
    if not path.is_file() or path.is_symlink():
        return None, ""
    if path.stat().st_size > 5 * 1024 * 1024:
        return None, "result.json is larger than 5 MB"
    try:
        return json.loads(path.read_text(encoding="utf-8")), ""
    except (ValueError, UnicodeDecodeError) as exc:
        return None, f"result.json is not JSON: {exc}"

"""Build the web app for ``fluxos up`` when ``web/dist`` is missing or older than its sources.

``npm ci`` runs when ``node_modules`` is missing or older than ``package-lock.json``; then
``npm run build``. Output goes to a log file whose tail is shown on failure. A lock file keeps
two launchers from building at once. ``FLUXOS_WEB_BUILD=never`` skips the check (the gateway
then serves a page explaining how to build), as do a custom ``FLUXOS_WEB_DIST`` and a custom
``FLUXOS_SERVICES`` list.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from fluxos.infra import LaunchError, Step
from fluxos.paths import WEB_DIST_ENV
from fluxos.services import SERVICES_ENV

WEB_BUILD_ENV = "FLUXOS_WEB_BUILD"
SOURCE_FILES = (
    "index.html",
    "package.json",
    "package-lock.json",
    "vite.config.ts",
    "tsconfig.json",
)
SOURCE_DIRS = ("src", "public")
NPM_TIMEOUT = 900


def _newest(paths: Iterable[Path]) -> float:
    newest = 0.0
    for path in paths:
        if path.is_dir():
            for child in path.rglob("*"):
                if child.is_file():
                    newest = max(newest, child.stat().st_mtime)
        elif path.is_file():
            newest = max(newest, path.stat().st_mtime)
    return newest


def sources_mtime(web: Path) -> float:
    return _newest([web / name for name in (*SOURCE_FILES, *SOURCE_DIRS)])


def needs_build(web: Path) -> bool:
    """True when ``web/dist/index.html`` is missing or older than any source file."""
    index = web / "dist" / "index.html"
    if not index.is_file():
        return True
    return sources_mtime(web) > index.stat().st_mtime


def needs_install(web: Path) -> bool:
    marker = web / "node_modules" / ".package-lock.json"
    lock = web / "package-lock.json"
    if not marker.is_file():
        return True
    return lock.is_file() and lock.stat().st_mtime > marker.stat().st_mtime


def build_wanted() -> bool:
    # A custom build, or a custom set of services (the launcher's own tests), builds nothing.
    if os.environ.get(WEB_DIST_ENV) or os.environ.get(SERVICES_ENV):
        return False
    return os.environ.get(WEB_BUILD_ENV, "auto").strip().lower() not in ("never", "0", "no")


@contextmanager
def _build_lock(web: Path) -> Iterator[None]:
    with (web / ".build.lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _run(command: list[str], web: Path, log_path: Path) -> None:
    with log_path.open("ab") as log:
        log.write(f"\n$ {' '.join(command)}\n".encode())
        log.flush()
        try:
            finished = subprocess.run(
                command,
                cwd=web,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                timeout=NPM_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise LaunchError(f"`{' '.join(command)}` took over {NPM_TIMEOUT}s") from exc
    if finished.returncode != 0:
        tail = "\n".join(log_path.read_text(errors="replace").splitlines()[-30:])
        raise LaunchError(
            f"`{' '.join(command)}` failed in {web} (exit {finished.returncode}); "
            f"last lines of {log_path}:\n{tail}"
        )


def ensure_web_build(web: Path, log_path: Path, step: Step) -> bool:
    """Build ``web/dist`` if needed; returns whether a build ran."""
    if not build_wanted() or not (web / "package.json").is_file() or not needs_build(web):
        return False
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        raise LaunchError(
            "the web app needs building but Node.js/npm are not installed: install Node.js "
            "20.19 or newer (with npm), or set FLUXOS_WEB_BUILD=never to serve only the APIs"
        )
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with _build_lock(web):
        if not needs_build(web):  # another launcher built it while we waited
            return False
        if needs_install(web):
            with step("Installing the web app's dependencies (npm ci)"):
                try:
                    _run([npm, "ci", "--no-audit", "--no-fund"], web, log_path)
                except LaunchError:
                    # npm ci refuses a lock file that lacks some platform's optional packages
                    # (a registry not serving them all); install installs the same locked tree.
                    _run([npm, "install", "--no-save", "--no-audit", "--no-fund"], web, log_path)
        with step("Building the web app (npm run build)"):
            _run([npm, "run", "build"], web, log_path)
    return True

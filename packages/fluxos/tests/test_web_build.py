"""The web build that ``fluxos up`` runs when ``web/dist`` is stale, and ``fluxos openapi``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fluxos_fake_services import ALPHA, BETA

from fluxos import webbuild
from fluxos.infra import LaunchError
from fluxos.openapi import export_openapi


def _web(tmp: Path) -> Path:
    web = tmp / "web"
    (web / "src").mkdir(parents=True)
    (web / "package.json").write_text('{"name": "x", "scripts": {"build": "true"}}')
    (web / "package-lock.json").write_text("{}")
    (web / "src" / "main.tsx").write_text("export {};")
    return web


def _touch(path: Path, mtime: float) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()
    os.utime(path, (mtime, mtime))


def _steps() -> tuple[list[str], webbuild.Step]:
    from contextlib import nullcontext

    labels: list[str] = []

    def step(label: str) -> nullcontext[None]:
        labels.append(label)
        return nullcontext()

    return labels, step


def test_a_build_is_needed_when_dist_is_missing_or_older_than_a_source(tmp_path: Path) -> None:
    web = _web(tmp_path)
    assert webbuild.needs_build(web)
    for source in web.rglob("*"):
        if source.is_file():
            os.utime(source, (1000, 1000))
    _touch(web / "dist" / "index.html", 2000)
    assert not webbuild.needs_build(web)
    _touch(web / "src" / "pages" / "new.tsx", 3000)
    assert webbuild.needs_build(web)


def test_install_is_needed_without_node_modules_or_after_the_lock_changed(tmp_path: Path) -> None:
    web = _web(tmp_path)
    assert webbuild.needs_install(web)
    os.utime(web / "package-lock.json", (1000, 1000))
    _touch(web / "node_modules" / ".package-lock.json", 2000)
    assert not webbuild.needs_install(web)
    os.utime(web / "package-lock.json", (3000, 3000))
    assert webbuild.needs_install(web)


def test_missing_node_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    web = _web(tmp_path)
    monkeypatch.delenv("FLUXOS_WEB_DIST", raising=False)
    monkeypatch.delenv("FLUXOS_SERVICES", raising=False)
    monkeypatch.delenv("FLUXOS_WEB_BUILD", raising=False)
    monkeypatch.setattr(webbuild.shutil, "which", lambda _name: None)
    _labels, step = _steps()
    with pytest.raises(LaunchError, match=r"Node\.js/npm are not installed"):
        webbuild.ensure_web_build(web, tmp_path / "build.log", step)


def test_build_runs_npm_ci_then_build_and_shows_a_failure_s_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    web = _web(tmp_path)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    # A stand-in npm that records its arguments and writes the build output like vite would.
    npm = bin_dir / "npm"
    npm.write_text(
        "#!/bin/sh\n"
        'echo "$@" >> calls.txt\n'
        'if [ "$1" = "ci" ]; then mkdir -p node_modules && touch node_modules/.package-lock.json; fi\n'
        'if [ "$2" = "build" ]; then\n'
        '  if [ -f fail ]; then echo "vite: syntax error in main.tsx"; exit 3; fi\n'
        "  mkdir -p dist && echo '<html>' > dist/index.html\n"
        "fi\n"
    )
    npm.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    for name in ("FLUXOS_WEB_DIST", "FLUXOS_SERVICES", "FLUXOS_WEB_BUILD"):
        monkeypatch.delenv(name, raising=False)
    labels, step = _steps()
    assert webbuild.ensure_web_build(web, tmp_path / "build.log", step) is True
    assert (web / "calls.txt").read_text().split("\n")[:2] == [
        "ci --no-audit --no-fund",
        "run build",
    ]
    assert labels == [
        "Installing the web app's dependencies (npm ci)",
        "Building the web app (npm run build)",
    ]
    # Fresh now: nothing runs again.
    assert webbuild.ensure_web_build(web, tmp_path / "build.log", step) is False

    _touch(web / "src" / "main.tsx", (web / "dist" / "index.html").stat().st_mtime + 10)
    (web / "fail").touch()
    with pytest.raises(LaunchError, match=r"syntax error in main\.tsx"):
        webbuild.ensure_web_build(web, tmp_path / "build.log", step)

    monkeypatch.setenv("FLUXOS_WEB_BUILD", "never")
    assert webbuild.ensure_web_build(web, tmp_path / "build.log", step) is False


def test_openapi_export_writes_each_service_document(tmp_path: Path) -> None:
    written = export_openapi([ALPHA, BETA], tmp_path / "openapi")
    assert [path.name for path in written] == ["alpha.json", "beta.json"]
    document = json.loads(written[0].read_text())
    assert document["openapi"].startswith("3.")
    assert any(path.startswith("/api/v1/alpha") for path in document["paths"])


def test_openapi_command(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "FLUXOS_SERVICES": "fluxos_fake_services:ALPHA",
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(Path(__file__).parent / "fakes"), os.environ.get("PYTHONPATH")])
        ),
    }
    result = subprocess.run(
        [sys.executable, "-m", "fluxos", "openapi", "--out", str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads((tmp_path / "alpha.json").read_text())["paths"]

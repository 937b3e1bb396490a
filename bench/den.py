"""Den upload and download throughput of a 100 MB file, and the server's memory while it streams.

Starts Den under uvicorn in a subprocess (real Postgres and Valkey: FLUXOS_TEST_DATABASE_URL /
FLUXOS_TEST_REDIS_URL when set, else embedded servers), uploads a 100 MB file over real HTTP as
multipart/form-data, downloads it back (checking its SHA-256) and samples the server process's
RSS with psutil throughout. Goal: memory stays flat, under 64 MB above idle.

    uv run python bench/den.py [--backend local|s3|all] [--size-mb 100]

``s3`` runs against npm's s3rver from services/den/tests/s3 (installed with ``npm ci`` when
missing). Prints one JSON object on its last line.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import psutil

# Run as a script, this file's folder leads sys.path and its name would shadow the den package.
BENCH_DIR = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != BENCH_DIR]

ROOT = BENCH_DIR.parent
S3_TOOLS = ROOT / "services" / "den" / "tests" / "s3"
MB = 1_000_000
MIB = 1024 * 1024
GOAL_ABOVE_IDLE_MB = 64
BLOCK = os.urandom(MIB)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def platform_servers() -> Iterator[tuple[str, str]]:
    """(admin database URL, Redis URL): FLUXOS_TEST_* env when set, else embedded servers."""
    database = os.environ.get("FLUXOS_TEST_DATABASE_URL")
    redis = os.environ.get("FLUXOS_TEST_REDIS_URL")
    started: list[Any] = []
    try:
        if not database or not redis:
            from fluxos.embedded import EmbeddedPostgres, EmbeddedValkey

            root = Path(tempfile.mkdtemp(prefix="fluxos-bench-den-"))
            if not database:
                postgres = EmbeddedPostgres(root / "postgres", None)
                postgres.start()
                started.append(postgres)
                database = postgres.url("postgres")
            if not redis:
                valkey = EmbeddedValkey(root / "valkey", None, ephemeral=True)
                valkey.start()
                started.append(valkey)
                redis = valkey.url(0)
        yield database, redis
    finally:
        for server in reversed(started):
            server.stop()


@contextlib.contextmanager
def s3rver() -> Iterator[str]:
    binary = S3_TOOLS / "node_modules" / ".bin" / "s3rver"
    if not binary.exists():
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--silent"], cwd=S3_TOOLS, check=True
        )
    data = Path(tempfile.mkdtemp(prefix="den-bench-s3-"))
    port = free_port()
    process = subprocess.Popen(
        [str(binary), "-d", str(data), "-a", "127.0.0.1", "-p", str(port), "--silent"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: httpx.get(url, timeout=1), "s3rver")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(data, ignore_errors=True)


def wait_for(probe: Any, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            probe()
            return
        except (httpx.TransportError, httpx.HTTPStatusError):
            if time.monotonic() > deadline:
                raise RuntimeError(f"{what} did not answer within {timeout} s") from None
            time.sleep(0.1)


@contextlib.contextmanager
def jwks_server(public_jwk: dict[str, Any]) -> Iterator[str]:
    """A minimal stand-in for InkPass's JWKS endpoint, so Den verifies real signed tokens."""
    import uvicorn
    from starlette.applications import Starlette
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    async def jwks(_: Any) -> JSONResponse:
        return JSONResponse({"keys": [public_jwk]})

    app = Starlette(routes=[Route("/.well-known/jwks.json", jwks)])
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


async def prepare_database(admin_url: str) -> str:
    from sqlalchemy.ext.asyncio import create_async_engine

    from den.all_models import load_models
    from fluxkit.testing import recreate_database

    url = await recreate_database(admin_url, "bench_den")
    engine = create_async_engine(url)
    async with engine.begin() as connection:
        await connection.run_sync(load_models().metadata.create_all)
    await engine.dispose()
    return url


class RssSampler:
    """Peak resident memory of one process, sampled every few milliseconds in a thread."""

    def __init__(self, pid: int, interval: float = 0.005) -> None:
        self.process = psutil.Process(pid)
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def rss(self) -> int:
        return int(self.process.memory_info().rss)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.rss())
            time.sleep(self.interval)

    def __enter__(self) -> RssSampler:
        self.peak = self.rss()
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.rss())


def multipart_body(size: int, boundary: str) -> tuple[int, Any, str]:
    """(content length, async body, sha256) of a ``size``-byte file part, generated lazily."""
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench.bin"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    digest = hashlib.sha256()
    remaining = size
    while remaining:
        piece = BLOCK[: min(len(BLOCK), remaining)]
        digest.update(piece)
        remaining -= len(piece)

    async def body() -> AsyncIterator[bytes]:
        yield head
        left = size
        while left:
            piece = BLOCK[: min(len(BLOCK), left)]
            left -= len(piece)
            yield piece
        yield tail

    return len(head) + size + len(tail), body, digest.hexdigest()


async def exercise(base_url: str, token: str, pid: int, size: int) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"}
    sampler_probe = psutil.Process(pid)
    async with httpx.AsyncClient(base_url=base_url, timeout=300) as client:
        # Warm up imports, pools and caches, then take the idle baseline.
        warm = await client.post("/api/v1/files", headers=headers, files={"file": ("w.txt", b"w")})
        warm.raise_for_status()
        await client.get(warm.json()["download_url"], headers=headers)
        await asyncio.sleep(0.5)
        idle = int(sampler_probe.memory_info().rss)

        boundary = uuid.uuid4().hex
        length, body, sha256 = multipart_body(size, boundary)
        with RssSampler(pid) as upload_memory:
            started = time.perf_counter()
            response = await client.post(
                "/api/v1/files",
                headers={
                    **headers,
                    "Content-Type": f"multipart/form-data; boundary={boundary}",
                    "Content-Length": str(length),
                },
                content=body(),
            )
            upload_seconds = time.perf_counter() - started
        response.raise_for_status()
        file = response.json()
        if file["sha256"] != sha256 or file["size_bytes"] != size:
            raise RuntimeError("the stored file does not match what was sent")

        digest = hashlib.sha256()
        received = 0
        with RssSampler(pid) as download_memory:
            started = time.perf_counter()
            async with client.stream("GET", file["download_url"], headers=headers) as download:
                download.raise_for_status()
                async for chunk in download.aiter_raw():
                    digest.update(chunk)
                    received += len(chunk)
            download_seconds = time.perf_counter() - started
        if received != size or digest.hexdigest() != sha256:
            raise RuntimeError("the downloaded bytes do not match the upload")

    peak_above_idle = max(upload_memory.peak, download_memory.peak) - idle
    return {
        "upload_seconds": round(upload_seconds, 3),
        "upload_mb_per_s": round(size / MB / upload_seconds, 1),
        "download_seconds": round(download_seconds, 3),
        "download_mb_per_s": round(size / MB / download_seconds, 1),
        "idle_rss_mb": round(idle / MB, 1),
        "upload_peak_above_idle_mb": round((upload_memory.peak - idle) / MB, 1),
        "download_peak_above_idle_mb": round((download_memory.peak - idle) / MB, 1),
        "peak_above_idle_mb": round(peak_above_idle / MB, 1),
        "within_goal": peak_above_idle < GOAL_ABOVE_IDLE_MB * MB,
    }


def run_backend(
    backend: str, database_url: str, redis_url: str, size: int, s3_url: str | None
) -> dict[str, Any]:
    from fluxkit.auth.keys import SigningKey
    from fluxkit.auth.tokens import access_claims, sign_token

    key = SigningKey.generate("EdDSA")
    organization = uuid.uuid4()
    token = sign_token(
        access_claims(
            issuer="fluxos-inkpass",
            audience="fluxos",
            user_id=uuid.uuid4(),
            organization_id=organization,
            roles=["owner"],
            session_id=uuid.uuid4(),
            lifetime=timedelta(hours=1),
        ),
        key,
    )
    storage_dir = Path(tempfile.mkdtemp(prefix="den-bench-storage-"))
    port = free_port()
    with jwks_server(key.public_jwk()) as inkpass_url:
        env = {
            **os.environ,
            "DEN_ENVIRONMENT": "development",
            "DEN_DATABASE_URL": database_url,
            "DEN_REDIS_URL": redis_url,
            "DEN_INKPASS_URL": inkpass_url,
            "DEN_STORAGE_DIR": str(storage_dir),
            "DEN_LOG_LEVEL": "WARNING",
            "DEN_STORAGE_BACKEND": backend,
        }
        if backend == "s3":
            env |= {
                "DEN_S3_ENDPOINT_URL": s3_url or "",
                "DEN_S3_BUCKET": "den-bench",
                "DEN_S3_ACCESS_KEY_ID": "S3RVER",
                "DEN_S3_SECRET_ACCESS_KEY": "S3RVER",
                "DEN_S3_CREATE_BUCKET": "true",
            }
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "den.app:create_app",
                "--factory",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--log-level",
                "warning",
                "--no-access-log",
            ],
            env=env,
            cwd=ROOT,
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            wait_for(lambda: httpx.get(f"{base_url}/healthz", timeout=1).raise_for_status(), "Den")
            result = asyncio.run(exercise(base_url, token, server.pid, size))
        finally:
            server.terminate()
            server.wait(timeout=20)
            shutil.rmtree(storage_dir, ignore_errors=True)
    return {"backend": backend, **result}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["local", "s3", "all"], default="all")
    parser.add_argument("--size-mb", type=int, default=100)
    arguments = parser.parse_args()
    size = arguments.size_mb * MB
    backends = ["local", "s3"] if arguments.backend == "all" else [arguments.backend]
    results: list[dict[str, Any]] = []
    with platform_servers() as (admin_url, redis_url):
        database_url = asyncio.run(prepare_database(admin_url))
        with contextlib.ExitStack() as stack:
            s3_url = stack.enter_context(s3rver()) if "s3" in backends else None
            for backend in backends:
                result = run_backend(backend, database_url, redis_url, size, s3_url)
                print(f"{backend}: {result}", file=sys.stderr)
                results.append(result)
    print(
        json.dumps(
            {
                "benchmark": "den",
                "file_mb": arguments.size_mb,
                "goal_peak_above_idle_mb": GOAL_ABOVE_IDLE_MB,
                "within_goal": all(result["within_goal"] for result in results),
                "results": results,
            }
        )
    )


if __name__ == "__main__":
    main()

"""Mimic throughput: notifications accepted per second by the API, and delivered per second to an
SMTP sink by one Celery worker.

Real Postgres and Valkey (FLUXOS_TEST_* env, else embedded). The API runs in its own process
(uvicorn) and is driven over HTTP by concurrent clients while no worker runs, so acceptance is
measured alone; then one worker process (thread pool) drains the queue into a local SMTP server
(the dev mail catcher) and the delivery rate is timed from the first to the last email caught.
Prints one JSON object on its last line.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

from _stack import servers

# Run as a script, this file's folder leads sys.path and its name would shadow the mimic package.
BENCH_DIR = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != BENCH_DIR]

NOTIFICATIONS = int(os.environ.get("BENCH_NOTIFICATIONS", "2000"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "32"))
WORKER_THREADS = int(os.environ.get("BENCH_WORKER_THREADS", "8"))
REDIS_INDEX = 13
PUBLIC_KEY_ENV = "BENCH_MIMIC_PUBLIC_KEY_PEM"


def serve_api(port: int) -> None:
    """Child process: the Mimic app on ``port``, verifying the bench's signed tokens."""
    import uvicorn
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    from fluxkit.auth import Authenticator
    from fluxkit.auth.api_keys import CachingApiKeyVerifier
    from fluxkit.auth.keys import VerificationKey
    from fluxkit.auth.tokens import JwtVerifier, StaticKeySource
    from mimic.app import create_app

    async def no_api_keys(_: str) -> None:
        return None

    public = load_pem_public_key(os.environ[PUBLIC_KEY_ENV].encode())
    key = VerificationKey(kid="bench", algorithm="EdDSA", key=public)  # type: ignore[arg-type]
    authenticator = Authenticator(
        JwtVerifier(StaticKeySource([key]), issuer="fluxos-inkpass", audience="fluxos"),
        CachingApiKeyVerifier(no_api_keys, None),
    )
    app = create_app(authenticator=authenticator)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def _environment(database_url: str, redis_url: str, sink_port: int) -> dict[str, str]:
    return {
        **os.environ,
        "MIMIC_ENVIRONMENT": "test",
        "MIMIC_DATABASE_URL": database_url,
        "MIMIC_REDIS_URL": redis_url,
        "MIMIC_KEYRING": "bench:" + "A" * 43,
        "MIMIC_LOG_JSON": "false",
        "MIMIC_LOG_LEVEL": "WARNING",
        "MIMIC_SMTP_HOST": "127.0.0.1",
        "MIMIC_SMTP_PORT": str(sink_port),
        "MIMIC_DEVMAIL_ENABLED": "false",
        "MIMIC_ORGANIZATION_RATE_LIMIT": str(NOTIFICATIONS * 10),
        "MIMIC_RECIPIENT_RATE_LIMIT": str(NOTIFICATIONS * 10),
        "MIMIC_DATABASE_POOL_SIZE": "20",
    }


def _spawn(arguments: list[str], environment: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(arguments, env=environment)


async def _wait_healthy(base_url: str, process: subprocess.Popen[bytes]) -> None:
    import httpx

    async with httpx.AsyncClient() as client:
        for _ in range(200):
            if process.poll() is not None:
                raise RuntimeError("the API process exited")
            try:
                if (await client.get(f"{base_url}/readyz")).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError("the API did not become ready")


async def _accept(base_url: str, token: str) -> tuple[float, int]:
    import httpx

    headers = {"Authorization": f"Bearer {token}"}
    queue: asyncio.Queue[int] = asyncio.Queue()
    for index in range(NOTIFICATIONS):
        queue.put_nowait(index)
    accepted = 0
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)

    async def client_loop(client: httpx.AsyncClient) -> None:
        nonlocal accepted
        while not queue.empty():
            index = queue.get_nowait()
            response = await client.post(
                "/api/v1/notifications",
                headers=headers,
                json={
                    "to": [f"reader{index}@example.com"],
                    "subject": f"Bench message {index}",
                    "text": "A short notification body.",
                    "html": "<p>A short <b>notification</b> body.</p>",
                },
            )
            if response.status_code != 202:
                raise RuntimeError(f"unexpected {response.status_code}: {response.text}")
            accepted += 1

    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=30) as client:
        # Warm the connection pool and the app (not counted).
        for index in range(CLIENTS):
            await client.get("/healthz")
            del index
        started = time.perf_counter()
        await asyncio.gather(*(client_loop(client) for _ in range(CLIENTS)))
        elapsed = time.perf_counter() - started
    return elapsed, accepted


async def run(admin_url: str, redis_base: str) -> dict[str, Any]:
    from cryptography.hazmat.primitives import serialization
    from sqlalchemy import func, select
    from sqlalchemy.ext.asyncio import create_async_engine

    from fluxkit.auth.keys import SigningKey
    from fluxkit.auth.tokens import access_claims, sign_token
    from fluxkit.db import create_session_factory
    from fluxkit.redis import create_redis
    from fluxkit.testing import recreate_database
    from mimic.all_models import load_models
    from mimic.devmail.catcher import MailCatcher, free_port
    from mimic.notifications.models import Notification

    database_url = await recreate_database(admin_url, "bench_mimic")
    engine = create_async_engine(database_url)
    async with engine.begin() as connection:
        await connection.run_sync(load_models().metadata.create_all)
    redis_url = f"{redis_base}/{REDIS_INDEX}"
    redis = create_redis(redis_url)
    await redis.flushdb()

    sink = MailCatcher("127.0.0.1", free_port(), max_messages=NOTIFICATIONS + 10)
    sink.start()
    key = SigningKey.generate("EdDSA", kid="bench")
    public_pem = key.verification_key().key.public_bytes(  # type: ignore[union-attr]
        encoding=serialization.Encoding.PEM,
        format=serialization.PublicFormat.SubjectPublicKeyInfo,
    )
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
    environment = _environment(database_url, redis_url, sink.port)
    environment[PUBLIC_KEY_ENV] = public_pem.decode()
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    api = await asyncio.to_thread(
        _spawn, [sys.executable, __file__, "serve-api", str(port)], environment
    )
    worker: subprocess.Popen[bytes] | None = None
    try:
        await _wait_healthy(base_url, api)
        accept_seconds, accepted = await _accept(base_url, token)
        queued = int(await redis.llen("mimic.deliveries"))

        worker = await asyncio.to_thread(
            _spawn,
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "mimic.worker",
                "worker",
                "-Q",
                "mimic.deliveries",
                "-P",
                "threads",
                "-c",
                str(WORKER_THREADS),
                "--without-mingle",
                "--without-gossip",
                "--without-heartbeat",
                "-l",
                "WARNING",
            ],
            environment,
        )
        started = time.perf_counter()
        first_at: float | None = None
        while sink.received < accepted:
            if sink.received and first_at is None:
                first_at = time.perf_counter()
            if worker.poll() is not None:
                raise RuntimeError("the worker exited")
            if time.perf_counter() - started > 600:
                raise RuntimeError(f"only {sink.received} of {accepted} emails arrived")
            await asyncio.to_thread(sink.wait_for_count, sink.received + 1, 1.0)
        finished = time.perf_counter()
        first_at = first_at or started
        sessions = create_session_factory(engine)
        async with sessions() as session:
            sent = await session.scalar(
                select(func.count()).select_from(Notification).where(Notification.status == "sent")
            )
        # The last status commits trail the last email by a moment.
        deadline = time.perf_counter() + 30
        while (sent or 0) < accepted and time.perf_counter() < deadline:
            await asyncio.sleep(0.2)
            async with sessions() as session:
                sent = await session.scalar(
                    select(func.count())
                    .select_from(Notification)
                    .where(Notification.status == "sent")
                )
    finally:
        for process in (worker, api):
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
        sink.stop()
        await redis.aclose()
        await engine.dispose()

    delivery_seconds = finished - first_at
    return {
        "benchmark": "mimic",
        "notifications": NOTIFICATIONS,
        "api_clients": CLIENTS,
        "accepted": accepted,
        "queued_messages": queued,
        "accepted_per_second": round(accepted / accept_seconds, 1),
        "accept_seconds": round(accept_seconds, 3),
        "worker": f"1 process, threads pool, concurrency {WORKER_THREADS}",
        "delivered_to_sink": sink.received,
        "delivered_per_second": round((sink.received - 1) / delivery_seconds, 1)
        if delivery_seconds > 0
        else None,
        "delivery_seconds": round(delivery_seconds, 3),
        "drain_seconds_including_worker_start": round(finished - started, 3),
        "marked_sent": sent,
        "cores": os.cpu_count(),
    }


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "serve-api":
        serve_api(int(sys.argv[2]))
        return
    with servers() as (admin_url, redis_url):
        base = redis_url.rsplit("/", 1)[0] if redis_url.count("/") > 2 else redis_url
        result = asyncio.run(run(admin_url, base))
    print(json.dumps(result))


if __name__ == "__main__":
    main()

"""Inbox fan-out: 2,000 concurrent SSE clients on one Tentacle API process.

Real Postgres and Valkey (FLUXOS_TEST_* env, else embedded). The Tentacle app runs under uvicorn
in its own process (its lifespan runs the event relay and the inbox hub), verifying the bench's
signed tokens. The clients are plain HTTP connections to ``GET /api/v1/inbox/events`` spread over
``BENCH_USERS`` users. Each round, this process commits one inbox event per user (each in its own
transaction, through the outbox, like any state change) and every client notes when its event
arrived. Measured:

* per delivery: time from the event's commit returning to its arrival at a client (median, p99);
* per event: time until the last of its user's clients had it;
* the API process's memory per open connection (RSS growth while the clients connect, divided by
  their number).

Goal: p99 < 100 ms. Prints one JSON object on its last line.
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

from _stack import servers, summary_ms

BENCH_DIR = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != BENCH_DIR]

CLIENTS = int(os.environ.get("BENCH_CLIENTS", "2000"))
USERS = int(os.environ.get("BENCH_USERS", "100"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "20"))
WARMUP_ROUNDS = 3
REDIS_INDEX = 11
PUBLIC_KEY_ENV = "BENCH_TENTACLE_PUBLIC_KEY_PEM"
ISSUER = "fluxos-inkpass"
AUDIENCE = "fluxos"


def serve_api(port: int) -> None:
    """Child process: the Tentacle app on ``port``, verifying the bench's signed tokens."""
    import uvicorn
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    from fluxkit.auth import Authenticator
    from fluxkit.auth.api_keys import CachingApiKeyVerifier
    from fluxkit.auth.keys import VerificationKey
    from fluxkit.auth.tokens import JwtVerifier, StaticKeySource
    from tentacle.app import create_app

    async def no_api_keys(_: str) -> None:
        return None

    public = load_pem_public_key(os.environ[PUBLIC_KEY_ENV].encode())
    key = VerificationKey(kid="bench", algorithm="EdDSA", key=public)  # type: ignore[arg-type]
    authenticator = Authenticator(
        JwtVerifier(StaticKeySource([key]), issuer=ISSUER, audience=AUDIENCE),
        CachingApiKeyVerifier(no_api_keys, None),
    )
    app = create_app(authenticator=authenticator)
    profile_to = os.environ.get("BENCH_PROFILE")
    profiler = None
    if profile_to:
        import cProfile
        import signal

        profiler = cProfile.Profile(time.process_time)

        def dump(*_: object) -> None:
            profiler.disable()
            profiler.dump_stats(profile_to)
            os._exit(0)

        # uvicorn restores this handler after its graceful shutdown and re-raises the signal.
        signal.signal(signal.SIGTERM, dump)
        profiler.enable()
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        access_log=False,
        backlog=4096,
        timeout_keep_alive=600,
    )


def _environment(database_url: str, redis_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "TENTACLE_ENVIRONMENT": "test",
        "TENTACLE_DATABASE_URL": database_url,
        "TENTACLE_REDIS_URL": redis_url,
        "TENTACLE_KEYRING": "bench:" + "A" * 43,
        "TENTACLE_SERVICE_TOKEN": "flxs_tentacle-bench-service-token",
        "TENTACLE_INKPASS_URL": "http://127.0.0.1:9",
        "TENTACLE_LOG_JSON": "false",
        "TENTACLE_LOG_LEVEL": "WARNING",
    }


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process used so far."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


async def _wait_healthy(base_url: str, process: subprocess.Popen[bytes]) -> None:
    import httpx

    async with httpx.AsyncClient() as client:
        for _ in range(600):
            if process.poll() is not None:
                raise RuntimeError("the API process exited")
            try:
                if (await client.get(f"{base_url}/readyz")).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError("the API did not become ready")


class Client:
    """One SSE connection over a raw socket (HTTP/1.0: the body is the event stream itself)."""

    def __init__(self, user: int, token: str) -> None:
        self.user = user
        self.token = token
        self.arrivals: dict[int, int] = {}
        """bench event number -> perf_counter_ns at arrival."""
        self.ready = asyncio.Event()
        self.task: asyncio.Task[None] | None = None

    async def run(self, port: int) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=1 << 20)
        writer.write(
            (
                "GET /api/v1/inbox/events HTTP/1.0\r\n"
                f"Host: 127.0.0.1:{port}\r\n"
                f"Authorization: Bearer {self.token}\r\n"
                "Accept: text/event-stream\r\n\r\n"
            ).encode()
        )
        await writer.drain()
        status = await reader.readline()
        if b" 200 " not in status:
            raise RuntimeError(f"stream refused: {status!r}")
        try:
            while True:
                line = await reader.readline()
                if not line:
                    return
                if line.startswith(b"event: ready"):
                    self.ready.set()
                elif line.startswith(b"data: "):
                    arrived = time.perf_counter_ns()
                    message = json.loads(line[6:])
                    number = message.get("payload", {}).get("bench")
                    if number is not None:
                        self.arrivals[int(number)] = arrived
        finally:
            writer.close()


async def _connect(clients: list[Client], port: int) -> None:
    for start in range(0, len(clients), 100):
        batch = clients[start : start + 100]
        for client in batch:
            client.task = asyncio.create_task(client.run(port))
        await asyncio.wait_for(asyncio.gather(*(c.ready.wait() for c in batch)), 60)


async def _round(
    factory: Any, users: list[tuple[uuid.UUID, uuid.UUID, uuid.UUID]], first_number: int
) -> dict[int, int]:
    """Commit one event per user; returns event number -> perf_counter_ns at commit."""
    from fluxkit.db import unit_of_work
    from tentacle.events.outbox import emit

    committed: dict[int, int] = {}
    for offset, (organization_id, user_id, conversation_id) in enumerate(users):
        number = first_number + offset
        async with unit_of_work(factory) as session:
            await emit(
                session,
                "message.created",
                organization_id=organization_id,
                user_id=user_id,
                conversation_id=conversation_id,
                payload={
                    "bench": number,
                    "message": {"role": "assistant", "content": "x" * 300, "position": number},
                },
            )
        committed[number] = time.perf_counter_ns()
    return committed


class RedisProbe:
    """A pattern subscriber beside the clients: when each event left the relay (commit → Redis),
    to tell the relay's share of the latency from the fan-out's."""

    def __init__(self, redis_url: str) -> None:
        self.redis_url = redis_url
        self.arrivals: dict[int, int] = {}
        self.task: asyncio.Task[None] | None = None
        self.subscribed = asyncio.Event()

    async def run(self) -> None:
        from fluxkit.redis import create_redis
        from tentacle.events.relay import user_channel

        redis = create_redis(self.redis_url)
        pubsub = redis.pubsub()
        await pubsub.psubscribe(user_channel(redis, "*"))
        try:
            while True:
                received = await pubsub.get_message(timeout=1.0)
                if received is None:
                    continue
                if received["type"] == "psubscribe":
                    self.subscribed.set()
                    continue
                arrived = time.perf_counter_ns()
                number = json.loads(received["data"]).get("payload", {}).get("bench")
                if number is not None:
                    self.arrivals[int(number)] = arrived
        finally:
            await pubsub.aclose()  # type: ignore[no-untyped-call]
            await redis.aclose()


async def run(admin_url: str, redis_base: str) -> dict[str, Any]:
    import anyio
    from cryptography.hazmat.primitives import serialization

    from fluxkit import migrations
    from fluxkit.auth.keys import SigningKey
    from fluxkit.auth.tokens import access_claims, sign_token
    from fluxkit.db import create_engine, create_session_factory
    from fluxkit.redis import create_redis
    from fluxkit.testing import recreate_database
    from tentacle.manifest import MANIFEST

    database_url = await recreate_database(admin_url, "bench_inbox")
    await anyio.to_thread.run_sync(migrations.upgrade, MANIFEST.migrations, database_url)
    redis_url = f"{redis_base}/{REDIS_INDEX}"
    redis = create_redis(redis_url)
    await redis.flushdb()
    await redis.aclose()

    key = SigningKey.generate("EdDSA", kid="bench")
    public_pem = key.verification_key().key.public_bytes(  # type: ignore[union-attr]
        encoding=serialization.Encoding.PEM,
        format=serialization.PublicFormat.SubjectPublicKeyInfo,
    )
    organization = uuid.uuid4()
    users = [(organization, uuid.uuid4(), uuid.uuid4()) for _ in range(USERS)]
    tokens = [
        sign_token(
            access_claims(
                issuer=ISSUER,
                audience=AUDIENCE,
                user_id=user_id,
                organization_id=organization,
                roles=["member"],
                session_id=uuid.uuid4(),
                lifetime=timedelta(hours=2),
            ),
            key,
        )
        for _, user_id, _ in users
    ]

    environment = _environment(database_url, redis_url)
    environment[PUBLIC_KEY_ENV] = public_pem.decode()
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    api = await asyncio.to_thread(
        subprocess.Popen, [sys.executable, __file__, "serve-api", str(port)], env=environment
    )
    engine = create_engine(database_url, pool_size=4)
    factory = create_session_factory(engine)
    clients = [Client(index % USERS, tokens[index % USERS]) for index in range(CLIENTS)]
    probe: RedisProbe | None = None
    try:
        await _wait_healthy(base_url, api)
        # Warm the app (imports, pools) with a few connections before measuring memory.
        warm = [Client(0, tokens[0]) for _ in range(20)]
        await _connect(warm, port)
        await asyncio.sleep(1.0)
        rss_before = rss_kib(api.pid)
        connect_started = time.perf_counter()
        await _connect(clients, port)
        connect_seconds = time.perf_counter() - connect_started
        await asyncio.sleep(2.0)
        rss_after = rss_kib(api.pid)

        probe = RedisProbe(redis_url)
        probe.task = asyncio.create_task(probe.run())
        await asyncio.wait_for(probe.subscribed.wait(), 10)
        relayed: list[int] = []
        deliveries: list[int] = []
        load_before = os.getloadavg()[0]
        cpu_before = 0.0
        fan_out: list[int] = []
        number = 0
        by_user: dict[int, list[Client]] = {}
        for client in clients:
            by_user.setdefault(client.user, []).append(client)
        for round_index in range(WARMUP_ROUNDS + ROUNDS):
            if round_index == WARMUP_ROUNDS:
                cpu_before = cpu_seconds(api.pid)
            committed = await _round(factory, users, number)
            deadline = time.monotonic() + 30
            for offset in range(USERS):
                event = number + offset
                while event not in probe.arrivals or not all(
                    event in c.arrivals for c in by_user[offset]
                ):
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"event {event} did not reach every client")
                    await asyncio.sleep(0.005)
            if round_index >= WARMUP_ROUNDS:
                for offset in range(USERS):
                    event = number + offset
                    arrivals = [c.arrivals[event] - committed[event] for c in by_user[offset]]
                    deliveries.extend(arrivals)
                    relayed.append(probe.arrivals[event] - committed[event])
                    fan_out.append(max(arrivals))
            number += USERS
            await asyncio.sleep(0.2)
        api_cpu = cpu_seconds(api.pid) - cpu_before
        load_after = os.getloadavg()[0]
        failed = [c for c in clients if c.task is not None and c.task.done()]
    finally:
        for client in clients:
            if client.task is not None:
                client.task.cancel()
        if probe is not None and probe.task is not None:
            probe.task.cancel()
        # Let the server see the streams close before it shuts down.
        await asyncio.gather(
            *(c.task for c in clients if c.task is not None), return_exceptions=True
        )
        await asyncio.sleep(1.0)
        api.terminate()
        try:
            api.wait(timeout=60)
        except subprocess.TimeoutExpired:
            api.kill()
        await engine.dispose()

    per_delivery = summary_ms(deliveries)
    return {
        "benchmark": "tentacle.inbox",
        "clients": CLIENTS,
        "users": USERS,
        "clients_per_user": CLIENTS // USERS,
        "rounds": ROUNDS,
        "events": ROUNDS * USERS,
        "connect_seconds": round(connect_seconds, 3),
        "dropped_connections": len(failed),
        "commit_to_client": per_delivery,
        "commit_to_last_client_of_event": summary_ms(fan_out),
        "commit_to_redis": summary_ms(relayed),
        "api_cpu_us_per_delivery": round(api_cpu / len(deliveries) * 1e6, 1),
        "machine_load_average": [round(load_before, 2), round(load_after, 2)],
        "cpu_cores": os.cpu_count(),
        "memory_per_connection_kib": round((rss_after - rss_before) / CLIENTS, 2),
        "api_rss_mib": round(rss_after / 1024, 1),
        "goals": {"p99_under_100ms": per_delivery["p99_ms"] < 100},
    }


async def main() -> dict[str, Any]:
    with servers() as (admin_url, redis_base):
        return await run(admin_url, redis_base)


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "serve-api":
        serve_api(int(sys.argv[2]))
    else:
        try:
            import uvloop

            uvloop.install()
        except ImportError:
            pass
        print(json.dumps(asyncio.run(main())))
